"""Entry point of the `prover` console script; the app lives in `prover.cli`."""

from prover.cli import app, main

__all__ = ["app", "main"]

if __name__ == "__main__":
    main()
