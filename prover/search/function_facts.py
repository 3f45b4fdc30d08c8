"""Certificate finders for statements about functions given by hypotheses (untrusted; the
kernel checks every script through `certify`).

- Equivalences `σ : Equiv α β`: the front end binds `σ.1`/`σ.2` (Lean's `σ.toFun`/`σ.invFun`)
  and states the structure's fields `σ.left_inv : ∀ x, σ.2 (σ.1 x) = x` and
  `σ.right_inv : ∀ x, σ.1 (σ.2 x) = x` (`Function.LeftInverse`/`RightInverse`, unfolded by the
  application `σ.left_inv a`, as Lean's elaborator does with `whnf`). Mathlib's `Equiv` lemmas
  (`Equiv.apply_symm_apply (e) (x) : e (e.symm x) = x`, `Equiv.symm_apply_apply`) are stated
  with the coercion `⇑e` and `e.symm`, whose heads (`DFunLike.coe`) are not `Equiv.toFun`:
  `rw`/`simp only` with them does not find `σ.1 x` syntactically, so they are not used. The
  scripts use the fields: `have w := σ.left_inv a` then `rw [v] at w` with `v : σ.1 a = c`
  gives `σ.2 c = a`.
- Functional equations `h : ∀ x (> 0), … f (x * y) = f x / y`: instances at points the goal and
  the hypotheses name (binders solved so that an argument lands on a point, twice over),
  `have e : … := by exact h a (by norm_num) …`, each closed argument that is not a plain
  numeral aligned by `have k : (t : ℝ) = c := by norm_num` and `rw [k] at e`, then `linarith`.
  Polynomial identities `∀ x, p x = q x` are instantiated at small integers.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import INT, RAT, REAL, Expr, free_vars, substitute
from prover.syntax.printer import show

R = None   # prover.search.reconstruct, given by `function_leaf`'s caller
MAX_INSTANCES = 16
MAX_POINTS = 12
SEEDS = (0, 1, -1, 2, -2)
FIELDS = (RAT, REAL)


def function_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A checked script for a goal about functions given by hypotheses, or None. `finders` is
    `prover.search.reconstruct` (passed in, so that this module does not import it back)."""
    global R
    R = finders
    if time.monotonic() >= deadline:
        return None
    equivs = [n for n, ty in goal.variables if isinstance(ty, tuple) and ty[0] == "Equiv"]
    if equivs:
        lines = equiv_script(goal, equivs, checker, deadline)
        if lines:
            return lines
    lines = ground_script(goal, checker, deadline)
    if lines:
        return lines
    if goal.target.op == "exists" and any(_rule(h) for _, h in goal.hypotheses):
        return witness_script(goal, checker, deadline)
    if any(_rule(h) for _, h in goal.hypotheses) and not isinstance(checker.close(goal, "linarith"), Closed):
        # (plain linarith comes next in reconstruct_leaf); values computed one by one first
        return R.evaluation_chain(goal, deadline, checker) or instance_script(goal, checker, deadline) \
            or symbolic_script(goal, checker, deadline) or constant_script(goal, checker, deadline)
    return None


# Bounds of named constants, as Mathlib states them (Mathlib/Analysis/Real/Pi/Bounds.lean,
# Trigonometric/Basic.lean): the hints for linarith when a premise is instantiated at π.
CONSTANT_FACTS = {"pi": ("Real.pi_pos", "Real.pi_gt_three", "Real.pi_lt_four")}


