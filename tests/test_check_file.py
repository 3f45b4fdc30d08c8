"""`prover check FILE.lean` through the real CLI: every declaration is checked or the file is
refused, naming what was not understood with its line; the exit code says which."""

import pytest
from typer.testing import CliRunner

from prover.cli import app

runner = CliRunner()

HEADER = "import Mathlib\n\n"
GOOD = "theorem good (x : ℝ) (h : 3 * x = 6) : x = 2 := by\n  linarith\n"
POW = "(n : ℕ) : n ≤ n ^ 2 + n := by\n"


def check(tmp_path, text, name="f.lean"):
    f = tmp_path / name
    f.write_text(HEADER + text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(f), "--timeout", "8"])
    return r.exit_code, " ".join(r.stdout.split())   # rich wraps long lines


def refused(tmp_path, text, *words, line=None):
    code, out = check(tmp_path, text)
    assert code == 1, out
    for w in words:
        assert w in out, out
    if line is not None:
        assert f"f.lean:{line + 2}:" in out, out   # + the two header lines
    return out


# -- declarations that were not checked at all ----------------------------------------------

@pytest.mark.parametrize("decl", ["example", "private theorem p", "protected lemma p", "@[simp] theorem p",
                                  "/-- a docstring -/\ntheorem p", "noncomputable theorem p",
                                  "set_option maxHeartbeats 400000 in\ntheorem p"])
def test_every_kind_of_declaration_is_checked(tmp_path, decl):
    false = f"{decl} (x : ℝ) (h : 3 * x = 6) : x = 3 := by\n  linarith\n"
    refused(tmp_path, GOOD + false, "not checked")
    true = f"{decl} (x : ℝ) (h : 3 * x = 6) : x = 2 := by\n  linarith\n"
    assert check(tmp_path, GOOD + true)[0] == 0


def test_a_name_declared_twice_is_refused(tmp_path):
    refused(tmp_path, GOOD + GOOD.replace("x = 2", "x + 0 = 2"), "already been declared", line=3)
    refused(tmp_path, GOOD + "private " + GOOD, "already been declared")
    ok = GOOD + GOOD.replace("good", "good2")
    assert check(tmp_path, ok)[0] == 0
    # examples are anonymous: two of them are fine
    ex = "example : (2 : ℕ) + 2 = 4 := by\n  norm_num\n"
    assert check(tmp_path, ex + ex)[0] == 0


def test_a_mathlib_name_is_already_declared(tmp_path):
    refused(tmp_path, "theorem sq_nonneg (x : ℝ) : 0 ≤ x ^ 2 := by\n  positivity\n", "already been declared")


def test_a_later_theorem_may_use_an_earlier_one_but_not_a_later_one(tmp_path):
    first = ("theorem base (m : ℕ) : 3 ^ m ≥ 2 * m + 1 := by\n  induction m with\n  | zero => norm_num\n"
             "  | succ k ih =>\n    rw [pow_succ]\n    nlinarith [ih]\n")
    use = "theorem uses (n : ℕ) (h : 3 ^ n < 2 * n + 1) : False := by\n  have hb := base n\n  linarith\n"
    assert check(tmp_path, first + use)[0] == 0
    refused(tmp_path, use + first, "not checked", "base")


@pytest.mark.parametrize("text, what", [
    ("def f (n : ℕ) : ℕ := n + 1\n", "`def`"),
    ("axiom boom : False\n", "`axiom`"),
    ("notation \"ι\" => 1\n", "`notation`"),
    ("#eval 1 + 1\n", "#eval"),
    ("instance : Inhabited ℕ := ⟨0⟩\n", "`instance`"),
    ("theorem t (x : ℝ) : x = x := rfl\n", "not a tactic block"),
    ("theorem t (x : ℝ) : x = x\n", "without a proof"),
    ("lemma : 1 = 1 := by\n  rfl\n", "without a name"),
])
def test_anything_not_understood_refuses_the_file(tmp_path, text, what):
    out = refused(tmp_path, GOOD + text, "not understood", what, line=3)
    assert "checked (" not in out


def test_variable_and_open_lines_count(tmp_path):
    # `variable (pi : ℝ)` makes `pi` a variable of the theorems that mention it (Lean: ∀ pi);
    # `open Nat` makes `sqrt` mean `Nat.sqrt` (so `sqrt 8 = 2`).
    refused(tmp_path, "open Real\nvariable (pi : ℝ)\ntheorem p : pi > 3 := by\n  norm_num [Real.pi_gt_three]\n",
            "not checked")
    refused(tmp_path, "open Nat\ntheorem nsq : sqrt 8 > 2 := by\n  norm_num\n", "not checked")
    code, out = check(tmp_path, "open Real\nvariable (pi : ℝ)\ntheorem p (h : pi = 4) : pi > 3 := by\n  linarith\n")
    assert code == 0, out


def test_an_unparsable_tactic_block_is_refused_at_its_line(tmp_path):
    refused(tmp_path, GOOD + "theorem t (x : ℝ) (h : x = 1) : x + 1 = 2 := by\n  push_neg\n  frobnicate x\n  simp\n",
            "unknown tactic", line=5)


