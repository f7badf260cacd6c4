"""The `<head>` tags Next.js generates for a page's metadata images, from our routes.

For a page path, the page's folder is the best-ranked folder pattern that matches it whole
(else the deepest that matches a prefix); each kind of image (icon, apple-icon, Open Graph,
Twitter) then comes from the nearest folder on the way down that has one, as Next's nearest
segment replaces the root's. og/twitter URLs are absolute (`site_url`), icon hrefs
root-relative, and each carries `?<16 hex>` from the cache key's source hash, which covers the
project modules a segment imports (Next hashes the file alone).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass

from handler.cache import keys
from handler.metadata import MetadataCache, Params, Variant
from handler.segments import Convention, Part, PartKind, Registry, Route, match_parts, variants_for
from handler.signing import Signer, environment_signer

_RANK = {Convention.OPENGRAPH_IMAGE: 0, Convention.TWITTER_IMAGE: 1, Convention.ICON: 2}


@dataclass(frozen=True, slots=True)
class ImageTag:
    """One variant as a page links it."""

    convention: Convention
    url: str
    variant: Variant


async def page_images(
    registry: Registry,
    page_path: str,
    cache: MetadataCache,
    now: float,
    site_url: str,
    signer: Signer | None = None,
) -> list[ImageTag]:
    """The images a page at `page_path` gets, nearest segment first, Next's order; each URL
    signed by `signer` (None: the environment's, handler.signing; unsigned without keys)."""
    signer = signer or environment_signer(os.environ)
    page = [p for p in page_path.split("?")[0].split("/") if p]
    found = _page_folder(registry, page)
    if found is None:
        return []
    folder, values = found
    tags: list[ImageTag] = []
    for convention in sorted(Convention, key=lambda c: _RANK.get(c, 3)):
        for route in _nearest(registry, folder, convention):
            params = _params_for(route, values)
            for variant in await variants_for(route, params, cache, now):
                path = route.url(params, variant.url_id) + "?" + keys.version_tag(route.source_hash)
                path = signer.sign(path)  # over the path and its `?<hash>`
                absolute = convention in (Convention.OPENGRAPH_IMAGE, Convention.TWITTER_IMAGE)
                tags.append(ImageTag(convention, (site_url if absolute else "") + path, variant))
    return tags


def render_tags(images: Sequence[ImageTag]) -> list[str]:
    """The HTML lines, as Next writes them."""
    lines: list[str] = []
    twitter = [i for i in images if i.convention is Convention.TWITTER_IMAGE]
    og = [i for i in images if i.convention is Convention.OPENGRAPH_IMAGE]
    for image in og:
        lines.append(_meta("property", "og:image", image.url))
        lines.extend(_details("property", "og:image", image.variant, alt_first=False))
    if og or twitter:
        card = "summary_large_image" if twitter else "summary"
        lines.append(_meta("name", "twitter:card", card))
    for image in twitter:
        lines.append(_meta("name", "twitter:image", image.url))
        lines.extend(_details("name", "twitter:image", image.variant, alt_first=True))
    for image in images:
        if image.convention in (Convention.ICON, Convention.APPLE_ICON):
            rel = "icon" if image.convention is Convention.ICON else "apple-touch-icon"
            size = image.variant.size
            sizes = f"{size.width}x{size.height}" if size else "any"
            attrs = {
                "rel": rel,
                "href": image.url,
                "type": image.variant.content_type,
                "sizes": sizes,
            }
            lines.append(
                "<link " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + "/>"
            )
    return lines


def _details(attr: str, name: str, variant: Variant, *, alt_first: bool) -> list[str]:
    alt = [_meta(attr, f"{name}:alt", variant.alt)] if variant.alt else []
    rest = [_meta(attr, f"{name}:type", variant.content_type)]
    if variant.size is not None:
        rest.append(_meta(attr, f"{name}:width", str(variant.size.width)))
        rest.append(_meta(attr, f"{name}:height", str(variant.size.height)))
    return alt + rest if alt_first else rest + alt


def _meta(attr: str, name: str, content: str) -> str:
    return f'<meta {attr}="{name}" content="{html.escape(content)}"/>'


def _page_folder(
    registry: Registry, page: list[str]
) -> tuple[tuple[Part, ...], dict[str, str | list[str]]] | None:
    folders = {r.parts[:k] for r in registry.routes for k in range(len(r.parts) + 1)}
    ranked = sorted(folders, key=lambda f: tuple((p.kind.value, p.value) for p in f))
    for length in range(len(page), -1, -1):
        for folder in ranked:
            values = match_parts(folder, page[:length])
            if values is not None:
                return folder, values
    return None


def _nearest(registry: Registry, folder: tuple[Part, ...], convention: Convention) -> list[Route]:
    above = [
        r
        for r in registry.routes
        if r.convention is convention and folder[: len(r.parts)] == r.parts
    ]
    deepest = max((len(r.parts) for r in above), default=0)
    return sorted((r for r in above if len(r.parts) == deepest), key=lambda r: r.name)


def _params_for(route: Route, values: dict[str, str | list[str]]) -> Params:
    names = [p.value for p in route.parts if p.kind is not PartKind.STATIC]
    if not names:
        return None
    return {n: values[n] for n in names if n in values}
