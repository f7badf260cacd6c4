"""The metadata images of a page as Next.js resolves them, and the `<head>` tags it writes.

For a page path, the page's folder is the best-ranked folder pattern that matches it whole
(else the deepest that matches a prefix: Segmint does not know the site's pages, and a page
below a folder inherits from it as Next's layouts pass metadata down); each kind of image
(icon, apple-icon, Open Graph, Twitter) then comes from the nearest folder on the way down that
has one, as Next's nearest segment replaces the root's. Every URL is absolute on `site_url`
(Next writes icon hrefs root-relative, which only works when the page and the images share a
host) and carries `?<16 hex>` from the cache key's source hash, which covers the project modules
a segment imports (Next hashes the file alone).

Twitter, as Next's metadata resolution does it (resolve-metadata.ts `postProcessMetadata`,
resolvers/resolve-opengraph.ts `resolveTwitter`): twitter images come from the nearest
`twitter-image`; when a page has none but has Open Graph images, the Open Graph images are
copied into `twitter.images`; the card is `summary_large_image` whenever twitter ends up with
images. A page with neither kind has no `twitter:` tag at all.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from handler.cache import keys
from handler.metadata import MetadataCache, Params, Variant
from handler.segments import (
    Convention,
    Part,
    PartKind,
    Registry,
    Route,
    allowed_params,
    match_parts,
    variants_for,
)
from handler.signing import Signer, environment_signer

_RANK = {Convention.OPENGRAPH_IMAGE: 0, Convention.TWITTER_IMAGE: 1, Convention.ICON: 2}
LARGE_CARD = "summary_large_image"


@dataclass(frozen=True, slots=True)
class ImageTag:
    """One variant as a page links it."""

    convention: Convention
    url: str
    variant: Variant


@dataclass(frozen=True, slots=True)
class PageHead:
    """A page's images sorted into Next's resolved metadata: openGraph.images, twitter.images
    (`twitter_from_og` when they are the Open Graph ones), icons.icon and icons.apple."""

    open_graph: tuple[ImageTag, ...]
    twitter: tuple[ImageTag, ...]
    twitter_from_og: bool
    icons: tuple[ImageTag, ...]
    apple: tuple[ImageTag, ...]

    @property
    def twitter_card(self) -> str | None:
        """`summary_large_image` when twitter has images; None when there is no twitter tag."""
        return LARGE_CARD if self.twitter else None


def page_parts(page_path: str) -> list[str] | None:
    """A page path's decoded parts, or None when it cannot be a page (an empty, `.` or `..`
    part). A trailing slash is the same page.

    >>> page_parts("/shop/hello%20world/"), page_parts("/"), page_parts("/a//b")
    (['shop', 'hello world'], [], None)
    """
    path = page_path.split("?")[0].split("#")[0]
    raw = path.strip("/").split("/") if path.strip("/") else []
    parts = [unquote(p) for p in raw]
    if any(p in ("", ".", "..") for p in parts):
        return None
    return parts


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
    page = page_parts(page_path)
    found = None if page is None else _page_folder(registry, page)
    if found is None:
        return []
    folder, values = found
    tags: list[ImageTag] = []
    for convention in sorted(Convention, key=lambda c: _RANK.get(c, 3)):
        for route in _nearest(registry, folder, convention):
            params = _params_for(route, values)
            if not await allowed_params(route, params, cache, now):
                continue  # `dynamic_params = False` and not listed: its URLs answer 404
            for variant in await variants_for(route, params, cache, now):
                path = route.url(params, variant.url_id) + "?" + keys.version_tag(route.source_hash)
                path = signer.sign(path)  # over the path and its `?<hash>`
                tags.append(ImageTag(convention, site_url + path, variant))
    return tags


def page_head(images: Sequence[ImageTag]) -> PageHead:
    """Sort `images` as Next's metadata resolution does, twitter's fallback included."""

    def of(convention: Convention) -> tuple[ImageTag, ...]:
        return tuple(i for i in images if i.convention is convention)

    og, twitter = of(Convention.OPENGRAPH_IMAGE), of(Convention.TWITTER_IMAGE)
    return PageHead(
        open_graph=og,
        twitter=twitter or og,
        twitter_from_og=not twitter and bool(og),
        icons=of(Convention.ICON),
        apple=of(Convention.APPLE_ICON),
    )


def render_tags(images: Sequence[ImageTag]) -> list[str]:
    """The HTML lines, as Next writes them: og:image, twitter:, then icon and apple links.

    The sub-tags of an image follow the keys of Next's image descriptor in order: Open Graph
    `type, width, height, alt`, Twitter `alt, type, width, height`; twitter images copied from
    Open Graph keep the Open Graph descriptor and so its order.
    """
    head = page_head(images)
    lines: list[str] = []
    for image in head.open_graph:
        lines.append(_meta("property", "og:image", image.url))
        lines.extend(_details("property", "og:image", image.variant, alt_first=False))
    if head.twitter_card is not None:
        lines.append(_meta("name", "twitter:card", head.twitter_card))
    for image in head.twitter:
        lines.append(_meta("name", "twitter:image", image.url))
        lines.extend(
            _details("name", "twitter:image", image.variant, alt_first=not head.twitter_from_og)
        )
    for image in (*head.icons, *head.apple):
        attrs = {
            "rel": _rel(image.convention),
            "href": image.url,
            "type": image.variant.content_type,
            "sizes": _sizes(image.variant),
        }
        lines.append(
            "<link " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + "/>"
        )
    return lines


def head_json(page: str, images: Sequence[ImageTag]) -> dict[str, Any]:
    """The JSON answer of the tags endpoint: every image in the order of `render_tags`, each
    with the attribute that names it in the HTML (`property`, `name` or `rel`)."""
    head = page_head(images)
    entries = [_entry(i, {"property": "og:image"}) for i in head.open_graph]
    entries += [_entry(i, {"name": "twitter:image"}) for i in head.twitter]
    entries += [_entry(i, {"rel": _rel(i.convention)}) for i in (*head.icons, *head.apple)]
    return {"page": page, "twitter_card": head.twitter_card, "images": entries}


def _entry(image: ImageTag, names: dict[str, str]) -> dict[str, Any]:
    size = image.variant.size
    entry: dict[str, Any] = {
        **names,
        "url": image.url,
        "type": image.variant.content_type,
        "width": size.width if size else None,
        "height": size.height if size else None,
        "alt": image.variant.alt,
        "convention": image.convention.value,
    }
    if "rel" in names:
        entry["sizes"] = _sizes(image.variant)
    return entry


def _rel(convention: Convention) -> str:
    return "icon" if convention is Convention.ICON else "apple-touch-icon"


def _sizes(variant: Variant) -> str:
    size = variant.size
    return f"{size.width}x{size.height}" if size else "any"


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
