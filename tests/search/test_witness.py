"""∃ goals by `use w`, ¬∃ goals by `intro` + `obtain` (prover.search.witness)."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

import prover.search.reconstruct as R
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.witness import candidates, exists_leaf
from prover.state import load_theorem


def leaf(statement: str, seconds: float = 6.0):
    goal = load_theorem(statement).goal
    return goal, exists_leaf(goal, KernelChecker(), time.monotonic() + seconds, R)


def certified(goal, script) -> bool:
    return certify(goal, "\n".join(script), KernelChecker()).ok


def test_integer_quotient_witness_closed_by_omega():
    goal, script = leaf("theorem t (n : ℤ) (h : n % 2 = 1) : ∃ k : ℤ, n = 4 * k + 1 ∨ n = 4 * k + 3")
    assert script is not None and script[0].startswith("use ") and "/ 4" in script[0]
    assert certified(goal, script)


def test_nested_binders_one_use_line_each():
    goal, script = leaf("theorem t (m : ℕ) (h : m % 4 = 0) : ∃ a b : ℕ, a % 2 = 0 ∧ b % 2 = 0 ∧ m = a * b")
    assert script is not None and [s.split()[0] for s in script[:2]] == ["use", "use"]
    assert certified(goal, script)


def test_use_closed_by_its_discharger_has_nothing_after_it():
    # `use (x ^ 2 + 3)` leaves `x ^ 2 + 3 = x ^ 2 + 3`, closed by the discharger's `rfl`: a
    # following tactic would fail in Lean ("no goals")
    goal, script = leaf("theorem t (x : ℝ) : ∃ y, y = x ^ 2 + 3")
    assert script == ["use (x ^ 2 + 3)"]


def test_rational_witness_from_the_model():
    goal, script = leaf("theorem t : ∃ x : ℝ, 2 * x = 3 ∧ 0 < x")
    assert script is not None and "3 / 2" in script[0] and certified(goal, script)


def test_no_witness_by_intro_and_obtain():
    goal, script = leaf("theorem t : ¬ ∃ x : ℝ, x ^ 2 + 1 = 0")
    assert script is not None and script[:2] == ["intro h", "obtain ⟨x, h⟩ := h"]
    assert certified(goal, script)


def test_refusals():
    for statement in ("theorem t : ∃ x : ℤ, x > 3 ∧ x ^ 2 = 9",          # side condition fails for ±3
                      "theorem t : ∃ n : ℕ, n + 3 = 1",                    # only witness negative
                      "theorem t : ∃ x : ℤ, 2 * x = 3",                    # only witness 3/2
                      "theorem t (z : ℤ) : ∃ x : ℤ, ∀ z : ℤ, x = z + 1",   # `use z` must not be captured
                      "theorem t : ¬ ∃ x : ℝ, x ^ 2 - 1 = 0"):
        assert leaf(statement, 3.0)[1] is None, statement


def test_candidates_never_negative_over_nat_and_never_a_rebound_name():
    goal = load_theorem("theorem t (z : ℕ) : ∃ x : ℕ, ∃ z : ℕ, x = z + 1").goal
    cands = candidates(goal, [-2])
    assert not any(c.startswith("(-") for c in cands)
    assert "(z + 1)" not in cands   # `z` there is the inner binder, not the local


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 5), st.integers(-6, 6), st.integers(-9, 9))
def test_integer_witness_found_only_when_one_exists(c, a, b):
    goal, script = leaf(f"theorem t : ∃ x : ℤ, {c} * x + {a} = {b}", 2.0)
    if script is not None:
        assert (b - a) % c == 0 and certified(goal, script)


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 9), st.integers(0, 9))
def test_nat_witness_found_only_when_one_exists(a, b):
    goal, script = leaf(f"theorem t : ∃ n : ℕ, n + {a} = {b}", 2.0)
    if script is not None:
        assert b >= a and certified(goal, script)
    if b >= a:   # `use` is refused there (its discharger on ℕ literal arithmetic is unknown): refine
        assert script is not None and script[0].startswith("refine ⟨")


def test_no_witness_through_a_strict_bound_on_the_equation():
    # `h : p = 0` with p > 0 everywhere: `have hpos : 0 < p := by …` (a one-line closer), then linarith
    goal, script = leaf("theorem t : ¬ ∃ y : ℝ, y ^ 6 - y ^ 5 + y ^ 4 + y ^ 3 - y ^ 2 + 2 = 0", 8.0)
    assert script is not None and script[-1] == "linarith" and script[-2].startswith("have hpos : 0 < ")
    assert certified(goal, script)


def test_divisibility_hypothesis_gives_its_quotient():
    goal, script = leaf("theorem t (u v : ℤ) (hv : v ≠ 0) (h : v ∣ u) : ∃ m : ℤ, u = v * m")
    assert script == ["obtain ⟨k, hk⟩ := h", "use k"]   # `use k` closed by `assumption` (hk)
    assert certified(goal, script)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["ℕ", "ℤ"]), st.integers(1, 6), st.integers(0, 30))
def test_obtain_on_divisibility_reads_n_eq_d_mul_k(ty, d, n):
    # `d ∣ n` unfolds to `∃ c, n = d * c`: the hypothesis obtained holds at k = n / d exactly when
    # d divides n, and never names d and n the other way round
    from prover.kernel.evaluate import holds
    from prover.syntax.ast import Expr, substitute
    goal = load_theorem(f"theorem t (h : ({d} : {ty}) ∣ {n}) : True").goal
    r = KernelChecker().apply(goal, "obtain ⟨k, hk⟩ := h")
    hk = r.goals[0].hypothesis("hk")
    assert [s.value for s in (hk.args[0], hk.args[1].args[0])] == [n, d]
    at = substitute(hk, "k", Expr("num", value=n // d, ty=ty))
    assert holds(at) == (n % d == 0)


def test_refine_anonymous_constructor_model():
    checker = KernelChecker()
    g = load_theorem("theorem t : ∃ n : ℕ, n + 2 = 5").goal
    r = checker.apply(g, "refine ⟨3, ?_⟩")   # no discharger: the goal `3 + 2 = 5` stays
    assert len(r.goals) == 1 and str(r.goals[0].target) == str(load_theorem("theorem t : 3 + 2 = 5").goal.target)
    for bad in ("refine ⟨-3, ?_⟩",            # no `-x` in ℕ
                "refine ⟨3, ?_, ?_⟩",         # too many holes for ∃
                "refine ⟨?_, ?_⟩"):            # no witness
        assert not hasattr(checker.apply(g, bad), "goals"), bad
    u = load_theorem("theorem t : ∃! x : ℤ, 2 * x = 6").goal
    assert not hasattr(checker.apply(u, "refine ⟨3, ?_, ?_⟩"), "goals")   # ∃!: not modelled


def test_rfl_pattern_is_refused_not_a_hypothesis_named_rfl():
    # `obtain ⟨k, rfl⟩ := h` substitutes in Lean; a hypothesis called `rfl` would let `rw [rfl]`
    # (refused by Lean) through
    g = load_theorem("theorem t (a b : ℕ) (h : b ∣ a) (h2 : ∃ c : ℕ, a = c + 1) : a = a").goal
    for line in ("obtain ⟨k, rfl⟩ := h", "obtain ⟨k, rfl⟩ := h2", "rcases h2 with ⟨k, rfl⟩"):
        assert not hasattr(KernelChecker().apply(g, line), "goals"), line
