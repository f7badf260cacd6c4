"""`make offline` end to end: serverless-offline on the project's serverless.yml, the real handler
in .venv's Python, moto's S3 on loopback. Needs node, npm and `make node` (infra/node/)."""

from __future__ import annotations

import contextlib
import io
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OSLS = ROOT / "infra" / "node" / "node_modules" / ".bin" / "osls"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A slow, shared 2-core machine: serverless-offline starts in ~10 s here, the first render
# (a cold Python import) takes a few seconds more.
READY_TIMEOUT = 150.0
REQUEST_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Offline:
    api_url: str
    s3_url: str
    output: list[str]


def _require_tools() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not on PATH: install Node.js 20.19+ (.ci/run does)")
    if not OSLS.exists():
        pytest.fail(f"{OSLS.relative_to(ROOT)} is missing: run `make node` (make test does)")


def _reader(stream: io.TextIOBase, lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _stop(process: subprocess.Popen[str]) -> None:
    """End the launcher and everything it started (one process group: node, its Python)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    # Whatever is left of the group (a Python child that outlived node) goes too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)


@pytest.fixture(scope="module", params=["http", "rest"])
def offline(request: pytest.FixtureRequest) -> Iterator[Offline]:
    _require_tools()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "offline.py"),
            "--port",
            "0",
            "--front-door",
            request.param,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    assert process.stdout is not None
    reader = threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True)
    reader.start()
    output: list[str] = []
    deadline = time.monotonic() + READY_TIMEOUT
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"not ready after {READY_TIMEOUT:.0f} s:\n{''.join(output)}")
            if line is None:
                pytest.fail(f"offline.py exited ({process.wait()}):\n{''.join(output)}")
            output.append(line)
            if line.startswith("ready "):
                _, api_url, s3_url = line.split()
                break
        yield Offline(api_url, s3_url, output)
    finally:
        _stop(process)
        reader.join(timeout=20)
        process.stdout.close()


def _get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=REQUEST_TIMEOUT, follow_redirects=False)


def test_a_png_passes_the_emulated_api_gateway_intact_then_redirects_to_the_same_bytes(
    offline: Offline,
) -> None:
    # A browser's Accept: image/* is not first, which is what REST's binaryMediaTypes must cover.
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*"
    first = _get(f"{offline.api_url}/icon/small", accept=accept)
    assert first.status_code == 200, "".join(offline.output)
    assert first.headers["content-type"] == "image/png"
    assert first.content.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(first.content)) as image:
        assert image.size == (48, 48)

    second = _get(f"{offline.api_url}/icon/small", accept=accept)
    assert second.status_code == 307
    location = second.headers["location"]
    assert location.startswith(f"{offline.s3_url}/segmint-offline/segmint/")
    stored = _get(location)
    assert stored.status_code == 200
    # What S3 holds was written by the handler itself; the first answer went through API
    # Gateway's base64 round trip: equal bytes mean nothing was lost on the way.
    assert stored.content == first.content


def test_an_unknown_path_reaches_the_function_and_gets_the_apps_404(offline: Offline) -> None:
    # The catch-all route (`httpApi: "*"`, REST's `/{proxy+}`) sends every path to the function:
    # the 404 is the app's, not serverless-offline's "route not found".
    response = _get(f"{offline.api_url}/no/such/segment")
    assert response.status_code == 404
    assert "serverless-offline" not in response.text.lower()
    assert "route not found" not in response.text.lower()
