"""Pixels -> bytes: PNG (our own writer over libdeflate), JPEG and WebP (Pillow).

Output is a pure function of the pixels: no timestamps, text chunks or random state, so the same
image gives the same bytes in every process (the cache key relies on it).

PNG: rows are stored unfiltered (filter type 0) and deflated by libdeflate, level 6, in one call,
as greyscale when every pixel's red, green and blue are equal (a white-on-black icon: the 72x72
seed icon 454 -> 273 bytes), without alpha when every pixel is opaque.
`make bench-encode` (python -m benchmarks.encode_png) on the card, 1200x630 RGB, Intel Xeon
with 2 cores (AVX-512), median of 11 runs (3 for the slow ones), ms of the whole encode:

    no filter, libdeflate 6 (shipped)          55.8 KB     6.6 ms
    no filter, libdeflate 4 / 8 / 9            58.9 / 55.5 / 55.3 KB   6.0 / 9.0 / 10.3 ms
    no filter, libdeflate 12                   50.2 KB   218 ms
    no filter, ISA-L 3 (the writer before)     83.1 KB     5.2 ms
    no filter, zlib 6 / 9                      56.4 / 54.9 KB   10.9 / 23.5 ms
    Sub or Up on every row, libdeflate 6      131.3 / 128.4 KB   11.5 / 11.6 ms
    Pillow compress_level=6 / 9               115.0 / 65.5 KB   28 / 124 ms

(The ISA-L row packs rows and checks opacity as this module now does; the writer before also
spent ~3 ms in getextrema() to learn the card was opaque, where an alpha histogram takes 0.4.)

Gradients are drawn as whole-pixel shifted rows, which deflate matches a row back. Every PNG filter
turns those rows into sparse small differences whose long zero runs fill deflate's hash chains, so
the row-back match is lost: Sub or Up doubles the card, and Pillow's per-row choice (minimum sum of
absolute differences, as libpng) is 2x at level 6. Past level 6 libdeflate gains under 1% on the
card and 7% on text.html (levels 8-9) for 1.4-2x the time; level 12 (near-optimal parsing) saves
10% on the card at ~33x. The text is most of the rest: its antialiased edges over the gradient
were 54 of the card's 72 KB until glyph coverage was kept in eighths (paint/glyphs.py
`COVERAGE_STEPS`, 72.2 -> 55.8 KB); the full-precision pixels' smallest lossless PNG, oxipng at
its maximum with Zopfli (measured once, not shipped), is 67.5 KB. Filters do win on stretched
bitmaps (benchmarks/designs/images.html: Up 9.2 KB, none 17.5 KB).

libdeflate's output is fixed for a given libdeflate version and level; the pinned `deflate`
wheel bundles libdeflate 1.25, whose compressor is the same C on x86_64 and arm64 (its only
CPU-specific parts, SIMD table initialisation and the Adler-32 checksum, compute the same values;
not run on arm64 here). Its version is in the cache key (`RENDERER_FINGERPRINT`), as Pillow's is.
"""

from __future__ import annotations

import struct
import zlib
from enum import Enum

import deflate
from PIL import Image, ImageChops, ImageFile

from handler.exceptions import RenderError

PNG_LEVEL = 6
JPEG_QUALITY = 90
WEBP_QUALITY = 90
JPEG_BACKGROUND = (255, 255, 255)


class ContentType(Enum):
    PNG = "image/png"
    JPEG = "image/jpeg"
    WEBP = "image/webp"


def encode(image: Image.Image, content_type: str) -> bytes:
    """Encode an RGBA image as `content_type` ("image/png", "image/jpeg" or "image/webp").

    Alpha is dropped when every pixel is opaque (smaller, faster); JPEG, which has no alpha,
    is flattened onto white.
    """
    try:
        kind = ContentType(content_type.split(";")[0].strip().lower())
    except ValueError:
        supported = ", ".join(t.value for t in ContentType)
        raise RenderError(
            f"cannot encode images as {content_type!r}: supported types are {supported}"
        ) from None
    if kind is ContentType.PNG:
        if image.mode not in _COLOR_TYPES:
            image = image.convert("RGBA")
        opaque = is_opaque(image)
        if image.mode in ("RGB", "RGBA") and is_grey(image):
            image = _grey(image, opaque)
        return encode_png(image, drop_alpha=opaque)
    if kind is ContentType.JPEG:
        return _pillow(_flatten(image), "JPEG", quality=JPEG_QUALITY)
    return _pillow(_opaque_if_possible(image), "WEBP", quality=WEBP_QUALITY, method=4)


def is_opaque(image: Image.Image) -> bool:
    if "A" not in image.getbands():
        return True
    # A histogram of the alpha channel: ~0.5 ms for the card where getextrema() takes ~3 ms
    return image.getchannel("A").histogram()[255] == image.width * image.height


