"""`/shop/1/2/icon`: params {"tag": "1", "item": "2"} (the seed's table, row 3).

It lives beside `shop/[slug]/` (Next refuses to serve that pair): Segmint ranks routes part
by part, so `/shop/1/icon/...` goes to `[slug]` and `/shop/1/2/icon` here.
"""

from __future__ import annotations

from handler import ImageResponse
from segments._data.icons import icon_tile

size = {"width": 48, "height": 48}


def image(params: dict[str, str]) -> ImageResponse:
    label = (params["tag"][:1] + params["item"][:1]).upper()
    return ImageResponse(icon_tile(label, 48, background="#607"))
