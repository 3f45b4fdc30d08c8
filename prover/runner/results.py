"""Result files of batch runs: one JSON object per line, appended whole and fsynced; read
back with a torn last line (a crash mid-write) dropped. Light: no prover module is imported,
so that `batch --resume` with nothing left to do starts quickly."""

from __future__ import annotations

import json
import os
from pathlib import Path


def read_results(path: Path) -> dict[str, dict]:
    """Finished results by name; a torn (unparseable) last line is dropped and truncated."""
    if not path.exists():
        return {}
    data = path.read_bytes()
    lines = data.split(b"\n")
    good_len = 0
    out = {}
    for i, raw in enumerate(lines):
        if not raw.strip():
            good_len += len(raw) + (1 if i < len(lines) - 1 else 0)
            continue
        try:
            d = json.loads(raw)
        except json.JSONDecodeError:
            break
        if i == len(lines) - 1:  # complete object but no newline yet: keep it, add the newline
            out[d["name"]] = d
            with path.open("ab") as f:
                f.write(b"\n")
            return out
        out[d["name"]] = d
        good_len += len(raw) + 1
    if good_len < len(data):
        with path.open("r+b") as f:
            f.truncate(good_len)
    return out


def append_result(path: Path | None, result: dict) -> None:
    if path is None:
        return
    line = (json.dumps(result, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
