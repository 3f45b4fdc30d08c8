"""The tactic registry: one entry per tactic name, and everything the project knows of it.

Each `TacticSpec` says how the tactic's arguments parse (`forms`, read by
`prover.tactics.parse`), whether it closes goals or transforms them, which oracle methods the
default checker runs for it (`methods`) or which handler of `SympyChecker` models it
(`handler`), and its kernel rule (`kernel_rule`: the name of its entry in
`prover.kernel.tactics.RULES`, "structural" for a goal transformation, None when the kernel
does not model it). `render` prints a parsed tactic back; `METHOD_TACTIC` and
`closing_tactic` print the tactic written for an oracle's closing method.

Kernel rules are read from `RULES` itself: a rule added to the kernel gets its registry entry
here without an edit (a kernel-only entry, not accepted by the tactic parser, until a line
below gives it argument forms). To add a tactic: one `_add(...)` line.

>>> REGISTRY["nlinarith"].kernel_rule, REGISTRY["intro"].kernel_rule, REGISTRY["aesop"].kernel_rule
('nlinarith', 'structural', None)
>>> from prover.tactics.parse import parse_tactic
>>> render(parse_tactic("norm_num [h₀] at h₁ ⊢"))
'norm_num [h₀] at h₁ ⊢'
"""

from __future__ import annotations

from dataclasses import dataclass

from prover.kernel.tactics import RULES


@dataclass(frozen=True)
class Forms:
    """The argument forms a tactic's model covers. Everything a tactic string carries lands in
    some field of `Tactic`; a field this says the tactic does not take is refused by name, so
    no argument, location or option is ever dropped.

    hints: `[...]` list: "terms" (proof terms, added as facts) or "rules" (simp/rw lemma names).
    args: "names" (identifiers), "name" (one identifier), "term" (one term), "raw" (the tactic's
    own grammar, checked in full by its handler).
    """
    hints: str | None = None
    args: str | None = None
    at: bool = False
    options: frozenset = frozenset()
    bang: bool = False
    needs_args: bool = False
    flags: frozenset = frozenset()   # Lean ≥ 4.15 `+name` config flags (`decide +kernel`)


@dataclass(frozen=True)
class TacticSpec:
    """One tactic. `forms` None: a kernel-only name the tactic parser does not accept."""
    name: str
    forms: Forms | None
    closing: bool = False            # closes goals (else a structural goal transformation)
    methods: tuple[str, ...] = ()    # oracle methods `SympyChecker` runs for it (closing tactics)
    handler: str | None = None       # `SympyChecker` method modelling it, when not `methods`
    kernel_term: bool = False        # structural in `SympyChecker`, but a kernel step (`exact h`)

    @property
    def kernel_rule(self) -> str | None:
        """The name of its kernel rule in `RULES`, "structural", or None (not modelled)."""
        if self.name in RULES:
            return self.name
        return None if self.closing else "structural"

    @property
    def kernel_checked(self) -> bool:
        """`KernelChecker` sends it to the kernel (a closing step), not to the goal transformations."""
        return self.closing or self.kernel_term

    @property
    def decided_first(self) -> bool:
        """Without hints it runs only what the decision procedures already tried on a goal."""
        return self.closing and self.name != "linear_combination"

    def checker_method(self) -> str:
        return self.handler or "_" + self.name.replace("'", "_prime")


REGISTRY: dict[str, TacticSpec] = {}


def _add(name: str, forms: Forms | None, **kw) -> None:
    REGISTRY[name] = TacticSpec(name, forms, **kw)


_ARITH = ("evaluation", "polynomial-identity", "z3", "groebner", "closed-form-sum", "finite-check")
_CLOSER = Forms()
_RULES_HINTS = Forms(hints="rules", at=True)

