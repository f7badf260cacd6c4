"""clip-path values parsed into shapes (style/clip_shapes.py and style/shape_commands.py)."""

from __future__ import annotations

import re

import pytest

from handler.exceptions import UnsupportedStyle
from handler.render.computed import INITIAL, Pct
from handler.render.elements import h
from handler.render.masking import (
    CircleShape,
    ClipPath,
    EllipseShape,
    InsetShape,
    PathShape,
    PathStep,
    PolygonShape,
    ReferenceBox,
    SvgPathShape,
)
from handler.render.nodes import StyledElement
from handler.render.paint.images import load_image_source
from handler.render.style.style import compute_tree


def clip_of(value: str, **extra: object) -> ClipPath | None:
    root = compute_tree(
        h("div", {"style": {"clipPath": value, **extra}}),
        canvas=(200, 100),
        load_image=load_image_source,
    )
    assert isinstance(root, StyledElement)
    return root.style.clip_path


def test_no_clip_path_by_default_and_for_none() -> None:
    assert INITIAL.clip_path is None
    assert clip_of("none") is None


def test_circle_radius_and_keyword_centre() -> None:
    clip = clip_of("circle(25% at right top)")
    assert clip == ClipPath(CircleShape(Pct(25.0), (Pct(100.0), Pct(0.0))))


def test_circle_defaults_to_closest_side_at_the_centre() -> None:
    assert clip_of("circle()") == ClipPath(CircleShape("closest-side", (Pct(50.0), Pct(50.0))))


def test_ellipse_radii_in_em_and_farthest_side() -> None:
    clip = clip_of("ellipse(2em farthest-side at 10px 20%)", fontSize=10)
    assert clip == ClipPath(EllipseShape(20.0, "farthest-side", (10.0, Pct(20.0))))


def test_inset_sides_and_rounded_corners() -> None:
    clip = clip_of("inset(5px 10% round 4px 8px / 2px)")
    corners = ((4.0, 2.0), (8.0, 2.0), (4.0, 2.0), (8.0, 2.0))
    assert clip == ClipPath(InsetShape(5.0, Pct(10.0), 5.0, Pct(10.0), corners))


def test_polygon_points_and_fill_rule() -> None:
    clip = clip_of("polygon(evenodd, 0 0, 100% 0, 50px 100%)")
    points = ((0.0, 0.0), (Pct(100.0), 0.0), (50.0, Pct(100.0)))
    assert clip == ClipPath(PolygonShape(points, evenodd=True))


def test_path_string_and_reference_box_in_either_order() -> None:
    clip = clip_of("padding-box path('M 0 0 L 10 0 L 5 8 Z')")
    assert clip == ClipPath(SvgPathShape("M 0 0 L 10 0 L 5 8 Z"), ReferenceBox.PADDING_BOX)


def test_a_reference_box_alone_clips_to_that_box() -> None:
    assert clip_of("content-box") == ClipPath(None, ReferenceBox.CONTENT_BOX)


def test_shape_commands_keep_their_coordinates() -> None:
    clip = clip_of(
        "shape(evenodd from 10% 0, line by 5px 50%, hline to 0, vline by -10px, "
        "curve to 0 0 with 1px 2px / 3px 4px from end, smooth by 1px 1px, "
        "arc to 100% 0 of 20% 10px cw large rotate 90deg, close)"
    )
    assert clip is not None
    assert clip.shape == PathShape(
        (
            PathStep("M", ((Pct(10.0), 0.0),)),
            PathStep("l", ((5.0, Pct(50.0)),)),
            PathStep("H", ((0.0, 0.0),)),
            PathStep("v", ((0.0, -10.0),)),
            PathStep("C", ((0.0, 0.0), (1.0, 2.0), (3.0, 4.0)), ("origin", "end")),
            PathStep("t", ((1.0, 1.0),)),
            PathStep("A", ((Pct(100.0), 0.0),), (), (90.0, 1.0, 1.0), (Pct(20.0), 10.0)),
            PathStep("Z"),
        ),
        evenodd=True,
    )


def test_a_curve_with_one_control_point_is_quadratic_from_start_when_relative() -> None:
    clip = clip_of("shape(from 0 0, curve by 10px 0 with 5px 5px)")
    assert clip is not None
    assert isinstance(clip.shape, PathShape)
    assert clip.shape.steps[1] == PathStep("q", ((10.0, 0.0), (5.0, 5.0)), ("start",))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("url(#clip)", "url\\(\\) references are not supported", id="url"),
        pytest.param("circle(1px 2px)", "circle\\(\\) takes one radius", id="circle-radii"),
        pytest.param("ellipse(1px)", "two radii or none", id="ellipse-one-radius"),
        pytest.param("polygon(0 0, 1px 1px)", "at least 3 points", id="polygon-two-points"),
        pytest.param("polygon(0 0 0, 1px 1px, 2px 2px)", "two lengths", id="polygon-3d"),
        pytest.param("path('X 1')", "not SVG path data", id="path-data"),
        pytest.param("star(5)", "not a supported shape", id="unknown-function"),
        pytest.param("margin-box", "margin-box reference box is not supported", id="margin-box"),
        pytest.param("shape(line to 0 0)", "starts with `from", id="shape-no-from"),
        pytest.param("shape(from 0 0, jump to 1px 1px)", "not a shape\\(\\) command", id="cmd"),
        pytest.param("shape(from 0 0, arc to 1px 1px)", "needs `of`", id="arc-no-radius"),
        pytest.param("circle(-5px)", "cannot be negative", id="negative-radius"),
    ],
)
def test_bad_clip_paths_name_the_value_and_the_problem(value: str, reason: str) -> None:
    with pytest.raises(UnsupportedStyle, match=reason) as caught:
        clip_of(value)
    assert "clipPath" in str(caught.value)


def test_shape_to_points_may_be_positions_with_keywords() -> None:
    clip = clip_of(
        "shape(from left top, line to right center, vline to bottom, hline to center, "
        "curve to 0 0 with left bottom, close)"
    )
    assert clip is not None
    assert isinstance(clip.shape, PathShape)
    assert clip.shape.steps[:5] == (
        PathStep("M", ((Pct(0.0), Pct(0.0)),)),
        PathStep("L", ((Pct(100.0), Pct(50.0)),)),
        PathStep("V", ((0.0, Pct(100.0)),)),
        PathStep("H", ((Pct(50.0), 0.0),)),
        PathStep("Q", ((0.0, 0.0), (Pct(0.0), Pct(100.0))), ("origin",)),
    )


def test_hline_to_a_vertical_keyword_is_refused() -> None:
    with pytest.raises(UnsupportedStyle, match="hline to 'top': expected left, center, right"):
        clip_of("shape(from 0 0, hline to top)")


def test_webkit_clip_path_is_clip_path() -> None:
    root = compute_tree(
        h("div", {"style": {"WebkitClipPath": "circle(5px)"}}),
        canvas=(100, 100),
        load_image=load_image_source,
    )
    assert root.style.clip_path == clip_of("circle(5px)")


def test_a_control_point_from_nowhere_is_refused() -> None:
    with pytest.raises(UnsupportedStyle, match=re.escape("<x> <y> from start | end | origin")):
        clip_of("shape(from 0 0, curve to 1px 1px with 1px 1px from nowhere)")
