"""The query builder: the Python twin of the Node builder (docs/query.md),
producing the same version 2 spec (``to_spec()``), so a spec built here runs
unchanged in Node and the other way round. Immutable: every call returns a
new builder.

    rows = (db.query()
            .match({"a": "User", "b": "User"})
            .where("a", lambda s: s.eq("name", "Ada"))
            .edge("a", "b", "FOLLOWS")
            .select("b.name")
            .order_by("b.name")
            .execute())
"""

from __future__ import annotations

import base64
import copy
import math
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple, Union

from .errors import InvalidArgError

Spec = Dict[str, Any]
Predicate = Dict[str, Any]
Operand = Dict[str, Any]
Target = Union[str, Operand]

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
SAFE_INT_MAX = 2**53 - 1


def literal(v: Any) -> Any:
    """The spec form of a Python value (plain JSON, or a tagged ``{"t", "v"}``)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        if -SAFE_INT_MAX <= v <= SAFE_INT_MAX:
            return v
        if not INT64_MIN <= v <= INT64_MAX:
            raise InvalidArgError(f"{v} is outside the 64-bit integer range")
        return {"t": "Int", "v": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"t": "Float", "v": "NaN"}
        if math.isinf(v):
            return {"t": "Float", "v": "Infinity" if v > 0 else "-Infinity"}
        if v == 0 and math.copysign(1.0, v) < 0:
            return {"t": "Float", "v": "-0"}
        if v.is_integer() and abs(v) <= SAFE_INT_MAX:
            return {"t": "Float", "v": int(v)}
        return v
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"t": "Bytes", "v": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, datetime):
        if v.tzinfo is None or v.tzinfo.utcoffset(v) is None:
            raise InvalidArgError("a naive datetime is ambiguous; give it a timezone")
        return {"t": "DateTime", "v": v.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")}
    raise InvalidArgError(f"{type(v).__name__} is not a literal (None, bool, int, float, str, bytes, datetime)")


def _is_operand(v: Any) -> bool:
    return isinstance(v, dict)


def prop(variable: str, key: str) -> Operand:
    """Property ``key`` of ``variable`` (for keys containing a dot)."""
    return {"var": variable, "prop": key}


def id_of(variable: str) -> Operand:
    """The id of a node or edge variable."""
    return {"id": variable}


def type_of(variable: str) -> Operand:
    """The type name of an edge variable."""
    return {"type": variable}


def param(name: str) -> Operand:
    """A parameter, given at run time: ``execute(params={name: value})``."""
    return {"param": name}


def _target(t: Target) -> Operand:
    if isinstance(t, str):
        var, dot, key = t.partition(".")
        return {"var": var, "prop": key} if dot else {"var": var}
    if _is_operand(t):
        return dict(t)
    raise InvalidArgError(f"a predicate target is 'var.prop', 'var' or an operand, got {t!r}")


def _value(v: Any) -> Operand:
    return dict(v) if _is_operand(v) else {"value": literal(v)}


def _cmp(op: str, t: Target, v: Any) -> Predicate:
    return {"op": op, "args": [_target(t), _value(v)]}


def eq(t: Target, v: Any) -> Predicate:
    return _cmp("eq", t, v)


def ne(t: Target, v: Any) -> Predicate:
    return _cmp("ne", t, v)


def lt(t: Target, v: Any) -> Predicate:
    return _cmp("lt", t, v)


def le(t: Target, v: Any) -> Predicate:
    return _cmp("le", t, v)


def gt(t: Target, v: Any) -> Predicate:
    return _cmp("gt", t, v)


def ge(t: Target, v: Any) -> Predicate:
    return _cmp("ge", t, v)


def starts_with(t: Target, v: Any) -> Predicate:
    return _cmp("startsWith", t, v)


def ends_with(t: Target, v: Any) -> Predicate:
    return _cmp("endsWith", t, v)


def contains(t: Target, v: Any) -> Predicate:
    return _cmp("contains", t, v)


def between(t: Target, low: Any, high: Any, inclusive: Tuple[bool, bool] = (True, True)) -> Predicate:
    return {"op": "between", "args": [_target(t), _value(low), _value(high)], "inclusive": [bool(inclusive[0]), bool(inclusive[1])]}


def in_list(t: Target, values: Union[Sequence[Any], Operand]) -> Predicate:
    arg = dict(values) if _is_operand(values) else {"value": [literal(v) for v in values]}
    return {"op": "inList", "args": [_target(t), arg]}


def exists(t: Target) -> Predicate:
    return {"op": "exists", "args": [_target(t)]}


def is_null(t: Target) -> Predicate:
    return {"op": "isNull", "args": [_target(t)]}


def is_not_null(t: Target) -> Predicate:
    return {"op": "isNotNull", "args": [_target(t)]}


def has_label(variable: str, label: str) -> Predicate:
    return {"op": "hasLabel", "args": [{"var": variable}], "label": label}


def and_(*ps: Predicate) -> Predicate:
    return {"op": "and", "args": list(ps)}


def or_(*ps: Predicate) -> Predicate:
    return {"op": "or", "args": list(ps)}


def not_(p: Predicate) -> Predicate:
    return {"op": "not", "args": [p]}


class PredicateScope:
    """The predicates of one variable, joined by AND: ``lambda s: s.eq("name", "Ada").gt("age", 30)``."""

    def __init__(self, variable: str, parts: Sequence[Predicate] = ()) -> None:
        self._var = variable
        self._parts = list(parts)

    @property
    def id(self) -> Operand:
        return id_of(self._var)

    @property
    def type(self) -> Operand:
        return type_of(self._var)

    def _t(self, k: Target) -> Target:
        return prop(self._var, k) if isinstance(k, str) else k

    def _add(self, p: Predicate) -> "PredicateScope":
        return PredicateScope(self._var, [*self._parts, p])

    def eq(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(eq(self._t(k), v))

    def ne(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(ne(self._t(k), v))

    def lt(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(lt(self._t(k), v))

    def le(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(le(self._t(k), v))

    def gt(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(gt(self._t(k), v))

    def ge(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(ge(self._t(k), v))

    def between(self, k: Target, low: Any, high: Any, inclusive: Tuple[bool, bool] = (True, True)) -> "PredicateScope":
        return self._add(between(self._t(k), low, high, inclusive))

    def in_list(self, k: Target, values: Union[Sequence[Any], Operand]) -> "PredicateScope":
        return self._add(in_list(self._t(k), values))

    def exists(self, k: Target) -> "PredicateScope":
        return self._add(exists(self._t(k)))

    def is_null(self, k: Target) -> "PredicateScope":
        return self._add(is_null(self._t(k)))

    def is_not_null(self, k: Target) -> "PredicateScope":
        return self._add(is_not_null(self._t(k)))

    def starts_with(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(starts_with(self._t(k), v))

    def ends_with(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(ends_with(self._t(k), v))

    def contains(self, k: Target, v: Any) -> "PredicateScope":
        return self._add(contains(self._t(k), v))

    def has_label(self, label: str) -> "PredicateScope":
        return self._add(has_label(self._var, label))

    def where(self, p: Predicate) -> "PredicateScope":
        return self._add(p)

    def to_predicate(self) -> Predicate:
        if len(self._parts) == 1:
            return self._parts[0]
        return and_(*self._parts)


ScopeFn = Callable[[PredicateScope], PredicateScope]


class QueryRunner(Protocol):
    """What runs a builder: a blocking or an asyncio Database."""

    def _run_spec(self, spec: Spec, params: Optional[Mapping[str, Any]], mode: str, analyze: bool = False) -> Any: ...


def _empty_spec() -> Spec:
    return {
        "$schemaVersion": 2,
        "nodes": [],
        "edges": [],
        "where": None,
        "select": [],
        "distinct": False,
        "orderBy": [],
        "skip": None,
        "limit": None,
    }


class QueryBuilder:
    """An immutable builder over a runner (``db.query()``); ``execute``, ``stream`` and ``explain`` run it."""

    def __init__(self, runner: QueryRunner, spec: Optional[Spec] = None, current: Optional[str] = None, direction: Optional[str] = None) -> None:
        self._runner = runner
        self._spec: Spec = _empty_spec() if spec is None else spec
        if current is None and spec is not None and spec.get("nodes"):
            current = spec["nodes"][-1].get("var")
        self._current = current
        self._direction = direction

    def _with(self, current: Optional[str] = None, direction: Any = ..., **changes: Any) -> "QueryBuilder":
        spec = copy.deepcopy(self._spec)
        spec.update(changes)
        return QueryBuilder(self._runner, spec, current if current is not None else self._current, self._direction if direction is ... else direction)

    def _declared(self, var: str) -> bool:
        return any(n["var"] == var for n in self._spec["nodes"]) or any(e.get("var") == var for e in self._spec["edges"])

    def _add_node(self, var: str, label: Optional[str]) -> "QueryBuilder":
        if self._declared(var):
            raise InvalidArgError(f'variable "{var}" is already declared')
        return self._with(current=var, nodes=[*self._spec["nodes"], {"var": var, "label": label}])

    # ---------------------------------------------------------------- pattern

    def nodes(self, label: str) -> "QueryBuilder":
        """A node variable (``n0``, ``n1``, ...) with ``label``; ``where(fn)`` then applies to it."""
        i = 0
        while self._declared(f"n{i}"):
            i += 1
        return self._add_node(f"n{i}", label)

    def match(self, arg: Union[str, Mapping[str, Any]]) -> "QueryBuilder":
        """A label (auto variable), ``{"var": "a", "label": "User"}``, or ``{"a": "User", "b": None}``."""
        if isinstance(arg, str):
            return self.nodes(arg)
        if not isinstance(arg, Mapping):
            raise InvalidArgError(f"match takes a label or a dict, got {arg!r}")
        if isinstance(arg.get("var"), str) and set(arg) <= {"var", "label"}:
            return self._add_node(arg["var"], arg.get("label"))
        b = self
        for k, v in arg.items():
            label = v if isinstance(v, str) or v is None else v.get("label")
            b = b._add_node(k, label)
        return b

    def direction(self, direction: str) -> "QueryBuilder":
        """The direction of the next ``edge`` step: "out", "in" or "both"."""
        if direction not in ("out", "in", "both"):
            raise InvalidArgError(f'direction must be "out", "in" or "both", got {direction!r}')
        return self._with(direction=direction)

    def bidirectional(self, flag: bool = True) -> "QueryBuilder":
        return self._with(direction="both" if flag else "out")

    def edge(
        self,
        frm: str,
        to: str,
        types: Union[None, str, Sequence[str]] = None,
        *,
        var: Optional[str] = None,
        direction: Optional[str] = None,
        min_hops: Optional[int] = None,
        max_hops: Optional[int] = None,
    ) -> "QueryBuilder":
        """An edge step from ``frm`` to ``to`` of any of ``types``; with ``min_hops``/``max_hops``, variable length."""
        lst = [] if types is None else [types] if isinstance(types, str) else list(types)
        edge = {
            "var": var,
            "from": frm,
            "to": to,
            "types": lst,
            "direction": direction or self._direction or "out",
            "minHops": min_hops if min_hops is not None else (1 if max_hops is not None else None),
            "maxHops": max_hops if max_hops is not None else (16 if min_hops is not None else None),
        }
        if var is not None and self._declared(var):
            raise InvalidArgError(f'variable "{var}" is already declared')
        return self._with(direction=None, edges=[*self._spec["edges"], edge])

    # ---------------------------------------------------------------- predicates

    def _predicate(self, a: Union[str, Predicate, ScopeFn], fn: Optional[ScopeFn]) -> Predicate:
        if isinstance(a, str):
            if fn is None:
                raise InvalidArgError(f'where("{a}", fn): fn must build the predicates of "{a}"')
            return fn(PredicateScope(a)).to_predicate()
        if callable(a):
            if self._current is None:
                raise InvalidArgError("where(fn) applies to the last declared variable, and there is none")
            return a(PredicateScope(self._current)).to_predicate()
        if isinstance(a, dict):
            return a
        raise InvalidArgError(f"where takes (var, fn), (fn) or a predicate, got {a!r}")

    def where(self, a: Union[str, Predicate, ScopeFn], fn: Optional[ScopeFn] = None) -> "QueryBuilder":
        """Adds a predicate, ANDed with earlier ones: ``where("a", lambda s: ...)``, ``where(fn)``, ``where(eq("a.age", 30))``."""
        p = self._predicate(a, fn)
        cur = self._spec["where"]
        new = p if cur is None else and_(*cur["args"], p) if cur["op"] == "and" else and_(cur, p)
        return self._with(where=new)

    and_where = where

    def or_where(self, a: Union[str, Predicate, ScopeFn], fn: Optional[ScopeFn] = None) -> "QueryBuilder":
        """Adds a predicate ORed with everything before it."""
        p = self._predicate(a, fn)
        cur = self._spec["where"]
        return self._with(where=p if cur is None else or_(cur, p))

    def on(self, variable: str, fn: ScopeFn) -> "QueryBuilder":
        return self.where(variable, fn)

    # ---------------------------------------------------------------- results

    def select(self, *items: Union[str, Mapping[str, Any], Sequence[Union[str, Mapping[str, Any]]]]) -> "QueryBuilder":
        """The result columns: ``"a"``, ``"a.name"``, ``{"var", "prop", "as"}``, ``{"agg": "count", "as": "n"}``."""
        flat: List[Any] = []
        for it in items:
            if isinstance(it, (list, tuple)):
                flat.extend(it)
            else:
                flat.append(it)
        select: List[Dict[str, Any]] = []
        for s in flat:
            if isinstance(s, str):
                var, dot, key = s.partition(".")
                select.append({"var": var, "prop": key} if dot else {"var": var})
            elif isinstance(s, Mapping):
                select.append(dict(s))
            else:
                raise InvalidArgError(f'select takes "var", "var.prop" or a dict, got {s!r}')
        return self._with(select=select)

    def aggregate(self, agg: str, target: Optional[str] = None, *, distinct: Optional[bool] = None, as_: Optional[str] = None) -> "QueryBuilder":
        """An aggregate column: ``aggregate("count")`` is count(*); ``aggregate("avg", "b.age", as_="age")``."""
        item: Dict[str, Any] = {"agg": agg}
        if target is not None:
            var, dot, key = target.partition(".")
            item["var"] = var
            if dot:
                item["prop"] = key
        if distinct is not None:
            item["distinct"] = distinct
        if as_ is not None:
            item["as"] = as_
        return self._with(select=[*self._spec["select"], item])

    def distinct(self, flag: bool = True) -> "QueryBuilder":
        return self._with(distinct=flag)

    def order_by(self, key: str, direction: str = "asc") -> "QueryBuilder":
        return self._with(orderBy=[*self._spec["orderBy"], {"key": key, "direction": direction}])

    def skip(self, n: Union[int, Operand]) -> "QueryBuilder":
        return self._with(skip=n)

    def limit(self, n: Union[int, Operand]) -> "QueryBuilder":
        return self._with(limit=n)

    # ---------------------------------------------------------------- running

    def to_spec(self) -> Spec:
        """The spec: plain JSON data; ``db.query(spec)`` (Python or Node) builds the same query."""
        return copy.deepcopy(self._spec)

    def execute(self, params: Optional[Mapping[str, Any]] = None) -> Any:
        """Runs the query; the rows as a list of dicts (awaitable in sombra.aio)."""
        return self._runner._run_spec(self._spec, params, "execute")

    def stream(self, params: Optional[Mapping[str, Any]] = None) -> Any:
        """Runs the query lazily: a result to iterate (rows arrive in chunks)."""
        return self._runner._run_spec(self._spec, params, "stream")

    def explain(self, params: Optional[Mapping[str, Any]] = None, analyze: bool = False) -> Any:
        """The plan; with ``analyze``, runs the query and adds actual rows and times."""
        return self._runner._run_spec(self._spec, params, "explain", analyze)
