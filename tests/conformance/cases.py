"""The conformance cases: Mathlib's tactic tests restated as (statement, tactic, Lean's outcome).

Each `data/<tactic>.txt` line is `source | expect | tactic | statement`, where `expect` is
`accept` (Lean closes the goal), `refuse` (`fail_if_success` or an error in `#guard_msgs`), or
`out` (outside the kernel's arithmetic fragment; the last field says why). `accept*` marks a
known disagreement: Lean accepts, the kernel's model refuses (conservative; the comment line
above it says why). There is no `refuse*`: a kernel that accepts what Lean refuses is a
soundness bug to fix, never a row to mark.

A file whose header has `# family: NAME` counts its rows under NAME (`polyrith.txt`: Lean's
`polyrith` is checked through the `linear_combination e` it suggests). A tactic the kernel has
no rule for (`interval_cases x <;> omega`) is replayed by the kernel checker: its structural
step as `KernelChecker` models it, every closing step by the kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Case:
    source: str
    expect: str
    tactic: str
    statement: str
    file_family: str | None = None

    @property
    def known_disagreement(self) -> bool:
        """Lean accepts, the kernel's model refuses (a row marked `accept*`)."""
        return self.expect == "accept*"

    @property
    def lean(self) -> str:
        """Lean's outcome: `accept`, `refuse` or `out`."""
        return self.expect.rstrip("*")

    @property
    def family(self) -> str:
        """The file's `# family:` if it has one, else the tactic's name; `ring1`/`ring_nf` and
        `norm_num1` count with `ring`/`norm_num`."""
        if self.file_family:
            return self.file_family
        name = self.tactic.split()[0]
        return {"ring1": "ring", "ring_nf": "ring", "norm_num1": "norm_num"}.get(name, name)

    @property
    def weight(self) -> int:
        """How many of Lean's examples the row stands for (an `out` row may group several:
        "… (7 examples)")."""
        m = re.search(r"\((\d+) examples", self.statement) if self.expect == "out" else None
        return int(m.group(1)) if m else 1

    def __str__(self) -> str:
        return f"{self.source}: {self.tactic}"


def load_cases() -> list[Case]:
    out = []
    for path in sorted(DATA.glob("*.txt")):
        family = None
        for line in path.read_text().splitlines():
            if line.startswith("# family:"):
                family = line.split(":", 1)[1].strip()
            if not line.strip() or line.startswith("#"):
                continue
            source, expect, tactic, statement = (p.strip() for p in line.split(" | ", 3))
            if expect not in ("accept", "accept*", "refuse", "out"):
                raise ValueError(f"{path.name}: bad outcome {expect!r} in {line!r}")
            out.append(Case(source, expect, tactic, statement, family))
    return out


def run_case(case: Case) -> tuple[str, str]:
    """(`accept`/`refuse`, reason) for the kernel on this case."""
    from prover.errors import ProverError
    from prover.kernel import RULES, CheckedStep, check
    from prover.state import load_theorem

    try:
        goal = load_theorem(case.statement).goal
    except ProverError as err:
        return "unparsed", str(err)
    if case.tactic.split()[0] not in RULES:
        from prover.checkers.kernel_checker import KernelChecker
        from prover.checkers.replay import replay
        try:
            replayed = replay(goal, case.tactic, checker=KernelChecker())
        except ProverError as err:
            return "refuse", str(err)
        return ("accept", "") if replayed.ok else ("refuse", replayed.message)
    result = check(goal, case.tactic)
    if isinstance(result, CheckedStep):
        return "accept", ""
    return "refuse", result.reason
