"""Sombra from Python beside Python's sqlite3, in one run, on the W-suite's
schema (bench/suites/graph.ts: User nodes with name and age, KNOWS edges;
SQLite tables nodes/edges with the same indexes). Four workloads:

  P1  per-call overhead of a small read: get_node(id) vs SELECT ... WHERE id = ? (median)
  P2  10,000 small durable writes from 16 threads (synchronous full / FULL)
  P3  bulk load through mutate_many (batches of 10,000 ops) vs executemany in one transaction
  P4  a 2-hop Cypher query vs the same join in SQL

Run: python bench/python/bench.py [--scale small|default]. Prints a table and the
ratio Sombra/SQLite in throughput (above 1: Sombra is faster). Each workload runs
once per engine; read the numbers as one run on this machine, not as a law.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Tuple

import sombra

SCALES = {
    "small": {"reads": 2000, "writes": 2000, "bulk_nodes": 20_000, "bulk_edges": 40_000, "hop_queries": 200},
    "default": {"reads": 10_000, "writes": 10_000, "bulk_nodes": 100_000, "bulk_edges": 200_000, "hop_queries": 1000},
}
THREADS = 16
BATCH_OPS = 10_000

SQLITE_TABLES = """
  CREATE TABLE nodes (id INTEGER PRIMARY KEY, label TEXT, name TEXT, age INTEGER);
  CREATE TABLE edges (id INTEGER PRIMARY KEY, src INTEGER, dst INTEGER, type TEXT);"""
SQLITE_INDEXES = """
  CREATE INDEX edges_out ON edges (src, type, dst);
  CREATE INDEX edges_in ON edges (dst, type, src);
  CREATE INDEX nodes_name ON nodes (name);"""


def sqlite_open(path: str, sync: str = "FULL") -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=60)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {sync}")
    return db


def median_call_us(fn: Callable[[int], object], args: List[int]) -> float:
    """Median latency of fn(a) over args, in microseconds: per-call overhead without the
    scheduler's tail (on a shared machine a few calls wait milliseconds for a core)."""
    lat = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        lat.append(time.perf_counter() - t)
    lat.sort()
    return lat[len(lat) // 2] * 1e6


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


Row = Tuple[str, str, float, float, str]


def p1_reads(dir: str, n: int, rng: random.Random) -> Row:
    count = 1000
    ids_sombra: List[int] = []
    with sombra.Database.open(os.path.join(dir, "p1.sombra")) as db:
        res = db.mutate_many([{"op": "create_node", "labels": "User", "props": {"name": f"u{i}", "age": i % 90}} for i in range(count)])
        ids_sombra = [i for i in res.ids if i is not None]
        picks = [rng.choice(ids_sombra) for _ in range(n)]
        for i in picks[:1000]:
            db.get_node(i)  # warm up (JIT, caches)
        s = median_call_us(db.get_node, picks)
    sq = sqlite_open(os.path.join(dir, "p1.db"))
    sq.executescript(SQLITE_TABLES + SQLITE_INDEXES)
    sq.execute("BEGIN")
    sq.executemany("INSERT INTO nodes (id, label, name, age) VALUES (?, 'User', ?, ?)", [(i + 1, f"u{i}", i % 90) for i in range(count)])
    sq.execute("COMMIT")
    stmt = "SELECT id, label, name, age FROM nodes WHERE id = ?"
    picks2 = [rng.randint(1, count) for _ in range(n)]
    for i in picks2[:1000]:
        sq.execute(stmt, (i,)).fetchone()
    t = median_call_us(lambda i: sq.execute(stmt, (i,)).fetchone(), picks2)
    sq.close()
    return ("P1", f"{n:,} x small read, median per call (get_node / SELECT by id)", s, t, "us/call")


def p2_writes(dir: str, n: int) -> Row:
    per = n // THREADS
    with sombra.Database.open(os.path.join(dir, "p2.sombra"), synchronous="full") as db:

        def work_s(t: int) -> None:
            for i in range(per):
                db.create_node("User", {"name": f"t{t}-{i}", "age": i % 90})

        start = time.perf_counter()
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(work_s, range(THREADS)))
        s = time.perf_counter() - start
        assert db.count_nodes_with_label("User") == per * THREADS
        st = db.stats()
        factor = st["commits"] / max(1, st["log_syncs"])
    path = os.path.join(dir, "p2.db")
    setup = sqlite_open(path)
    setup.executescript(SQLITE_TABLES + SQLITE_INDEXES)
    setup.close()
    conns = [sqlite_open(path) for _ in range(THREADS)]

    def work_q(t: int) -> None:
        c = conns[t]
        for i in range(per):
            c.execute("INSERT INTO nodes (label, name, age) VALUES ('User', ?, ?)", (f"t{t}-{i}", i % 90))

    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work_q, range(THREADS)))
    q = time.perf_counter() - start
    assert conns[0].execute("SELECT count(*) FROM nodes").fetchone()[0] == per * THREADS
    for c in conns:
        c.close()
    total = per * THREADS
    return ("P2", f"{total:,} durable one-node writes, {THREADS} threads (Sombra: {factor:.1f} commits/fsync)", total / s, total / q, "writes/s")


