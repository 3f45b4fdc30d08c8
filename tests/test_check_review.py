"""`prover check` on the second adversarial review's files: each is refused (Lean refuses it),
next to a close variant that Lean accepts and the checker checks."""

import pytest
from typer.testing import CliRunner

from prover.cli import app

runner = CliRunner()


def check(tmp_path, text):
    f = tmp_path / "f.lean"
    f.write_text("import Mathlib\n\n" + text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(f), "--timeout", "8"])
    return r.exit_code, " ".join(r.stdout.split())


REFUSED = [
    # linear_combination: hypotheses at ℕ are never re-read at the goal's type
    "theorem t (a b : ℕ) (h : a - b = 0) : (a : ℤ) = b := by\n  linear_combination h\n",
    "theorem t (a : ℕ) (h : a / 2 = 3) : (a : ℝ) = 6 := by\n  linear_combination 2 * h\n",
    # interval_cases substitutes the value -3 (a negative literal), never `-3 ^ 2` = -9
    "theorem t (x y : ℤ) (h1 : -3 ≤ x) (h2 : x ≤ -3) : x ^ 2 + y = y - 9 := by\n  interval_cases x\n  linear_combination\n",
    # decimals are exact: 0.1 ≠ 0.10000000000000001
    "theorem t (x : ℝ) (h : x = 0.1) : x = 0.10000000000000001 := by\n  linear_combination h\n",
    "theorem t : Real.sqrt 0.1 = Real.sqrt 0.10000000000000001 := by\n  norm_num\n",
    # bare induction / intro: the new names are inaccessible
    "theorem t (n : ℕ) : n * n ≥ 0 := by\n  induction n\n  · norm_num\n  · nlinarith [ih]\n",
    ("theorem t (n : ℕ) : 2 ^ n ≥ n + 1 := by\n  induction n with\n  | zero =>\n    norm_num\n  | succ k hk =>\n"
     "    have h2 : 2 ^ n ≥ n + 1 := by nlinarith [ih]\n    nlinarith [h2]\n"),
    "theorem t : ∀ x : ℝ, 0 ≤ x ^ 2 := by\n  intro\n  nlinarith [sq_nonneg x]\n",
    # rw does not rewrite under a binder that rebinds x
    ("theorem t (x y : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) :\n    Real.log (x * y) = Real.log x + Real.log y ∧ ∀ x : ℝ, "
     "Real.log (x * y) = Real.log x + Real.log y := by\n  rw [Real.log_mul]\n  · constructor\n    · norm_num\n"
     "    · intro z\n      norm_num\n  · exact hx\n  · exact hy\n"),
    # R in a declaration is a type variable
    "theorem t : ∃ x y : R, x ≠ y := by\n  use 0\n  use 1\n  norm_num\n",
    # irrational constants are not read as their leading rational
    "theorem t : Real.exp 1 ^ 1 = 0 := by\n  nlinarith\n",
]

ACCEPTED = [
    "theorem t (a b : ℤ) (h : a - b = 0) : a = b := by\n  linear_combination h\n",
    "theorem t (x y : ℤ) (h1 : -3 ≤ x) (h2 : x ≤ -3) : x ^ 2 + y = y + 9 := by\n  interval_cases x\n  linear_combination\n",
    "theorem t (n : ℕ) : n * n ≥ 0 := by\n  induction n with\n  | zero => norm_num\n  | succ k ih => nlinarith [ih]\n",
    "theorem t : ∀ x : ℝ, 0 ≤ x ^ 2 := by\n  intro x\n  nlinarith [sq_nonneg x]\n",
    "theorem t : ∃ x y : ℝ, x ≠ y := by\n  use 0\n  use 1\n  norm_num\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_review_file_is_refused(tmp_path, text):
    code, out = check(tmp_path, text)
    assert code != 0 and "checked (1 declaration)" not in out, out


@pytest.mark.parametrize("text", ACCEPTED)
def test_close_variant_is_checked(tmp_path, text):
    code, out = check(tmp_path, text)
    assert code == 0, out
