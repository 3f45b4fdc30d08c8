"""Lean 4 text to untyped `Expr` trees, with a real grammar (lark, LALR).

Nothing here evaluates text: the grammar in `lean.lark` tokenizes and parses, and the
transformer below builds `Expr` nodes. Types come later, in `elaborate`.

>>> parse_term("3 * x - 7 = 11").op
'eq'
>>> parse_theorem("theorem t (x : ℝ) (h : 0 < x) : x ≠ 0").name
't'
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from prover.errors import LeanSyntaxError, UnsupportedSyntax
from prover.syntax.ast import Expr

GRAMMAR = Path(__file__).with_name("lean.lark")

# The longest numeral read: longer ones are refused with their position (no statement of
# competition mathematics comes near). Python's own int/str limit is raised to match.
MAX_NUMERAL_DIGITS = 10_000
if hasattr(sys, "get_int_max_str_digits") and 0 < sys.get_int_max_str_digits() < MAX_NUMERAL_DIGITS + 1:
    sys.set_int_max_str_digits(MAX_NUMERAL_DIGITS + 1)

_REL = {"=": "eq", "≠": "ne", "!=": "ne", "<": "lt", "≤": "le", "<=": "le", ">": "gt",
        "≥": "ge", ">=": "ge", "∣": "dvd", "⊆": "subset", "⊂": "ssubset"}
_BINOP = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "•": "smul",
          "∪": "union", "∩": "inter", "\\": "sdiff"}
_TYPES = {"ℝ": "ℝ", "Real": "ℝ", "ℚ": "ℚ", "Rat": "ℚ", "ℤ": "ℤ", "Int": "ℤ", "ℕ": "ℕ",
          "Nat": "ℕ", "ℂ": "ℂ", "Complex": "ℂ", "NNReal": "NNReal", "ℝ≥0": "NNReal", "Prop": "Prop"}


@dataclass(frozen=True)
class Binder:
    """A theorem binder `(names : type)`: variables when `type` is a type, hypotheses
    when it is a proposition (decided by the elaborator)."""
    names: tuple[str, ...]
    type: Expr
    pos: tuple[int, int] | None = None


@dataclass(frozen=True)
class RawTheorem:
    name: str
    binders: tuple[Binder, ...]
    goal: Expr


@lru_cache(maxsize=1)
def _parser() -> Lark:
    options = dict(parser="lalr", propagate_positions=True, maybe_placeholders=False)
    cache = _grammar_cache()
    if cache is None:
        return Lark.open(str(GRAMMAR), **options)
    if cache.exists():
        return Lark.open(str(GRAMMAR), cache=str(cache), **options)
    # Built once per grammar (1 s of LALR tables), then read back (20 ms): written under a
    # private name and renamed, so a process starting meanwhile never reads half a file.
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    parser = Lark.open(str(GRAMMAR), cache=str(tmp), **options)
    try:
        os.replace(tmp, cache)
    except OSError:
        pass
    return parser


def _grammar_cache() -> Path | None:
    """The parse tables' cache file for this grammar, lark and Python (in the user's cache
    folder, never a shared one: lark reads it back with pickle), or None when there is none."""
    import hashlib
    import lark
    key = hashlib.sha256(GRAMMAR.read_bytes() + f"{lark.__version__} {sys.version_info[:2]}".encode()).hexdigest()[:20]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "prover"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"lean-grammar-{key}.lark"


def _pos(meta) -> tuple[int, int] | None:
    return (meta.line, meta.column) if getattr(meta, "line", None) is not None else None


def _nested_binder(kind: str, names, ty, bound, body: Expr, pos) -> Expr:
    """Desugar `∀ x y > 0, P` to `∀ x, x > 0 → ∀ y, y > 0 → P` (and `∃` with `∧`)."""
    for n in reversed(names):
        inner = body
        if bound is not None:
            rel, rhs = bound
            guard = Expr(rel, (Expr("var", value=n, pos=pos), rhs), pos=pos)
            inner = Expr("imp" if kind == "forall" else "and", (guard, body), pos=pos)
        body = Expr(kind, (inner,), value=(n, ty), pos=pos)
    return body


@v_args(meta=True)
class _ToExpr(Transformer):
    """Parse tree to untyped `Expr`; unsupported notations raise with their position."""

    def start(self, meta, c):
        return c[0]

    def theorem(self, meta, c):
        name = str(c[0])
        rest = [x for x in c[1:] if not (isinstance(x, Token) and x.type == "ASSIGN")]
        binders = tuple(b for b in rest[:-1] if b is not None)
        return RawTheorem(name, binders, rest[-1])

    def explicit_binder(self, meta, c):
        return Binder(tuple(c[0]), c[1], _pos(meta))

    implicit_binder = explicit_binder

    def untyped_binder(self, meta, c):
        # `theorem t x y : P`: a binder whose type Lean infers by unification.
        return Binder((str(c[0]),), Expr("hole", pos=_pos(meta)), _pos(meta))

    def ite(self, meta, c):
        return Expr("ite", (c[1], c[3], c[5]), pos=_pos(meta))

    def instance_binder(self, meta, c):
        return Binder(("_inst",), c[0], _pos(meta))

    def binder_names(self, meta, c):
        return [str(t) for t in c]

    # binder notations -------------------------------------------------------------
    def qb_plain(self, meta, c):
        return ([str(t) for t in c], None, None)

    def qb_typed(self, meta, c):
        return ([str(t) for t in c[:-1]], c[-1], None)

    def qb_bounded(self, meta, c):
        names = [str(t) for t in c[:-2]]
        rel = "mem" if c[-2] == "∈" else _REL[str(c[-2])]
        return (names, None, (rel, c[-1]))

    def qb_parens(self, meta, c):
        return ("parens", c)

    def paren_binder(self, meta, c):
        names = [str(t) for t in c if isinstance(t, Token)]
        ty = next((x for x in c if isinstance(x, Expr)), None)
        return (names, ty)

    def _quantifier(self, kind, meta, c):
        qb, body = c[1], c[2]
        pos = _pos(meta)
        if qb[0] == "parens":
            # `∀ (y) (_ : y ≠ 0), P`: an anonymous binder whose type is a proposition is a hypothesis.
            for names, ty in reversed(qb[1]):
                if names == ["_"] and ty is not None:
                    body = Expr("imp" if kind == "forall" else "and", (ty, body), pos=pos)
                else:
                    body = _nested_binder(kind, names, ty, None, body, pos)
            return body
        names, ty, bound = qb
        return _nested_binder(kind, names, ty, bound, body, pos)

    def forall_(self, meta, c):
        return self._quantifier("forall", meta, c)

    def exists_(self, meta, c):
        return self._quantifier("exists", meta, c)

    def exists_unique(self, meta, c):
        return self._quantifier("exists_unique", meta, c)

    def fun_binders(self, meta, c):
        names = [str(t) for t in c if isinstance(t, Token)]
        ty = next((x for x in c if isinstance(x, Expr)), None)
        return (names, ty)

    def lambda_(self, meta, c):
        names, ty = c[1]
        body = c[3]
        for n in reversed(names):
            body = Expr("lambda", (body,), value=(n, ty), pos=_pos(meta))
        return body

    def big_sum(self, meta, c):
        return Expr("sum", (c[3], c[4]), value=(str(c[1]), None), pos=_pos(meta))

    def big_prod(self, meta, c):
        return Expr("prod", (c[3], c[4]), value=(str(c[1]), None), pos=_pos(meta))

    def compose(self, meta, c):
        return Expr("compose", (c[0], c[2]), pos=_pos(meta))

    def big_binder(self, meta, c):
        return (str(c[0]), c[1] if len(c) > 1 else None)

    def _big_typed(op):
        def rule(self, meta, c):
            # `∑ i : T, f` is `Finset.sum Finset.univ (fun i : T => f)`; `∑' i, f` is
            # `tsum (fun i => f)`. The binder stays a binder (a `fun`), so no raw
            # substitution can capture it.
            (name, ty), body = c[1], c[2]
            lam = Expr("lambda", (body,), value=(name, ty), pos=_pos(meta))
            return Expr("app", (lam,), value=op, pos=_pos(meta))
        return rule

    big_sum_type = _big_typed("∑")
    big_prod_type = _big_typed("∏")
    big_tsum = _big_typed("∑'")
    big_tprod = _big_typed("∏'")

    # connectives ---------------------------------------------------------------------
    def _binary(op):
        def rule(self, meta, c):
            return Expr(op, (c[0], c[2]), pos=_pos(meta))
        return rule

    iff = _binary("iff")
    imp = _binary("imp")
    or_ = _binary("or")
    and_ = _binary("and")
    member = _binary("mem")
    not_member = _binary("not_mem")

    def not_(self, meta, c):
        return Expr("not", (c[1],), pos=_pos(meta))

    def rel(self, meta, c):
        return Expr(_REL[str(c[1])], (c[0], c[2]), pos=_pos(meta))

    def modeq(self, meta, c):
        # `a ≡ b [MOD n]` is `Nat.ModEq n a b` and `a ≡ b [ZMOD n]` is `Int.ModEq n a b`, by
        # definition `a % n = b % n`. Each of n, a, b is an explicit argument of type ℕ (ℤ) and
        # elaborates on its own at that type (casts at its leaves): `3 - 5 ≡ 0 [ZMOD 4]` is
        # `(3 - 5 : ℤ) % 4 = 0 % 4`, false, while `3 - 5 ≡ 0 [MOD 4]` truncates.
        a, b, n = c[0], c[2], c[4]
        p = _pos(meta)
        ty = Expr("type", value="ℤ" if str(c[3]).startswith("[Z") else "ℕ", pos=p)
        a, b, n = (Expr("ascribe", (x, ty), pos=x.pos or p) for x in (a, b, n))
        return Expr("eq", (Expr("mod", (a, n), pos=p), Expr("mod", (b, n), pos=p)), pos=p)

    def binop(self, meta, c):
        return Expr(_BINOP[str(c[1])], (c[0], c[2]), pos=_pos(meta))

    def pow(self, meta, c):
        return Expr("pow", (c[0], c[2]), pos=_pos(meta))

    def neg(self, meta, c):
        return Expr("neg", (c[0],), pos=_pos(meta))

    def app(self, meta, c):
        head, arg = c
        if head.op == "app":
            return head.with_args(*head.args, arg)
        if head.op in ("var", "type"):
            return Expr("app", (arg,), value=head.value, pos=head.pos)
        return Expr("app_expr", (head, arg), pos=_pos(meta))

    def factorial(self, meta, c):
        return Expr("app", (c[0],), value="Nat.factorial", pos=_pos(meta))

    def coe(self, meta, c):
        return Expr("coe", (c[-1],), pos=_pos(meta))

    def inv(self, meta, c):
        return Expr("inv", (c[0],), pos=_pos(meta))

    def proj(self, meta, c):
        return Expr("proj", (c[0],), value=str(c[-1])[1:], pos=_pos(meta))

    def sqrt_sign(self, meta, c):
        return Expr("app", (c[1],), value="Real.sqrt", pos=_pos(meta))

    # atoms -----------------------------------------------------------------------------
    def number(self, meta, c):
        return Expr("num", value=int(_numeral(meta, str(c[0]))), pos=_pos(meta))

    def decimal(self, meta, c):
        return Expr("num", value=Fraction(_numeral(meta, str(c[0]))), pos=_pos(meta))

    def name(self, meta, c):
        return Expr("var", value=str(c[0]), pos=_pos(meta))

    def type_const(self, meta, c):
        return Expr("type", value=_TYPES.get(str(c[0]), str(c[0])), pos=_pos(meta))

    def pi(self, meta, c):
        return Expr("pi", pos=_pos(meta))

    def ascription(self, meta, c):
        return Expr("ascribe", (c[0], c[1]), pos=_pos(meta))

    def abs_bars(self, meta, c):
        # Notation for the global `abs`, whatever local is named `abs`: "|" aliases it.
        return Expr("app", (c[0],), value="|", pos=_pos(meta))

    def norm_bars(self, meta, c):
        return Expr("app", (c[0],), value="‖", pos=_pos(meta))

    def floor_brackets(self, meta, c):
        return Expr("app", (c[0],), value="Int.floor", pos=_pos(meta))

    def ceil_brackets(self, meta, c):
        return Expr("app", (c[0],), value="Int.ceil", pos=_pos(meta))

    def nat_floor_brackets(self, meta, c):
        return Expr("app", (c[0],), value="Nat.floor", pos=_pos(meta))

    def set_literal(self, meta, c):
        return Expr("set_literal", tuple(c), pos=_pos(meta))

    def list_literal(self, meta, c):
        return Expr("list_literal", tuple(c), pos=_pos(meta))

    def _unsupported(construct):
        def rule(self, meta, c):
            raise UnsupportedSyntax(construct, meta.line, meta.column)
        return rule

    def set_builder(self, meta, c):
        name = str(c[0])
        ty = Expr("type", value=_TYPES[str(c[1])]) if len(c) == 3 else None
        return Expr("setof", (c[-1],), value=(name, ty), pos=_pos(meta))

    def tuple(self, meta, c):
        return Expr("tuple", tuple(c), pos=_pos(meta))

    anon_ctor = _unsupported("anonymous constructor ⟨a, b⟩")
    def image(self, meta, c):
        return Expr("image", (c[0], c[-1]), pos=_pos(meta))

    def preimage(self, meta, c):
        return Expr("preimage", (c[0], c[-1]), pos=_pos(meta))
    def rel_section(self, meta, c):
        return Expr("rel_section", value=_REL[str(c[0])], pos=_pos(meta))


def _numeral(meta, digits: str) -> str:
    """The numeral's text, or a LeanSyntaxError at its position when it is too long.

    >>> parse_term("1" * 10_001 + " = 1")
    Traceback (most recent call last):
    ...
    prover.errors.LeanSyntaxError: line 1, column 1: numeral of 10001 digits: the limit is 10000 digits
    """
    count = sum(ch.isdigit() for ch in digits)
    if count > MAX_NUMERAL_DIGITS:
        raise LeanSyntaxError(f"numeral of {count} digits: the limit is {MAX_NUMERAL_DIGITS} digits",
                              meta.line, meta.column)
    return digits


_KNOWN_NOTATION = {"×": "product type or set product", "ᶜ": "set complement",
                   "'": "a primed name in this position", "∫": "integral",
                   "∂": "derivative", "⨆": "supremum", "⨅": "infimum", "∩": "intersection", "⊤": "top", "⊥": "bottom"}


def _syntax_error(text: str, err: UnexpectedInput) -> LeanSyntaxError:
    line, col = getattr(err, "line", None), getattr(err, "column", None)
    if isinstance(err, UnexpectedEOF):
        lines = text.splitlines() or [""]
        return LeanSyntaxError("unexpected end of input", len(lines), len(lines[-1]) + 1)
    if isinstance(err, UnexpectedToken):
        tok = err.token
        shown = "end of input" if tok.type == "$END" else repr(str(tok))
        return LeanSyntaxError(f"unexpected {shown}", line, col)
    if isinstance(err, UnexpectedCharacters):
        ch = text[err.pos_in_stream]
        if ch in _KNOWN_NOTATION:
            # Lean notation the checker does not model: named, not called a syntax error.
            return UnsupportedSyntax(f"{_KNOWN_NOTATION[ch]} ({ch})", line, col)
        return LeanSyntaxError(f"unexpected character {ch!r}", line, col)
    return LeanSyntaxError(str(err).splitlines()[0], line, col)


MAX_CHARS = 12_000    # a statement's text (room for a numeral at its limit); competition statements are under 2,000
MAX_NESTING = 200     # brackets; Lean's own elaborator stops at `maxRecDepth` (512)


def _check_size(text: str) -> None:
    """Refuse (with a position) what would take the LALR parser more than a fraction of a
    second: overlong numerals and statements, and deep bracket nesting."""
    long_numeral = re.search(r"\d{%d,}" % (MAX_NUMERAL_DIGITS + 1), text)
    if long_numeral:
        start = long_numeral.start()
        count = len(re.match(r"\d*", text[start:]).group())
        raise LeanSyntaxError(f"numeral of {count} digits: the limit is {MAX_NUMERAL_DIGITS} digits",
                              text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))
    if len(text) > MAX_CHARS:
        line = text.count("\n", 0, MAX_CHARS) + 1
        raise UnsupportedSyntax(f"a statement longer than {MAX_CHARS} characters", line,
                                MAX_CHARS - text.rfind("\n", 0, MAX_CHARS))
    depth, line, col = 0, 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif ch in "([{⟨⌊⌈":
            depth += 1
            if depth > MAX_NESTING:
                raise UnsupportedSyntax(f"brackets nested more than {MAX_NESTING} deep", line, col)
        elif ch in ")]}⟩⌋⌉":
            depth -= 1


def _parse(text: str):
    if not text.strip():
        raise LeanSyntaxError("empty input", 1, 1)
    _check_size(text)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise _syntax_error(text, err) from None
    except RecursionError:
        raise LeanSyntaxError("expression nested too deeply", 1, 1) from None
    try:
        return _ToExpr().transform(tree)
    except VisitError as err:
        if isinstance(err.orig_exc, LeanSyntaxError):
            raise err.orig_exc from None
        if isinstance(err.orig_exc, RecursionError):
            raise LeanSyntaxError("expression nested too deeply", 1, 1) from None
        raise
    except RecursionError:
        raise LeanSyntaxError("expression nested too deeply", 1, 1) from None


def parse_theorem(text: str) -> RawTheorem:
    """Parse `theorem name binders : goal :=` or a bare proposition (named `anonymous`)."""
    result = _parse(text)
    if isinstance(result, RawTheorem):
        return result
    return RawTheorem("anonymous", (), result)


def parse_term(text: str) -> Expr:
    """Parse a single term or proposition."""
    result = _parse(text)
    if isinstance(result, RawTheorem):
        raise LeanSyntaxError("expected a term, found a theorem", 1, 1)
    return result




def split_lean_file(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Split a `.lean` file into its header and `(statement text ending in :=, line offset)`
    for each declaration (see `scan_lean_file`); proofs are dropped.

    >>> split_lean_file("import Mathlib\\nexample : 1 = 1 := by sorry\\n")
    ('import Mathlib', [('theorem example_2 : 1 = 1 :=', 1)])
    """
    header, items = scan_lean_file(text)
    return header, [(d.with_context()[0] + " :=", d.with_context()[1] - 1) for d in items if isinstance(d, Declaration)]


