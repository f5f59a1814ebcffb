"""Every method of the blocking API, its errors, and transactions."""

from __future__ import annotations

import os

import pytest

import sombra


def test_node_and_edge_writes_and_reads(db: sombra.Database) -> None:
    a = db.create_node("Person", {"name": "Ada", "age": 36})
    b = db.create_node(["Person", "Admin"], {"name": "Bo"})
    e = db.create_edge(a, b, "KNOWS", {"since": 2020})
    assert db.get_node(a) == sombra.Node(a, ["Person"], {"name": "Ada", "age": 36})
    assert sorted(db.get_node(b).labels) == ["Admin", "Person"]  # type: ignore[union-attr]
    assert db.get_edge(e) == sombra.Relationship(e, "KNOWS", a, b, {"since": 2020})
    db.update_node(a, set={"age": 37}, unset=["name"])
    assert db.get_node(a).properties == {"age": 37}  # type: ignore[union-attr]
    db.update_edge(e, set={"weight": 0.5})
    assert db.get_edge(e).properties == {"since": 2020, "weight": 0.5}  # type: ignore[union-attr]
    assert db.neighbors(a) == [sombra.Neighbor(b, e, "KNOWS", "out")]
    assert db.neighbors(b, direction="in", edge_type="KNOWS") == [sombra.Neighbor(a, e, "KNOWS", "in")]
    assert db.bfs(a, 2) == [sombra.BfsVisit(a, 0), sombra.BfsVisit(b, 1)]
    with pytest.raises(sombra.ConstraintError):
        db.delete_node(a)
    db.delete_edge(e)
    assert db.get_edge(e) is None
    db.delete_node(a)
    assert db.get_node(a) is None
    with pytest.raises(sombra.NotFoundError) as info:
        db.delete_node(a)
    assert info.value.code == "NOT_FOUND"
    assert str(a) in str(info.value)


def test_cascade_delete_counts_and_indexes(db: sombra.Database) -> None:
    hub = db.create_node("Hub", {"k": 1})
    for i in range(3):
        db.create_edge(hub, db.create_node("Spoke", {"i": i}), "SPOKE")
    assert db.count_nodes_with_label("Spoke") == 3
    assert db.count_edges_with_type("SPOKE") == 3
    nodes, edges = db.node_count(), db.edge_count()
    db.delete_node(hub, cascade=True)
    assert (db.node_count(), db.edge_count()) == (nodes - 1, edges - 3)
    assert db.create_index("Spoke", "i") is True
    assert db.create_index("Spoke", "i") is False
    assert {"label": "Spoke", "property": "i"} in db.list_indexes()
    assert len(db.find_nodes("Spoke", "i", 1)) == 1
    assert len(db.find_nodes_in_range("Spoke", "i", gte=1)) == 2
    assert len(db.find_nodes_in_range("Spoke", "i", gt=0, lt=2)) == 1
    assert db.drop_index("Spoke", "i") is True


def test_mutate_many_with_aliases_is_all_or_nothing(db: sombra.Database) -> None:
    result = db.mutate_many(
        [
            {"op": "create_node", "labels": ["M"], "props": {"n": 1}, "as": "a"},
            {"op": "createNode", "labels": "M", "props": {"n": 2}, "as": "b"},
            {"op": "create_edge", "src": {"ref": "a"}, "dst": {"ref": "b"}, "type": "MM", "as": "e"},
            {"op": "update_node", "id": {"ref": "a"}, "set": {"n": 10}},
        ]
    )
    assert result.ids[3] is None and set(result.aliases) == {"a", "b", "e"}
    assert db.get_node(result.aliases["a"]).properties == {"n": 10}  # type: ignore[union-attr]
    before = db.count_nodes_with_label("M")
    with pytest.raises(sombra.NotFoundError, match="op 1"):
        db.mutate_many([{"op": "create_node", "labels": "M"}, {"op": "delete_node", "id": 10**9}])
    assert db.count_nodes_with_label("M") == before


def test_transaction_commits_on_exit_and_sees_its_own_writes(db: sombra.Database) -> None:
    with db.transaction() as tx:
        a = tx.create_node("Tx", {"n": 1})
        assert tx.get_node(a) is not None
        assert tx.cypher("MATCH (t:Tx) RETURN count(t) AS c").single() == {"c": 1}
        assert db.get_node(a) is None  # not visible outside before commit
    assert db.get_node(a) is not None
    with pytest.raises(sombra.TxClosedError):
        tx.create_node("Tx")


def test_transaction_rolls_back_on_an_exception(db: sombra.Database) -> None:
    before = db.count_nodes_with_label("Tx2")
    with pytest.raises(RuntimeError, match="boom"):
        with db.transaction() as tx:
            tx.create_node("Tx2")
            raise RuntimeError("boom")
    assert db.count_nodes_with_label("Tx2") == before
    tx2 = db.begin_write()
    tx2.create_node("Tx2")
    tx2.rollback()
    assert db.count_nodes_with_label("Tx2") == before


def test_a_dropped_open_transaction_rolls_back_and_frees_the_writer(db: sombra.Database) -> None:
    tx = db.begin_write()
    tx.create_node("Dropped")
    del tx  # never committed: rolled back, and the writer lock is free again
    db.create_node("AfterDrop")
    assert db.count_nodes_with_label("Dropped") == 0
    assert db.count_nodes_with_label("AfterDrop") == 1


