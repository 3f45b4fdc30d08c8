"""Plug in a tactic model by Hugging Face name or local path (here the embedded one, offline).

    python examples/hf_model.py [MODEL]     # e.g. a folder, or an org/name already downloaded
"""
import sys
from pathlib import Path

from prover import Prover

model = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[1] / "models" / "tactic-lm")
prover = Prover(model=model)   # add allow_download=True to fetch a name not in the local cache
# A recurrence: the decision procedures alone fail, so search asks the model for tactics.
result = prover.prove("theorem t (n : ℕ) (u : ℕ → ℕ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = 2 * u n) : u n = 2 ^ n",
                      timeout=20)
print(result.status, result.proof, "| LM calls:", result.raw.get("lm_calls"))
