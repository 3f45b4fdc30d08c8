"""A bound or local name always wins over a global constant of the same short name; notation
(`|x|`, `π`, `√`, `!`) always denotes the global; the header's `open` and `variable` lines
count (see docs/ARCHITECTURE.md, Soundness rules)."""

import pytest
from hypothesis import given, settings, strategies as st

from prover.errors import ElaborationError, LeanSyntaxError, UnsupportedSyntax
from prover.state import load_lean_file, load_theorem
from prover.syntax.elaborate import ALIASES, OPEN_NAMES

GLOBAL_SHORT_NAMES = sorted({n for n in list(OPEN_NAMES) + list(ALIASES) + ["abs", "min", "max", "Even", "Odd"]
                             if n.isidentifier() and "." not in n})
GLOBAL_OPS = {"pi", "call", "pred", "imag_unit"}


def _ops(e):
    return {n.op for n in e.walk()}


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(GLOBAL_SHORT_NAMES),
       ty=st.sampled_from(["ℝ", "ℕ", "ℝ → ℝ", "ℕ → ℕ", "ℕ → Prop", "ℝ → ℝ → ℝ"]),
       binding=st.sampled_from(["binder", "forall", "exists", "variable"]))
def test_a_local_name_always_wins_over_a_global(name, ty, binding):
    arity = ty.count("→")
    use = name if arity == 0 else f"{name} " + " ".join(["3"] * arity)
    body = f"{use}" if ty.endswith("Prop") else f"{use} > 3"
    if binding == "binder":
        text, header = f"theorem t ({name} : {ty}) : {body}", None
    elif binding == "forall":
        text, header = f"theorem t : ∀ {name} : {ty}, {body}", None
    elif binding == "exists":
        text, header = f"theorem t : ∃ {name} : {ty}, {body}", None
    else:
        text, header = f"theorem t : {body}", f"import Mathlib\nopen Real Nat\nvariable ({name} : {ty})"
    th = load_theorem(text, header=header)
    target = th.goal.target
    assert not (_ops(target) & GLOBAL_OPS), (text, target)
    assert any(n.op in ("var", "apply") and n.value == name for n in target.walk()), (text, target)


@pytest.mark.parametrize("local, use, global_fn", [
    ("abs", "|(2:ℝ)|", "abs"), ("sqrt", "√(4:ℝ)", "Real.sqrt"), ("factorial", "(3 : ℕ) !", "Nat.factorial"),
])
@pytest.mark.parametrize("ty", ["ℝ → ℝ", "ℕ → ℕ"])
def test_notation_always_denotes_the_global(local, use, global_fn, ty):
    th = load_theorem(f"theorem t ({local} : {ty}) : {use} = 0")
    calls = [n for n in th.goal.target.walk() if n.op == "call"]
    assert [c.value for c in calls] == [global_fn]
    assert not any(n.op == "apply" for n in th.goal.target.walk())


def test_pi_notation_is_global_even_under_a_local_pi():
    th = load_theorem("theorem t (pi : ℝ) : π > pi")
    assert {n.op for n in th.goal.target.walk()} >= {"pi", "var"}


@pytest.mark.parametrize("header, expected", [
    ("import Mathlib\nopen Nat", "Nat.sqrt"),
    ("import Mathlib\nopen Real", "Real.sqrt"),
])
def test_open_decides_what_sqrt_means(header, expected):
    th = load_theorem("theorem nsq : sqrt 8 > 2", header=header)
    assert [n.value for n in th.goal.target.walk() if n.op == "call"] == [expected]


def test_sqrt_is_ambiguous_under_both_opens_unless_the_argument_decides():
    with pytest.raises(ElaborationError, match="ambiguous"):
        load_theorem("theorem nsq : sqrt 8 > 2", header="import Mathlib\nopen Real Nat")
    with pytest.raises(ElaborationError, match="ambiguous"):
        load_theorem("theorem nsq (n : ℕ) : sqrt n ≥ 0", header="import Mathlib\nopen Real Nat")
    th = load_theorem("theorem nsq (x : ℝ) : sqrt x ≥ 0", header="import Mathlib\nopen Real Nat")
    assert [n.value for n in th.goal.target.walk() if n.op == "call"] == ["Real.sqrt"]


def test_without_open_a_short_name_is_unknown():
    with pytest.raises(ElaborationError, match="unknown identifier 'pi'"):
        load_theorem("theorem t : pi > 3", header="import Mathlib")
    with pytest.raises(ElaborationError):
        load_theorem("theorem t : sqrt 4 = 2", header="import Mathlib")


def test_variable_lines_bind_the_names_the_statement_mentions():
    th = load_theorem("theorem t : pi > 3", header="import Mathlib\nopen Real\nvariable (pi : ℝ) (h : pi > 100)")
    assert th.goal.variables == (("pi", "ℝ"),)
    assert th.goal.hypotheses == ()     # `h` is not mentioned: Lean 4 does not include it
    assert "variable" not in th.header


@pytest.mark.parametrize("line", ["open Nat hiding sqrt", "open Real (sqrt)", "export Real (sqrt)",
                                  "notation \"f\" => Real.sqrt", "open Nat renaming sqrt → nsqrt"])
def test_header_lines_that_change_names_are_refused_with_their_line(line):
    with pytest.raises(UnsupportedSyntax) as err:
        load_theorem("theorem t (x : ℝ) : x = x", header=f"import Mathlib\n{line}")
    assert err.value.line == 2 and "header line 2" in str(err.value)


def test_a_file_context_counts_per_declaration():
    text = ("import Mathlib\nopen Real\n\ntheorem a (x : ℝ) : sqrt x ≥ 0 := by positivity\n"
            "section\nopen Nat\nvariable (pi : ℝ)\ntheorem b : sqrt 8 > 2 := by norm_num\n"
            "theorem c : pi > 3 := by norm_num\nend\ntheorem d : pi > 3 := by norm_num\n")
    a, b, c, d = load_lean_file(text)
    assert [n.value for n in a.goal.target.walk() if n.op == "call"] == ["Real.sqrt"]
    assert isinstance(b, ElaborationError) and "ambiguous" in str(b) and b.line == 8
    assert c.goal.variables == (("pi", "ℝ"),)
    assert d.goal.variables == () and any(n.op == "pi" for n in d.goal.target.walk())


def test_open_in_modifier_counts():
    (a,) = load_lean_file("import Mathlib\nopen Nat in\ntheorem a : sqrt 8 = 2 := by norm_num\n")
    assert [n.value for n in a.goal.target.walk() if n.op == "call"] == ["Nat.sqrt"]


def test_local_predicates_are_opaque():
    th = load_theorem("theorem t (Prime : ℕ → Prop) (h : Prime 4) : Prime 4")
    assert th.goal.hypotheses[0][1].op == "apply"
    with pytest.raises(LeanSyntaxError):
        load_theorem("theorem t (Prime : ℕ → Prop) (h : Prime 4 5) : 1 = 2")
