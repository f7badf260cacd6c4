"""handler/dev/access_log.py: what one access line says about a request."""

from __future__ import annotations

import pytest

from handler.dev.access_log import access_line
from handler.telemetry import Outcome, Trace


@pytest.mark.parametrize(
    ("status", "headers", "line"),
    [
        pytest.param(
            200,
            {"content-type": "image/png", "content-length": "1234"},
            "GET /a%2Fb/icon 200 image/png 1.2 kB 7 ms",
            id="rendered",
        ),
        pytest.param(
            307,
            {"location": "http://s3.local/b/k.png", "content-length": "0"},
            "GET /a%2Fb/icon 307 -> http://s3.local/b/k.png",
            id="redirect",
        ),
        pytest.param(
            404,
            {"content-type": "text/plain; charset=utf-8", "content-length": "9"},
            "GET /a%2Fb/icon 404 text/plain 9 B 7 ms",
            id="not-found",
        ),
    ],
)
def test_access_line_says_what_happened(status: int, headers: dict[str, str], line: str) -> None:
    assert access_line("GET", "/a%2Fb/icon", status, headers, 7.2) == line


def test_access_line_ends_with_the_apps_outcome_and_render_time() -> None:
    trace = Trace(outcome=Outcome.MISS, render_ms=35.4)
    headers = {"content-type": "image/png", "content-length": "1234"}
    line = access_line("GET", "/icon", 200, headers, 41.0, trace)
    assert line == "GET /icon 200 image/png 1.2 kB 41 ms (miss, render 35 ms)"
