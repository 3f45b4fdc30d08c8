"""`omega` (Lean 4 core, `Lean/Elab/Tactic/Omega/Frontend.lean`): linear arithmetic over ℕ and ℤ.

Lean's `omega` turns the goal into `False` (`falseOrByContra`: the negated goal becomes a
fact), reads every hypothesis it understands (`addFact`, after `whnfR`), splits ∧ ∨ ¬ → ↔,
and linearizes terms (`asLinearCombo`); it ignores every other hypothesis. This module
encodes exactly that reading into Z3's quantifier-free linear integer arithmetic (trusted
for this fragment by issue 13) and closes the goal when `facts ∧ ¬goal` is unsat. Each
clause below names the Lean definition or lemma it mirrors. Anything else is weaker here:

- a proposition `addFact` does not understand (`Nat.Prime p`, `Even n`, a comparison over ℝ,
  `∀`/`∃`, `k ∣ e` with `k` not a literal) is a fresh Boolean at each occurrence, so it carries
  no information, as when Lean drops it;
- a subterm `asLinearCombo` does not linearize (`x * y`, `x ^ 2`, `f x`, `x / y`, `Nat.gcd a b`)
  is an atom: an integer keyed by its α-canonical term (Lean: up to reducible defeq, so we
  identify fewer atoms, never more), nonnegative when it is a natural number
  (`Int.ofNat_nonneg`);
- ground terms of literals under `+ - * / % ^ ↑` are evaluated (`groundNat?`/`groundInt?`).

Known gap (documented in docs/ARCHITECTURE.md): Lean's omega omits the dark and grey shadows
of Pugh's algorithm, so on rare problems needing an inexact Fourier–Motzkin elimination Lean
fails where this exact decision succeeds.

>>> from prover.state import load_theorem
>>> prove_omega(load_theorem("theorem t (n : ℕ) (h : n % 6 = 5) : n % 3 = 2").goal)[0]
'unsat'
>>> prove_omega(load_theorem("theorem t (x y : ℤ) : x * y = y * x").goal)[0]
'sat'
"""

from __future__ import annotations

import z3

from prover.kernel.evaluate import NotEvaluable, value
from prover.kernel.terms import canonical
from prover.syntax.ast import INT, NAT, Expr, free_vars

TIMEOUT_MS = 2000         # Z3's own limit (it keeps it: numerals are capped below)
MAX_NUMERAL = 10 ** 40    # beyond this Z3 may ignore its timeout: refused
GROUND = frozenset({"num", "add", "sub", "mul", "div", "mod", "neg", "pow", "cast"})
RELATIONS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
             "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


class TooLarge(Exception):
    """A numeral beyond `MAX_NUMERAL`: refused rather than risk an unbounded Z3 call."""


