"""The engine process never outlives its owner: not after close(), not when
the Database is dropped, not when the Python process is killed."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time

import sombra


def _wait_gone(pid: int, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # our own child: reap it if it is a zombie
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.05)
    return False


CHILD = """
import sys, sombra
db = sombra.Database.open(sys.argv[1], synchronous="full")
db.create_node("Before", {"n": 1})
print(db.pid, flush=True)
sys.stdin.read()  # wait to be killed
"""


def test_a_killed_parent_takes_the_engine_with_it(db_path: str) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None and parent.stderr is not None
        line = parent.stdout.readline()
        if not line.strip().isdigit():
            parent.kill()
            raise AssertionError(f"the child did not start: {line!r} {parent.stderr.read()}")
        engine_pid = int(line)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert _wait_gone(engine_pid), "the engine outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
    # Its lock is released and the acknowledged write is there.
    with sombra.Database.open(db_path) as db:
        assert db.count_nodes_with_label("Before") == 1


def test_a_dropped_database_ends_its_engine(db_path: str) -> None:
    db = sombra.Database.open(db_path)
    proc = db._conn.process
    del db
    gc.collect()
    assert _wait_gone(proc.pid)

