"""Trigonometric leaves: `Real.sin`/`Real.cos`/`Real.tan` terms as atoms with Mathlib facts.

Untrusted proposer for `reconstruct_leaf` (every line it writes is checked by the kernel
checker before it is returned):

- values at rational multiples of π: an atom `f a` whose argument is `q * π` (after the
  hypotheses `v = e` that fix its variables, used through `congrArg f hv`) is tied to Mathlib's
  value lemma at the canonical angle (`Real.cos_pi_div_three : cos (π / 3) = 1 / 2`, …) by
  `have e : a = π / 3 := by ring` and the hint `congrArg Real.cos e`; two atoms at
  complementary angles (`sin a`, `cos b` with a + b = π / 2) by `Real.cos_pi_div_two_sub`,
  supplementary ones by `Real.sin_pi_sub` / `Real.cos_pi_sub`; the goal then by
  `linarith`/`nlinarith` with those hints, or by `rw [hv, lemma]` and `norm_num` when the
  angle is written canonically (a quotient `1 / cos α` that linarith cannot read);
- signs on an interval: `have hs : 0 < Real.sin a := by linarith [Real.sin_pos_of_pos_of_lt_pi
  (by linarith : …) (by linarith : …)]` (or `sin_nonneg_of_nonneg_of_le_pi`) for the atoms whose argument the hypotheses bound,
  then the division finder (`field_simp_leaf`) or `nlinarith` with the Pythagorean identity
  and the ±1 bounds (`transcendental_facts`) on the goal with these facts.
No rewriting inside an angle is written: `rw` with an angle equation would meet the other
angles (`50 * π / 180` beside `40 * π / 180`), whose reducible defeq the checker cannot rule out.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.base import Closed, Subgoals
from prover.state import Goal
from prover.syntax.ast import BINDER_OPS, REAL, Expr, free_vars
from prover.syntax.printer import show

TRIG = ("Real.sin", "Real.cos", "Real.tan")
SHORT = {"Real.sin": "sin", "Real.cos": "cos", "Real.tan": "tan"}

# (function, q) ↦ (Mathlib lemma, canonical angle text): `f (q * π)` has the lemma's value
VALUES = {
    ("Real.sin", Fraction(0)): ("Real.sin_zero", "0"),
    ("Real.cos", Fraction(0)): ("Real.cos_zero", "0"),
    ("Real.sin", Fraction(1)): ("Real.sin_pi", "π"),
    ("Real.cos", Fraction(1)): ("Real.cos_pi", "π"),
    ("Real.sin", Fraction(1, 2)): ("Real.sin_pi_div_two", "π / 2"),
    ("Real.cos", Fraction(1, 2)): ("Real.cos_pi_div_two", "π / 2"),
    ("Real.cos", Fraction(1, 3)): ("Real.cos_pi_div_three", "π / 3"),
    ("Real.sin", Fraction(1, 3)): ("Real.sin_pi_div_three", "π / 3"),
    ("Real.sin", Fraction(1, 6)): ("Real.sin_pi_div_six", "π / 6"),
    ("Real.cos", Fraction(1, 6)): ("Real.cos_pi_div_six", "π / 6"),
    ("Real.sin", Fraction(1, 4)): ("Real.sin_pi_div_four", "π / 4"),
    ("Real.cos", Fraction(1, 4)): ("Real.cos_pi_div_four", "π / 4"),
    ("Real.tan", Fraction(1, 4)): ("Real.tan_pi_div_four", "π / 4"),
}
VALUES_LEMMAS = {lemma for lemma, _ in VALUES.values()}
MAX_ATOMS = 6

R = None   # prover.search.reconstruct, set by trig_leaf for the call


def trig_atoms(goal: Goal) -> list[Expr]:
    found: list[Expr] = []

    def walk(e: Expr) -> None:
        if e.op in BINDER_OPS:
            return
        for a in e.args:
            walk(a)
        if e.op == "call" and e.value in TRIG and len(e.args) == 1 and e.ty == REAL and e not in found:
            found.append(e)
    for _, h in goal.hypotheses:
        walk(h)
    walk(goal.target)
    return found


def _pi_linear(e: Expr, values: dict) -> tuple[Fraction, Fraction] | None:
    """`e` as c0 + c1 * π with rational c0, c1 (variables by `values`), or None."""
    if e.op == "num" and isinstance(e.value, (int, Fraction)):
        return Fraction(e.value), Fraction(0)
    if e.op == "pi":
        return Fraction(0), Fraction(1)
    if e.op == "var" and e.value in values:
        return values[e.value]
    if e.op == "neg" and len(e.args) == 1:
        a = _pi_linear(e.args[0], values)
        return None if a is None else (-a[0], -a[1])
    if e.op in ("add", "sub", "mul", "div") and len(e.args) == 2:
        a, b = (_pi_linear(x, values) for x in e.args)
        if a is None or b is None:
            return None
        if e.op == "add":
            return a[0] + b[0], a[1] + b[1]
        if e.op == "sub":
            return a[0] - b[0], a[1] - b[1]
        if e.op == "mul":
            if a[1] == 0:
                return a[0] * b[0], a[0] * b[1]
            if b[1] == 0:
                return a[0] * b[0], a[1] * b[0]
            return None
        if b[1] == 0 and b[0] != 0:
            return a[0] / b[0], a[1] / b[0]
    return None


def _fixed_values(goal: Goal) -> dict:
    """Hypotheses `v = e` (ℝ variable v, e a rational multiple of π plus a constant)."""
    out: dict = {}
    for name, h in goal.hypotheses:
        if h.op == "eq" and h.value == REAL and h.args[0].op == "var" and h.args[0].value not in out:
            lin = _pi_linear(h.args[1], {})
            if lin is not None:
                out[h.args[0].value] = (name, lin)
    return out


def _angle_facts(goal: Goal) -> tuple[list[str], list[str]]:
    """`have` lines and hint terms tying the atoms at multiples of π to Mathlib's values."""
    fixed = _fixed_values(goal)
    values = {v: lin for v, (_, lin) in fixed.items()}
    lines: list[str] = []
    hints: list[str] = []
    known: list[tuple[str, Expr, Fraction]] = []   # (function, argument, q)
    taken = set(goal.context) | {n for n, _ in goal.hypotheses}

    def fresh(base: str) -> str:
        i = 1
        while f"{base}{i}" in taken:
            i += 1
        taken.add(f"{base}{i}")
        return f"{base}{i}"

    for atom in trig_atoms(goal)[:MAX_ATOMS]:
        f, a = atom.value, atom.args[0]
        lin = _pi_linear(a, values)
        if lin is None or lin[0] != 0:
            continue
        if a.op == "var" and a.value in fixed:   # `cos A` with `hA : A = π / 2`
            hints.append(f"congrArg {f} {fixed[a.value][0]}")
            a = next(h for n, h in goal.hypotheses if n == fixed[a.value][0]).args[1]
        elif free_vars(a):
            continue
        q = lin[1]
        known.append((f, a, q))
        value = VALUES.get((f, q))
        if value is None:
            continue
        lemma, angle = value
        if show(a) != angle:
            name = fresh("hang")
            lines.append(f"have {name} : {show(a)} = {angle} := by ring")
            hints.append(f"congrArg {f} {name}")
        hints.append(lemma)
    # complementary (sin a, cos b: a + b = π / 2) and supplementary (a + b = π) pairs
    for i, (f, a, q) in enumerate(known):
        for g, b, r in known[i + 1:]:
            if f == "Real.tan" or g == "Real.tan" or a == b:
                continue
            if f != g and q + r == Fraction(1, 2):
                name = fresh("hang")   # b = π / 2 - a: f' (π / 2 - a) is the other function of a
                lines.append(f"have {name} : {show(b)} = π / 2 - ({show(a)}) := by ring")
                hints += [f"congrArg {g} {name}", f"Real.{SHORT[g]}_pi_div_two_sub ({show(a)})"]
            elif f == g and q + r == 1:
                name = fresh("hang")
                lines.append(f"have {name} : {show(b)} = π - ({show(a)}) := by ring")
                hints += [f"congrArg {g} {name}", f"Real.{SHORT[g]}_pi_sub ({show(a)})"]
    return lines, list(dict.fromkeys(hints))


