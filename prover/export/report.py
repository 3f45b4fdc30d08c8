"""A results page to open in a browser: one self-contained HTML file (inline CSS and JS, no
network) made from the JSONL that `prover batch` writes.

It shows the totals by status and by category, a histogram of the time to proof, the slowest
and the failed theorems with their errors, every result with its proof, its steps and its
certificates (a click on a row), a comparison with a second result file (`against`: gained,
lost, time ratio) and the lemma map of a memory.

>>> import tempfile, pathlib, json
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> rows = [{"name": "a_1", "status": "proved", "proof": "norm_num", "time_s": 0.2},
...         {"name": "a_2", "status": "failed", "time_s": 5.0, "error": None}]
>>> _ = (d / "r.jsonl").write_text("".join(json.dumps(r) + "\\n" for r in rows))
>>> page = build_report(d / "r.jsonl")
>>> "a_1" in page and "1 / 2 proved" in page
True
"""

from __future__ import annotations

import html
import json
import math
import statistics
from collections import Counter
from pathlib import Path

from prover.errors import InputError
from prover.export.graph_export import GRAPH_CSS, GRAPH_JS, fill, json_for_script, view_data
from prover.memory.graph import atomic_write

STATUSES = ("proved", "failed", "timeout", "error")
STATUS_COLORS = {"proved": "#54a24b", "failed": "#e45756", "timeout": "#f58518", "error": "#9d755d"}


