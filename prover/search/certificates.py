"""What closed a search node: the kernel's certified steps, or an oracle's method alone (shared
by the search, `prover.search.best_first`, and the reconstruction, `prover.search.reconstruct`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class KernelCertificate:
    """A goal closed by the kernel: the `CheckedStep`s of its leaf script (empty when the leaf
    is a structural closer, checked by the final replay)."""
    steps: tuple = ()


@dataclass(frozen=True)
class OracleCertificate:
    """A goal closed only by an oracle (true by oracle, no kernel certificate): its method."""
    method: str


NodeCertificate = KernelCertificate | OracleCertificate
