"""prover: a neuro-symbolic theorem prover for Lean 4 competition mathematics.

>>> from prover import prove
>>> prove("theorem t (x : ℝ) (h : 3 * x - 7 = 11) : x = 6", timeout=10).proof
'linarith'

`Prover`, `prove` and `ProofResult` are in `prover.api` (imported on first use, so that
`import prover` stays quick); `__version__` is the installed package's version.
"""

from __future__ import annotations


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("prover")
    except PackageNotFoundError:  # run from a source tree that was never installed
        import re
        from pathlib import Path
        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        m = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.M) if pyproject.exists() else None
        return m.group(1) if m else "0+unknown"


__all__ = ["Prover", "ProofResult", "prove", "__version__"]


def __getattr__(name: str):
    if name == "__version__":  # read on first use: package metadata costs 60 ms at every start
        globals()["__version__"] = version = _version()
        return version
    if name in ("Prover", "ProofResult", "prove"):
        from prover import api
        return getattr(api, name)
    raise AttributeError(f"module 'prover' has no attribute {name!r}")
