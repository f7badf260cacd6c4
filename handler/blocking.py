"""Blocking calls (S3 requests, sync segment functions) run off the event loop, on one pool.

`anyio.to_thread.run_sync` did this, but its first call imports anyio's asyncio backend: about
7% of the instructions of a Lambda cold start that only redirects to a stored image (measured
with callgrind on the unzipped package). The app runs on asyncio alone (uvicorn, Mangum), so
the loop's executor interface does the same job. One pool, sized as anyio's default limiter
(40), keeps `make serve` from queueing concurrent requests behind a few threads; the context
(`contextvars`) goes with each call, as with `asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

MAX_THREADS = 40
_POOL = ThreadPoolExecutor(max_workers=MAX_THREADS, thread_name_prefix="segmint-blocking")


async def run_blocking[**P, T](fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` on the shared pool, awaited; its exception raised here."""
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_POOL, call)