def constant_script(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Instances of a guarded rule `h : ∀ x, P x → f x = e x` at a closed point that is not a
    numeral (`f π`): each premise `P c` proved on its own line (`norm_num`, `positivity`, or
    `linarith` with the constant's bounds, split by `constructor` when it is a conjunction),
    `have e : f c = e c := by exact h c hp`, then the goal from these equations."""
    from prover.syntax.ast import substitute
    points = []
    for x in goal.target.walk():
        if x.op == "apply" and len(x.args) == 1 and x.value in goal.functions and not free_vars(x.args[0]) \
                and _value(x.args[0]) is None and x.args[0] not in points:
            points.append(x.args[0])
    if not points:
        return None
    taken: set = set()
    lines: list[str] = []
    g = goal
    for c in points[:4]:
        hints = [f for op, fs in CONSTANT_FACTS.items() if any(y.op == op for y in c.walk()) for f in fs]
        hint = f" [{', '.join(hints)}]" if hints else ""
        closers = ["norm_num", "positivity", f"linarith{hint}", f"constructor <;> linarith{hint}"]
        for name, h in goal.hypotheses:
            p = _peel(h) if "✝" not in name else None
            if p is None or len(p[0]) != 1 or not p[1] or h.op != "forall" or p[0][0][1] != c.ty:
                continue
            lhs = p[2].args[0]
            if lhs.op != "apply" or lhs.args != (Expr("var", value=p[0][0][0], ty=c.ty),):
                continue
            body, words, ok, trial = substitute(h.args[0], p[0][0][0], c), [f"({show(c)})"], True, []
            while body.op == "imp" and ok and time.monotonic() < deadline:
                k = _fresh(g, "hprem", taken)
                for closer in closers:
                    line = f"have {k} : {show(body.args[0])} := by {closer}"
                    g2 = _step(g, line, checker)
                    if g2 is not None:
                        g, ok = g2, True
                        trial.append(line)
                        words.append(k)
                        break
                else:
                    ok = False
                body = body.args[1]
            if not ok:
                continue
            en = _fresh(g, "hinst", taken)
            line = f"have {en} : {show(body)} := by exact {name} {' '.join(words)}"
            g2 = _step(g, line, checker)
            if g2 is None:
                continue
            g = g2
            lines += trial + [line]
            break
    if not lines:
        return None
    return _finish(goal, lines, g, ["linarith", "norm_num"], checker, deadline)


def witness_script(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`use w` for `∃ v, P v` with w the other side of `t = v`, a local variable of v's type, 0 or 1 (Lean's `use` then runs
    its discharger: `rfl`, `assumption`, modelled by the checker), the rest reconstructed."""
    v, ty = goal.target.value
    body = goal.target.args[0]
    candidates = []
    if body.op == "eq":   # `∃ a, t = a`: t itself
        for side, other in ((body.args[0], body.args[1]), (body.args[1], body.args[0])):
            if other.op == "var" and other.value == v and v not in free_vars(side) and side.ty == ty:
                candidates.append(f"({show(side)})")
    candidates += [n for n, t in goal.variables if t == ty] + ["0", "1"]
    for w in candidates:
        if time.monotonic() >= deadline:
            return None
        line = f"use {w}"
        try:
            r = checker.apply(goal, line, budget_s=1.0)
        except Exception:
            continue
        if isinstance(r, Closed):
            script = [line]
        elif isinstance(r, Subgoals) and len(r.goals) == 1:
            leaf = R.reconstruct_leaf(r.goals[0], "", "z3", deadline, checker, 1)
            if leaf.missing:
                continue
            script = [line] + leaf.lines
        else:
            continue
        if certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
            return script
    return None


def ground_script(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`norm_num [h₁, …]` with the hypotheses `f c = v` (closed left sides) when the goal applies
    functions to closed arguments: simp rewrites nested calls to a fixpoint (`f (f 0) = 0`)."""
    from prover.kernel.evaluate import ground_equation
    functions = goal.functions
    if not any(x.op == "apply" and x.value in functions for x in goal.target.walk()):
        return None
    names = [n for n, h in goal.hypotheses if "✝" not in n and h.op == "eq" and h.args[0].op == "apply"
             and ground_equation(h, functions)]
    if not names:
        return None
    return _finish(goal, [], goal, [f"norm_num [{', '.join(names)}]"], checker, deadline)


# -- shared helpers -----------------------------------------------------------------------

def _fresh(goal: Goal, base: str, taken: set) -> str:
    name, k = base, 0
    while name in goal.names or name in taken:
        k += 1
        name = f"{base}{k}"
    taken.add(name)
    return name


def _step(goal: Goal, line: str, checker: KernelChecker) -> Goal | None:
    try:
        r = checker.apply(goal, line, budget_s=1.0)
    except Exception:   # a line the checker cannot read proposes nothing
        return None
    if isinstance(r, Subgoals) and len(r.goals) == 1:
        return r.goals[0]
    return None


def _finish(goal: Goal, lines: list[str], g: Goal, closers: list[str], checker: KernelChecker,
            deadline: float) -> list[str] | None:
    tried: set = set()
    while time.monotonic() < deadline:   # `_first_checked` runs a late (n)linarith under a hard limit
        rest = [c for c in closers if c not in tried]
        closer = R._first_checked(g, rest, checker, deadline) if rest else None
        if closer is None:
            return None
        tried.add(closer)
        script = lines + [closer]
        if certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
            return script
    return None


def _literal(v, ty) -> Expr:
    v = Fraction(v)
    mag = Expr("num", value=abs(v.numerator), ty=ty) if v.denominator == 1 else \
        Expr("div", (Expr("num", value=abs(v.numerator), ty=ty), Expr("num", value=v.denominator, ty=ty)), ty=ty)
    return Expr("neg", (mag,), ty=ty) if v < 0 else mag


def _value(e: Expr):
    from prover.kernel.evaluate import value
    try:
        return Fraction(value(e))
    except Exception:
        return None


def _arg(e: Expr) -> str:
    text = show(e)
    return text if e.op == "num" else f"({text})"


def _normal(e: Expr) -> bool:
    from prover.kernel.evaluate import normal_numeral
    return normal_numeral(e)


# -- equivalences -------------------------------------------------------------------------

def _definition(goal: Goal, f: str) -> tuple[str, Expr] | None:
    """A hypothesis `h : ∀ x, f x = e` (one binder, unguarded): (h, the ∀ statement)."""
    for name, h in goal.hypotheses:
        if "✝" in name or h.op != "forall":
            continue
        body = h.args[0]
        if body.op == "eq" and body.args[0].op == "apply" and body.args[0].value == f \
                and body.args[0].args == (Expr("var", value=h.value[0], ty=h.value[1]),) \
                and f not in {x.value for x in body.args[1].walk() if x.op == "apply"}:
            return name, h
    return None


def equiv_script(goal: Goal, equivs: list[str], checker: KernelChecker, deadline: float) -> list[str] | None:
    """`σ.2 c` from `σ.1 y = c` (`have w := σ.left_inv y; rw [v] at w`), `σ.1 c` from `σ.2 y = c`
    (`σ.right_inv`), `σ.1 c` by the definition `∀ x, σ.1 x = e`, `σ.2 c` by solving `e y = c`
    for a rational y (untrusted), equations `L = σ.2 t` turned into `σ.1 L = t`; then the goal
    by `norm_num [values]` or, with the definitions instantiated, `linarith`."""
    lines: list[str] = []
    taken: set = set()
    g = goal
    values: list[str] = []   # names of hypotheses `σ.k c = v` (closed)
    for sigma in equivs:
        fns = (f"{sigma}.1", f"{sigma}.2")
        defs = {f: _definition(g, f) for f in fns}
        other = {fns[0]: fns[1], fns[1]: fns[0]}
        # equations with a σ.k side: the other direction applied to both sides
        for name, h in list(g.hypotheses):
            if name.startswith(sigma + ".") or "✝" in name or h.op != "eq":
                continue
            for side in (0, 1):
                t = h.args[side]
                if t.op != "apply" or t.value not in fns or len(t.args) != 1:
                    continue
                closed = not free_vars(t.args[0]) and not free_vars(h.args[1 - side])
                if not closed and defs[other[t.value]] is None:
                    continue
                w = _fresh(g, "hinv", taken)
                step = [f"have {w} := {sigma}.{_law_of(t.value)} {_arg(t.args[0])}",
                        f"rw [{'' if side == 0 else '← '}{name}] at {w}"]
                g2 = g
                for line in step:
                    g2 = _step(g2, line, checker) if g2 is not None else None
                if g2 is not None:
                    g = g2
                    lines += step
                    if closed:
                        values.append(w)
                break
        # closed calls of the goal, innermost first
        known: dict = {}
        for name, h in g.hypotheses:
            if h.op == "eq" and h.args[0].op == "apply" and h.args[0].value in fns and not free_vars(h) \
                    and "✝" not in name:
                a, v = _value(h.args[0].args[0]), _value(h.args[1])
                if a is not None and v is not None:
                    known.setdefault((h.args[0].value, a), (v, name, h.args[1]))
        calls = [x for x in g.target.walk() if x.op == "apply" and x.value in fns]
        for call in reversed(calls):   # `walk` is pre-order: inner calls come after outer ones
            if time.monotonic() >= deadline:
                return None
            arg = _evaluated_arg(call.args[0], known)
            if arg is None:
                continue
            c, c_lit = arg
            f = call.value
            if (f, c) in known:
                continue
            found = _equiv_value(g, f, c, c_lit, known, defs, other[f], sigma, checker, taken)
            if found is None:
                continue
            g, new_lines, _ = found
            lines += new_lines
        values += [hyp for _, hyp, _ in known.values()]
    if not lines:
        return None
    closers = []
    if values:
        closers += [f"norm_num [{', '.join(dict.fromkeys(values))}]"]
    closers += ["linarith"]
    script = _finish(goal, lines, g, closers, checker, deadline)
    if script:
        return script
    more, richer = R._instantiate_definitions(g)
    if more:
        return _finish(goal, lines + more, richer, ["linarith", "nlinarith"], checker, deadline)
    return None


def _law_of(inner: str) -> str:
    """The field about `σ.other (inner a)`: `σ.left_inv a : σ.2 (σ.1 a) = a` for an inner
    `σ.1`, `σ.right_inv a : σ.1 (σ.2 a) = a` for an inner `σ.2`."""
    return "left_inv" if inner.endswith(".1") else "right_inv"


def _evaluated_arg(a: Expr, known: dict):
    """The value of a call's argument, its inner calls replaced by known values, and the
    literal `norm_num [facts]` leaves there (None when not a closed numeral term)."""
    inner = [x for x in a.walk() if x.op == "apply"]
    if not inner:
        v = _value(a)
        return None if v is None or free_vars(a) else (v, a)
    if a.op == "apply" and len(a.args) == 1:
        sub = _evaluated_arg(a.args[0], known)
        if sub is None or (a.value, sub[0]) not in known:
            return None
        v, _, lit = known[(a.value, sub[0])]
        return v, lit
    return None


def _equiv_value(g: Goal, f: str, c, c_lit: Expr, known: dict, defs: dict, inv: str, sigma: str,
                 checker: KernelChecker, taken: set):
    """Lines proving `f c = v` (a new hypothesis), with the goal after them; None if none."""
    lines: list[str] = []
    if defs[f] is not None:   # f c by its definition
        name, h = defs[f]
        inst = substitute(h.args[0], h.value[0], c_lit)
        v = _value(inst.args[1])
        if v is None:
            return None
        e = _fresh(g, "hdef", taken)
        lines.append(f"have {e} : {show(inst)} := by exact {name} {_arg(c_lit)}")
        fact = _fresh(g, "hval", taken)
        prop = f"{show(inst.args[0])} = {show(_literal(v, inst.args[0].ty))}"
        g2 = _step(g, lines[0], checker)
        if g2 is None:
            return None
        for closer in (f"norm_num [{e}]", "linarith"):
            line = f"have {fact} : {prop} := by {closer}"
            g3 = _step(g2, line, checker)
            if g3 is not None:
                known[(f, c)] = (v, fact, _literal(v, inst.args[0].ty))
                return g3, lines + [line], fact
        return None
    # f c = y where inv y = c: from a known value of inv, or by solving inv's definition
    source = next(((y, hyp) for (fn, y), (v, hyp, _) in known.items() if fn == inv and v == c), None)
    g2 = g
    if source is None and defs[inv] is not None:
        name, h = defs[inv]
        y = _solve_one(h.args[0].args[1], h.value[0], c)
        if y is None:
            return None
        y_lit = _literal(y, h.value[1])
        inst = substitute(h.args[0], h.value[0], y_lit)
        e = _fresh(g, "hdef", taken)
        hv = _fresh(g, "hval", taken)
        first = f"have {e} : {show(inst)} := by exact {name} {_arg(y_lit)}"
        g2 = _step(g2, first, checker)
        if g2 is None:
            return None
        prop = f"{show(inst.args[0])} = {show(c_lit)}"
        for closer in (f"norm_num [{e}]", "linarith"):
            line = f"have {hv} : {prop} := by {closer}"
            g3 = _step(g2, line, checker)
            if g3 is not None:
                g2 = g3
                lines += [first, line]
                source = (y, hv)
                known[(inv, y)] = (c, hv, c_lit)
                break
        else:
            return None
    if source is None:
        return None
    y, hyp = source
    hyp_prop = g2.hypothesis(hyp)
    if hyp_prop is None or hyp_prop.args[0].op != "apply":
        return None
    y_lit = hyp_prop.args[0].args[0]
    w = _fresh(g, "hinv", taken)
    step = [f"have {w} := {sigma}.{_law_of(inv)} {_arg(y_lit)}",
            f"rw [{hyp}] at {w}"]
    for line in step:
        g2 = _step(g2, line, checker) if g2 is not None else None
    if g2 is None:
        return None
    known[(f, c)] = (y, w, y_lit)
    return g2, lines + step, w


def _solve_one(e: Expr, x: str, c) -> Fraction | None:
    """A rational y with e[x := y] = c: exact when e is affine or `k / x` in x (read off
    three sample values), else the integers up to 200 and halves up to 50 tried. Untrusted:
    each candidate is checked by exact evaluation, and the kernel checks the script."""
    ty = next((n.ty for n in e.walk() if n.op == "var" and n.value == x), None)
    if ty is None:
        return None

    def at(y):
        return _value(substitute(e, x, _literal(y, ty)))
    p1, p2, p3 = at(1), at(2), at(3)
    candidates = []
    if None not in (p1, p2, p3):
        b = p2 - p1
        if p3 - p2 == b and b != 0:
            candidates.append((c - (p1 - b)) / b)
        if p1 == 2 * p2 == 3 * p3 and c != 0:
            candidates.append(p1 / c)
    candidates += [Fraction(s * k) for k in range(201) for s in (1, -1)] + \
        [Fraction(s * k, 2) for k in range(1, 101, 2) for s in (1, -1)]
    for y in candidates:
        if ty in (INT,) and y.denominator != 1:
            continue
        if at(y) == c:
            return y
    return None


# -- functional equations and polynomial identities ----------------------------------------

def _peel(h: Expr):
    """`∀ x₁ …, P₁ → … → a = b` ↦ (binders, premises, equation); None otherwise."""
    binders, premises, body = [], [], h
    while body.op in ("forall", "imp"):
        if body.op == "forall":
            binders.append(body.value)
        else:
            premises.append(body.args[0])
        body = body.args[-1]
    if not binders or body.op != "eq" or body.value not in (INT, RAT, REAL):
        return None
    return binders, premises, body


def _rule(h: Expr) -> bool:
    p = _peel(h)
    return p is not None and len(p[0]) <= 2 and all(ty in (INT, RAT, REAL) for _, ty in p[0])


def _patterns(body: Expr, names: set) -> list[Expr]:
    """The arguments of local function applications in `body` that mention a binder."""
    out = []
    for x in body.walk():
        if x.op == "apply" and len(x.args) == 1 and free_vars(x.args[0]) & names and x.args[0] not in out:
            out.append(x.args[0])
    return out


def instance_script(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    from prover.kernel.evaluate import holds
    rules = []
    equivs = {n for n, ty in goal.variables if isinstance(ty, tuple) and ty[0] == "Equiv"}
    for name, h in goal.hypotheses:
        if "✝" in name or not _rule(h) or name.split(".")[0] in equivs:
            continue
        binders, _, body = _peel(h)
        if h.op != "forall":
            continue
        rules.append((name, h, binders, body))
    if not rules:
        return None
    points: list[Fraction] = []
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        for x in e.walk():
            if x.op == "apply" and len(x.args) == 1 and not free_vars(x.args[0]):
                v = _value(x.args[0])
                if v is not None and v not in points:
                    points.append(v)
    seeded = not points
    if seeded:
        points = [Fraction(s) for s in SEEDS]
    instances: list[tuple[str, tuple]] = []
    for _ in range(3):
        added = False
        for name, h, binders, body in rules:
            names = {b for b, _ in binders}
            pats = _patterns(body, names)
            if seeded and _is_definition(body, names) and not _assignments_needed(h, rules):
                continue   # `∀ x, f x = e` with no point named: instantiated where applied instead
            for vals in _assignments(binders, pats, points):
                if len(instances) >= MAX_INSTANCES:
                    break
                if (name, vals) in instances:
                    continue
                inst = _instantiate(h, binders, vals)
                if inst is None:
                    continue
                premises_ok = True
                stmt = inst
                while stmt.op == "imp":
                    try:
                        premises_ok = premises_ok and holds(stmt.args[0])
                    except Exception:
                        premises_ok = False
                    stmt = stmt.args[1]
                if not premises_ok:
                    continue
                instances.append((name, vals))
                added = True
                for x in stmt.walk():
                    if x.op == "apply" and len(x.args) == 1 and not free_vars(x.args[0]):
                        v = _value(x.args[0])
                        if v is not None and v not in points and len(points) < MAX_POINTS:
                            points.append(v)
        if not added or time.monotonic() >= deadline:
            break
    lines, g = R._instantiate_definitions(goal)   # definitions at the goal's other applications (`f (2 * a)`)
    if not instances:   # definitions alone (reconstruct_leaf tries linarith on them itself): cancellation
        return _cancelled(goal, lines, g, checker, deadline) if lines and _has_nonzero(g) else None
    taken: set = set()
    for name, vals in instances:
        if time.monotonic() >= deadline:
            return None
        h = goal.hypothesis(name)
        binders, _, _ = _peel(h)
        stmt = _instantiate(h, binders, vals)
        i = 0
        words = []
        e = h
        while e.op in ("forall", "imp"):
            if e.op == "forall":
                words.append(_arg(_literal(vals[i], e.value[1])))
                i += 1
            else:
                words.append("(by norm_num)")
            e = e.args[-1]
        while stmt.op == "imp":
            stmt = stmt.args[1]
        en = _fresh(g, "hinst", taken)
        line = f"have {en} : {show(stmt)} := by exact {name} {' '.join(words)}"
        g2 = _step(g, line, checker)
        if g2 is None:
            continue
        g, step = g2, [line]
        for x in list(dict.fromkeys(x for x in stmt.walk() if x.op == "apply" and len(x.args) == 1)):
            t = x.args[0]
            if free_vars(t) or _normal(t) or t.op in ("num",):
                continue
            v = _value(t)
            if v is None or t == _literal(v, t.ty):
                continue
            k = _fresh(g, "harg", taken)
            eq = f"have {k} : ({show(t)} : {t.ty}) = {show(_literal(v, t.ty))} := by norm_num"
            g2 = _step(g, eq, checker)
            g3 = _step(g2, f"rw [{k}] at {en}", checker) if g2 is not None else None
            if g3 is not None:
                g = g3
                step += [eq, f"rw [{k}] at {en}"]
        lines += step
    if not lines:
        return None
    script = _finish(goal, lines, g, ["linarith", "nlinarith"], checker, deadline)
    if script or time.monotonic() >= deadline:
        return script
    return _cancelled(goal, lines, g, checker, deadline)


def _has_nonzero(g: Goal) -> bool:
    return any(h.op == "ne" or (h.op == "and" and any(p.op == "ne" for p in h.args)) for _, h in g.hypotheses)


def _cancelled(goal: Goal, lines: list[str], g: Goal, checker: KernelChecker, deadline: float):
    """The goal by cancelling a nonzero factor, directly or through an intermediate `q = 0`."""
    named, g2 = R._name_conjuncts(g)
    script = _finish(goal, lines + named, g2, _cancel_closers(g2, deadline), checker, deadline)
    if script or time.monotonic() >= deadline:
        return script
    return _via_intermediate(goal, lines + named, g2, checker, deadline)


def _via_intermediate(goal: Goal, lines: list[str], g: Goal, checker: KernelChecker, deadline: float):
    """A factor `d * q` of a polynomial consequence of the equations (Gröbner basis with the
    function applications eliminated; untrusted), `d` nonzero by a hypothesis: `have hq : q = 0`
    by cancellation, then the goal by `linarith` or another cancellation."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    found = run_with_limit(_cofactor_quotients, (g,), seconds=min(2.0, max(deadline - time.monotonic(), 0.05)))
    if found is TIMED_OUT or not found:
        return None
    for q in found[:4]:
        if time.monotonic() >= deadline:
            return None
        text = f"{q} = 0"
        try:
            prop = Elaborator(g.context).prop(parse_term(text))
        except Exception:   # a quotient the front end cannot read proposes nothing
            continue
        sub = g.with_target(prop)
        for closer in _cancel_closers(sub, deadline):
            name = _fresh(g, "hq", set())
            line = f"have {name} : {text} := by {closer}"
            g2 = _step(g, line, checker)
            if g2 is None:
                continue
            script = _finish(goal, lines + [line], g2, ["linarith"] + _cancel_closers(g2, deadline), checker, deadline)
            if script:
                return script
            break
    return None


def _cofactor_quotients(g: Goal) -> list[str]:
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    tr = PolyTranslator()
    atoms: dict = {}
    try:
        gens = [sympy.expand(tr(R._atomize(h.args[0], atoms)) - tr(R._atomize(h.args[1], atoms)))
                for _, h in g.hypotheses if h.op == "eq" and h.value == REAL][:8]
        nonzero = []
        for _, h in g.hypotheses:
            if h.op == "ne" and h.value == REAL:
                nonzero.append(sympy.expand(tr(h.args[0]) - tr(h.args[1])))
    except (NotPolynomial, RecursionError):
        return []
    if not gens or not nonzero:
        return []
    atom_syms = [tr.symbols[k] for k in atoms if k in tr.symbols]
    others = sorted((x for x in tr.symbols.values() if x not in atom_syms), key=str)
    if not others:
        return []
    basis = sympy.groebner(gens, *atom_syms, *others, order="lex")
    free = [p for p in basis.exprs if not p.free_symbols & set(atom_syms)]
    polys = free + [sympy.expand(p - c * r) for i, p in enumerate(free) for r in free[i + 1:] for c in (1, -1)]
    out = []
    for p in polys:
        for d in nonzero:
            if not d.free_symbols:
                continue
            q, r = sympy.div(sympy.Poly(p, *others), sympy.Poly(d, *others))
            if r.is_zero and q.total_degree() >= 1:
                out.append(R._poly_text(q.as_expr()))
    return out


def symbolic_script(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`h : ∀ x, … f x … = … f (t x) …` at the goal's non-closed arguments s (`have e := h (s)`),
    an argument t of the instance aligned to a goal argument s' it equals by `ring` (`have k : t
    = s' := by ring`, `rw [k] at e`), then `linarith`."""
    calls = [x for x in goal.target.walk() if x.op == "apply" and len(x.args) == 1 and free_vars(x.args[0])]
    if not calls:
        return None
    args = list(dict.fromkeys(c.args[0] for c in calls))
    lines: list[str] = []
    taken: set = set()
    g = goal
    for name, h in goal.hypotheses:
        if "✝" in name or h.op != "forall" or h.args[0].op != "eq" or h.value[1] not in (INT, RAT, REAL):
            continue
        x, ty = h.value
        if not any(c.op == "apply" and c.args == (Expr("var", value=x, ty=ty),) for c in h.args[0].walk()):
            continue
        for a in args:
            if a.ty != ty or time.monotonic() >= deadline or len(lines) > 12:
                continue
            en = _fresh(g, "hinst", taken)
            stmt = substitute(h.args[0], x, a)
            g2 = _step(g, f"have {en} := {name} ({show(a)})", checker)
            if g2 is None:
                continue
            g, step = g2, [f"have {en} := {name} ({show(a)})"]
            for c in list(dict.fromkeys(c for c in stmt.walk() if c.op == "apply" and len(c.args) == 1)):
                t = c.args[0]
                if t in args or not free_vars(t):
                    continue
                for target in args:
                    if target.ty != t.ty:
                        continue
                    k = _fresh(g, "harg", taken)
                    eq = f"have {k} : {show(t)} = {show(target)} := by ring"
                    g2 = _step(g, eq, checker)
                    g3 = _step(g2, f"rw [{k}] at {en}", checker) if g2 is not None else None
                    if g3 is not None:
                        g = g3
                        step += [eq, f"rw [{k}] at {en}"]
                        break
            lines += step
    if not lines:
        return None
    return _finish(goal, lines, g, ["linarith"], checker, deadline)


def _cancel_closers(g: Goal, deadline: float) -> list[str]:
    """For an ℝ equation `L = R` and a hypothesis `hd : d ≠ 0`: `linarith [mul_left_cancel₀ hd
    (by linear_combination e : d * (L) = d * (R))]`, `e` from the untrusted cofactor finder
    (Mathlib's `mul_left_cancel₀ (ha : a ≠ 0) (h : a * b = a * c) : b = c`)."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    t = g.target
    if t.op != "eq" or t.value != REAL:
        return []
    out = []
    for n, h in g.hypotheses:
        if time.monotonic() >= deadline:
            break
        if h.op != "ne" or h.value != REAL or "✝" in n:
            continue
        d, proof = h.args[0], n
        if not (h.args[1].op == "num" and h.args[1].value == 0):   # `u ≠ v`: `sub_ne_zero.mpr h : u - v ≠ 0`
            d, proof = Expr("sub", h.args, ty=REAL), f"(sub_ne_zero.mpr {n})"
        text = f"({show(d)}) * ({show(t.args[0])}) = ({show(d)}) * ({show(t.args[1])})"
        try:
            prop = Elaborator(g.context).prop(parse_term(text))
        except Exception:
            continue
        for cand in R.linear_combination_candidates(g.with_target(prop), budget_s=1.0, deadline=deadline):
            out.append(f"linarith [mul_left_cancel₀ {proof} (by {cand} : {text})]")
    return out


def _is_definition(body: Expr, names: set) -> bool:
    lhs = body.args[0]
    return lhs.op == "apply" and len(lhs.args) == 1 and lhs.args[0].op == "var" and lhs.args[0].value in names


def _assignments_needed(h: Expr, rules) -> bool:
    """Another rule applies the same function at a shifted argument (`f (x + 3)`): the seeds
    link the two."""
    _, _, body = _peel(h)
    f = body.args[0].value
    return any(r[1] is not h and any(x.op == "apply" and x.value == f for x in r[3].walk()) for r in rules)


def _instantiate(h: Expr, binders, vals) -> Expr:
    """`h` with its leading binders (through premises) replaced by the values' literals."""
    if h.op == "forall" and vals:
        name, ty = h.value
        return _instantiate(substitute(h.args[0], name, _literal(vals[0], ty)), binders[1:], vals[1:])
    if h.op == "imp" and vals:
        return Expr("imp", (h.args[0], _instantiate(h.args[1], binders, vals)), ty=h.ty)
    return h


def _assignments(binders, pats: list[Expr], points: list[Fraction]):
    """Binder values sending some argument patterns onto points: each binder solved from one
    pattern (one binder), or two patterns on two points (two binders, the second binder solved
    after the first is fixed by a pattern with it alone); polynomial identities (no patterns)
    at the small seeds."""
    names = [b for b, _ in binders]
    if not pats:
        if len(binders) == 1:
            for s in SEEDS:
                yield (Fraction(s),)
        return
    if len(binders) == 1:
        x = names[0]
        for p in pats:
            for c in points:
                y = _solve_one(p, x, c)
                if y is not None:
                    yield (y,)
        return
    x, y = names
    for p in pats:
        if free_vars(p) & {x, y} != {x}:
            continue
        for c in points:
            xv = _solve_one(p, x, c)
            if xv is None:
                continue
            for q in pats:
                if y not in free_vars(q):
                    continue
                q1 = substitute(q, x, _literal(xv, binders[0][1]))
                for d in points:
                    if d == c and q1 == p:
                        continue
                    yv = _solve_one(q1, y, d)
                    if yv is not None:
                        yield (xv, yv)

