from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable  # type: ignore[import-untyped]

from handler.render.text.fonts import GEIST_DIR
from handler.render.text.sfnt import Malformed, Unsupported, read_sfnt

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
GLYPHS = [".notdef", "a", "b", "c", "smile"]


def _font(
    subtables: list[tuple[int, int, int, dict[int, str]]],
    *,
    typo: bool = False,
    axis: tuple[float, float] | None = None,
) -> bytes:
    """A tiny TrueType font whose cmap holds `subtables` of (format, platform, encoding, map)."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(GLYPHS)
    fb.setupCharacterMap({0x61: "a"})
    fb.setupGlyf({name: TTGlyphPen(None).glyph() for name in GLYPHS})
    fb.setupHorizontalMetrics(dict.fromkeys(GLYPHS, (500, 0)))
    fb.setupHorizontalHeader(ascent=900, descent=-250, lineGap=30)
    fb.setupOS2(
        sTypoAscender=800, sTypoDescender=-200, sTypoLineGap=100, fsSelection=0x80 if typo else 0
    )
    fb.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    fb.setupPost()
    if axis is not None:
        fb.setupFvar([("wght", axis[0], 400, axis[1], "Weight")], [])
    tables = []
    for fmt, platform, encoding, mapping in subtables:
        sub = CmapSubtable.newSubtable(fmt)
        sub.platformID, sub.platEncID, sub.language = platform, encoding, 0
        sub.cmap = mapping
        tables.append(sub)
    fb.font["cmap"].tables = tables
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def _fonttools_cmap(data: bytes) -> frozenset[int]:
    return frozenset(TTFont(io.BytesIO(data)).getBestCmap() or {})


SPREAD = {0x20: "a", 0x41: "b", 0x42: "b", 0x7E: "c", 0xE9: "c"}
WIDE = {**SPREAD, 0x1F600: "smile", 0x10FFFD: "a"}


@pytest.mark.parametrize(
    ("subtables", "expected"),
    [
        pytest.param([(4, 3, 1, SPREAD)], set(SPREAD), id="format-4"),
        pytest.param([(12, 3, 10, WIDE)], set(WIDE), id="format-12"),
        pytest.param([(0, 1, 0, SPREAD), (0, 0, 3, SPREAD)], set(SPREAD), id="format-0"),
        pytest.param([(6, 3, 1, {0x41: "a", 0x43: "b"})], {0x41, 0x43}, id="format-6-gap"),
        pytest.param([(4, 3, 1, SPREAD), (12, 3, 10, WIDE)], set(WIDE), id="prefers-3-10"),
        pytest.param([(4, 0, 3, {0x41: "a"}), (4, 3, 1, SPREAD)], set(SPREAD), id="3-1-over-0-3"),
        pytest.param([(4, 1, 0, SPREAD)], set(), id="no-unicode-subtable"),
    ],
)
def test_cmap_matches_fonttools_best_cmap(
    subtables: list[tuple[int, int, int, dict[int, str]]], expected: set[int]
) -> None:
    data = _font(subtables)
    assert read_sfnt(data).cmap == expected
    assert read_sfnt(data).cmap == _fonttools_cmap(data)


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(GEIST_DIR / "Geist[wght].ttf", id="geist"),
        pytest.param(GEIST_DIR / "Geist-Italic[wght].ttf", id="geist-italic"),
        pytest.param(DEJAVU, id="dejavu"),
    ],
)
def test_real_fonts_read_as_fonttools_reads_them(path: Path) -> None:
    data = path.read_bytes()
    info = read_sfnt(data)
    tt = TTFont(io.BytesIO(data))
    assert info.cmap == _fonttools_cmap(data)
    assert info.units_per_em == tt["head"].unitsPerEm
    assert info.hhea == (tt["hhea"].ascent, tt["hhea"].descent, tt["hhea"].lineGap)


def test_geist_weight_axis() -> None:
    info = read_sfnt((GEIST_DIR / "Geist[wght].ttf").read_bytes())
    assert info.weight_axis == (100.0, 900.0)


def test_metrics_and_axis_of_a_built_font() -> None:
    plain = read_sfnt(_font([(4, 3, 1, SPREAD)]))
    assert (plain.units_per_em, plain.hhea, plain.typo) == (1000, (900, -250, 30), None)
    assert plain.weight_axis is None
    typo = read_sfnt(_font([(4, 3, 1, SPREAD)], typo=True, axis=(200, 800)))
    assert typo.typo == (800, -200, 100)
    assert typo.weight_axis == (200.0, 800.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"not a font", r"not a TrueType or OpenType font \(starts with", id="x"),
        pytest.param(b"\x00\x01\x00\x00\x00\x09", r"truncated table directory", id="short"),
        pytest.param(b"\x00\x01\x00\x00\x00\x00" + b"\x00" * 6, r"missing the 'head'", id="empty"),
    ],
)
def test_garbage_is_malformed(data: bytes, message: str) -> None:
    with pytest.raises(Malformed, match=message):
        read_sfnt(data)


def test_table_past_the_end_is_malformed() -> None:
    data = _font([(4, 3, 1, SPREAD)])
    with pytest.raises(Malformed, match=r"runs past the end"):
        read_sfnt(data[: len(data) // 2])


@pytest.mark.parametrize("magic", [b"ttcf", b"wOFF", b"wOF2"])
def test_other_containers_are_left_to_fonttools(magic: bytes) -> None:
    with pytest.raises(Unsupported, match="container"):
        read_sfnt(magic + b"\x00" * 64)


def test_rare_cmap_format_is_left_to_fonttools() -> None:
    data = _font([(2, 3, 1, {0x41: "a"})])
    with pytest.raises(Unsupported, match="format 2"):
        read_sfnt(data)