def graph_data(nodes: int, edges: int, rng: random.Random) -> Tuple[List[Tuple[str, int]], List[Tuple[int, int]]]:
    ns = [(f"user{i}", rng.randint(18, 90)) for i in range(nodes)]
    es = [(rng.randrange(nodes), rng.randrange(nodes)) for _ in range(edges)]
    return ns, es


def p3_bulk(dir: str, nodes: int, edges: int, rng: random.Random) -> Tuple[Row, str, str]:
    ns, es = graph_data(nodes, edges, rng)
    spath = os.path.join(dir, "p3.sombra")

    def load_s() -> None:
        with sombra.Database.open(spath) as db:
            db.create_index("User", "name")
            ids: List[int] = []
            for b in range(0, nodes, BATCH_OPS):
                ops: List[Dict[str, Any]] = [{"op": "create_node", "labels": "User", "props": {"name": n, "age": a}} for n, a in ns[b : b + BATCH_OPS]]
                ids.extend(i for i in db.mutate_many(ops).ids if i is not None)
            for b in range(0, edges, BATCH_OPS):
                ops = [{"op": "create_edge", "src": ids[s], "dst": ids[d], "type": "KNOWS"} for s, d in es[b : b + BATCH_OPS]]
                db.mutate_many(ops)

    s = timed(load_s)
    qpath = os.path.join(dir, "p3.db")

    def load_q() -> None:
        sq = sqlite_open(qpath)
        sq.executescript(SQLITE_TABLES)
        sq.execute("BEGIN")
        sq.executemany("INSERT INTO nodes (id, label, name, age) VALUES (?, 'User', ?, ?)", ((i + 1, n, a) for i, (n, a) in enumerate(ns)))
        sq.executemany("INSERT INTO edges (src, dst, type) VALUES (?, ?, 'KNOWS')", ((s + 1, d + 1) for s, d in es))
        sq.executescript(SQLITE_INDEXES)  # executescript commits
        sq.close()

    q = timed(load_q)
    items = nodes + edges
    return ("P3", f"bulk load {nodes:,} nodes + {edges:,} edges (mutate_many x {BATCH_OPS:,} / executemany)", items / s, items / q, "items/s"), spath, qpath


def p4_two_hops(spath: str, qpath: str, n: int, nodes: int, rng: random.Random) -> Row:
    starts = [rng.randrange(nodes) + 1 for _ in range(n)]
    cypher = "MATCH (a:User)-[:KNOWS]->()-[:KNOWS]->(c) WHERE id(a) = $id RETURN count(DISTINCT c) AS n"
    sql = (
        "SELECT count(DISTINCT e2.dst) FROM edges e1 JOIN edges e2 ON e2.src = e1.dst "
        "WHERE e1.src = ? AND e1.type = 'KNOWS' AND e2.type = 'KNOWS' AND e2.id != e1.id"
    )
    with sombra.Database.open(spath) as db:
        sq = sqlite_open(qpath)
        # Same answers first (node ids are 1..n in both: loaded in the same order).
        for i in starts[:20]:
            row = db.cypher(cypher, {"id": i}).single()
            a = None if row is None else row["n"]
            b = sq.execute(sql, (i,)).fetchone()[0]
            assert a == b, (i, a, b)
        s = timed(lambda: [db.cypher(cypher, {"id": i}).single() for i in starts])
        q = timed(lambda: [sq.execute(sql, (i,)).fetchone() for i in starts])
        sq.close()
    return ("P4", f"{n:,} x 2-hop count (Cypher / SQL join)", n / s, n / q, "queries/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", choices=sorted(SCALES), default="default")
    args = ap.parse_args()
    sc = SCALES[args.scale]
    rng = random.Random(42)
    dir = tempfile.mkdtemp(prefix="sombra-pybench-")
    try:
        rows = [p1_reads(dir, sc["reads"], rng), p2_writes(dir, sc["writes"])]
        p3, spath, qpath = p3_bulk(dir, sc["bulk_nodes"], sc["bulk_edges"], rng)
        rows.append(p3)
        rows.append(p4_two_hops(spath, qpath, sc["hop_queries"], sc["bulk_nodes"], rng))
    finally:
        shutil.rmtree(dir, ignore_errors=True)
    print(f"| id | workload | Sombra (Python) | sqlite3 | unit | Sombra/SQLite |")
    print("|---|---|---|---|---|---|")
    for wid, what, s, q, unit in rows:
        ratio = q / s if unit == "us/call" else s / q  # throughput ratio: above 1, Sombra is faster
        print(f"| {wid} | {what} | {s:,.1f} | {q:,.1f} | {unit} | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
