"""Induction proofs on ℕ for leaves the oracle closed: closed-form sums, divisibility of
powers, inequalities from a lower bound. Untrusted: it writes tactic text, and the script is
kept only when the kernel checker replays it (`certify`).

The scripts, tried in order for a ℕ variable `n` of the goal:

- `induction n with | zero => B | succ n ih => S` (hypotheses mentioning n generalized, as
  Lean does), also after `clear` of those hypotheses (the statement may hold without them);
- `induction n, h using Nat.le_induction with | base => B | succ n hn ih => S` for a
  hypothesis `h : m ≤ n`;
- `cases n with | zero => B | succ n => S` (no induction hypothesis: `2 ∣ 4 ^ n` for `n ≠ 0`);
- an invariant `have hr : b ^ e % m = r₁ ∨ … := by induction …` on the residues of a power
  modulo a modulus of the goal, then `omega` (`¬ 7 ∣ 2 ^ n + 1`).

B is a closer of the base goal. S closes the step goal: first `rw [Finset.sum_range_succ, ih]`
(`← ih` when the sum is on the right of ih; `Nat.cast_add_one` after it when `↑(n + 1)` is
left; `Nat.factorial_succ` on `(n + 1)!`), then a closer: a one-line kernel tactic, or
`have hK : t = p := by ring` for each non-linear ℕ/ℤ atom t of the goal (p its expanded
polynomial over variables and powers `b ^ n`: `10 ^ (n + 1) = 10 * 10 ^ n`,
`(n + 1) ^ 2 = n ^ 2 + 2 * n + 1`) followed by `omega` (which reads the products as atoms, so
truncated subtraction and divisibility by a literal are decided), `linarith` or `nlinarith`.

>>> from prover.state import load_theorem
>>> from prover.checkers.kernel_checker import KernelChecker
>>> g = load_theorem("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2").goal
>>> print("\\n".join(induction_leaf(g, KernelChecker(), time.monotonic() + 20, lambda g: None)))
induction n with
| zero =>
    norm_num
| succ n ih =>
    rw [Finset.sum_range_succ, ih]
    ring
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Callable

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import induction_goals, le_induction_goals, nat_cases_goals
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, Expr, free_vars
from prover.syntax.printer import show

BASE_CLOSERS = ("norm_num", "decide", "omega", "simp", "linarith", "nlinarith")
STEP_CLOSERS = ("ring", "omega", "linarith", "positivity", "field_simp <;> ring", "nlinarith")
MAX_FACTS = 8          # `have … := by ring` lines before a closer
MAX_POWER = 6          # numeral exponents expanded in the facts


def induction_leaf(goal: Goal, checker: KernelChecker, deadline: float,
                   close: Callable[[Goal], str | None]) -> list[str] | None:
    """A kernel-checked induction script for `goal`, or None (see the module docstring).
    `close(g)` is the caller's finder of a one-line kernel tactic for a goal (hint lists)."""
    for v in _variables(goal):
        for script in _scripts(goal, v, checker, deadline, close):
            if time.monotonic() >= deadline:
                return None
            if script and certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
                return script
    for script in _residue_scripts(goal, checker, deadline, close):
        if time.monotonic() >= deadline:
            return None
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


MAX_ORBIT = 12   # residues in an invariant `b ^ e % m = r₁ ∨ …`


