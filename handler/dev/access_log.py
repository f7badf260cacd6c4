"""The dev server's access log: the middleware and the format of its lines."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
                scope["method"], _sent_path(scope), answer["status"], answer["headers"], millis
            )
            self.logger.info("%s", line)


def access_line(
    method: str, path: str, status: int, headers: Mapping[str, str], millis: float
) -> str:
    """What one request did, e.g. `GET /icon/small 200 image/png 1.2 kB 41 ms` or
    `GET /icon/small 307 -> http://127.0.0.1:49152/segmint-local/segmint/icon/ab12.png`."""
    head = f"{method} {path} {status}"
    location = headers.get("location")
    if location is not None:
        return f"{head} -> {location}"
    kind = headers.get("content-type", "").split(";")[0]
    length = headers.get("content-length", "")
    size = "" if not length.isdigit() else _size(int(length))
    return " ".join(part for part in (head, kind, size, f"{millis:.0f} ms") if part)


def _size(length: int) -> str:
    return f"{length} B" if length < 1000 else f"{length / 1000:.1f} kB"


def _sent_path(scope: Scope) -> str:
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) and raw else quote(scope["path"])
    query = scope.get("query_string", b"")
    return f"{path}?{query.decode('latin-1')}" if query else path
