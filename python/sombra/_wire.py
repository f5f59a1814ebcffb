"""Values on the stdio wire (protocol version 1; src/server/stdio/wire-values.ts
is the specification): plain JSON where JSON is exact, one-key tagged objects
(``$int``, ``$float``, ``$bytes``, ``$date``, ``$map``, ``$node``, ``$rel``,
``$path``) where it is not.
"""

from __future__ import annotations

import base64
import math
from datetime import date, datetime, timezone
from typing import Any, Dict, List

from .errors import InvalidArgError
from .values import Node, Path, Relationship

SAFE_INT_MAX = 2**53 - 1


def _float_text(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)  # '1.0', '-0.0', '1e+300': JavaScript's Number() reads them


def encode(v: Any, path: str = "value") -> Any:
    """The wire form of a Python value (a property, a parameter, an argument)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -SAFE_INT_MAX <= v <= SAFE_INT_MAX else {"$int": str(v)}
    if isinstance(v, float):
        if math.isfinite(v) and not v.is_integer():
            return v
        return {"$float": _float_text(v)}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, datetime):
        if v.tzinfo is None or v.tzinfo.utcoffset(v) is None:
            raise InvalidArgError(f"{path}: a naive datetime is ambiguous; give it a timezone (datetime(..., tzinfo=timezone.utc))")
        text = v.astimezone(timezone.utc).isoformat(timespec="milliseconds")
        return {"$date": text.replace("+00:00", "Z")}
    if isinstance(v, date):
        raise InvalidArgError(f"{path}: a date is not a stored type; use a timezone-aware datetime")
    if isinstance(v, (list, tuple)):
        return [encode(x, f"{path}[{i}]") for i, x in enumerate(v)]
    if isinstance(v, dict):
        out: Dict[str, Any] = {}
        dollar = False
        for k, x in v.items():
            if not isinstance(k, str):
                raise InvalidArgError(f"{path}: map keys must be strings, got {type(k).__name__} {k!r}")
            dollar = dollar or k.startswith("$")
            out[k] = encode(x, f"{path}.{k}")
        return {"$map": out} if dollar else out
    if isinstance(v, Node):
        return {"$node": {"id": v.id, "labels": list(v.labels), "properties": encode(v.properties, f"{path}.properties")}}
    if isinstance(v, Relationship):
        return {
            "$rel": {
                "id": v.id,
                "type": v.type,
                "start": v.start_node_id,
                "end": v.end_node_id,
                "properties": encode(v.properties, f"{path}.properties"),
            }
        }
    raise InvalidArgError(
        f"{path}: {type(v).__name__} is not a Sombra value "
        "(use None, bool, int, float, str, bytes, timezone-aware datetime, list, dict)"
    )


def _node(j: Dict[str, Any]) -> Node:
    return Node(int(j["id"]), list(j.get("labels", [])), decode(j.get("properties", {})))


def _rel(j: Dict[str, Any]) -> Relationship:
    return Relationship(int(j["id"]), str(j["type"]), int(j["start"]), int(j["end"]), decode(j.get("properties", {})))


def decode(j: Any) -> Any:
    """The Python value of a wire value."""
    if isinstance(j, list):
        return [decode(x) for x in j]
    if not isinstance(j, dict):
        return j
    if len(j) == 1:
        (tag, x), = j.items()
        if tag.startswith("$"):
            if tag == "$int":
                return int(x)
            if tag == "$float":
                return float(x)
            if tag == "$bytes":
                return base64.b64decode(x)
            if tag == "$date":
                return datetime.fromisoformat(x.replace("Z", "+00:00"))
            if tag == "$map":
                return {k: decode(v) for k, v in x.items()}
            if tag == "$node":
                return _node(x)
            if tag == "$rel":
                return _rel(x)
            if tag == "$path":
                return Path([_node(n) for n in x["nodes"]], [_rel(r) for r in x["relationships"]])
            raise InvalidArgError(f"unknown wire tag {tag!r} (a newer engine?)")
    return {k: decode(v) for k, v in j.items()}


def decode_rows(columns: List[str], rows: List[List[Any]]) -> List[Dict[str, Any]]:
    """Rows as the wire sends them (lists in column order) as dicts keyed by column."""
    return [dict(zip(columns, (decode(v) for v in r))) for r in rows]
