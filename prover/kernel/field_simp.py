"""`field_simp <;> ring` on an equality over a field (ℚ, ℝ, ℂ), as Mathlib's `field_simp`
(`Mathlib/Tactic/FieldSimp.lean`, the August 2025 implementation) followed by `ring1`.

Each side becomes a fraction `n / d` of polynomials over atoms (`Mathlib/Tactic/FieldSimp/
Lemmas.lean`: `div_add_div`, `div_sub_div`, `neg_div`, `div_mul_div_comm`, `div_div`,
`div_pow`); the equation `nₗ / dₗ = nᵣ / dᵣ` becomes `nₗ * dᵣ = nᵣ * dₗ` (`div_eq_div_iff`)
and `ring1` must prove it: the rule accepts when both polynomials are equal.

Side conditions: a denominator is cleared only when every factor `f` of it (through `*`, `-`,
`^ n`) is proved `f ≠ 0` the way field_simp's discharger (`FieldSimp/Discharger.lean`) does:
`assumption` (a hypothesis `f ≠ 0`), `norm_num` (a closed numeral expression that is not 0),
`positivity` (the kernel's model, which reads `0 < f`, `f ≠ 0`, … hypotheses), and its
`simp` step with `mul_ne_zero`/`pow_ne_zero` (the factor split). A factor it cannot discharge
refuses the whole step: Lean leaves that denominator, and `ring` cannot clear it (`x / x = 1`
needs `x ≠ 0`; in Lean `x / 0 = 0`).

Why `ring` after it is sound even though Lean's normal form is not modelled exactly: Lean's
result is the same equation of rational functions with the same nonzero denominators cleared
(possibly after cancelling common nonzero factors), so it is a polynomial identity exactly when
`nₗ * dᵣ - nᵣ * dₗ` is the zero polynomial. That needs (1) Lean clears every denominator cleared
here (the discharger model is weaker than Lean's), and (2) atoms are untouched: a division or
a `ℤ` power inside an atom, a sum factor Lean would normalize (common factors, products in
summands) and anything without a division to clear ("field_simp made no progress") are
refused. `<;>` is required: when field_simp's own normal form closes the goal, `field_simp;
ring` fails in Lean ("no goals"), `field_simp <;> ring` does not. Linear arithmetic after
field_simp is not modelled (Lean cancels common factors, which changes linarith's atoms).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x y : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) : 1 / x + 1 / y = (x + y) / (x * y)").goal
>>> clears(g)[0]
True
>>> clears(load_theorem("theorem t (x : ℝ) : x / x = 1").goal)
(False, 'field_simp: cannot prove x ≠ 0 (no hypothesis, norm_num or positivity)')
"""

from __future__ import annotations

from prover.errors import ProverError
from prover.kernel import poly as P
from prover.kernel.evaluate import NotEvaluable, value
from prover.kernel.positivity import prove as positivity
from prover.kernel.terms import alpha_equal
from prover.state import Goal
from prover.syntax.ast import COMPLEX, NAT, PROP, RAT, REAL, Expr, free_vars, num
from prover.syntax.printer import show

FIELDS = (RAT, REAL, COMPLEX)
ARITH = ("add", "sub", "mul", "div", "neg", "pow")


class NotCleared(ProverError):
    """field_simp would not clear this as modelled: the rule refuses with the reason."""


def _has_div(e: Expr) -> bool:
    return any(n.op == "div" for n in e.walk())


def _stable_atom(e: Expr) -> bool:
    """An atom field_simp leaves as it is: a variable, numeral, or an application whose
    arguments are stable atoms or stable sums (no arithmetic it would renormalize)."""
    if e.op in ("var", "num"):
        return True
    if e.op in ARITH:
        return False
    return all(_stable_atom(a) or _simple_sum(a) for a in e.args)


def _summands(e: Expr) -> list[Expr]:
    if e.op in ("add", "sub"):
        return _summands(e.args[0]) + _summands(e.args[1])
    return [e.args[0] if e.op == "neg" else e]


def _simple_summand(s: Expr) -> bool:
    """`c`, `a`, `a ^ n` (n ≥ 2) or `c * a`: already in field_simp's normal form."""
    if s.op == "pow":
        return _stable_atom(s.args[0]) and s.args[1].op == "num" and s.args[1].value >= 2
    if s.op == "mul":
        return s.args[0].op == "num" and _stable_atom(s.args[1])
    return _stable_atom(s)


def _simple_sum(e: Expr) -> bool:
    return e.op in ("add", "sub") and all(_simple_summand(s) for s in _summands(e))


