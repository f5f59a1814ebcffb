"""The asyncio twin: the same surface, awaitable, many calls in flight at once."""

from __future__ import annotations

import asyncio

import pytest

import sombra
import sombra.aio


def test_async_surface(db_path: str) -> None:
    async def main() -> None:
        db = await sombra.aio.Database.open(db_path)
        async with db:
            ids = await asyncio.gather(*(db.create_node("A", {"i": i}) for i in range(50)))
            assert len(set(ids)) == 50
            assert await db.count_nodes_with_label("A") == 50
            a, b = ids[0], ids[1]
            e = await db.create_edge(a, b, "NEXT", {"w": 2**60})
            assert (await db.get_edge(e)) == sombra.Relationship(e, "NEXT", a, b, {"w": 2**60})
            assert [n.node_id for n in await db.neighbors(a)] == [b]
            async with db.transaction() as tx:
                c = await tx.create_node("A", {"i": 99})
                assert (await tx.get_node(c)) is not None
                assert (await db.get_node(c)) is None
            assert (await db.get_node(c)) is not None
            with pytest.raises(RuntimeError):
                async with db.transaction() as tx2:
                    await tx2.create_node("Rolled")
                    raise RuntimeError("x")
            assert await db.count_nodes_with_label("Rolled") == 0
            result = await db.cypher("MATCH (n:A) RETURN n.i AS i ORDER BY i", chunk_rows=7)
            assert [row["i"] async for row in result] == [*range(50), 99]
            rows = await db.query().nodes("A").where(lambda s: s.lt("i", 3)).select("n0.i").order_by("n0.i").execute()
            assert rows == [{"n0.i": 0}, {"n0.i": 1}, {"n0.i": 2}]
            with pytest.raises(sombra.CypherSyntaxError):
                await db.cypher("RETURN")
            frame = await (await db.cypher("MATCH (n:A) RETURN n.i AS i LIMIT 3")).to_pandas()
            assert list(frame.columns) == ["i"] and len(frame) == 3
            g = await db.to_networkx()
            assert g.number_of_nodes() == 51 and g.number_of_edges() == 1
        assert db.closed

    asyncio.run(main())
