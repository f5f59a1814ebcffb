"""Finding the Sombra engine (the TypeScript ``sombra`` command) to start.

In this order (python/README.md documents it):

1. ``SOMBRA_NODE_ENTRY``: the path of the engine's entry script
   (``dist/src/cli/main.js``; a ``.ts`` file runs through ``node --import tsx``).
   When ``server/stdio/stdio-main.js`` sits beside it (``dist/src/server/...``),
   that lean entry runs instead: the same server without the CLI's start-up.
2. ``SOMBRA_HOME``: a Sombra checkout or installed package directory holding
   ``dist/src/cli/main.js``.
3. Walking up from this package's install location, then from the current
   directory: a directory holding ``dist/src/cli/main.js`` with a
   ``package.json`` (a clone after ``npm run build``), or
   ``node_modules/sombradb/dist/src/cli/main.js``.
4. A ``sombra`` command on ``PATH``, else ``npx --no-install sombra``.

``SOMBRA_NODE`` names the ``node`` binary (default: ``node`` on ``PATH``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional

from .errors import ClosedError

_ENTRY = Path("dist") / "src" / "cli" / "main.js"


@dataclass(frozen=True)
class EngineCommand:
    """The argv prefix that runs the engine and the directory to run it in.
    ``lean``: the prefix runs the stdio server itself (``stdio-main``: takes
    ``<db> [flags]``); otherwise it runs ``sombra`` (takes ``serve <db> --stdio [flags]``)."""

    argv: List[str]
    cwd: Optional[str]
    lean: bool = False

    def stdio_argv(self, path: str, flags: List[str]) -> List[str]:
        """The whole command line that serves ``path`` over stdio."""
        if self.lean:
            return [*self.argv, path, *flags]
        return [*self.argv, "serve", path, "--stdio", *flags]


def _node() -> str:
    node = os.environ.get("SOMBRA_NODE") or shutil.which("node")
    if node is None:
        raise ClosedError("cannot start the Sombra engine: no `node` on PATH (install Node.js >= 20 or set SOMBRA_NODE)")
    return node


def _entry_command(entry: Path) -> EngineCommand:
    entry = entry.resolve()
    # The lean stdio entry beside the CLI (src/server/stdio/stdio-main): half the start-up time.
    lean = entry.parent.parent / "server" / "stdio" / f"stdio-main{entry.suffix}"
    script, is_lean = (lean, True) if entry.name.startswith("main.") and lean.is_file() else (entry, False)
    if entry.suffix in (".ts", ".mts"):
        # A source checkout without a build: tsx resolves from the checkout's node_modules.
        root = next((p for p in entry.parents if (p / "package.json").is_file()), entry.parent)
        return EngineCommand([_node(), "--import", "tsx", str(script)], str(root), is_lean)
    return EngineCommand([_node(), str(script)], None, is_lean)


def _walk_up(start: Path) -> Iterator[Path]:
    p = start.resolve()
    yield p
    yield from p.parents


def _search(start: Path) -> Optional[Path]:
    for d in _walk_up(start):
        candidate = d / _ENTRY
        if candidate.is_file() and (d / "package.json").is_file():
            return candidate
        installed = d / "node_modules" / "sombradb" / _ENTRY
        if installed.is_file():
            return installed
    return None


def find_engine() -> EngineCommand:
    """The command that runs the engine; ClosedError saying what was tried when none is found."""
    explicit = os.environ.get("SOMBRA_NODE_ENTRY")
    if explicit:
        entry = Path(explicit)
        if not entry.is_file():
            raise ClosedError(f"SOMBRA_NODE_ENTRY={explicit} is not a file")
        return _entry_command(entry)
    home = os.environ.get("SOMBRA_HOME")
    if home:
        entry = Path(home) / _ENTRY
        if not entry.is_file():
            raise ClosedError(f"SOMBRA_HOME={home} holds no {_ENTRY} (run `npm ci && npm run build` there)")
        return _entry_command(entry)
    for start in (Path(__file__).parent, Path.cwd()):
        found = _search(start)
        if found is not None:
            return _entry_command(found)
    on_path = shutil.which("sombra")
    if on_path is not None:
        return EngineCommand([on_path], None)
    npx = shutil.which("npx")
    if npx is not None:
        return EngineCommand([npx, "--no-install", "sombra"], None)
    raise ClosedError(
        "cannot find the Sombra engine: set SOMBRA_HOME to a Sombra checkout (after `npm ci && npm run build`) "
        "or SOMBRA_NODE_ENTRY to its dist/src/cli/main.js"
    )
