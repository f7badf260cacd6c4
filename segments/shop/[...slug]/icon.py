"""`/shop/1/2/3/icon`: params {"slug": ["1", "2", "3"]} (the seed's table, row 4).

Next cannot build an icon under a catch-all; Segmint can. `/shop/1/icon` and
`/shop/1/2/icon` go to the more specific `[slug]` and `[tag]/[item]` routes first.
"""

from __future__ import annotations

from handler import ImageResponse
from segments._data.icons import icon_tile

size = {"width": 48, "height": 48}


async def image(params: dict[str, list[str]]) -> ImageResponse:
    return ImageResponse(icon_tile(str(len(params["slug"])), 48, background="#333"))
