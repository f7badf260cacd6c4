"""Compare two renderings of one design, blind to anti-aliasing noise, with Pillow only.

- `compare`: blur both pictures a little (edges that differ by a sub-pixel or a grey level vanish),
  then the mean absolute difference per channel (0..255) and the share of pixels whose largest
  channel difference exceeds a threshold.
- `ink_bands`: what stands out from the local background (text, borders, shapes), split into
  horizontal bands of rows separated by empty rows, each with its bounding box: line breaks and
  text extents without OCR.
- `heat_map` / `side_by_side`: pictures for a person to look at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

BLUR_RADIUS = 1.5
DIFF_THRESHOLD = 32
INK_THRESHOLD = 48
BACKGROUND_SCALE = 4
BACKGROUND_WINDOW = 9


@dataclass(frozen=True, slots=True)
class Diff:
    """How far apart two pictures are after a small blur."""

    mean_abs: tuple[float, float, float]
    """Mean absolute difference per channel (R, G, B), 0..255."""
    share_over: float
    """Share of pixels (0..1) whose largest channel difference exceeds the threshold."""

    @property
    def mean(self) -> float:
        return sum(self.mean_abs) / 3.0


@dataclass(frozen=True, slots=True)
class Band:
    """A horizontal band of rows holding ink, and the ink's bounding box in it (x1/y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def flatten(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """An RGB copy of `image`, composited over `background` where it is transparent."""
    if image.mode == "RGB":
        return image.copy()
    rgba = image.convert("RGBA")
    base = Image.new("RGBA", rgba.size, (*background, 255))
    return Image.alpha_composite(base, rgba).convert("RGB")


def channel_max(diff: Image.Image) -> Image.Image:
    """The largest of an RGB image's three channels, per pixel, as an L image."""
    r, g, b = diff.split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b)


def count_over(gray: Image.Image, threshold: int) -> int:
    """How many pixels of an L image are strictly above `threshold`."""
    return sum(gray.histogram()[threshold + 1 :])


def compare(
    a: Image.Image,
    b: Image.Image,
    *,
    blur: float = BLUR_RADIUS,
    threshold: int = DIFF_THRESHOLD,
) -> Diff:
    """Difference of two same-size pictures after a Gaussian blur of radius `blur`."""
    if a.size != b.size:
        raise ValueError(f"cannot compare a {a.size} picture with a {b.size} one")
    fa, fb = flatten(a), flatten(b)
    if blur > 0:
        fa = fa.filter(ImageFilter.GaussianBlur(blur))
        fb = fb.filter(ImageFilter.GaussianBlur(blur))
    diff = ImageChops.difference(fa, fb)
    means = _channel_means(diff)
    pixels = a.size[0] * a.size[1]
    return Diff(means, count_over(channel_max(diff), threshold) / pixels)


def _channel_means(image: Image.Image) -> tuple[float, float, float]:
    sums = []
    for channel in image.split():
        hist = channel.histogram()
        sums.append(sum(value * count for value, count in enumerate(hist)))
    pixels = image.size[0] * image.size[1]
    return (sums[0] / pixels, sums[1] / pixels, sums[2] / pixels)


def heat_map(a: Image.Image, b: Image.Image, *, blur: float = BLUR_RADIUS) -> Image.Image:
    """Where `a` and `b` differ: black = same, through red to yellow = very different."""
    fa, fb = flatten(a), flatten(b)
    if blur > 0:
        fa = fa.filter(ImageFilter.GaussianBlur(blur))
        fb = fb.filter(ImageFilter.GaussianBlur(blur))
    gray = channel_max(ImageChops.difference(fa, fb)).point(lambda v: min(255, v * 3))
    return ImageOps.colorize(gray, black="black", white="yellow", mid="red")


def ink_mask(image: Image.Image, *, threshold: int = INK_THRESHOLD) -> Image.Image:
    """An L mask (255 = ink) of what differs from the picture's local background.

    The background is the median of point samples (every 4th pixel) over a ~36 px window: text
    and thin lines cover well under half of any such window, so it reads as background, while
    gradients survive. Solid blocks larger than the window count as background, not ink.
    """
    rgb = flatten(image)
    w, h = rgb.size
    scale = max(1, min(BACKGROUND_SCALE, w // 8, h // 8))
    samples = rgb.resize((max(1, w // scale), max(1, h // scale)), Image.Resampling.NEAREST)
    small = samples.filter(ImageFilter.MedianFilter(BACKGROUND_WINDOW))
    background = small.resize((w, h), Image.Resampling.BILINEAR)
    gray = channel_max(ImageChops.difference(rgb, background))
    return gray.point(lambda v: 255 if v > threshold else 0)


def ink_bands(image: Image.Image, *, threshold: int = INK_THRESHOLD, gap: int = 3) -> list[Band]:
    """Bands of rows holding ink (split where `gap` or more rows are empty), with their boxes."""
    mask = ink_mask(image, threshold=threshold)
    w, h = mask.size
    rows = mask.resize((1, h), Image.Resampling.BOX)
    inked = [rows.getpixel((0, y)) != 0 for y in range(h)]
    bands: list[Band] = []
    for y0, y1 in row_runs(inked, gap):
        box = mask.crop((0, y0, w, y1)).getbbox()
        if box is not None:
            bands.append(Band(box[0], y0 + box[1], box[2], y0 + box[3]))
    return bands


def row_runs(inked: Sequence[bool], gap: int) -> list[tuple[int, int]]:
    """Runs of True rows as (start, end) half-open pairs, joining runs split by < `gap` rows.

    >>> row_runs([False, True, True, False, True, False, False, False, True], 3)
    [(1, 5), (8, 9)]
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for y, on in enumerate([*inked, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append((start, y))
            start = None
    merged: list[tuple[int, int]] = []
    for run in runs:
        if merged and run[0] - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return merged


def percent_diff(ours: float, theirs: float) -> float:
    """(ours - theirs) / theirs in percent; 0 when both are 0."""
    if theirs == 0:
        return 0.0 if ours == 0 else float("inf")
    return (ours - theirs) * 100.0 / theirs


def side_by_side(
    panels: Sequence[tuple[str, Image.Image]], *, columns: int = 2, gap: int = 8, header: int = 22
) -> Image.Image:
    """Panels on grey in a grid of `columns`, left to right then down, each under its label."""
    cell_w = max(image.size[0] for _, image in panels)
    cell_h = max(image.size[1] for _, image in panels) + header
    cols = max(1, min(columns, len(panels)))
    grid_rows = -(-len(panels) // cols)
    sheet = Image.new(
        "RGB",
        (cols * cell_w + (cols + 1) * gap, grid_rows * cell_h + (grid_rows + 1) * gap),
        (64, 64, 64),
    )
    draw = ImageDraw.Draw(sheet)
    for index, (label, image) in enumerate(panels):
        x = gap + (index % cols) * (cell_w + gap)
        y = gap + (index // cols) * (cell_h + gap)
        draw.text((x, y + 4), label, fill=(240, 240, 240))
        sheet.paste(flatten(image), (x, y + header))
    return sheet
