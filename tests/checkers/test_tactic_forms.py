"""No argument, location or option of a tactic is ever dropped: a tactic string either parses
into a `Tactic` whose fields say all of it back, or is refused naming what is not modelled;
and the checker never runs a tactic without the decorations it was given."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed, Rejected
from prover.checkers.sympy_checker import SympyChecker
from prover.errors import TacticSyntaxError
from prover.state import load_theorem
from prover.tactics.parse import FORMS, parse_tactic
from prover.tactics.registry import render  # the tactic said back from its fields alone

SIMPLE = sorted(n for n, f in FORMS.items() if f.args != "raw")

OPTIONS = ["(exp := 2)", "(config := {})", "(norm := skip)", "(discharger := simp)"]
HINTS = ["[h]", "[h, sq_nonneg x]", "[sq_nonneg (x - 2)]"]
ARGS = ["h", "x", "h x", "(h)", "⟨x, hx⟩", "using h", "with x", "generalizing y", "; ring", "only [h]", "<;> ring"]
LOCATIONS = ["at h", "at h ⊢", "at *", "at ⊢", "at h h"]


def _tokens(text: str) -> list[str]:
    return " ".join(text.replace("[", " [ ").replace("]", " ] ").replace(",", " , ").split()).split()



decorated = st.builds(
    lambda name, bang, option, hint, arg, loc: " ".join(
        x for x in (name + ("!" if bang else ""), option, hint, arg, loc) if x),
    st.sampled_from(SIMPLE), st.booleans(), st.sampled_from([""] + OPTIONS), st.sampled_from([""] + HINTS),
    st.sampled_from([""] + ARGS), st.sampled_from([""] + LOCATIONS))


@given(decorated)
@settings(max_examples=400, deadline=None)
def test_a_parsed_tactic_says_back_everything_it_was_given(text):
    try:
        t = parse_tactic(text)
    except TacticSyntaxError:
        return
    assert _tokens(render(t)) == _tokens(text)
    forms = FORMS[t.name]
    assert not t.hints or forms.hints
    assert not t.at or forms.at
    assert not t.args or forms.args
    assert not t.bang or forms.bang
    assert all(k in forms.options for k, _ in t.options)


GOAL = load_theorem("theorem t (x : ℝ) (h : x = 2) : x ≤ 2").goal
CLOSERS = ["linarith", "nlinarith", "positivity", "omega", "polyrith", "decide", "tauto", "norm_cast", "ring"]


# `t <;> s` is a combinator (s on the goals t leaves), not an argument of t.
@given(st.sampled_from(CLOSERS), st.sampled_from(OPTIONS + HINTS[1:] + [a for a in ARGS if a != "<;> ring"] + LOCATIONS + ["!"]))
@settings(max_examples=150, deadline=None)
def test_a_closing_tactic_with_an_unmodelled_decoration_is_rejected_not_run_without_it(name, decoration):
    forms = FORMS[name]
    text = name + decoration if decoration == "!" else f"{name} {decoration}"
    supported = (decoration == "!" and forms.bang) or (decoration.startswith("[") and forms.hints) or \
        (decoration.startswith("at") and forms.at)
    result = SympyChecker().apply(GOAL, text, budget_s=3)
    if not supported:
        assert isinstance(result, Rejected), (text, result)
        assert "not modelled" in result.reason or "unknown tactic" in result.reason or "bad tactic" in result.reason
    else:
        assert not isinstance(result, Closed) or decoration != "at h"   # `at h` alone never closes x ≤ 2


def test_supported_decorations_reach_the_tactic():
    t = parse_tactic("norm_num [sq_nonneg x] at h ⊢")
    assert t.hints == ("sq_nonneg x",) and t.at == ("h", "⊢")
    assert parse_tactic("linear_combination (exp := 3) 2 * h").options == (("exp", "3"),)
    assert parse_tactic("nlinarith! [h]").bang


@given(st.sampled_from(["norm_num", "simp", "field_simp", "ring_nf", "push_cast", "norm_cast"]),
       st.integers(1, 9), st.integers(-9, 9), st.integers(-9, 9), st.integers(-9, 9))
@settings(max_examples=40, deadline=None)
def test_at_h_closes_the_goal_only_when_h_alone_is_false(name, a, b, c, d):
    # h is satisfiable and the goal follows from it: a tactic at h alone never closes the goal
    goal = load_theorem(f"theorem t (x : ℝ) (h : {a} * x + {b} = {c}) : {a} * x = {c - b}").goal
    result = SympyChecker().apply(goal, f"{name} at h", budget_s=3)
    assert not isinstance(result, Closed), (name, result)
    # h is a false numeral equation: norm_num at h closes any goal, as in Lean
    if name == "norm_num" and b != c:
        false_h = load_theorem(f"theorem t (x : ℝ) (h : ({b} : ℝ) = {c}) : x = {d}").goal
        assert isinstance(SympyChecker().apply(false_h, "norm_num at h", budget_s=3), Closed)


@given(st.sampled_from(["ℕ", "ℤ", "ℚ"]), st.sampled_from(["a + b", "a - b", "a * b", "a / 2", "2 * a"]),
       st.integers(0, 5), st.sampled_from(["h", "2 * h", "h / 3", "-h"]))
@settings(max_examples=40, deadline=None)
def test_linear_combination_never_mixes_types(ty, lhs, rhs, combo):
    goal = load_theorem(f"theorem t (a b : {ty}) (h : {lhs} = {rhs}) : ({lhs.replace('a', '(a : ℝ)').replace('b', '(b : ℝ)')}) = {rhs}").goal
    result = SympyChecker().apply(goal, f"linear_combination {combo}", budget_s=3)
    assert isinstance(result, Rejected) and "goal is in ℝ" in result.reason, result


@given(st.integers(2, 4), st.integers(1, 5))
@settings(max_examples=15, deadline=None)
def test_linear_combination_uses_the_exponent(n, k):
    goal = load_theorem(f"theorem t (x : ℝ) (h : (x - {k}) ^ {n} = 0) : x = {k}").goal
    assert isinstance(SympyChecker().apply(goal, f"linear_combination (exp := {n}) h"), Closed)
    for m in {1, n - 1, n + 1} - {n}:
        assert isinstance(SympyChecker().apply(goal, f"linear_combination (exp := {m}) h"), Rejected)


# `have h : P := by t <;> s`: the `by` block runs to the end of the line, so `s` runs on the
# goals `t` leaves in the proof of P, never on the main goal after the `have`.
@given(st.sampled_from(["norm_num", "linarith", "positivity"]), st.sampled_from(["linarith", "norm_num", "nlinarith"]),
       st.sampled_from(["have", "have h2 :"]))
@settings(max_examples=30, deadline=None)
def test_a_combinator_after_by_belongs_to_the_by_block(inner, closer, head):
    from prover.checkers.kernel_checker import KernelChecker
    for checker in (SympyChecker(), KernelChecker()):
        text = f"{head} 0 ≤ (1 : ℝ) := by {inner} <;> {closer}" if head.endswith(":") else \
            f"have h2 : 0 ≤ (1 : ℝ) := by {inner} <;> {closer}"
        result = checker.apply(GOAL, text, budget_s=3)
        assert not isinstance(result, Closed), (text, result)   # the main goal x ≤ 2 stays open
        if not isinstance(result, Rejected):
            assert len(result.goals) == 1 and result.goals[0].target == GOAL.target


def test_split_then_reads_the_top_level_combinator_only():
    from prover.checkers.sympy_checker import split_then
    assert split_then("constructor <;> linarith") == ("constructor", "linarith")
    assert split_then("have h : 0 < x ∧ x < 4 := by constructor <;> linarith [h]") is None
    assert split_then("exact foo (by constructor <;> simp)") is None
    assert split_then("interval_cases x <;> omega") == ("interval_cases x", "omega")
    assert split_then("norm_num [h] <;> linarith") is None   # a lemma-list step is read whole


@settings(max_examples=25, deadline=None)
@given(binders=st.lists(st.sampled_from(["∀ x{i} : ℕ,", "x{i} = x{i} →"]), min_size=1, max_size=4))
def test_bare_intros_introduces_every_leading_binder(binders):
    """Review finding: a bare `intros` introduced one binder only. Lean 4's `intros` introduces
    all leading `∀`/`→` binders (inaccessibly named), so an `intro` after it has nothing left."""
    prefix = " ".join(b.format(i=i) for i, b in enumerate(binders))
    names = " ".join(f"(x{i} : ℕ)" for i, b in enumerate(binders) if "→" in b)
    g = load_theorem(f"theorem t {names} : {prefix} 1 + 1 = 2").goal
    c = SympyChecker()
    after = c.apply(g, "intros")
    assert not isinstance(after, Rejected) and after.goals[0].target.op not in ("forall", "imp")
    assert isinstance(c.apply(after.goals[0], "intro y"), Rejected)
    # a bare intros never unfolds ¬: `intro h` still applies after it
    g = load_theorem(f"theorem t (p : Prop) {names} : {prefix} ¬p").goal
    after = c.apply(g, "intros")
    assert not isinstance(after, Rejected) and after.goals[0].target.op == "not"
