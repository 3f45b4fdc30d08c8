"""Prove one theorem and print it as a Lean file."""
from prover import prove

result = prove("theorem demo (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6", timeout=10)
print(result.status, result.verdict, [c["method"] for c in result.certificates])
print(result.to_lean())
