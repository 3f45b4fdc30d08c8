"""`a ≡ b [ZMOD n]` is `Int.ModEq n a b` and `a ≡ b [MOD n]` is `Nat.ModEq n a b`: each of n, a,
b elaborates on its own at ℤ (resp. ℕ), casts at its leaves, and the relation is `a % n = b % n`.
The verdict on random congruences agrees with a reference computed here with Lean's `Int.emod`
and truncated ℕ subtraction."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prover.decide.auto import decide
from prover.errors import LeanSyntaxError
from prover.state import load_theorem
from prover.syntax.ast import INT, NAT


def _emod(a: int, n: int) -> int:
    """Lean's `Int.emod`: `a % 0 = a`, otherwise in [0, |n|)."""
    return a if n == 0 else a % abs(n)


def _reference(x: int, y: int, b: int, n: int, z: bool) -> bool:
    lhs = x - y if z else max(x - y, 0)   # ℤ subtraction, or ℕ's truncated one
    return _emod(lhs, n) == _emod(b, n)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(x=st.integers(0, 12), y=st.integers(0, 12), b=st.integers(0, 9), n=st.integers(0, 9), z=st.booleans(),
       named=st.booleans())
def test_congruence_verdict_matches_lean(x, y, b, n, z, named):
    mod = "ZMOD" if z else "MOD"
    if named:   # ℕ variables: ZMOD casts them to ℤ at the leaves, before subtracting
        text = f"theorem t (a c : ℕ) (ha : a = {x}) (hc : c = {y}) : a - c ≡ {b} [{mod} {n}]"
    else:       # numerals: ℤ under ZMOD, ℕ under MOD
        text = f"theorem t : {x} - {y} ≡ {b} [{mod} {n}]"
    closed = decide(load_theorem(text).goal, budget_s=4) is not None
    assert closed == _reference(x, y, b, n, z), text


def test_zmod_arguments_are_integers_and_mod_arguments_naturals():
    g = load_theorem("theorem t (a b n : ℕ) : a - b ≡ 0 [ZMOD n]").goal
    lhs = g.target.args[0]
    assert lhs.ty == INT and lhs.args[0].op == "sub" and lhs.args[0].args[0].op == "cast"
    g = load_theorem("theorem t (a b n : ℕ) : a - b ≡ 0 [MOD n]").goal
    assert g.target.args[0].ty == NAT and g.target.args[0].args[0].op == "sub"


@pytest.mark.parametrize("text", ["theorem t (a : ℤ) : a ≡ 0 [MOD 2]", "theorem t (x : ℝ) : x ≡ 0 [ZMOD 2]",
                                  "theorem t (q : ℚ) : 1 ≡ q [ZMOD 2]"])
def test_modeq_outside_its_type_is_refused(text):
    # Nat.ModEq takes naturals and Int.ModEq integers; Lean has no coercion ℤ → ℕ or ℝ → ℤ.
    with pytest.raises(LeanSyntaxError):
        load_theorem(text)
