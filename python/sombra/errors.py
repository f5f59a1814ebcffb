"""Exceptions of the sombra package: one class per engine error code.

Every error the engine reports arrives as a ``SombraError`` subclass whose
``code`` is the engine's stable code (``INVALID_ARG``, ``NOT_FOUND``, ...)
and whose message is the engine's message, intact. Cypher errors add the
openCypher TCK's ``type`` and ``detail`` names, the ``phase`` and the
``position`` in the query text.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional


class SombraError(Exception):
    """Base class of every error from Sombra; switch on ``code``."""

    code: str = "INTERNAL"

    def __init__(self, message: str, code: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InvalidArgError(SombraError, ValueError):
    """A bad argument or option; nothing was changed."""

    code = "INVALID_ARG"


class NotFoundError(SombraError, LookupError):
    """A node, edge, index or name the operation needs does not exist."""

    code = "NOT_FOUND"


class ConstraintError(SombraError):
    """The operation would break a graph rule (deleting a node that still has edges)."""

    code = "CONSTRAINT"


class ClosedError(SombraError):
    """The database is closed, or its engine process has ended."""

    code = "CLOSED"


class LockedError(SombraError):
    """Another handle owns the database file; ``owner_pid`` names it when known."""

    code = "LOCKED"

    def __init__(self, message: str, code: Optional[str] = None, owner_pid: Optional[int] = None) -> None:
        super().__init__(message, code)
        self.owner_pid = owner_pid


class ReadOnlyError(SombraError):
    """A write on a database opened with ``read_only=True``."""

    code = "READ_ONLY"


class TxClosedError(SombraError):
    """A transaction used after it committed or rolled back."""

    code = "TX_CLOSED"


class IoError(SombraError, OSError):
    """A file operation failed, or an earlier sync did and writes are refused."""

    code = "IO"


class CorruptionError(SombraError):
    """Bytes read from disk failed validation."""

    code = "CORRUPTION"


class UnsupportedFormatError(SombraError):
    """The file's format version is not one this engine reads."""

    code = "UNSUPPORTED_FORMAT"


class InternalError(SombraError):
    """A broken invariant inside Sombra (a bug), or a protocol failure."""

    code = "INTERNAL"


class CancelledError(SombraError):
    """A running query was cancelled."""

    code = "CANCELLED"


class CypherError(SombraError):
    """An error of a Cypher query or a builder spec, with the TCK's names."""

    code = "CYPHER_SYNTAX"

    def __init__(
        self,
        message: str,
        code: Optional[str] = None,
        type: str = "",
        detail: str = "",
        phase: str = "",
        position: Optional[Mapping[str, int]] = None,
    ) -> None:
        super().__init__(message, code)
        self.type = type
        self.detail = detail
        self.phase = phase
        self.position = dict(position) if position is not None else None


class CypherSyntaxError(CypherError):
    """Not valid Cypher, or a static error (undefined variable, bad literal)."""

    code = "CYPHER_SYNTAX"


class CypherSemanticError(CypherError):
    """Well formed but meaningless or impossible to run."""

    code = "CYPHER_SEMANTIC"


class CypherTypeError(CypherError):
    """A value of the wrong type reached an operator or a function."""

    code = "CYPHER_TYPE"


class CypherArgumentError(CypherError):
    """A value out of a function's domain."""

    code = "CYPHER_ARGUMENT"


class CypherArithmeticError(CypherError):
    """Integer overflow, division of an integer by zero."""

    code = "CYPHER_ARITHMETIC"


class CypherEntityNotFoundError(CypherError):
    """A query used a node or relationship it had deleted."""

    code = "CYPHER_ENTITY_NOT_FOUND"


class CypherConstraintError(CypherError):
    """A query would break a graph rule."""

    code = "CYPHER_CONSTRAINT"


_CLASSES: "tuple[type[SombraError], ...]" = (
    InvalidArgError,
    NotFoundError,
    ConstraintError,
    ClosedError,
    LockedError,
    ReadOnlyError,
    TxClosedError,
    IoError,
    CorruptionError,
    UnsupportedFormatError,
    InternalError,
    CancelledError,
    CypherSyntaxError,
    CypherSemanticError,
    CypherTypeError,
    CypherArgumentError,
    CypherArithmeticError,
    CypherEntityNotFoundError,
    CypherConstraintError,
)
_BY_CODE: "dict[str, type[SombraError]]" = {cls.code: cls for cls in _CLASSES}


def error_from_wire(err: Mapping[str, Any]) -> SombraError:
    """The exception for an error object of the protocol (docs/python.md)."""
    code = str(err.get("code", "INTERNAL"))
    message = str(err.get("message", "unknown error"))
    cls = _BY_CODE.get(code, SombraError)
    if issubclass(cls, CypherError):
        return cls(
            message,
            code,
            type=str(err.get("type", "")),
            detail=str(err.get("detail", "")),
            phase=str(err.get("phase", "")),
            position=err.get("position"),
        )
    if cls is LockedError:
        pid = err.get("ownerPid")
        return LockedError(message, code, owner_pid=pid if isinstance(pid, int) else None)
    return cls(message, code)


__all__ = [
    "SombraError",
    "InvalidArgError",
    "NotFoundError",
    "ConstraintError",
    "ClosedError",
    "LockedError",
    "ReadOnlyError",
    "TxClosedError",
    "IoError",
    "CorruptionError",
    "UnsupportedFormatError",
    "InternalError",
    "CancelledError",
    "CypherError",
    "CypherSyntaxError",
    "CypherSemanticError",
    "CypherTypeError",
    "CypherArgumentError",
    "CypherArithmeticError",
    "CypherEntityNotFoundError",
    "CypherConstraintError",
    "error_from_wire",
]