def _residue_scripts(goal: Goal, checker: KernelChecker, deadline: float, close):
    """An invariant proved by induction, then `omega`: for a power `b ^ (a * n + c)` (b, a, c
    numerals) and a modulus m of the goal (`% m`, `m ∣`), the residues of the power modulo m
    form the orbit of `b ^ c` under multiplication by `b ^ a`; `have hr : b ^ e % m = r₁ ∨ … :=
    by induction …` (the step: `b ^ e' = b ^ a * b ^ e` and omega) fixes them, and omega reads
    the goal through them (`¬ 7 ∣ 2 ^ n + 1`: the residues are 1, 2, 4)."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    props = [goal.target] + [h for _, h in goal.hypotheses]
    moduli = sorted({int(e.args[1].value) for p in props for e in p.walk() if e.op == "mod" and e.args[1].op == "num"}
                    | {int(e.args[0].value) for p in props for e in p.walk() if e.op == "dvd" and e.args[0].op == "num"})
    powers = list(dict.fromkeys(
        e for q in props for e in q.walk() if e.op == "pow" and e.ty == NAT and e.args[0].op == "num"
        and len(free_vars(e.args[1])) == 1 and goal.context.get(next(iter(free_vars(e.args[1])))) == NAT))
    name = _fresh(goal, "hr")
    for m in moduli:
        for p in powers:
            if not 2 <= m <= 64 or time.monotonic() >= deadline:
                continue
            v = next(iter(free_vars(p.args[1])))
            poly = _expand(p.args[1])
            if poly is None or set(poly) - {(), ((v, 1),)}:
                continue
            a, c = int(poly.get(((v, 1),), 0)), int(poly.get((), 0))
            if a < 1:
                continue
            b = int(p.args[0].value)
            orbit, r = [], pow(b, c, m)
            while r not in orbit and len(orbit) <= MAX_ORBIT:
                orbit.append(r)
                r = r * pow(b, a, m) % m
            if len(orbit) > MAX_ORBIT or len(orbit) == m:
                continue
            texts = [" ∨ ".join(f"{show(p)} % {m} = {r}" for r in sorted(orbit))]
            if r == orbit[0] and len(orbit) > 1:
                # purely periodic: the residue follows v's residue modulo the period L, the joint
                # invariant `(v % L = i ∧ b ^ e % m = rᵢ) ∨ …` relates the two for omega
                period = len(orbit)
                texts.append(" ∨ ".join(f"({v} % {period} = {i} ∧ {show(p)} % {m} = {orbit[i]})"
                                        for i in range(period)))
            yield from _invariant_scripts(goal, checker, deadline, close, name, v, texts)


def _invariant_scripts(goal: Goal, checker: KernelChecker, deadline: float, close, name: str, v: str,
                       texts: list[str]):
    """`have name : text := by <induction on v>` then `omega`, for each invariant text that
    elaborates and whose induction script the kernel replays."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    for text in texts:
        if time.monotonic() >= deadline:
            return
        try:
            prop = Elaborator(goal.context).prop(parse_term(text))
        except Exception:
            continue
        dependent = [n for n, h in goal.hypotheses if v in free_vars(h)]
        inner = Goal(goal.variables, tuple((n, h) for n, h in goal.hypotheses if n not in dependent), prop)
        lines = None
        for script in _scripts(inner, v, checker, deadline, close):
            if certify(inner, "\n".join(script), KernelChecker(checker.cache)).ok:
                lines = ([f"clear {' '.join(dependent)}"] if dependent else []) + script
                break
        if lines is None:
            continue
        yield [f"have {name} : {text} := by"] + ["  " + x for x in lines] + ["omega"]


def applies(goal: Goal) -> bool:
    """The goal has a ℕ variable inside a range of a big operator, an exponent or a factorial,
    or a hypothesis has a power `b ^ e(v)` of a numeral (a residue invariant may relate it)."""
    return bool(_variables(goal)) or any(
        e.op == "pow" and e.ty == NAT and e.args[0].op == "num" and free_vars(e.args[1])
        for _, h in goal.hypotheses for e in h.walk())


def _variables(goal: Goal) -> list[str]:
    found: list[str] = []
    for e in goal.target.walk():
        inside = []
        if e.op in ("sum", "prod") and e.args[0].op == "set" and e.args[0].value == "Finset.range":
            inside = [e.args[0]]
        elif e.op == "pow" and e.args[1].ty == NAT:
            inside = [e.args[1]]
        elif e.op == "call" and e.value == "Nat.factorial":
            inside = list(e.args)
        for x in inside:
            for v in sorted(free_vars(x)):
                if goal.context.get(v) == NAT and v not in found:
                    found.append(v)
    return found


