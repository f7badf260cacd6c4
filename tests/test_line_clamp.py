"""line-clamp: where it acts (block and -webkit-box only, as Satori) and what ends the last line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handler.render.computed import ComputedStyle
from handler.render.elements import h
from handler.render.nodes import ImageSource, StyledElement, StyledText
from handler.render.style.style import compute_tree
from handler.render.text.emoji import emoji_set
from handler.render.text.fonts import FontBook
from handler.render.text.text import TextEngine

BODY = ComputedStyle(font_size=32)
TEXT = "one two three four five six seven eight nine ten"


def _style(css: dict[str, object]) -> ComputedStyle:
    root = compute_tree(
        h("div", {}, h("div", {"style": css}, "x")), canvas=(200, 200), load_image=_no_image
    )
    inner = root.children[0]
    assert isinstance(inner, StyledElement)
    return inner.style


def _no_image(src: str | bytes) -> ImageSource:
    raise AssertionError(f"no image expected, got {src!r}")


def _lines(style: ComputedStyle, width: float) -> list[str]:
    engine = TextEngine(FontBook.for_specs(None), emoji_set(None))
    layout = engine.layout(StyledText(TEXT, style), width)
    return ["".join(run.text for run in line.runs) for line in layout.lines]


@pytest.mark.parametrize(
    ("css", "clamp"),
    [
        pytest.param({"lineClamp": 2}, None, id="flex-default"),
        pytest.param({"display": "flex", "lineClamp": 2}, None, id="flex"),
        pytest.param({"display": "block", "lineClamp": 2}, 2, id="block"),
        pytest.param({"display": "-webkit-box", "WebkitLineClamp": 3}, 3, id="webkit-box"),
    ],
)
def test_line_clamp_acts_only_on_block_containers(css: dict[str, object], clamp: int) -> None:
    assert _style(css).line_clamp == clamp


def test_line_clamp_reads_a_custom_ellipsis() -> None:
    style = _style({"display": "block", "lineClamp": "2 ' (more)'"})
    assert (style.line_clamp, style.line_clamp_ellipsis) == (2, " (more)")
    assert _style({"display": "block", "lineClamp": "none"}).line_clamp is None


def test_clamped_text_ends_with_the_custom_ellipsis() -> None:
    lines = _lines(replace(BODY, line_clamp=2, line_clamp_ellipsis=" [+]"), 260)
    assert len(lines) == 2
    assert lines[1].endswith(" [+]")
    assert lines[1] != " [+]"  # some of the line's own text is kept before it


def test_an_ellipsis_wider_than_the_box_falls_back_to_the_default() -> None:
    long = " (and a great deal more, in fact far too much to fit)"
    lines = _lines(replace(BODY, line_clamp=2, line_clamp_ellipsis=long), 260)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert long not in lines[1]
