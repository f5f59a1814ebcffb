"""The pipe to one engine process: starts ``sombra serve <db> --stdio``, sends
requests (newline-delimited JSON, protocol version 1, docs/python.md) from any
thread, and matches responses to requests by id on a reader thread.

Invariants: every request registered in ``_State.pending`` gets its future resolved
exactly once (by its response, or with ClosedError when the process ends);
the reader thread never takes the write lock, so a full pipe in one direction
never blocks the other. The engine process never outlives this object: close()
ends it, a finalizer closes its stdin (the engine ends on end of input), and
the engine watches this process's pid.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import tempfile
import threading
import weakref
from concurrent.futures import Future
from typing import IO, Any, Dict, Optional

from ._engine import find_engine
from .errors import ClosedError, InternalError, error_from_wire

PROTOCOL_VERSION = 1
CLOSE_TIMEOUT_S = 10.0


def _stderr_tail(f: IO[bytes], limit: int = 4000) -> str:
    try:
        f.seek(0)
        text = f.read().decode("utf-8", "replace").strip()
    except (OSError, ValueError):
        return ""
    return text[-limit:]


def _terminate(proc: "subprocess.Popen[bytes]") -> None:
    """Finalizer: end the engine when its Connection is dropped without close()."""
    try:
        if proc.stdin is not None:
            proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=CLOSE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class _State:
    """What the reader thread shares with the Connection. The thread holds
    this, never the Connection, so a dropped Connection can be collected and
    its finalizer end the engine."""

    def __init__(self, proc: "subprocess.Popen[bytes]", stderr: IO[bytes]) -> None:
        self.proc = proc
        self.stderr = stderr
        self.pending: Dict[int, "Future[Any]"] = {}
        self.lock = threading.Lock()
        self.closed = False
        self.exit_reason: Optional[str] = None


def _read_loop(state: _State, stdout: IO[bytes]) -> None:
    """Matches responses to requests until the engine's stdout ends."""
    try:
        for line in stdout:
            msg = json.loads(line)
            rid = msg.get("id")
            with state.lock:
                fut = state.pending.pop(rid, None) if isinstance(rid, int) else None
            if fut is None:
                continue  # an error about a line the server could not read (id null)
            if "error" in msg:
                fut.set_exception(error_from_wire(msg["error"]))
            else:
                fut.set_result(msg.get("result"))
    except (OSError, ValueError):
        pass
    finally:
        code: Optional[int]
        try:
            code = state.proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            code = None
        with state.lock:
            reason = state.exit_reason or f"the Sombra engine exited{'' if code is None else f' (status {code})'}: {_stderr_tail(state.stderr)}"
            state.closed = True
            state.exit_reason = reason
            pending = list(state.pending.values())
            state.pending.clear()
        for fut in pending:
            if not fut.done():
                fut.set_exception(ClosedError(reason))


class Connection:
    """One engine process and the requests in flight to it."""

    def __init__(self, path: str, options: Dict[str, Any]) -> None:
        engine = find_engine()
        argv = engine.stdio_argv(path, ["--options-json", json.dumps(options), "--parent-pid", str(os.getpid())])
        stderr = tempfile.TemporaryFile()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=engine.cwd,
            close_fds=True,
            # Its own session: Ctrl-C in the terminal interrupts Python, not the engine
            # (which still ends with this process: end of stdin, parent-pid watchdog).
            start_new_session=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        self._proc = proc
        self._stdin = proc.stdin
        self._state = _State(proc, stderr)
        self._finalizer = weakref.finalize(self, _terminate, proc)
        self._write_lock = threading.Lock()
        self._ids = itertools.count(1)
        greeting = proc.stdout.readline()
        if not greeting:
            code = proc.wait()
            self._finalizer()
            raise ClosedError(f"the Sombra engine exited (status {code}) before it was ready: {_stderr_tail(stderr)} [{' '.join(argv)}]")
        hello = json.loads(greeting)
        if "error" in hello:
            self._finalizer()
            raise error_from_wire(hello["error"])
        result = hello.get("result") or {}
        if result.get("protocol") != PROTOCOL_VERSION:
            self._finalizer()
            raise InternalError(f"the engine speaks protocol {result.get('protocol')!r}; this package speaks {PROTOCOL_VERSION}")
        self.pid: int = int(result.get("pid", proc.pid))
        self._reader = threading.Thread(target=_read_loop, args=(self._state, proc.stdout), name=f"sombra-reader-{proc.pid}", daemon=True)
        self._reader.start()

    @property
    def closed(self) -> bool:
        return self._state.closed

    @property
    def process(self) -> "subprocess.Popen[bytes]":
        return self._proc

    def send(self, method: str, params: Dict[str, Any]) -> "Future[Any]":
        """Sends a request; the future resolves with its result or fails with its error."""
        state = self._state
        fut: "Future[Any]" = Future()
        rid = next(self._ids)
        line = (json.dumps({"id": rid, "method": method, "params": params}, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        with state.lock:
            if state.closed:
                raise ClosedError(state.exit_reason or "the database is closed")
            state.pending[rid] = fut
        try:
            with self._write_lock:
                self._stdin.write(line)
                self._stdin.flush()
        except (OSError, ValueError) as err:
            with state.lock:
                state.pending.pop(rid, None)
            raise ClosedError(f"the Sombra engine is gone ({err}): {_stderr_tail(state.stderr)}") from err
        return fut

    def call(self, method: str, params: Dict[str, Any]) -> Any:
        """Sends a request and waits for its result."""
        return self.send(method, params).result()

    def close(self) -> None:
        """Asks the engine to close the database and waits for the process to end."""
        state = self._state
        if not state.closed:
            with state.lock:
                state.exit_reason = "the database is closed"
            try:
                self.send("close", {}).result(timeout=CLOSE_TIMEOUT_S)
            except Exception:  # the engine is gone or stuck: ending the process below is what matters
                pass
            with state.lock:
                state.closed = True
        self._finalizer()
        self._reader.join(timeout=CLOSE_TIMEOUT_S)
        state.stderr.close()
