from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageStat

from handler.exceptions import FontError
from handler.render.computed import FontStyle
from handler.render.text.fonts import (
    DEFAULT_FAMILY,
    GEIST_DIR,
    Face,
    FontBook,
    load_file,
    match_face,
)
from handler.render.text.specs import Font, FontSpec

GEIST = GEIST_DIR / "Geist[wght].ttf"
GEIST_ITALIC = GEIST_DIR / "Geist-Italic[wght].ttf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _faces(*weights: int, style: FontStyle = FontStyle.NORMAL) -> list[Face]:
    file = load_file(DEJAVU.read_bytes(), "DejaVu")
    return [Face("f", file, w, w, style) for w in weights]


@pytest.mark.parametrize(
    ("available", "wanted", "picked"),
    [
        pytest.param((300, 400, 700), 400, 400, id="exact"),
        pytest.param((300, 500, 700), 400, 500, id="400-prefers-500"),
        pytest.param((300, 600, 700), 400, 300, id="400-then-lighter"),
        pytest.param((600, 700), 450, 600, id="450-then-heavier-above-500"),
        pytest.param((400, 600), 500, 400, id="500-prefers-lighter-before-above-500"),
        pytest.param((100, 300, 600), 200, 100, id="below-400-lighter-first"),
        pytest.param((300, 600), 200, 300, id="below-400-heavier-if-no-lighter"),
        pytest.param((400, 800, 900), 600, 800, id="above-500-heavier-first"),
        pytest.param((300, 400), 700, 400, id="above-500-lighter-if-no-heavier"),
    ],
)
def test_weight_matching_follows_css(available: tuple[int, ...], wanted: int, picked: int) -> None:
    face = match_face(_faces(*available), wanted, FontStyle.NORMAL)
    assert face is not None
    assert face.min_weight == picked


def test_style_is_matched_before_weight() -> None:
    faces = _faces(400) + _faces(700, style=FontStyle.ITALIC)
    face = match_face(faces, 400, FontStyle.ITALIC)
    assert face is not None
    assert (face.style, face.min_weight) == (FontStyle.ITALIC, 700)


def test_variable_geist_draws_any_weight() -> None:
    book = FontBook.for_specs(None)
    for weight in (100, 350, 700, 900):
        used = book.chain((), weight, FontStyle.NORMAL)[0]
        assert used.face.family == DEFAULT_FAMILY
        assert used.weight == weight
    italic = book.chain((), 400, FontStyle.ITALIC)[0]
    assert italic.face.style is FontStyle.ITALIC


def _ink(weight: int) -> tuple[float, int]:
    used = FontBook.for_specs(None).chain((), weight, FontStyle.NORMAL)[0]
    font = used.freetype(48)
    image = Image.new("L", (600, 80), 0)
    ImageDraw.Draw(image).text((0, 60), "Hamburgefonts", font=font, fill=255, anchor="ls")
    return font.getlength("Hamburgefonts"), int(ImageStat.Stat(image).sum[0])


def test_bold_is_really_bolder() -> None:
    regular_width, regular_ink = _ink(400)
    bold_width, bold_ink = _ink(700)
    assert bold_width > regular_width * 1.03
    assert bold_ink > regular_ink * 1.3


def test_equal_specs_give_the_same_book() -> None:
    spec: FontSpec = {"name": "DejaVu", "data": DEJAVU.read_bytes(), "weight": 400}
    first = FontBook.for_specs([spec])
    again = FontBook.for_specs([{"name": "DejaVu", "data": bytes(spec["data"]), "weight": 400}])
    by_path = FontBook.for_specs([Font("DejaVu", path=DEJAVU)])
    assert first is again
    assert first is by_path
    assert FontBook.for_specs(None) is FontBook.for_specs([])
    assert FontBook.for_specs(None) is not first


def test_freetype_fonts_are_cached() -> None:
    used = FontBook.for_specs(None).chain((), 700, FontStyle.NORMAL)[0]
    assert used.freetype(24) is used.freetype(24)
    assert used.freetype(24) is not used.freetype(25)