def test_cypher_results_columns_stats_and_errors(db: sombra.Database) -> None:
    r = db.cypher("CREATE (a:C {x: 1}), (b:C {x: 2}) RETURN a.x AS x ORDER BY x")
    assert r.columns == ["x"]
    assert r.stats["nodes_created"] == 2 and r.stats["properties_set"] == 2
    assert list(r) == [{"x": 1}]
    with pytest.raises(sombra.CypherSyntaxError) as info:
        db.cypher("MATCH (n RETURN n")
    err = info.value
    assert (err.code, err.type, err.phase) == ("CYPHER_SYNTAX", "SyntaxError", "compile")
    assert err.position == {"offset": 9, "line": 1, "column": 10}
    assert "^" in str(err)
    with pytest.raises(sombra.CypherArithmeticError):
        db.cypher("RETURN 1 / 0 AS x")
    with pytest.raises(sombra.CypherError) as info2:
        db.cypher("RETURN undefined_variable AS x")
    assert info2.value.detail == "UndefinedVariable"


def test_large_results_stream_in_chunks(db: sombra.Database) -> None:
    db.cypher("UNWIND range(1, 5000) AS i CREATE (:Many {i: i})")
    result = db.cypher("MATCH (m:Many) RETURN m.i AS i ORDER BY i", chunk_rows=500)
    assert result.streaming  # rows remain on the server
    seen = [row["i"] for row in result]
    assert seen == list(range(1, 5001))
    assert not result.streaming
    early = db.cypher("MATCH (m:Many) RETURN m.i AS i", chunk_rows=10)
    first = next(iter(early))
    assert "i" in first
    early.close()
    assert not early.streaming


def test_query_builder_runs_the_node_spec(db: sombra.Database) -> None:
    ada = db.create_node("QB", {"name": "Ada", "age": 36})
    bo = db.create_node("QB", {"name": "Bo", "age": 25})
    db.create_edge(ada, bo, "FOLLOWS")
    q = (
        db.query()
        .match({"a": "QB", "b": "QB"})
        .where("a", lambda s: s.eq("name", "Ada"))
        .edge("a", "b", "FOLLOWS")
        .select("b.name", {"var": "b", "prop": "age", "as": "age"})
    )
    assert q.to_spec() == {
        "$schemaVersion": 2,
        "nodes": [{"var": "a", "label": "QB"}, {"var": "b", "label": "QB"}],
        "edges": [{"var": None, "from": "a", "to": "b", "types": ["FOLLOWS"], "direction": "out", "minHops": None, "maxHops": None}],
        "where": {"op": "eq", "args": [{"var": "a", "prop": "name"}, {"value": "Ada"}]},
        "select": [{"var": "b", "prop": "name"}, {"var": "b", "prop": "age", "as": "age"}],
        "distinct": False,
        "orderBy": [],
        "skip": None,
        "limit": None,
    }
    assert q.execute() == [{"b.name": "Bo", "age": 25}]
    assert list(q.stream()) == [{"b.name": "Bo", "age": 25}]
    plan = q.explain()
    assert plan["operator"] == "ProduceResults"
    older = db.query().nodes("QB").where(sombra.gt("n0.age", sombra.param("min"))).select("n0.name").order_by("n0.name")
    assert older.execute({"min": 30}) == [{"n0.name": "Ada"}]
    assert db.query(older.to_spec()).execute({"min": 0}) == [{"n0.name": "Ada"}, {"n0.name": "Bo"}]
    with pytest.raises(sombra.InvalidArgError):
        db.query({"$schemaVersion": 2, "nodes": [], "bogus": 1}).execute()


def test_explain_pragma_checkpoint_verify_stats(db: sombra.Database) -> None:
    plan = db.explain("MATCH (n:QB) RETURN n")
    assert plan["operator"] == "ProduceResults"
    assert db.pragma("synchronous") == "full"
    assert db.pragma("synchronous", "normal") == "normal"
    db.pragma("synchronous", "full")
    db.create_node("Checkpointed")
    cp = db.checkpoint()
    assert set(cp) == {"pages_copied", "restarted", "frames_remaining"} and cp["pages_copied"] > 0
    report = db.verify()
    assert report["ok"] is True and report["problems"] == []
    stats = db.stats()
    assert stats["nodes"] == db.node_count() and stats["synchronous"] == "full"


def test_a_second_open_of_the_same_file_is_locked(db: sombra.Database) -> None:
    with pytest.raises(sombra.LockedError) as info:
        sombra.Database.open(db.path)
    assert info.value.code == "LOCKED"


def test_unknown_options_are_refused_with_a_hint(db_path: str) -> None:
    with pytest.raises(sombra.InvalidArgError, match="commitCoalesceMs"):
        sombra.Database.open(db_path, commit_coalesce=3)


def test_after_close_calls_fail_and_the_engine_is_gone(db_path: str) -> None:
    db = sombra.Database.open(db_path, synchronous="full", commit_coalesce_ms=0)
    db.create_node("Gone")
    proc = db._conn.process
    db.close()
    assert db.closed
    assert proc.poll() is not None
    with pytest.raises(sombra.ClosedError):
        db.node_count()
    with sombra.Database.open(db_path) as again:
        assert again.count_nodes_with_label("Gone") == 1


def test_ctrl_c_in_the_terminal_does_not_reach_the_engine(db: sombra.Database) -> None:
    # A terminal's Ctrl-C goes to the foreground process group; the engine runs in its own
    # session (it still ends with this process: end of stdin, parent-pid watchdog).
    assert os.getpgid(db._conn.process.pid) != os.getpgid(0)
