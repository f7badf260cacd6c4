"""`<head>` tags for a page path, as Next writes them: the shipped segments and the three
twitter cases of Next's metadata resolution (twitter image, Open Graph only, neither)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from handler.metadata import MetadataCache
from handler.segments import scan
from handler.tags import head_json, page_images, page_parts, render_tags

REPO = Path(__file__).resolve().parent.parent
SITE = "https://site.example"
SegmentWriter = Callable[[dict[str, str]], Path]

OG = """\
generate_image_metadata = lambda params: [
    {"id": 0, "alt": "Card", "size": {"width": 1200, "height": 600}, "content_type": "image/png"}
]
def image():
    return b""
"""
TWITTER = """\
alt = "Tweet card"
def image():
    return b""
"""
ICON = """\
size = {"width": 48, "height": 48}
def image():
    return b""
"""


def _tags(page: str, root: Path = REPO / "segments") -> list[str]:
    images = asyncio.run(page_images(scan(root), page, MetadataCache(60), 0.0, SITE))
    return render_tags(images)


def _without_versions(lines: list[str]) -> list[str]:
    """The lines with each `?<16 hex>` version left out, to compare with a written-out head."""
    return [
        line.split("?")[0] + line[line.index('"', line.index("?")) :] if "?" in line else line
        for line in lines
    ]


def test_product_page_tags() -> None:
    lines = _tags("/products/1")
    og = [line for line in lines if 'property="og:image"' in line]
    assert len(og) == 3
    assert og[0].startswith(
        '<meta property="og:image" content="https://site.example/products/1/opengraph-image/0?'
    )
    assert '<meta property="og:image:alt" content="Red running shoe, side view"/>' in lines
    assert '<meta property="og:image:width" content="1200"/>' in lines
    assert '<meta name="twitter:card" content="summary_large_image"/>' in lines
    icons = [line for line in lines if line.startswith('<link rel="icon"')]
    assert len(icons) == 2
    assert icons[0].startswith('<link rel="icon" href="https://site.example/icon/small?')
    assert 'sizes="48x48"' in icons[0]
    assert any(
        line.startswith('<link rel="apple-touch-icon" href="https://site.example/apple-icon?')
        for line in lines
    )


def test_nearest_icon_replaces_the_roots() -> None:
    icons = [line for line in _tags("/shop/7") if line.startswith('<link rel="icon"')]
    assert [i.split('"')[3].split("?")[0] for i in icons] == [
        f"{SITE}/shop/7/icon/small",
        f"{SITE}/shop/7/icon/medium",
    ]


def test_a_twitter_image_gives_its_own_tags(write_segments: SegmentWriter) -> None:
    root = write_segments({"opengraph-image.py": OG, "twitter-image.py": TWITTER})
    assert _without_versions(_tags("/", root)) == [
        f'<meta property="og:image" content="{SITE}/opengraph-image/0"/>',
        '<meta property="og:image:type" content="image/png"/>',
        '<meta property="og:image:width" content="1200"/>',
        '<meta property="og:image:height" content="600"/>',
        '<meta property="og:image:alt" content="Card"/>',
        '<meta name="twitter:card" content="summary_large_image"/>',
        f'<meta name="twitter:image" content="{SITE}/twitter-image"/>',
        '<meta name="twitter:image:alt" content="Tweet card"/>',
        '<meta name="twitter:image:type" content="image/png"/>',
        '<meta name="twitter:image:width" content="1200"/>',
        '<meta name="twitter:image:height" content="630"/>',
    ]


def test_open_graph_only_fills_twitter_from_it(write_segments: SegmentWriter) -> None:
    # Next's postProcessMetadata: no twitter images, so twitter.images = openGraph.images (the
    # same descriptors, so the same sub-tags in the same order) and the card is large.
    root = write_segments({"opengraph-image.py": OG, "icon.py": ICON})
    assert _without_versions(_tags("/", root)) == [
        f'<meta property="og:image" content="{SITE}/opengraph-image/0"/>',
        '<meta property="og:image:type" content="image/png"/>',
        '<meta property="og:image:width" content="1200"/>',
        '<meta property="og:image:height" content="600"/>',
        '<meta property="og:image:alt" content="Card"/>',
        '<meta name="twitter:card" content="summary_large_image"/>',
        f'<meta name="twitter:image" content="{SITE}/opengraph-image/0"/>',
        '<meta name="twitter:image:type" content="image/png"/>',
        '<meta name="twitter:image:width" content="1200"/>',
        '<meta name="twitter:image:height" content="600"/>',
        '<meta name="twitter:image:alt" content="Card"/>',
        f'<link rel="icon" href="{SITE}/icon" type="image/png" sizes="48x48"/>',
    ]


def test_neither_image_means_no_twitter_tag(write_segments: SegmentWriter) -> None:
    root = write_segments({"icon.py": ICON})
    lines = _tags("/", root)
    assert [line for line in lines if "twitter:" in line] == []
    assert len(lines) == 1


def test_json_lists_the_images_as_the_html_does(write_segments: SegmentWriter) -> None:
    root = write_segments({"opengraph-image.py": OG, "icon.py": ICON})
    images = asyncio.run(page_images(scan(root), "/", MetadataCache(60), 0.0, SITE))
    answer = head_json("/", images)
    assert answer["twitter_card"] == "summary_large_image"
    names = [
        (e.get("property") or e.get("name") or e["rel"], e["convention"]) for e in answer["images"]
    ]
    assert names == [
        ("og:image", "opengraph-image"),
        ("twitter:image", "opengraph-image"),
        ("icon", "icon"),
    ]
    og = answer["images"][0]
    assert og["url"].startswith(f"{SITE}/opengraph-image/0?")
    assert {k: og[k] for k in ("type", "width", "height", "alt")} == {
        "type": "image/png",
        "width": 1200,
        "height": 600,
        "alt": "Card",
    }
    assert answer["images"][2]["sizes"] == "48x48"


@pytest.mark.parametrize(
    ("page", "parts"),
    [
        pytest.param("/", [], id="root"),
        pytest.param("/shop/a%2Fb/", ["shop", "a/b"], id="encoded-slash"),
        pytest.param("/a/../b", None, id="dot-dot"),
        pytest.param("/a//b", None, id="empty-part"),
    ],
)
def test_page_parts(page: str, parts: list[str] | None) -> None:
    assert page_parts(page) == parts


def test_params_a_route_does_not_serve_get_no_tags(write_segments: SegmentWriter) -> None:
    root = write_segments(
        {
            "icon.py": ICON,
            "shop/[slug]/icon.py": (
                "dynamic_params = False\n"
                "def generate_static_params():\n    return [{'slug': 'shoes'}]\n" + ICON
            ),
        }
    )
    served = [line.split('"')[3].split("?")[0] for line in _tags("/shop/shoes", root)]
    unlisted = [line.split('"')[3].split("?")[0] for line in _tags("/shop/hats", root)]
    assert served == [f"{SITE}/shop/shoes/icon"]
    # The nearest icon would answer 404 there (Next answers the page itself 404): none listed.
    assert unlisted == []
