"""Every translated Mathlib example: the kernel's rule agrees with Lean's outcome."""

import pytest

from tests.conformance.cases import load_cases, run_case

CASES = [c for c in load_cases() if c.expect != "out"]


def test_the_table_is_substantial():
    families = {c.family for c in CASES}
    assert {"linarith", "nlinarith", "positivity", "norm_num", "ring", "decide"} <= families
    assert sum(c.expect == "refuse" for c in CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=str)
def test_kernel_agrees_with_lean(case):
    got, reason = run_case(case)
    if case.known_disagreement:   # Lean accepts; the kernel's model is known to refuse
        assert got == "refuse", f"the kernel now {got}s what Lean accepts: mark the row `accept`"
        return
    assert got == case.expect, f"Lean {case.expect}s; the kernel {got}s ({reason})"


def test_no_known_disagreement_is_a_kernel_acceptance():
    """`accept*` is Lean accepting what the kernel refuses; the other way round is a bug."""
    marked = [c for c in load_cases() if c.expect.endswith("*")]
    assert all(c.expect == "accept*" for c in marked)
