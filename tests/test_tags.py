"""`<head>` tags for a page path from the shipped segments, as Next writes them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from handler.metadata import MetadataCache
from handler.segments import scan
from handler.tags import page_images, render_tags

REPO = Path(__file__).resolve().parent.parent


def _tags(page: str) -> list[str]:
    registry = scan(REPO / "segments")
    images = asyncio.run(
        page_images(registry, page, MetadataCache(60), 0.0, "https://site.example")
    )
    return render_tags(images)


def test_product_page_tags() -> None:
    lines = _tags("/products/1")
    og = [line for line in lines if 'property="og:image"' in line]
    assert len(og) == 3
    assert og[0].startswith(
        '<meta property="og:image" content="https://site.example/products/1/opengraph-image/0?'
    )
    assert '<meta property="og:image:alt" content="Red running shoe, side view"/>' in lines
    assert '<meta property="og:image:width" content="1200"/>' in lines
    assert '<meta name="twitter:card" content="summary"/>' in lines
    icons = [line for line in lines if line.startswith('<link rel="icon"')]
    assert len(icons) == 2
    assert icons[0].startswith('<link rel="icon" href="/icon/small?')
    assert 'sizes="48x48"' in icons[0]
    assert any(line.startswith('<link rel="apple-touch-icon" href="/apple-icon?') for line in lines)


def test_nearest_icon_replaces_the_roots() -> None:
    icons = [line for line in _tags("/shop/7") if line.startswith('<link rel="icon"')]
    assert [i.split('"')[3].split("?")[0] for i in icons] == [
        "/shop/7/icon/small",
        "/shop/7/icon/medium",
    ]


def test_static_twitter_image_gives_summary_large_image() -> None:
    lines = _tags("/about")
    assert '<meta name="twitter:card" content="summary_large_image"/>' in lines
    assert '<meta name="twitter:image:alt" content="About Segmint on Twitter"/>' in lines
