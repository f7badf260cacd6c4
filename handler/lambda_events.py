"""What Mangum leaves out of a Lambda event's ASGI scope: the path as the client sent it.

uvicorn gives the app `raw_path`, percent-encoding kept, so `%2F` stays inside one path part.
Mangum sets it to None and decodes `path`; `RawPathFromEvent` puts it back from the original
event (`scope["aws.event"]`): `rawPath` of HTTP API v2 and Function URLs, `path` of REST v1 and
ALB. REST, Function URLs and ALB deliver it still encoded; an HTTP API (v2) decodes `rawPath`
itself before invoking, so behind one a `%2F` is already a `/` and no handler can tell them
apart: put a REST API, a Function URL or an ALB in front when params may hold slashes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from starlette.types import ASGIApp, Receive, Scope, Send

_ASCII = "".join(map(chr, range(128)))


class RawPathFromEvent:
    """ASGI middleware: fill a missing `raw_path` from the Lambda event, where one can be cut
    to match the decoded path (else leave it missing: the decoded path is all there is)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("raw_path"):
            encoded = event_path(scope.get("aws.event"), str(scope.get("path", "/")))
            if encoded is not None:
                # raw_path is bytes: the rare non-ASCII character (an HTTP API's decoded path)
                # goes in percent-encoded, so it decodes back to itself.
                scope = {**scope, "raw_path": quote(encoded, safe=_ASCII).encode("ascii")}
        await self.app(scope, receive, send)


def event_path(event: object, decoded: str) -> str | None:
    """The encoded path of a Lambda event, trimmed to the part Mangum decoded into `decoded`.

    Mangum may strip an API Gateway base path, so the encoded path is cut at the `/` from which
    it decodes to `decoded`; None when no cut does, or the event has no path.

    >>> event_path({"version": "2.0", "rawPath": "/v1/a%2Fb/icon"}, "/a/b/icon")
    '/a%2Fb/icon'
    """
    if not isinstance(event, Mapping):
        return None
    field = "rawPath" if "rawPath" in event else "path"
    encoded = event.get(field)
    if not isinstance(encoded, str) or not encoded.startswith("/"):
        return None
    encoded = encoded.split("?", 1)[0]
    for at, char in enumerate(encoded):
        if char == "/" and unquote(encoded[at:]) == decoded:
            return encoded[at:]
    return None


_HOST = re.compile(r"[A-Za-z0-9_.-]+(:[0-9]{1,5})?")


def without_bad_host(event: dict[str, Any]) -> dict[str, Any]:
    """`event` without a Host header Mangum cannot split into name and port (`[::1]`, `a:b:c`,
    `x:y` raise inside Mangum, failing the invocation): the app never reads Host, so an
    unusable one is dropped, and Mangum names the server `mangum`.

    >>> without_bad_host({"headers": {"Host": "[::1]", "a": "1"}})
    {'headers': {'a': '1'}}
    """
    cleaned = dict(event)
    for field in ("headers", "multiValueHeaders"):
        table = event.get(field)
        if not isinstance(table, Mapping):
            continue
        cleaned[field] = {
            name: value
            for name, value in table.items()
            if name.lower() != "host" or _usable_host(value)
        }
    return cleaned


def _usable_host(value: object) -> bool:
    values = value if isinstance(value, list) else [value]
    return all(isinstance(v, str) and _HOST.fullmatch(v) is not None for v in values)
