"""`GET /_segmint/tags/<page path>`: a page's metadata images over HTTP, for sites not written
in Python or built elsewhere (`/_segmint/tags/` is the root page).

JSON by default (handler.tags.head_json), `?format=html` for the ready `<link>`/`<meta>` lines.
Any origin may fetch it (`Access-Control-Allow-Origin: *`, OPTIONS preflight answered); an
ETag lets a client revalidate (304).

The site URL that makes the URLs absolute is `SEGMINT_SITE_URL`. Unset, it is derived from the
request: `X-Forwarded-Host` (a front door that sets it) or `Host`, and `X-Forwarded-Proto` /
`CloudFront-Forwarded-Proto` for the scheme. A client chooses those headers, and a shared cache
(CloudFront's key holds no header) would hand what one client asked for to all, so a derived
answer is `Cache-Control: private`: only that client keeps it. A host that is not a plain
`name[:port]`, or that is the Lambda function URL's own (behind CloudFront, whose origin request
drops the viewer's Host), is refused with a message saying to set `SEGMINT_SITE_URL`.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute
from starlette.types import Receive, Scope, Send

from handler import errors, http
from handler.config import Settings
from handler.exceptions import SegmentError
from handler.metadata import MetadataCache
from handler.segments import Registry
from handler.tags import head_json, page_images, page_parts, render_tags

PREFIX = "/_segmint/tags"
METHODS = "GET, HEAD, OPTIONS"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag"}
PREFLIGHT = {
    **CORS,
    "Access-Control-Allow-Methods": METHODS,
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Max-Age": "86400",
}
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9-]{1,63}"
    r"(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$"
)
_FUNCTION_URL = re.compile(r"\.lambda-url\.[a-z0-9-]+\.on\.aws(?::\d+)?$")


class TagsError(Exception):
    """A tags request that cannot be answered: the status and the message of the JSON body."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def routes(
    settings: Settings,
    registry: Registry,
    clock: Callable[[], float] = time.time,
    memo: MetadataCache | None = None,
) -> list[StarletteRoute]:
    """The Starlette routes to put before the image catch-all; `memo` the app's metadata
    memo (its time limits and segment pool included), else one of their own."""
    endpoint = TagsEndpoint(settings, registry, clock, memo)
    return [
        StarletteRoute(PREFIX, endpoint),
        StarletteRoute(PREFIX + "/{page:path}", endpoint),
    ]


class TagsEndpoint:
    """Answers tags requests from a metadata memo (the app's, or its own). A plain ASGI app, so
    every method reaches `handle`, which answers 405 itself (else the image catch-all behind
    would, naming its own methods)."""

    def __init__(
        self,
        settings: Settings,
        registry: Registry,
        clock: Callable[[], float],
        memo: MetadataCache | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.clock = clock
        self.memo = memo or MetadataCache(settings.metadata_ttl)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handle(Request(scope, receive))
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=PREFLIGHT)
        if request.method not in ("GET", "HEAD"):
            return error(request, 405, f"{request.method} is not allowed", {"Allow": METHODS})
        try:
            return await self._answer(request)
        except TagsError as exc:
            return error(request, exc.status, str(exc))

    async def _answer(self, request: Request) -> Response:
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "html"):
            raise TagsError(400, f"format={fmt!r}: use json (the default) or html")
        page = "/" + http.raw_path(request).removeprefix(PREFIX).strip("/")
        site_url, derived = self.site_url(request.headers, request.url.scheme)
        body, media = await self.body(page, site_url, fmt)
        cache = f"{'private' if derived else 'public'}, max-age={self.settings.redirect_max_age}"
        tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {**CORS, "Cache-Control": cache, "ETag": tag}
        if derived:
            headers["Vary"] = "Host, X-Forwarded-Host, X-Forwarded-Proto"
        if http.etag_matches(request.headers.get("if-none-match", ""), tag):
            return Response(status_code=304, headers=headers)
        headers["Content-Length"] = str(len(body))
        content = b"" if request.method == "HEAD" else body
        return Response(content, media_type=media, headers=headers)

    async def body(self, page: str, site_url: str, fmt: str) -> tuple[bytes, str]:
        """The answer's bytes and media type for `page` (raises TagsError for 404 and 500)."""
        if page_parts(page) is None:
            raise TagsError(404, f"{page!r} is not a page path (an empty, '.' or '..' part)")
        try:
            images = await page_images(self.registry, page, self.memo, self.clock(), site_url)
        except SegmentError as exc:
            root = self.registry.root.parent
            raise TagsError(500, f"Segment error: {errors.public_message(exc, root)}") from exc
        if not images:
            raise TagsError(404, f"no metadata image applies to the page {page!r}")
        if fmt == "html":
            return ("\n".join(render_tags(images)) + "\n").encode(), "text/html; charset=utf-8"
        return _json(head_json(page, images)), "application/json"

    def site_url(self, headers: Mapping[str, str], scheme: str) -> tuple[str, bool]:
        """The configured site URL, or (True) one derived from the request's headers."""
        if self.settings.site_url is not None:
            return self.settings.site_url, False
        return request_origin(headers, scheme), True


def request_origin(headers: Mapping[str, str], scheme: str = "https") -> str:
    """`scheme://host` of the front door the request came through, from its headers; `scheme`
    is the request's own, used when no forwarded one is given.

    >>> request_origin({"host": "fn.example", "x-forwarded-host": "www.example.com",
    ...                 "x-forwarded-proto": "https"}, "http")
    'https://www.example.com'
    """
    host = (headers.get("x-forwarded-host") or headers.get("host") or "").split(",")[0].strip()
    if not _HOST.match(host):
        raise TagsError(400, f"Host {host!r} is not a host name: set SEGMINT_SITE_URL")
    if _FUNCTION_URL.search(host.lower()):
        raise TagsError(
            500,
            f"SEGMINT_SITE_URL is not set and the request's host {host!r} is the function URL's "
            "(answers 403 to anyone else): set SEGMINT_SITE_URL to the site's https:// origin",
        )
    proto = headers.get("cloudfront-forwarded-proto") or headers.get("x-forwarded-proto") or ""
    forwarded = proto.split(",")[0].strip().lower()
    if forwarded in ("http", "https"):
        scheme = forwarded
    return f"{scheme if scheme in ('http', 'https') else 'https'}://{host}"


def error(
    request: Request, status: int, message: str, extra: Mapping[str, str] | None = None
) -> Response:
    """A JSON error, `{"error": <status>, "message": ...}`, with the CORS headers, not cached."""
    body = _json({"error": status, "message": message})
    headers = {**CORS, "Cache-Control": "no-store", "Content-Length": str(len(body))}
    headers.update(extra or {})
    content = b"" if request.method == "HEAD" else body
    return Response(content, status_code=status, media_type="application/json", headers=headers)


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode()
