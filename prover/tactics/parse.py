"""Tactic strings to structured `Tactic` values.

The tactic name and its bracketed lists are read by a small scanner, with the argument forms
of each tactic from the registry (`prover.tactics.registry.FORMS`); every embedded term
(hints, witnesses, `have` statements) goes through the same Lean grammar as statements.

>>> parse_tactic("nlinarith [sq_nonneg (a - b), h₀]").hints
('sq_nonneg (a - b)', 'h₀')
>>> parse_tactic("have h : x = 2 := by linarith").name
'have'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prover.errors import TacticSyntaxError
from prover.tactics.registry import CLOSING, FORMS, KNOWN, STRUCTURAL, Forms  # noqa: F401 (the registry's tables)


class UnsupportedTactic(TacticSyntaxError):
    """Well-formed tactic syntax with an argument, location or option the checker does not
    model; the message names it."""


@dataclass(frozen=True)
class Tactic:
    name: str
    hints: tuple[str, ...] = ()
    args: tuple[str, ...] = ()     # names for intro/subst/by_contra; the term for use/exact/linear_combination
    at: tuple[str, ...] = ()       # hypothesis names, `⊢` for the goal, or `*`
    statement: str | None = None   # `have h : P := by tac`
    inner: str | None = None
    options: tuple[tuple[str, str], ...] = ()   # `(exp := 2)`
    bang: bool = False

    def option(self, key: str) -> str | None:
        return dict(self.options).get(key)


def _split_top(text: str, sep: str = ",") -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{⟨":
            depth += 1
        elif ch in ")]}⟩":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _bracket_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    raise TacticSyntaxError("unclosed '['", 1, start + 1)


_NAME = re.compile(r"[^\W\d][\w'₀-₉ᵢ]*")
_OPTION = re.compile(r"\(\s*([A-Za-z_]+)\s*:=")


def _paren_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "([{⟨":
            depth += 1
        elif text[i] in ")]}⟩":
            depth -= 1
            if depth == 0:
                return i
    raise TacticSyntaxError("unclosed '('", 1, start + 1)


def _split_location(text: str) -> tuple[str, str | None]:
    """`args at locations` at bracket depth 0: (args, locations or None)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{⟨":
            depth += 1
        elif ch in ")]}⟩":
            depth -= 1
        elif depth == 0 and text.startswith("at", i) and (i == 0 or text[i - 1].isspace()) \
                and (i + 2 == len(text) or text[i + 2].isspace()):
            return text[:i].strip(), text[i + 2:].strip()
    return text.strip(), None


def _unsupported(name: str, what: str) -> UnsupportedTactic:
    return UnsupportedTactic(f"{name}: {what} is not modelled by the checker", 1, 1)


def parse_tactic(text: str) -> Tactic:
    """The tactic with every argument, location and option it carries; raises
    `UnsupportedTactic` (naming it) for any the tactic's `FORMS` entry does not cover.

    >>> parse_tactic("norm_num [h₀] at h₁ ⊢").at
    ('h₁', '⊢')
    >>> parse_tactic("linear_combination (exp := 2) h").options
    (('exp', '2'),)
    >>> try:
    ...     parse_tactic("linarith at h")
    ... except UnsupportedTactic as err:
    ...     print(err.message)
    linarith: location `at h` is not modelled by the checker
    """
    text = text.strip()
    if not text:
        raise TacticSyntaxError("empty tactic", 1, 1)
    m = re.match(r"[A-Za-z_][\w']*", text)
    if not m or m.group(0) not in KNOWN:
        raise TacticSyntaxError(f"unknown tactic '{text.split()[0]}'", 1, 1)
    name, rest = m.group(0), text[m.end():]
    forms = FORMS[name]
    bang = rest.startswith("!")
    if bang:
        rest = rest[1:]
        if not forms.bang:
            raise _unsupported(name, f"the variant `{name}!`")
    if rest and not (rest[0].isspace() or rest[0] in "[("):
        raise TacticSyntaxError(f"unknown tactic '{name}{'!' if bang else ''}{rest.split()[0]}'", 1, 1)
    rest = rest.strip()
    if name == "have":
        return _parse_have(text, rest)
    if forms.args == "raw":
        if not rest:
            raise TacticSyntaxError(f"{name} needs an argument", 1, len(text) + 1)
        return Tactic(name, args=(rest,), bang=bang)
    options = []
    while rest.startswith("(") and (om := _OPTION.match(rest)):
        end = _paren_end(rest, 0)
        key, value = om.group(1), rest[om.end():end].strip()
        if key not in forms.options:
            raise _unsupported(name, f"the option `({key} := {value})`")
        if key == "exp" and not value.isdigit():
            raise TacticSyntaxError(f"{name}: (exp := n) needs a numeral", 1, 1)
        options.append((key, value))
        rest = rest[end + 1:].strip()
    while fm := re.match(r"\+([A-Za-z_]\w*)", rest):   # `decide +kernel`: a config flag
        if fm.group(1) not in forms.flags:
            raise _unsupported(name, f"the option `+{fm.group(1)}`")
        options.append((fm.group(1), "true"))
        rest = rest[fm.end():].strip()
    if re.match(r"only\b", rest):
        raise _unsupported(name, f"`{name} only`")
    hints: tuple[str, ...] = ()
    if rest.startswith("["):
        end = _bracket_end(rest, 0)
        if forms.hints is None:
            raise _unsupported(name, f"the lemma list `{rest[:end + 1]}`")
        hints = tuple(_split_top(rest[1:end]))
        if not hints or any(not h for h in hints):
            raise TacticSyntaxError(f"{name}: empty entry in the lemma list", 1, 1)
        rest = rest[end + 1:].strip()
    rest, where = _split_location(rest)
    at: tuple[str, ...] = ()
    if where is not None:
        if not forms.at:
            raise _unsupported(name, f"location `at {where}`")
        at = tuple(where.split())
        if not at or not all(_NAME.fullmatch(x) or x == "⊢" for x in at) and at != ("*",):
            raise TacticSyntaxError(f"{name}: bad location `at {where}`", 1, 1)
    args: tuple[str, ...] = ()
    if rest:
        if forms.args is None:
            raise _unsupported(name, f"the argument `{rest}`")
        if forms.args in ("names", "name"):
            args = tuple(rest.split())
            if not all(_NAME.fullmatch(a) for a in args) or (forms.args == "name" and len(args) != 1):
                raise _unsupported(name, f"the argument `{rest}`")
        else:
            args = (rest,)
    elif forms.needs_args:
        raise TacticSyntaxError(f"{name} needs an argument", 1, len(text) + 1)
    return Tactic(name, hints=hints, args=args, at=at, options=tuple(options), bang=bang)


def _parse_have(text: str, rest: str) -> Tactic:
    head, sep, tail = rest.partition(":=")
    if not sep:
        raise TacticSyntaxError("have needs ':= by tactic' or ':= h args'", 1, len(text) + 1)
    label, colon, stmt = head.partition(":")
    label, tail = label.strip() or "this", tail.strip()
    if not _NAME.fullmatch(label):
        raise _unsupported("have", f"the pattern `{label}`")
    if not tail:
        raise TacticSyntaxError("have needs a proof after ':='", 1, len(text) + 1)
    if not colon:  # `have h := h₀ 0 1`: instantiate a ∀-hypothesis
        return Tactic("have", args=(label,), inner=tail)
    if not re.match(r"by\b", tail):
        raise TacticSyntaxError("have proofs must be 'by tactic'", 1, text.index(":=") + 3)
    return Tactic("have", args=(label,), statement=stmt.strip(), inner=tail[2:].strip())


def split_script(script: str) -> list[str]:
    """A tactic script (one tactic per line, or `;`-separated) to its tactic strings."""
    out = []
    for line in script.splitlines():
        line = line.strip().lstrip("·").strip()
        if not line or line.startswith("--"):
            continue
        out += [t for t in _split_top(line, ";") if t]
    return out
