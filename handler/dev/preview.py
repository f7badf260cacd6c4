"""The local server's preview page: every route and variant of the registry as a gallery.

Only `make serve` mounts it (`LocalApp.preview`); the Lambda app never does. It answers at `/` and
`/_segmint`, neither of which any segment can claim: every route ends in its file name (`icon`,
`opengraph-image`, ...) and folders starting with `_` are never scanned. Plain HTML, no script:
a designer refreshes it; each <img> is a real request, so the first view renders and stores.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from handler.exceptions import SegmentError
from handler.exports import Size
from handler.metadata import MetadataCache, Params, call
from handler.paths import relative
from handler.segments import PartKind, Registry, Route, variants_for

log = logging.getLogger("segmint.local")

PREVIEW_PATHS = frozenset({"/", "/_segmint"})
THUMB_WIDTH = 360
"""Images wider than this show scaled down (the link opens the real size)."""


@dataclass(frozen=True, slots=True)
class Card:
    """One variant of one route as the page shows it."""

    route: str
    """The segment file, relative to the segments folder's parent (`segments/icon.py`)."""
    path: str
    """The variant's URL path, e.g. `/shop/1/icon/small`."""
    size: Size | None
    content_type: str
    alt: str | None


@dataclass(frozen=True, slots=True)
class Broken:
    """A segment that the scan rejected or whose metadata failed, with the message."""

    where: str
    message: str


@dataclass(frozen=True, slots=True)
class Gallery:
    cards: tuple[Card, ...]
    broken: tuple[Broken, ...]


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


async def gallery(registry: Registry, memo: MetadataCache, now: float) -> Gallery:
    """Every variant of every route (by example params), and every problem found."""
    cards: list[Card] = []
    broken = [
        Broken(relative(Path(p.path), registry.root.parent), str(p)) for p in registry.problems
    ]
    for route in registry.routes:
        where = relative(route.file, registry.root.parent)
        for params in await example_params(route):
            try:
                variants = await variants_for(route, params, memo, now)
            except SegmentError as exc:
                broken.append(Broken(where, str(exc)))
                continue
            cards.extend(
                Card(where, route.url(params, v.url_id), v.size, v.content_type, v.alt)
                for v in variants
            )
    return Gallery(tuple(cards), tuple(broken))


def render_page(found: Gallery, root: Path) -> str:
    """The gallery as one HTML document (every value escaped)."""
    rows = "\n".join(_card(card) for card in found.cards) or "<p>No routes.</p>"
    problems = "\n".join(
        f"<li><b>{_e(b.where)}</b><pre>{_e(b.message)}</pre></li>" for b in found.broken
    )
    broken = (
        f'<section class="broken"><h2>Broken segments ({len(found.broken)})</h2>'
        f"<ul>{problems}</ul></section>"
        if found.broken
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Segmint preview</title>
<style>
body{{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#fafafa;color:#111}}
.grid{{display:flex;flex-wrap:wrap;gap:16px}}
figure{{margin:0;padding:12px;background:#fff;border:1px solid #ddd;border-radius:8px;
max-width:{THUMB_WIDTH}px}}
figure img{{max-width:{THUMB_WIDTH}px;height:auto;display:block;
background:repeating-conic-gradient(#eee 0 25%,#fff 0 50%) 0 0/16px 16px}}
figcaption{{margin-top:8px;word-break:break-all}}
.meta{{color:#555}}
.broken{{margin-top:32px;color:#a00}}
pre{{white-space:pre-wrap;background:#fff0f0;padding:8px}}
</style></head><body>
<h1>Segmint preview</h1>
<p class="meta">{len(found.cards)} image(s) from {_e(str(root))}. Refresh after an edit:
the server reloads on changes.</p>
<div class="grid">
{rows}
</div>
{broken}
</body></html>
"""


def _card(card: Card) -> str:
    size = f"{card.size.width}×{card.size.height}" if card.size is not None else "natural size"
    dims = (
        f' width="{card.size.width}" height="{card.size.height}"' if card.size is not None else ""
    )
    alt = f"<div>alt: {_e(card.alt)}</div>" if card.alt else ""
    return (
        f'<figure><a href="{_e(card.path)}"><img src="{_e(card.path)}"{dims} '
        f'alt="{_e(card.alt or "")}" loading="lazy"></a>'
        f'<figcaption><a href="{_e(card.path)}"><code>{_e(card.path)}</code></a>'
        f'<div class="meta">{size} · {_e(card.content_type)} · {_e(card.route)}</div>'
        f"{alt}</figcaption></figure>"
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class Preview:
    """`app` with the preview page in front of it at PREVIEW_PATHS (GET/HEAD only)."""

    def __init__(self, app: ASGIApp, registry: Registry, metadata_ttl: int) -> None:
        self.app = app
        self.registry = registry
        self.memo = MetadataCache(metadata_ttl)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] not in PREVIEW_PATHS
            or scope["method"] not in ("GET", "HEAD")
        ):
            await self.app(scope, receive, send)
            return
        found = await gallery(self.registry, self.memo, time.time())
        body = render_page(found, self.registry.root).encode()
        headers = {"Cache-Control": "no-store", "Content-Length": str(len(body))}
        content = b"" if scope["method"] == "HEAD" else body
        response = HTMLResponse(content, headers=headers)
        await response(scope, receive, send)
