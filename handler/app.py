"""The Starlette app: signed? -> route -> params -> metadata -> key -> stored? redirect : render
-> store.

Every URL goes through one endpoint (the router's default: no pattern, no Starlette redirect);
segment code runs in handler.segment_runner's pool, with time limits; the HTTP details are in
handler.http, and HTTP errors are made in the exception handlers of handler.errors. A warm
process remembers stored keys (a hit costs no store call), and concurrent misses for one key in
one process render once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from handler import errors, http, tags_http, telemetry
from handler.blocking import run_blocking
from handler.cache import keys
from handler.cache.store import KnownKeys, Store
from handler.config import Settings
from handler.exceptions import SegmentBusy, SegmentError, SegmentTimeout, StoreError
from handler.image_types import is_image_of_type
from handler.metadata import MetadataCache, Params, Variant, copy_params
from handler.paths import relative
from handler.render.limits import set_limits
from handler.render.response import Canvas, use_canvas
from handler.segment_runner import SegmentRunner, complete
from handler.segments import Registry, Route, RouteMatch, allowed_params, scan, variants_for
from handler.signing import Signer
from handler.telemetry import Outcome, Trace

log = logging.getLogger("segmint.app")

ALLOWED_METHODS = "GET, HEAD"
DYNAMIC_CACHE_CONTROL = "private, no-cache, no-store, max-age=0"
"""A `revalidate = 0` segment's answer: drawn for this request only, as Next's dynamic routes."""
MAX_INLINE_BYTES = 4_400_000
"""Lambda answers at most 6 MB, base64 included (4/3 of the bytes) plus headers: past this an
image is stored and redirected to, never returned inline."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A variant's encoded image and its content type."""

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
    set_limits(settings.limits)  # before the scan: metadata sizes are held to them too
    service = ImageService(settings, store, registry or scan(settings.segments_dir), clock)
    app = Starlette(
        exception_handlers={
            HTTPException: errors.http_error,
            SegmentError: errors.segment_error(service.registry.root.parent),
            SegmentTimeout: errors.segment_limit(service.registry.root.parent, 504),
            SegmentBusy: errors.segment_limit(service.registry.root.parent, 503),
            StoreError: errors.store_error,
        },
    )
    # The tags endpoint is the one route; every other path reaches the image endpoint as the
    # router's default: no route pattern to miss (a `{path:path}` route misses a path with a
    # newline in it), and no Starlette slash redirect, which builds an absolute URL from the Host
    # header. http.slash_redirect is ours.
    app.router.routes = [*tags_http.routes(settings, service.registry, clock, service.metadata)]
    app.router.redirect_slashes = False
    app.router.default = _AnyMethod(service)
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
        self.signer = Signer(settings.signing_keys)
        self.runner = SegmentRunner(settings.segment_threads, settings.segment_concurrency)
        self.metadata = MetadataCache(
            settings.metadata_ttl, runner=self.runner, timeout=settings.metadata_timeout
        )
        self.known = KnownKeys()
        self.renders = 0
        self._inflight: dict[str, asyncio.Future[Rendered]] = {}

    async def endpoint(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise HTTPException(405, headers={"Allow": ALLOWED_METHODS})
        raw = http.raw_path(request)
        if not self.signer.verify(raw, request.scope.get("query_string", b"").decode("latin-1")):
            raise HTTPException(403, "Forbidden: the URL's signature is missing or wrong")
        redirect = http.slash_redirect(raw, request.url.query)
        if redirect is not None:
            return redirect
        target = await self.resolve(http.url_parts(raw))
        trace = telemetry.trace_of(request.scope)
        trace.route, trace.variant_id = target.match.route.template, target.variant.url_id
        module = target.match.route.module
        if module is not None and module.always_dynamic:
            self.renders += 1
            trace.outcome = Outcome.MISS
            with trace.timed("render_ms"):
                rendered = _inline(await self._render(target), target)
            return http.image(
                request, rendered.body, rendered.content_type, None, DYNAMIC_CACHE_CONTROL
            )
        if http.client_holds(request, target.key):
            return http.not_modified(target.key, self._short_cache_control)
        if target.key in self.known or await self._exists(target.key, trace):
            self.known.add(target.key)
            trace.outcome = Outcome.HIT
            return self.redirect(target.key)
        trace.outcome = Outcome.MISS
        rendered = await self._single_flight(
            target.key, lambda: self._render_and_store(target, trace)
        )
        if len(rendered.body) > MAX_INLINE_BYTES:
            return self.redirect(target.key)
        return http.image(
            request, rendered.body, rendered.content_type, target.key, self._short_cache_control
        )

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
        # Objects expire (the bucket's lifecycle rule): keys move on every half of that age.
        span = self.settings.key_epoch_seconds
        epoch = int(now // span) if span else 0
        if route.static is not None:
            return keys.static_key(prefix, slug, route.static.data, variant.content_type, epoch)
        assert route.module is not None
        bucket = self.metadata.bucket(route.module, now) if route.module.revalidate else 0
        return keys.variant_key(prefix, slug, route.source_hash, params, variant, bucket, epoch)

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

    async def _exists(self, key: str, trace: Trace) -> bool:
        try:
            with trace.timed("store_ms"):
                return await run_blocking(self.store.exists, key)
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

    async def _render_and_store(self, target: Target, trace: Trace) -> Rendered:
        with trace.timed("render_ms"):
            rendered = await self._render(target)
        self.renders += 1
        metadata = self.object_metadata(target)
        try:
            with trace.timed("store_ms"):
                await run_blocking(
                    self.store.put, target.key, rendered.body, rendered.content_type, metadata
                )
        except StoreError as exc:
            if len(rendered.body) > MAX_INLINE_BYTES:
                raise
            log.warning("store write failed, serving inline: %s", exc)
        else:
            self.known.add(target.key)
        return rendered

    def object_metadata(self, target: Target) -> dict[str, str]:
        """The user metadata a stored object carries: its segment file and variant URL."""
        route = target.match.route
        return {
            "segment": relative(route.file, self.registry.root.parent),
            "route": route.url(target.match.params, target.variant.url_id)[:512],
        }

    async def render(self, target: Target) -> Rendered:
        """Draw one variant, no store involved (the CLI's render, check and prerender)."""
        return await self._render(target)

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

        def draw() -> Any:
            with use_canvas(canvas):  # the ImageResponse default, in the worker's context
                return complete(module.image(**kwargs))

        result = await self.runner.run(
            draw, segment=str(route.file), export="image", timeout=self.settings.render_timeout
        )
        return _as_rendered(result, variant, str(route.file))


def _as_rendered(result: object, variant: Variant, segment: str) -> Rendered:
    """Accept a Starlette Response (an ImageResponse is one) or raw bytes from `image()`, when
    the bytes are an image of the type they are declared as (nothing else is ever stored)."""
    if isinstance(result, (bytes, bytearray, memoryview)):
        rendered = Rendered(bytes(result), variant.content_type)
    elif (
        isinstance(result, Response)
        and result.status_code == 200
        and isinstance(result.body, bytes)
    ):
        media = result.media_type or result.headers.get("content-type", variant.content_type)
        rendered = Rendered(result.body, media.split(";")[0].strip())
    else:
        kind = type(result).__name__
        raise SegmentError(segment, f"must return an ImageResponse or bytes, got {kind}", "image")
    if not is_image_of_type(rendered.body, rendered.content_type):
        raise SegmentError(
            segment,
            f"returned {len(rendered.body)} bytes that are not {rendered.content_type!r} "
            f"(they start {rendered.body[:8]!r})",
            "image",
        )
    return rendered


def _inline(rendered: Rendered, target: Target) -> Rendered:
    """`rendered`, when it fits in a Lambda response: an uncached image cannot be redirected to."""
    if len(rendered.body) <= MAX_INLINE_BYTES:
        return rendered
    raise SegmentError(
        str(target.match.route.file),
        f"drew {len(rendered.body)} bytes; an uncached image (revalidate = 0) is answered inline, "
        f"at most {MAX_INLINE_BYTES} bytes (Lambda's 6 MB, base64 included): "
        "set revalidate so it is stored, or draw it smaller",
        "image",
    )


def _pick(variants: tuple[Variant, ...], url_id: str | None) -> Variant | None:
    for variant in variants:
        if variant.url_id == url_id:
            return variant
    return None
