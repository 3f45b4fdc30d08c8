"""Cast normal form: lives in the kernel (`prover.kernel.casts`), which `exact_mod_cast` uses."""

from prover.kernel.casts import cast_normal  # noqa: F401
