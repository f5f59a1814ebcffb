"""The graph values a query or a read hands back: nodes, relationships, paths,
and the small records of ``neighbors``, ``bfs`` and ``mutate_many``.

Everything else arrives as plain Python values: ``int`` (exact, any size the
engine stores), ``float``, ``str``, ``bytes``, ``bool``, ``None``, timezone-aware
``datetime`` (UTC), ``list`` and ``dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass(frozen=True)
class Node:
    """A node: its id, label names and properties."""

    id: int
    labels: List[str] = field(default_factory=list)
    properties: Dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.properties.get(key, default)

    def __hash__(self) -> int:
        return hash(("node", self.id))


@dataclass(frozen=True)
class Relationship:
    """A relationship (edge): id, type, the node it leaves and the node it enters, properties."""

    id: int
    type: str
    start_node_id: int
    end_node_id: int
    properties: Dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.properties.get(key, default)

    def __hash__(self) -> int:
        return hash(("rel", self.id))


@dataclass(frozen=True)
class Path:
    """A walk: ``relationships[i]`` joins ``nodes[i]`` and ``nodes[i + 1]``."""

    nodes: List[Node]
    relationships: List[Relationship]

    def __len__(self) -> int:
        return len(self.relationships)

    @property
    def start(self) -> Node:
        return self.nodes[0]

    @property
    def end(self) -> Node:
        return self.nodes[-1]


@dataclass(frozen=True)
class Neighbor:
    """One entry of ``neighbors``: the node at the other end and the edge joining it."""

    node_id: int
    edge_id: int
    type: str
    direction: str


@dataclass(frozen=True)
class BfsVisit:
    """One node reached by ``bfs`` and its distance in hops."""

    node_id: int
    depth: int


@dataclass(frozen=True)
class MutationResult:
    """What ``mutate_many`` returns: per operation the id it created (else None), and every alias."""

    ids: List[Optional[int]]
    aliases: Dict[str, int]


__all__ = ["Node", "Relationship", "Path", "Neighbor", "BfsVisit", "MutationResult"]
