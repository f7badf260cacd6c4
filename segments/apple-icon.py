"""The root apple-touch-icon: 180x180 (the default for apple-icon)."""

from __future__ import annotations

from handler import ImageResponse
from segments._data.icons import icon_tile


def image() -> ImageResponse:
    return ImageResponse(icon_tile("Sg", 180, background="#0b5"))