def _after(goal: Goal, lines: list[str], checker: KernelChecker) -> Goal | None:
    """The goal after `have … := by …` lines, each checked (None if one is refused)."""
    for line in lines:
        r = checker.apply(goal, line)
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            return None
        goal = r.goals[0]
    return goal


def _rewrite_values(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`rw [hv, lemma, …]` (one `rw`: the hypotheses fixing an angle's variable, then the value
    lemma of each atom at a canonical angle), then `norm_num` (or `linarith`) on what is left."""
    fixed = _fixed_values(goal)
    names: list[str] = []
    for atom in trig_atoms(goal):
        a = atom.args[0]
        if a.op == "var" and a.value in fixed:
            name = fixed[a.value][0]
            names.append(name)
            a = next(h for n, h in goal.hypotheses if n == name).args[1]
        lin = _pi_linear(a, {})
        value = VALUES.get((atom.value, lin[1])) if lin is not None and lin[0] == 0 else None
        if value is not None and show(a) == value[1]:
            names.append(value[0])
    if not names or all(n not in VALUES_LEMMAS for n in names):
        return None
    step = f"rw [{', '.join(dict.fromkeys(names))}]"
    r = checker.apply(goal, step)
    if isinstance(r, Closed):
        return [step]
    if not isinstance(r, Subgoals) or len(r.goals) != 1:
        return None
    found = R._first_checked(r.goals[0], ["norm_num", "linarith", "nlinarith"], checker, deadline)
    return [step, found] if found else None


def _sign_facts(goal: Goal, checker: KernelChecker) -> list[tuple[str, str]]:
    """(statement, proof) of `0 < sin a`, `0 ≤ sin a` where the hypotheses bound a."""
    from prover.syntax.ast import num
    zero = num(0, REAL)
    pi = Expr("pi", (), ty=REAL)
    out: list[tuple[str, str]] = []
    for atom in trig_atoms(goal)[:MAX_ATOMS]:
        a = atom.args[0]
        if not free_vars(a):
            continue
        if atom.value == "Real.sin":
            lo = R._side_proof(goal, "lt", zero, a, checker)
            hi = lo and R._side_proof(goal, "lt", a, pi, checker)
            if lo and hi:
                out.append((f"0 < {show(atom)}", f"Real.sin_pos_of_pos_of_lt_pi {lo} {hi}"))
                continue
            lo = R._side_proof(goal, "le", zero, a, checker)
            hi = lo and R._side_proof(goal, "le", a, pi, checker)
            if lo and hi:
                out.append((f"0 ≤ {show(atom)}", f"Real.sin_nonneg_of_nonneg_of_le_pi {lo} {hi}"))
    return out


def expansion_hints(goal: Goal) -> list[str]:
    """Mathlib's sum, difference and double-angle identities for the atoms `f (u + v)`,
    `f (u - v)`, `f (2 * u)` (f = sin, cos), then the Pythagorean identity of every sin/cos argument
    (hint terms; the kernel resolves and checks them)."""
    hints: list[str] = []
    bases: list[Expr] = []
    for atom in trig_atoms(goal)[:MAX_ATOMS]:
        if atom.value == "Real.tan":
            continue
        f, a = SHORT[atom.value], atom.args[0]
        if a.op in ("add", "sub") and len(a.args) == 2:
            hints.append(f"Real.{f}_{a.op} ({show(a.args[0])}) ({show(a.args[1])})")
            bases += list(a.args)
        elif a.op == "mul" and a.args[0].op == "num" and a.args[0].value == 2:
            hints.append(f"Real.{f}_two_mul ({show(a.args[1])})")
            bases.append(a.args[1])
        else:
            bases.append(a)
    for b in dict.fromkeys(bases):
        hints.append(f"Real.sin_sq_add_cos_sq ({show(b)})")
    return list(dict.fromkeys(hints))


def expansion_candidates(goal: Goal) -> list[str]:
    """`linarith`/`nlinarith` with `expansion_hints` (empty when no atom has a sum, difference
    or double angle)."""
    hints = expansion_hints(goal)
    if not any("_add " in h or "_sub " in h or "_two_mul " in h for h in hints):
        return []
    text = ", ".join(hints)
    return [f"linarith [{text}]", f"nlinarith [{text}]"]


def _denominator_atoms(e: Expr, out: list) -> None:
    if e.op in BINDER_OPS:
        return
    if e.op == "div" and len(e.args) == 2:
        for atom in trig_atoms(Goal((), (), e.args[1])):
            if atom.value != "Real.tan" and atom not in out:
                out.append(atom)
    for a in e.args:
        _denominator_atoms(a, out)


def _pythagorean(goal: Goal) -> list[str]:
    """`have hpy : 1 - Real.cos t ^ 2 = Real.sin t ^ 2 := by linarith [Real.sin_sq_add_cos_sq t]`
    (and `1 - sin t ^ 2`) for each such subterm of the target."""
    lines: list[str] = []
    for atom in trig_atoms(goal):
        other = "Real.sin" if atom.value == "Real.cos" else "Real.cos"
        if atom.value == "Real.tan":
            continue
        t = show(atom.args[0])
        text = f"1 - {atom.value} ({t}) ^ 2" if atom.args[0].op not in ("var", "num", "pi") else f"1 - {atom.value} {t} ^ 2"
        if any(show(sub) == text for sub in goal.target.walk()):
            rhs = f"{other} ({t}) ^ 2" if atom.args[0].op not in ("var", "num", "pi") else f"{other} {t} ^ 2"
            lines.append(f"have hpy{len(lines) + 1} : {text} = {rhs} := by linarith [Real.sin_sq_add_cos_sq ({t})]")
    return lines


def _division_by_cases(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """An equation with a sin/cos atom `a` in a denominator, true also where `a = 0` (Lean's
    `x / 0 = 0`): `1 - cos t ^ 2` rewritten to `sin t ^ 2` first (`have hpy … ; rw [hpy]`), then
    `by_cases hs : a = 0`; `rw [hs]` and `ring`/`norm_num` where it vanishes, `have hs2 : a ≠ 0`
    and the field_simp finder elsewhere. Returned only when `certify` replays it."""
    from prover.checkers.kernel_checker import certify
    if goal.target.op != "eq" or goal.target.value != REAL:
        return None
    lines: list[str] = []
    current = goal
    for have in _pythagorean(goal):
        name = have.split()[1]
        after = _after(current, [have], checker)
        r = checker.apply(after, f"rw [{name}]") if after is not None else None
        if isinstance(r, Closed):   # `rw`'s `rfl` closed the goal
            script = lines + [have, f"rw [{name}]"]
            return script if certify(goal, "\n".join(script), checker=KernelChecker()).ok else None
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            return None
        lines += [have, f"rw [{name}]"]
        current = r.goals[0]
    atoms: list = []
    _denominator_atoms(current.target, atoms)
    for atom in atoms[:2]:
        if time.monotonic() >= deadline:
            return None
        hs = "hs" if "hs" not in current.context and current.hypothesis("hs") is None else "hs_trig"
        split = checker.apply(current, f"by_cases {hs} : {show(atom)} = 0")
        if not isinstance(split, Subgoals) or len(split.goals) != 2:
            continue
        zero, nonzero = split.goals
        r = checker.apply(zero, f"rw [{hs}]")
        if isinstance(r, Closed):
            zero_lines = [f"rw [{hs}]"]
        elif isinstance(r, Subgoals) and len(r.goals) == 1:
            found = R._first_checked(r.goals[0], ["ring", "norm_num", "simp"], checker, deadline)
            if not found:
                continue
            zero_lines = [f"rw [{hs}]", found]
        else:
            continue
        ne = [f"have {hs}2 : {show(atom)} ≠ 0 := by", "  intro hc", f"  exact {hs} hc"]
        richer = R._apply_line(nonzero, "\n".join(ne), checker)
        if richer is None:
            continue
        tail = (["field_simp <;> ring"] if isinstance(checker.close(richer, "field_simp <;> ring"), Closed)
                else R.field_simp_leaf(richer, checker, deadline))
        if not tail:
            continue
        script = lines + [f"by_cases {hs} : {show(atom)} = 0", "· " + zero_lines[0]] + ["  " + x for x in zero_lines[1:]]
        script += ["· " + ne[0]] + ["  " + x for x in ne[1:]] + ["  " + x for x in tail]
        if certify(goal, "\n".join(script), checker=KernelChecker()).ok:
            return script
    return None


def trig_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A checked script for a goal with sin/cos/tan atoms (see the module docstring), or None.
    `finders` is `prover.search.reconstruct` (passed in, so that this module does not import it back)."""
    global R
    R = finders
    if time.monotonic() >= deadline or not trig_atoms(goal):
        return None
    budget = min(deadline, time.monotonic() + 4.0)
    lines, hints = _angle_facts(goal)
    if hints:
        richer = _after(goal, lines, checker)
        if richer is not None:
            text = ", ".join(hints)
            found = R._first_checked(richer, [f"linarith [{text}]", f"nlinarith [{text}]"], checker, budget)
            if found:
                return lines + [found]
    found = R._first_checked(goal, expansion_candidates(goal), checker, budget)
    if found:
        return [found]
    if _fixed_values(goal) or any(show(a.args[0]) in {v[1] for v in VALUES.values()} for a in trig_atoms(goal)):
        script = _rewrite_values(goal, checker, budget)
        if script:
            return script
    signs = _sign_facts(goal, checker)
    sign_lines: list[str] = []
    richer = goal
    for i, (prop, proof) in enumerate(signs):
        line = f"have htrig{i + 1} : {prop} := by linarith [{proof}]"
        after = _after(richer, [line], checker)
        if after is None:
            continue
        sign_lines.append(line)
        richer = after
    if sign_lines:
        found = R._first_checked(richer, ["linarith", "nlinarith", "positivity"], checker, budget)
        if found:
            return sign_lines + [found]
        facts = R.transcendental_facts(richer, checker)
        if facts:
            text = ", ".join(facts[:8])
            found = R._first_checked(richer, [f"nlinarith [{text}]"], checker, budget)
            if found:
                return sign_lines + [found]
        tail = R.field_simp_leaf(richer, checker, budget)
        if tail:
            return sign_lines + tail
    return _division_by_cases(goal, checker, budget)