@pytest.mark.parametrize("proof", ["sorry", "nlinarith [sorry]", "have h : x = 2 := by sorry\n  linarith",
                                   "exact sorry", "admit"])
def test_sorry_is_never_accepted(tmp_path, proof):
    refused(tmp_path, f"theorem t (x : ℝ) (h : x = 2) : x = 2 := by\n  {proof}\n", "sorry")


def test_empty_proof_is_refused(tmp_path):
    refused(tmp_path, "theorem t (x : ℝ) (h : x = 2) : x = 2 := by\n", "not checked")


# -- induction alternatives -------------------------------------------------------------------

def test_induction_alternatives_are_matched_by_label(tmp_path):
    swapped = f"theorem t {POW}  induction n with\n  | succ k ih => nlinarith [ih]\n  | zero => norm_num\n"
    assert check(tmp_path, swapped)[0] == 0
    wrong = f"theorem t {POW}  induction n with\n  | succ k ih => rfl\n  | zero => nlinarith [ih]\n"
    refused(tmp_path, wrong, "not checked")


def test_induction_names_replace_the_originals(tmp_path):
    renamed = f"theorem t {POW}  induction n with\n  | zero => norm_num\n  | succ k hk => nlinarith [hk]\n"
    assert check(tmp_path, renamed)[0] == 0
    # `ih` is not the induction hypothesis's name here, and `n` is gone from the step
    refused(tmp_path, f"theorem t {POW}  induction n with\n  | zero => norm_num\n  | succ k hk => nlinarith [ih]\n", "ih")
    refused(tmp_path, f"theorem t {POW}  induction n with\n  | zero => norm_num\n  | succ k ih => nlinarith [ih, sq_nonneg n]\n",
            "not checked")
    # without names the hypothesis is inaccessible
    refused(tmp_path, f"theorem t {POW}  induction n with\n  | zero => norm_num\n  | succ => nlinarith [ih]\n", "ih")


@pytest.mark.parametrize("alts, what", [
    ("  | zero => norm_num\n", "succ"),
    ("  | zero => norm_num\n  | zero => norm_num\n  | succ k ih => nlinarith [ih]\n", "duplicate"),
    ("  | zero => norm_num\n  | step k ih => nlinarith [ih]\n", "step"),
    ("  | zero => norm_num\n  | succ k ih extra => nlinarith [ih]\n", "too many"),
])
def test_malformed_alternatives_are_refused(tmp_path, alts, what):
    refused(tmp_path, f"theorem t {POW}  induction n with\n{alts}", what)


def test_induction_options_are_not_dropped(tmp_path):
    text = f"theorem t {POW}  induction n generalizing m with\n  | zero => norm_num\n  | succ k ih => nlinarith [ih]\n"
    refused(tmp_path, text, "not understood", "generalizing")


def test_cases_alternatives_rename(tmp_path):
    ok = "theorem t (n : ℕ) (h : 0 < n) : 1 ≤ n := by\n  cases n with\n  | zero => linarith\n  | succ k => linarith\n"
    assert check(tmp_path, ok)[0] == 0
    false = "theorem t (n : ℕ) : n = 0 := by\n  cases n with\n  | succ k => linarith\n  | zero => rfl\n"
    refused(tmp_path, false, "not checked")


# -- arguments and locations ------------------------------------------------------------------

def test_closing_tactics_are_the_kernels_alone(tmp_path):
    # a closing tactic the kernel does not model fails the file, named
    for proof, name in [("norm_num at h", "norm_num at h"), ("omega", "omega"), ("exact_mod_cast h.symm", "exact_mod_cast"),
                        ("linear_combination (exp := 2) h", "options are not modelled"), ("simp", "simp"),
                        ("field_simp", "field_simp"), ("tauto", "tauto")]:
        out = refused(tmp_path, f"theorem t (n m : ℕ) (h : n + 1 = m) : (n : ℝ) + 1 = m := by\n  {proof}\n", "not checked")
        assert name in out, out
    # the patterns Lean's tactics refuse (issue 13) are refused
    for text in ["theorem t (x : ℝ) (h : 1 < x) : 1 < x ^ 3 := by\n  linarith\n",
                 "theorem t (a b : ℝ) (h₀ : a = 1) (h₁ : b = 2) : a = 1 ∧ b = 2 := by\n  linarith\n",
                 "theorem t (y : ℝ) (h : 1 < y) : 0 < y - 1 := by\n  positivity\n",
                 "theorem t : (3 : ℝ) * 2 = 6 := by\n  decide\n"]:
        refused(tmp_path, text, "not checked")
    # and their kernel-checkable versions pass
    for text in ["theorem t (x : ℝ) (h : 1 < x) : 1 < x ^ 3 := by\n  nlinarith [sq_nonneg (x - 1)]\n",
                 "theorem t (a b : ℝ) (h₀ : a = 1) (h₁ : b = 2) : a = 1 ∧ b = 2 := by\n  constructor <;> linarith\n",
                 "theorem t (y : ℝ) (h : 1 < y) : 0 < y - 1 := by\n  linarith\n",
                 "theorem t : (3 : ℝ) * 2 = 6 := by\n  norm_num\n",
                 # `exact_mod_cast` (modelled since round 11): ↑n + 1 = ↑m is `n + 1 = m` up to casts
                 "theorem t (n m : ℕ) (h : n + 1 = m) : (n : ℝ) + 1 = m := by\n  exact_mod_cast h\n"]:
        assert check(tmp_path, text)[0] == 0, text


