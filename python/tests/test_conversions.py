"""Optional conversions: result.to_pandas() and db.to_networkx()."""

from __future__ import annotations

import pytest

import sombra

pd = pytest.importorskip("pandas")
nx = pytest.importorskip("networkx")


def test_to_pandas_keeps_columns_and_values(db: sombra.Database) -> None:
    db.cypher("UNWIND range(1, 2500) AS i CREATE (:P {i: i, name: 'p' + toString(i), score: i / 2.0})")
    frame = db.cypher("MATCH (p:P) RETURN p.i AS i, p.name AS name, p.score AS score ORDER BY i", chunk_rows=1000).to_pandas()
    assert list(frame.columns) == ["i", "name", "score"]
    assert len(frame) == 2500
    assert frame["i"].tolist() == list(range(1, 2501))
    assert str(frame["i"].dtype) == "int64" and str(frame["score"].dtype) == "float64"
    assert frame.loc[9, "name"] == "p10"


def test_to_networkx_whole_graph_and_query(db: sombra.Database) -> None:
    a = db.create_node("G", {"name": "a", "labels": "a property named like the attribute"})
    b = db.create_node("G", {"name": "b"})
    c = db.create_node("G", {"name": "c"})
    e1 = db.create_edge(a, b, "LINK", {"w": 1})
    e2 = db.create_edge(a, b, "LINK", {"w": 2})
    db.create_edge(b, c, "OTHER")
    g = db.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == db.node_count() and g.number_of_edges() == db.edge_count()
    assert g.nodes[a]["labels"] == ["G"] and g.nodes[b]["name"] == "b"
    assert g.edges[a, b, e2]["w"] == 2 and g.edges[a, b, e1]["type"] == "LINK"
    sub = db.to_networkx("MATCH (x:G)-[r:LINK]->(y) RETURN r")
    assert set(sub.nodes) == {a, b}  # endpoints fetched for relationship-only rows
    assert set(k for _, _, k in sub.edges(keys=True)) == {e1, e2}
    path = db.to_networkx("MATCH p = (:G {name: 'a'})-[:LINK]->()-[:OTHER]->() RETURN p")
    assert set(path.nodes) == {a, b, c} and path.number_of_edges() == 3  # two LINK walks share the OTHER edge
