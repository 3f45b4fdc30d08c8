"""Grow a lemma memory, inspect it, and export it for networkx, Gephi or Cytoscape."""
import json

import networkx as nx

from prover import Prover
from prover.export.graph_export import export_graph
from prover.memory.graph import load_memory

prover = Prover(memory="memory", model="none", encoder="tfidf")   # a memory folder of its own
for s in ["theorem a (x : ℝ) (h : 2 * x = 4) : x = 2", "theorem b (n : ℕ) (h : n + 3 = 10) : n = 7"]:
    prover.prove(s, timeout=10)

graph = load_memory("memory")
print(graph.stats())
export_graph(graph, "json", "memory.json")
export_graph(graph, "graphml", "memory.graphml")
g = nx.node_link_graph(json.load(open("memory.json", encoding="utf-8")))
h = nx.read_graphml("memory.graphml")
print(g.number_of_nodes(), "nodes;", sorted({d["kind"] for _, d in h.nodes(data=True)}))
