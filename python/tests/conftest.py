"""Fixtures of the sombra tests: a database per module (each open starts an
engine process, which costs about a second on a busy machine) and a fresh
path per test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

import sombra


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sombra.Database]:
    path = tmp_path_factory.mktemp("db") / "graph.sombra"
    database = sombra.Database.open(path)
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return os.fspath(tmp_path / "graph.sombra")