# -- whole files: every command accounted for ------------------------------------------------

@dataclass(frozen=True)
class Declaration:
    """A `theorem`/`lemma`/`example` of a file: its statement (as `theorem NAME binders : goal`,
    an `example` named `example_LINE`), its proof text after `:= by` (None when the declaration
    has no tactic proof), and the lines where it and its proof start."""
    kind: str
    name: str
    statement: str
    proof: str | None
    line: int
    proof_line: int
    anonymous: bool = False
    problem: str | None = None   # why `proof` is None: no `:=`, or a term-mode proof
    # `open` and `variable` commands in effect here beyond the file header (inside sections,
    # after earlier declarations, `open X in`), one line each: they change what the statement
    # means, so `with_context` puts them before it for `load_theorem`.
    context: tuple[str, ...] = ()

    def with_context(self) -> tuple[str, int]:
        """The statement preceded by its context lines, and the file line of the text's first line."""
        if not self.context:
            return self.statement, self.line
        return "\n".join(self.context) + "\n" + self.statement, self.line - len(self.context)


@dataclass(frozen=True)
class NotUnderstood:
    """A command of the file the checker does not model (named in `what`)."""
    what: str
    line: int


_COMMAND = re.compile(r"^(@\[|#|/-|[A-Za-z_]+\b)")
_COMMANDS = {"theorem", "lemma", "example", "def", "abbrev", "instance", "structure", "class", "inductive",
             "axiom", "axioms", "opaque", "noncomputable", "private", "protected", "partial", "unsafe", "attribute",
             "macro", "macro_rules", "syntax", "notation", "infix", "infixl", "infixr", "prefix", "postfix", "elab",
             "open", "namespace", "section", "end", "variable", "universe", "set_option", "import", "mutual", "local",
             "scoped", "deriving", "export", "initialize", "omit", "include", "irreducible_def", "alias"}
