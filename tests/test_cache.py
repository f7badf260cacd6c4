from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from handler.render.cache import BoundedCache
from handler.render.computed import FontStyle

THREADS = 8
ROUNDS = 50_000
KEYS = 3


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads every microsecond, so a race between two steps of a lookup shows."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_drops_the_least_recently_used_past_the_count() -> None:
    cache = BoundedCache[str, int](2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the oldest
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_drops_the_oldest_until_the_cost_fits() -> None:
    cache = BoundedCache[str, bytes](100, cost=len, max_cost=10)
    for key in "abcd":
        cache.put(key, b"xxxx")
    assert [cache.get(k) is not None for k in "abcd"] == [False, False, True, True]
    assert cache.total_cost == 8


def test_a_value_costlier_than_the_whole_budget_is_not_kept_and_evicts_nothing() -> None:
    cache = BoundedCache[str, bytes](100, cost=len, max_cost=10)
    cache.put("small", b"xx")
    cache.put("huge", b"x" * 11)
    assert (cache.get("small"), cache.get("huge"), cache.total_cost) == (b"xx", None, 2)


def test_replacing_a_key_counts_its_cost_once() -> None:
    cache = BoundedCache[str, bytes](100, cost=len, max_cost=10)
    cache.put("a", b"xxxx")
    cache.put("a", b"xxxxxx")
    assert (len(cache), cache.total_cost) == (1, 6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param({"max_items": 0}, "max_items must be at least 1, got 0", id="no-room"),
        pytest.param({"max_items": 4, "max_cost": 10}, "give both cost and max_cost", id="half"),
    ],
)
def test_rejects_bounds_that_cannot_work(args: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BoundedCache[str, int](**args)  # type: ignore[arg-type]


@pytest.mark.timeout(60)
@pytest.mark.usefixtures("fast_switching")
def test_threads_looking_up_and_evicting_at_once_never_break_it() -> None:
    """Eight threads share a 2-entry cache over 3 keys: puts evict while others look up and
    refresh. Keys hold an Enum, as the font book's do: hashing one runs Python code, so a
    thread can switch inside a dict step. The OrderedDict caches this replaced raised
    KeyError here (a key evicted between `get` and `move_to_end`)."""
    cache = BoundedCache[tuple[FontStyle, int], int](2, cost=lambda v: v + 1, max_cost=4)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def hammer(seed: int) -> None:
        start.wait()
        try:
            for i in range(ROUNDS):
                n = (i * 7 + seed) % KEYS
                key = (FontStyle.NORMAL, n)
                found = cache.get(key)
                if found is None:
                    cache.put(key, n)
                else:
                    assert found == n
        except BaseException as exc:  # collected: an exception in a thread fails no test
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=50)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    kept = [v for n in range(KEYS) if (v := cache.get((FontStyle.NORMAL, n))) is not None]
    assert len(cache) == len(kept) <= 2
    assert cache.total_cost == sum(v + 1 for v in kept) <= 4
