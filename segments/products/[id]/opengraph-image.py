"""The seed's example: three Open Graph images per product, alt text from "external" data."""

from __future__ import annotations

from typing import Any

from handler import ImageResponse, h
from segments._data.products import get_caption_for_image, get_og_images


def generate_static_params() -> list[dict[str, str]]:
    """The products `segmint prerender` fills the bucket with; any other id still serves."""
    return [{"id": "1"}, {"id": "2"}]


async def generate_image_metadata(params: dict[str, str]) -> list[dict[str, Any]]:
    images = await get_og_images(params["id"])
    return [
        {
            "id": idx,
            "size": {"width": 1200, "height": 600},
            "alt": image.text,
            "contentType": "image/png",
        }
        for idx, image in enumerate(images)
    ]


async def image(params: dict[str, str], id: int) -> ImageResponse:
    text = await get_caption_for_image(params["id"], id)
    return ImageResponse(
        h(
            "div",
            {
                "style": {
                    "width": "100%",
                    "height": "100%",
                    "display": "flex",
                    "flexDirection": "column",
                    "justifyContent": "center",
                    "padding": 80,
                    "background": "linear-gradient(135deg, #0f172a, #1e3a8a)",
                    "color": "white",
                }
            },
            h("div", {"style": {"fontSize": 64, "fontWeight": 700}}, text),
            h(
                "div",
                {"style": {"fontSize": 32, "marginTop": 24, "color": "#93c5fd"}},
                f"Product {params['id']} · image {id}",
            ),
        )
    )
