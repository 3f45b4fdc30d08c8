import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINIF2F = ROOT.parent / "shared" / "benchmarks" / "minif2f" / "valid.jsonl"


TWIN_FILES = [ROOT / "tests" / "data" / "soundness_twins.jsonl", *sorted((ROOT / "tests" / "data" / "twins").glob("*.jsonl"))]


def twins():
    """The false suite: `{"rule", "true", "false"}` pairs from `soundness_twins.jsonl` and from one
    file per repaired class in `tests/data/twins/`."""
    return [json.loads(l) for f in TWIN_FILES for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]


@pytest.fixture(scope="session")
def minif2f():
    if not MINIF2F.exists():
        pytest.skip(f"miniF2F benchmark not found at {MINIF2F}")
    return [json.loads(l) for l in MINIF2F.read_text(encoding="utf-8").splitlines() if l.strip()]


@pytest.fixture(autouse=True)
def _isolated_memory(tmp_path, monkeypatch):
    """Tests never touch the user's lemma memory."""
    monkeypatch.setenv("PROVER_MEMORY", str(tmp_path / "memory"))
