"""The seed's root icon: `small` (48x48) and `medium` (72x72), legible at both sizes."""

from __future__ import annotations

from typing import Any

from handler import ImageResponse
from segments._data.icons import icon_tile

WIDTHS = {"small": 48, "medium": 72}


def generate_image_metadata() -> list[dict[str, Any]]:
    return [
        {"content_type": "image/png", "size": {"width": w, "height": w}, "id": name}
        for name, w in WIDTHS.items()
    ]


def image(id: str) -> ImageResponse:
    return ImageResponse(icon_tile("S" if id == "small" else "Sg", WIDTHS[id]))
