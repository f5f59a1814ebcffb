"""Values round-trip exactly between Python and the engine: ints across the
whole 64-bit range, floats (integral, special), str, bytes, bool, None,
datetimes, lists, dicts (also with "$" keys), nodes, relationships, paths."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

import sombra
from sombra import Node, Path, Relationship

PROPS = {
    "small": 42,
    "negative": -7,
    "safe_max": 2**53 - 1,
    "beyond_safe": 2**53 + 1,
    "int64_max": 2**63 - 1,
    "int64_min": -(2**63),
    "half": 0.5,
    "huge_float": 1e300,
    "text": "Ada ✓ 𝄞",
    "empty": "",
    "raw": b"\x00\x01\xfe\xff",
    "yes": True,
    "no": False,
    "when": datetime(2024, 5, 1, 12, 30, 15, 123000, tzinfo=timezone.utc),
    "ints": [1, 2, 2**62],
    "strs": ["a", "b"],
}


def test_properties_round_trip_through_get_node(db: sombra.Database) -> None:
    nid = db.create_node("Value", PROPS)
    node = db.get_node(nid)
    assert node is not None
    assert node.properties == PROPS
    assert type(node.properties["int64_max"]) is int
    assert type(node.properties["huge_float"]) is float
    assert node.properties["raw"] == b"\x00\x01\xfe\xff"


def test_parameters_round_trip_through_cypher(db: sombra.Database) -> None:
    values = {
        **PROPS,
        "nan": math.nan,
        "inf": math.inf,
        "ninf": -math.inf,
        "one_float": 1.0,
        "neg_zero": -0.0,
        "none": None,
        "nested": {"$weird": 1, "list": [1, "x", None, {"deep": b"\x01"}]},
        "mixed": [1, 2.5, "s", True, None],
    }
    row = db.cypher("RETURN $v AS v", {"v": values}).single()
    assert row is not None
    got = row["v"]
    for k, v in values.items():
        if isinstance(v, float) and math.isnan(v):
            assert math.isnan(got[k])
        else:
            assert got[k] == v, k
            assert type(got[k]) is type(v), k
    assert math.copysign(1.0, got["neg_zero"]) == -1.0


def test_integral_floats_stay_floats_in_cypher(db: sombra.Database) -> None:
    row = db.cypher("RETURN $a / 2 AS f, $b / 2 AS i, 2.0 AS two", {"a": 3.0, "b": 3}).single()
    assert row == {"f": 1.5, "i": 1, "two": 2.0}
    assert type(row["two"]) is float


def test_int64_arithmetic_is_exact(db: sombra.Database) -> None:
    row = db.cypher("RETURN $x - 1 AS y", {"x": 2**63 - 1}).single()
    assert row == {"y": 2**63 - 2}


def test_datetimes_in_other_zones_come_back_as_the_same_instant_in_utc(db: sombra.Database) -> None:
    local = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    nid = db.create_node("Value", {"at": local})
    got = db.get_node(nid).properties["at"]  # type: ignore[union-attr]
    assert got == local
    assert got.utcoffset() == timedelta(0)


def test_values_the_engine_cannot_hold_are_refused_with_a_clear_error(db: sombra.Database) -> None:
    with pytest.raises(sombra.InvalidArgError, match="naive datetime"):
        db.create_node("Value", {"at": datetime(2024, 1, 1)})
    with pytest.raises(sombra.InvalidArgError, match="set is not a Sombra value"):
        db.create_node("Value", {"s": {1, 2}})
    with pytest.raises(sombra.InvalidArgError, match="64-bit"):
        db.create_node("Value", {"too_big": 2**64})
    with pytest.raises(sombra.InvalidArgError, match="map keys must be strings"):
        db.cypher("RETURN $m AS m", {"m": {1: "x"}})


def test_nodes_relationships_and_paths_are_small_classes(db: sombra.Database) -> None:
    db.cypher("CREATE (:Walk {n: 1})-[:STEP {w: 0.5}]->(:Walk {n: 2})")
    row = db.cypher("MATCH p = (a:Walk)-[r:STEP]->(b:Walk) RETURN a, r, b, p").single()
    assert row is not None
    a, r, b, p = row["a"], row["r"], row["b"], row["p"]
    assert isinstance(a, Node) and a.labels == ["Walk"] and a["n"] == 1
    assert isinstance(r, Relationship) and r.type == "STEP" and r.properties == {"w": 0.5}
    assert (r.start_node_id, r.end_node_id) == (a.id, b.id)
    assert isinstance(p, Path) and len(p) == 1 and p.start == a and p.end == b and p.relationships == [r]
    # A node passed back as a parameter is that node.
    again = db.cypher("MATCH (n) WHERE n = $node RETURN n.n AS n", {"node": a}).single()
    assert again == {"n": 1}


def test_cypher_dates_times_and_durations_come_back_as_iso_text(db: sombra.Database) -> None:
    row = db.cypher("CREATE (t:Temporal {d: date('2024-05-01'), p: duration('P1M2D')}) RETURN t, t.d AS d").single()
    assert row is not None
    assert row["d"] == "2024-05-01"
    assert db.get_node(row["t"].id).properties == {"d": "2024-05-01", "p": "P1M2D"}  # type: ignore[union-attr]
