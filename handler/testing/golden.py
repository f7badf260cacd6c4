"""Golden PNGs: "this render matches the reviewed picture, within a tolerance".

Two numbers decide: a pixel differs when one of its RGBA channels is more than `tolerance`
levels (0-255) away from the golden one, and the render fails when more than `max_fraction` of
its pixels differ. The defaults (32 levels, 0.5%) let antialiasing move and catch a moved box,
a changed colour or missing text, as tests/test_golden.py judges the renderer's own pictures.

On a failure the render is written beside the golden file as `<name>.actual.png` and a
difference picture as `<name>.diff.png` (the golden image faded to grey, pixels over the
tolerance red, pixels off by less yellow). `--segmint-update-golden` (pytest) or
`SEGMINT_UPDATE_GOLDEN=1` rewrites golden files from the renders instead: look at them before
committing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from handler.testing.assertions import ImageSource, picture

UPDATE_ENV = "SEGMINT_UPDATE_GOLDEN"
TOLERANCE = 32
MAX_FRACTION = 0.005
OVER = (230, 0, 0)
UNDER = (255, 200, 0)

_update_all = False


def update_golden(enabled: bool) -> None:
    """Rewrite golden files (True) or compare with them (False) for the rest of the process;
    the pytest option `--segmint-update-golden` turns this on for its run."""
    global _update_all
    _update_all = enabled


def updating() -> bool:
    """True under `update_golden(True)` or `SEGMINT_UPDATE_GOLDEN=1`."""
    return _update_all or os.environ.get(UPDATE_ENV, "") == "1"


@dataclass(frozen=True, slots=True)
class ImageDifference:
    """How two same-sized RGBA images differ, per pixel's largest channel difference."""

    differing: int
    """Pixels with some channel more than the tolerance away."""
    pixels: int
    largest: int
    """The largest channel difference anywhere, 0-255."""
    first_largest: tuple[int, int] | None
    """(x, y) of the top-left-most pixel with the largest difference; None when identical."""
    picture: Image.Image

    @property
    def fraction(self) -> float:
        return self.differing / self.pixels if self.pixels else 0.0


def difference(actual: Image.Image, expected: Image.Image, tolerance: int) -> ImageDifference:
    """Compare two images of one size (converted to RGBA) at `tolerance` levels."""
    one, two = actual.convert("RGBA"), expected.convert("RGBA")
    channels = ImageChops.difference(one, two).split()
    largest = channels[0]
    for channel in channels[1:]:
        largest = ImageChops.lighter(largest, channel)
    histogram = largest.histogram()
    peak = max(level for level, count in enumerate(histogram) if count)
    spot = largest.point(lambda v: 255 if v == peak else 0).getbbox() if peak else None
    return ImageDifference(
        differing=sum(histogram[tolerance + 1 :]),
        pixels=one.width * one.height,
        largest=peak,
        first_largest=None if spot is None else (spot[0], spot[1]),
        picture=_diff_picture(two, largest, tolerance),
    )


def _diff_picture(expected: Image.Image, largest: Image.Image, tolerance: int) -> Image.Image:
    grey = expected.convert("LA")
    faded = Image.new("L", grey.size, 255)
    faded.paste(
        grey.getchannel("L").point(lambda v: 150 + v * 105 // 255), mask=grey.getchannel("A")
    )
    out = faded.convert("RGB")
    out.paste(UNDER, mask=largest.point(lambda v: 255 if 0 < v <= tolerance else 0))
    out.paste(OVER, mask=largest.point(lambda v: 255 if v > tolerance else 0))
    return out


def assert_matches_golden(
    source: ImageSource,
    golden: str | Path,
    *,
    tolerance: int = TOLERANCE,
    max_fraction: float = MAX_FRACTION,
    update: bool | None = None,
) -> None:
    """Fail unless `source` matches the PNG at `golden` (see the module's docstring for the
    rule and the files a failure leaves); `update` True or False overrides the switch."""
    path = Path(golden)
    if path.suffix.lower() != ".png":
        raise ValueError(f"golden file {path}: must be a .png")
    if not 0 <= tolerance <= 255 or not 0.0 <= max_fraction <= 1.0:
        raise ValueError(f"tolerance {tolerance} (0-255) or max_fraction {max_fraction} (0-1)")
    found = picture(source)
    actual = found.image.convert("RGBA")
    if updating() if update is None else update:
        path.parent.mkdir(parents=True, exist_ok=True)
        actual.save(path, format="PNG")
        _clear_leftovers(path)
        return
    how = f"rewrite it on purpose with --segmint-update-golden or {UPDATE_ENV}=1"
    if not path.is_file():
        written = _write(actual, path, "actual")
        raise AssertionError(
            f"{found.label}: golden file {path} does not exist; create it from this render "
            f"with --segmint-update-golden or {UPDATE_ENV}=1 (the render is in {written})"
        )
    with Image.open(path) as stored:
        expected = stored.convert("RGBA")
    if expected.size != actual.size:
        written = _write(actual, path, "actual")
        raise AssertionError(
            f"{found.label}: size {actual.width}x{actual.height}, golden {path} is "
            f"{expected.width}x{expected.height}; wrote {written}; {how}"
        )
    diff = difference(actual, expected, tolerance)
    if diff.fraction <= max_fraction:
        _clear_leftovers(path)
        return
    written, drawn = _write(actual, path, "actual"), _write(diff.picture, path, "diff")
    raise AssertionError(
        f"{found.label} differs from golden {path}: {diff.fraction:.2%} of pixels "
        f"({diff.differing} of {diff.pixels}) differ by more than {tolerance} levels in some "
        f"channel (allowed {max_fraction:.2%}); largest difference {diff.largest} at "
        f"{diff.first_largest}; wrote {written} and {drawn} (red: over the tolerance); {how}"
    )


def _write(image: Image.Image, golden: Path, kind: str) -> Path:
    target = golden.with_name(f"{golden.stem}.{kind}.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="PNG")
    return target


def _clear_leftovers(golden: Path) -> None:
    """A passing or rewritten golden file leaves no stale `.actual` / `.diff` beside it."""
    for kind in ("actual", "diff"):
        golden.with_name(f"{golden.stem}.{kind}.png").unlink(missing_ok=True)
