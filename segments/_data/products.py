"""A stand-in for a product API: the seed's `getOGImages` and `getCaptionForImage`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OgImage:
    text: str
    caption: str


_PRODUCTS: dict[str, tuple[str, tuple[OgImage, ...]]] = {
    "1": (
        "Trail runner",
        (
            OgImage("Red running shoe, side view", "Built for the long way round"),
            OgImage("Red running shoe, sole", "Grip on wet rock"),
            OgImage("Red running shoe, on a trail", "Light at 240 g"),
        ),
    ),
    "2": (
        "City backpack",
        (
            OgImage("Grey backpack, front", "Twenty litres, one zip"),
            OgImage("Grey backpack, open", "A sleeve for a 16-inch laptop"),
            OgImage("Grey backpack, worn", "Straps that stay put"),
        ),
    ),
}


def _product(product_id: str) -> tuple[str, tuple[OgImage, ...]]:
    name = f"Product {product_id}"
    return _PRODUCTS.get(
        product_id,
        (name, tuple(OgImage(f"{name}, photo {i + 1}", f"{name}: view {i + 1}") for i in range(3))),
    )


async def get_og_images(product_id: str) -> tuple[OgImage, ...]:
    """The product's three Open Graph images (alt text and caption)."""
    return _product(product_id)[1]


async def get_caption_for_image(product_id: str, image_id: int) -> str:
    """The caption drawn on image `image_id` of a product."""
    name, images = _product(product_id)
    return f"{name}: {images[image_id].caption}"
