"""Verdicts, and the one gate to `checked`.

- `checked`: every closing step is a kernel `CheckedStep` (`prover.kernel`), found by
  replaying the final script through `KernelChecker` (`certify`); structural steps use the goal
  transformations of `SympyChecker`, the part still outside the kernel.
- `true-by-oracle`: the oracles (Z3, Gröbner, SymPy, finite checks) say the goal is true, but
  at least one closing step has no kernel certificate (written `sorry -- true by oracle (M)`).
- `disproved`: the oracle found values where the hypotheses hold and the goal fails, and the
  kernel's exact evaluator confirmed both under Lean's semantics.
- `failed`, `error`.

`status` stays the umbrella: `proved` for `checked` and `true-by-oracle`. `guard` runs when a
`ProofResult` is made: `checked` needs the kernel's steps (which only a kernel rule can make),
each of them a step of the proof, and a proof without `sorry`.
"""

from __future__ import annotations

import re

from prover.kernel import CheckedStep, KernelViolation

CHECKED, TRUE_BY_ORACLE, DISPROVED, FAILED, ERROR = "checked", "true-by-oracle", "disproved", "failed", "error"
VERDICTS = (CHECKED, TRUE_BY_ORACLE, DISPROVED, FAILED, ERROR)
_SORRY = re.compile(r"(?<![\w.])(sorry|admit)(?![\w'])")


def guard(result) -> None:
    """Called by `ProofResult.__post_init__`: fills a missing verdict from the status and
    refuses a `checked` verdict without the kernel's steps."""
    if result.verdict is None:
        if result.status == "proved":
            raise KernelViolation("a proved result needs an explicit verdict (checked or true-by-oracle)")
        result.verdict = ERROR if result.status == "error" else FAILED
    if result.verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {result.verdict!r}")
    if (result.status == "proved") != (result.verdict in (CHECKED, TRUE_BY_ORACLE)):
        raise ValueError(f"status {result.status} does not go with verdict {result.verdict}")
    if result.verdict != CHECKED:
        return
    steps = result.kernel_steps
    if not steps or not all(type(s) is CheckedStep for s in steps):
        raise KernelViolation("a checked result needs the kernel's CheckedSteps for its closing steps")
    proof = result.proof or ""
    if _SORRY.search(proof):
        raise KernelViolation("a checked proof has no sorry")
    fragments = _tactics_of(proof)
    for s in steps:
        if s.tactic.strip() not in fragments:
            raise KernelViolation(f"the kernel step {s.tactic!r} is not a step of this proof")


def _tactics_of(proof: str) -> set[str]:
    """Every tactic written in `proof`: lines without bullets, alternatives' bodies (`| … =>`),
    inner proofs (`:= by t`) and both sides of `t <;> s`."""
    out = set()
    for line in proof.splitlines():
        text = line.strip().lstrip("·").strip()
        if "=>" in text and text.startswith("|"):
            text = text.split("=>", 1)[1].strip()
        pieces = [text]
        if ":= by " in text:
            pieces.append(text.split(":= by ", 1)[1].strip())
        pieces += [m.group(1).strip() for m in re.finditer(r"\(by (.+?) : ", text)]
        for piece in list(pieces):
            pieces += [x.strip() for x in piece.split(" <;> ")]
        for piece in list(pieces):   # the closings Lean runs itself: `rw`'s rfl, `use`'s discharger
            if re.match(r"rw\s*\[", piece):
                pieces.append("rfl")
            elif re.match(r"use!?\s", piece):
                pieces += ["rfl", "assumption"]
        out |= {p for p in pieces if p}
    return out


def certified(theorem, lines: list[str], missing: list[str], checker=None, budget_s: float = 10.0) -> dict:
    """The verdict fields of a result whose proof is `lines`: `checked` with its kernel steps
    when the script replays through `KernelChecker`, else `true-by-oracle` with the reasons."""
    from prover.checkers.kernel_checker import certify
    proof = "\n".join(lines)
    if missing:
        return {"verdict": TRUE_BY_ORACLE, "proof": proof, "oracle": sorted(set(missing))}
    if getattr(theorem, "translated", ""):
        # The goal was read through a translation (`prover.syntax.zmod`, `prover.syntax.lower`):
        # a kernel proof of the translation is not a script Lean would accept on the statement.
        return {"verdict": TRUE_BY_ORACLE, "proof": proof,
                "oracle": [f"{theorem.translated} statement: proved on its translation"]}
    cert = certify(theorem.goal, proof, checker, budget_s=budget_s)
    if cert.ok and all(step.tactic.strip() in _tactics_of(proof) for step in cert.steps):
        return {"verdict": CHECKED, "proof": proof, "kernel_steps": cert.steps, "kernel_rules": cert.rules}
    if cert.ok:
        return {"verdict": TRUE_BY_ORACLE, "proof": proof, "oracle": ["kernel steps not found in the proof text"]}
    if cert.line and 0 < cert.line <= len(lines):   # the step the kernel did not check is marked
        lines = list(lines)
        lines[cert.line - 1] += f"  -- not checked by the kernel: {cert.message.splitlines()[0][:120]}"
        proof = "\n".join(lines)
    return {"verdict": TRUE_BY_ORACLE, "proof": proof, "oracle": [f"kernel replay: {cert.message}"]}


def verdict_of(r: dict) -> str:
    """The verdict of a result line (older lines without one: from their status)."""
    v = r.get("verdict")
    if v in VERDICTS:
        return v
    return {"proved": TRUE_BY_ORACLE, "error": ERROR}.get(r.get("status"), FAILED)


def describe(r: dict) -> str:
    """One line for people: `checked (linarith, nlinarith; 0.42s)`, `true-by-oracle (no kernel
    certificate: z3)`, `disproved: x = 37, a = 1480`, `failed`."""
    v = verdict_of(r)
    if v == CHECKED:
        return f"checked (kernel rules: {', '.join(r.get('kernel_rules') or [])}; {r.get('time_s', 0):.2f}s)"
    if v == TRUE_BY_ORACLE:
        return f"true-by-oracle (no kernel certificate: {'; '.join(r.get('oracle') or ['?'])}; {r.get('time_s', 0):.2f}s)"
    if v == DISPROVED:
        return "disproved: " + ", ".join(f"{n} = {x}" for n, x in (r.get("counterexample") or {}).items())
    return v


def counts(results) -> dict:
    """Results per verdict, every verdict listed."""
    out = {v: 0 for v in VERDICTS}
    for r in results:
        out[verdict_of(r)] += 1
    return out
