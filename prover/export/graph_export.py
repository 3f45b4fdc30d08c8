"""Export the lemma graph: GraphML (Gephi, Cytoscape, `networkx.read_graphml`), JSON
(node-link), DOT (Graphviz) and a self-contained interactive HTML page (no network).

>>> import tempfile, pathlib, networkx as nx
>>> from prover.memory.graph import LemmaGraph
>>> g = LemmaGraph(); _ = g.seed_library()
>>> p = pathlib.Path(tempfile.mkdtemp()) / "m.graphml"
>>> export_graph(g, "graphml", p)
>>> nx.read_graphml(p).number_of_nodes() == g.graph.number_of_nodes()
True
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import networkx as nx
from networkx.readwrite import json_graph

from prover.errors import InputError
from prover.memory.graph import LemmaGraph, atomic_write

FORMATS = ("graphml", "json", "dot", "html")
_COLORS = {"library": "#4c78a8", "theorem": "#54a24b", "have": "#eeca3b", "failed": "#e45756"}


def _dot(g: nx.DiGraph) -> str:
    def q(s: str) -> str:
        return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    lines = ["digraph lemmas {", "  node [shape=box, style=filled, fontname=Helvetica];"]
    for n, d in g.nodes(data=True):
        label = d.get("name") or d.get("statement", "")[:60]
        lines.append(f"  {q(n)} [label={q(label)}, fillcolor={q(_COLORS.get(d.get('kind'), '#cccccc'))}, "
                     f"kind={q(d.get('kind', ''))}];")
    for a, b, d in g.edges(data=True):
        lines.append(f"  {q(a)} -> {q(b)} [label={q(d.get('kind', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>prover lemma graph</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:0;display:flex;height:100vh}
#side{width:360px;padding:12px;overflow:auto;border-right:1px solid #ddd;font-size:13px}
#side pre{white-space:pre-wrap;background:#f6f6f6;padding:6px}
svg{flex:1} .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
input{width:100%;box-sizing:border-box;margin-bottom:8px}
</style></head><body>
<div id="side"><h3>Lemma graph</h3><div class="legend">LEGEND</div>
<p>NODES nodes, EDGES edges. Click a node; drag to move; type to filter.</p>
<input id="q" placeholder="filter by name or statement"><div id="info"></div></div>
<svg id="svg"></svg>
<script>
const data = DATA;
const svg = document.getElementById('svg'), ns = 'http://www.w3.org/2000/svg';
const W = () => svg.clientWidth, H = () => svg.clientHeight;
const nodes = data.nodes.map((n, i) => Object.assign({x: Math.cos(i) * 200 + 400, y: Math.sin(i) * 200 + 300, vx: 0, vy: 0}, n));
const byId = Object.fromEntries(nodes.map(n => [n.id, n]));
const links = data.links.filter(l => byId[l.source] && byId[l.target]);
const colors = COLORS;
const lineEls = links.map(l => { const e = document.createElementNS(ns, 'line'); e.setAttribute('stroke', '#bbb'); svg.appendChild(e); return e; });
const circleEls = nodes.map(n => { const c = document.createElementNS(ns, 'circle');
  c.setAttribute('r', 5 + Math.min(10, Math.sqrt(n.uses || 0) * 2)); c.setAttribute('fill', colors[n.kind] || '#ccc');
  c.addEventListener('click', () => show(n)); c.addEventListener('mousedown', e => drag = n); svg.appendChild(c);
  const t = document.createElementNS(ns, 'title'); t.textContent = n.name || n.statement; c.appendChild(t); return c; });
let drag = null;
svg.addEventListener('mousemove', e => { if (drag) { const r = svg.getBoundingClientRect(); drag.x = e.clientX - r.left; drag.y = e.clientY - r.top; } });
window.addEventListener('mouseup', () => drag = null);
function show(n) { const esc = s => String(s).replace(/[&<>]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  document.getElementById('info').innerHTML = '<h4>' + esc(n.name || n.id) + ' <small>(' + n.kind + ')</small></h4><pre>' + esc(n.statement) +
  '</pre>' + (n.proof ? '<b>proof</b><pre>' + esc(n.proof) + '</pre>' : '') + '<p>uses ' + n.uses + ', successes ' + n.successes +
  ', failures ' + n.failures + '<br>source ' + esc(n.source || '') + ' ' + esc(n.date || '') + '</p>'; }
document.getElementById('q').addEventListener('input', e => { const q = e.target.value.toLowerCase();
  nodes.forEach((n, i) => circleEls[i].setAttribute('opacity', !q || (n.name + ' ' + n.statement).toLowerCase().includes(q) ? 1 : 0.1)); });
function step() {
  for (const a of nodes) { for (const b of nodes) { if (a === b) continue; const dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
    if (d2 < 40000) { a.vx += dx / d2 * 30; a.vy += dy / d2 * 30; } } a.vx += (W() / 2 - a.x) * 0.002; a.vy += (H() / 2 - a.y) * 0.002; }
  for (const l of links) { const a = byId[l.source], b = byId[l.target], dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01, f = (d - 60) * 0.01;
    a.vx += dx / d * f; a.vy += dy / d * f; b.vx -= dx / d * f; b.vy -= dy / d * f; }
  for (const n of nodes) { if (n === drag) continue; n.vx *= 0.8; n.vy *= 0.8; n.x += n.vx; n.y += n.vy; }
  links.forEach((l, i) => { const a = byId[l.source], b = byId[l.target]; const e = lineEls[i];
    e.setAttribute('x1', a.x); e.setAttribute('y1', a.y); e.setAttribute('x2', b.x); e.setAttribute('y2', b.y); });
  nodes.forEach((n, i) => { circleEls[i].setAttribute('cx', n.x); circleEls[i].setAttribute('cy', n.y); });
  requestAnimationFrame(step); }
step();
</script></body></html>
"""


def _html(g: nx.DiGraph) -> str:
    data = json_graph.node_link_data(g, edges="links")
    legend = "".join(f'<span style="background:{c}"></span>{html.escape(k)}' for k, c in _COLORS.items())
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (_HTML.replace("DATA", payload).replace("COLORS", json.dumps(_COLORS)).replace("LEGEND", legend)
            .replace("NODES", str(g.number_of_nodes())).replace("EDGES", str(g.number_of_edges())))


def export_graph(graph: LemmaGraph, fmt: str, out: Path) -> None:
    """Write the graph in `fmt` (one of FORMATS) to `out`, atomically."""
    out = Path(out)
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    g = graph.graph
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(g))
    elif fmt == "json":
        # networkx's own defaults (edges under "edges"): `node_link_graph(json.load(f))` reads it back.
        text = json.dumps(json_graph.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1)
    elif fmt == "dot":
        text = _dot(g)
    else:
        text = _html(g)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text.encode("utf-8"))
