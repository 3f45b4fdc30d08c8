"""Tactic strings to structured `Tactic` values.

The tactic name and its bracketed lists are read by a small scanner; every embedded term
(hints, witnesses, `have` statements) goes through the same Lean grammar as statements.

>>> parse_tactic("nlinarith [sq_nonneg (a - b), h₀]").hints
('sq_nonneg (a - b)', 'h₀')
>>> parse_tactic("have h : x = 2 := by linarith").name
'have'
"""

from __future__ import annotations

from dataclasses import dataclass

from prover.errors import TacticSyntaxError

CLOSING = {"norm_num", "simp", "simp_all", "linarith", "nlinarith", "positivity", "ring", "ring_nf", "field_simp",
           "omega", "decide", "polyrith", "linear_combination", "rfl", "trivial", "norm_cast", "push_cast", "aesop",
           "exact_mod_cast", "tauto"}
STRUCTURAL = {"intro", "intros", "constructor", "use", "exact", "by_contra", "subst", "have", "left", "right",
              "push_neg", "exfalso", "induction", "rcases", "obtain", "interval_cases", "rw", "by_cases", "cases"}
KNOWN = CLOSING | STRUCTURAL


@dataclass(frozen=True)
class Tactic:
    name: str
    hints: tuple[str, ...] = ()
    args: tuple[str, ...] = ()     # names for intro/subst/by_contra; the term for use/exact/linear_combination
    at: tuple[str, ...] = ()
    statement: str | None = None   # `have h : P := by tac`
    inner: str | None = None


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


def parse_tactic(text: str) -> Tactic:
    text = text.strip()
    if not text:
        raise TacticSyntaxError("empty tactic", 1, 1)
    name = text.split()[0].rstrip("[")
    if name.endswith("!"):
        name = name[:-1]
    if name not in KNOWN:
        raise TacticSyntaxError(f"unknown tactic '{name}'", 1, 1)
    rest = text[len(text.split()[0]):].strip() if not text.split()[0].endswith("[") else text[text.index("["):]
    if name == "have":
        head, sep, tail = rest.partition(":=")
        if not sep:
            raise TacticSyntaxError("have needs ':= by tactic' or ':= h args'", 1, len(text) + 1)
        label, colon, stmt = head.partition(":")
        tail = tail.strip()
        if not colon:  # `have h := h₀ 0 1`: instantiate a ∀-hypothesis
            return Tactic("have", args=(label.strip() or "this",), inner=tail)
        if not tail.startswith("by"):
            raise TacticSyntaxError("have proofs must be 'by tactic'", 1, text.index(":=") + 3)
        return Tactic("have", args=(label.strip() or "this",), statement=stmt.strip(), inner=tail[2:].strip())
    if name in ("rcases", "obtain", "by_cases", "interval_cases", "induction", "cases"):
        return Tactic(name, args=(rest,))
    hints: tuple[str, ...] = ()
    at: tuple[str, ...] = ()
    if rest.startswith("["):
        end = _bracket_end(rest, 0)
        hints = tuple(_split_top(rest[1:end]))
        rest = rest[end + 1:].strip()
    if rest.startswith("at "):
        at = tuple(rest[3:].split())
        rest = ""
    args = tuple(rest.split()) if name in ("intro", "intros", "subst", "by_contra") else ((rest,) if rest else ())
    return Tactic(name, hints=hints, args=args, at=at)


def split_script(script: str) -> list[str]:
    """A tactic script (one tactic per line, or `;`-separated) to its tactic strings."""
    out = []
    for line in script.splitlines():
        line = line.strip().lstrip("·").strip()
        if not line or line.startswith("--"):
            continue
        out += [t for t in _split_top(line, ";") if t]
    return out
