"""The trust boundary: only kernel rules make `CheckedStep`s, and certificates are re-checked."""

import ast
from fractions import Fraction
from pathlib import Path

import pytest

from prover.kernel import CheckedStep, KernelViolation, Refused, check
from prover.kernel import linarith as L
from prover.kernel.untrusted.farkas import find_certificate
from prover.state import load_theorem

ROOT = Path(__file__).resolve().parents[2]


def goal(text):
    return load_theorem(text).goal


def test_checked_step_cannot_be_forged():
    g = goal("theorem t (x : ℝ) (h : 1 < x) : 1 < x ^ 3")
    with pytest.raises(KernelViolation):
        CheckedStep(g, "linarith", "linarith", ())
    with pytest.raises(KernelViolation):
        CheckedStep(g, "linarith", "linarith", (), _token=object())


def test_checked_step_is_immutable():
    step = check(goal("theorem t (x : ℝ) (h : 1 < x) : 0 < x"), "linarith")
    assert isinstance(step, CheckedStep)
    with pytest.raises(KernelViolation):
        step.goal = goal("theorem t : False")


def test_only_the_kernel_issues_steps():
    """No module outside prover/kernel (except the untrusted finders, which cannot) names the
    kernel's private token or its `issue` function."""
    offenders = []
    for path in (ROOT / "prover").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("prover/kernel/") and not rel.startswith("prover/kernel/untrusted/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("prover.kernel"):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.Name):
                names = [node.id]
            if {"issue", "_TOKEN"} & set(names) and "kernel" in path.read_text(encoding="utf-8"):
                offenders.append(rel)
    assert not offenders, offenders


def _problem(text, nonlinear=False):
    g = goal(text)
    (problems,) = L.runs(list(g.hypotheses), g.target, nonlinear)
    (problem,) = problems
    return problem


def test_certificate_check_is_exact():
    problem = _problem("theorem t (x y : ℚ) (h1 : 3 * x + y ≤ 1) (h2 : x - y ≤ 2) : 4 * x ≤ 3")
    cert = find_certificate(problem)
    assert cert is not None and L.check_certificate(problem, cert)
    tiny = Fraction(1, 10**40)
    assert L.check_certificate(problem, {i: c * tiny for i, c in cert.items()})
    for i in cert:
        nudged = dict(cert)
        nudged[i] = cert[i] + tiny
        assert not L.check_certificate(problem, nudged), "a perturbed multiplier must break the sum"


def test_certificate_signs_and_indices_are_checked():
    problem = _problem("theorem t (x : ℚ) (h1 : x ≤ 1) (h2 : 2 ≤ x) : False")
    cert = find_certificate(problem)
    assert L.check_certificate(problem, cert)
    assert not L.check_certificate(problem, {i: -c for i, c in cert.items()})
    assert not L.check_certificate(problem, {99: Fraction(1)})
    assert not L.check_certificate(problem, {})


def test_refusal_names_unmodelled_tactics():
    r = check(goal("theorem t (x : ℝ) : x = x"), "aesop")
    assert isinstance(r, Refused) and "aesop" in r.reason
    r = check(goal("theorem t (x : ℝ) : x + 0 = x"), "simp")
    assert isinstance(r, Refused)


def test_issue_patterns_refused():
    assert isinstance(check(goal("theorem t (x : ℝ) (h : 1 < x) : 1 < x ^ 3"), "linarith"), Refused)
    assert isinstance(check(goal("theorem t (a b : ℝ) (h : a = 1 ∧ b = 2) : a = 1 ∧ b = 2"), "linarith"), Refused)
    assert isinstance(check(goal("theorem t (n : ℕ) (h : n % 6 = 5) : n % 3 = 2"), "linarith"), Refused)
    assert isinstance(check(goal("theorem t (y : ℝ) (h : 1 < y) : 0 < y - 1"), "positivity"), Refused)
    assert isinstance(check(goal("theorem t : (3 : ℝ) * 2 = 6"), "decide"), Refused)
    # and their true neighbours are accepted by the right tactic
    assert isinstance(check(goal("theorem t (y : ℝ) (h : 1 < y) : 0 < y - 1"), "linarith"), CheckedStep)
    assert isinstance(check(goal("theorem t : (3 : ℝ) * 2 = 6"), "norm_num"), CheckedStep)


def test_hint_terms_are_checked():
    g = goal("theorem t (a b : ℝ) (ha : 0 ≤ a) (hb : 0 < b) : 0 ≤ a * b")
    assert isinstance(check(g, "linarith [mul_nonneg ha hb.le]"), CheckedStep)  # LT.lt.le
    # `hb.ne'` is `LT.lt.ne' hb : b ≠ 0`, a fact linarith's filterComparisons drops: nlinarith closes
    # the goal from the product of ha and hb, linarith alone cannot
    assert isinstance(check(g, "nlinarith [hb.ne']"), CheckedStep)
    assert isinstance(check(g, "linarith [hb.ne']"), Refused)
    assert isinstance(check(g, "linarith [ha.ne']"), Refused)  # ha is not a strict inequality
    assert isinstance(check(g, "linarith [mul_pos ha hb]"), Refused)  # ha is not `0 < a`
    assert isinstance(check(g, "linarith [mul_nonneg ha ha]"), Refused)  # 0 ≤ a * a does not help
    assert isinstance(check(g, "linarith [sq_nonneg (a - b), no_such_lemma a]"), Refused)
    g2 = goal("theorem t (a b : ℝ) (ha : 0 ≤ a) (hb : 0 ≤ b) : 0 ≤ a * b")
    assert isinstance(check(g2, "linarith [mul_nonneg ha hb]"), CheckedStep)
