"""Function values determined by hypotheses: definitions, guarded definitions, recurrences
and given values, turned into exact (memoized) evaluators.

`h₀ : x 1 = 211`, `h₆ : ∀ n ≥ 5, x n = x (n - 1) - x (n - 2) + ...` determine `x 531`; so do
`∀ n, u (n + 2) = ...` with initial values. A value is produced only when a hypothesis
yields it, so every computed value follows from the hypotheses.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (u : ℕ → ℕ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = 2 * u n) : u 10 = 1024").goal
>>> function_tables(g)["u"](10)
1024
"""

from __future__ import annotations

import sys
from fractions import Fraction

from prover.decide.evaluate import Evaluator, NotEvaluable
from prover.state import Goal
from prover.syntax.ast import INT, NAT, Expr, free_vars

WARMUP_LIMIT = 100_000


class _Rule:
    def __init__(self, params: dict, guard: Expr | None, patterns: tuple, body: Expr):
        self.params, self.guard, self.patterns, self.body = params, guard, patterns, body

    def bind(self, args) -> dict | None:
        env = {}
        for p, a in zip(self.patterns, args):
            if p.op == "var" and p.value in self.params:
                if p.value in env and env[p.value] != a:
                    return None
                env[p.value] = a
            elif p.op in ("add", "sub") and p.args[0].op == "var" and p.args[0].value in self.params \
                    and p.args[1].op == "num" and not isinstance(a, Fraction) and isinstance(a, int):
                c = int(p.args[1].value)
                name = p.args[0].value
                if p.op == "sub":
                    return None  # truncated subtraction has no unique preimage
                v = a - c
                if self.params[name] == NAT and v < 0:
                    return None
                if name in env and env[name] != v:
                    return None
                env[name] = v
            else:
                return None
        return env if set(env) == set(self.params) else None


def _rules_from(goal: Goal, fname: str):
    values: dict[tuple, Expr] = {}
    rules: list[_Rule] = []
    for _, h in goal.hypotheses:
        params = {}
        guard_parts = []
        while True:
            if h.op == "forall":
                params[h.value[0]] = h.value[1]
                h = h.args[0]
            elif h.op == "imp" and params:
                guard_parts.append(h.args[0])
                h = h.args[1]
            else:
                break
        if h.op != "eq":
            continue
        for lhs, rhs in ((h.args[0], h.args[1]), (h.args[1], h.args[0])):
            if lhs.op != "apply" or lhs.value != fname:
                continue
            if not params:
                if not free_vars(lhs) - {fname} and not (free_vars(rhs) - _function_vars(goal)):
                    values.setdefault(lhs.args, rhs)
                continue
            if any(n.op == "apply" and n.value == fname for n in lhs.args for n in n.walk()):
                continue
            guard = None
            for gp in guard_parts:
                guard = gp if guard is None else Expr("and", (guard, gp), ty="Prop")
            rules.append(_Rule(params, guard, lhs.args, rhs))
            break
    return values, rules


def _function_vars(goal: Goal) -> set[str]:
    return {n for n, t in goal.variables if isinstance(t, tuple)}


def function_tables(goal: Goal) -> dict:
    """Callables for each function variable, computing values the hypotheses determine."""
    tables: dict = {}
    for name, ty in goal.variables:
        if isinstance(ty, tuple) and ty[0] == "→":
            tables[name] = _Table(name, ty, goal, tables)
    return tables


class _Table:
    def __init__(self, name, ty, goal, tables):
        self.name, self.domain = name, ty[1]
        self.goal, self.tables = goal, tables
        self.values_raw, self.rules = _rules_from(goal, name)
        self.memo: dict = {}
        self.active: set = set()
        self.values = None
        self.warmed = False

    def _ground_values(self):
        if self.values is None:
            self.values = {}
            ev = Evaluator(functions=self.tables)
            for args, rhs in self.values_raw.items():
                try:
                    key = tuple(ev.term(a) for a in args)
                    self.values.setdefault(key, ev.term(rhs))
                except (NotEvaluable, ZeroDivisionError, RecursionError):
                    continue
        return self.values

    def __call__(self, *args):
        key = tuple(args)
        if key in self.memo:
            return self.memo[key]
        if len(args) == 1 and self.domain[0] in (NAT, INT) and not self.warmed and isinstance(args[0], int) \
                and 0 < args[0] <= WARMUP_LIMIT:
            self.warmed = True
            for v in range(0, args[0]):  # fill the memo bottom-up to keep recursion shallow
                try:
                    self(v)
                except (NotEvaluable, RecursionError, ZeroDivisionError):
                    continue
        if key in self.active:
            raise NotEvaluable(f"{self.name} depends on itself at {args}")
        self.active.add(key)
        try:
            value = self._compute(key)
        finally:
            self.active.discard(key)
        self.memo[key] = value
        return value

    def _compute(self, key):
        values = self._ground_values()
        if key in values:
            return values[key]
        for rule in self.rules:
            env = rule.bind(key)
            if env is None:
                continue
            ev = Evaluator(env, self.tables)
            if rule.guard is not None and not ev.prop(rule.guard):
                continue
            return ev.term(rule.body)
        raise NotEvaluable(f"no hypothesis determines {self.name} {key}")


def evaluate_with_tables(goal: Goal) -> bool:
    """Decide a goal whose only free symbols are functions fixed by its hypotheses."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    return Evaluator(functions=function_tables(goal)).prop(goal.target)
