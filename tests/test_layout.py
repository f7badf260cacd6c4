"""layout(): box numbers for each layout feature, through Yoga, with a fake text measurer.

FixedMeasurer: a character is 0.5em wide (8px at the initial 16px), a line 1.25em (20px).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from PIL import Image

from handler.render.computed import (
    AUTO,
    INITIAL,
    Align,
    BoxSizing,
    Display,
    FlexDirection,
    FlexWrap,
    Justify,
    Multiplier,
    Overflow,
    Pct,
    Position,
)
from handler.render.elements import h
from handler.render.layout.layout import FixedMeasurer, image_style, layout, layout_canvas
from handler.render.nodes import Box, Edges, ImageSource, StyledElement, StyledNode, StyledText
from handler.render.pipeline import render_image
from handler.render.text.emoji import emoji_set
from handler.render.text.fonts import FontBook
from handler.render.text.text import TextEngine
from tests.helpers import styled

FAKE = FixedMeasurer()


el = styled


def img(natural_width: float, natural_height: float, /, **style: Any) -> StyledElement:
    source = ImageSource(Image.new("RGBA", (1, 1)), natural_width, natural_height)
    return StyledElement("img", dataclasses.replace(INITIAL, **style), (), "img", source)


def block(width: float, height: float, **style: Any) -> StyledElement:
    return el(width=width, height=height, **style)


def run(root: StyledElement, width: float = 400, height: float = 300) -> Box:
    return layout(root, width=width, height=height, text=FAKE)


def rect(box: Box) -> tuple[float, float, float, float]:
    return (box.x, box.y, box.width, box.height)


def rects(box: Box) -> list[tuple[float, float, float, float]]:
    return [rect(child) for child in box.children]


def row(*children: StyledNode, **style: Any) -> StyledElement:
    return el(*children, width=400.0, height=300.0, **style)


CASES = [
    pytest.param(
        row(block(50, 40), block(60, 30)),
        [(0, 0, 50, 40), (50, 0, 60, 30)],
        id="row-default",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), flex_direction=FlexDirection.COLUMN),
        [(0, 0, 50, 40), (0, 40, 60, 30)],
        id="column",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), flex_direction=FlexDirection.ROW_REVERSE),
        [(350, 0, 50, 40), (290, 0, 60, 30)],
        id="row-reverse",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), flex_direction=FlexDirection.COLUMN_REVERSE),
        [(0, 260, 50, 40), (0, 230, 60, 30)],
        id="column-reverse",
    ),
    pytest.param(
        row(block(50, 40), el(width=60.0), align_items=Align.STRETCH),
        [(0, 0, 50, 40), (50, 0, 60, 300)],
        id="align-items-stretch",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), align_items=Align.CENTER),
        [(0, 130, 50, 40), (50, 135, 60, 30)],
        id="align-items-center",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), align_items=Align.FLEX_END),
        [(0, 260, 50, 40), (50, 270, 60, 30)],
        id="align-items-flex-end",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30, align_self=Align.FLEX_END)),
        [(0, 0, 50, 40), (50, 270, 60, 30)],
        id="align-self",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), justify_content=Justify.CENTER),
        [(145, 0, 50, 40), (195, 0, 60, 30)],
        id="justify-center",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), justify_content=Justify.FLEX_END),
        [(290, 0, 50, 40), (340, 0, 60, 30)],
        id="justify-flex-end",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), justify_content=Justify.SPACE_BETWEEN),
        [(0, 0, 50, 40), (340, 0, 60, 30)],
        id="justify-space-between",
    ),
    pytest.param(
        row(block(50, 40), block(50, 30), justify_content=Justify.SPACE_AROUND),
        [(75, 0, 50, 40), (275, 0, 50, 30)],
        id="justify-space-around",
    ),
    pytest.param(
        row(block(50, 40), block(50, 30), justify_content=Justify.SPACE_EVENLY),
        [(100, 0, 50, 40), (250, 0, 50, 30)],
        id="justify-space-evenly",
    ),
    pytest.param(
        row(block(150, 40), block(150, 40), block(150, 40), flex_wrap=FlexWrap.WRAP),
        # Satori's align-content default packs the lines at the top (CSS's normal would
        # stretch them, 150 px each); `stretch` asks for that.
        [(0, 0, 150, 40), (150, 0, 150, 40), (0, 40, 150, 40)],
        id="wrap",
    ),
    pytest.param(
        row(
            block(150, 40),
            block(150, 40),
            block(150, 40),
            flex_wrap=FlexWrap.WRAP,
            align_content=Align.STRETCH,
        ),
        [(0, 0, 150, 40), (150, 0, 150, 40), (0, 150, 150, 40)],
        id="align-content-stretch",
    ),
    pytest.param(
        row(block(150, 40), block(150, 40), block(150, 40), flex_wrap=FlexWrap.WRAP_REVERSE),
        [(0, 260, 150, 40), (150, 260, 150, 40), (0, 220, 150, 40)],  # packed at the bottom
        id="wrap-reverse",
    ),
    pytest.param(
        row(
            block(150, 40),
            block(150, 40),
            block(150, 40),
            flex_wrap=FlexWrap.WRAP,
            align_content=Align.CENTER,
        ),
        [(0, 110, 150, 40), (150, 110, 150, 40), (0, 150, 150, 40)],
        id="align-content-center",
    ),
    pytest.param(
        row(
            block(150, 40),
            block(150, 40),
            block(150, 40),
            flex_wrap=FlexWrap.WRAP,
            align_content=Align.SPACE_BETWEEN,
        ),
        [(0, 0, 150, 40), (150, 0, 150, 40), (0, 260, 150, 40)],
        id="align-content-space-between",
    ),
    pytest.param(
        row(
            el(height=40.0, flex_grow=1.0),
            el(height=40.0, flex_grow=3.0),
            block(100, 40),
        ),
        [(0, 0, 75, 40), (75, 0, 225, 40), (300, 0, 100, 40)],
        id="flex-grow",
    ),
    pytest.param(
        row(block(300, 40), block(300, 40, flex_shrink=3.0)),
        [(0, 0, 250, 40), (250, 0, 150, 40)],
        id="flex-shrink",
    ),
    pytest.param(
        row(block(300, 40, flex_shrink=0.0), block(300, 40)),
        [(0, 0, 300, 40), (300, 0, 100, 40)],
        id="flex-shrink-zero",
    ),
    pytest.param(
        row(
            el(height=40.0, flex_basis=100.0, flex_grow=1.0),
            el(height=40.0, flex_basis=Pct(25), flex_grow=1.0),
        ),
        [(0, 0, 200, 40), (200, 0, 200, 40)],
        id="flex-basis-px-and-percent",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), column_gap=10.0),
        [(0, 0, 50, 40), (60, 0, 60, 30)],
        id="column-gap-px",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), column_gap=Pct(10)),
        [(0, 0, 50, 40), (90, 0, 60, 30)],
        id="column-gap-percent",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30), flex_direction=FlexDirection.COLUMN, row_gap=15.0),
        [(0, 0, 50, 40), (0, 55, 60, 30)],
        id="row-gap-px",
    ),
    pytest.param(
        row(
            block(150, 40),
            block(150, 40),
            block(150, 40),
            flex_wrap=FlexWrap.WRAP,
            row_gap=Pct(10),
        ),
        [(0, 0, 150, 40), (150, 0, 150, 40), (0, 70, 150, 40)],  # gap 30% of 300
        id="row-gap-percent-of-height",
    ),
    pytest.param(
        row(el(width=Pct(50), height=Pct(25)), el(width=Pct(10), height=10.0)),
        [(0, 0, 200, 75), (200, 0, 40, 10)],
        id="width-height-percent",
    ),
    pytest.param(
        row(
            el(width=500.0, height=20.0, max_width=120.0, flex_shrink=0.0),
            el(width=10.0, height=20.0, min_width=80.0),
            el(height=Pct(100), max_height=Pct(50), width=10.0),
        ),
        [(0, 0, 120, 20), (120, 0, 80, 20), (200, 0, 10, 150)],
        id="min-max",
    ),
    pytest.param(
        row(el(width=100.0, aspect_ratio=2.0), el(height=60.0, aspect_ratio=0.5)),
        [(0, 0, 100, 50), (100, 0, 30, 60)],
        id="aspect-ratio",
    ),
    pytest.param(
        row(
            block(50, 40, margin_left=10.0, margin_top=5.0, margin_right=20.0),
            block(60, 30, margin_left=Pct(10)),
        ),
        [(10, 5, 50, 40), (120, 0, 60, 30)],
        id="margins-px-and-percent-of-width",
    ),
    pytest.param(
        row(block(50, 40, margin_left=AUTO), block(60, 30)),
        [(290, 0, 50, 40), (340, 0, 60, 30)],
        id="margin-auto-pushes",
    ),
    pytest.param(
        row(block(50, 40, margin_left=AUTO, margin_right=AUTO, margin_top=AUTO)),
        [(175, 260, 50, 40)],
        id="margin-auto-centres",
    ),
    pytest.param(
        row(block(50, 40), padding_left=10.0, padding_top=Pct(5)),
        [(10, 20, 50, 40)],
        id="padding-px-and-percent-of-width",
    ),
    pytest.param(
        row(block(50, 40), border_left_width=3.0, border_top_width=4.0),
        [(3, 4, 50, 40)],
        id="border-offsets-children",
    ),
    pytest.param(
        row(
            block(50, 40, padding_left=10.0, border_left_width=2.0),
            block(
                50, 40, padding_left=10.0, border_left_width=2.0, box_sizing=BoxSizing.CONTENT_BOX
            ),
        ),
        [(0, 0, 50, 40), (50, 0, 62, 40)],
        id="box-sizing",
    ),
    pytest.param(
        row(
            block(50, 40),
            block(60, 30, position=Position.ABSOLUTE, top=10.0, left=20.0),
            block(70, 20),
        ),
        [(0, 0, 50, 40), (20, 10, 60, 30), (50, 0, 70, 20)],
        id="absolute-top-left",
    ),
    pytest.param(
        row(block(60, 30, position=Position.ABSOLUTE, bottom=10.0, right=Pct(10))),
        [(300, 260, 60, 30)],
        id="absolute-bottom-right",
    ),
    pytest.param(
        row(el(position=Position.ABSOLUTE, top=10.0, bottom=20.0, left=0.0, right=0.0)),
        [(0, 10, 400, 270)],
        id="absolute-insets-size",
    ),
    pytest.param(
        row(block(50, 40, top=5.0, left=7.0), block(60, 30)),
        [(7, 5, 50, 40), (50, 0, 60, 30)],
        id="relative-offsets",
    ),
    pytest.param(
        row(block(50, 40), block(60, 30, display=Display.NONE), block(70, 20)),
        [(0, 0, 50, 40), (50, 0, 70, 20)],
        id="display-none-omitted",
    ),
    pytest.param(
        row(
            block(50, 40),
            el(block(60, 30), block(70, 20), display=Display.CONTENTS, padding_left=99.0),
            block(10, 10),
        ),
        [(0, 0, 50, 40), (50, 0, 60, 30), (110, 0, 70, 20), (180, 0, 10, 10)],
        id="display-contents-hoisted",
    ),
    pytest.param(
        row(el(block(500, 40, flex_shrink=0.0), width=100.0, overflow=Overflow.HIDDEN)),
        [(0, 0, 100, 300)],
        id="overflow-hidden-keeps-size",
    ),
]


@pytest.mark.parametrize(("root", "expected"), CASES)
def test_child_boxes(
    root: StyledElement, expected: list[tuple[float, float, float, float]]
) -> None:
    box = run(root)
    assert rect(box) == (0, 0, 400, 300)
    assert rects(box) == expected


def test_root_width_percent_is_the_canvas() -> None:
    box = run(el(width=Pct(100), height=Pct(50)), width=640, height=480)
    assert rect(box) == (0, 0, 640, 240)


def test_root_without_size_shrinks_to_content_at_the_canvas_origin() -> None:
    box = run(el(block(30, 20)), width=640, height=480)
    assert rect(box) == (0, 0, 30, 20)


def test_the_roots_top_margin_is_dropped_as_satori_does() -> None:
    # Satori's canvas wraps its lines; Yoga then places a flex-start item of a wrapped line
    # at its inset, not its margin: the root loses margin-top, keeps margin-left. A child of
    # the root (a line that does not wrap) keeps both.
    inner = block(10, 10, margin_left=4.0, margin_top=6.0)
    box = run(el(inner, width=50.0, height=50.0, margin_left=20.0, margin_top=30.0))
    assert rect(box) == (20, 0, 50, 50)
    assert rect(box.children[0]) == (24, 6, 10, 10)


def test_positions_are_absolute_on_the_canvas() -> None:
    inner = block(10, 10, margin_left=3.0)
    middle = el(inner, padding_left=20.0, padding_top=30.0)
    box = run(el(middle, padding_left=100.0, padding_top=50.0))
    (mid,) = box.children
    assert (mid.x, mid.y) == (100, 50)
    assert (mid.children[0].x, mid.children[0].y) == (123, 80)


def test_box_carries_resolved_border_and_padding() -> None:
    box = run(
        el(
            width=200.0,
            padding_top=Pct(10),
            padding_left=4.0,
            border_top_width=1.0,
            border_right_width=2.0,
            border_bottom_width=3.0,
            border_left_width=4.0,
        )
    )
    # A percentage padding is of the containing block's width: the 400px canvas.
    assert box.padding == Edges(40.0, 0.0, 0.0, 4.0)
    assert box.border == Edges(1.0, 2.0, 3.0, 4.0)


def test_children_in_document_order_with_nodes() -> None:
    a, b = block(10, 10), block(20, 20)
    box = run(row(a, b, flex_direction=FlexDirection.ROW_REVERSE))
    assert [child.node for child in box.children] == [a, b]


def test_display_none_root_is_laid_out_as_flex() -> None:
    box = run(el(block(10, 10), display=Display.NONE))
    assert rects(box) == [(0, 0, 10, 10)]


def test_pixel_rounding_follows_yoga() -> None:
    third = el(height=10.0, flex_grow=1.0)
    box = run(el(third, third, third, width=100.0))
    # 33.33 each: edges rounded on the canvas, so the boxes tile without gaps.
    assert rects(box) == [(0, 0, 33, 10), (33, 0, 34, 10), (67, 0, 33, 10)]


# --- text leaves ---------------------------------------------------------------------------


def test_text_leaf_is_measured_and_laid_out() -> None:
    box = run(el("hello world"))
    (text,) = box.children
    assert isinstance(text.node, StyledText)
    assert rect(text) == (0, 0, 88, 20)
    assert text.text is not None
    assert [line.width for line in text.text.lines] == [88]


def test_text_wraps_at_the_available_width() -> None:
    box = run(el("aaaa bbbb cccc", width=80.0))
    (text,) = box.children
    # "aaaa bbbb" is 72px, "cccc" on the next line. Yoga (so Satori) sizes the flex basis of
    # a measured leaf fit-content (at most the container), where CSS would take 80px.
    assert rect(text) == (0, 0, 72, 40)
    assert text.text is not None
    assert len(text.text.lines) == 2


def test_text_in_a_column_is_stretched_to_the_width() -> None:
    box = run(el("hi", width=200.0, flex_direction=FlexDirection.COLUMN))
    (text,) = box.children
    assert rect(text) == (0, 0, 200, 20)
    assert text.text is not None
    assert text.text.width == 200


def test_text_does_not_shrink_below_its_longest_word_in_a_row() -> None:
    box = run(el("aaaaaaaaaa bb", width=40.0))
    (text,) = box.children
    assert rect(text) == (0, 0, 80, 40)


def test_text_line_height_from_style() -> None:
    box = run(el("hi", line_height=Multiplier(1.5), font_size=20.0))
    assert rects(box) == [(0, 0, 20, 30)]


def test_text_exactly_mode_answers_with_the_given_size() -> None:
    box = run(el(el("hi", flex_grow=1.0, flex_direction=FlexDirection.COLUMN), width=300.0))
    (inner,) = box.children
    assert rect(inner.children[0]) == (0, 0, 300, 20)


def test_seed_icon_text_overflows_the_canvas_symmetrically() -> None:
    icon = el(
        "Icon small",
        width=Pct(100),
        height=Pct(100),
        align_items=Align.CENTER,
        justify_content=Justify.CENTER,
        font_size=88.0,
    )
    box = run(icon, width=48, height=48)
    assert rect(box) == (0, 0, 48, 48)
    (text,) = box.children
    # 44px a character: "Icon" / "small" (min-content, 220px wide), two 110px lines.
    assert rect(text) == (-86, -86, 220, 220)
    assert text.x + text.width / 2 == 24
    assert text.y + text.height / 2 == 24


def test_card_structure() -> None:
    title = el(
        "Metadata image routes, served from AWS Lambda",
        font_size=64.0,
        font_weight=700,
        line_height=Multiplier(1.15),
        letter_spacing=-1.0,
    )
    subtitle = el("Icons and Open Graph cards rendered on demand", margin_top=24.0, font_size=32.0)
    badge = el(
        "next 16.4.6 + @vercel/og",
        align_items=Align.CENTER,
        padding_top=16.0,
        padding_bottom=16.0,
        padding_left=28.0,
        padding_right=28.0,
        border_top_width=2.0,
        border_right_width=2.0,
        border_bottom_width=2.0,
        border_left_width=2.0,
        font_size=28.0,
    )
    footer = el(
        el("example.com/products/42", font_size=22.0),
        el("Image 1 of 3", font_size=22.0),
        justify_content=Justify.SPACE_BETWEEN,
        font_size=22.0,
    )
    pad: dict[str, Any] = {f"padding_{side}": 64.0 for side in ("top", "right", "bottom", "left")}
    card = el(
        el(title, subtitle, flex_direction=FlexDirection.COLUMN),
        el(badge),
        footer,
        width=1200.0,
        height=630.0,
        flex_direction=FlexDirection.COLUMN,
        justify_content=Justify.SPACE_BETWEEN,
        **pad,
    )
    box = layout(card, width=1200, height=630, text=FAKE)
    top, middle, bottom = box.children
    # title: 32px a character, 1072px wide -> 2 lines of 73.6px; subtitle 40px + 24px margin.
    title_box = top.children[0].children[0]
    assert title_box.text is not None
    assert [line.width for line in title_box.text.lines] == [29 * 32, 15 * 32]
    assert rect(top) == pytest.approx((64, 64, 1072, 211.2), abs=1)
    # badge: 24 characters of 14px + padding 56 + border 4; 35px line + 32 + 4.
    assert rect(middle.children[0]) == pytest.approx((64, 371.35, 396, 71), abs=1)
    assert rect(bottom) == pytest.approx((64, 538.5, 1072, 27.5), abs=1)
    assert bottom.y + bottom.height == 566
    left, right = bottom.children
    assert (left.x, right.x + right.width) == (64, 1136)
    badge_text = middle.children[0].children[0]
    assert (badge_text.x, badge_text.width) == (64 + 2 + 28, 336)


# --- <img> ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        pytest.param(img(120, 60), (0, 0, 400, 200), id="unsized-fills-width-at-ratio"),
        pytest.param(img(20, 15, max_width=Pct(50)), (0, 0, 200, 150), id="unsized-max-width"),
        pytest.param(img(120, 60, width=60.0), (0, 0, 60, 30), id="width-px"),
        pytest.param(img(120, 60, height=90.0), (0, 0, 180, 90), id="height-px"),
        pytest.param(img(120, 60, width=30.0, height=40.0), (0, 0, 30, 40), id="both"),
        pytest.param(img(120, 60, width=Pct(50)), (0, 0, 200, 100), id="width-percent"),
        pytest.param(
            img(120, 60, width=70.0, padding_left=5.0, padding_right=5.0),
            (0, 0, 70, 30),
            id="border-box-ratio-of-content",
        ),
        pytest.param(
            img(120, 60, width=60.0, padding_top=5.0, box_sizing=BoxSizing.CONTENT_BOX),
            (0, 0, 60, 35),
            id="content-box",
        ),
        pytest.param(
            img(120, 60, padding_left=10.0, border_top_width=2.0),
            (0, 0, 400, 200),
            id="unsized-ratio-of-border-box",
        ),
        pytest.param(img(120, 60, aspect_ratio=1.0, width=50.0), (0, 0, 50, 50), id="aspect"),
    ],
)
def test_img_size(image: StyledElement, expected: tuple[float, ...]) -> None:
    box = run(row(image, align_items=Align.FLEX_START))
    assert rects(box) == [expected]


def test_img_children_are_not_laid_out() -> None:
    source = ImageSource(Image.new("RGBA", (1, 1)), 10, 10)
    image = StyledElement("img", INITIAL, (StyledText("alt", INITIAL),), "img", source)
    box = run(row(image, align_items=Align.FLEX_START))
    assert box.children[0].children == ()


def test_image_style_leaves_explicit_sizes() -> None:
    style = dataclasses.replace(INITIAL, width=10.0, height=20.0)
    assert image_style(style, ImageSource(Image.new("RGBA", (1, 1)), 5, 5)) is style


# --- errors --------------------------------------------------------------------------------


class GlyphMissing(Exception):
    pass


class FailingMeasurer(FixedMeasurer):
    def measure(self, node: StyledText, max_width: float | None) -> tuple[float, float]:
        if node.text == "boom" and max_width != 0.0:
            raise GlyphMissing(node.text)
        return FixedMeasurer.measure(self, node, max_width)


def test_measure_error_propagates_as_itself() -> None:
    tree = el(el("fine"), el(el("boom"), flex_direction=FlexDirection.COLUMN))
    with pytest.raises(GlyphMissing, match="boom"):
        layout(tree, width=100, height=100, text=FailingMeasurer())


def test_layout_works_after_a_measure_error() -> None:
    with pytest.raises(GlyphMissing):
        layout(
            el("boom", flex_direction=FlexDirection.COLUMN),
            width=100,
            height=100,
            text=FailingMeasurer(),
        )
    assert rects(run(el("ok"))) == [(0, 0, 16, 20)]


# --- through the real TextEngine (Geist from the pinned font package) -----------------------


def real_text() -> TextEngine:
    return TextEngine(FontBook.for_specs(None), emoji_set())


def test_card_title_breaks_as_satori_through_the_text_engine() -> None:
    title = el(
        "Metadata image routes, served from AWS Lambda",
        font_size=64.0,
        font_weight=700,
        line_height=Multiplier(1.15),
        letter_spacing=-1.0,
    )
    pad: dict[str, Any] = {f"padding_{side}": 64.0 for side in ("left", "right", "top")}
    card = el(
        el(title, flex_direction=FlexDirection.COLUMN),
        width=1200.0,
        height=630.0,
        flex_direction=FlexDirection.COLUMN,
        **pad,
    )
    box = layout(card, width=1200, height=630, text=real_text())
    text = box.children[0].children[0].children[0]
    assert text.text is not None
    words = ["".join(run.text for run in line.runs).strip() for line in text.text.lines]
    assert words == ["Metadata image routes, served", "from AWS Lambda"]
    assert (text.x, text.y) == (64, 64)
    # Wrapped text fills the line it wraps in (Chromium and Satori's measure agree), so the
    # text item is the full content width, not its widest line.
    assert text.width == 1072
    assert max(line.width for line in text.text.lines) < 1072
    assert text.height == pytest.approx(2 * 64 * 1.15, abs=1)


def test_seed_icon_through_the_text_engine_is_centred_on_the_canvas() -> None:
    icon = el(
        "Icon small",
        width=Pct(100),
        height=Pct(100),
        align_items=Align.CENTER,
        justify_content=Justify.CENTER,
        font_size=88.0,
    )
    box = layout(icon, width=48, height=48, text=real_text())
    (text,) = box.children
    assert text.text is not None
    assert len(text.text.lines) == 2  # "Icon" / "small": the min-content width
    assert text.width > 48
    assert text.x < 0
    assert text.x + text.width / 2 == pytest.approx(24, abs=0.5)
    assert text.y + text.height / 2 == pytest.approx(24, abs=0.5)


def test_text_box_is_as_wide_as_its_widest_line() -> None:
    box = layout(el("Image 1 of 3", font_size=22.0), width=400, height=100, text=real_text())
    (text,) = box.children
    assert text.text is not None
    (line,) = text.text.lines
    assert text.width == math.ceil(line.width - 1e-3)


# --- the other engine behind the same interface ---------------------------------------------

TAFFY_DIFFERS = {"aspect-ratio"}  # Taffy lets align-items: stretch win over aspect-ratio


@pytest.mark.parametrize(
    ("root", "expected"), [case for case in CASES if case.id not in TAFFY_DIFFERS]
)
def test_taffy_engine_agrees_with_yoga(
    root: StyledElement, expected: list[tuple[float, float, float, float]]
) -> None:
    from benchmarks.stretchable_engine import StretchableEngine

    box = layout(root, width=400, height=300, text=FAKE, engine=StretchableEngine())
    assert rects(box) == expected


def test_taffy_engine_measures_text_and_raises_measure_errors() -> None:
    from benchmarks.stretchable_engine import StretchableEngine

    engine = StretchableEngine()
    box = layout(el("aaaa bbbb cccc", width=80.0), width=400, height=300, text=FAKE, engine=engine)
    assert box.children[0].text is not None
    assert len(box.children[0].text.lines) == 2
    with pytest.raises(GlyphMissing):
        layout(
            el("boom", flex_direction=FlexDirection.COLUMN),
            width=100,
            height=100,
            text=FailingMeasurer(),
            engine=engine,
        )


def test_a_missing_canvas_height_is_the_contents() -> None:
    root = el(block(60, 40), block(60, 93), width=100.0, flex_direction=FlexDirection.COLUMN)
    box, width, height = layout_canvas(root, width=100, height=None, text=FAKE)
    assert (width, height) == (100, 133)
    assert rect(box) == (0, 0, 100, 133)


def test_a_missing_canvas_width_is_the_contents() -> None:
    box, width, height = layout_canvas(block(70, 20), width=None, height=50, text=FAKE)
    assert (width, height) == (70, 50)
    assert rect(box) == (0, 0, 70, 20)


def test_render_image_sizes_a_missing_dimension_from_the_content() -> None:
    tree = h("div", {"style": {"width": 30, "height": 45, "backgroundColor": "#f00"}})
    image = render_image(tree, width=None, height=None)
    assert image.size == (30, 45)
    assert image.getpixel((29, 44)) == (255, 0, 0, 255)
