"""MemoryStore (the fake beside S3Store) and the bounded memory of known keys."""

from __future__ import annotations

from handler.cache.store import KnownKeys, MemoryStore, Store


def test_memory_store_is_create_only() -> None:
    store: Store = MemoryStore()
    store.put("k", b"1", "image/png", {"route": "/icon"})
    store.put("k", b"2", "image/png", {})
    stored = store.get("k")
    assert stored is not None
    assert stored.body == b"1"
    assert stored.metadata == {"route": "/icon"}
    assert store.exists("k")
    assert store.get("missing") is None


def test_known_keys_forget_the_least_recently_used() -> None:
    known = KnownKeys(capacity=2)
    known.add("a")
    known.add("b")
    assert "a" in known
    known.add("c")
    assert "b" not in known
    assert "a" in known
    assert len(known) == 2
