"""benchmarks/browser_case.py: a suite case as a page Chromium draws, and which side departs."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.browser_case import chromium_picture, css_name, css_text, markup, page
from benchmarks.referees import Opinion
from benchmarks.satori_suite import Case, Score

CHROMIUM = "/usr/bin/chromium"
"""Debian's chromium, as the preview's browser tests use it (the README says to install it)."""


def _case(tree: list[object], fonts: list[dict[str, object]], width: int = 120) -> Case:
    return Case(
        name="a-case-1",
        file="a.test.tsx",
        test="a > case",
        options={"width": width, "height": 60, "fonts": fonts},
        tree=tree,
        snapshot=Path("unused.png"),
    )


def test_css_names_are_kebab_case_with_vendor_prefixes() -> None:
    assert css_name("backgroundImage") == "background-image"
    assert css_name("WebkitTextStrokeWidth") == "-webkit-text-stroke-width"
    assert css_name("color") == "color"


def test_numbers_are_px_except_react_s_unitless_properties() -> None:
    style = {"fontSize": 20, "lineHeight": 1.5, "flexGrow": 1, "margin": "4px 2px", "x": None}
    assert css_text(style) == "font-size:20px;line-height:1.5;flex-grow:1;margin:4px 2px"


def test_every_font_family_falls_back_to_the_loaded_fonts() -> None:
    assert css_text({"fontFamily": "Geist"}, '"Noto Sans JP"') == 'font-family:Geist,"Noto Sans JP"'


def test_markup_writes_satori_s_flex_default_but_not_on_replaced_elements() -> None:
    tree = {
        "type": "div",
        "props": {"style": {"color": "red"}},
        "children": ["a < b", {"type": "img", "props": {"src": "data:x", "width": 4}}],
    }
    assert markup(tree) == (
        '<div style="color:red;display:flex">a &lt; b<img src="data:x" width="4"></img></div>'
    )
    assert 'style="display:block"' in markup(
        {"type": "span", "props": {"style": {"display": "block"}}}
    )


def test_page_loads_the_case_s_fonts_by_file_uri_and_clips_to_the_canvas(tmp_path: Path) -> None:
    fonts = [{"name": "Roboto", "weight": 700, "file": "Roboto Bold.ttf"}]
    (tmp_path / "Roboto Bold.ttf").write_bytes(b"a font")
    text = page(_case(["hi"], fonts), tmp_path)
    assert f'src:url("{(tmp_path / "Roboto Bold.ttf").as_uri()}")' in text
    assert 'font-family:"Roboto";font-weight:700' in text
    assert "font-synthesis:none" in text  # @vercel/og never fakes a weight it was not given
    assert "#canvas{display:flex;flex-wrap:wrap;overflow:hidden;width:120px;height:60px;}" in text


@pytest.mark.parametrize(
    ("theirs", "ours", "verdict"),
    [
        (Score(0.5, 9.0), Score(0.99, 0.1), "Satori departs from Chromium"),
        (Score(0.99, 0.1), Score(0.5, 9.0), "Segmint departs from Chromium"),
        (Score(0.99, 0.1), Score(0.99, 0.1), "both near Chromium"),
        (Score(0.5, 9.0), None, "both depart from Chromium"),
    ],
)
def test_verdict_names_the_side_that_departs(
    theirs: Score, ours: Score | None, verdict: str
) -> None:
    view = Opinion("Chromium", referee_vs_satori=theirs, segmint_vs_referee=ours)
    assert view.verdict == verdict
    assert view.row()["verdict"] == verdict


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_chromium_draws_the_case_s_boxes_at_the_canvas_size(tmp_path: Path) -> None:
    tree: list[object] = [
        {
            "type": "div",
            "props": {"style": {"width": "100%", "height": "100%", "backgroundColor": "#fff"}},
            "children": [
                {
                    "type": "div",
                    "props": {"style": {"width": 30, "height": 20, "background": "red"}},
                }
            ],
        }
    ]
    picture = chromium_picture(CHROMIUM, _case(tree, []), tmp_path)
    assert picture.size == (120, 60)
    assert picture.getpixel((5, 5)) == (255, 0, 0)
    assert picture.getpixel((29, 19)) == (255, 0, 0)
    assert picture.getpixel((31, 5)) == (255, 255, 255)
    assert picture.getpixel((5, 21)) == (255, 255, 255)
