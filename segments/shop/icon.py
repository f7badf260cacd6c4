"""`/shop/icon`: no dynamic segment, so `params` is None (the seed's table, row 1)."""

from __future__ import annotations

from handler import ImageResponse
from segments._data.icons import icon_tile

size = {"width": 48, "height": 48}


def image(params: None) -> ImageResponse:
    assert params is None
    return ImageResponse(icon_tile("Sh", 48, background="#a30"))
