"""text-wrap: the shorthand and its longhands, nowrap, balanced and pretty line breaking."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from handler.exceptions import UnsupportedStyle
from handler.render.computed import ComputedStyle, TextWrapMode, TextWrapStyle, WordBreak
from handler.render.elements import h
from handler.render.layout.layout import layout_canvas
from handler.render.nodes import ImageSource, StyledElement, StyledText
from handler.render.style.style import compute_tree
from handler.render.text.emoji import emoji_set
from handler.render.text.fonts import FontBook
from handler.render.text.linebreak import Breaking, segments
from handler.render.text.text import TextEngine
from handler.render.text.wrapstyle import wrap_paragraph

BODY = ComputedStyle(font_size=20)


def _no_image(src: str | bytes) -> ImageSource:
    raise AssertionError(f"no image expected, got {src!r}")


def _style(css: dict[str, object]) -> ComputedStyle:
    root = compute_tree(
        h("div", {"style": {"textWrap": "balance"}}, h("div", {"style": css}, "x")),
        canvas=(200, 200),
        load_image=_no_image,
    )
    inner = root.children[0]
    assert isinstance(inner, StyledElement)
    return inner.style


def _lines(text: str, style: ComputedStyle, width: float) -> list[str]:
    engine = TextEngine(FontBook.for_specs(None), emoji_set(None))
    layout = engine.layout(StyledText(text, style), width)
    return ["".join(run.text for run in line.runs) for line in layout.lines]


@pytest.mark.parametrize(
    ("css", "mode", "style"),
    [
        pytest.param({}, TextWrapMode.WRAP, TextWrapStyle.BALANCE, id="inherited"),
        pytest.param({"textWrap": "nowrap"}, TextWrapMode.NOWRAP, TextWrapStyle.AUTO, id="nowrap"),
        pytest.param({"textWrap": "pretty"}, TextWrapMode.WRAP, TextWrapStyle.PRETTY, id="pretty"),
        pytest.param(
            {"textWrap": "stable wrap"}, TextWrapMode.WRAP, TextWrapStyle.STABLE, id="both"
        ),
        pytest.param(
            {"textWrapMode": "nowrap"}, TextWrapMode.NOWRAP, TextWrapStyle.BALANCE, id="mode"
        ),
        pytest.param({"textWrapStyle": "auto"}, TextWrapMode.WRAP, TextWrapStyle.AUTO, id="style"),
    ],
)
def test_text_wrap_sets_mode_and_style(
    css: dict[str, object], mode: TextWrapMode, style: TextWrapStyle
) -> None:
    computed = _style(css)
    assert (computed.text_wrap_mode, computed.text_wrap_style) == (mode, style)


def test_text_wrap_names_a_bad_value() -> None:
    with pytest.raises(UnsupportedStyle, match="balance, pretty or stable"):
        _style({"textWrap": "wrap nowrap"})


def test_balance_evens_the_lines_out() -> None:
    text = "aa aa aa aa aa aa aa aa"
    greedy = _lines(text, BODY, 160)
    balanced = _lines(text, replace(BODY, text_wrap_style=TextWrapStyle.BALANCE), 160)
    assert len(greedy) == len(balanced) == 2
    assert len(greedy[0].split()) > len(greedy[1].split()) + 1
    assert [len(line.split()) for line in balanced] == [4, 4]


def test_balance_leaves_one_line_alone() -> None:
    style = replace(BODY, text_wrap_style=TextWrapStyle.BALANCE)
    assert _lines("short", style, 300) == ["short"]


def test_pretty_gives_the_last_word_company() -> None:
    engine = TextEngine(FontBook.for_specs(None), emoji_set(None))
    measure = engine.shaper(BODY).width
    words = segments("one two three four five six seven", WordBreak.NORMAL)
    width = measure("one two three four five six") + 1
    greedy = wrap_paragraph(words, measure, Breaking(width, False), TextWrapStyle.AUTO)
    pretty = wrap_paragraph(words, measure, Breaking(width, False), TextWrapStyle.PRETTY)
    assert [line.text for line in greedy][-1] == "seven"
    assert len(pretty) == 2
    assert pretty[-1].text == "six seven"


def test_nowrap_keeps_one_line_under_white_space_normal() -> None:
    style = replace(BODY, text_wrap_mode=TextWrapMode.NOWRAP)
    assert _lines("one two three four", style, 40) == ["one two three four"]


def test_a_wrapped_line_counts_the_space_hanging_after_it() -> None:
    engine = TextEngine(FontBook.for_specs(None), emoji_set(None))
    width = engine.shaper(BODY).width
    limit = math.ceil(width("wide")) + 1.0  # "wide" fits, the space after it does not
    node = StyledText("wide ok", BODY)
    measured, _ = engine.measure(node, limit)
    assert measured == math.ceil(width("wide") + width(" ")) > limit
    assert engine.min_content_width(node) == math.ceil(width("wide"))  # CSS: spaces hang


def test_a_centred_wrapped_text_box_is_centred_with_its_hanging_space() -> None:
    engine = TextEngine(FontBook.for_specs(None), emoji_set(None))
    width = engine.shaper(BODY).width
    canvas = math.ceil(width("wide")) + 1
    column = {"display": "flex", "flexDirection": "column", "alignItems": "center"}
    tree = h("div", {"style": {**column, "width": canvas, "fontSize": 20}}, h("div", {}, "wide ok"))
    styled = compute_tree(tree, canvas=(canvas, 100), load_image=_no_image)
    root, _, _ = layout_canvas(styled, width=canvas, height=100, text=engine)
    (inner,) = root.children
    expected = math.ceil(width("wide") + width(" "))
    assert inner.width == expected
    assert inner.x == round((canvas - expected) / 2)
