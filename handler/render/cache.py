"""The renderer's one bounded cache: least recently used first out, safe across threads.

Sync `image()` functions run in worker threads, so every process-wide memo in the renderer
(font books, font files, glyph masks, decoded images) is read and evicted concurrently. An
`OrderedDict` looked up and then moved, or popped while another thread moves the same key,
raises `KeyError`; here each call holds one lock around the whole step.

    >>> cache = BoundedCache[str, bytes](2, cost=len, max_cost=4)
    >>> cache.put("a", b"12"); cache.put("b", b"34"); cache.put("c", b"5")
    >>> cache.get("a"), cache.get("c"), len(cache), cache.total_cost
    (None, b'5', 2, 3)

`functools.lru_cache` is thread-safe already and stays where a pure function is memoised.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


class BoundedCache[K, V]:
    """At most `max_items` entries and, with `cost`, at most `max_cost` of their summed costs
    (bytes, say); the least recently used go first. A value whose cost alone is over
    `max_cost` is not kept (it would only push everything else out)."""

    __slots__ = ("_cost", "_data", "_lock", "_total", "max_cost", "max_items")

    def __init__(
        self,
        max_items: int,
        *,
        cost: Callable[[V], int] | None = None,
        max_cost: int | None = None,
    ) -> None:
        if max_items < 1:
            raise ValueError(f"max_items must be at least 1, got {max_items}")
        if (cost is None) != (max_cost is None):
            raise ValueError("give both cost and max_cost, or neither")
        self.max_items = max_items
        self.max_cost = max_cost
        self._cost = cost
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value under `key` (now the most recently used), or None."""
        with self._lock:
            found = self._data.get(key)
            if found is None:
                return None
            self._data.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> None:
        """Keep `value` under `key`, then drop the least recently used past the bounds."""
        cost = self._cost(value) if self._cost is not None else 0
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._total -= old[1]
            if self.max_cost is not None and cost > self.max_cost:
                return
            self._data[key] = (value, cost)
            self._total += cost
            self._evict()

    def _evict(self) -> None:
        limit = self.max_cost
        while len(self._data) > self.max_items or (limit is not None and self._total > limit):
            _key, (_value, cost) = self._data.popitem(last=False)
            self._total -= cost

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._total = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def total_cost(self) -> int:
        """The summed cost of the entries kept (0 without a cost function)."""
        return self._total
