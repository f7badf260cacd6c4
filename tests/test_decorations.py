"""Text decoration styles in pixels: double lines, dashes and dots under our own text."""

from __future__ import annotations

import pytest
from PIL import Image

from handler.exceptions import UnsupportedStyle
from handler.render.elements import h
from handler.render.pipeline import render_image

RED = (255, 0, 0, 255)


def _underlined(decoration: str) -> Image.Image:
    style = {
        "fontSize": 60,
        "color": "red",
        "textDecoration": decoration,
        "padding": 10,
        "backgroundColor": "white",
    }
    return render_image(h("div", {"style": style}, "mmmm"), width=260, height=110)


def _runs(values: list[bool]) -> int:
    """How many runs of True."""
    return sum(1 for i, v in enumerate(values) if v and (i == 0 or not values[i - 1]))


def _red(image: Image.Image, x: int, y: int) -> bool:
    r, g, b, _ = image.getpixel((x, y))  # type: ignore[misc]
    return bool(r > 200 and g < 80 and b < 80)


def _full_rows(image: Image.Image) -> list[bool]:
    """Rows red all along the text (only a decoration is; glyphs leave gaps)."""
    return [all(_red(image, x, y) for x in range(15, 200)) for y in range(image.height)]


def test_double_underline_draws_two_lines() -> None:
    assert _runs(_full_rows(_underlined("underline"))) == 1
    assert _runs(_full_rows(_underlined("underline double"))) == 2
    assert _runs(_full_rows(_underlined("line-through double"))) == 2


@pytest.mark.parametrize("style", ["dashed", "dotted"])
def test_dashed_and_dotted_underlines_break_along_the_line(style: str) -> None:
    rows = [y for y, full in enumerate(_full_rows(_underlined("underline"))) if full]
    middle = rows[len(rows) // 2]
    image = _underlined(f"underline {style}")
    along = [_red(image, x, middle) for x in range(15, 200)]
    assert _runs(along) > 5
    assert 0.2 < sum(along) / len(along) < 0.8


def test_borders_refuse_double() -> None:
    with pytest.raises(UnsupportedStyle, match="solid, dashed or dotted"):
        render_image(h("div", {"style": {"borderStyle": "double"}}), width=10, height=10)


def _under(text: str, **extra: object) -> Image.Image:
    style = {"fontSize": 60, "color": "red", "textDecorationLine": "underline", "padding": 10}
    return render_image(h("div", {"style": style | extra}, text), width=260, height=110)


def test_underlines_skip_the_ink_of_descenders() -> None:
    plain = _full_rows(_under("mmmm"))  # no descenders: one unbroken underline
    rows = [y for y, full in enumerate(plain) if full]
    assert rows
    skipped = _under("mgpm")
    middle = rows[len(rows) // 2]
    along = [_red(skipped, x, middle) for x in range(15, 200)]
    assert _runs(along) >= 2  # broken around g and p
    solid = [_red(_under("mgpm", textDecorationSkipInk="none"), x, middle) for x in range(260)]
    assert _runs(solid) == 1
    assert sum(solid) > sum(along)
