"""Sombra for Python: the embedded property graph database, driven through
its TypeScript engine in a child process (docs/python.md).

    import sombra
    with sombra.Database.open("graph.sombra") as db:
        ada = db.create_node("User", {"name": "Ada"})
        for row in db.cypher("MATCH (u:User) RETURN u.name AS name"):
            print(row["name"])

``sombra.aio`` is the asyncio twin.
"""

from . import errors as _errors
from .database import Database, Transaction
from .errors import (
    CancelledError,
    ClosedError,
    ConstraintError,
    CorruptionError,
    CypherArgumentError,
    CypherArithmeticError,
    CypherConstraintError,
    CypherEntityNotFoundError,
    CypherError,
    CypherSemanticError,
    CypherSyntaxError,
    CypherTypeError,
    InternalError,
    InvalidArgError,
    IoError,
    LockedError,
    NotFoundError,
    ReadOnlyError,
    SombraError,
    TxClosedError,
    UnsupportedFormatError,
)
from .query import (
    PredicateScope,
    QueryBuilder,
    and_,
    between,
    contains,
    ends_with,
    eq,
    exists,
    ge,
    gt,
    has_label,
    id_of,
    in_list,
    is_not_null,
    is_null,
    le,
    lt,
    ne,
    not_,
    or_,
    param,
    prop,
    starts_with,
    type_of,
)
from .result import QueryResult
from .values import BfsVisit, MutationResult, Neighbor, Node, Path, Relationship

__version__ = "0.1.0"
PROTOCOL_VERSION = 1

__all__ = [
    "Database",
    "Transaction",
    "QueryResult",
    "QueryBuilder",
    "PredicateScope",
    "Node",
    "Relationship",
    "Path",
    "Neighbor",
    "BfsVisit",
    "MutationResult",
    "and_",
    "or_",
    "not_",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "between",
    "in_list",
    "exists",
    "is_null",
    "is_not_null",
    "starts_with",
    "ends_with",
    "contains",
    "has_label",
    "prop",
    "id_of",
    "type_of",
    "param",
]
# Every error class (errors.py lists them once; its wire decoder stays internal).
__all__ += [name for name in _errors.__all__ if name != "error_from_wire"]
