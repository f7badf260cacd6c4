"""`make serve`'s stack over real HTTP: moto's S3 server, the app under uvicorn, redirects."""

from __future__ import annotations

import html
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest
from PIL import Image
from starlette.testclient import TestClient

from handler.config import Settings
from handler.dev.access_log import AccessLog
from handler.dev.banner import example_urls
from handler.dev.reload import STOP_TIMEOUT
from handler.dev.server import LocalStack, running_stack
from handler.dev.worker import GRACE
from tests.helpers import image_size
from tests.ports import free_port, port_is_closed
from tests.processes import WAIT, group_members, session, wait_until

ROOT = Path(__file__).resolve().parent.parent
IMMUTABLE = "public, max-age=31536000, immutable"
# A busy machine renders a cold worker's first image in seconds, past httpx's default 5 s.
PATIENT = httpx.Timeout(60.0)
# Starting `serve` (imports, moto, the worker) and a cold render, on a slow machine.
UP_WITHIN = 120.0

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with running_stack(base_environ={}) as running:
        yield running


def test_first_get_renders_stores_then_redirects_into_the_bucket(stack: LocalStack) -> None:
    with httpx.Client(base_url=stack.http.url, follow_redirects=False, timeout=PATIENT) as client:
        first = client.get("/icon/small")
        assert first.status_code == 200
        assert first.headers["content-type"] == "image/png"
        assert image_size(first.content) == (48, 48)

        second = client.get("/icon/small")
        assert second.status_code == 307
        location = second.headers["location"]
        assert second.headers["cache-control"] == "public, max-age=60"

    prefix_url = f"{stack.s3.public_base_url}/{stack.s3.prefix}"
    assert location.startswith(prefix_url)
    key = location.removeprefix(f"{stack.s3.public_base_url}/")
    s3 = stack.s3.client()
    try:
        stored = s3.get_object(Bucket=stack.s3.bucket, Key=key)
    finally:
        s3.close()
    assert stored["ContentType"] == "image/png"
    assert stored["CacheControl"] == IMMUTABLE
    assert stored["Body"].read() == first.content

    # Anonymous, as a browser following the redirect: no credentials, no signature.
    target = httpx.get(location, timeout=PATIENT)
    assert target.status_code == 200
    assert target.content == first.content
    assert target.headers["content-type"] == "image/png"
    assert target.headers["cache-control"] == IMMUTABLE


def test_a_browser_following_redirects_gets_the_same_image(stack: LocalStack) -> None:
    with httpx.Client(base_url=stack.http.url, follow_redirects=True, timeout=PATIENT) as client:
        rendered = client.get("/shop/1/icon/medium")
        followed = client.get("/shop/1/icon/medium")
    assert rendered.status_code == followed.status_code == 200
    assert [r.status_code for r in followed.history] == [307]
    assert followed.url.host == "127.0.0.1"
    assert str(followed.url).startswith(stack.s3.public_base_url)
    assert followed.content == rendered.content
    assert image_size(followed.content) == (72, 72)


def test_keys_outside_the_prefix_stay_private(stack: LocalStack) -> None:
    s3 = stack.s3.client()
    try:
        s3.put_object(Bucket=stack.s3.bucket, Key="private/notes.txt", Body=b"secret")
        s3.put_object(Bucket=stack.s3.bucket, Key="segmintx/near-miss.txt", Body=b"secret")
        s3.put_object(Bucket=stack.s3.bucket, Key=f"{stack.s3.prefix}open.txt", Body=b"open")
    finally:
        s3.close()
    base = stack.s3.public_base_url
    assert httpx.get(f"{base}/private/notes.txt", timeout=PATIENT).status_code == 403
    assert httpx.get(f"{base}/segmintx/near-miss.txt", timeout=PATIENT).status_code == 403
    assert httpx.get(f"{base}/{stack.s3.prefix}open.txt", timeout=PATIENT).content == b"open"


def test_post_is_405_over_http_and_stores_nothing(stack: LocalStack) -> None:
    s3 = stack.s3.client()
    try:
        before = s3.list_objects_v2(Bucket=stack.s3.bucket).get("KeyCount", 0)
        response = httpx.post(f"{stack.http.url}/icon/medium", content=b"x", timeout=PATIENT)
        after = s3.list_objects_v2(Bucket=stack.s3.bucket).get("KeyCount", 0)
    finally:
        s3.close()
    assert response.status_code == 405
    assert after == before


