"""The blocking API: ``Database`` and ``Transaction``, the Node API's twin in
snake_case. Each call is one request to the engine process (docs/python.md);
calls from several threads are pipelined on the one pipe, and concurrent
writes share the engine's fsyncs (group commit).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Type, TypeVar, Union

from . import _requests as R
from ._connection import Connection
from .query import QueryBuilder, Spec
from .result import FETCH_ROWS_DEFAULT, QueryResult, Row
from .values import BfsVisit, MutationResult, Neighbor, Node, Path, Relationship

if TYPE_CHECKING:
    import networkx
    from types import TracebackType

T = TypeVar("T")
NameOrId = Union[str, int]


def db_path(path: Union[str, "os.PathLike[str]"]) -> str:
    """The path the engine opens: absolute (the engine may run in another directory), or ``:memory:``."""
    p = os.fspath(path)
    return p if p == ":memory:" else os.path.abspath(p)


class _Reads:
    """Read and write methods shared by Database and Transaction (``_tx`` is None on a Database)."""

    _conn: Connection
    _tx: Optional[int]

    def _call(self, req: "R.Req[T]") -> T:
        return req.post(self._conn.call(req.method, req.params))

    # writes
    def create_node(self, labels: R.Labels, props: Optional[R.Props] = None) -> int:
        """Creates a node with a label (or several) and properties; returns its id."""
        return self._call(R.create_node(labels, props, self._tx))

    def update_node(self, id: int, set: Optional[R.Props] = None, unset: Optional[Iterable[str]] = None) -> None:
        """Removes the ``unset`` properties, then sets ``set``."""
        return self._call(R.update_node(id, set, unset, self._tx))

    def delete_node(self, id: int, cascade: bool = False) -> None:
        """Deletes a node (with ``cascade``, its edges too; else CONSTRAINT while it has edges)."""
        return self._call(R.delete_node(id, cascade, self._tx))

    def create_edge(self, src: int, dst: int, type: NameOrId, props: Optional[R.Props] = None) -> int:
        """Creates an edge from ``src`` to ``dst``; returns its id."""
        return self._call(R.create_edge(src, dst, type, props, self._tx))

    def update_edge(self, id: int, set: Optional[R.Props] = None, unset: Optional[Iterable[str]] = None) -> None:
        return self._call(R.update_edge(id, set, unset, self._tx))

    def delete_edge(self, id: int) -> None:
        return self._call(R.delete_edge(id, self._tx))

    def create_index(self, label: NameOrId, property: NameOrId) -> bool:
        """Creates a property index; False when it already exists."""
        return self._call(R.create_index(label, property, self._tx))

    def drop_index(self, label: NameOrId, property: NameOrId) -> bool:
        return self._call(R.drop_index(label, property, self._tx))

    # reads
    def get_node(self, id: int) -> Optional[Node]:
        """The node, or None."""
        return self._call(R.get_node(id, self._tx))

    def get_edge(self, id: int) -> Optional[Relationship]:
        """The edge as a Relationship, or None."""
        return self._call(R.get_edge(id, self._tx))

    def neighbors(
        self,
        id: int,
        direction: str = "out",
        edge_type: Optional[NameOrId] = None,
        distinct: bool = True,
        limit: Optional[int] = None,
    ) -> List[Neighbor]:
        return self._call(R.neighbors(id, direction, edge_type, distinct, limit, self._tx))

    def bfs(
        self,
        start: int,
        max_depth: int,
        direction: str = "out",
        edge_types: Optional[Sequence[NameOrId]] = None,
        max_results: Optional[int] = None,
    ) -> List[BfsVisit]:
        return self._call(R.bfs(start, max_depth, direction, edge_types, max_results, self._tx))

    def find_nodes(self, label: NameOrId, property: NameOrId, value: Any) -> List[int]:
        """Ids of the nodes with ``label`` whose ``property`` equals ``value`` (an index when there is one)."""
        return self._call(R.find_nodes(label, property, value, self._tx))

    def find_nodes_in_range(
        self, label: NameOrId, property: NameOrId, *, gt: Any = None, gte: Any = None, lt: Any = None, lte: Any = None
    ) -> List[int]:
        return self._call(R.find_nodes_in_range(label, property, {"gt": gt, "gte": gte, "lt": lt, "lte": lte}, self._tx))

    def count_nodes_with_label(self, label: NameOrId) -> int:
        return self._call(R.count_nodes_with_label(label, self._tx))

    def count_edges_with_type(self, type: NameOrId) -> int:
        return self._call(R.count_edges_with_type(type, self._tx))

    def node_count(self) -> int:
        return self._call(R.node_count(self._tx))

    def edge_count(self) -> int:
        return self._call(R.edge_count(self._tx))

    def list_indexes(self) -> List[Dict[str, str]]:
        return self._call(R.list_indexes(self._tx))

    def cypher(self, text: str, params: Optional[Mapping[str, Any]] = None, *, chunk_rows: int = FETCH_ROWS_DEFAULT) -> QueryResult:
        """Runs a Cypher query; iterate the result for rows (streamed in chunks of ``chunk_rows``)."""
        raw = self._conn.call("cypher", R.cypher_params(text, params, chunk_rows, self._tx))
        return QueryResult(self._conn, raw, chunk_rows)


class Transaction(_Reads):
    """A write transaction: the Database's methods on its own view; ``commit()`` or ``rollback()``.

    Only one transaction is open at a time (the engine's writer lock, FIFO):
    while one is open, auto-commit writes from other threads wait for it.
    """

    def __init__(self, db: "Database", defer_indexes: bool = False) -> None:
        self._db = db
        self._conn = db._conn
        self._defer_indexes = defer_indexes
        self._tx = None
        self._done = False

    def begin(self) -> "Transaction":
        if self._tx is None:
            self._tx = self._call(R.begin_write(self._defer_indexes))
        return self

    @property
    def active(self) -> bool:
        return self._tx is not None and not self._done

    def commit(self) -> None:
        """Commits (durable as ``synchronous`` says when this returns)."""
        if self._done or self._tx is None:
            return
        self._done = True
        self._call(R.commit(self._tx))

    def rollback(self) -> None:
        """Discards the transaction's writes (does nothing after commit)."""
        if self._done or self._tx is None:
            return
        self._done = True
        self._call(R.rollback(self._tx))

    def __enter__(self) -> "Transaction":
        return self.begin()

    def __del__(self) -> None:
        # A transaction dropped while open would hold the writer lock until the engine
        # ends: roll it back (without waiting for the answer).
        if self._tx is not None and not self._done and not self._conn.closed:
            self._done = True
            try:
                self._conn.send("rollback", {"tx": self._tx})
            except Exception:
                pass

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: "Optional[TracebackType]") -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()


