"""Segment code, sync or async, in a bounded thread pool of its own, each call with a time limit.

Starlette's own thread limiter (40 threads) and the event loop stay free for everything else: a
segment that sleeps holds one of this pool's threads, an async one that busy-loops holds a thread
with its own event loop, never the server's. A thread cannot be killed in Python, so a call past
its time limit is answered (`SegmentTimeout`) while its thread runs on as "stuck"; each segment
may hold at most `per_segment` threads, so one stuck segment cannot take the pool, and a call
that finds its segment's share stuck is refused at once (`SegmentBusy`) instead of queueing.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from handler.exceptions import SegmentBusy, SegmentError, SegmentTimeout

_POLL = 0.01
"""Seconds between looks for a free worker: loop-agnostic (the app may run in several loops)."""


def complete(result: Any) -> Any:
    """`result` of calling a segment function, run to its end in this thread: a coroutine or an
    awaitable in an event loop of its own, an async generator collected into a list."""
    if inspect.isasyncgen(result):
        generator: AsyncIterator[Any] = result

        async def collect() -> Any:
            return [item async for item in generator]

        return asyncio.run(collect())
    if inspect.isawaitable(result):
        awaitable: Awaitable[Any] = result

        async def wait() -> Any:
            return await awaitable

        return asyncio.run(wait())
    return result


class SegmentRunner:
    """A pool of `threads` workers for segment code, at most `per_segment` of them per segment."""

    def __init__(self, threads: int = 16, per_segment: int = 4) -> None:
        self.threads = threads
        self.per_segment = min(per_segment, threads)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="segmint-segment")
        self._lock = threading.Lock()
        self._busy: Counter[str] = Counter()
        self._stuck: Counter[str] = Counter()

    @property
    def stuck(self) -> int:
        """Threads still running calls that were answered as timed out."""
        with self._lock:
            return sum(self._stuck.values())

    async def run(
        self, work: Callable[[], Any], *, segment: str, export: str, timeout: float
    ) -> Any:
        """`work()` in a worker thread, its result run to completion (`complete`).

        Raises SegmentTimeout past `timeout` seconds (the wait for a worker included),
        SegmentBusy when the segment's share of workers is stuck or none frees in time, and
        SegmentError (from the exception) for whatever `work` raised.
        """
        deadline = time.monotonic() + timeout
        await self._acquire(segment, export, deadline, timeout)
        state = {"stuck": False}
        future: Future[Any] = self._pool.submit(lambda: complete(work()))
        future.add_done_callback(lambda _: self._release(segment, state))
        try:
            return await asyncio.wait_for(
                asyncio.wrap_future(future), max(0.0, deadline - time.monotonic())
            )
        except TimeoutError:
            with self._lock:
                if not future.done():
                    state["stuck"] = True
                    self._stuck[segment] += 1
            raise SegmentTimeout(segment, f"did not return within {timeout:g} s", export) from None
        except Exception as exc:
            raise SegmentError(segment, f"raised {type(exc).__name__}: {exc}", export) from exc

    async def _acquire(self, segment: str, export: str, deadline: float, timeout: float) -> None:
        while True:
            with self._lock:
                if self._stuck[segment] >= self.per_segment:
                    stuck = self._stuck[segment]
                    raise SegmentBusy(
                        segment, f"{stuck} earlier calls are still running past their limit", export
                    )
                if self._busy.total() < self.threads and self._busy[segment] < self.per_segment:
                    self._busy[segment] += 1
                    return
            if time.monotonic() >= deadline:
                raise SegmentBusy(segment, f"no worker was free within {timeout:g} s", export)
            await asyncio.sleep(_POLL)

    def _release(self, segment: str, state: dict[str, bool]) -> None:
        with self._lock:
            self._busy[segment] -= 1
            if state["stuck"]:
                self._stuck[segment] -= 1
