"""`/shop/1/icon/small`: params {"slug": "1"} (the seed's table, row 2), two sizes."""

from __future__ import annotations

from typing import Any

from handler import ImageResponse
from segments._data.icons import icon_tile

WIDTHS = {"small": 48, "medium": 72}


def generate_image_metadata(params: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"id": name, "size": {"width": w, "height": w}, "content_type": "image/png"}
        for name, w in WIDTHS.items()
    ]


def image(params: dict[str, str], id: str) -> ImageResponse:
    return ImageResponse(icon_tile(params["slug"][:2], WIDTHS[id], background="#036"))