class Database(_Reads):
    """An open database, served by its own engine process. Open with ``Database.open(path, **options)``."""

    def __init__(self, conn: Connection, path: str) -> None:
        self._conn = conn
        self._tx = None
        self.path = path

    @classmethod
    def open(cls, path: Union[str, "os.PathLike[str]"], **options: Any) -> "Database":
        """Opens (or creates) a database file; options are the Node options in snake_case
        (``synchronous="full"``, ``commit_coalesce_ms=2``, ``read_only=True``, ...)."""
        p = db_path(path)
        return cls(Connection(p, R.open_options(options)), p)

    @property
    def closed(self) -> bool:
        return self._conn.closed

    @property
    def pid(self) -> int:
        """The engine process id."""
        return self._conn.pid

    def close(self) -> None:
        """Closes the database and ends the engine process (open transactions roll back)."""
        self._conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self, defer_indexes: bool = False) -> Transaction:
        """``with db.transaction() as tx:`` commits on exit, rolls back on an exception."""
        return Transaction(self, defer_indexes)

    def begin_write(self, defer_indexes: bool = False) -> Transaction:
        """A started transaction; call ``commit()`` or ``rollback()``."""
        return Transaction(self, defer_indexes).begin()

    def mutate_many(self, ops: Iterable[Mapping[str, Any]]) -> MutationResult:
        """Applies operation dicts in one transaction, all or nothing; ``{"ref": alias}`` names an earlier create."""
        return self._call(R.mutate_many(ops))

    def query(self, spec: Optional[Spec] = None) -> QueryBuilder:
        """The query builder, empty or around a spec (``to_spec()`` of Python or Node)."""
        return QueryBuilder(self, dict(spec) if spec is not None else None)

    def _run_spec(self, spec: Spec, params: Optional[Mapping[str, Any]], mode: str, analyze: bool = False) -> Any:
        if mode == "explain":
            return self._call(R.explain(spec, params, analyze))
        raw = self._conn.call("query", R.query_params(spec, params, FETCH_ROWS_DEFAULT))
        result = QueryResult(self._conn, raw, FETCH_ROWS_DEFAULT)
        return result if mode == "stream" else result.fetchall()

    def explain(self, query: Union[str, QueryBuilder, Spec], params: Optional[Mapping[str, Any]] = None, analyze: bool = False) -> Dict[str, Any]:
        """The plan of a Cypher text, a builder or a spec (``analyze=True`` runs it and adds actual rows)."""
        target = query.to_spec() if isinstance(query, QueryBuilder) else query
        return self._call(R.explain(target, params, analyze))

    def pragma(self, name: str, value: Any = R._PRAGMA_MISSING) -> Any:
        """Reads a pragma, or sets it and returns the new value."""
        return self._call(R.pragma(name, value))

    def checkpoint(self) -> Dict[str, Any]:
        return self._call(R.checkpoint())

    def verify(self) -> Dict[str, Any]:
        return self._call(R.verify())

    def stats(self) -> Dict[str, Any]:
        return self._call(R.stats())

    def to_networkx(self, query: Optional[str] = None, params: Optional[Mapping[str, Any]] = None) -> "networkx.MultiDiGraph":
        """The graph (or the nodes, relationships and paths a Cypher query returns) as a
        networkx MultiDiGraph: node keys are ids, edge keys are edge ids; labels, type and
        properties are attributes. networkx must be installed."""
        rows: List[Row] = []
        if query is None:
            rows.extend(self.cypher("MATCH (n) RETURN n"))
            rows.extend(self.cypher("MATCH ()-[r]->() RETURN r"))
        else:
            rows.extend(self.cypher(query, params))
        return graph_of_rows(rows, self.get_node)


