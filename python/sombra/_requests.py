"""Every engine method as a request: name, params on the wire, and the
function that turns the wire result into the Python value. The blocking
``Database`` and the asyncio ``sombra.aio.Database`` both send these, so the
two surfaces cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Generic, Iterable, List, Mapping, Optional, Sequence, TypeVar, Union

from ._wire import decode, encode
from .errors import InvalidArgError
from .values import BfsVisit, MutationResult, Neighbor, Node, Relationship

T = TypeVar("T")
Labels = Union[str, int, Sequence[Union[str, int]]]
Props = Mapping[str, Any]


@dataclass(frozen=True)
class Req(Generic[T]):
    method: str
    params: Dict[str, Any]
    post: Callable[[Any], T]


_CAMEL_RE = re.compile(r"_([a-z0-9])")


def camel(name: str) -> str:
    """``commit_coalesce_ms`` -> ``commitCoalesceMs`` (camelCase names pass through)."""
    return _CAMEL_RE.sub(lambda m: m.group(1).upper(), name)


def _none(_: Any) -> None:
    return None


def _int(x: Any) -> int:
    return int(x)


def _bool(x: Any) -> bool:
    return bool(x)


def _ints(x: Any) -> List[int]:
    return [int(i) for i in x]


def _decoded(x: Any) -> Any:
    return decode(x)


def node_of(rec: Any) -> Optional[Node]:
    if rec is None:
        return None
    return Node(int(rec["id"]), list(rec["labels"]), decode(rec["props"]))


def edge_of(rec: Any) -> Optional[Relationship]:
    if rec is None:
        return None
    return Relationship(int(rec["id"]), str(rec["type"]), int(rec["src"]), int(rec["dst"]), decode(rec["props"]))


def _tx(tx: Optional[int]) -> Dict[str, Any]:
    return {} if tx is None else {"tx": tx}


def _labels(labels: Labels) -> Any:
    return encode(labels if isinstance(labels, (str, int)) else list(labels), "labels")


def _update(set: Optional[Props], unset: Optional[Iterable[str]]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    if set is not None:
        out["set"] = encode(dict(set), "set")
    if unset is not None:
        out["unset"] = list(unset)
    return out


def create_node(labels: Labels, props: Optional[Props], tx: Optional[int] = None) -> Req[int]:
    return Req("createNode", {"labels": _labels(labels), "props": encode(dict(props or {}), "props"), **_tx(tx)}, _int)


def update_node(id: int, set: Optional[Props], unset: Optional[Iterable[str]], tx: Optional[int] = None) -> Req[None]:
    return Req("updateNode", {"id": id, **_update(set, unset), **_tx(tx)}, _none)


def delete_node(id: int, cascade: bool, tx: Optional[int] = None) -> Req[None]:
    return Req("deleteNode", {"id": id, "cascade": bool(cascade), **_tx(tx)}, _none)


def create_edge(src: int, dst: int, type: Union[str, int], props: Optional[Props], tx: Optional[int] = None) -> Req[int]:
    return Req("createEdge", {"src": src, "dst": dst, "type": type, "props": encode(dict(props or {}), "props"), **_tx(tx)}, _int)


def update_edge(id: int, set: Optional[Props], unset: Optional[Iterable[str]], tx: Optional[int] = None) -> Req[None]:
    return Req("updateEdge", {"id": id, **_update(set, unset), **_tx(tx)}, _none)


def delete_edge(id: int, tx: Optional[int] = None) -> Req[None]:
    return Req("deleteEdge", {"id": id, **_tx(tx)}, _none)


_OPS = {"create_node", "update_node", "delete_node", "create_edge", "update_edge", "delete_edge"}


def _op(op: Mapping[str, Any], i: int) -> Dict[str, Any]:
    if not isinstance(op, Mapping):
        raise InvalidArgError(f"mutate_many op {i}: must be a dict with an 'op' key, got {type(op).__name__}")
    out: Dict[str, Any] = {}
    for k, v in op.items():
        if k == "op":
            out["op"] = camel(v) if isinstance(v, str) and v in _OPS else v
        elif k in ("props", "set"):
            out[k] = encode(dict(v), f"ops[{i}].{k}")
        elif k == "labels":
            out[k] = _labels(v)
        elif k == "unset":
            out[k] = list(v)
        else:
            out[camel(k)] = v
    return out


def _mutation_result(x: Any) -> MutationResult:
    return MutationResult([None if i is None else int(i) for i in x["ids"]], {k: int(v) for k, v in x["aliases"].items()})


def mutate_many(ops: Iterable[Mapping[str, Any]]) -> Req[MutationResult]:
    return Req("mutateMany", {"ops": [_op(op, i) for i, op in enumerate(ops)]}, _mutation_result)


def create_index(label: Union[str, int], property: Union[str, int], tx: Optional[int] = None) -> Req[bool]:
    return Req("createIndex", {"label": label, "property": property, **_tx(tx)}, _bool)


def drop_index(label: Union[str, int], property: Union[str, int], tx: Optional[int] = None) -> Req[bool]:
    return Req("dropIndex", {"label": label, "property": property, **_tx(tx)}, _bool)


def get_node(id: int, tx: Optional[int] = None) -> Req[Optional[Node]]:
    return Req("getNode", {"id": id, **_tx(tx)}, node_of)


def get_edge(id: int, tx: Optional[int] = None) -> Req[Optional[Relationship]]:
    return Req("getEdge", {"id": id, **_tx(tx)}, edge_of)


def _neighbors(x: Any) -> List[Neighbor]:
    return [Neighbor(int(n["nodeId"]), int(n["edgeId"]), str(n["type"]), str(n["direction"])) for n in x]


def neighbors(
    id: int,
    direction: str,
    edge_type: Optional[Union[str, int]],
    distinct: bool,
    limit: Optional[int],
    tx: Optional[int] = None,
) -> Req[List[Neighbor]]:
    options: Dict[str, Any] = {"direction": direction, "distinct": distinct}
    if edge_type is not None:
        options["edgeType"] = edge_type
    if limit is not None:
        options["limit"] = limit
    return Req("neighbors", {"id": id, "options": options, **_tx(tx)}, _neighbors)


def _visits(x: Any) -> List[BfsVisit]:
    return [BfsVisit(int(v["nodeId"]), int(v["depth"])) for v in x]


def bfs(
    start: int,
    max_depth: int,
    direction: str,
    edge_types: Optional[Sequence[Union[str, int]]],
    max_results: Optional[int],
    tx: Optional[int] = None,
) -> Req[List[BfsVisit]]:
    options: Dict[str, Any] = {"direction": direction}
    if edge_types is not None:
        options["edgeTypes"] = list(edge_types)
    if max_results is not None:
        options["maxResults"] = max_results
    return Req("bfs", {"start": start, "maxDepth": max_depth, "options": options, **_tx(tx)}, _visits)


def find_nodes(label: Union[str, int], property: Union[str, int], value: Any, tx: Optional[int] = None) -> Req[List[int]]:
    return Req("findNodes", {"label": label, "property": property, "value": encode(value, "value"), **_tx(tx)}, _ints)


def find_nodes_in_range(label: Union[str, int], property: Union[str, int], bounds: Mapping[str, Any], tx: Optional[int] = None) -> Req[List[int]]:
    rng = {k: encode(v, k) for k, v in bounds.items() if v is not None}
    return Req("findNodesInRange", {"label": label, "property": property, "range": rng, **_tx(tx)}, _ints)


def count_nodes_with_label(label: Union[str, int], tx: Optional[int] = None) -> Req[int]:
    return Req("countNodesWithLabel", {"label": label, **_tx(tx)}, _int)


def count_edges_with_type(type: Union[str, int], tx: Optional[int] = None) -> Req[int]:
    return Req("countEdgesWithType", {"type": type, **_tx(tx)}, _int)


def node_count(tx: Optional[int] = None) -> Req[int]:
    return Req("nodeCount", _tx(tx), _int)


def edge_count(tx: Optional[int] = None) -> Req[int]:
    return Req("edgeCount", _tx(tx), _int)


def list_indexes(tx: Optional[int] = None) -> Req[List[Dict[str, str]]]:
    return Req("listIndexes", _tx(tx), lambda x: [dict(i) for i in x])


def cypher_params(text: str, params: Optional[Mapping[str, Any]], chunk_rows: int, tx: Optional[int] = None) -> Dict[str, Any]:
    if not isinstance(text, str):
        raise InvalidArgError(f"cypher expects the query text as a str, got {type(text).__name__}")
    return {"text": text, "params": encode(dict(params or {}), "params"), "chunkRows": chunk_rows, **_tx(tx)}


def query_params(spec: Mapping[str, Any], params: Optional[Mapping[str, Any]], chunk_rows: int) -> Dict[str, Any]:
    return {"spec": spec, "params": encode(dict(params or {}), "params"), "chunkRows": chunk_rows}


def explain(target: Union[str, Mapping[str, Any]], params: Optional[Mapping[str, Any]], analyze: bool) -> Req[Dict[str, Any]]:
    p: Dict[str, Any] = {"params": encode(dict(params or {}), "params"), "analyze": analyze}
    if isinstance(target, str):
        p["text"] = target
    else:
        p["spec"] = target
    return Req("explain", p, _decoded)


_PRAGMA_MISSING: Any = object()


def pragma(name: str, value: Any = _PRAGMA_MISSING) -> Req[Any]:
    p: Dict[str, Any] = {"name": name}
    if value is not _PRAGMA_MISSING:
        p["value"] = encode(value, "value")
    return Req("pragma", p, _decoded)


def _snake_record(x: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = _snake_keys(decode(x))
    return out


def _snake_keys(x: Any) -> Any:
    if isinstance(x, dict):
        return {re.sub(r"(?<!^)([A-Z])", r"_\1", k).lower(): _snake_keys(v) for k, v in x.items()}
    return x


def checkpoint() -> Req[Dict[str, Any]]:
    return Req("checkpoint", {}, _snake_record)


def verify() -> Req[Dict[str, Any]]:
    return Req("verify", {}, _snake_record)


def stats() -> Req[Dict[str, Any]]:
    return Req("stats", {}, _snake_record)


def begin_write(defer_indexes: bool) -> Req[int]:
    return Req("beginWrite", {"deferIndexes": defer_indexes}, lambda x: int(x["tx"]))


def commit(tx: int) -> Req[None]:
    return Req("commit", {"tx": tx}, _none)


def rollback(tx: int) -> Req[None]:
    return Req("rollback", {"tx": tx}, _none)


def open_options(options: Mapping[str, Any]) -> Dict[str, Any]:
    """Database.open's keyword options in the engine's camelCase."""
    return {camel(k): v for k, v in options.items()}
