"""clip-path painted (paint/clip.py, paint/path_data.py): pixels inside and outside shapes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from handler.render.computed import Pct
from handler.render.elements import h
from handler.render.masking import PathStep
from handler.render.paint.clip import crosses_itself
from handler.render.paint.path_data import path_data, svg_number
from handler.render.paint.shapes import Rect
from tests.helpers import alpha
from tests.helpers import red_box as box
from tests.helpers import render_square as render
from tests.processes import run_bounded

RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)
CLEAR = (0, 0, 0, 0)


ROOT = Path(__file__).resolve().parents[1]


def test_circle_percentage_radius_is_of_the_normalised_diagonal() -> None:
    # 100 x 60: the reference is sqrt(100^2 + 60^2) / sqrt(2) = 82.5, so 30% is 24.7 px
    image = render(box({"height": 60, "clipPath": "circle(30% at 25% 50%)"}))
    assert image.getpixel((25, 30)) == RED
    assert image.getpixel((48, 30)) == RED  # 23 px from the centre
    assert alpha(image, 51, 30) == 0  # 26 px
    assert alpha(image, 25, 3) == 0  # 27 px up
    assert 0 < alpha(image, 25 + 24, 30) < 255  # the anti-aliased rim


def test_circle_at_a_corner_keeps_only_a_quarter() -> None:
    image = render(box({"clipPath": "circle(20px at bottom left)"}))
    assert image.getpixel((5, 95)) == RED
    assert alpha(image, 25, 95) == 0
    assert alpha(image, 5, 70) == 0


def test_ellipse_closest_side_fits_the_box() -> None:
    image = render(box({"width": 100, "height": 40, "clipPath": "ellipse()"}))
    assert image.getpixel((50, 20)) == RED
    assert image.getpixel((5, 20)) == RED  # rx = 50
    assert alpha(image, 5, 5) == 0


def test_polygon_diamond() -> None:
    image = render(box({"clipPath": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)"}))
    assert image.getpixel((50, 50)) == RED
    assert image.getpixel((50, 5)) == RED
    assert alpha(image, 10, 10) == 0
    assert alpha(image, 90, 90) == 0


@pytest.mark.parametrize(("rule", "centre"), [("nonzero", 255), ("evenodd", 0)])
def test_polygon_fill_rule_decides_the_centre_of_a_star(rule: str, centre: int) -> None:
    star = "50% 0, 79% 90%, 2% 35%, 98% 35%, 21% 90%"
    image = render(box({"clipPath": f"polygon({rule}, {star})"}))
    assert alpha(image, 50, 50) == centre
    assert image.getpixel((50, 10)) == RED  # a point of the star is filled either way


def test_inset_with_rounded_corners() -> None:
    image = render(box({"clipPath": "inset(10px 20px round 15px)"}))
    assert image.getpixel((50, 50)) == RED
    assert image.getpixel((21, 50)) == RED
    assert alpha(image, 15, 50) == 0  # in the left inset
    assert alpha(image, 50, 5) == 0  # in the top inset
    assert alpha(image, 21, 11) == 0  # cut by the corner's radius


def test_the_clip_applies_to_the_children_too() -> None:
    child = h("div", {"style": {"width": 100, "height": 100, "background": "blue"}})
    image = render(box({"clipPath": "circle(30px)"}, child))
    assert image.getpixel((50, 50)) == BLUE
    assert alpha(image, 5, 5) == 0


def test_a_clip_cuts_the_box_shadow() -> None:
    design = h(
        "div",
        {"style": {"padding": 20}},
        box({"width": 60, "height": 60, "boxShadow": "10px 10px 0 blue", "clipPath": "inset(0)"}),
    )
    image = render(design)
    assert image.getpixel((50, 50)) == RED
    assert alpha(image, 85, 85) == 0  # where the shadow would be


def test_a_clip_on_a_positioned_box_is_of_that_box() -> None:
    child = h(
        "div",
        {
            "style": {
                "position": "absolute",
                "left": 40,
                "top": 30,
                "width": 20,
                "height": 20,
                "background": "blue",
                "clipPath": "circle(5px at 5px 5px)",
            }
        },
    )
    image = render(h("div", {"style": {"width": 100, "height": 100}}, child))
    assert image.getpixel((45, 35)) == BLUE
    assert alpha(image, 55, 45) == 0


def test_content_box_alone_clips_the_padding_away() -> None:
    image = render(box({"padding": 20, "clipPath": "content-box"}))
    assert image.getpixel((50, 50)) == RED
    assert alpha(image, 10, 50) == 0


def test_path_is_in_px_of_the_reference_box() -> None:
    child = box({"width": 60, "height": 60, "clipPath": "path('M 0 0 L 60 0 L 0 60 Z')"})
    image = render(h("div", {"style": {"padding": 20}}, child))
    assert image.getpixel((25, 25)) == RED  # the top-left triangle, moved by the padding
    assert alpha(image, 75, 75) == 0
    assert alpha(image, 10, 10) == 0


def test_shape_with_relative_lines() -> None:
    image = render(box({"clipPath": "shape(from 0 0, line by 100% 0, line by 0 100%, close)"}))
    assert image.getpixel((90, 10)) == RED
    assert alpha(image, 10, 90) == 0


def test_shape_arcs_make_a_circle() -> None:
    clip = "shape(from 0 50%, arc to 100% 50% of 50% cw, arc to 0 50% of 50% cw, close)"
    image = render(box({"clipPath": clip}))
    assert image.getpixel((50, 50)) == RED
    assert image.getpixel((50, 3)) == RED
    assert alpha(image, 5, 5) == 0
    assert alpha(image, 95, 95) == 0


def test_the_clip_is_drawn_before_the_transform() -> None:
    # keep the left half, then turn the box around: the right half of the canvas shows
    image = render(box({"clipPath": "inset(0 50% 0 0)", "transform": "rotate(180deg)"}))
    assert image.getpixel((75, 50)) == RED
    assert alpha(image, 25, 50) == 0


# A design with a layer (opacity, a filter) but no clip-path or mask, in a fresh interpreter:
# which of the masking and filter modules it loaded.
UNCLIPPED = r"""
import sys
from handler.render.elements import h
from handler.render.pipeline import render_image
from tests.processes import run_bounded

