"""A drawing target for paint: an RGBA image placed at a pixel offset of the canvas.

Everything paint draws is given in canvas px; a surface subtracts its own offset, so a layer for
an `overflow: hidden` box or an opacity group only spans the pixels it needs. Drawing outside a
surface is cut off (that is the clip).
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageChops

from handler.render.computed import RGBA
from handler.render.limits import check_pixels
from handler.render.paint.shapes import Region


class Surface:
    """An RGBA image at `region` of the canvas, and the part of it known to be fully opaque.

    Over a known-opaque area, masked colour fills use `paste` with the mask (one C call, no
    layer); "over" compositing gives the same pixels there because the destination alpha is 255.
    """

    __slots__ = ("_image", "region", "solid")

    def __init__(self, image: Image.Image | None, region: Region) -> None:
        self._image = image
        self.region = region
        self.solid = Region(0, 0, 0, 0)

    @classmethod
    def blank(cls, region: Region) -> Surface:
        """A transparent surface; its pixels are made on first use (see `image`)."""
        check_pixels(region.width, region.height, "a layer (opacity, filter, transform or clip)")
        return cls(None, region)

    @property
    def image(self) -> Image.Image:
        """The pixels. Made lazily: a surface whose first paint is an opaque fill or layer over
        all of it starts from that instead of a transparent copy (one full-size image less at
        peak: 2.9 MiB for a 1200x630 card with a gradient background)."""
        if self._image is None:
            self._image = Image.new("RGBA", self._size, (0, 0, 0, 0))
        return self._image

    @property
    def _size(self) -> tuple[int, int]:
        return (max(1, self.region.width), max(1, self.region.height))

    def fill(self, region: Region, color: RGBA, mask: Image.Image | None = None) -> None:
        """Paint `color` over `region`, through `mask` ("L", region-sized) when given."""
        if region.empty or color[3] == 0:
            return
        visible = region.intersection(self.region)
        if visible.empty:
            return
        if visible != region:  # draw only what lands on the surface: smaller layers, same pixels
            mask = mask.crop(_local(visible, region)) if mask is not None else None
            region = visible
        x, y = region.x - self.region.x, region.y - self.region.y
        box = (x, y, x + region.width, y + region.height)
        if mask is None and color[3] == 255:
            if region == self.region:  # covers everything: start over in that colour
                self._image = Image.new("RGBA", self._size, color)
            else:
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
        own: bool = False,
    ) -> None:
        """Composite an RGBA `layer` with its top-left at canvas (x, y), through `mask`.

        `opaque` promises every pixel of `layer` has alpha 255 (then it is pasted); `own` gives
        the surface `layer` to keep (the caller will not touch it again), so an opaque layer
        over the whole surface becomes its pixels instead of being copied into them.
        """
        placed = Region(x, y, layer.width, layer.height)
        visible = placed.intersection(self.region)
        if visible.empty:
            return
        if visible != placed:  # crop to the surface first: Pillow would clip it anyway
            box = _local(visible, placed)
            layer = layer.crop(box)
            mask = mask.crop(box) if mask is not None else None
            x, y = visible.x, visible.y
            own = True  # the crop is a new image
        dx, dy = x - self.region.x, y - self.region.y
        if opaque and mask is None:
            if own and visible == self.region and layer.mode == "RGBA":
                self._image = layer
            else:
                self.image.paste(layer, (dx, dy))
            self._covered(Region(x, y, layer.width, layer.height))
            return
        if mask is not None:
            layer = with_mask(layer, mask)
        self.image.alpha_composite(layer, (dx, dy))

    def _covered(self, region: Region) -> None:
        if region.width * region.height > self.solid.width * self.solid.height:
            self.solid = region


def _local(part: Region, whole: Region) -> tuple[int, int, int, int]:
    """`part` as a crop box in the pixels of an image covering `whole`."""
    x, y = part.x - whole.x, part.y - whole.y
    return (x, y, x + part.width, y + part.height)


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
