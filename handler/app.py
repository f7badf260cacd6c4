"""The Starlette app: route -> params -> metadata -> key -> stored? redirect : render -> store.

Every URL goes through one endpoint; HTTP errors are made in the exception handlers at the
bottom. A warm process remembers stored keys (a hit costs no store call), and concurrent misses
for one key in one process render once.
"""

from __future__ import annotations

import asyncio
import logging
import sysconfig
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute
from starlette.types import Receive, Scope, Send

from handler.cache import keys
from handler.cache.store import KnownKeys, Store
from handler.config import Settings
from handler.exceptions import SegmentError, SegmintError, StoreError
from handler.metadata import MetadataCache, Params, Variant, copy_params
from handler.paths import relative
from handler.render.response import Canvas, use_canvas
from handler.segments import Registry, Route, RouteMatch, allowed_params, scan, variants_for

log = logging.getLogger("segmint.app")

ALLOWED_METHODS = "GET, HEAD"
DYNAMIC_CACHE_CONTROL = "private, no-cache, no-store, max-age=0"
"""A `revalidate = 0` segment's answer: drawn for this request only, as Next's dynamic routes."""
MAX_INLINE_BYTES = 4_400_000
"""Lambda answers at most 6 MB, base64 included (4/3 of the bytes) plus headers: past this an
image is stored and redirected to, never returned inline."""


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Target:
    """A matched request resolved down to one variant and its cache key."""

    match: RouteMatch
    variant: Variant
    key: str