def load_results(path: Path) -> dict[str, dict]:
    """The result of each theorem in a batch's JSONL, the last line for a name winning (a later
    pass re-attempts failures). Read-only: a torn last line is skipped, not truncated."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    out: dict[str, dict] = {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as err:
            if i == len(lines):
                break   # a batch still running, or killed mid-line
            raise InputError(f"{path}:{i}: invalid JSON: {err.msg}") from None
        if not isinstance(d, dict) or "name" not in d or "status" not in d:
            raise InputError(f"{path}:{i}: not a result line (needs 'name' and 'status')")
        out[str(d["name"])] = d
    return out


def category(result: dict) -> str:
    """A result's category: its own field, else the name's first word, as `prover batch` groups."""
    return str(result.get("category") or str(result["name"]).split("_")[0])


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _seconds(r: dict) -> float:
    try:
        return float(r.get("time_s") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _histogram(times: list[float], width: int = 640, height: int = 200, bins: int = 20) -> str:
    """An inline SVG histogram of proof times (seconds)."""
    if not times:
        return "<p>No proof to time.</p>"
    top = max(times)
    step = max(top / bins, 1e-3)
    counts = Counter(min(int(t / step), bins - 1) for t in times)
    tallest = max(counts.values())
    left, bottom = 40, 30
    w, h = (width - left - 10) / bins, height - bottom - 10
    parts = [f'<svg class="hist" width="{width}" height="{height}" role="img" aria-label="histogram of time to proof">',
             f'<line x1="{left}" y1="{10 + h}" x2="{width - 10}" y2="{10 + h}" stroke="#888"/>']
    for b in range(bins):
        c = counts.get(b, 0)
        bh = h * c / tallest
        parts.append(f'<rect x="{left + b * w + 1:.1f}" y="{10 + h - bh:.1f}" width="{w - 2:.1f}" height="{bh:.1f}" '
                     f'fill="#4c78a8"><title>{b * step:.2f}–{(b + 1) * step:.2f} s: {c}</title></rect>')
    for b in range(0, bins + 1, 5):
        parts.append(f'<text x="{left + b * w:.1f}" y="{height - 12}" font-size="11" text-anchor="middle">{b * step:.1f}</text>')
    parts.append(f'<text x="{left - 6}" y="16" font-size="11" text-anchor="end">{tallest}</text>'
                 f'<text x="{left - 6}" y="{10 + h}" font-size="11" text-anchor="end">0</text>'
                 f'<text x="{width - 10}" y="{height - 1}" font-size="11" text-anchor="end">seconds to proof</text></svg>')
    return "".join(parts)


def _totals(results: list[dict]) -> str:
    counts = Counter(r["status"] for r in results)
    verdicts = Counter(r.get("verdict") for r in results if r["status"] == "proved")
    cards = "".join(f'<div class="card" style="border-color:{STATUS_COLORS.get(s, "#999")}"><b>{counts.get(s, 0)}</b>{_e(s)}</div>'
                    for s in STATUSES)
    cards += "".join(f'<div class="card"><b>{n}</b>{_e(v or "no verdict")}</div>' for v, n in sorted(verdicts.items(), key=str))
    groups: dict[str, list] = {}
    for r in results:
        groups.setdefault(category(r), []).append(r)
    rows = []
    for cat, rs in sorted(groups.items()) + [("all", results)]:
        c = Counter(r["status"] for r in rs)
        times = [_seconds(r) for r in rs if r["status"] == "proved"]
        cells = [_e(cat), str(len(rs)), *(str(c.get(s, 0)) for s in STATUSES),
                 f'{100 * c.get("proved", 0) / len(rs):.0f}%', f"{statistics.median(times):.2f}" if times else "–"]
        rows.append(f'<tr{" class=total" if cat == "all" else ""}>' + "".join(f"<td>{x}</td>" for x in cells))
    head = "".join(f"<th>{h}</th>" for h in ("category", "total", *STATUSES, "proved %", "median s (proved)"))
    return (f'<div class="cards">{cards}</div><table id="by-category"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(r + "</tr>" for r in rows)}</tbody></table>')


def _row(r: dict, extra: str = "") -> str:
    method = ", ".join(m.get("method", "") for m in r.get("methods") or [] if isinstance(m, dict))
    first = (r.get("proof") or "").split("\n")[0]
    return (f'<tr class="result" data-name="{_e(r["name"])}"><td>{_e(r["name"])}</td>'
            f'<td><span class="st st-{_e(r["status"])}">{_e(r["status"])}</span></td><td class="num">{_seconds(r):.2f}</td>'
            f'<td>{_e(method)}</td><td><code>{_e(first[:80])}</code></td>{extra}</tr>')


def _table(rows: list[dict], table_id: str, extra_head: str = "", extra=lambda r: "") -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{h}</th>" for h in ("theorem", "status", "time s", "methods", "proof (first line)")) + extra_head
    return (f'<table id="{table_id}" class="results"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(_row(r, extra(r)) for r in rows) + "</tbody></table>")


def _comparison(a: dict[str, dict], b: dict[str, dict], name_a: str, name_b: str) -> str:
    proved_a = {n for n, r in a.items() if r["status"] == "proved"}
    proved_b = {n for n, r in b.items() if r["status"] == "proved"}
    both = sorted(proved_a & proved_b)
    ratios = [(_seconds(a[n]) + 1e-3) / (_seconds(b[n]) + 1e-3) for n in both]
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None
    gained, lost = sorted(proved_a - proved_b), sorted(proved_b - proved_a)

    def side(names, src):
        return "".join(f'<tr class="result" data-name="{_e(n)}"><td>{_e(n)}</td><td>{_e(b.get(n, {}).get("status", "absent"))}</td>'
                       f'<td>{_e(a.get(n, {}).get("status", "absent"))}</td><td class="num">{_seconds(src[n]):.2f}</td></tr>'
                       for n in names) or '<tr><td colspan="4">none</td></tr>'
    head = f"<tr><th>theorem</th><th>{_e(name_b)}</th><th>{_e(name_a)}</th><th>time s</th></tr>"
    timed = "".join(f'<tr class="result" data-name="{_e(n)}"><td>{_e(n)}</td><td class="num">{_seconds(b[n]):.2f}</td>'
                    f'<td class="num">{_seconds(a[n]):.2f}</td><td class="num">{x:.2f}</td></tr>'
                    for n, x in sorted(zip(both, ratios), key=lambda p: -p[1])[:50])
    return (f'<p><b>{len(proved_a)}</b> proved in {_e(name_a)}, <b>{len(proved_b)}</b> in {_e(name_b)}; '
            f'<b>{len(gained)}</b> gained, <b>{len(lost)}</b> lost, {len(both)} proved in both'
            + (f'; time ratio ({_e(name_a)} / {_e(name_b)}) on both: geometric mean <b>{geo:.2f}</b>, median '
               f'<b>{statistics.median(ratios):.2f}</b>' if ratios else "") + ".</p>"
            f'<div class="side"><div><h3>gained ({len(gained)})</h3><table id="gained">{head}{side(gained, a)}</table></div>'
            f'<div><h3>lost ({len(lost)})</h3><table id="lost">{head}{side(lost, b)}</table></div></div>'
            f'<h3>time on both (slowest ratio first)</h3><table id="ratios"><tr><th>theorem</th><th>{_e(name_b)} s</th>'
            f'<th>{_e(name_a)} s</th><th>ratio</th></tr>{timed}</table>')


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>prover report: @@TITLE@@</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;font-size:14px}
header{background:#2f3e4e;color:#fff;padding:10px 18px} header h1{margin:0;font-size:20px}
nav a{color:#cfe0f0;margin-right:14px;font-size:13px}
#layout{display:flex;align-items:flex-start}
main{flex:1;padding:6px 18px 40px;min-width:0}
aside{width:420px;position:sticky;top:0;height:100vh;overflow:auto;border-left:1px solid #ddd;padding:10px 14px;box-sizing:border-box;background:#fafafa}
aside pre,main pre{white-space:pre-wrap;background:#f0f0f0;padding:6px;font-size:12px}
h2{border-bottom:1px solid #ddd;padding-bottom:3px;margin-top:28px}
table{border-collapse:collapse;margin:6px 0;font-size:13px} th,td{border-bottom:1px solid #e6e6e6;padding:3px 8px;text-align:left}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums} tr.total td{font-weight:bold}
tr.result{cursor:pointer} tr.result:hover{background:#eef4fb} tr.result.sel{background:#dbe9f7}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0} .card{border:2px solid #bbb;border-radius:6px;padding:6px 14px;min-width:70px}
.card b{display:block;font-size:22px}
.st{padding:1px 6px;border-radius:8px;color:#fff;font-size:12px}
@@STATUS_CSS@@
.side{display:flex;gap:30px;flex-wrap:wrap} .gv{height:560px} .gv-search{width:320px}
code{font-size:12px} #filter{width:280px}
.step{border-left:3px solid #4c78a8;padding-left:8px;margin:6px 0}
@@GRAPH_CSS@@
</style></head><body>
<header><h1>prover report: @@TITLE@@</h1><nav>@@NAV@@</nav></header>
<div id="layout"><main>
@@SECTIONS@@
</main><aside id="details"><h3>Details</h3><p>Click a theorem (a row) or a lemma (a node) to see its proof, steps and certificates.</p></aside></div>
<script type="application/json" id="report-data">@@DATA@@</script>
<script>
@@GRAPH_JS@@
const data = JSON.parse(document.getElementById('report-data').textContent);
const esc = s => String(s == null ? '' : s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
const details = document.getElementById('details');
function showResult(name) {
  const r = data.results[name], o = data.against ? data.against[name] : null;
  if (!r && !o) return;
  const one = (r, label) => {
    if (!r) return '<p>' + esc(label) + ': absent</p>';
    let h = '<h4>' + esc(label) + ': <span class="st st-' + esc(r.status) + '">' + esc(r.status) + '</span> ' +
      esc((+r.time_s || 0).toFixed(2)) + ' s' + (r.verdict ? ', ' + esc(r.verdict) : '') + '</h4>';
    if (r.error) h += '<b>error</b><pre class="error">' + esc(r.error) + '</pre>';
    if (r.proof) h += '<b>proof</b><pre class="proof">' + esc(r.proof) + '</pre>';
    const steps = r.tactics || [];
    if (steps.length) h += '<b>steps</b>' + steps.map((s, i) => '<div class="step">' + (i + 1) + '. <code>' + esc(s.tactic) +
      '</code> <small>(' + esc(s.source || '') + ')</small>' + (s.state ? '<pre>' + esc(s.state) + '</pre>' : '') + '</div>').join('');
    const certs = r.methods || [];
    if (certs.length) h += '<b>certificates</b><ul class="certs">' + certs.map(m => '<li><b>' + esc(m.method) + '</b> ' + esc(m.detail || '') +
      (m.time_s != null ? ' <small>(' + esc(m.time_s) + ' s)</small>' : '') + '</li>').join('') + '</ul>';
    const lemmas = r.lemmas || [];
    if (lemmas.length) h += '<b>learned lemmas used</b>' + lemmas.map(l => '<pre>' + esc(l.statement || l.name) + '\\n' + esc(l.proof || '') + '</pre>').join('');
    h += '<p><small>expansions ' + esc(r.expansions || 0) + ', nodes ' + esc(r.nodes || 0) + ', depth ' + esc(r.depth || 0) +
      ', tactic calls ' + esc(r.tactic_calls || 0) + (r.lm_calls ? ', LM calls ' + esc(r.lm_calls) : '') + '</small></p>';
    return h;
  };
  details.innerHTML = '<h3>' + esc(name) + '</h3>' + one(r, data.name) + (data.against ? one(o, data.against_name) : '');
  document.querySelectorAll('tr.result').forEach(tr => tr.classList.toggle('sel', tr.dataset.name === name));
}
document.querySelectorAll('tr.result').forEach(tr => tr.addEventListener('click', () => showResult(tr.dataset.name)));
const filter = document.getElementById('filter');
if (filter) filter.addEventListener('input', () => { const q = filter.value.toLowerCase();
  document.querySelectorAll('#all-results tr.result').forEach(tr => { tr.style.display = tr.textContent.toLowerCase().includes(q) ? '' : 'none'; }); });
if (data.graph) {
  const g = lemmaGraph(document.getElementById('lemma-map'), data.graph,
    (n, out, inc) => { details.innerHTML = nodeDetails(n, out, inc); });
  graphTools(document.getElementById('lemma-tools'), data.graph, g);
}
</script></body></html>
"""


