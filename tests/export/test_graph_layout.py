"""The lemma-graph layout is computed once, in Python: every node inside the canvas, the same
positions for the same graph, and nodes kept apart."""

import itertools

import networkx as nx
import pytest

from prover.export.graph_export import layout, view_data


@pytest.mark.parametrize("n, m, seed", [(1, 0, 0), (2, 1, 0), (30, 0, 1), (286, 90, 2), (300, 600, 3), (120, 119, 4)])
def test_every_node_lands_inside_the_canvas_and_the_layout_is_repeatable(n, m, seed):
    g = nx.gnm_random_graph(n, m, seed=seed, directed=True)
    g = nx.relabel_nodes(g, {i: f"L{i}" for i in g.nodes})
    pos = layout(g, 1000, 700)
    assert set(pos) == set(g.nodes)
    assert all(20 <= x <= 980 and 20 <= y <= 680 for x, y in pos.values())
    assert pos == layout(g, 1000, 700)


def test_isolated_nodes_sit_apart_on_their_grid():
    g = nx.DiGraph()
    g.add_nodes_from(f"L{i}" for i in range(200))
    pos = layout(g, 1000, 700)
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b in itertools.combinations(pos.values(), 2))
    assert closest > 20


def test_view_data_carries_positions_kinds_and_edge_kinds():
    g = nx.DiGraph()
    g.add_node("a", kind="theorem", name="a", statement="theorem a : 1 = 1")
    g.add_node("b", kind="library", name="b", statement="b")
    g.add_edge("a", "b", kind="uses")
    d = view_data(g)
    assert {n["id"] for n in d["nodes"]} == {"a", "b"} and d["links"] == [{"source": "a", "target": "b", "kind": "uses"}]
    assert set(d["edge_colors"]) == {"uses", "derived_from", "similar_to"}
