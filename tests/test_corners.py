"""corner-shape: superellipse corners for backgrounds, borders and clips (paint/corners.py)."""

from __future__ import annotations

import math

import pytest
from PIL import Image

from handler.render.elements import h
from handler.render.paint.corners import box_mask, box_ring, corner_curve
from handler.render.paint.shapes import Rect, shape_mask
from handler.render.pipeline import render_image

RECT = Rect(0, 0, 80, 80)
RADII = ((40.0, 40.0),) * 4


def coverage(mask: Image.Image, x: int, y: int) -> int:
    value = mask.getpixel((x, y))
    assert isinstance(value, float | int)
    return int(value)


def test_round_corners_are_the_cached_elliptical_ones() -> None:
    mask, region = box_mask(RECT, RADII, (1.0, 1.0, 1.0, 1.0))
    expected, _ = shape_mask(RECT, RADII)
    assert mask.tobytes() == expected.tobytes()
    assert (region.width, region.height) == (80, 80)


@pytest.mark.parametrize(
    ("shape", "at_10", "at_22"),
    [
        # (10, 10) lies outside a circle of radius 40 centred at (40, 40), inside a squircle's
        pytest.param(1.0, 0, 255, id="round"),
        pytest.param(2.0, 255, 255, id="squircle"),
        pytest.param(0.0, 0, 255, id="bevel: the cut runs from (0, 40) to (40, 0)"),
        pytest.param(-1.0, 0, 0, id="scoop"),
        pytest.param(math.inf, 255, 255, id="square"),
    ],
)
def test_shape_decides_which_corner_pixels_are_inside(shape: float, at_10: int, at_22: int) -> None:
    mask, _ = box_mask(RECT, RADII, (shape,) * 4)
    assert coverage(mask, 10, 10) == at_10
    assert coverage(mask, 22, 22) == at_22
    assert coverage(mask, 40, 40) == 255


def test_notch_cuts_the_corner_box_out() -> None:
    mask, _ = box_mask(RECT, ((20.0, 20.0),) * 4, (-math.inf,) * 4)
    assert coverage(mask, 10, 10) == 0
    assert coverage(mask, 70, 70) == 0
    assert coverage(mask, 30, 10) == 255
    assert coverage(mask, 10, 30) == 255


def test_each_corner_takes_its_own_shape() -> None:
    mask, _ = box_mask(RECT, RADII, (math.inf, 1.0, -math.inf, 0.0))
    assert coverage(mask, 1, 1) == 255  # top-left square
    assert coverage(mask, 78, 1) == 0  # top-right round
    assert coverage(mask, 60, 60) == 0  # bottom-right notch
    assert coverage(mask, 5, 75) == 0  # bottom-left bevel


@pytest.mark.parametrize("k", [2.0, 0.5, -1.0, -3.0])
def test_superellipse_curve_meets_both_edges_and_satisfies_its_equation(k: float) -> None:
    curve = corner_curve(k, 30.0)
    assert curve[0] == pytest.approx((0.0, 1.0))
    assert curve[-1] == pytest.approx((1.0, 0.0))
    n = 2.0 ** abs(k)
    for u, v in curve:
        # convex: centred on the inner corner (1, 1); concave: on the outer one
        a, b = (1 - u, 1 - v) if k > 0 else (u, v)
        assert a**n + b**n == pytest.approx(1.0, abs=1e-6)


def test_shaped_border_keeps_its_width_along_the_curve() -> None:
    inner = RECT.inset(6, 6, 6, 6)
    ring, _ = box_ring(RECT, RADII, inner, ((34.0, 34.0),) * 4, (2.0,) * 4, (6, 6, 6, 6))
    # on the diagonal (t, t) the squircle's edge is at t = 40 - 40 * 2**-0.25 = 6.36; the curve's
    # normal runs along the diagonal there, so 6 px of border spans 6 / sqrt(2) = 4.24 in t
    on_diagonal = [coverage(ring, t, t) for t in range(30)]
    covered = [t for t, c in enumerate(on_diagonal) if c > 127]
    assert covered[0] in (6, 7)
    assert covered[-1] == 10
    assert coverage(ring, 40, 3) == 255  # the straight top edge: 6 px
    assert coverage(ring, 40, 7) == 0


def test_corner_shape_applies_to_background_border_and_overflow_clip() -> None:
    child = h("div", {"style": {"width": 60, "height": 60, "background": "red"}})
    style = {
        "width": 60,
        "height": 60,
        "border": "4px solid blue",
        "borderRadius": 30,
        "cornerShape": "bevel",
        "background": "lime",
        "overflow": "hidden",
    }
    image = render_image(h("div", {"style": style}, child), width=60, height=60)
    assert image.getpixel((3, 3)) == (0, 0, 0, 0)  # cut off by the bevel
    assert image.getpixel((1, 30)) == (0, 0, 255, 255)  # the border on the left edge
    assert image.getpixel((30, 30)) == (255, 0, 0, 255)  # the clipped child inside
    assert image.getpixel((12, 12)) == (0, 0, 0, 0)  # child clipped to the padding box


def test_box_shadow_follows_the_corner_shape() -> None:
    def shadow_at(shape: str) -> object:
        style = {"width": 40, "height": 40, "borderRadius": 20, "cornerShape": shape}
        shadowed = h("div", {"style": {**style, "boxShadow": "0 0 0 10px red"}})
        frame = h("div", {"style": {"padding": 10}}, shadowed)
        image = render_image(frame, width=60, height=60)
        return image.getpixel((4, 4))

    assert shadow_at("round") == (0, 0, 0, 0)
    assert shadow_at("square") == (255, 0, 0, 255)
