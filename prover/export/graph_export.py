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

import json
import re
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


EDGE_COLORS = {"uses": "#444444", "derived_from": "#b279a2", "similar_to": "#9ecae9"}
CANVAS = (1000, 700)


def layout(g: nx.DiGraph, width: float = CANVAS[0], height: float = CANVAS[1], seed: int = 0) -> dict:
    """Node positions inside a `width`×`height` canvas (a margin kept free), computed once here so
    the page draws a layout that has already settled: the linked nodes by a force-directed layout
    with a fixed seed, the isolated ones (most library lemmas) on a grid in a band below them,
    by kind then name. The same graph gets the same positions every time.

    >>> g = nx.DiGraph([("a", "b"), ("b", "c")]); g.add_node("d")
    >>> pos = layout(g, 200, 100)
    >>> all(20 <= x <= 180 and 20 <= y <= 80 for x, y in pos.values()), pos == layout(g, 200, 100)
    (True, True)
    """
    margin = 20.0
    linked = [n for n in g.nodes if g.degree(n) > 0]
    alone = sorted((n for n in g.nodes if g.degree(n) == 0),
                   key=lambda n: (str(g.nodes[n].get("kind", "")), str(g.nodes[n].get("name", "")), str(n)))
    if not linked:
        band_top = margin
    elif not alone:
        band_top = height - margin
    else:
        band_top = margin + (height - 2 * margin) * max(0.55, 1 - 0.45 * len(alone) / g.number_of_nodes())
    pos = {}
    if linked:
        sub = g.subgraph(linked).to_undirected(as_view=True)
        n = len(linked)
        raw = nx.spring_layout(sub, seed=seed, iterations=100 if n <= 1500 else 30, k=1.6 / n ** 0.5)
        xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
        bottom = band_top - (margin if alone else 0)
        # One scale for both axes (no stretching), capped so that a small graph keeps short edges.
        lengths = sorted(float(((raw[a] - raw[b]) ** 2).sum() ** 0.5) for a, b in sub.edges)
        cap = 110.0 / max(lengths[len(lengths) // 2], 1e-9)
        s = min((width - 2 * margin) / max(max(xs) - min(xs), 1e-9), (bottom - margin) / max(max(ys) - min(ys), 1e-9), cap)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        for nid, (x, y) in raw.items():
            pos[nid] = (round(width / 2 + (x - cx) * s, 1), round((margin + bottom) / 2 + (y - cy) * s, 1))
    if alone:
        w, h = width - 2 * margin, height - margin - band_top
        cols = max(1, round((len(alone) * w / max(h, 1.0)) ** 0.5))
        rows = -(-len(alone) // cols)
        for i, nid in enumerate(alone):
            r, c = divmod(i, cols)
            pos[nid] = (round(margin + w * (c + 0.5) / cols, 1), round(band_top + h * (r + 0.5) / rows, 1))
    return pos


def view_data(g: nx.DiGraph) -> dict:
    """What the HTML views draw: nodes with their positions and details, links with their kinds."""
    pos = layout(g)
    keep = ("name", "kind", "statement", "proof", "uses", "successes", "failures", "source", "date", "verdict")
    nodes = [{"id": str(n), "x": pos[n][0], "y": pos[n][1], **{k: d.get(k, "") for k in keep}}
             for n, d in g.nodes(data=True)]
    links = [{"source": str(a), "target": str(b), "kind": d.get("kind", "")} for a, b, d in g.edges(data=True)]
    return {"width": CANVAS[0], "height": CANVAS[1], "nodes": nodes, "links": links,
            "colors": _COLORS, "edge_colors": EDGE_COLORS}


# The graph view shared by the lemma-graph page and the report: an SVG drawn once at the
# positions computed in Python, zoom (wheel) and pan (drag the background), arrowheads coloured
# by edge kind, edge kinds switched on and off, search that dims the other nodes and every edge
# not between two matches, and a click that shows a node's details and its neighbours.
GRAPH_CSS = """
.gv{position:relative;border:1px solid #ddd;background:#fcfcfc;overflow:hidden}
.gv svg{width:100%;height:100%;display:block;cursor:grab;user-select:none}
.gv svg.panning{cursor:grabbing}
.gv .node{cursor:pointer;stroke:#fff;stroke-width:1}
.gv .node.sel{stroke:#000;stroke-width:2.5}
.gv .label{font-size:9px;fill:#333;pointer-events:none}
.gv .label.minor{display:none} .gv svg.zoomed .label.minor{display:inline}
.gv .edge{stroke-width:1.2;fill:none}
.gv-tools{font-size:13px;margin:6px 0}
.gv-tools label{margin-right:10px;white-space:nowrap}
.gv-tools .sw{display:inline-block;width:10px;height:10px;margin:0 3px;vertical-align:middle}
.gv-buttons{position:absolute;right:6px;top:6px}
.gv-buttons button{font-size:14px;width:28px;height:28px;margin-left:3px}
"""

GRAPH_JS = r"""
function lemmaGraph(root, data, onSelect) {
  const ns = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, parent) => { const e = document.createElementNS(ns, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; };
  const svg = el('svg', {viewBox: '0 0 ' + data.width + ' ' + data.height, 'data-role': 'graph'}, root);
  const defs = el('defs', {}, svg);
  for (const kind in data.edge_colors) {
    const m = el('marker', {id: 'arrow-' + kind, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7,
                            orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse'}, defs);
    el('path', {d: 'M0,0L10,5L0,10z', fill: data.edge_colors[kind]}, m);
  }
  const view = el('g', {}, svg), edgeLayer = el('g', {}, view), nodeLayer = el('g', {}, view), labelLayer = el('g', {}, view);
  const byId = {}; data.nodes.forEach(n => byId[n.id] = n);
  const radius = n => 4 + Math.min(8, Math.sqrt(+n.uses || 0) * 2);
  const edges = data.links.filter(l => byId[l.source] && byId[l.target]).map(l => {
    const a = byId[l.source], b = byId[l.target], dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const rb = radius(b) + 1, ra = radius(a);
    const line = el('line', {x1: a.x + dx / d * ra, y1: a.y + dy / d * ra, x2: b.x - dx / d * rb, y2: b.y - dy / d * rb,
      class: 'edge', stroke: data.edge_colors[l.kind] || '#999', 'marker-end': 'url(#arrow-' + l.kind + ')',
      'data-kind': l.kind, 'stroke-opacity': 0.7}, edgeLayer);
    return {l, a, b, line};
  });
  const degree = {}; edges.forEach(e => { degree[e.a.id] = (degree[e.a.id] || 0) + 1; degree[e.b.id] = (degree[e.b.id] || 0) + 1; });
  const linkedCount = Object.keys(degree).length;
  const circles = data.nodes.map(n => {
    const c = el('circle', {cx: n.x, cy: n.y, r: radius(n), fill: data.colors[n.kind] || '#ccc', class: 'node',
                            'data-id': n.id, 'data-name': n.name || ''}, nodeLayer);
    el('title', {}, c).textContent = (n.name ? n.name + ': ' : '') + String(n.statement).slice(0, 200);
    c.addEventListener('click', ev => { ev.stopPropagation(); select(n); });
    n.el = c;
    // Names of linked lemmas always (unless there are many); the others once zoomed in.
    const minor = !degree[n.id] || n.kind === 'library' || linkedCount > 60;
    if (n.name) { const t = el('text', {x: n.x + radius(n) + 2, y: n.y + 3, class: minor ? 'label minor' : 'label'}, labelLayer); t.textContent = n.name; }
    return c;
  });
  let scale = 1, tx = 0, ty = 0;
  const apply = () => { view.setAttribute('transform', 'translate(' + tx + ',' + ty + ') scale(' + scale + ')');
    svg.classList.toggle('zoomed', scale >= 2.5); };
  const toSvg = ev => { const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
    const q = p.matrixTransform(svg.getScreenCTM().inverse()); return [q.x, q.y]; };
  const zoomAt = (px, py, f) => { const s = Math.max(0.2, Math.min(40, scale * f)); tx = px - (px - tx) * s / scale;
    ty = py - (py - ty) * s / scale; scale = s; apply(); };
  svg.addEventListener('wheel', ev => { ev.preventDefault(); const [px, py] = toSvg(ev); zoomAt(px, py, ev.deltaY < 0 ? 1.2 : 1 / 1.2); }, {passive: false});
  let pan = null;
  svg.addEventListener('mousedown', ev => { pan = {p: toSvg(ev), tx, ty, moved: false}; svg.classList.add('panning'); });
  window.addEventListener('mousemove', ev => { if (!pan) return; const [px, py] = toSvg(ev);
    tx = pan.tx + px - pan.p[0]; ty = pan.ty + py - pan.p[1]; pan.moved = true; apply(); });
  window.addEventListener('mouseup', () => { pan = null; svg.classList.remove('panning'); });
  const buttons = document.createElement('div'); buttons.className = 'gv-buttons'; root.appendChild(buttons);
  [['+', () => zoomAt(data.width / 2, data.height / 2, 1.4)], ['−', () => zoomAt(data.width / 2, data.height / 2, 1 / 1.4)],
   ['⤢', () => { scale = 1; tx = 0; ty = 0; apply(); }]].forEach(([t, f]) => {
    const b = document.createElement('button'); b.textContent = t; b.title = t === '⤢' ? 'fit' : 'zoom';
    b.addEventListener('click', f); buttons.appendChild(b); });
  const hidden = new Set(); let query = '', selected = null;
  const matches = n => !query || ((n.name || '') + ' ' + n.id).toLowerCase().includes(query);
  function paint() {
    data.nodes.forEach(n => n.el.setAttribute('opacity', matches(n) ? 1 : 0.12));
    edges.forEach(e => { e.line.style.display = hidden.has(e.l.kind) ? 'none' : '';
      const near = selected && (e.a === selected || e.b === selected);
      e.line.setAttribute('stroke-opacity', near ? 1 : (matches(e.a) && matches(e.b) ? 0.7 : 0.06));
      e.line.setAttribute('stroke-width', near ? 2.5 : 1.2); });
  }
  function select(n) {
    if (selected) selected.el.classList.remove('sel');
    selected = n; n.el.classList.add('sel'); paint();
    const out = edges.filter(e => e.a === n && !hidden.has(e.l.kind)).map(e => [e.l.kind, e.b]);
    const inc = edges.filter(e => e.b === n && !hidden.has(e.l.kind)).map(e => [e.l.kind, e.a]);
    onSelect(n, out, inc);
  }
  svg.addEventListener('click', () => { if (pan && pan.moved) return; });
  return {
    search(q) { query = q.toLowerCase(); paint(); return data.nodes.filter(n => query && matches(n)); },
    setKind(kind, on) { on ? hidden.delete(kind) : hidden.add(kind); paint(); },
    focus(n) { scale = 3; tx = data.width / 2 - n.x * scale; ty = data.height / 2 - n.y * scale; apply(); select(n); },
    select, byId, circles,
  };
}

function graphTools(tools, data, graph) {
  const esc = s => String(s == null ? '' : s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  let h = '<input class="gv-search" type="search" placeholder="search by name (Enter: go to the first)"> <span class="gv-count"></span><br>';
  for (const k in data.colors) h += '<label><span class="sw" style="background:' + data.colors[k] + ';border-radius:5px"></span>' + esc(k) + '</label>';
  h += '<br>edges: ';
  for (const k in data.edge_colors) h += '<label><input type="checkbox" checked data-kind="' + esc(k) + '"><span class="sw" style="background:' + data.edge_colors[k] + '"></span>' + esc(k) + '</label>';
  tools.innerHTML = h;
  const input = tools.querySelector('.gv-search'), count = tools.querySelector('.gv-count');
  input.addEventListener('input', () => { const m = graph.search(input.value); count.textContent = input.value ? m.length + ' match' + (m.length === 1 ? '' : 'es') : ''; });
  input.addEventListener('keydown', ev => { if (ev.key === 'Enter') { const m = graph.search(input.value); if (m.length) graph.focus(m[0]); } });
  tools.querySelectorAll('input[type=checkbox]').forEach(c => c.addEventListener('change', () => graph.setKind(c.dataset.kind, c.checked)));
}

function nodeDetails(n, out, inc) {
  const esc = s => String(s == null ? '' : s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  const list = (title, xs) => xs.length ? '<b>' + title + '</b><ul>' + xs.slice(0, 30).map(([k, m]) => '<li>' + esc(k) + ' → ' + esc(m.name || m.id) + '</li>').join('') + '</ul>' : '';
  return '<h3>' + esc(n.name || n.id) + ' <small>(' + esc(n.kind) + ')</small></h3><pre>' + esc(n.statement) + '</pre>' +
    (n.proof ? '<b>proof</b><pre>' + esc(n.proof) + '</pre>' : '') +
    '<p>uses ' + esc(n.uses) + ', successes ' + esc(n.successes) + ', failures ' + esc(n.failures) +
    (n.verdict ? ', verdict ' + esc(n.verdict) : '') + '<br>source ' + esc(n.source) + ' ' + esc(n.date) + '</p>' +
    list('edges out', out) + list('edges in', inc.map(([k, m]) => [k + ' (from)', m]));
}
"""

_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>prover lemma graph</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:0;display:flex;height:100vh}
#side{width:360px;padding:12px;overflow:auto;border-right:1px solid #ddd;font-size:13px;box-sizing:border-box}
#side pre{white-space:pre-wrap;background:#f6f6f6;padding:6px}
#main{flex:1;display:flex} .gv{flex:1}
.gv-search{width:100%;box-sizing:border-box;margin-bottom:4px}
@@GRAPH_CSS@@
</style></head><body>
<div id="side"><h2>Lemma graph</h2>
<p>@@NODES@@ nodes, @@EDGES@@ edges. Wheel: zoom; drag: pan; click a node for its details.</p>
<div id="tools" class="gv-tools"></div><div id="info"><p>No node selected.</p></div></div>
<div id="main"><div id="graph" class="gv"></div></div>
<script type="application/json" id="graph-data">@@DATA@@</script>
<script>
@@GRAPH_JS@@
const data = JSON.parse(document.getElementById('graph-data').textContent);
const graph = lemmaGraph(document.getElementById('graph'), data,
  (n, out, inc) => { document.getElementById('info').innerHTML = nodeDetails(n, out, inc); });
graphTools(document.getElementById('tools'), data, graph);
</script></body></html>
"""


def json_for_script(value) -> str:
    """JSON safe inside a <script> element (no `</script>`, no `<!--`)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def fill(template: str, **values: str) -> str:
    """`template` with each `@@NAME@@` replaced by `values[NAME]`, in one pass (so a value that
    happens to contain another placeholder's text is left alone).

    >>> fill("<p>@@A@@ @@B@@</p>", A="@@B@@", B="x")
    '<p>@@B@@ x</p>'
    """
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)


def _html(g: nx.DiGraph) -> str:
    return fill(_HTML, GRAPH_CSS=GRAPH_CSS, GRAPH_JS=GRAPH_JS, NODES=str(g.number_of_nodes()),
                EDGES=str(g.number_of_edges()), DATA=json_for_script(view_data(g)))


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