_FIRST_BAND_ROWS = 8


def is_grey(image: Image.Image) -> bool:
    """Whether every pixel of an RGB or RGBA image has equal red, green and blue.

    Checked in bands of rows that double in height: a coloured image is usually told by its
    first band (~0.03 ms for the card), a grey one costs one pass (~1.5 ms at 1200x630, paid
    back by the smaller deflate of a third of the bytes).
    """
    width, height = image.size
    top, rows = 0, _FIRST_BAND_ROWS
    while top < height:
        band = image.crop((0, top, width, min(top + rows, height)))
        red, green, blue = (band.getchannel(c) for c in "RGB")
        if ImageChops.difference(red, green).getbbox() is not None:
            return False
        if ImageChops.difference(green, blue).getbbox() is not None:
            return False
        top, rows = top + rows, rows * 2
    return True


def _grey(image: Image.Image, opaque: bool) -> Image.Image:
    """The L (or LA) image of a grey RGB or RGBA one: the red channel is each pixel's grey."""
    grey = image.getchannel("R")
    return (
        grey if opaque or image.mode == "RGB" else Image.merge("LA", (grey, image.getchannel("A")))
    )


def _opaque_if_possible(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    return image.convert("RGB") if is_opaque(image) else image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    if is_opaque(rgba):
        return rgba.convert("RGB")
    base = Image.new("RGBA", rgba.size, (*JPEG_BACKGROUND, 255))
    base.alpha_composite(rgba)
    return base.convert("RGB")


def _pillow(image: Image.Image, fmt: str, **options: object) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPES = {"L": 0, "LA": 4, "RGB": 2, "RGBA": 6}
_BLOCK_BYTES = 256 * 1024
"""Bytes packed per step of `scanlines`: the card goes 72 rows at a time (9 steps, ~0.5 ms where
32 KB steps took ~0.9), an icon in one step; the peak beside the image grows by one step."""


def encode_png(image: Image.Image, level: int = PNG_LEVEL, *, drop_alpha: bool = False) -> bytes:
    """A minimal PNG (IHDR, one IDAT, IEND) of an L, LA, RGB or RGBA image, rows unfiltered.

    `drop_alpha` writes an RGBA image as RGB (the caller knows it is opaque); `level` is
    libdeflate's, 0 to 12.
    """
    if image.mode not in _COLOR_TYPES:
        image = image.convert("RGBA")
    mode = "RGB" if drop_alpha and image.mode == "RGBA" else image.mode
    return png_container(image.size, mode, deflate.zlib_compress(scanlines(image, mode), level))


def scanlines(image: Image.Image, mode: str) -> bytearray:
    """PNG's image data before deflate: each row packed as `mode` after filter type 0 (None).

    `mode` is L, LA, RGB or RGBA; RGB of an RGBA image drops the alpha. Rows are packed
    `_BLOCK_BYTES` at a time, so the peak beside the image is the output and one block, not a
    second copy.

    >>> bytes(scanlines(Image.new("RGBA", (2, 2), (1, 2, 3, 4)), "RGB"))
    b'\\x00\\x01\\x02\\x03\\x01\\x02\\x03\\x00\\x01\\x02\\x03\\x01\\x02\\x03'
    """
    width, height = image.size
    line = width * len(mode) + 1
    step = max(1, _BLOCK_BYTES // line)
    # one byte more: a block's rows each end in a zero, the filter type of the row after it
    out = bytearray(height * line + 1)
    for top in range(0, height, step):
        bottom = min(top + step, height)
        block = image if bottom - top == height else image.crop((0, top, width, bottom))
        out[top * line + 1 : bottom * line + 1] = _padded_rows(block, mode, line)
    del out[-1]
    return out


def _padded_rows(image: Image.Image, mode: str, line: int) -> bytes:
    """The rows packed as `mode`, each followed by one zero byte.

    Pillow's raw packer pads rows with zeros to a stride it is given, in one C call, but only
    for rows that fit its encode buffer (ImageFile.MAXBLOCK); wider rows (RGBA from 16,384 px)
    are joined here.
    """
    if line <= ImageFile.MAXBLOCK:
        return image.tobytes("raw", mode, line)
    stride = line - 1
    pixels = memoryview(image.tobytes("raw", mode))
    rows = (pixels[start : start + stride] for start in range(0, len(pixels), stride))
    return b"\x00".join(rows) + b"\x00"


def png_container(size: tuple[int, int], mode: str, idat: bytes | bytearray) -> bytes:
    """The PNG file around zlib-compressed `scanlines` of an 8-bit L, LA, RGB or RGBA image."""
    width, height = size
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPES[mode], 0, 0, 0)
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", idat),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes | bytearray) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
