"""The asyncio twin of ``sombra``: the same surface, every call awaitable.

    import sombra.aio
    db = await sombra.aio.Database.open("graph.sombra")
    ada = await db.create_node("User", {"name": "Ada"})
    async with db.transaction() as tx:
        await tx.create_edge(ada, await tx.create_node("User"), "KNOWS")
    async for row in await db.cypher("MATCH (u:User) RETURN u.name AS name"):
        print(row["name"])
    await db.close()

Requests go over the same pipe as the blocking API; awaiting one never
blocks the event loop (the pipe's reader thread resolves the future).
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Type, TypeVar, Union

from . import _requests as R
from ._connection import Connection
from .database import db_path, graph_of_rows
from .errors import *  # noqa: F401,F403 - the same exception classes
from .query import QueryBuilder, Spec
from .result import FETCH_ROWS_DEFAULT, AsyncQueryResult, Row
from .values import BfsVisit, MutationResult, Neighbor, Node, Relationship

if TYPE_CHECKING:
    import networkx
    from types import TracebackType

T = TypeVar("T")
NameOrId = Union[str, int]


class _AsyncReads:
    _conn: Connection
    _tx: Optional[int]

    async def _call(self, req: "R.Req[T]") -> T:
        raw = await asyncio.wrap_future(self._conn.send(req.method, req.params))
        return req.post(raw)

    async def create_node(self, labels: R.Labels, props: Optional[R.Props] = None) -> int:
        return await self._call(R.create_node(labels, props, self._tx))

    async def update_node(self, id: int, set: Optional[R.Props] = None, unset: Optional[Iterable[str]] = None) -> None:
        return await self._call(R.update_node(id, set, unset, self._tx))

    async def delete_node(self, id: int, cascade: bool = False) -> None:
        return await self._call(R.delete_node(id, cascade, self._tx))

    async def create_edge(self, src: int, dst: int, type: NameOrId, props: Optional[R.Props] = None) -> int:
        return await self._call(R.create_edge(src, dst, type, props, self._tx))

    async def update_edge(self, id: int, set: Optional[R.Props] = None, unset: Optional[Iterable[str]] = None) -> None:
        return await self._call(R.update_edge(id, set, unset, self._tx))

    async def delete_edge(self, id: int) -> None:
        return await self._call(R.delete_edge(id, self._tx))

    async def create_index(self, label: NameOrId, property: NameOrId) -> bool:
        return await self._call(R.create_index(label, property, self._tx))

    async def drop_index(self, label: NameOrId, property: NameOrId) -> bool:
        return await self._call(R.drop_index(label, property, self._tx))

    async def get_node(self, id: int) -> Optional[Node]:
        return await self._call(R.get_node(id, self._tx))

    async def get_edge(self, id: int) -> Optional[Relationship]:
        return await self._call(R.get_edge(id, self._tx))

    async def neighbors(
        self, id: int, direction: str = "out", edge_type: Optional[NameOrId] = None, distinct: bool = True, limit: Optional[int] = None
    ) -> List[Neighbor]:
        return await self._call(R.neighbors(id, direction, edge_type, distinct, limit, self._tx))

    async def bfs(
        self, start: int, max_depth: int, direction: str = "out", edge_types: Optional[Sequence[NameOrId]] = None, max_results: Optional[int] = None
    ) -> List[BfsVisit]:
        return await self._call(R.bfs(start, max_depth, direction, edge_types, max_results, self._tx))

    async def find_nodes(self, label: NameOrId, property: NameOrId, value: Any) -> List[int]:
        return await self._call(R.find_nodes(label, property, value, self._tx))

    async def find_nodes_in_range(
        self, label: NameOrId, property: NameOrId, *, gt: Any = None, gte: Any = None, lt: Any = None, lte: Any = None
    ) -> List[int]:
        return await self._call(R.find_nodes_in_range(label, property, {"gt": gt, "gte": gte, "lt": lt, "lte": lte}, self._tx))

    async def count_nodes_with_label(self, label: NameOrId) -> int:
        return await self._call(R.count_nodes_with_label(label, self._tx))

    async def count_edges_with_type(self, type: NameOrId) -> int:
        return await self._call(R.count_edges_with_type(type, self._tx))

    async def node_count(self) -> int:
        return await self._call(R.node_count(self._tx))

    async def edge_count(self) -> int:
        return await self._call(R.edge_count(self._tx))

    async def list_indexes(self) -> List[Dict[str, str]]:
        return await self._call(R.list_indexes(self._tx))

    async def cypher(self, text: str, params: Optional[Mapping[str, Any]] = None, *, chunk_rows: int = FETCH_ROWS_DEFAULT) -> AsyncQueryResult:
        raw = await asyncio.wrap_future(self._conn.send("cypher", R.cypher_params(text, params, chunk_rows, self._tx)))
        return AsyncQueryResult(self._conn, raw, chunk_rows)


class Transaction(_AsyncReads):
    """``async with db.transaction() as tx:`` commits on exit, rolls back on an exception."""

    def __init__(self, db: "Database", defer_indexes: bool = False) -> None:
        self._conn = db._conn
        self._defer_indexes = defer_indexes
        self._tx = None
        self._done = False

    async def begin(self) -> "Transaction":
        if self._tx is None:
            tx: int = await self._call(R.begin_write(self._defer_indexes))
            self._tx = tx
        return self

    @property
    def active(self) -> bool:
        return self._tx is not None and not self._done

    async def commit(self) -> None:
        if self._done or self._tx is None:
            return
        self._done = True
        await self._call(R.commit(self._tx))

    async def rollback(self) -> None:
        if self._done or self._tx is None:
            return
        self._done = True
        await self._call(R.rollback(self._tx))

    async def __aenter__(self) -> "Transaction":
        return await self.begin()

    def __del__(self) -> None:
        # Dropped while open: roll back (without waiting), so the writer lock is not held forever.
        if self._tx is not None and not self._done and not self._conn.closed:
            self._done = True
            try:
                self._conn.send("rollback", {"tx": self._tx})
            except Exception:
                pass

    async def __aexit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: "Optional[TracebackType]") -> None:
        if exc_type is None:
            await self.commit()
        else:
            await self.rollback()


class Database(_AsyncReads):
    """An open database for asyncio code: ``await sombra.aio.Database.open(path, **options)``."""

    def __init__(self, conn: Connection, path: str) -> None:
        self._conn = conn
        self._tx = None
        self.path = path

    @classmethod
    async def open(cls, path: Union[str, "os.PathLike[str]"], **options: Any) -> "Database":
        p = db_path(path)
        conn = await asyncio.to_thread(Connection, p, R.open_options(options))
        return cls(conn, p)

    @property
    def closed(self) -> bool:
        return self._conn.closed

    @property
    def pid(self) -> int:
        return self._conn.pid

    async def close(self) -> None:
        await asyncio.to_thread(self._conn.close)

    async def __aenter__(self) -> "Database":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def transaction(self, defer_indexes: bool = False) -> Transaction:
        return Transaction(self, defer_indexes)

    async def begin_write(self, defer_indexes: bool = False) -> Transaction:
        return await Transaction(self, defer_indexes).begin()

    async def mutate_many(self, ops: Iterable[Mapping[str, Any]]) -> MutationResult:
        return await self._call(R.mutate_many(ops))

    def query(self, spec: Optional[Spec] = None) -> QueryBuilder:
        """The query builder; its ``execute``, ``stream`` and ``explain`` are awaitable here."""
        return QueryBuilder(self, dict(spec) if spec is not None else None)

    async def _run_spec(self, spec: Spec, params: Optional[Mapping[str, Any]], mode: str, analyze: bool = False) -> Any:
        if mode == "explain":
            return await self._call(R.explain(spec, params, analyze))
        raw = await asyncio.wrap_future(self._conn.send("query", R.query_params(spec, params, FETCH_ROWS_DEFAULT)))
        result = AsyncQueryResult(self._conn, raw, FETCH_ROWS_DEFAULT)
        return result if mode == "stream" else await result.fetchall()

    async def explain(self, query: Union[str, QueryBuilder, Spec], params: Optional[Mapping[str, Any]] = None, analyze: bool = False) -> Dict[str, Any]:
        target = query.to_spec() if isinstance(query, QueryBuilder) else query
        return await self._call(R.explain(target, params, analyze))

    async def pragma(self, name: str, value: Any = R._PRAGMA_MISSING) -> Any:
        return await self._call(R.pragma(name, value))

    async def checkpoint(self) -> Dict[str, Any]:
        return await self._call(R.checkpoint())

    async def verify(self) -> Dict[str, Any]:
        return await self._call(R.verify())

    async def stats(self) -> Dict[str, Any]:
        return await self._call(R.stats())

    async def to_networkx(self, query: Optional[str] = None, params: Optional[Mapping[str, Any]] = None) -> "networkx.MultiDiGraph":
        rows: List[Row] = []
        if query is None:
            rows.extend(await (await self.cypher("MATCH (n) RETURN n")).fetchall())
            rows.extend(await (await self.cypher("MATCH ()-[r]->() RETURN r")).fetchall())
        else:
            rows.extend(await (await self.cypher(query, params)).fetchall())
        missing: Dict[int, Optional[Node]] = {}
        for row in rows:
            for v in row.values():
                if isinstance(v, Relationship):
                    for end in (v.start_node_id, v.end_node_id):
                        missing.setdefault(end, None)
        for nid in list(missing):
            missing[nid] = await self.get_node(nid)
        return graph_of_rows(rows, missing.get)


__all__ = ["Database", "Transaction", "AsyncQueryResult"]
