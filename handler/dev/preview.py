"""The local server's preview page: every route, its variants and its page's tags, as a gallery.

Only `make serve` mounts it (`LocalApp.preview`); the Lambda app never does. It answers at `/` and
`/_segmint`, neither of which any segment can claim: every route ends in its file name (`icon`,
`opengraph-image`, ...) and folders starting with `_` are never scanned.

Building the page requests each variant from the app in this process, as a browser would, and
shows what happened: rendered (and stored), already stored (the request was redirected), drawn
for this request only (`revalidate = 0`), or an error, with the time the request took. An error
is shown in full (segment, export, message): the page is local, unlike the app's 500 body. The
`<img>` tags then load the stored images through the redirect. Plain HTML, no script.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import Message, Receive, Scope, Send

from handler import http
from handler.app import ImageService
from handler.dev.gallery import Broken, Gallery, Outcome, Page, RouteView, Shot
from handler.dev.preview_page import render_page
from handler.exceptions import SegmentError
from handler.metadata import MetadataCache, Params, Variant, call
from handler.paths import relative
from handler.plan import page_path, url_pattern
from handler.segments import PartKind, Registry, Route, variants_for
from handler.tags import page_images, render_tags
from handler.tags_http import TagsError, request_origin

log = logging.getLogger("segmint.local")

PREVIEW_PATHS = frozenset({"/", "/_segmint"})


async def example_params(route: Route) -> list[Params]:
    """The params to show a route with: its `generate_static_params()` when it has one, else
    one made-up example (`1` per `[x]`, `a/b/c` per `[...x]`, nothing per `[[...x]]`)."""
    if not route.is_dynamic:
        return [None]
    module = route.module
    if module is not None and module.generate_static_params is not None:
        try:
            listed = await call(module.generate_static_params)
        except Exception as exc:
            log.warning("generate_static_params of %s failed: %s", route.file, exc)
        else:
            if isinstance(listed, (list, tuple)) and listed:
                return [_as_params(item) for item in listed if isinstance(item, Mapping)]
    made_up: dict[str, str | list[str]] = {}
    for part in route.parts:
        if part.kind is PartKind.DYNAMIC:
            made_up[part.value] = "1"
        elif part.kind is PartKind.CATCH_ALL:
            made_up[part.value] = ["a", "b", "c"]
        elif part.kind is PartKind.OPTIONAL_CATCH_ALL:
            made_up[part.value] = []
    return [made_up]


def _as_params(item: Mapping[str, object]) -> dict[str, str | list[str]]:
    return {
        str(k): [str(x) for x in v] if isinstance(v, (list, tuple)) else str(v)
        for k, v in item.items()
    }


class Collector:
    """Builds the gallery by asking the app for every variant, as a browser would."""

    def __init__(self, app: Starlette, registry: Registry, memo: MetadataCache) -> None:
        self.app = app
        self.service: ImageService = app.state.service
        self.registry = registry
        self.memo = memo
        self.base = registry.root.parent

    async def gallery(self, site_url: str | None) -> Gallery:
        broken = [self._broken(p) for p in self.registry.problems]
        views: list[RouteView] = []
        for route in self.registry.routes:
            pages: list[Page] = []
            for params in await example_params(route):
                page = await self._page(route, params, site_url, broken)
                if page is not None:
                    pages.append(page)
            file = relative(route.file, self.base)
            views.append(RouteView(url_pattern(route), route.convention.value, file, tuple(pages)))
        return Gallery(tuple(views), tuple(broken))

    async def _page(
        self, route: Route, params: Params, site_url: str | None, broken: list[Broken]
    ) -> Page | None:
        now = time.time()
        try:
            variants = await variants_for(route, params, self.memo, now)
        except SegmentError as exc:
            broken.append(self._broken(exc))
            return None
        shots = []
        for variant in variants:
            shot = await self._shot(route.url(params, variant.url_id), variant)
            shots.append(shot)
            if shot.error is not None:
                file = relative(route.file, self.base)
                message = shot.error.removeprefix(f"{file}: image: ")
                broken.append(Broken(file, "image", message))
        path = page_path(route, params)
        return Page(path, tuple(shots), tuple(await self._tags(path, site_url)))

    async def _shot(self, path: str, variant: Variant) -> Shot:
        started = time.perf_counter()
        status, headers = await _get(self.app, path)
        millis = (time.perf_counter() - started) * 1000
        if status == 200:
            dynamic = headers.get("cache-control", "").startswith("private")
            outcome = Outcome.DYNAMIC if dynamic else Outcome.RENDERED
        elif 300 <= status < 400:
            outcome = Outcome.REDIRECTED
        else:
            outcome = Outcome.FAILED
        error = await self._why(path, status) if outcome is Outcome.FAILED else None
        return Shot(path, variant.size, variant.content_type, variant.alt, outcome, millis, error)

    async def _why(self, path: str, status: int) -> str:
        """The full error of a failed variant: its render again, here, with the exception."""
        try:
            await self.service.render(await self.service.resolve(http.url_parts(path)))
        except SegmentError as exc:
            return str(exc)
        except HTTPException as exc:
            return f"{path} answers {exc.status_code}"
        return f"{path} answered {status}"

    async def _tags(self, page: str, site_url: str | None) -> list[str]:
        if site_url is None:
            return ["(no site URL: set SEGMINT_SITE_URL)"]
        try:
            return render_tags(
                await page_images(self.registry, page, self.memo, time.time(), site_url)
            )
        except SegmentError as exc:
            return [f"error: {exc}"]

    def _broken(self, exc: SegmentError) -> Broken:
        where = relative(Path(exc.path), self.base) if Path(exc.path).is_absolute() else exc.path
        prefix = f"{exc.path}: {exc.export}: " if exc.export else f"{exc.path}: "
        return Broken(where, exc.export, str(exc).removeprefix(prefix))


async def _get(app: Starlette, path: str) -> tuple[int, dict[str, str]]:
    """GET `path` from `app` in this process: the status and headers of its answer."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"preview.local")],
        "client": ("127.0.0.1", 0),
        "server": ("preview.local", 80),
    }
    answer: dict[str, Any] = {"status": 500, "headers": {}}

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}

    try:
        await app(scope, receive, send)
    except Exception as exc:  # the app's error middleware has answered 500 already
        log.warning("preview request for %s raised %s", path, exc)
    return answer["status"], answer["headers"]


class Preview:
    """`app` with the preview page in front of it at PREVIEW_PATHS (GET/HEAD only)."""

    def __init__(self, app: Starlette, registry: Registry, metadata_ttl: int) -> None:
        self.app = app
        self.collector = Collector(app, registry, MetadataCache(metadata_ttl))
        self.root = registry.root

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] not in PREVIEW_PATHS
            or scope["method"] not in ("GET", "HEAD")
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        site_url = self.collector.service.settings.site_url
        if site_url is None:
            try:
                site_url = request_origin(request.headers, request.url.scheme)
            except TagsError:
                site_url = None
        found = await self.collector.gallery(site_url)
        body = render_page(found, self.root).encode()
        headers = {"Cache-Control": "no-store", "Content-Length": str(len(body))}
        content = b"" if scope["method"] == "HEAD" else body
        await HTMLResponse(content, headers=headers)(scope, receive, send)
