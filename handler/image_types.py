"""What the bytes of a generated image must start with, per content type (magic numbers)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

_CHECKS: Mapping[str, Callable[[bytes], bool]] = {
    "image/png": lambda body: body.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": lambda body: body.startswith(b"\xff\xd8\xff"),
    "image/webp": lambda body: body[:4] == b"RIFF" and body[8:12] == b"WEBP",
}


def is_image_of_type(body: bytes, content_type: str) -> bool:
    """True when `body` starts as a `content_type` image does (PNG, JPEG or WebP); False for
    any other type.

    >>> is_image_of_type(b"\\xff\\xd8\\xff", "image/jpeg"), is_image_of_type(b"<svg", "image/png")
    (True, False)
    """
    check = _CHECKS.get(content_type)
    return check is not None and check(body)
