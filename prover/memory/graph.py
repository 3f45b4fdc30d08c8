"""The lemma memory: a networkx graph that grows from proofs.

Nodes are lemmas (library facts, proved theorems, `have` sub-lemmas, failed attempts kept
as hard negatives) with their statement, canonical form, proof, provenance and use /
success / failure counts. Edges: `uses` (a proof used a lemma), `derived_from` (a `have`
inside a proof), `similar_to` (nearest neighbours by embedding). Node ids are digests of
the canonical statement, so the same fact proved twice is one node.

>>> g = LemmaGraph()
>>> a = g.add_lemma("theorem t (x : ℝ) : 0 ≤ x ^ 2", kind="theorem", proof="positivity")
>>> b = g.add_lemma("theorem u (y : ℝ) : 0 ≤ y ^ 2", kind="theorem")
>>> a == b and g.graph.nodes[a]["uses"] == 0
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
from networkx.readwrite import json_graph

from prover.errors import InputError
from prover.tactics.environment import canonical_form  # noqa: F401 (re-exported)

FORMAT_VERSION = 1
KINDS = ("library", "theorem", "have", "failed")
EDGE_KINDS = ("uses", "derived_from", "similar_to")




def node_id(canonical: str) -> str:
    return "L" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class LemmaGraph:
    def __init__(self, graph: nx.DiGraph | None = None):
        self.graph = graph if graph is not None else nx.DiGraph()

    # -- growth -------------------------------------------------------------------------
    def add_lemma(self, statement: str, kind: str = "theorem", proof: str | None = None, name: str | None = None,
                  provenance: dict | None = None, canonical: str | None = None) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown lemma kind {kind}")
        canonical = canonical or canonical_form(statement)
        nid = node_id(canonical + ("#failed" if kind == "failed" else ""))
        g = self.graph
        if nid not in g:
            g.add_node(nid, statement=statement, canonical=canonical, kind=kind, name=name or "", proof=proof or "",
                       uses=0, successes=0, failures=0, embedding_id=-1, **_provenance(provenance))
        else:
            node = g.nodes[nid]
            if proof and not node.get("proof"):
                node["proof"] = proof
        return nid

    def link(self, a: str, b: str, kind: str) -> None:
        if kind not in EDGE_KINDS:
            raise ValueError(f"unknown edge kind {kind}")
        if a in self.graph and b in self.graph and a != b:
            self.graph.add_edge(a, b, kind=kind)

    def record(self, nid: str, success: bool) -> None:
        node = self.graph.nodes[nid]
        node["uses"] += 1
        node["successes" if success else "failures"] += 1

    def by_name(self, name: str) -> str | None:
        for nid, d in self.graph.nodes(data=True):
            if d.get("name") == name:
                return nid
        return None

    def seed_library(self) -> int:
        """Add the starter and rewrite libraries (`lemmas/`) as `library` nodes."""
        from prover.tactics.lemmas import library
        from prover.tactics.rewrite import LIBRARY as REWRITES
        added = 0
        for lemma in library().values():
            if self.by_name(lemma.name) is None:
                text = lemma.statement if not lemma.premises else " → ".join(lemma.premises + (lemma.statement,))
                self.add_lemma(f"{lemma.name}: {text}", kind="library", name=lemma.name,
                               canonical=f"{lemma.name}: {text}", provenance={"source": "lemmas/starter.jsonl"})
                added += 1
        if REWRITES.exists():
            for line in REWRITES.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    if self.by_name(d["name"]) is None:
                        text = f"{d['lhs']} = {d['rhs']}"
                        if d["hyps"]:
                            text = " → ".join(d["hyps"] + [text])
                        self.add_lemma(f"{d['name']}: {text}", kind="library", name=d["name"],
                                       canonical=f"{d['name']}: {text}", provenance={"source": "lemmas/rewrite.jsonl"})
                        added += 1
        return added

    def grow(self, statement: str, result: dict, suite: str = "", run_id: str = "") -> str | None:
        """Add what one prove result teaches: the theorem (or a failed attempt), its `have`
        sub-lemmas, and `uses` edges to the library lemmas its tactics name."""
        prov = {"source": result.get("name", ""), "suite": suite, "run_id": run_id,
                "checker": "sympy-z3", "verdict": result.get("verdict") or ""}
        if result.get("status") != "proved":
            if result.get("status") == "failed":
                nid = self.add_lemma(statement, kind="failed", name=result.get("name"), provenance=prov)
                self.graph.nodes[nid]["failures"] += 1
                return nid
            return None
        nid = self.add_lemma(statement, kind="theorem", proof=result.get("proof"), name=result.get("name"), provenance=prov)
        self.record(nid, True)
        node = self.graph.nodes[nid]
        if node.get("proof") == result.get("proof") and "checker_version" not in node:
            # What the proof was found with: this checker version, these tactics and methods.
            # (Admission as a lemma re-checks it strictly all the same.)
            from prover.checkers.version import CHECKER_VERSION
            rules: list[str] = []
            for step in result.get("tactics", []) or []:
                words = step.get("tactic", "").split()
                if words and words[0] not in rules:
                    rules.append(words[0])
            for m in result.get("methods", []) or []:
                method = m.get("method") if isinstance(m, dict) else None
                if method and f"method:{method}" not in rules:
                    rules.append(f"method:{method}")
            node["checker_version"] = CHECKER_VERSION
            node["rules"] = ", ".join(rules)   # a string: GraphML has no lists
        for lemma in result.get("lemmas", []) or []:
            if lemma.get("node") in self.graph:
                self.link(nid, lemma["node"], "uses")
                self.record(lemma["node"], True)
        for step in result.get("tactics", []) or []:
            tactic = step.get("tactic", "")
            for lemma_name in _lemma_names(tactic):
                lid = self.by_name(lemma_name)
                if lid is not None:
                    self.link(nid, lid, "uses")
                    self.record(lid, True)
            m = re.match(r"have (\S+) : (.+) := by", tactic)
            if m:
                sub = self.add_lemma(f"theorem {m.group(1)} : {m.group(2)}", kind="have", provenance=prov)
                self.link(sub, nid, "derived_from")
        return nid

    # -- persistence --------------------------------------------------------------------
    def to_json(self) -> dict:
        return {"format_version": FORMAT_VERSION, "graph": json_graph.node_link_data(self.graph, edges="links")}

    @classmethod
    def from_json(cls, data: dict) -> "LemmaGraph":
        if data.get("format_version") != FORMAT_VERSION:
            raise InputError(f"memory format {data.get('format_version')} is not {FORMAT_VERSION}")
        return cls(json_graph.node_link_graph(data["graph"], directed=True, edges="links"))

    def stats(self) -> dict:
        kinds: dict[str, int] = {}
        for _, d in self.graph.nodes(data=True):
            kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        edges: dict[str, int] = {}
        for _, _, d in self.graph.edges(data=True):
            edges[d["kind"]] = edges.get(d["kind"], 0) + 1
        return {"nodes": self.graph.number_of_nodes(), "edges": self.graph.number_of_edges(), "kinds": kinds,
                "edge_kinds": edges}


_LEMMA_IN_TACTIC = re.compile(r"[A-Za-z_][\w.']*")


def _lemma_names(tactic: str) -> list[str]:
    names = []
    for bracket in re.findall(r"\[([^\]]*)\]", tactic):
        for part in bracket.split(","):
            m = _LEMMA_IN_TACTIC.match(part.strip())
            if m:
                names.append(m.group(0))
    return names


def _provenance(p: dict | None) -> dict:
    p = dict(p or {})
    out = {k: str(p.get(k, "")) for k in ("source", "suite", "run_id", "checker", "verdict")}
    out["date"] = p.get("date") or _dt.date.today().isoformat()
    return out


# -- storage: one folder, atomic writes, one writer at a time -----------------------------

GRAPH_FILE = "graph.json"


def default_memory_dir() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "prover" / "memory"


@contextmanager
def locked(folder: Path):
    """An exclusive lock on the memory folder (fcntl), held while reading-modifying-writing."""
    import fcntl
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)  # a reader sees the old file or the new one, never a torn one


def load_memory(folder: Path) -> LemmaGraph:
    """The memory in `folder`; a new one seeded with the library when there is none."""
    path = Path(folder) / GRAPH_FILE
    if not path.exists():
        g = LemmaGraph()
        g.seed_library()
        return g
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not a memory file ({err.msg})") from None
    return LemmaGraph.from_json(data)


def save_memory(graph: LemmaGraph, folder: Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / GRAPH_FILE, json.dumps(graph.to_json(), ensure_ascii=False).encode("utf-8"))


# -- re-verification ------------------------------------------------------------------------

def recheck(graph: LemmaGraph, budget_s: float | None = None) -> tuple[list[str], list[str]]:
    """Re-verify every lemma of the memory by the strictest path and return (kept, dropped)
    node ids; the caller removes the dropped ones. A proved theorem is re-checked by replaying
    its proof in a fresh kernel checker with an empty environment (`admission.strict_check`); a kept
    one records the current checker version and the rules it used. A library node whose name
    is no longer a library lemma (`lemmas/`) is dropped. Nothing the memory records (verdict,
    version) is trusted."""
    from prover.checkers.version import CHECKER_VERSION
    from prover.tactics.lemmas import library
    from prover.checkers.admission import VERIFY_BUDGET_S, strict_check
    from prover.tactics.rewrite import BUILTIN, rules
    names = set(library()) | set(rules()) | set(BUILTIN)
    kept: list[str] = []
    dropped: list[str] = []
    for nid, d in list(graph.graph.nodes(data=True)):
        if d["kind"] == "library":
            (kept if d.get("name") in names else dropped).append(nid)
        elif d["kind"] == "theorem" and d.get("proof"):
            ok, message, used = strict_check(d["statement"], d["proof"], budget_s or VERIFY_BUDGET_S)
            if ok:
                d["checker_version"] = CHECKER_VERSION
                d["rules"] = ", ".join(used)
                d.pop("refused", None)
                kept.append(nid)
            else:
                dropped.append(nid)
    return kept, dropped
