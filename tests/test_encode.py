"""Encode: valid images back through Pillow, the same bytes every time, alpha only when needed."""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.jobs import ICON_HTML, load_design
from handler import parse_html
from handler.exceptions import RenderError
from handler.render.encode import _BLOCK_BYTES, encode, encode_png, is_opaque
from handler.render.pipeline import render_image
from tests.helpers import decode_png
from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "benchmarks" / "designs" / "card.html"
SUBPROCESS_TIMEOUT = 60


def sample(alpha: int = 255) -> Image.Image:
    image = Image.linear_gradient("L").resize((120, 63)).convert("RGBA")
    image.paste((200, 40, 90, alpha), (10, 10, 60, 40))
    return image


decode = decode_png


@pytest.mark.parametrize(
    ("content_type", "fmt"),
    [
        pytest.param("image/png", "PNG", id="png"),
        pytest.param("image/jpeg", "JPEG", id="jpeg"),
        pytest.param("image/webp", "WEBP", id="webp"),
    ],
)
def test_encodes_a_valid_image(content_type: str, fmt: str) -> None:
    decoded = decode(encode(sample(), content_type))
    assert decoded.format == fmt
    assert decoded.size == (120, 63)


def test_png_round_trips_pixels_exactly() -> None:
    image = sample(alpha=100)
    decoded = decode(encode(image, "image/png"))
    assert decoded.mode == "RGBA"
    assert decoded.tobytes() == image.tobytes()


def test_png_drops_alpha_when_opaque() -> None:
    decoded = decode(encode(sample(), "image/png"))
    assert decoded.mode == "RGB"
    assert decoded.tobytes() == sample().convert("RGB").tobytes()


def test_webp_keeps_alpha_when_translucent() -> None:
    assert decode(encode(sample(alpha=0), "image/webp")).mode == "RGBA"


def test_jpeg_flattens_transparency_onto_white() -> None:
    image = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
    pixel = decode(encode(image, "image/jpeg")).getpixel((8, 8))
    assert isinstance(pixel, tuple)
    assert min(pixel) > 245


def test_same_bytes_twice() -> None:
    for content_type in ("image/png", "image/jpeg", "image/webp"):
        assert encode(sample(), content_type) == encode(sample(), content_type)


@pytest.mark.timeout(180)
def test_same_bytes_in_another_process() -> None:
    script = (
        "import hashlib, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from test_encode import sample\n"
        "from handler.render.encode import encode\n"
        "for t in ('image/png', 'image/jpeg', 'image/webp'):\n"
        "    print(hashlib.sha256(encode(sample(), t)).hexdigest())\n"
    )
    out = run_bounded([sys.executable, "-c", script], cwd=ROOT, timeout=120).stdout.split()
    types = ("image/png", "image/jpeg", "image/webp")
    here = [hashlib.sha256(encode(sample(), t)).hexdigest() for t in types]
    assert out == here


def test_unknown_type_is_a_clear_error() -> None:
    with pytest.raises(RenderError, match=r"'image/gif'.*image/png, image/jpeg, image/webp"):
        encode(sample(), "image/gif")


def test_content_type_parameters_are_ignored() -> None:
    assert decode(encode(sample(), "image/PNG; charset=binary")).format == "PNG"


def test_png_of_grey_image() -> None:
    image = Image.new("L", (7, 3), 99)
    assert decode(encode_png(image)).tobytes() == image.tobytes()


ROWS_PER_STEP = _BLOCK_BYTES // (1200 * 3 + 1)  # rows `scanlines` packs at a time, 1200 px RGB


@pytest.mark.parametrize(
    "height",
    [1, ROWS_PER_STEP - 1, ROWS_PER_STEP, ROWS_PER_STEP + 1, 2 * ROWS_PER_STEP + 1],
)
def test_png_rows_survive_every_block_boundary(height: int) -> None:
    image = Image.linear_gradient("L").resize((1200, height)).convert("RGBA")
    image.putpixel((5, height - 1), (1, 2, 3, 255))  # one colour: not written as greyscale
    decoded = decode(encode(image, "image/png"))
    assert decoded.mode == "RGB"
    assert decoded.tobytes() == image.convert("RGB").tobytes()


def test_png_of_palette_image_keeps_its_transparency() -> None:
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 255, 0])
    image.info["transparency"] = 0
    image.putpixel((4, 4), 1)
    decoded = decode(encode(image, "image/png"))
    assert decoded.mode == "RGBA"
    assert decoded.getpixel((0, 0)) == (255, 0, 0, 0)
    assert decoded.getpixel((4, 4)) == (0, 255, 0, 255)