def create_app(
    settings: Settings,
    store: Store,
    registry: Registry | None = None,
    *,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """The Segmint app over `store`; the registry is scanned from settings.segments_dir when
    None. `clock` (seconds) drives the revalidate buckets and the metadata memo."""
    service = ImageService(settings, store, registry or scan(settings.segments_dir), clock)
    app = Starlette(
        routes=[StarletteRoute("/{path:path}", _AnyMethod(service))],
        exception_handlers={
            HTTPException: _http_error,
            SegmentError: _segment_error,
            StoreError: _store_error,
        },
    )
    app.state.service = service
    return app


class _AnyMethod:
    """The endpoint as a plain ASGI app, so every method reaches it (a function endpoint would
    get Starlette's own 405) and the method check happens in one place."""

    def __init__(self, service: ImageService) -> None:
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.service.endpoint(Request(scope, receive))
        await response(scope, receive, send)


class ImageService:
    """The request flow and the warm state: metadata memo, known keys, in-flight renders."""

    def __init__(
        self, settings: Settings, store: Store, registry: Registry, clock: Callable[[], float]
    ) -> None:
        self.settings = settings
        self.store = store
        self.registry = registry
        self.clock = clock
        self.metadata = MetadataCache(settings.metadata_ttl)
        self.known = KnownKeys()
        self.renders = 0
        self._inflight: dict[str, asyncio.Future[Rendered]] = {}

    async def endpoint(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise HTTPException(405, headers={"Allow": ALLOWED_METHODS})
        raw = _raw_path(request)
        if len(raw) > 1 and raw.endswith("/"):
            return _slash_redirect(raw, request.url.query)
        target = await self.resolve(_url_parts(request, raw))
        module = target.match.route.module
        if module is not None and module.always_dynamic:
            self.renders += 1
            return _image(request, await self._render(target), None, DYNAMIC_CACHE_CONTROL)
        if _etag_matches(request.headers.get("if-none-match", ""), _etag(target.key)):
            # The ETag is the key's hash: a client holding it holds these very bytes.
            return _not_modified(target.key, self._short_cache_control)
        if target.key in self.known or await self._exists(target.key):
            self.known.add(target.key)
            return self.redirect(target.key)
        rendered = await self._single_flight(target.key, lambda: self._render_and_store(target))
        if len(rendered.body) > MAX_INLINE_BYTES:
            return self.redirect(target.key)
        return _image(request, rendered, target.key, self._short_cache_control)

    async def resolve(self, url_parts: list[str]) -> Target:
        found = self.registry.match(url_parts)
        now = self.clock()
        if found is None or not await allowed_params(found.route, found.params, self.metadata, now):
            raise HTTPException(404, "Not Found")
        variants = await variants_for(found.route, found.params, self.metadata, now)
        variant = _pick(variants, found.url_id)
        if variant is None:
            raise HTTPException(404, "Not Found: unknown id")
        return Target(found, variant, self.key(found.route, found.params, variant, now))

    def key(self, route: Route, params: Params, variant: Variant, now: float) -> str:
        prefix, slug = self.settings.prefix, keys.route_slug(route.parts, route.file.stem)
        if route.static is not None:
            return keys.static_key(prefix, slug, route.static.data, variant.content_type)
        assert route.module is not None
        bucket = self.metadata.bucket(route.module, now) if route.module.revalidate else 0
        return keys.variant_key(prefix, slug, route.source_hash, params, variant, bucket)

    def redirect(self, key: str) -> Response:
        """307 (SEGMINT_REDIRECT_STATUS) to the stored object: `<base>/<key>`, or `/<key>` on the
        request's own origin when the base is `/` (the deployed stack: one CloudFront domain)."""
        assert not key.startswith("/"), key  # normalise_prefix: `/<key>` is never `//host`
        location = f"{self.settings.public_base_url.rstrip('/')}/{quote(key)}"
        headers = {"Location": location, "Cache-Control": self._short_cache_control}
        return Response(status_code=self.settings.redirect_status, headers=headers)

    @property
    def _short_cache_control(self) -> str:
        return f"public, max-age={self.settings.redirect_max_age}"

    async def _exists(self, key: str) -> bool:
        try:
            return await anyio.to_thread.run_sync(self.store.exists, key)
        except StoreError as exc:
            log.warning("store lookup failed, rendering instead: %s", exc)
            return False

    async def _single_flight(
        self, key: str, produce: Callable[[], Awaitable[Rendered]]
    ) -> Rendered:
        running = self._inflight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[Rendered] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            result = await produce()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here, so a lone failure logs no "never retrieved"
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._inflight[key]

    async def _render_and_store(self, target: Target) -> Rendered:
        route = target.match.route
        rendered = await self._render(target)
        self.renders += 1
        metadata = {
            "segment": relative(route.file, self.registry.root.parent),
            "route": route.url(target.match.params, target.variant.url_id)[:512],
        }
        try:
            await anyio.to_thread.run_sync(
                lambda: self.store.put(target.key, rendered.body, rendered.content_type, metadata)
            )
        except StoreError as exc:
            if len(rendered.body) > MAX_INLINE_BYTES:
                raise
            log.warning("store write failed, serving inline: %s", exc)
        else:
            self.known.add(target.key)
        return rendered

    async def _render(self, target: Target) -> Rendered:
        route, variant = target.match.route, target.variant
        if route.static is not None:
            return Rendered(route.static.data, variant.content_type)
        module = route.module
        assert module is not None
        size = variant.size or route.convention.default_size
        canvas = Canvas(size.width, size.height, variant.content_type)
        offered: dict[str, Any] = {"params": copy_params(target.match.params), "id": variant.id}
        kwargs = {k: v for k, v in offered.items() if k in module.image_args}
        try:
            result = await _in_canvas(canvas, module.image, kwargs)
        except Exception as exc:
            raise SegmentError(
                relative(route.file, self.registry.root.parent),
                f"raised {type(exc).__name__}: {exc}",
                "image",
            ) from exc
        return _as_rendered(result, variant, route.file)


async def _in_canvas(canvas: Canvas, image: Callable[..., Any], kwargs: Mapping[str, Any]) -> Any:
    """Call `image` with `canvas` as the ImageResponse default; sync ones in a worker thread."""
    if asyncio.iscoroutinefunction(image):
        with use_canvas(canvas):
            return await image(**kwargs)

    def run() -> Any:
        with use_canvas(canvas):
            return image(**kwargs)

    return await anyio.to_thread.run_sync(run)


def _as_rendered(result: object, variant: Variant, file: Path) -> Rendered:
    """Accept a Starlette Response (an ImageResponse is one) or raw bytes from `image()`."""
    if isinstance(result, (bytes, bytearray, memoryview)):
        return Rendered(bytes(result), variant.content_type)
    if (
        isinstance(result, Response)
        and result.status_code == 200
        and isinstance(result.body, bytes)
    ):
        media = result.media_type or result.headers.get("content-type", variant.content_type)
        return Rendered(result.body, media.split(";")[0].strip())
    raise SegmentError(
        str(file), f"must return an ImageResponse or bytes, got {type(result).__name__}", "image"
    )


def _pick(variants: tuple[Variant, ...], url_id: str | None) -> Variant | None:
    for variant in variants:
        if variant.url_id == url_id:
            return variant
    return None


def _raw_path(request: Request) -> str:
    """The path as the client sent it, percent-encoding kept, so `%2F` stays inside one part:
    the scope's `raw_path`, or the decoded path encoded again where the server gives none."""
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes) and raw:
        return raw.decode("latin-1").split("?", 1)[0]
    return quote(str(request.scope.get("path", "/")))


def _url_parts(request: Request, raw: str) -> list[str]:
    """The path's parts, each percent-decoded on its own (so `%2F` stays inside one part)."""
    return [unquote(part) for part in raw.split("/")[1:]]


def _slash_redirect(raw: str, query: str) -> Response:
    # Strip every leading slash too: `//evil.example/` must not become a protocol-relative URL;
    # and encode backslashes, which browsers read as slashes (`/\evil.example`).
    location = "/" + raw.strip("/").replace("\\", "%5C") + (f"?{query}" if query else "")
    return Response(status_code=308, headers={"Location": location})


def _etag(key: str) -> str:
    """The strong ETag of a variant: its key's content hash, quoted.

    >>> _etag("segmint/icon/3ab15702.png")
    '"3ab15702"'
    """
    return '"' + key.rsplit("/", 1)[-1].split(".")[0] + '"'


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag, `W/` or not.

    >>> _etag_matches('"x", W/"abc"', '"abc"'), _etag_matches('"abcd"', '"abc"')
    (True, False)
    """
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def _not_modified(key: str, cache_control: str) -> Response:
    return Response(status_code=304, headers={"Cache-Control": cache_control, "ETag": _etag(key)})


def _image(request: Request, rendered: Rendered, key: str | None, cache_control: str) -> Response:
    """The image itself; `key` None for an uncached one (no ETag: its bytes may change)."""
    headers = {"Cache-Control": cache_control, "Content-Length": str(len(rendered.body))}
    if key is not None:
        headers["ETag"] = _etag(key)
    body = b"" if request.method == "HEAD" else rendered.body
    return Response(body, media_type=rendered.content_type, headers=headers)


def _text(
    request: Request, status: int, text: str, headers: Mapping[str, str] | None = None
) -> Response:
    body = text.encode()
    all_headers = {"Cache-Control": "no-store", "Content-Length": str(len(body)), **(headers or {})}
    content = b"" if request.method == "HEAD" else body
    return Response(content, status_code=status, media_type="text/plain", headers=all_headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _text(request, exc.status_code, exc.detail, exc.headers)


async def _segment_error(request: Request, exc: Exception) -> Response:
    log.error("segment error on %s: %s%s", request.url.path, exc, _user_traceback(exc.__cause__))
    return _text(request, 500, f"Segment error: {_public_message(exc)}")


def _public_message(exc: Exception) -> str:
    """What a 500 body may say: our own checks in full, but only the type of what a segment's
    code raised (its text may hold a connection string or a token); the log has the rest."""
    assert isinstance(exc, SegmentError)
    cause = exc.__cause__
    if cause is None or isinstance(cause, SegmintError):
        return str(exc)
    where = f"{exc.path}: {exc.export}" if exc.export else exc.path
    return f"{where}: raised {type(cause).__name__} (the server log has the details)"


_CALL_MACHINERY = {
    str(Path(__file__).resolve()),
    str(Path(__file__).resolve().parent / "metadata.py"),
    str(Path(__file__).resolve().parent / "exports.py"),
}


def _user_traceback(cause: BaseException | None) -> str:
    """The frames of what a segment's code raised, without the thread pool and our own call
    machinery around it: what the segment's author needs, in a few lines (empty when None)."""
    if cause is None:
        return ""
    stdlib = sysconfig.get_paths()["stdlib"]
    frames = [
        frame
        for frame in traceback.extract_tb(cause.__traceback__)
        if frame.filename not in _CALL_MACHINERY
        and "site-packages" not in frame.filename
        and not frame.filename.startswith(stdlib)
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(cause)
    return "\nTraceback (segment code, most recent call last):\n" + "".join(lines).rstrip()


async def _store_error(request: Request, exc: Exception) -> Response:
    log.error("store error on %s: %s", request.url.path, exc)
    return _text(request, 502, "Store error: the image store did not answer")