_MODIFIER = re.compile(r"^(?:@\[[^\]]*\]|private|protected|noncomputable|nonrec|"
                       r"set_option\s+[\w.]+\s+\S+\s+in|open\s+[^\n]*?\s+in)\s+", re.DOTALL)


def _only_modifiers(text: str) -> bool:
    rest = text.strip() + " "
    while (m := _MODIFIER.match(rest)):
        rest = rest[m.end():]
    return not rest.strip() and bool(text.strip())


def _blank_comments(text: str) -> str:
    """Comments (`--`, nested `/- -/`, docstrings `/-- -/`) replaced by spaces, lines kept."""
    out, i, depth = [], 0, 0
    while i < len(text):
        if text.startswith("/-", i):
            depth += 1
            out.append("  ")
            i += 2
        elif depth and text.startswith("-/", i):
            depth -= 1
            out.append("  ")
            i += 2
        elif depth:
            out.append("\n" if text[i] == "\n" else " ")
            i += 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            j = len(text) if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def scan_lean_file(text: str) -> tuple[str, list[Declaration | NotUnderstood]]:
    """The header (imports, `open`, `set_option`) and every other command of a `.lean` file,
    in order: declarations, and whatever is not understood (definitions, `variable`, `axiom`,
    term-mode proofs, a declaration without a proof, an unclosed comment, …).

    >>> header, items = scan_lean_file("import Mathlib\\n/-- doc -/\\nprivate theorem a : 1 = 1 := by\\n  rfl\\n"
    ...                                "example : 2 = 2 := by rfl\\ndef f := 3\\n")
    >>> [(type(x).__name__, getattr(x, "name", getattr(x, "what", None)), x.line) for x in items]
    [('Declaration', 'a', 3), ('Declaration', 'example_5', 5), ('NotUnderstood', '`def`', 6)]
    """
    clean = _blank_comments(text)
    lines = clean.split("\n")
    header, items = [], []
    groups: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, 1):
        word = _COMMAND.match(line)
        starts = bool(word) and (word.group(1) in ("@[", "#") or word.group(1) in _COMMANDS)
        if starts and groups and _only_modifiers("\n".join(groups[-1][1])):
            groups[-1][1].append(line)
        elif starts or not groups:
            if line.strip():
                groups.append((number, [line]))
        else:
            groups[-1][1].append(line)
    if text.count("/-") > text.count("-/"):
        items.append(NotUnderstood("an unclosed comment `/-`", 1))
    namespaces: list[str] = []
    scopes: list[list[str]] = [[]]   # `open`/`variable` lines per open namespace or section
    seen_declaration = False
    for number, group in groups:
        body = "\n".join(group).rstrip()
        first = body.split()[0] if body.split() else ""
        if not _COMMAND.match(body) or first not in _COMMANDS and not first.startswith(("@[", "#")):
            items.append(NotUnderstood(f"`{body.splitlines()[0].strip()[:60]}`", number))
            continue
        rest = body
        local_opens: list[str] = []
        while (m := _MODIFIER.match(rest)):
            if (o := re.match(r"open\s+([^\n]*?)\s+in\s+$", m.group(0), re.DOTALL)):
                local_opens.append(f"open {' '.join(o.group(1).split())}")
            rest = rest[m.end():]
        keyword = rest.split()[0] if rest.split() else ""
        if keyword == "open" and rest is body and (seen_declaration or namespaces):
            scopes[-1].append(" ".join(body.split()))
            continue
        if keyword == "variable" and rest is body:
            scopes[-1].append(" ".join(body.split()))
            continue
        if keyword in ("import", "open", "set_option") and rest is body:
            if keyword == "import" and seen_declaration:
                items.append(NotUnderstood("`import` after a declaration", number))
            else:
                header.append(body.strip())
            continue
        if keyword in ("namespace", "section", "end", "universe") and rest is body or \
                body.split()[:2] == ["noncomputable", "section"]:
            words = body.split()
            if words[0] == "namespace" and len(words) == 2:
                namespaces.append(words[1])
                # Inside `namespace X` the names of X are visible as if opened.
                scopes.append([f"open {words[1]}"])
            elif words[0] in ("section", "noncomputable") and len(words) <= 3:
                namespaces.append("")
                scopes.append([])
            elif words[0] == "end" and len(words) <= 2 and namespaces and (
                    namespaces[-1] == (words[1] if len(words) == 2 else "")):
                namespaces.pop()
                scopes.pop()
            elif words[0] != "universe":
                items.append(NotUnderstood(f"`{' '.join(words)}`", number))
            continue
        if keyword not in ("theorem", "lemma", "example"):
            items.append(NotUnderstood(f"`{keyword or first}`", number))
            continue
        seen_declaration = True
        item = _declaration(rest, keyword, number + body[: len(body) - len(rest)].count("\n"),
                            ".".join(n for n in namespaces if n))
        context = tuple(line for scope in scopes for line in scope) + tuple(local_opens)
        if context and isinstance(item, Declaration):
            from dataclasses import replace
            item = replace(item, context=context)
        items.append(item)
    return "\n".join(header), items


