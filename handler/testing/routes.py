"""What a test asks of the routes without a request: a route's variants, a page's images."""

from __future__ import annotations

from dataclasses import dataclass

from handler.metadata import MetadataCache, Params, Variant
from handler.segments import Part, PartKind, Registry, Route, match_parts, variants_for
from handler.tags import ImageTag, page_images, render_tags


@dataclass(frozen=True, slots=True)
class VariantInfo:
    """One variant of a route as its metadata declares it; `size` None for an SVG file."""

    url: str
    id: str | int | None
    size: tuple[int, int] | None
    content_type: str
    alt: str | None


@dataclass(frozen=True, slots=True)
class PageTags:
    """The images a page links in its `<head>`, nearest segment first, and the HTML lines."""

    images: tuple[ImageTag, ...]
    html: tuple[str, ...]

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(image.url for image in self.images)


async def route_variants(
    registry: Registry, url: str, cache: MetadataCache, now: float
) -> tuple[VariantInfo, ...]:
    """The variants of the route serving `url` (`/shop/shoes/icon`: a route's URL without the
    id; with one, as `/shop/shoes/icon/small`, the same list)."""
    parts = [p for p in url.split("?")[0].split("/") if p]
    found = _route_for(registry, parts)
    if found is not None:
        route, params = found
        variants = await variants_for(route, params, cache, now)
        return tuple(_info(route, params, variant) for variant in variants)
    known = ", ".join(r.template for r in registry.routes) or "none"
    raise AssertionError(f"no route serves {url!r}; the routes: {known}")


def _route_for(registry: Registry, parts: list[str]) -> tuple[Route, Params] | None:
    """The app's own match of a variant's URL, else the route whose URL without the id fits."""
    found = registry.match(parts)
    if found is not None:
        return found.route, found.params
    for route in registry.routes:
        values = match_parts((*route.parts, Part(PartKind.STATIC, route.name)), parts)
        if values is not None:
            return route, values if route.is_dynamic else None
    return None


def _info(route: Route, params: Params, variant: Variant) -> VariantInfo:
    size = None if variant.size is None else (variant.size.width, variant.size.height)
    url = route.url(params, variant.url_id)
    return VariantInfo(url, variant.id, size, variant.content_type, variant.alt)


async def page_tags(
    registry: Registry, page: str, cache: MetadataCache, now: float, site_url: str
) -> PageTags:
    images = await page_images(registry, page, cache, now, site_url)
    return PageTags(tuple(images), tuple(render_tags(images)))
