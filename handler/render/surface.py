"""A drawing target for paint: an RGBA image placed at a pixel offset of the canvas.

Everything paint draws is given in canvas px; a surface subtracts its own offset, so a layer for
an `overflow: hidden` box or an opacity group only spans the pixels it needs. Drawing outside a
surface is cut off (that is the clip).
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageChops

from handler.render.computed import RGBA
from handler.render.shapes import Region


class Surface:
    """An RGBA image at `region` of the canvas, and the part of it known to be fully opaque.

    Over a known-opaque area, masked colour fills use `paste` with the mask (one C call, no
    layer); "over" compositing gives the same pixels there because the destination alpha is 255.
    """

    __slots__ = ("image", "region", "solid")

    def __init__(self, image: Image.Image, region: Region) -> None:
        self.image = image
        self.region = region
        self.solid = Region(0, 0, 0, 0)

    @classmethod
    def blank(cls, region: Region) -> Surface:
        size = (max(1, region.width), max(1, region.height))
        return cls(Image.new("RGBA", size, (0, 0, 0, 0)), region)

    def fill(self, region: Region, color: RGBA, mask: Image.Image | None = None) -> None:
        """Paint `color` over `region`, through `mask` ("L", region-sized) when given."""
        if region.empty or color[3] == 0:
            return
        x, y = region.x - self.region.x, region.y - self.region.y
        box = (x, y, x + region.width, y + region.height)
        if mask is None and color[3] == 255:
            self.image.paste(color, box)
            self._covered(region)
            return
        if self.solid.contains(region):
            opaque = (color[0], color[1], color[2], 255)
            self.image.paste(
                opaque, box, scaled_alpha(mask, color[3], (region.width, region.height))
            )
            return
        layer = Image.new("RGBA", (region.width, region.height), color)
        layer.putalpha(scaled_alpha(mask, color[3], layer.size))
        self.image.alpha_composite(layer, (x, y))

    def draw(
        self,
        layer: Image.Image,
        x: int,
        y: int,
        mask: Image.Image | None = None,
        opaque: bool = False,
    ) -> None:
        """Composite an RGBA `layer` with its top-left at canvas (x, y), through `mask`.

        `opaque` promises every pixel of `layer` has alpha 255 (then it is pasted).
        """
        dx, dy = x - self.region.x, y - self.region.y
        if opaque and mask is None:
            self.image.paste(layer, (dx, dy))
            self._covered(Region(x, y, layer.width, layer.height))
            return
        if mask is not None:
            layer = with_mask(layer, mask)
        self.image.alpha_composite(layer, (dx, dy))

    def _covered(self, region: Region) -> None:
        if region.width * region.height > self.solid.width * self.solid.height:
            self.solid = region


def with_mask(layer: Image.Image, mask: Image.Image) -> Image.Image:
    """`layer` with its alpha multiplied by `mask` (a new image)."""
    out = layer.copy()
    out.putalpha(ImageChops.multiply(layer.getchannel("A"), mask))
    return out


def scaled_alpha(mask: Image.Image | None, alpha: int, size: tuple[int, int]) -> Image.Image:
    """`mask` (or full coverage) times `alpha`/255, as an "L" image."""
    if mask is None:
        return Image.new("L", size, alpha)
    if alpha == 255:
        return mask
    return mask.point(_lut(alpha))


@lru_cache(maxsize=256)
def _lut(alpha: int) -> tuple[int, ...]:
    return tuple((v * alpha + 127) // 255 for v in range(256))


def apply_opacity(image: Image.Image, opacity: float) -> None:
    """Multiply the alpha of an RGBA image by `opacity`, in place."""
    alpha = max(0, min(255, round(opacity * 255)))
    image.putalpha(image.getchannel("A").point(_lut(alpha)))