# -- closing tactics: decided by the oracle methods (`SympyChecker`), checked by the kernel rule --
_add("norm_num", _RULES_HINTS, closing=True, methods=_ARITH)
_add("simp", Forms(hints="rules", at=True, bang=True), closing=True, methods=_ARITH)
_add("simp_all", Forms(hints="rules", bang=True), closing=True, methods=_ARITH)
_add("aesop", _CLOSER, closing=True, methods=_ARITH)
_add("tauto", _CLOSER, closing=True, methods=("z3",))
_add("linarith", Forms(hints="terms", bang=True), closing=True, methods=("z3",))
_add("nlinarith", Forms(hints="terms", bang=True), closing=True, methods=("polynomial-identity", "z3", "groebner"))
_add("positivity", _CLOSER, closing=True, methods=("z3",))
_add("polyrith", _CLOSER, closing=True, methods=("groebner", "polynomial-identity"))
_add("ring", _CLOSER, closing=True, methods=("polynomial-identity",))
_add("ring_nf", Forms(at=True), closing=True, methods=("polynomial-identity",))
_add("field_simp", _RULES_HINTS, closing=True, methods=("polynomial-identity", "groebner"))
_add("omega", _CLOSER, closing=True, methods=("z3", "finite-check"))
_add("decide", Forms(flags=frozenset({"kernel"})), closing=True, methods=("evaluation", "finite-check"))
_add("rfl", _CLOSER, closing=True, methods=("evaluation", "polynomial-identity"))
_add("trivial", _CLOSER, closing=True, methods=("evaluation",))
_add("norm_cast", Forms(at=True), closing=True, methods=("evaluation", "z3"))
_add("push_cast", _RULES_HINTS, closing=True, methods=("evaluation", "z3"))
# -- closing tactics with their own model --
_add("assumption", _CLOSER, closing=True)
_add("exact_mod_cast", Forms(args="term", needs_args=True), closing=True)
_add("linear_combination", Forms(args="term", options=frozenset({"exp"})), closing=True)
# -- structural tactics (goal transformations of `SympyChecker`) --
_add("intro", Forms(args="names"))
_add("intros", Forms(args="names"))
_add("constructor", Forms())
_add("ext", Forms(args="names"))
_add("funext", Forms(args="names"))
_add("left", Forms())
_add("right", Forms())
_add("exfalso", Forms())
_add("use", Forms(args="term", needs_args=True, bang=True))
_add("refine", Forms(args="raw", needs_args=True))   # `refine ⟨w, ?_⟩` on ∃ only
_add("exact", Forms(args="term", needs_args=True), kernel_term=True)
_add("by_contra", Forms(args="name"))
_add("subst", Forms(args="names"))
_add("push_neg", Forms(at=True))
_add("induction", Forms(args="name", needs_args=True))
_add("induction'", Forms(args="raw", needs_args=True))
_add("cases", Forms(args="name", needs_args=True))
_add("cases'", Forms(args="raw", needs_args=True))
_add("interval_cases", Forms(args="raw", needs_args=True))   # `[h :] e [using hl, hu]`
_add("rcases", Forms(args="raw", needs_args=True))
_add("obtain", Forms(args="raw", needs_args=True))
_add("by_cases", Forms(args="raw", needs_args=True))
_add("rw", Forms(hints="rules", at=True))
_add("have", Forms(args="raw", needs_args=True))
_add("clear", Forms(args="names", needs_args=True))

# -- every other kernel rule (`ring1`, `norm_num1`, rules added later): kernel-only names --
for _name in RULES:
    if _name not in REGISTRY:
        _add(_name, None, closing=True)

# The parse table: what the tactic parser accepts, with its argument forms.
FORMS: dict[str, Forms] = {n: s.forms for n, s in REGISTRY.items() if s.forms is not None}
CLOSING = frozenset(n for n in FORMS if REGISTRY[n].closing)
STRUCTURAL = frozenset(n for n in FORMS if not REGISTRY[n].closing)
KNOWN = frozenset(FORMS)
KERNEL_CHECKED = frozenset(n for n in FORMS if REGISTRY[n].kernel_checked)
TACTIC_METHODS: dict[str, tuple[str, ...]] = {n: s.methods for n, s in REGISTRY.items() if s.methods}

# The Lean tactic written for each oracle closing method; each is one the checker accepts for it.
METHOD_TACTIC = {"evaluation": "norm_num", "polynomial-identity": "ring", "z3": "nlinarith", "groebner": "nlinarith",
                 "finite-check": "decide", "assumption": "assumption", "closed-form-sum": "simp [Finset.sum_range_succ]"}


def closing_tactic(goal, method: str, detail: str = "") -> str:
    """The tactic written for a goal an oracle method closed (`METHOD_TACTIC`, with `field_simp`
    for a polynomial identity with division and `interval_cases v <;> omega` for a split)."""
    if method == "polynomial-identity" and any(n.op == "div" for n in goal.target.walk()):
        return "field_simp"
    if method == "interval-split":
        return f"interval_cases {detail.split()[2]} <;> omega"   # detail: "split on VAR ∈ [lo, hi]: …"
    return METHOD_TACTIC.get(method, "nlinarith")


def render(t) -> str:
    """A parsed `Tactic` printed back from its fields (`have` as `have h : P := by tac` or
    `have h := term`)."""
    if t.name == "have":
        label = t.args[0] if t.args else "this"
        if t.statement is not None:
            return f"have {label} : {t.statement} := by {t.inner}"
        return f"have {label} := {t.inner}"
    parts = [t.name + ("!" if t.bang else "")]
    parts += [f"({k} := {v})" for k, v in t.options]
    if t.hints:
        parts.append("[" + ", ".join(t.hints) + "]")
    parts += list(t.args)
    if t.at:
        parts.append("at " + " ".join(t.at))
    return " ".join(parts)