def shifted_gradient(mode: str) -> Image.Image:
    """A card-like picture in `mode`: diagonal gradient rows (each row the one above moved by
    a pixel, as paint draws them), a translucent band and a noisy patch no filter predicts."""
    base = Image.linear_gradient("L").rotate(90).resize((400 + 120, 1))
    rows = Image.new("L", (400, 120))
    for y in range(120):
        rows.paste(base.crop((y, 0, y + 400, 1)), (0, y))
    image = Image.merge(
        "RGBA", (rows, rows.point(lambda v: 255 - v), rows, Image.new("L", (400, 120), 255))
    )
    image.paste((250, 250, 250, 128), (40, 40, 360, 60))
    noise = random.Random(7).randbytes(50 * 30 * 3)  # seeded: the same pixels in every process
    image.paste(Image.frombytes("RGB", (50, 30), noise).convert("RGBA"), (300, 80))
    return image.convert(mode)


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA"])
def test_png_is_lossless_in_every_mode(mode: str) -> None:
    image = shifted_gradient(mode)
    decoded = decode(encode_png(image))
    assert decoded.mode == mode
    assert decoded.tobytes() == image.tobytes()


def test_png_keeps_translucent_alpha_and_drops_opaque_alpha() -> None:
    translucent = shifted_gradient("RGBA")
    translucent.putpixel((0, 0), (1, 2, 3, 254))
    assert not is_opaque(translucent)
    assert decode(encode(translucent, "image/png")).mode == "RGBA"
    opaque = shifted_gradient("RGB").convert("RGBA")
    assert is_opaque(opaque)
    assert decode(encode(opaque, "image/png")).mode == "RGB"


def test_png_bytes_are_the_same_in_two_fresh_processes() -> None:
    script = (
        "import hashlib\n"
        "from tests.test_encode import shifted_gradient\n"
        "from handler.render.encode import encode\n"
        "for mode in ('L', 'RGB', 'RGBA'):\n"
        "    print(hashlib.sha256(encode(shifted_gradient(mode), 'image/png')).hexdigest())\n"
    )
    runs = [
        run_bounded(
            [sys.executable, "-c", script], cwd=ROOT, timeout=SUBPROCESS_TIMEOUT
        ).stdout.split()
        for _ in range(2)
    ]
    here = [
        hashlib.sha256(encode(shifted_gradient(mode), "image/png")).hexdigest()
        for mode in ("L", "RGB", "RGBA")
    ]
    assert runs[0] == runs[1] == here


def test_card_png_is_smaller_than_the_unfiltered_isal_writer_made_it() -> None:
    # The writer before (ISA-L level 3, no filter) made 101 KB of this card; libdeflate 6
    # makes ~72 KB. 80 KB leaves room for text rendering to move, not for the old writer.
    job = load_design(CARD)
    image = render_image(job.html, width=job.width, height=job.height)
    data = encode(image, "image/png")
    assert len(data) < 80_000
    assert decode(data).tobytes() == image.convert("RGB").tobytes()


@pytest.mark.parametrize(
    ("mode", "alpha"),
    [
        pytest.param("RGBA", 100, id="rgba-rows-wider-than-pillows-buffer"),
        pytest.param("RGBA", 255, id="opaque-rgba-written-as-rgb"),
        pytest.param("L", 255, id="grey"),
    ],
)
def test_png_of_a_very_wide_image(mode: str, alpha: int) -> None:
    image = Image.linear_gradient("L").resize((16_400, 3)).convert("RGBA")
    image.putalpha(alpha)
    image.putpixel((0, 0), (255, 0, 0, alpha))  # one colour: not written as greyscale
    image = image.convert(mode)
    decoded = decode(encode(image, "image/png"))
    expected = image.convert("RGB") if mode == "RGBA" and alpha == 255 else image
    assert decoded.mode == expected.mode
    assert decoded.tobytes() == expected.tobytes()


def _color_type(png: bytes) -> int:
    return png[25]  # IHDR: signature 8, length 4, type 4, width 4, height 4, bit depth 1


def _grey_rgba(height: int = 70, alpha: int = 255) -> Image.Image:
    image = Image.linear_gradient("L").resize((90, height)).convert("RGBA")
    image.paste((250, 250, 250, alpha), (20, 10, 70, 30))
    return image


def test_a_grey_opaque_image_is_written_as_greyscale_and_decodes_the_same() -> None:
    image = _grey_rgba()
    png = encode(image, "image/png")
    assert _color_type(png) == 0
    assert decode(png).convert("RGB").tobytes() == image.convert("RGB").tobytes()


def test_a_grey_translucent_image_is_written_as_grey_with_alpha() -> None:
    image = _grey_rgba(alpha=128)
    png = encode(image, "image/png")
    assert _color_type(png) == 4
    assert decode(png).convert("RGBA").tobytes() == image.tobytes()


@pytest.mark.parametrize("row", [0, 7, 8, 23, 24, 199])
def test_one_coloured_pixel_in_any_band_keeps_the_colour(row: int) -> None:
    image = _grey_rgba(height=200)
    image.putpixel((89, row), (10, 11, 10, 255))
    png = encode(image, "image/png")
    assert _color_type(png) == 2
    assert decode(png).convert("RGB").tobytes() == image.convert("RGB").tobytes()


def test_a_white_on_black_icon_is_smaller_as_greyscale() -> None:
    icon = render_image(parse_html(ICON_HTML), width=72, height=72)
    grey = encode(icon, "image/png")
    colour = encode_png(icon, drop_alpha=True)
    assert _color_type(grey) == 0
    assert len(grey) < 0.7 * len(colour)
