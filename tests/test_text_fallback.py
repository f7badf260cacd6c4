"""Text drawn by fallback fonts: the line box it raises and the font that draws tofu."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from handler.render.computed import ComputedStyle, Multiplier, WhiteSpace
from handler.render.nodes import StyledText
from handler.render.text.emoji import emoji_set
from handler.render.text.fonts import GEIST_DIR, FontBook
from handler.render.text.specs import FontSpec
from handler.render.text.text import TextEngine

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
GEIST = GEIST_DIR / "Geist[wght].ttf"
# DejaVu at 32px: ascent 29.7, descent 7.55; Geist: 32.16 and 9.44. U+301C (〜) is Geist's only.
DEJAVU_TEXT = replace(ComputedStyle(font_size=32), font_family=("DejaVu",))
NO_FONT_HAS_IT = "\ue000"


def engine(*specs: FontSpec) -> TextEngine:
    return TextEngine(FontBook.for_specs(list(specs)), emoji_set(None))


def test_a_fallback_font_raises_its_line_under_line_height_normal() -> None:
    text = engine({"name": "DejaVu", "path": DEJAVU})
    style = replace(DEJAVU_TEXT, white_space=WhiteSpace.PRE_LINE)
    layout = text.layout(StyledText("ab 〜 cd\nab cd", style), 1000)
    first, second = layout.lines
    assert (first.height, first.baseline) == (42, 32)  # Geist's: round(32.16 + 9.44)
    assert (second.y, second.height, second.baseline) == (42, 37, 30)  # round(29.7 + 7.55)
    assert layout.height == 79
    assert text.measure(StyledText("ab 〜 cd\nab cd", style), None)[1] == 79


def test_a_set_line_height_is_kept_whatever_draws_the_glyphs() -> None:
    text = engine({"name": "DejaVu", "path": DEJAVU})
    style = replace(DEJAVU_TEXT, line_height=Multiplier(1.5))
    layout = text.layout(StyledText("ab 〜 cd", style), 1000)
    assert layout.lines[0].height == 48


def test_tofu_is_drawn_by_the_last_font_given() -> None:
    text = engine({"name": "DejaVu", "path": DEJAVU}, {"name": "Geist", "path": GEIST})
    shaper = text.shaper(DEJAVU_TEXT)
    assert shaper.primary.face.family == "dejavu"
    found = shaper.font_for(NO_FONT_HAS_IT)
    assert found is not None
    assert found.face.family == "geist"


def test_tofu_is_not_drawn_by_the_bundled_geist_when_fonts_are_given() -> None:
    text = engine({"name": "DejaVu", "path": DEJAVU})
    shaper = text.shaper(DEJAVU_TEXT)
    assert shaper.chain[-1].face.family == "geist"  # bundled: still a fallback for coverage
    found = shaper.font_for(NO_FONT_HAS_IT)
    assert found is not None
    assert found.face.family == "dejavu"


def test_without_fonts_given_geist_draws_tofu() -> None:
    found = engine().shaper(ComputedStyle(font_size=32)).font_for(NO_FONT_HAS_IT)
    assert found is not None
    assert found.face.family == "geist"
