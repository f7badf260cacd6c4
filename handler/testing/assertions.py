"""Image assertions: plain functions raising AssertionError with what differed, for pytest and
unittest alike."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from handler.testing.response import FORMAT_TYPES, SegmintResponse, StoredImage, decode_image

ImageSource = SegmintResponse | StoredImage | bytes | Image.Image
"""What the assertions take: a response, a stored object, encoded bytes or a Pillow image."""


@dataclass(frozen=True, slots=True)
class Picture:
    """An image source decoded: the pixels, a label for messages and the declared type."""

    image: Image.Image
    label: str
    content_type: str | None


def picture(source: ImageSource) -> Picture:
    """Decode `source`; the content type is the response's or object's header, else the type
    the decoded format stands for."""
    if isinstance(source, SegmintResponse):
        return Picture(source.image, repr(source), source.content_type)
    if isinstance(source, StoredImage):
        return Picture(source.image, f"s3 object {source.key}", source.content_type)
    if isinstance(source, bytes):
        image = decode_image(source, "image bytes")
        return Picture(image, f"{image.format} bytes", FORMAT_TYPES.get(image.format or ""))
    return Picture(source, "image", FORMAT_TYPES.get(source.format or ""))


def assert_image(
    source: ImageSource,
    *,
    size: tuple[int, int] | None = None,
    content_type: str | None = None,
) -> Image.Image:
    """Check the decoded size `(width, height)` and the content type; return the image.

    >>> assert_image(Image.new("RGB", (4, 2)), size=(2, 4))
    Traceback (most recent call last):
    AssertionError: image: size 4x2, expected 2x4
    """
    found = picture(source)
    problems: list[str] = []
    if size is not None and found.image.size != tuple(size):
        width, height = found.image.size
        problems.append(f"size {width}x{height}, expected {size[0]}x{size[1]}")
    if content_type is not None and found.content_type != content_type:
        problems.append(f"content type {found.content_type!r}, expected {content_type!r}")
    if problems:
        raise AssertionError(f"{found.label}: " + "; ".join(problems))
    return found.image