def test_example_urls_list_every_seed_variant(stack: LocalStack) -> None:
    base = "http://127.0.0.1:8000"
    urls = example_urls(stack.local.registry, stack.local.settings, base)
    for path in (
        "/icon/small",
        "/icon/medium",
        "/shop/1/icon/small",
        "/shop/1/icon/medium",
        "/products/1/opengraph-image/0",
    ):
        assert f"{base}{path}" in urls
    assert len(urls) == len(set(urls))
    assert all(url.startswith(f"{base}/") for url in urls)


def test_every_listed_url_answers(stack: LocalStack) -> None:
    urls = example_urls(stack.local.registry, stack.local.settings, stack.http.url)
    with httpx.Client(follow_redirects=False, timeout=PATIENT) as client:
        statuses = {url: client.head(url).status_code for url in urls}
    assert {url: s for url, s in statuses.items() if s not in (200, 307)} == {}


def test_stopping_the_stack_closes_both_ports_and_threads() -> None:
    before = set(threading.enumerate())
    with running_stack(base_environ={}) as running:
        assert httpx.get(f"{running.http.url}/nowhere", timeout=PATIENT).status_code == 404
        urls = (running.http.url, running.s3.endpoint_url)
    assert all(port_is_closed(url) for url in urls)
    deadline = time.monotonic() + 5
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(threading.enumerate()) - before == set()