def graph_of_rows(rows: Iterable[Row], get_node: Any) -> "networkx.MultiDiGraph":
    """A networkx graph of every Node, Relationship and Path in ``rows`` (endpoints fetched when missing)."""
    try:
        import networkx as nx
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("to_networkx() needs networkx: pip install networkx (or sombra[networkx])") from err
    g = nx.MultiDiGraph()
    rels: List[Relationship] = []

    def add_node(n: Node) -> None:
        # Attributes by update, so a property named like an add_node parameter cannot clash.
        g.add_node(n.id)
        g.nodes[n.id].update({**n.properties, "labels": list(n.labels)})

    def visit(v: Any) -> None:
        if isinstance(v, Node):
            add_node(v)
        elif isinstance(v, Relationship):
            rels.append(v)
        elif isinstance(v, Path):
            for n in v.nodes:
                visit(n)
            for r in v.relationships:
                visit(r)
        elif isinstance(v, list):
            for x in v:
                visit(x)
        elif isinstance(v, dict):
            for x in v.values():
                visit(x)

    for row in rows:
        visit(list(row.values()))
    for r in rels:
        for end in (r.start_node_id, r.end_node_id):
            if end not in g and get_node is not None:
                n = get_node(end)
                if n is not None:
                    add_node(n)
        g.add_edge(r.start_node_id, r.end_node_id, key=r.id)
        g.edges[r.start_node_id, r.end_node_id, r.id].update({**r.properties, "type": r.type})
    return g
