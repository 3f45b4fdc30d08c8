"""The conformance cases: Mathlib's tactic tests restated as (statement, tactic, Lean's outcome).

Each `data/<tactic>.txt` line is `source | expect | tactic | statement`, where `expect` is
`accept` (Lean closes the goal), `refuse` (`fail_if_success` or an error in `#guard_msgs`), or
`out` (outside the kernel's arithmetic fragment; the last field says why).
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

    @property
    def family(self) -> str:
        """The tactic's name; `ring1`/`ring_nf` and `norm_num1` count with `ring`/`norm_num`."""
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
        for line in path.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            source, expect, tactic, statement = (p.strip() for p in line.split(" | ", 3))
            if expect not in ("accept", "refuse", "out"):
                raise ValueError(f"{path.name}: bad outcome {expect!r} in {line!r}")
            out.append(Case(source, expect, tactic, statement))
    return out


def run_case(case: Case) -> tuple[str, str]:
    """(`accept`/`refuse`, reason) for the kernel on this case."""
    from prover.errors import ProverError
    from prover.kernel import CheckedStep, check
    from prover.state import load_theorem

    try:
        goal = load_theorem(case.statement).goal
    except ProverError as err:
        return "unparsed", str(err)
    result = check(goal, case.tactic)
    if isinstance(result, CheckedStep):
        return "accept", ""
    return "refuse", result.reason
