"""Theorem suites: a `.jsonl` file (objects with `name`, `statement`, optional `header`), a
`.lean` file, or a folder of them.

>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "s.jsonl").write_text(json.dumps({"name": "a", "statement": "theorem a : 1 + 1 = 2"}) + "\\n")
>>> [e.name for e in load_suite(d / "s.jsonl")]
['a']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from prover.errors import InputError
from prover.syntax.parser import split_lean_file


@dataclass(frozen=True)
class SuiteEntry:
    name: str
    statement: str
    header: str | None = None
    category: str | None = None
    source: str = ""


def _from_jsonl(path: Path) -> list[SuiteEntry]:
    out = []
    from prover.api import read_text
    for i, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{i}:{err.colno}: invalid JSON: {err.msg}") from None
        if not isinstance(d, dict) or "statement" not in d:
            raise InputError(f"{path}:{i}: each line needs an object with a 'statement'")
        name = d.get("name") or f"{path.stem}_{i}"
        out.append(SuiteEntry(name, d["statement"], d.get("header"), d.get("category"), f"{path}:{i}"))
    return out


def _from_lean(path: Path) -> list[SuiteEntry]:
    from prover.api import normalize, read_text
    header, chunks = split_lean_file(read_text(path))
    out = []
    for chunk, line in chunks:
        words = chunk.split()
        name = words[1] if len(words) > 1 and words[0] in ("theorem", "lemma") else f"{path.stem}_{line + 1}"
        # `example` gets its entry's name, as the parser needs one.
        out.append(SuiteEntry(name, normalize(chunk, name).statement, header or None, None, f"{path}:{line + 1}"))
    return out


def load_suite(path: str | Path) -> list[SuiteEntry]:
    """All entries of a suite; raises InputError for a missing or unreadable suite."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    if p.is_dir():
        files = sorted(list(p.glob("*.jsonl")) + list(p.glob("*.lean")))
        if not files:
            raise InputError(f"{p}: no .jsonl or .lean files in this folder")
        return [e for f in files for e in load_suite(f)]
    if p.suffix == ".jsonl":
        return _from_jsonl(p)
    if p.suffix == ".lean":
        return _from_lean(p)
    raise InputError(f"{p}: expected a .jsonl file, a .lean file or a folder")