def _scripts(goal: Goal, v: str, checker: KernelChecker, deadline: float, close):
    """Candidate scripts, lazily (each built from the kernel's answers on its goals)."""
    if any(v in free_vars(h) for _, h in goal.hypotheses):   # a step goal already (its hypothesis at hand)
        direct = _close_step(goal, checker, deadline, lambda g: None)
        if direct:
            yield direct
    guarded = _guarded_step(goal, v, checker, deadline, close)
    if guarded:
        yield guarded
    ih = "ih" if "ih" not in goal.names else goal.fresh_name("ih")
    dependent = [n for n, h in goal.hypotheses if v in free_vars(h)]
    variants: list[tuple[list[str], Goal]] = [([], goal)]
    if dependent:
        variants.append(([f"clear {' '.join(dependent)}"],
                         Goal(goal.variables, tuple((n, h) for n, h in goal.hypotheses if n not in dependent),
                              goal.target)))
    for pre, g in variants:
        try:
            base, step = induction_goals(g, v, v, ih)
        except ValueError:
            continue
        b = _close_base(base, checker, deadline)
        s = _close_step(step, checker, deadline, close) if b is not None else None
        if b is not None and s is not None:
            yield pre + [f"induction {v} with", "| zero =>"] + _indent(b) + [f"| succ {v} {ih} =>"] + _indent(s)
    for hname, h in goal.hypotheses:
        if h.op == "le" and h.value == NAT and h.args[1] == Expr("var", value=v, ty=NAT) \
                and v not in free_vars(h.args[0]) and time.monotonic() < deadline:
            hn = "hn" if "hn" not in goal.names else goal.fresh_name("hn")
            try:
                base, step = le_induction_goals(goal, v, hname, v, hn, ih)
            except ValueError:
                continue
            b = _close_base(base, checker, deadline)
            s = _close_step(step, checker, deadline, close) if b is not None else None
            if b is not None and s is not None:
                yield [f"induction {v}, {hname} using Nat.le_induction with", "| base =>"] + _indent(b) \
                    + [f"| succ {v} {hn} {ih} =>"] + _indent(s)
    if dependent and time.monotonic() < deadline:
        try:
            zero, succ = nat_cases_goals(goal, v, v)
        except ValueError:
            return
        b = _close_base(zero, checker, deadline)
        s = _close_step(succ, checker, deadline, close) if b is not None else None
        if b is not None and s is not None:
            yield [f"cases {v} with", "| zero =>"] + _indent(b) + [f"| succ {v} =>"] + _indent(s)


def _guarded_step(goal: Goal, v: str, checker: KernelChecker, deadline: float, close) -> list[str] | None:
    """The step of an induction whose hypothesis was generalized over a lower bound (the
    search's `induction n` with `h : c ≤ n` in the context): `ih : c ≤ n → P n` and
    `h : c ≤ n + 1`. Split on `c ≤ n`: the hypothesis applies (`have := ih hc`), or n is
    `c - 1` (`subst`) and the goal is closed arithmetic."""
    from prover.kernel.evaluate import NotEvaluable, value
    x = Expr("var", value=v, ty=NAT)
    for ih, h in goal.hypotheses:
        if h.op != "imp" or h.args[0].op != "le" or h.args[0].args[1] != x or free_vars(h.args[0].args[0]) \
                or "✝" in ih:
            continue
        bound = h.args[0].args[0]
        succ = Expr("add", (x, Expr("num", value=1, ty=NAT)), ty=NAT)
        if not any(p.op == "le" and p.args[0] == bound and p.args[1] == succ for _, p in goal.hypotheses):
            continue
        try:
            c = value(bound)
        except NotEvaluable:
            continue
        if not isinstance(c, int) or c < 1:
            continue
        hc, ih2, hv = (_fresh(goal, base) for base in ("hc", "ih", "hv"))
        cond = Expr("le", (bound, x), value=NAT, ty=PROP)
        applied = goal.with_hypothesis(hc, cond).with_hypothesis(ih2, h.args[1])
        s = _close_step(applied, checker, deadline, close)
        if s is None:
            return None
        at = goal.substituted(v, Expr("num", value=c - 1, ty=NAT), drop=True)
        b = _close_base(at, checker, deadline)
        if b is None:
            return None
        return ([f"by_cases {hc} : {show(bound)} ≤ {v}", f"· have {ih2} := {ih} {hc}"] + ["  " + x for x in s]
                + [f"· have {hv} : {v} = {c - 1} := by omega", f"  subst {hv}"] + ["  " + x for x in b])
    return None


def _indent(lines: list[str]) -> list[str]:
    return ["    " + x for x in lines]