def _declaration(text: str, keyword: str, line: int, namespace: str) -> Declaration | NotUnderstood:
    """One declaration; its proof is None (with the reason in `problem`) when there is no
    tactic proof."""
    after = text[len(keyword):]
    if keyword == "example":
        name, signature, anonymous = f"example_{line}", after, True
    else:
        m = re.match(r"\s+([^\s(:{\[]+)", after)
        if not m:
            return NotUnderstood(f"`{keyword}` without a name", line)
        name, signature, anonymous = m.group(1), after[m.end():], False
    assign = signature.find(":=")
    full = f"{namespace}.{name}" if namespace and not anonymous else name
    if assign < 0:
        return Declaration(keyword, full, f"theorem {name}{signature.rstrip()}", None, line, line, anonymous,
                           f"`{name}`: a declaration without a proof (`:= by …`)")
    proof_text = signature[assign + 2:]
    by = re.match(r"\s*by\b", proof_text)
    statement = f"theorem {name}{signature[:assign].rstrip()}"
    proof_line = line + text[: len(keyword) + len(after) - len(signature) + assign].count("\n")
    if not by:
        return Declaration(keyword, full, statement, None, line, proof_line, anonymous,
                           f"`{name}`: a proof that is not a tactic block (`:= by …`)")
    proof = proof_text[by.end():]
    return Declaration(keyword, full, statement, proof, line, proof_line, anonymous)


