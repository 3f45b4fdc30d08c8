"""The trust boundary for results: `checked` is made only from the kernel's CheckedSteps;
`true-by-oracle` marks its uncertified steps; `disproved` is confirmed by the kernel's
evaluator; false statements get neither `checked` nor `true-by-oracle`."""

import ast
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, KernelViolation, check
from prover.search.best_first import search
from prover.search.counterexample import confirm, counterexample
from prover.search.direct import ProofResult, prove_theorem
from prover.search.reconstruct import ORACLE_MARK, reconstruct_leaf
from prover.state import load_theorem

ROOT = Path(__file__).resolve().parents[2]


def goal(s):
    return load_theorem(s).goal


def test_checked_needs_the_kernels_steps():
    with pytest.raises(KernelViolation):
        ProofResult("t", "proved", "checked", "linarith")
    with pytest.raises(KernelViolation):
        ProofResult("t", "proved", "checked", "linarith", kernel_steps=("linarith",))
    with pytest.raises(KernelViolation):
        ProofResult("t", "proved", proof="linarith")   # a proved result states its verdict
    g = goal("theorem t (x : ℝ) (h : 1 < x) : 0 < x")
    step = check(g, "linarith")
    assert isinstance(step, CheckedStep)
    ok = ProofResult("t", "proved", "checked", "linarith", kernel_steps=(step,))
    assert ok.verdict == "checked" and "kernel_steps" not in ok.to_json()
    # a kernel step from another proof, or a proof with sorry, is refused
    with pytest.raises(KernelViolation):
        ProofResult("t", "proved", "checked", "nlinarith [sq_nonneg x]", kernel_steps=(step,))
    with pytest.raises(KernelViolation):
        ProofResult("t", "proved", "checked", "linarith\nsorry", kernel_steps=(step,))
    # and so is setting the verdict afterwards
    r = ProofResult("t", "proved", "true-by-oracle", f"{ORACLE_MARK} (z3)")
    with pytest.raises(KernelViolation):
        r.verdict = "checked"
    with pytest.raises(ValueError):
        ProofResult("t", "failed", "true-by-oracle")


def test_no_code_outside_the_verdict_module_writes_checked():
    """Outside `prover/kernel` and `prover/search/verdict.py`, no code passes the literal
    "checked" as a verdict (keyword, ProofResult argument, or assignment to `.verdict`)."""
    offenders = []
    for path in (ROOT / "prover").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("prover/kernel/") or rel == "prover/search/verdict.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "verdict" and isinstance(node.value, ast.Constant) \
                    and node.value.value == "checked":
                offenders.append(f"{rel}:{node.value.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "ProofResult":
                if any(isinstance(a, ast.Constant) and a.value == "checked" for a in node.args):
                    offenders.append(f"{rel}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(getattr(t, "attr", "") == "verdict" for t in node.targets) \
                    and isinstance(node.value, ast.Constant) and node.value.value == "checked":
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, offenders


def test_checked_proofs_replay_through_the_kernel_and_oracle_leaves_are_marked():
    r = search(load_theorem("theorem t (a b : ℝ) (h₀ : 0 < a) (h₁ : 0 < b) : 2 * a * b ≤ a ^ 2 + b ^ 2"), 10)
    assert r.verdict == "checked" and ORACLE_MARK not in r.proof
    assert certify(goal("theorem t (a b : ℝ) (h₀ : 0 < a) (h₁ : 0 < b) : 2 * a * b ≤ a ^ 2 + b ^ 2"), r.proof).ok
    # (`7 ∣ 8 ^ n - 1` has a kernel proof by induction now; a product exponent has none)
    r = prove_theorem(load_theorem("theorem t (n : ℕ) : 7 ∣ 8 ^ (n * n) - 1"), 5)
    assert r.status == "proved" and r.verdict == "true-by-oracle" and f"{ORACLE_MARK} (" in r.proof and r.oracle


def test_disproved_values_are_confirmed_by_the_kernel():
    r = prove_theorem(load_theorem("theorem t (x a : ℕ) (h₀ : x = 37) (h₁ : a = 40 * x) : a < 1000"), 3)
    assert r.status == "failed" and r.verdict == "disproved" and r.counterexample == {"x": "37", "a": "1480"}
    g = goal("theorem t (x a : ℕ) (h₀ : x = 37) (h₁ : a = 40 * x) : a < 1000")
    assert not confirm(g, {"x": 37, "a": 999})        # a hypothesis false there
    assert not confirm(g, {"x": 37})                   # a variable without value
    # ℕ truncated subtraction: 3 - 5 = 0 in Lean, so x = 3 is no counterexample to `x - 5 = 0`
    assert counterexample(goal("theorem t (x : ℕ) (h : x < 6) : x - 5 = 0")) is None


@settings(max_examples=25, deadline=None)
@given(st.integers(-6, 6), st.integers(-6, 6), st.integers(-6, 6), st.integers(-3, 3))
def test_square_completion_is_checked_exactly_when_true(a, b, c, k):
    """p = (a·x + b·y + c)² + k ≥ 0: the reconstruction finds a kernel certificate when k ≥ 0;
    when k < 0 and the square can vanish, no tactic is ever accepted (the kernel refuses)."""
    from prover.syntax.printer import show  # noqa: F401
    text = f"theorem t (x y : ℝ) : 0 ≤ ({a} * x + {b} * y + {c}) ^ 2 + {k}".replace("+ -", "- ")
    g = goal(text)
    leaf = reconstruct_leaf(g, "nlinarith", "z3", time.monotonic() + 3, KernelChecker())
    vanishes = a != 0 or b != 0 or c == 0
    if k >= 0:
        assert not leaf.missing, (text, leaf)
    if k < 0 and vanishes:
        assert leaf.missing, (text, leaf)
    if not leaf.missing:
        assert certify(g, "\n".join(leaf.lines)).ok


def test_a_certificate_finder_that_fails_on_its_input_proposes_nothing():
    """The cofactor finder fails on complex numerals; the leaf stays the oracle's, no crash."""
    from prover.search.direct import prove_theorem
    from prover.state import load_theorem
    t = load_theorem("theorem t (q e : ℂ) (h₀ : q = 3 - Complex.I) (h₁ : e = 3 + Complex.I) : q * e = 10")
    r = prove_theorem(t, 10)
    assert r.status == "proved" and r.verdict in ("checked", "true-by-oracle")
    false = load_theorem("theorem t (q e : ℂ) (h₀ : q = 3 - Complex.I) (h₁ : e = 3 + Complex.I) : q * e = 9")
    assert prove_theorem(false, 10).status != "proved"


@pytest.mark.parametrize("statement", ["theorem t (x : ZMod 7) (h : x = 3) : 2 * x = 6",
                                       "theorem t (a : ZMod 5) : a ^ 5 = a"])
def test_a_zmod_statement_is_never_checked_on_its_integer_translation(statement):
    """Lean's `omega`/`linarith` do not work over `ZMod n`: a kernel proof of the ℤ translation
    is no script for the statement, so the verdict is at most true-by-oracle."""
    r = prove_theorem(load_theorem(statement), 8).to_json()
    assert r["verdict"] != "checked"