def test_fallback_chain_order() -> None:
    book = FontBook.for_specs(
        [{"name": "DejaVu", "path": str(DEJAVU)}, {"name": "Italic", "path": str(GEIST_ITALIC)}]
    )
    listed = [u.face.family for u in book.chain(("Italic",), 400, FontStyle.NORMAL)]
    assert listed == ["italic", "dejavu", DEFAULT_FAMILY]
    default = [u.face.family for u in book.chain((), 400, FontStyle.NORMAL)]
    assert default == ["dejavu", "italic", DEFAULT_FAMILY]
    unknown = [u.face.family for u in book.chain(("Nope", "sans-serif"), 400, FontStyle.NORMAL)]
    assert unknown == ["dejavu", "italic", DEFAULT_FAMILY]


def test_the_first_font_passed_is_the_default_face() -> None:
    # @vercel/og: fonts passed in replace the default font; no fontFamily draws the first one
    book = FontBook.for_specs(
        [{"name": "Italic", "path": str(GEIST_ITALIC)}, {"name": "DejaVu", "path": str(DEJAVU)}]
    )
    assert book.chain((), 400, FontStyle.NORMAL)[0].face.family == "italic"
    assert FontBook.for_specs(None).chain((), 400, FontStyle.NORMAL)[0].face.family == "geist"


def test_a_weight_not_loaded_draws_the_nearest_loaded_face() -> None:
    book = FontBook.for_specs([{"name": "DejaVu", "path": str(DEJAVU), "weight": 400}])
    first = book.chain((), 700, FontStyle.NORMAL)[0]
    assert (first.face.family, first.face.min_weight, first.weight) == ("dejavu", 400, 400)


def test_a_users_geist_replaces_the_bundled_one() -> None:
    book = FontBook.for_specs([{"name": "Geist", "path": str(DEJAVU), "weight": 400}])
    assert book.families.keys() == {DEFAULT_FAMILY}
    used = book.chain(("Geist",), 700, FontStyle.NORMAL)
    assert [(u.face.file.key, u.weight) for u in used] == [(used[0].face.file.key, 400)]
    assert used[0].face.covers("ש")  # DejaVu's glyphs, not the bundled Geist's


def test_coverage_comes_from_the_cmap() -> None:
    book = FontBook.for_specs([{"name": "DejaVu", "path": str(DEJAVU)}])
    dejavu, geist = book.chain((), 400, FontStyle.NORMAL)
    assert geist.face.covers("A")
    assert not geist.face.covers("ש")
    assert dejavu.face.covers("ש")
    assert geist.face.covers("e\u200d")  # format characters need no glyph


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param({"data": b"x"}, r"'name' must be a non-empty string", id="no-name"),
        pytest.param({"name": "A"}, r"font 'A': give exactly one of 'data'", id="no-data"),
        pytest.param({"name": "A", "data": b"x", "path": "p"}, r"exactly one of 'data'", id="both"),
        pytest.param({"name": "A", "data": "text"}, r"'data' must be bytes, got str", id="str"),
        pytest.param(
            {"name": "A", "data": b"x", "weight": "bold"}, r"'weight' must be an int", id="weight"
        ),
        pytest.param(
            {"name": "A", "data": b"x", "style": "oblique"}, r"'style' must be 'normal'", id="style"
        ),
        pytest.param(
            {"name": "A", "data": b"x", "size": 3}, r"unknown key\(s\) \['size'\]", id="key"
        ),
        pytest.param({"name": "A", "data": b"not a font"}, r"font 'A': cannot read", id="garbage"),
        pytest.param(
            {"name": "A", "path": "/nope.ttf"}, r"cannot read 'path' '/nope.ttf'", id="path"
        ),
    ],
)
def test_bad_specs_name_the_font_and_key(spec: dict[str, object], message: str) -> None:
    with pytest.raises(FontError, match=message):
        FontBook.for_specs([spec])


def test_geist_found_through_the_package_module() -> None:
    assert GEIST.is_file()
    assert GEIST_ITALIC.is_file()
    metrics = load_file(GEIST.read_bytes(), "Geist").metrics
    assert metrics.normal_line_height == pytest.approx(1.3)
