"""Query results: columns, stats, and rows streamed in chunks.

A result holds a server-side cursor (and with it a read snapshot) until its
rows are read to the end or it is closed; iterate it once, or call
``fetchall()``. ``QueryResult`` is the blocking form, ``AsyncQueryResult``
(``sombra.aio``) the asyncio one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, List, Optional

from ._wire import decode, decode_rows

if TYPE_CHECKING:
    import pandas

    from ._connection import Connection

Row = Dict[str, Any]

_STATS_NAMES = {
    "nodesCreated": "nodes_created",
    "nodesDeleted": "nodes_deleted",
    "relationshipsCreated": "relationships_created",
    "relationshipsDeleted": "relationships_deleted",
    "labelsAdded": "labels_added",
    "labelsRemoved": "labels_removed",
    "propertiesSet": "properties_set",
    "propertiesRemoved": "properties_removed",
}

FETCH_ROWS_DEFAULT = 1000


def _stats(raw: Any) -> Dict[str, int]:
    raw = raw or {}
    return {snake: int(raw.get(camel, 0)) for camel, snake in _STATS_NAMES.items()}


class _ResultBase:
    def __init__(self, conn: "Connection", raw: Dict[str, Any], fetch_rows: int) -> None:
        self._conn = conn
        self.columns: List[str] = list(raw.get("columns") or [])
        """Column names in RETURN order (a streamed read with no rows has none)."""
        self.stats: Dict[str, int] = _stats(raw.get("stats"))
        """What a write query changed (``nodes_created``, ...); zeros for reads."""
        self.plan: Optional[Dict[str, Any]] = decode(raw["plan"]) if raw.get("plan") is not None else None
        """The plan, for EXPLAIN and PROFILE queries."""
        self._buffer: List[Row] = decode_rows(self.columns, raw.get("rows") or [])
        self._cursor: Optional[int] = raw.get("cursor")
        self._fetch_rows = fetch_rows

    def _fetch_params(self) -> Dict[str, Any]:
        return {"cursor": self._cursor, "maxRows": self._fetch_rows}

    def _take_chunk(self, raw: Dict[str, Any]) -> None:
        self._buffer = decode_rows(self.columns, raw.get("rows") or [])
        if raw.get("done"):
            self._cursor = None

    def _close_quietly(self) -> None:
        cursor, self._cursor = self._cursor, None
        if cursor is not None and not self._conn.closed:
            try:
                self._conn.send("closeCursor", {"cursor": cursor})
            except Exception:
                pass

    def __del__(self) -> None:
        self._close_quietly()

    @property
    def streaming(self) -> bool:
        """True while rows remain on the server (a cursor is open)."""
        return self._cursor is not None


class QueryResult(_ResultBase):
    """The result of ``db.cypher`` / a builder query: iterate it for rows (dicts keyed by column)."""

    def __iter__(self) -> Iterator[Row]:
        while True:
            buffer, self._buffer = self._buffer, []
            yield from buffer
            if self._cursor is None:
                return
            self._take_chunk(self._conn.call("fetch", self._fetch_params()))

    def fetchall(self) -> List[Row]:
        """Every remaining row."""
        return list(self)

    def rows(self) -> List[Row]:
        """Every remaining row (same as ``fetchall``)."""
        return list(self)

    def single(self) -> Optional[Row]:
        """The first row (None when there is none); the rest are discarded."""
        for row in self:
            self.close()
            return row
        return None

    def close(self) -> None:
        """Releases the server-side cursor before the rows are read to the end."""
        self._buffer = []
        cursor, self._cursor = self._cursor, None
        if cursor is not None and not self._conn.closed:
            self._conn.call("closeCursor", {"cursor": cursor})

    def __enter__(self) -> "QueryResult":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def to_pandas(self) -> "pandas.DataFrame":
        """The remaining rows as a pandas DataFrame (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas (or sombra[pandas])") from err
        rows = self.fetchall()
        return pd.DataFrame.from_records(rows, columns=self.columns or None)


class AsyncQueryResult(_ResultBase):
    """``QueryResult`` for asyncio: ``async for row in result``."""

    async def _fetch(self) -> None:
        import asyncio

        raw = await asyncio.wrap_future(self._conn.send("fetch", self._fetch_params()))
        self._take_chunk(raw)

    def __aiter__(self) -> AsyncIterator[Row]:
        return self._rows()

    async def _rows(self) -> AsyncIterator[Row]:
        while True:
            buffer, self._buffer = self._buffer, []
            for row in buffer:
                yield row
            if self._cursor is None:
                return
            await self._fetch()

    async def fetchall(self) -> List[Row]:
        """Every remaining row."""
        return [row async for row in self]

    async def rows(self) -> List[Row]:
        """Every remaining row (same as ``fetchall``)."""
        return await self.fetchall()

    async def close(self) -> None:
        """Releases the server-side cursor early."""
        import asyncio

        self._buffer = []
        cursor, self._cursor = self._cursor, None
        if cursor is not None and not self._conn.closed:
            await asyncio.wrap_future(self._conn.send("closeCursor", {"cursor": cursor}))

    async def __aenter__(self) -> "AsyncQueryResult":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def to_pandas(self) -> "pandas.DataFrame":
        """The remaining rows as a pandas DataFrame (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover
            raise ImportError("to_pandas() needs pandas: pip install pandas (or sombra[pandas])") from err
        rows = await self.fetchall()
        return pd.DataFrame.from_records(rows, columns=self.columns or None)