style = {"width": 100, "height": 100, "background": "red", "opacity": 0.5}
image = render_image(h("div", {"style": style}), width=100, height=100)
print(image.getpixel((50, 50))[3])
print(*sorted(m for m in sys.modules if m.startswith("handler.render")), sep="\n")
"""


def test_boxes_without_a_clip_or_mask_load_and_run_no_masking_code() -> None:
    done = run_bounded([sys.executable, "-c", UNCLIPPED], cwd=ROOT, timeout=120)
    alpha_value, *modules = done.stdout.split()
    assert alpha_value == "128"  # the opacity layer was drawn
    assert "handler.render.paint.paint" in modules
    lazy = {
        "handler.render.masking",
        "handler.render.paint.masks",
        "handler.render.paint.clip",
        "handler.render.paint.filters",
        "handler.render.style.clip_shapes",
    }
    assert sorted(lazy & set(modules)) == []


def test_path_data_resolves_commands_to_absolute_px() -> None:
    steps = (
        PathStep("M", ((Pct(50.0), 0.0),)),
        PathStep("l", ((10.0, Pct(50.0)),)),
        PathStep("h", ((Pct(-100.0), 0.0),)),
        PathStep("V", ((0.0, 0.0),)),
        PathStep("C", ((0.0, 0.0), (1.0, 1.0), (-1.0, 0.0)), ("start", "end")),
        PathStep("Z"),
    )
    d, reach = path_data(steps, Rect(10.0, 20.0, 100.0, 50.0))
    assert d == "M60 20 L70 45 L-30 45 L-30 20 C-29 21 9 20 10 20 Z"
    assert reach == Rect(-30.0, 20.0, 100.0, 25.0)  # every point and control point


def test_an_arc_reaches_past_its_end_points() -> None:
    steps = (
        PathStep("M", ((0.0, 0.0),)),
        PathStep("A", ((10.0, 0.0),), (), (0.0, 1.0, 1.0), (5.0, 5.0)),
    )
    _, reach = path_data(steps, Rect(0.0, 0.0, 100.0, 100.0))
    assert reach.y <= -5
    assert reach.bottom >= 5


def test_svg_numbers_are_short() -> None:
    assert [svg_number(n) for n in (12.5, 3.0, -0.0001, 1 / 3)] == ["12.5", "3", "0", "0.333"]


def test_a_shape_over_a_large_area_is_drawn_with_fewer_samples() -> None:
    image = render(box({"width": 1500, "height": 1500, "clipPath": "circle(50%)"}), 1500, 1500)
    assert image.getpixel((750, 750)) == RED
    assert image.getpixel((750, 3)) == RED
    assert alpha(image, 60, 60) == 0
    assert 0 < alpha(image, 219, 219) < 255  # the rim at 45 degrees is still anti-aliased


def test_crossing_edges_are_found() -> None:
    assert crosses_itself([(0, 0), (10, 10), (10, 0), (0, 10)])  # a bow tie
    assert not crosses_itself([(0, 0), (10, 0), (10, 10), (0, 10)])
