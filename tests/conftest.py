import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINIF2F = ROOT.parent / "shared" / "benchmarks" / "minif2f" / "valid.jsonl"


def twins():
    return [json.loads(l) for l in (ROOT / "tests" / "data" / "soundness_twins.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]


@pytest.fixture(scope="session")
def minif2f():
    if not MINIF2F.exists():
        pytest.skip(f"miniF2F benchmark not found at {MINIF2F}")
    return [json.loads(l) for l in MINIF2F.read_text(encoding="utf-8").splitlines() if l.strip()]


@pytest.fixture(autouse=True)
def _isolated_memory(tmp_path, monkeypatch):
    """Tests never touch the user's lemma memory."""
    monkeypatch.setenv("PROVER_MEMORY", str(tmp_path / "memory"))
