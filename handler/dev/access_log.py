"""The dev server's access log: the middleware and the format of its lines."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from handler.telemetry import Trace, sent_path, trace_of

access_log = logging.getLogger("segmint.access")


class AccessLog:
    """One console line per request, with the path as the client sent it and the outcome.

    uvicorn's own access log prints the decoded path (`/shop/a%2Fb/icon` shows as
    `/shop/a/b/icon`) and not where a redirect points; this line shows both.
    """

    def __init__(self, app: ASGIApp, logger: logging.Logger = access_log) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        trace = trace_of(scope)
        answer: dict[str, Any] = {"status": 500, "headers": {}}

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {
                    k.decode("latin-1").lower(): v.decode("latin-1")
                    for k, v in message.get("headers", [])
                }
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            millis = (time.perf_counter() - started) * 1000
            line = access_line(
                scope["method"],
                sent_path(scope),
                answer["status"],
                answer["headers"],
                millis,
                trace,
            )
            self.logger.info("%s", line)


def access_line(
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    millis: float,
    trace: Trace | None = None,
) -> str:
    """What one request did, e.g. `GET /icon/small 200 image/png 1.2 kB 41 ms` or
    `GET /icon/small 307 -> http://127.0.0.1:49152/segmint-local/segmint/icon/ab12.png`; with
    the app's trace, its outcome and render time: `... 41 ms (miss, render 35 ms)`."""
    head = f"{method} {path} {status}"
    location = headers.get("location")
    if location is not None:
        return f"{head} -> {location}{_traced(trace)}"
    kind = headers.get("content-type", "").split(";")[0]
    length = headers.get("content-length", "")
    size = "" if not length.isdigit() else _size(int(length))
    line = " ".join(part for part in (head, kind, size, f"{millis:.0f} ms") if part)
    return line + _traced(trace)


def _traced(trace: Trace | None) -> str:
    if trace is None or trace.outcome is None:
        return ""
    render = "" if trace.render_ms is None else f", render {trace.render_ms:.0f} ms"
    return f" ({trace.outcome.value}{render})"


def _size(length: int) -> str:
    return f"{length} B" if length < 1000 else f"{length / 1000:.1f} kB"