class Encoding:
    """The facts of one `omega` call as Z3 terms; `side` holds the defining constraints of the
    fresh integers (quotients, atoms), each a consequence of a Lean definition."""

    def __init__(self, unfold: frozenset = frozenset()):
        self.unfold = unfold      # the types (ℕ: `Nat.ModEq`, ℤ: `Int.ModEq`) a preceding `simp only` unfolded
        self.ctx = z3.Context()
        self.atoms: dict = {}
        self.side: list = []
        self.fresh = 0

    def _new(self, kind: str, sort="int"):
        self.fresh += 1
        mk = z3.Int if sort == "int" else z3.Bool
        return mk(f"{kind}{self.fresh}", self.ctx)

    def _num(self, v: int):
        if abs(v) > MAX_NUMERAL:
            raise TooLarge(str(v))
        return z3.IntVal(v, self.ctx)

    def _ground(self, e: Expr):
        if free_vars(e) or any(x.op not in GROUND for x in e.walk()):
            return None
        try:
            v = value(e)
        except (NotEvaluable, ZeroDivisionError):
            return None
        return v if isinstance(v, int) else None

    def atom(self, e: Expr):
        """An opaque integer for `e`; a natural-number atom is `≥ 0` (`Int.ofNat_nonneg`)."""
        key = canonical(e)
        if key not in self.atoms:
            self.atoms[key] = a = self._new("atom")
            if e.ty == NAT:
                self.side.append(a >= 0)
        return self.atoms[key]

    def term(self, e: Expr):
        """The integer value of an ℕ/ℤ term (an ℕ term is read through `↑` as omega does)."""
        if e.ty not in (NAT, INT):   # never read an untyped term's `-` or `/` by guess
            return self.atom(e)
        k = self._ground(e)
        if k is not None:
            return self._num(k)
        op, args = e.op, e.args
        if op in ("add", "neg") or (op == "sub" and e.ty == INT):  # `Int.add`/`Int.neg`/`Int.sub`, `Int.ofNat_add`
            parts = [self.term(a) for a in args]
            return parts[0] + parts[1] if op == "add" else -parts[0] if op == "neg" else parts[0] - parts[1]
        if op == "sub":   # ℕ: `Nat.sub` truncates; omega splits `b ≤ a ∧ ↑(a - b) = a - b ∨ a < b ∧ ↑(a - b) = 0`
            a, b = self.term(args[0]), self.term(args[1])
            return z3.If(a >= b, a - b, self._num(0))
        if op == "mul":   # linear only when a factor is ground (`LinearCombo.mul` with a constant side)
            for i in (0, 1):
                k = self._ground(args[i])
                if k is not None:
                    return self._num(k) * self.term(args[1 - i])
            return self.atom(e)
        if op == "div":
            k = self._ground(args[1])
            if k is None:
                return self.atom(e)
            return self._ediv(self.term(args[0]), k)
        if op == "mod":   # `Int.emod_def`: a % k = a - k * (a / k), `k` a natural literal (`groundNat?`)
            k = self._ground(args[1])
            if k is None or k < 0:
                return self.atom(e)
            a = self.term(args[0])
            return a - self._num(k) * self._ediv(a, k)
        if op == "cast" and e.ty == INT and args[0].ty == NAT:   # `Int.ofNat_add/mul/ediv/emod/sub`: same integer
            return self.term(args[0])
        if op == "call" and e.value in ("min", "max") and len(args) == 2:   # `Int.min_def`, `Int.max_def`
            a, b = self.term(args[0]), self.term(args[1])
            return z3.If(a <= b, a, b) if e.value == "min" else z3.If(a <= b, b, a)
        return self.atom(e)

    def _ediv(self, a, k: int):
        """`Int.ediv a k` (ℕ division is the same on `a ≥ 0`, `Int.ofNat_ediv`): `a / 0 = 0`
        (`Int.ediv_zero`), `a / -k = -(a / k)` (`Int.ediv_neg`), and for `k > 0` a fresh `q`
        with `k * q ≤ a < k * q + k` (`Int.mul_ediv_self_le`, `Int.lt_mul_ediv_self_add`)."""
        if k == 0:
            return self._num(0)
        if k < 0:
            return -self._ediv(a, -k)
        q = self._new("q")
        kk = self._num(k)
        self.side += [kk * q <= a, a < kk * q + kk]
        return q

    def prop(self, p: Expr):
        """A proposition as omega reads it; anything it does not understand is a fresh Boolean."""
        op, args = p.op, p.args
        if op == "false":   # `False` is a contradiction; `¬True` is not a fact omega reads (opaque below)
            return z3.BoolVal(False, self.ctx)
        if op in ("not", "and", "or", "imp", "iff"):   # `Decidable.not_or_of_imp`, `and_not_or_not_and_of_not_iff`, …
            parts = [self.prop(a) for a in args]
            return {"not": lambda: z3.Not(parts[0]), "and": lambda: z3.And(*parts), "or": lambda: z3.Or(*parts),
                    "imp": lambda: z3.Implies(*parts), "iff": lambda: parts[0] == parts[1]}[op]()
        if op in RELATIONS and p.value in (NAT, INT) and not (from_modeq(p) and p.value not in self.unfold):   # `Int.ofNat_le`, `Int.sub_nonneg_of_le`, `Int.lt_or_gt_of_ne`
            return RELATIONS[op](self.term(args[0]), self.term(args[1]))
        if op == "dvd" and p.value in (NAT, INT) and args[0].op == "num":
            k = int(args[0].value)   # `Nat.mod_eq_zero_of_dvd`/`Nat.emod_pos_of_not_dvd`; ℤ needs k > 0:
            if k > 0 or p.value == NAT:   # `Int.emod_pos_of_not_dvd` gives nothing for k = 0
                a = self.term(args[1])
                return a - self._num(k) * self._ediv(a, k) == 0
        return self._new("opaque", "bool")


def from_modeq(p: Expr) -> bool:
    """Whether the equation is the parser's reading of `a ≡ b [MOD n]` (`Nat.ModEq n a b`, by
    definition `a % n = b % n`; the parser gives the equation and both remainders the position
    of the `≡` statement, which a written `a % n = b % n` never has). `Nat.ModEq` and
    `Int.ModEq` are semireducible, so omega's `whnfR` does not unfold them: not a fact for it."""
    return (p.op == "eq" and p.pos is not None and all(a.op == "mod" for a in p.args)
            and p.args[0].pos == p.pos == p.args[1].pos)


def modeq_types(goal) -> frozenset:
    """The types of the `≡ [MOD]` (ℕ) and `≡ [ZMOD]` (ℤ) statements of the goal and its hypotheses."""
    return frozenset(x.value for p in [goal.target] + [h for _, h in goal.hypotheses]
                     for x in p.walk() if from_modeq(x))


def modeq_signature(goal) -> tuple:
    """Where the goal's `≡` statements are (their indices in each proposition's walk): positions
    are outside `Expr` equality, so a cache keyed by the goal alone would conflate `a ≡ b [MOD n]`
    with a written `a % n = b % n`, which omega reads and `Nat.ModEq` it does not."""
    return tuple(tuple(i for i, x in enumerate(p.walk()) if from_modeq(x))
                 for p in [goal.target] + [h for _, h in goal.hypotheses])


def prove_omega(goal, unfold: frozenset = frozenset()) -> tuple[str, tuple[str, ...]]:
    """('unsat' | 'sat' | 'unknown' | 'too large', the encoded facts) for hypotheses ∧ ¬goal;
    `unfold`: the ModEq types read as their definition (`simp only [Nat.ModEq] at *` first)."""
    enc = Encoding(unfold)
    try:
        facts = [enc.prop(h) for _, h in goal.hypotheses] + [z3.Not(enc.prop(goal.target))]
        solver = z3.SolverFor("QF_LIA", ctx=enc.ctx)
        solver.set("timeout", TIMEOUT_MS)
        solver.add(*enc.side, *facts)
        answer = str(solver.check())
    except TooLarge:
        return "too large", ()
    except z3.Z3Exception as err:   # Z3 failing on its input is a refusal, never a step
        return f"z3 error: {err}", ()
    return answer, tuple(str(f) for f in enc.side + facts)
