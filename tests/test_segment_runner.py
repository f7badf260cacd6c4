"""Segment code past its time limit, and segments that must not starve the others: the real app
with sleeping, busy-looping and slow-metadata segments (each released when its test ends)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings

SegmentWriter = Callable[[dict[str, str]], Path]
HOLD = """
    import threading, time
    RELEASE = threading.Event()
"""
SEGMENTS = {
    "fast/[n]/icon.py": """
    from tests.helpers import png_bytes
    def image():
        return png_bytes(4, 4)
""",
    "sleepy/[n]/icon.py": HOLD
    + """
    def image():
        RELEASE.wait(30)
        return b""
""",
    "spin/icon.py": HOLD
    + """
    async def image():
        started = time.monotonic()
        while not RELEASE.is_set() and time.monotonic() - started < 30:
            pass
        return b""
""",
    "slowmeta/[n]/icon.py": HOLD
    + """
    def generate_image_metadata(params):
        RELEASE.wait(30)
        return [{"id": "a"}]
    def image(id):
        return b""
""",
}
# A render limit well above what a busy CI machine adds to a quick answer, so that "not held up
# by the stuck segment" (under 2 s) and "waited for it" (3 s or more) stay apart.
ENVIRONMENT = {
    "SEGMINT_RENDER_TIMEOUT": "3",
    "SEGMINT_METADATA_TIMEOUT": "0.5",
    "SEGMINT_SEGMENT_THREADS": "8",
    "SEGMINT_SEGMENT_CONCURRENCY": "4",
}


@pytest.fixture
def app(write_segments: SegmentWriter) -> Iterator[tuple[Starlette, MemoryStore]]:
    root = write_segments(SEGMENTS)
    settings = Settings.from_env({"SEGMINT_SEGMENTS_DIR": str(root), **ENVIRONMENT})
    store = MemoryStore()
    app = create_app(settings, store)
    try:
        yield app, store
    finally:
        _release(app)


def _release(app: Starlette) -> None:
    """Let every held segment return: before a test's asserts, so that a failure is reported
    without a spinning thread slowing pytest down."""
    for route in app.state.service.registry.routes:
        release = route.module.image.__globals__.get("RELEASE")
        if release is not None:
            release.set()


def _timed(client: TestClient, url: str) -> tuple[int, float, str]:
    started = time.monotonic()
    answer = client.get(url)
    return answer.status_code, time.monotonic() - started, answer.text


@pytest.mark.timeout(20)
def test_a_sleeping_metadata_call_is_a_quick_504(app: tuple[Starlette, MemoryStore]) -> None:
    client = TestClient(app[0], follow_redirects=False)
    status, took, text = _timed(client, "/slowmeta/1/icon/a")
    _release(app[0])
    print(f"sleeping generate_image_metadata: {status} after {took:.2f} s")
    assert status == 504
    assert took < 2.5
    assert text == (
        "Segment timeout: segments/slowmeta/[n]/icon.py: generate_image_metadata: "
        "did not return within 0.5 s"
    )
    assert app[1].objects == {}


@pytest.mark.timeout(20)
def test_a_sleeping_image_is_a_quick_504_and_stores_nothing(
    app: tuple[Starlette, MemoryStore],
) -> None:
    client = TestClient(app[0], follow_redirects=False)
    status, took, text = _timed(client, "/sleepy/1/icon")
    _release(app[0])
    print(f"sleeping image(): {status} after {took:.2f} s")
    assert status == 504
    assert 3.0 <= took < 6.0
    assert text.startswith("Segment timeout: segments/sleepy/[n]/icon.py: image: did not return")
    assert app[1].objects == {}


async def _latency(client: httpx.AsyncClient, urls: list[str]) -> list[float]:
    took = []
    for url in urls:
        started = time.monotonic()
        answer = await client.get(url)
        assert answer.status_code in (200, 307), (url, answer.status_code)
        took.append(time.monotonic() - started)
    return took


def _async_client(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


@pytest.mark.timeout(60)
def test_45_sleeping_renders_do_not_starve_another_segment(
    app: tuple[Starlette, MemoryStore],
) -> None:
    async def scenario() -> tuple[Counter[int], list[float], float, int]:
        async with _async_client(app[0]) as client:
            sleepers = [asyncio.create_task(client.get(f"/sleepy/{i}/icon")) for i in range(45)]
            await asyncio.sleep(0.3)
            took = await _latency(client, [f"/fast/{i}/icon" for i in range(10)])
            statuses = Counter(a.status_code for a in await asyncio.gather(*sleepers))
            started = time.monotonic()  # the sleepy segment's share is stuck now: refused at once
            again = await client.get("/sleepy/99/icon")
            return statuses, took, time.monotonic() - started, again.status_code

    statuses, took, refusal, again = asyncio.run(scenario())
    stuck = app[0].state.service.runner.stuck
    _release(app[0])
    print(
        f"45 sleeping renders -> {dict(statuses)}; an unrelated render meanwhile: "
        f"max {max(took) * 1000:.0f} ms, mean {sum(took) / len(took) * 1000:.0f} ms; "
        f"a new sleepy request while its share is stuck: {again} in {refusal * 1000:.0f} ms"
    )
    assert max(took) < 2.0
    assert statuses[504] == 4  # the segment's share of the pool ran and timed out
    assert statuses[503] == 41  # the rest were refused, none waited for ever
    assert (again, refusal < 1.0) == (503, True)
    assert stuck <= 4
    assert not [key for key in app[1].objects if "/sleepy/" in key]


@pytest.mark.timeout(60)
def test_a_busy_looping_async_image_blocks_no_other_request(
    app: tuple[Starlette, MemoryStore],
) -> None:
    async def scenario() -> tuple[int, float, list[float]]:
        async with _async_client(app[0]) as client:
            started = time.monotonic()
            spinning = asyncio.create_task(client.get("/spin/icon"))
            await asyncio.sleep(0.2)
            took = await _latency(client, [f"/fast/{i}/icon" for i in range(10)])
            answer = await spinning
            return answer.status_code, time.monotonic() - started, took

    status, spun, took = asyncio.run(scenario())
    _release(app[0])
    print(
        f"busy-looping async image(): {status} after {spun:.2f} s; an unrelated render "
        f"meanwhile: max {max(took) * 1000:.0f} ms, mean {sum(took) / len(took) * 1000:.0f} ms"
    )
    assert status == 504
    assert spun < 6.0
    assert max(took) < 2.0