def test_make_serve_command_prints_urls_serves_and_stops_on_ctrl_c() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/icon/small"
    with _serving(port) as process:
        response = _get_when_up(process, url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        output = _ctrl_c(process)
    assert process.returncode == 0, output
    assert url in output
    assert f"http://127.0.0.1:{port}/shop/1/icon/small" in output
    assert "GET /icon/small 200 image/png" in output
    assert port_is_closed(f"http://127.0.0.1:{port}")
    assert Settings().prefix in output


def test_access_log_shows_the_path_as_sent_and_where_a_redirect_goes(
    stack: LocalStack, caplog: pytest.LogCaptureFixture
) -> None:
    # uvicorn's access log printed `/shop/a/b/icon/small` for this request.
    app = AccessLog(stack.local.app)
    with (
        caplog.at_level("INFO", logger="segmint.access"),
        TestClient(app, follow_redirects=False) as client,
    ):
        first = client.get("/shop/x%2Fy/icon/small?v=1")
        second = client.get("/shop/x%2Fy/icon/small")
    lines = [r.getMessage() for r in caplog.records if r.name == "segmint.access"]
    assert first.status_code == 200
    assert lines[0].startswith("GET /shop/x%2Fy/icon/small?v=1 200 image/png ")
    assert re.search(r" ms \(miss, render \d+ ms\)$", lines[0]), lines[0]
    assert lines[1] == f"GET /shop/x%2Fy/icon/small 307 -> {second.headers['location']} (hit)"


COLD_RENDER = 5.5
"""Seconds the reload test's segment sleeps in each worker's first render: a cold render on a
busy machine, longer than httpx's default timeout. (A GET that timed out and was sent again
found the image the first one had stored, and answered 307, not the render the test checks.)"""

SOLID_SEGMENT = """
import time

from handler import ImageResponse, h
from {package}._data.colour import COLOUR

size = {{"width": 16, "height": 16}}
_cold = [True]


def image() -> ImageResponse:
    if _cold:
        _cold.clear()
        time.sleep({cold_render})
    style = {{"width": "100%", "height": "100%", "display": "flex", "background": COLOUR}}
    return ImageResponse(h("div", {{"style": style}}))
"""

RED = (255, 0, 0)
BLUE = (0, 0, 255)


def _segments_with_helper(root: Path, package: str, colour: str) -> Path:
    """A segments folder: `icon.py` painting the helper's colour, and `bad/icon.py` that fails."""
    segments = root / package
    (segments / "_data").mkdir(parents=True)
    (segments / "_data" / "__init__.py").write_text("")
    (segments / "_data" / "colour.py").write_text(f"COLOUR = {colour!r}\n")
    (segments / "icon.py").write_text(
        SOLID_SEGMENT.format(package=package, cold_render=COLD_RENDER)
    )
    (segments / "bad").mkdir()
    (segments / "bad" / "icon.py").write_text('raise RuntimeError("bad segment on purpose")\n')
    return segments


def _centre(body: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(body)) as image:
        pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    assert isinstance(pixel, tuple)
    return pixel


@pytest.mark.timeout(300)
def test_serve_reloads_an_edited_helper_and_lists_broken_segments(tmp_path: Path) -> None:
    segments = _segments_with_helper(tmp_path, "reloadsegs", "#ff0000")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with _serving(port, SEGMINT_SEGMENTS_DIR=str(segments)) as process:
        # The tags endpoint answers without rendering: up, and the worker's first render ahead.
        assert _get_when_up(process, f"{base}/_segmint/tags/").status_code == 200
        started = time.monotonic()
        first = httpx.get(f"{base}/icon", timeout=PATIENT)
        assert time.monotonic() - started >= COLD_RENDER  # the slow render was this request's
        assert first.status_code == 200
        assert _centre(first.content) == RED
        page = httpx.get(f"{base}/", timeout=PATIENT)
        assert page.status_code == 200
        assert 'src="/icon"' in page.text
        assert "bad segment on purpose" in page.text
        assert "reloadsegs/bad/icon.py" in page.text

        # A shared helper, not the segment itself: only a fresh import can see this.
        (segments / "_data" / "colour.py").write_text("COLOUR = '#0000ff'  # edited\n")
        deadline = time.monotonic() + UP_WITHIN
        latest = first
        # Until the worker has restarted, the old one answers with a redirect to the red object,
        # and a request the restart cuts short is sent again: poll until the blue picture.
        while _colour(latest) != BLUE and time.monotonic() < deadline:
            time.sleep(0.2)
            with suppress(httpx.TransportError):
                latest = httpx.get(f"{base}/icon", timeout=PATIENT)
        # A new cache key: the blue object (rendered anew, or the 307 to it when a request sent
        # again found what the cut-short one stored), never the red one.
        assert _colour(latest) == BLUE, latest
        output = _ctrl_c(process)
    assert process.returncode == 0, output
    assert "watching" in output
    assert "reloadsegs/_data/colour.py" in output
    assert f"preview page: {base}/" in output


def _colour(response: httpx.Response) -> tuple[int, ...] | None:
    """The centre pixel of the picture `response` gives, through its redirect into the bucket;
    None for anything else (an error, a page)."""
    if response.status_code == 307:
        response = httpx.get(response.headers["location"], timeout=PATIENT)
    if response.status_code != 200 or response.headers.get("content-type") != "image/png":
        return None
    return _centre(response.content)


def test_serve_leaves_no_process_behind_when_killed() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with _serving(port) as process:
        assert _get_when_up(process, f"{base}/_segmint").status_code == 200
        assert len(group_members(process.pid)) >= 2  # serve and its reload worker
        process.kill()  # serve alone, as the OOM killer or `kill -9` would: no handler runs
        process.wait(timeout=WAIT)
        gone = wait_until(lambda: group_members(process.pid) == [], timeout=GRACE + 30)
        assert gone, f"left behind: {_commands(group_members(process.pid))}"
        # The worker held serve's stdout: this returns only once it has ended.
        output, _ = process.communicate(timeout=WAIT)
    assert port_is_closed(base)
    assert f"serve process [{process.pid}] is gone: stopping its worker" in output


HANGING_SEGMENT = """
import time
from pathlib import Path

from handler import ImageResponse, h

size = {{"width": 16, "height": 16}}


def image() -> ImageResponse:
    Path({marker!r}).write_text("rendering")
    time.sleep(3600)
    return ImageResponse(h("div", {{"style": {{"display": "flex"}}}}))
"""


def test_ctrl_c_stops_serve_while_a_render_hangs(tmp_path: Path) -> None:
    marker = tmp_path / "rendering"
    segments = tmp_path / "hangsegs"
    segments.mkdir()
    (segments / "icon.py").write_text(HANGING_SEGMENT.format(marker=str(marker)))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with _serving(port, SEGMINT_SEGMENTS_DIR=str(segments)) as process:
        # The tags endpoint reads metadata only (the preview page would render, and hang).
        assert _get_when_up(process, f"{base}/_segmint/tags/").status_code == 200
        with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
            client.sendall(b"GET /icon HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert wait_until(marker.exists, timeout=UP_WITHIN)
            started = time.monotonic()
            output = _ctrl_c(process)
            took = time.monotonic() - started
        assert wait_until(lambda: group_members(process.pid) == [], timeout=30), output
    assert process.returncode == 0, output
    # uvicorn waits for the render to finish; serve gives it STOP_TIMEOUT, then kills it.
    assert STOP_TIMEOUT <= took < STOP_TIMEOUT + 30, output
    assert f"still running {STOP_TIMEOUT:g} s after SIGTERM: killed" in output
    assert port_is_closed(base)


def _commands(pids: list[int]) -> list[str]:
    """`pid: command line` of each process, for a failure message."""
    found = []
    for pid in pids:
        with suppress(OSError):
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            found.append(f"{pid}: {b' '.join(argv).decode(errors='replace')}")
    return found


@contextmanager
def _serving(port: int, **env: str) -> Iterator[subprocess.Popen[str]]:
    """`python -m handler serve` as `make serve` runs it, free of this shell's SEGMINT_* vars,
    in a session of its own: the whole group is killed on the way out, whatever the test did."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SEGMINT_")}
    environ.update(COLUMNS="200", **env)
    argv = [sys.executable, "-m", "handler", "serve", "--port", str(port)]
    with session(argv, cwd=ROOT, env=environ, merge_stderr=True) as process:
        yield process


def _ctrl_c(process: subprocess.Popen[str]) -> str:
    """Stop the server as a user's Ctrl-C does; its whole output."""
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=WAIT)
    return output


def _get_when_up(process: subprocess.Popen[str], url: str) -> httpx.Response:
    """GET `url` once `serve` listens. Sent again only when the connection was refused (no
    request went out): a GET sent again after a timeout finds what the first one stored."""
    deadline = time.monotonic() + UP_WITHIN
    while True:
        assert process.poll() is None, f"serve exited early: {process.communicate(timeout=WAIT)}"
        try:
            return httpx.get(url, timeout=PATIENT)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer within {UP_WITHIN:g} s") from None
            time.sleep(0.2)


def test_preview_page_shows_every_seed_variant_with_size_and_alt(stack: LocalStack) -> None:
    page = httpx.get(f"{stack.http.url}/", timeout=PATIENT)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    for path in example_urls(stack.local.registry, stack.local.settings, ""):
        assert f'<img src="{path}"' in page.text
    assert 'src="/shop/1/icon/medium" width="72" height="72"' in page.text
    assert "/about/opengraph-image.png" in page.text
    alt = (ROOT / "segments" / "about" / "opengraph-image.alt.txt").read_text().strip()
    assert f"alt: {alt}" in page.text or f"alt: {html.escape(alt)}" in page.text
    assert "Broken segments" not in page.text
    # The second view finds every variant stored: each one's request was redirected.
    again = httpx.get(f"{stack.http.url}/_segmint", timeout=PATIENT)
    assert again.text.count("already stored: redirected") == again.text.count("<img ")
    head = httpx.head(f"{stack.http.url}/", timeout=PATIENT)
    assert (head.status_code, head.content) == (200, b"")


def test_preview_page_over_http_names_a_broken_segment(tmp_path: Path) -> None:
    segments = tmp_path / "brokensegs"
    (segments / "x").mkdir(parents=True)
    (segments / "x" / "icon.py").write_text("size = {'width': 0}\ndef image(): ...\n")
    with running_stack(base_environ={"SEGMINT_SEGMENTS_DIR": str(segments)}) as running:
        page = httpx.get(f"{running.http.url}/", timeout=PATIENT)
        assert httpx.get(f"{running.http.url}/x/icon", timeout=PATIENT).status_code == 404
    assert page.status_code == 200
    assert "Broken segments (1)" in page.text
    assert "brokensegs/x/icon.py" in page.text
    [problem] = running.local.registry.problems
    # Segment, export and message each shown; the message without the path it starts with.
    assert problem.export == "size"
    assert "export <code>size</code>" in page.text
    message = str(problem).removeprefix(f"{problem.path}: size: ")
    assert f'<pre class="error">{html.escape(message)}</pre>' in page.text


def test_tags_endpoint_over_http_uses_the_servers_own_origin(stack: LocalStack) -> None:
    response = httpx.get(f"{stack.http.url}/_segmint/tags/products/1")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    urls = [entry["url"] for entry in response.json()["images"]]
    assert urls[0].startswith(f"{stack.http.url}/products/1/opengraph-image/0?")
    assert all(url.startswith(f"{stack.http.url}/") for url in urls)
    html_tags = httpx.get(f"{stack.http.url}/_segmint/tags/?format=html")
    assert html_tags.text.startswith(f'<link rel="icon" href="{stack.http.url}/icon/small?')
