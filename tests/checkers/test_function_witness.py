"""`refine ⟨a, ?_⟩` / `use a` on `∃ f : α → β, P f` with a local function `a` of that type:
the witness's applications replace `f`'s (capture-avoiding); any other function witness is
refused. `use`'s discharger (`with_reducible rfl`) never closes a ∀ goal: `applyRfl` needs a
relation application, and a Π-type is none."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.best_first import search
from prover.state import load_theorem
from prover.syntax.printer import show


def test_refine_with_a_local_function_leaves_the_renamed_body():
    g = load_theorem("theorem t (a : ℕ → ℝ) (h : a 0 = 2) : ∃ f : ℕ → ℝ, ∀ n, a n = f n").goal
    r = KernelChecker().apply(g, "refine ⟨a, ?_⟩")
    assert isinstance(r, Subgoals) and show(r.goals[0].target) == "∀ n : ℕ, a n = a n"
    assert certify(g, "refine ⟨a, ?_⟩\nintro n\nrfl").ok


def test_a_function_witness_of_another_type_or_a_non_local_is_refused():
    g = load_theorem("theorem t (a : ℕ → ℕ) (b : ℕ → ℝ) : ∃ f : ℕ → ℝ, ∀ n, b n = f n").goal
    for line in ("refine ⟨a, ?_⟩", "refine ⟨c, ?_⟩", "use a", "use fun n => b n"):
        assert isinstance(KernelChecker().apply(g, line), Rejected), line


def test_the_renaming_avoids_capture_by_a_binder_of_the_witness_name():
    # `∃ f, ∀ a : ℕ, f a = a` with witness a: the body's binder is renamed, never captures
    g = load_theorem("theorem t (a : ℕ → ℕ) (h : ∀ x, a x = x) : ∃ f : ℕ → ℕ, ∀ a : ℕ, f a = a").goal
    r = KernelChecker().apply(g, "refine ⟨a, ?_⟩")
    assert isinstance(r, Subgoals)
    body = r.goals[0].target
    assert body.op == "forall" and body.value[0] != "a"
    assert certify(g, "refine ⟨a, ?_⟩\nintro x\nexact h x").ok


def test_uses_discharger_does_not_close_a_forall_goal():
    from prover.checkers.auto_close import use_discharges, rfl_closes
    g = load_theorem("theorem t (a : ℕ → ℝ) : ∀ n, a n = a n").goal
    assert rfl_closes(g.target, g.context) is False
    assert use_discharges(g.target, g.hypotheses, g.context)[0] in (False, None)


@given(st.sampled_from(["0", "1", "n", "2 * n"]), st.sampled_from(["ℕ", "ℤ", "ℝ"]))
@settings(max_examples=24, deadline=None)
def test_refine_then_rfl_closes_exactly_when_the_witness_makes_the_sides_equal(shift, ty):
    # ∃ f, ∀ n, a n = f n + s: the witness a makes the sides equal only when s is 0 (for s = 0 the
    # sides `a n` and `a n + 0` are still different terms: rfl at reducible transparency refuses
    # over ℝ; the property checked is that rfl never closes an unequal instance)
    text = f"theorem t (a : ℕ → {ty}) : ∃ f : ℕ → {ty}, ∀ n, a n = f n + {shift}"
    g = load_theorem(text).goal
    ok = certify(g, "refine ⟨a, ?_⟩\nintro n\nrfl").ok
    if shift != "0" or ty == "ℝ":
        assert not ok, text


def test_search_finds_the_local_function_witness():
    th = load_theorem("theorem t (u : ℕ → ℝ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = 2 * u n) : "
                      "∃ g : ℕ → ℝ, ∀ n, u n = g n")
    r = search(th, timeout_s=10)
    assert r.verdict == "checked", r


def test_an_inaccessible_function_is_no_witness():
    g = load_theorem("theorem t (g : ℕ → ℝ) (hg : ∀ x, g x = 1) (g : ℕ → ℝ) : ∃ f : ℕ → ℝ, ∀ x, f x = 1").goal
    for script in ("refine ⟨g✝, ?_⟩\nexact hg", "use g✝"):
        assert not certify(g, script).ok, script
