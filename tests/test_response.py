"""ImageResponse: its defaults alone and inside a variant's canvas, and rendering from threads."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from handler import ImageResponse, h
from handler.render.response import Canvas, use_canvas
from tests.helpers import decode_png

DESIGNS = Path(__file__).resolve().parent.parent / "benchmarks" / "designs"
SQUARE = h("div", {"style": {"width": "100%", "height": "100%", "background": "#3b82f6"}})


def _open(response: ImageResponse) -> Image.Image:
    return decode_png(bytes(response.body))


def test_alone_it_renders_1200x630_png_with_vercel_og_cache_headers() -> None:
    response = ImageResponse(SQUARE)
    image = _open(response)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert response.media_type == "image/png"
    assert response.headers["cache-control"] == "public, immutable, no-transform, max-age=31536000"
    assert response.headers["content-length"] == str(len(response.body))


@pytest.mark.parametrize(
    ("content_type", "pil_format"),
    [
        pytest.param("image/png", "PNG", id="png"),
        pytest.param("image/jpeg", "JPEG", id="jpeg"),
        pytest.param("image/webp", "WEBP", id="webp"),
    ],
)
def test_inside_a_canvas_the_variant_sets_size_and_type(content_type: str, pil_format: str) -> None:
    with use_canvas(Canvas(48, 32, content_type)):
        response = ImageResponse(SQUARE)
    image = _open(response)
    assert (image.format, image.size) == (pil_format, (48, 32))
    assert response.media_type == content_type
    red, green, blue = image.convert("RGB").getpixel((24, 16))  # type: ignore[misc]
    assert max(abs(red - 0x3B), abs(green - 0x82), abs(blue - 0xF6)) < 6  # JPEG/WebP are lossy


def test_explicit_size_wins_over_the_canvas_and_the_canvas_ends_with_its_block() -> None:
    with use_canvas(Canvas(48, 48)):
        inside = ImageResponse(SQUARE, width=20, height=10)
    after = ImageResponse(SQUARE)
    assert _open(inside).size == (20, 10)
    assert _open(after).size == (1200, 630)


def test_status_and_headers_pass_through() -> None:
    response = ImageResponse(SQUARE, width=4, height=4, status=201, headers={"x-a": "b"})
    assert response.status_code == 201
    assert response.headers["x-a"] == "b"


def test_renders_from_many_threads_give_the_same_bytes_as_one_by_one() -> None:
    # The app renders sync image() functions in worker threads: caches shared across renders
    # (fonts, glyphs, styles, word widths) must not let concurrent renders disturb each other.
    designs = [(DESIGNS / f"{name}.html").read_text() for name in ("card", "text", "borders")]
    jobs = [d.replace("Image 1 of 3", f"Image {i}") for i in range(4) for d in designs]

    def digest(markup: str) -> str:
        return hashlib.sha256(bytes(ImageResponse(markup).body)).hexdigest()

    one_by_one = [digest(markup) for markup in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(digest, jobs))
    assert threaded == one_by_one