def build_report(results_path: Path, memory: Path | None = None, against: Path | None = None,
                 slowest: int = 15) -> str:
    """The report page for `results_path` (optionally compared with `against`, with the lemma
    map of the memory folder `memory`), as HTML text."""
    results = load_results(results_path)
    other = load_results(against) if against is not None else None
    rs = list(results.values())
    name = Path(results_path).name
    other_name = Path(against).name if against is not None else ""
    if other_name == name:
        name, other_name = str(results_path), str(against)
    proved = [r for r in rs if r["status"] == "proved"]
    sections = [("totals", "Totals", f"<p><b>{len(proved)} / {len(rs)} proved</b>"
                 f"{f', in {sum(_seconds(r) for r in rs):.0f} s of proving' if rs else ''}.</p>" + _totals(rs)),
                ("times", "Time to proof", _histogram([_seconds(r) for r in proved])),
                ("slowest", "Slowest", _table(sorted(rs, key=_seconds, reverse=True)[:slowest], "slowest")),
                ("failed", "Not proved", _table(
                    [r for r in rs if r["status"] != "proved"], "failed", "<th>error</th>",
                    lambda r: f'<td class="err">{_e((r.get("error") or "")[:160])}</td>'))]
    if other is not None:
        sections.append(("compare", f"Compared with {_e(other_name)}", _comparison(results, other, name, other_name)))
    sections.append(("all", "All results", '<input id="filter" type="search" placeholder="filter rows">'
                     + _table(sorted(rs, key=lambda r: r["name"]), "all-results")))
    graph = None
    if memory is not None:
        from prover.memory.graph import load_memory
        lemma_graph = load_memory(Path(memory))
        graph = view_data(lemma_graph.graph)
        sections.append(("lemmas", "Lemma map", (f"<p>{lemma_graph.graph.number_of_nodes()} lemmas, "
                         f"{lemma_graph.graph.number_of_edges()} edges in {_e(memory)}. Wheel: zoom; drag: pan; click a node.</p>"
                         '<div id="lemma-tools" class="gv-tools"></div><div id="lemma-map" class="gv"></div>')))
    body = "\n".join(f'<section id="{sid}"><h2>{title}</h2>{content}</section>' for sid, title, content in sections)
    nav = "".join(f'<a href="#{sid}">{title}</a>' for sid, title, _ in sections)
    data = {"name": name, "results": results, "against": other, "against_name": other_name, "graph": graph}
    status_css = "".join(f".st-{s}{{background:{c}}}" for s, c in STATUS_COLORS.items())
    return fill(_PAGE, STATUS_CSS=status_css, GRAPH_CSS=GRAPH_CSS, GRAPH_JS=GRAPH_JS, TITLE=_e(name), NAV=nav,
                SECTIONS=body, DATA=json_for_script(data))


def write_report(results_path: Path, out: Path, memory: Path | None = None, against: Path | None = None) -> None:
    """Build the report and write it to `out`, atomically."""
    text = build_report(results_path, memory, against)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text.encode("utf-8"))
