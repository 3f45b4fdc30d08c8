"""The report page as text (the browser tests open it): what it counts, what it escapes, and
the `prover report` command."""

import json
import re

from typer.testing import CliRunner

from prover.cli import app
from prover.export.report import build_report, load_results

runner = CliRunner()


def _write(path, rows, tail=""):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + tail)
    return path


def _data(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.DOTALL).group(1)
    return json.loads(raw)


def test_last_line_for_a_name_wins_and_a_torn_tail_is_skipped_not_truncated(tmp_path):
    rows = [{"name": "a", "status": "failed", "time_s": 5}, {"name": "a", "status": "proved", "time_s": 9, "proof": "ring"}]
    path = _write(tmp_path / "r.jsonl", rows, tail='{"name": "b", "sta')
    size = path.stat().st_size
    results = load_results(path)
    assert list(results) == ["a"] and results["a"]["status"] == "proved"
    assert path.stat().st_size == size   # the report never edits a batch's file


def test_comparison_counts_gained_lost_and_the_time_ratio(tmp_path):
    new = _write(tmp_path / "new.jsonl", [{"name": "x", "status": "proved", "time_s": 1.0},
                                          {"name": "y", "status": "proved", "time_s": 2.0},
                                          {"name": "z", "status": "failed", "time_s": 5.0}])
    old = _write(tmp_path / "old.jsonl", [{"name": "x", "status": "proved", "time_s": 4.0},
                                          {"name": "y", "status": "failed", "time_s": 5.0},
                                          {"name": "z", "status": "proved", "time_s": 1.0}])
    page = build_report(new, against=old)
    assert "<b>1</b> gained, <b>1</b> lost, 1 proved in both" in page
    gained = re.search(r'<table id="gained">(.*?)</table>', page, re.DOTALL).group(1)
    lost = re.search(r'<table id="lost">(.*?)</table>', page, re.DOTALL).group(1)
    assert 'data-name="y"' in gained and 'data-name="z"' in lost and 'data-name="x"' not in gained + lost
    assert "geometric mean <b>0.25</b>" in page   # x: 1.0 s against 4.0 s


def test_text_from_results_cannot_break_out_of_the_page(tmp_path):
    evil = "</script><script>alert(1)</script><!--"
    path = _write(tmp_path / "r.jsonl", [{"name": "n" + evil, "status": "error", "error": evil, "time_s": 0.1},
                                          {"name": "@@DATA@@", "status": "failed", "time_s": 1}])
    page = build_report(path)
    assert "<script>alert(1)" not in page and page.count("</script>") == 2
    assert _data(page)["results"]["n" + evil]["error"] == evil      # intact inside the JSON
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")   # nothing fetched from a network


def test_report_command(tmp_path):
    res = _write(tmp_path / "r.jsonl", [{"name": "a", "status": "proved", "time_s": 0.1, "proof": "norm_num"}])
    out = tmp_path / "out" / "report.html"
    r = runner.invoke(app, ["report", str(res), "--out", str(out)])
    assert r.exit_code == 0 and out.exists() and "1 / 1 proved" in out.read_text()
    assert runner.invoke(app, ["report", str(tmp_path / "missing.jsonl"), "--out", str(out)]).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "a"}\n{"name": "b", "status": "proved"}\n')
    r = runner.invoke(app, ["report", str(bad), "--out", str(out)])
    assert r.exit_code == 2 and "bad.jsonl:1" in r.stderr
    r = runner.invoke(app, ["report", str(res), "--memory", str(tmp_path / "nomem"), "--out", str(out)])
    assert r.exit_code == 2
