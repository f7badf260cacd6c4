"""Where rendered images live: the `Store` protocol, a memory store beside it, and a
bounded memory of keys already known to exist (so a warm hit costs no store call)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
"""Every stored object is content-addressed, so it may be cached for ever."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    """One object as the store keeps it: key, bytes, type, metadata and Cache-Control."""

    key: str
    body: bytes
    content_type: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    cache_control: str = IMMUTABLE_CACHE_CONTROL


class Store(Protocol):
    """A create-only object store keyed by cache key."""

    def exists(self, key: str) -> bool:
        """True when an object is stored under `key`."""
        ...

    def put(self, key: str, body: bytes, content_type: str, metadata: Mapping[str, str]) -> None:
        """Store `body` under `key` unless something is there already (never overwrite, never
        leave half an object)."""
        ...

    def get(self, key: str) -> StoredObject | None:
        """The object under `key`, or None."""
        ...


class MemoryStore:
    """A `Store` in a dict, for tests and local runs; counts its calls."""

    def __init__(self) -> None:
        self.objects: dict[str, StoredObject] = {}
        self.calls: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def exists(self, key: str) -> bool:
        self.calls.append(("exists", key))
        return key in self.objects

    def put(self, key: str, body: bytes, content_type: str, metadata: Mapping[str, str]) -> None:
        self.calls.append(("put", key))
        with self._lock:
            self.objects.setdefault(
                key, StoredObject(key, bytes(body), content_type, dict(metadata))
            )

    def get(self, key: str) -> StoredObject | None:
        self.calls.append(("get", key))
        return self.objects.get(key)


class KnownKeys:
    """A bounded, least-recently-used set of keys known to be stored.

    Objects are create-only and content-addressed, so once seen a key stays valid: a warm
    handler answers a repeat request from here without asking the store.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: object) -> bool:
        with self._lock:
            if key not in self._keys:
                return False
            assert isinstance(key, str)
            self._keys.move_to_end(key)
            return True

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str) -> None:
        with self._lock:
            self._keys[key] = None
            self._keys.move_to_end(key)
            while len(self._keys) > self._capacity:
                self._keys.popitem(last=False)