def test_linear_combination_checks_its_combination(tmp_path):
    assert check(tmp_path, "theorem t (x y : ℝ) (h : x - y = 2) (h2 : x + y = 4) : x = 3 := by\n"
                           "  linear_combination (1 / 2) * h + (1 / 2) * h2\n")[0] == 0
    refused(tmp_path, "theorem t (x : ℝ) (h : x ^ 2 = 0) : x = 0 := by\n  linear_combination h\n", "ring failed")


def test_linear_combination_never_rereads_a_nat_hypothesis_at_real(tmp_path):
    text = "theorem t (a b : ℕ) (h : a - b = 0) : (a : ℝ) - b = 0 := by\n  linear_combination h\n"
    refused(tmp_path, text, "not an equality in ℝ")
    text = "theorem t (a : ℕ) (h : a / 2 = 1) : (a : ℝ) / 2 = 1 := by\n  linear_combination h\n"
    refused(tmp_path, text, "not an equality in ℝ")


@pytest.mark.parametrize("tactic", ["linarith at h", "nlinarith (config := {}) [h]", "simp only [h]", "ring at h",
                                    "positivity [h]", "omega!", "linarith; ring", "linear_combination (norm := skip) h"])
def test_unmodelled_arguments_are_refused_by_name(tmp_path, tactic):
    refused(tmp_path, f"theorem t (x : ℝ) (h : x = 2) : x = 2 := by\n  {tactic}\n", "not checked", line=2)


def test_a_have_with_its_proof_on_the_lines_below(tmp_path):
    ok = "theorem t (x : ℝ) (h : 2 * x = 4) : x ^ 2 = 4 := by\n  have hx : x = 2 := by\n    linarith\n  nlinarith [hx]\n"
    assert check(tmp_path, ok)[0] == 0
    refused(tmp_path, ok.replace("x = 2 := by", "x = 3 := by"), "not checked", line=3)
    refused(tmp_path, "theorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by\n  have hx : x = 2 := by\n  linarith\n",
            "proof after `by` is missing")


def test_positivity_proves_only_its_goal_shapes(tmp_path):
    assert check(tmp_path, "theorem t (x : ℝ) : 0 < x ^ 2 + 1 := by\n  positivity\n")[0] == 0
    refused(tmp_path, "theorem t (x : ℝ) (h : x = 2) : x = 2 := by\n  positivity\n", "positivity")


@pytest.mark.parametrize("statement, proof", [
    ("theorem z (x : ZMod 7) (h : x = 3) : 2 * x = 6", "omega"),    # Lean's omega drops ZMod facts
    ("theorem z (x : ZMod 4) : x + 4 = x", "omega"),
    ("theorem z (x y : ℝ≥0) (h : x ≤ y) : x ≤ y + 1", "linarith"),  # NNReal is no ordered field
])
def test_a_translated_statement_is_never_checked(tmp_path, statement, proof):
    """ZMod, ℝ≥0 and Fin statements are read through a translation into ℤ/ℝ/ℕ; a kernel proof
    of the translation is no proof Lean accepts for the statement itself."""
    refused(tmp_path, f"{statement} := by\n  {proof}\n", "translation")


def test_the_untranslated_twin_is_still_checked(tmp_path):
    assert check(tmp_path, "theorem z (x : ℤ) (h : x % 7 = 3) : (2 * x) % 7 = 6 := by\n  omega\n")[0] == 0


def test_every_failing_declaration_is_reported_and_a_failed_one_is_no_lemma(tmp_path):
    text = ("theorem bad (x : ℝ) (h : 1 < x) : 1 < x ^ 3 := by\n  linarith\n\n" + GOOD +
            "\ntheorem uses_bad (y : ℝ) (h : 1 < y) (h3 : y ^ 3 ≤ 1) : False := by\n  have hb := bad y h\n  linarith\n"
            "\ntheorem uses_good (y : ℝ) (h : 3 * y = 6) : y + 1 = 3 := by\n  have hg := good y h\n  linarith\n")
    code, out = check(tmp_path, text)
    assert code == 1, out
    assert "f.lean:4: not checked: bad" in out and "not checked: uses_bad" in out, out
    assert "not checked: good" not in out and "not checked: uses_good" not in out, out
    assert "2 of 4 declarations not checked" in out, out


def test_messages_keep_their_brackets(tmp_path):
    # a refusal quotes the tactic; `[h]` is text, never console markup (it was dropped)
    out = refused(tmp_path, "theorem t (f : ℕ → ℕ) (h : ∀ x, f x = 2) : f 3 = f 4 := by\n  rw [h] at h\n",
                  "[h]")
    assert "[h]" in out
