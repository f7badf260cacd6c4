"""Size limits: every past-limit render fails fast with `LimitExceeded` naming limit and value."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

from handler import ImageResponse, LimitExceeded, h
from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.render.elements import Element
from handler.render.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_canvas,
    current_limits,
    set_limits,
    use_limits,
)
from handler.render.paint.images import ImageLoader
from handler.render.pipeline import render_image
from tests.conftest import SegmentWriter
from tests.helpers import png_bytes

QUICK = 3.0
"""Seconds a refusal may take on a busy machine (the work it stops took 4-70 s)."""


def flex(*children: object, **style: object) -> Element:
    return h("div", {"style": {"display": "flex", **style}}, *children)  # type: ignore[arg-type]


def nested(depth: int) -> Element:
    node = flex("x")
    for _ in range(depth - 1):
        node = flex(node)
    return node


def refused(make: Callable[[], object], match: str) -> float:
    start = time.perf_counter()
    with pytest.raises(LimitExceeded, match=match):
        make()
    return time.perf_counter() - start


@pytest.fixture
def restore_limits() -> Iterator[None]:
    before = current_limits()
    yield
    set_limits(before)


@pytest.mark.parametrize(
    ("width", "height", "match"),
    [
        pytest.param(20000, 20000, r"canvas 20000x20000: a side is over max_side=8192", id="side"),
        pytest.param(5000, 5000, r"25,000,000 px: over max_canvas_pixels=16,777,216", id="area"),
        pytest.param(0, 10, r"canvas 0x10: sides must be ints of at least 1 px", id="zero"),
        pytest.param(1200.5, 630, r"sides must be ints", id="float"),
    ],
)
def test_image_response_refuses_a_canvas_past_the_limits(
    width: int, height: int, match: str
) -> None:
    took = refused(lambda: ImageResponse(flex("Hi"), width=width, height=height), match)
    assert took < QUICK


@pytest.mark.parametrize(
    ("source", "match"),
    [
        pytest.param(
            """
            from handler import ImageResponse, h
            def image():
                return ImageResponse(h("div", {}), width=20000, height=20000)
            """,
            "canvas 20000x20000: a side is over max_side=8192 px",
            id="image-response-size",
        ),
        pytest.param(
            """
            from handler import ImageResponse, h
            size = {"width": 8192, "height": 8192}
            def image():
                return ImageResponse(h("div", {}))
            """,
            "canvas 8192x8192 is 67,108,864 px: over max_canvas_pixels=16,777,216",
            id="metadata-size",
        ),
    ],
)
def test_a_segment_past_a_limit_is_a_500_naming_the_segment_and_the_limit(
    write_segments: SegmentWriter, source: str, match: str
) -> None:
    root = write_segments({"icon.py": source})
    app = create_app(Settings(segments_dir=root), MemoryStore())
    with TestClient(app, follow_redirects=False) as client:
        start = time.perf_counter()
        response = client.get("/icon")
    assert time.perf_counter() - start < QUICK
    assert response.status_code == 500
    assert response.text.startswith("Segment error: ")  # how the path is spelled is the app's
    assert response.text.endswith(f"icon.py: image: raised LimitExceeded: {match}")


def test_the_largest_allowed_canvas_still_renders() -> None:
    check_canvas(4096, 4096)
    check_canvas(8192, 2048)
    assert ImageResponse(flex(), width=8192, height=16).width == 8192


def test_limits_come_from_the_block_or_the_process(restore_limits: None) -> None:
    small = Limits(max_canvas_pixels=100)
    with use_limits(small):
        refused(lambda: render_image(flex(), width=11, height=10), "max_canvas_pixels=100")
    render_image(flex(), width=11, height=10)
    assert set_limits(small) is DEFAULT_LIMITS
    refused(lambda: render_image(flex(), width=11, height=10), "max_canvas_pixels=100")


def test_a_limit_must_be_a_positive_int() -> None:
    with pytest.raises(ValueError, match=r"Limits.max_depth must be a positive int, got 0"):
        Limits(max_depth=0)


@pytest.mark.timeout(30)
def test_ten_thousand_nested_divs_are_refused_before_styling() -> None:
    took = refused(
        lambda: render_image(nested(10_000), width=100, height=100),
        r"<div> is nested 101 deep, over max_depth=100",
    )
    assert took < QUICK


@pytest.mark.timeout(30)
def test_nested_html_is_refused_while_it_is_parsed() -> None:
    markup = "<div>" * 50_000 + "x" + "</div>" * 50_000  # parsing it whole took minutes
    took = refused(
        lambda: render_image(markup, width=100, height=100),
        r"<div> is nested 101 deep, over max_depth=100",
    )
    assert took < QUICK


def test_a_tree_at_the_depth_limit_renders() -> None:
    render_image(nested(DEFAULT_LIMITS.max_depth), width=100, height=100)


def test_too_many_elements_are_refused() -> None:
    tree = flex(*(flex() for _ in range(DEFAULT_LIMITS.max_elements)))
    refused(lambda: render_image(tree, width=100, height=100), r"more than max_elements=5,000")


@pytest.mark.timeout(30)
def test_a_megabyte_of_text_is_refused_before_layout() -> None:
    took = refused(
        lambda: render_image(flex("word " * 200_000), width=1200, height=630),
        r"1,000,000 characters of text, over max_text_chars=10,000",
    )
    assert took < QUICK


def test_html_with_too_many_elements_is_refused_while_it_is_parsed() -> None:
    markup = "<div>" + "<span>x</span>" * 100_000 + "</div>"  # parsed whole: 0.8 s
    took = refused(
        lambda: render_image(markup, width=100, height=100), r"more than max_elements=5,000"
    )
    assert took < 0.5


def test_text_across_nodes_counts_together() -> None:
    tree = flex(*(flex("x" * 1_000) for _ in range(11)))
    refused(lambda: render_image(tree, width=100, height=100), r"11,000 characters")


def test_a_decoded_image_past_max_image_pixels_is_refused_from_its_header() -> None:
    with use_limits(Limits(max_image_pixels=399)):
        refused(
            lambda: ImageLoader().load(png_bytes(20, 20)),
            r"<bytes>: a PNG image: 20x20 is 400 px, over max_image_pixels=399",
        )
        ImageLoader().load(png_bytes(19, 21))


def test_a_huge_svg_is_refused_before_it_is_rasterised() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="30000" height="30000"/>'
    took = refused(
        lambda: render_image(flex(h("img", {"src": svg})), width=100, height=100),
        r"an SVG rasterised: 30000x30000 is 900,000,000 px",
    )
    assert took < QUICK


def test_the_decoded_image_cache_is_bounded_by_bytes() -> None:
    loader = ImageLoader(cache_bytes=2 * 100 * 100 * 4)  # two 100x100 RGBA images
    first = loader.load(png_bytes(100, 100, (1, 2, 3)))
    assert loader.load(png_bytes(100, 100, (1, 2, 3))) is first
    loader.load(png_bytes(100, 100, (4, 5, 6)))
    assert loader.load(png_bytes(100, 100, (1, 2, 3))) is first  # both fit
    loader.load(png_bytes(100, 100, (7, 8, 9)))  # the third pushes out the oldest
    assert loader.load(png_bytes(100, 100, (4, 5, 6))) is not None
    assert loader.load(png_bytes(100, 100, (1, 2, 3))) is not first


def test_the_default_loader_follows_the_limits_image_cache_bytes() -> None:
    loader = ImageLoader()
    with use_limits(Limits(image_cache_bytes=100 * 100 * 4 - 1)):
        first = loader.load(png_bytes(100, 100))
        assert loader.load(png_bytes(100, 100)) is not first  # too big to keep


PNG = png_bytes(8, 8)
HUGE = 30_000


@pytest.mark.parametrize(
    ("tree", "match"),
    [
        pytest.param(
            flex(width=200, height=200, backgroundImage="linear-gradient(red, blue)",
                 backgroundSize=f"{HUGE}px {HUGE}px"),
            r"a background-image tile on <div>: 30000x30000",
            id="background-tile",
        ),
        pytest.param(
            flex(h("img", {"src": PNG, "style": {"position": "absolute", "width": HUGE,
                                                 "height": HUGE}})),
            r"an image drawn at 30000x30000 on <div > img>",
            id="img-drawn-size",
        ),
        pytest.param(
            flex(flex(position="absolute", width=HUGE, height=HUGE, opacity=0.5,
                      backgroundColor="red")),
            r"a layer \(opacity, filter, transform or clip\)",
            id="opacity-layer",
        ),
        pytest.param(
            flex(flex(width=100, height=100, transform="scale(300)", backgroundColor="red")),
            r"a transformed layer",
            id="transform",
        ),
        pytest.param(
            flex(flex(width=100, height=100, boxShadow="0 0 20000px red")),
            r"a shadow blurred 20000px",
            id="box-shadow-blur",
        ),
        pytest.param(
            flex("Hi", textShadow="0 0 20000px red"), r"a shadow blurred 20000px", id="text-shadow"
        ),
    ],
)  # fmt: skip
@pytest.mark.timeout(30)
def test_paint_refuses_an_image_past_max_image_pixels_on_the_way(tree: Element, match: str) -> None:
    """Each of these took 6-70 s and 3-11 GB on a 200x200 canvas before the check."""
    took = refused(lambda: render_image(tree, width=200, height=200), match)
    assert took < QUICK


def test_a_huge_font_on_a_small_canvas_draws_only_what_shows() -> None:
    """The text's mask spans what can reach the canvas: 2000px text needs a 5000x2600 one
    unclipped, over this max_image_pixels; the pixels are the same either way."""
    tree = flex("Hello", fontSize=2000, marginTop=-1000)
    with use_limits(Limits(max_image_pixels=1_000_000)):
        image = render_image(tree, width=600, height=600)
    assert image.getbbox() == (184, 590, 356, 600)  # the top of the "H", as before the clip


@pytest.mark.timeout(30)
def test_one_pixel_background_tiles_are_quick_and_repeat_exactly() -> None:
    tree = flex(
        width=2000,
        height=2000,
        backgroundImage="linear-gradient(90deg, red, blue)",
        backgroundSize="2px 1px",
        backgroundPosition="1px 0px",
    )
    start = time.perf_counter()
    image = render_image(tree, width=2000, height=2000)
    assert time.perf_counter() - start < QUICK  # one paste a tile: 2,000,000 pastes, 3-8 s
    for x, y in ((0, 0), (1, 7), (1000, 999), (1996, 1997)):
        assert image.getpixel((x, y)) == image.getpixel((x + 2, y)) == image.getpixel((x, y + 1))
    assert image.getpixel((0, 0)) != image.getpixel((1, 0))  # two colours, in turn