class Clearer:
    """Fractions `(numerator, denominator)` of polynomials over one atom table."""

    def __init__(self, goal: Goal):
        self.goal = goal
        self.atoms = P.AtomTable()
        self.norm = P.Normalizer(self.atoms, field_mode="ring")
        self.discharged: list[str] = []

    def frac(self, e: Expr) -> tuple:
        one = P.const(1)
        if e.op == "num":
            return P.const(e.value), one
        if e.op in ("add", "sub"):                       # div_add_div, div_sub_div
            (a, b), (c, d) = self.frac(e.args[0]), self.frac(e.args[1])
            return P.add(P.mul(a, d), P.mul(c, b), 1 if e.op == "add" else -1), P.mul(b, d)
        if e.op == "neg":                                # neg_div
            a, b = self.frac(e.args[0])
            return P.scale(a, -1), b
        if e.op == "mul":                                # div_mul_div_comm
            (a, b), (c, d) = self.frac(e.args[0]), self.frac(e.args[1])
            return P.mul(a, c), P.mul(b, d)
        if e.op == "pow" and e.args[1].ty == NAT and e.args[1].op == "num" and e.args[1].value <= P.MAX_EXPONENT:
            a, b = self.frac(e.args[0])                  # div_pow
            k = int(e.args[1].value)
            return P.power(a, k), P.power(b, k)
        if e.op == "div" and e.args[1].op == "div":      # div_div_eq_mul_div: x / (a / b) = x * b / a
            (a, b), (c, d) = self.frac(e.args[0]), self.frac(e.args[1].args[1])
            return P.mul(a, c), P.mul(P.mul(b, d), self.denominator(e.args[1].args[0]))
        if e.op == "div":                                # div_div, div_eq_div_iff
            a, b = self.frac(e.args[0])
            return a, P.mul(b, self.denominator(e.args[1]))
        if _has_div(e):
            raise NotCleared(f"field_simp: a division inside the atom {show(e)} is not modelled")
        if e.op == "pow" and e.args[1].ty != NAT:
            raise NotCleared(f"field_simp: the power {show(e)} with a non-ℕ exponent is not modelled")
        return self.norm.poly(e), one

    def denominator(self, d: Expr) -> P.Poly:
        if _has_div(d):
            raise NotCleared(f"field_simp: the denominator {show(d)} has a division (not modelled)")
        for f in _factors(d):
            self.discharge(f)
        p = self.norm.poly(d)
        if not p:
            raise NotCleared(f"field_simp: the denominator {show(d)} is 0")
        return p

    def discharge(self, f: Expr) -> None:
        """`f ≠ 0` as field_simp's discharger proves it, for one factor of a denominator."""
        if not free_vars(f) and all(n.op in ("num", "add", "sub", "mul", "neg", "pow", "cast") for n in f.walk()):
            try:
                if value(f) != 0:                        # norm_num
                    self.discharged.append(f"{show(f)} ≠ 0 (norm_num)")
                    return
            except NotEvaluable:
                pass
            raise NotCleared(f"field_simp: cannot prove {show(f)} ≠ 0")
        if not free_vars(f):
            pass                                         # closed, not plain arithmetic: positivity only
        elif not (_stable_atom(f) or _simple_sum(f)) or (_simple_sum(f) and _common_factor(self.norm.poly(f))):
            raise NotCleared(f"field_simp: the factor {show(f)} is not in field_simp's normal form (not modelled)")
        ne = Expr("ne", (f, num(0, f.ty)), value=f.ty, ty=PROP)
        for name, h in self.goal.hypotheses:
            if alpha_equal(h, ne):                       # assumption
                self.discharged.append(f"{show(ne)} ({name})")
                return
        if positivity(self.goal.with_target(ne)) is not None:
            self.discharged.append(f"{show(ne)} (positivity)")
            return
        raise NotCleared(f"field_simp: cannot prove {show(ne)} (no hypothesis, norm_num or positivity)")


def _factors(d: Expr) -> list[Expr]:
    """`mul_ne_zero`, `pow_ne_zero`, `neg_ne_zero`: the factors whose nonzeroness is asked."""
    if d.op == "mul":
        return _factors(d.args[0]) + _factors(d.args[1])
    if d.op == "neg":
        return _factors(d.args[0])
    if d.op == "pow" and d.args[1].op == "num" and d.args[1].ty == NAT:
        return _factors(d.args[0]) if d.args[1].value >= 1 else []
    return [d]


def _common_factor(p: P.Poly) -> bool:
    """Some atom divides every monomial (field_simp would factor it out of the sum)."""
    common = None
    for m in p:
        atoms = {i for i, _ in m}
        common = atoms if common is None else common & atoms
    return bool(common)


def clears(goal: Goal) -> tuple[bool, str]:
    """(True, the cleared identity and the side conditions) when `field_simp <;> ring` closes
    `goal`; else (False, why)."""
    t = goal.target
    if t.op != "eq" or t.value not in FIELDS:
        return False, "field_simp <;> ring: only an equality in ℚ, ℝ or ℂ is modelled"
    if not _has_div(t):
        return False, "field_simp made no progress on goal (no division to clear)"
    if any(e.op == "imag_unit" for e in t.walk()):
        # `Complex.I_sq`, `I_mul_I`, `I_pow_three`, … are simp lemmas: a simp-based field_simp may
        # reduce `I ^ 2` in one place and not another (`I ^ 5`), after which ring1 fails
        return False, "field_simp: a goal with Complex.I is not modelled (its simp lemmas rewrite I)"
    c = Clearer(goal)
    try:
        (a, b), (e, d) = c.frac(t.args[0]), c.frac(t.args[1])
        lhs, rhs = P.mul(a, d), P.mul(e, b)
    except NotCleared as err:
        return False, str(err)
    if lhs != rhs:
        return False, "ring failed: the cleared sides differ"
    return True, f"{P.show_poly(lhs, c.atoms)}; {', '.join(dict.fromkeys(c.discharged))}"