# -- the scope a header gives a statement: `open` namespaces and `variable` binders -------------

@dataclass(frozen=True)
class Scope:
    """What a file's header lines change about the meaning of a statement: the namespaces
    `open` makes visible (so `sqrt` can mean `Real.sqrt` or `Nat.sqrt`) and the `variable`
    binders (Lean adds those the statement mentions as leading binders)."""
    opens: frozenset
    variables: tuple[Binder, ...] = ()


_HEADER_SKIP = re.compile(r"^\s*(?:import\s|set_option\s|open\s+scoped\s|noncomputable\s+section\b|section\b"
                          r"|namespace\s|end\b|universe\s|$)")
_OPEN_LINE = re.compile(r"^\s*open\s+((?:[A-Za-z_][\w.]*\s*)+)$")


def _context_lines(text: str) -> list[tuple[int, str]]:
    """The commands of a header, each with its first line: a line that starts indented
    continues the command above it."""
    out: list[tuple[int, list[str]]] = []
    for number, line in enumerate(_blank_comments(text).split("\n"), 1):
        if not line.strip():
            continue
        if out and line[:1].isspace():
            out[-1][1].append(line)
        else:
            out.append((number, [line]))
    return [(n, " ".join(x.strip() for x in ls)) for n, ls in out]


def read_scope(header: str, default_opens=frozenset()) -> Scope:
    """The `open` and `variable` lines of a header; any other line that would change what a
    statement means (`open X hiding y`, `open X (y)`, `export`, `notation`, …) is refused,
    naming its line. `open scoped X` opens notation only and adds no names.

    >>> sorted(read_scope("import Mathlib\\nopen Real Nat\\nvariable (a b : ℝ)").opens)
    ['Nat', 'Real']
    >>> read_scope("open Real\\nvariable (a b : ℝ)").variables[0].names
    ('a', 'b')
    """
    opens = set(default_opens)
    variables: list[Binder] = []
    for number, line in _context_lines(header):
        if (m := _OPEN_LINE.match(line)) and not set(m.group(1).split()) & {"in", "hiding", "renaming", "scoped"}:
            opens |= set(m.group(1).split())
            continue
        if line.startswith("variable ") or line.startswith("variable("):
            rest = line[len("variable"):]
            try:
                parsed = parse_theorem(f"theorem variable_line {rest} : True")
            except LeanSyntaxError as err:
                raise UnsupportedSyntax(f"header line {number}: `{line[:60]}` ({err.message})", number, 1) from None
            variables += [Binder(b.names, b.type, (number, 1)) for b in parsed.binders if b.names != ("_inst",)]
            continue
        if _HEADER_SKIP.match(line):
            continue
        raise UnsupportedSyntax(f"header line {number}: `{line[:60]}` changes what names mean", number, 1)
    return Scope(frozenset(opens), tuple(variables))


def split_context(text: str) -> tuple[str, str]:
    """A statement's leading `open`/`variable`/`section` lines (the context a file gives it) and
    the statement, with those lines blanked so that positions stay those of `text`."""
    lines = text.split("\n")
    k = 0
    while k < len(lines) and (not lines[k].strip() or re.match(r"\s*(open|variable|section|namespace|end|"
                                                              r"noncomputable|universe)\b", lines[k])
                              or (k and lines[k][:1].isspace() and lines[k - 1].strip()
                                  and re.match(r"\s*(variable|open)\b", lines[k - 1]))):
        k += 1
    if k == 0:
        return "", text
    return "\n".join(lines[:k]), "\n" * k + "\n".join(lines[k:])