def _close_base(g: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    for tactic in BASE_CLOSERS:
        if time.monotonic() >= deadline:
            return None
        if isinstance(checker.close(g, tactic), Closed):
            return [tactic]
    return None


def _close_step(g: Goal, checker: KernelChecker, deadline: float, close) -> list[str] | None:
    """Rewrites that expose the induction hypothesis, then a closer (see the module docstring)."""
    for rw in _rewrites(g):
        if time.monotonic() >= deadline:
            return None
        if rw:
            r = checker.apply(g, rw)
            if isinstance(r, Closed):
                return [rw]
            if not isinstance(r, Subgoals) or len(r.goals) != 1:
                continue
            after = r.goals[0]
        else:
            after = g
        lines = _closer(after, checker, deadline, close)
        if lines is not None:
            return ([rw] if rw else []) + lines
    return None


def _rewrites(g: Goal) -> list[str]:
    """`rw [...]` lines to try before closing (the empty string: none)."""
    out = [""]
    t = g.target
    sums = [e for e in t.walk() if e.op in ("sum", "prod") and e.args[0].op == "set"
            and e.args[0].value == "Finset.range"]
    lemma = {"sum": "Finset.sum_range_succ", "prod": "Finset.prod_range_succ"}
    for op in sorted({e.op for e in sums}):
        rules = [lemma[op]]
        for name, h in g.hypotheses:   # an induction hypothesis stating the smaller sum
            if h.op == "eq" and "✝" not in name:
                if h.args[0].op == op:
                    rules.append(name)
                elif h.args[1].op == op:
                    rules.append(f"← {name}")
                else:
                    continue
                break
        out.insert(0, f"rw [{', '.join(rules)}]")
        if any(e.op == "cast" for e in t.walk()):
            out.insert(0, f"rw [{', '.join(rules + ['Nat.cast_add_one'])}]")
    if any(e.op == "call" and e.value == "Nat.factorial" and e.args[0].op == "add" for e in t.walk()):
        out.insert(0, "rw [Nat.factorial_succ]")
    return out


def _closer(g: Goal, checker: KernelChecker, deadline: float, close) -> list[str] | None:
    for tactic in STEP_CLOSERS:
        if time.monotonic() >= deadline:
            return None
        if isinstance(checker.close(g, tactic), Closed):
            return [tactic]
    facts, richer = atom_facts(g, checker)
    if facts:
        for tactic in ("omega", "linarith", "nlinarith"):
            if time.monotonic() >= deadline:
                return None
            if isinstance(checker.close(richer, tactic), Closed):
                return facts + [tactic]
    if time.monotonic() < deadline:
        found = close(g)
        if found:
            return [found]
    return None


# -- expansions of non-linear atoms ------------------------------------------------------
Mono = tuple   # sorted ((atom text, exponent), …)


def atom_facts(g: Goal, checker: KernelChecker) -> tuple[list[str], Goal]:
    """`have hK : t = p := by ring` for the non-linear ℕ/ℤ atoms t of the goal and its
    hypotheses whose expansion p differs from t, each checked by the kernel's `ring`; and the
    goal with them as hypotheses."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    lines: list[str] = []
    richer = g
    seen: set[str] = set()
    for t in _nonlinear_atoms([g.target] + [h for _, h in g.hypotheses]):
        if len(lines) >= MAX_FACTS:
            break
        poly = _expand(t)
        if poly is None:
            continue
        text, rhs = show(t), _poly_text(poly)
        if rhs is None or text == rhs or text in seen:
            continue
        seen.add(text)
        name = _fresh(richer, "hx")
        statement = f"{text} = {rhs}"
        try:
            prop = Elaborator(richer.context).prop(parse_term(statement))
        except Exception:
            continue
        if prop.args[0] != t or prop.args[1] == t or not isinstance(checker.close(richer.with_target(prop), "ring"), Closed):
            continue
        lines.append(f"have {name} : {statement} := by ring")
        richer = richer.with_hypothesis(name, prop)
    return lines, richer


def _fresh(g: Goal, base: str) -> str:
    k = 1
    while f"{base}{k}" in g.names:
        k += 1
    return f"{base}{k}"


def _nonlinear_atoms(props: list[Expr]) -> list[Expr]:
    out: list[Expr] = []

    def visit(e: Expr) -> None:
        if e.op in ("sum", "prod", "forall", "exists", "lambda", "setof"):
            return
        if e.ty in (NAT, INT) and e.op in ("pow", "mul") and free_vars(e) and _degree(e) != 1:
            if e not in out:
                out.append(e)
            return
        for a in e.args:
            visit(a)

    for p in props:
        visit(p)
    return out


def _degree(e: Expr) -> int | None:
    """1 for a linear product (a numeral times a term), else something else."""
    if e.op == "mul":
        closed = [a for a in e.args if not free_vars(a)]
        return 1 if closed and all(_degree(a) in (0, 1) for a in e.args) else 2
    if e.op == "pow":
        return 2
    if not free_vars(e):
        return 0
    if e.op in ("add", "sub"):
        return max(_degree(a) or 2 for a in e.args)
    return 1


def _expand(e: Expr) -> dict | None:
    """The polynomial of an ℕ/ℤ term over variables, powers `b ^ m` (b a numeral, m a monomial
    of variables) and opaque atoms (ℕ subtraction, division, sums), as {monomial: coefficient}."""
    from prover.kernel.evaluate import NotEvaluable, value
    if not free_vars(e):
        try:
            v = value(e)
        except (NotEvaluable, ZeroDivisionError):
            return None
        return {(): Fraction(v)} if isinstance(v, int) else None
    if e.op == "var":
        return {((show(e), 1),): Fraction(1)}
    if e.op == "add":
        a, b = _expand(e.args[0]), _expand(e.args[1])
        return None if a is None or b is None else _add(a, b)
    if e.op == "sub" and e.ty == INT:
        a, b = _expand(e.args[0]), _expand(e.args[1])
        return None if a is None or b is None else _add(a, {m: -c for m, c in b.items()})
    if e.op == "mul":
        a, b = _expand(e.args[0]), _expand(e.args[1])
        return None if a is None or b is None else _mul(a, b)
    if e.op == "pow":
        base, exponent = e.args
        if exponent.op == "num":
            if exponent.value > MAX_POWER:
                return None
            out = {(): Fraction(1)}
            b = _expand(base)
            if b is None:
                return None
            for _ in range(exponent.value):
                out = _mul(out, b)
            return out
        if free_vars(base) or base.op != "num" or base.value < 2:
            return None
        ex = _expand(exponent)
        if ex is None or any(c.denominator != 1 or c < 0 for c in ex.values()):
            return None
        out = {(): Fraction(base.value) ** int(ex.get((), 0))}
        for m, c in ex.items():
            if m:
                text = f"{base.value} ^ {_mono_text(m)}" if len(m) == 1 and m[0][1] == 1 \
                    else f"{base.value} ^ ({_mono_text(m)})"
                out = _mul(out, {((text, int(c)),): Fraction(1)})
        return out
    return {((show(e), 1),): Fraction(1)}


def _add(a: dict, b: dict) -> dict:
    out = dict(a)
    for m, c in b.items():
        out[m] = out.get(m, 0) + c
        if not out[m]:
            del out[m]
    return out


def _mul(a: dict, b: dict) -> dict:
    out: dict = {}
    for m1, c1 in a.items():
        for m2, c2 in b.items():
            exps = dict(m1)
            for x, k in m2:
                exps[x] = exps.get(x, 0) + k
            m = tuple(sorted(exps.items()))
            out[m] = out.get(m, 0) + c1 * c2
            if not out[m]:
                del out[m]
    return out


def _atom_text(x: str) -> str:
    simple = x.replace("_", "").replace("'", "").isalnum()
    return x if simple else f"({x})"


def _mono_text(m: Mono) -> str:
    return " * ".join(x if k == 1 else f"{_atom_text(x)} ^ {k}" for x, k in m)


def _poly_text(p: dict) -> str | None:
    """`p` as Lean text with nonnegative coefficients (so it reads the same over ℕ)."""
    if any(c < 0 or c.denominator != 1 for c in p.values()):
        return None
    if not p:
        return "0"
    parts = []
    for m, c in sorted(p.items(), key=lambda mc: (-sum(k for _, k in mc[0]), mc[0])):
        if not m:
            parts.append(str(int(c)))
        elif c == 1:
            parts.append(_mono_text(m))
        else:
            parts.append(f"{int(c)} * {_mono_text(m)}")
    return " + ".join(parts)
