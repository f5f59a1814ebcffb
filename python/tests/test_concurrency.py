"""Many threads on one Database: requests are pipelined on the one pipe and
answered correctly, and concurrent durable writes share fsyncs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sombra


def test_sixteen_threads_of_durable_writes_share_syncs(db_path: str) -> None:
    with sombra.Database.open(db_path, synchronous="full") as db:
        per_thread = 40

        def work(t: int) -> list[tuple[int, int, int]]:
            out = []
            for i in range(per_thread):
                nid = db.create_node("W", {"t": t, "i": i})
                out.append((nid, t, i))
            return out

        with ThreadPoolExecutor(16) as pool:
            results = [x for chunk in pool.map(work, range(16)) for x in chunk]
        ids = [nid for nid, _, _ in results]
        assert len(set(ids)) == 16 * per_thread
        # Every answer went to the thread that asked: each id holds that thread's values.
        rows = {r["id"]: (r["t"], r["i"]) for r in db.cypher("MATCH (w:W) RETURN id(w) AS id, w.t AS t, w.i AS i")}
        for nid, t, i in results:
            assert rows[nid] == (t, i)
        stats = db.stats()
        assert stats["commits"] >= 16 * per_thread
        assert stats["log_syncs"] < stats["commits"], stats


def test_reads_from_many_threads_while_a_result_streams(db: sombra.Database) -> None:
    db.cypher("UNWIND range(1, 3000) AS i CREATE (:S {i: i})")
    result = db.cypher("MATCH (s:S) RETURN s.i AS i ORDER BY i", chunk_rows=100)
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(20):
                assert db.count_nodes_with_label("S") == 3000
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    total = sum(row["i"] for row in result)
    for t in threads:
        t.join()
    assert errors == []
    assert total == 3000 * 3001 // 2
