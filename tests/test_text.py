from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from handler.render.computed import (
    ComputedStyle,
    FontStyle,
    Multiplier,
    Pct,
    TextAlign,
    TextOverflow,
    TextTransform,
    WhiteSpace,
    WordBreak,
)
from handler.render.nodes import StyledText, TextLayout
from handler.render.text.bidi import bidi_levels, visual_order
from handler.render.text.emoji import emoji_set
from handler.render.text.fonts import DEFAULT_FAMILY, GEIST_DIR, RAQM, FontBook
from handler.render.text.linebreak import paragraphs, segments, transform
from handler.render.text.specs import FontSpec
from handler.render.text.text import TextEngine, text_key

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
GEIST = GEIST_DIR / "Geist[wght].ttf"
TITLE = ComputedStyle(
    font_size=64, font_weight=700, line_height=Multiplier(1.15), letter_spacing=-1.0
)
BODY = ComputedStyle(font_size=32)


def _engine(with_dejavu: bool = False) -> TextEngine:
    """Geist alone, or Geist (the first font, so the default face) then DejaVu for Hebrew."""
    specs: list[FontSpec] | None = None
    if with_dejavu:
        geist: list[FontSpec] = [{"name": "Geist", "path": GEIST, "weight": w} for w in (400, 700)]
        specs = [*geist, {"name": "DejaVu", "path": DEJAVU}]
    return TextEngine(FontBook.for_specs(specs), emoji_set(None))


def _texts(layout: TextLayout) -> list[str]:
    return ["".join(run.text for run in line.runs) for line in layout.lines]


def test_raqm_is_available_here() -> None:
    assert RAQM  # kerning and RTL below depend on it; Lambda must ship libfribidi too


def test_card_title_breaks_like_chromium() -> None:
    layout = _engine().layout(
        StyledText("Metadata image routes, served from AWS Lambda", TITLE), 1072
    )
    assert _texts(layout) == ["Metadata image routes, served", "from AWS Lambda"]
    # Chromium 14x (same Geist file): 941.328 px and 558.078 px wide, 147.188 px tall; Satori
    # rounds each 73.6 px line box (1.15 x 64) to 74.
    assert layout.lines[0].width == pytest.approx(941.328, rel=0.005)
    assert layout.lines[1].width == pytest.approx(558.078, rel=0.005)
    assert layout.height == 148
    assert layout.lines[1].y == 74


def test_subtitle_width_matches_chromium() -> None:
    node = StyledText("Icons and Open Graph cards rendered on demand", BODY)
    width, height = _engine().measure(node, None)
    assert width == pytest.approx(723.078, rel=0.01)
    assert height == 42  # line-height: normal, as Satori: round(32.16 + 9.44); Chromium 41


def test_measure_then_layout_gives_the_same_lines() -> None:
    engine = _engine()
    node = StyledText("Metadata image routes, served from AWS Lambda", TITLE)
    width, height = engine.measure(node, 1072)
    layout = engine.layout(node, width)
    assert len(layout.lines) == 2
    assert layout.height == height


def test_wrapping_at_exact_widths() -> None:
    engine = _engine()
    node = StyledText("aaa bbb ccc", BODY)
    one, _ = engine.measure(StyledText("aaa bbb", BODY), None)
    assert _texts(engine.layout(node, one)) == ["aaa bbb", "ccc"]
    assert _texts(engine.layout(node, one - 1))[0] == "aaa"
    full, _ = engine.measure(node, None)
    assert _texts(engine.layout(node, full)) == ["aaa bbb ccc"]


def test_trailing_spaces_hang() -> None:
    engine = _engine()
    word, _ = engine.measure(StyledText("aaa", BODY), None)
    node = StyledText("aaa bbb", replace(BODY, white_space=WhiteSpace.PRE_WRAP))
    assert _texts(engine.layout(node, word)) == ["aaa", "bbb"]


def test_min_content_is_the_longest_word() -> None:
    engine = _engine()
    longest, _ = engine.measure(StyledText("extraordinary", BODY), None)
    node = StyledText("a extraordinary b", BODY)
    assert engine.min_content_width(node) == longest
    assert engine.measure(node, 1)[1] == 3 * 42


def test_nowrap_with_ellipsis_fits_the_width() -> None:
    engine = _engine()
    style = replace(BODY, white_space=WhiteSpace.NOWRAP, text_overflow=TextOverflow.ELLIPSIS)
    layout = engine.layout(StyledText("Icons and Open Graph cards rendered on demand", style), 300)
    (line,) = layout.lines
    text = "".join(r.text for r in line.runs)
    assert text.endswith("…")
    assert text.startswith("Icons and")
    assert line.width <= 300
    assert line.width > 250


def test_nowrap_without_ellipsis_overflows() -> None:
    style = replace(BODY, white_space=WhiteSpace.NOWRAP)
    layout = _engine().layout(StyledText("one two three four", style), 50)
    assert _texts(layout) == ["one two three four"]
    assert layout.lines[0].width > 50


def test_line_clamp() -> None:
    engine = _engine()
    style = replace(BODY, line_clamp=2)
    node = StyledText("one two three four five six seven eight nine ten", style)
    layout = engine.layout(node, 200)
    assert len(layout.lines) == 2
    assert _texts(layout)[1].endswith("…")
    assert all(line.width <= 200 for line in layout.lines)
    assert engine.measure(node, 200)[1] == 2 * 42


@pytest.mark.parametrize(
    ("white_space", "lines"),
    [
        pytest.param(WhiteSpace.PRE, ["  a  b", "", "c"], id="pre"),
        pytest.param(WhiteSpace.PRE_WRAP, ["  a  b", "", "c"], id="pre-wrap"),
        pytest.param(WhiteSpace.PRE_LINE, ["a b", "", "c"], id="pre-line"),
        pytest.param(WhiteSpace.NORMAL, ["a b c"], id="normal"),
        pytest.param(WhiteSpace.NOWRAP, ["a b c"], id="nowrap"),
    ],
)
def test_newlines_per_white_space(white_space: WhiteSpace, lines: list[str]) -> None:
    node = StyledText("  a  b\n\nc", replace(BODY, white_space=white_space))
    assert _texts(_engine().layout(node, 1000)) == lines


@pytest.mark.timeout(60)
def test_a_long_run_of_ideographs_measures_in_linear_time() -> None:
    """A break opportunity after every ideograph: each was measured with the whole run before
    it, so max-content of 4,096 of them took 24 s. Pairs keep the kerning across a break.

    Four times the text must take about four times as long, not sixteen: a ratio of the best of
    three runs each, which a busy machine moves far less than it moves a time limit."""

    def best_time(count: int) -> float:
        times = []
        for run in range(3):  # another text and engine each run: nothing measured is reused
            text = "".join(chr(0x4E00 + run * count + i) for i in range(count))
            engine = _engine()
            start = time.perf_counter()
            width, _height = engine.measure(StyledText(text, BODY), None)
            times.append(time.perf_counter() - start)
            assert width == pytest.approx(engine.shaper(BODY).width(text), rel=1e-6)
        return min(times)

    small, large = best_time(1024), best_time(4096)
    assert large / small < 9.0, (
        f"1024 ideographs: {small * 1000:.0f} ms, 4096: {large * 1000:.0f} ms"
    )


@pytest.mark.parametrize("white_space", list(WhiteSpace))
@pytest.mark.parametrize(
    "separator",
    [
        pytest.param("\v", id="U+000B-VT"),
        pytest.param("\f", id="U+000C-FF"),
        pytest.param("\x85", id="U+0085-NEL"),
        pytest.param("\u2028", id="U+2028-LS"),
        pytest.param("\u2029", id="U+2029-PS"),
    ],
)
def test_bk_and_nl_characters_break_the_line_under_every_white_space(
    separator: str, white_space: WhiteSpace
) -> None:
    """CSS Text 3 §5.5: UAX #14's BK and NL are forced breaks, whatever `white-space` says."""
    node = StyledText(f"ab{separator}cd", replace(BODY, white_space=white_space))
    assert _texts(_engine().layout(node, 1000)) == ["ab", "cd"]


def test_spaces_around_a_forced_break_collapse_away_under_normal() -> None:
    assert paragraphs(" a \u2029 b ", WhiteSpace.NORMAL) == ["a", "b"]
    assert paragraphs(" a \u2029 b", WhiteSpace.PRE) == [" a ", " b"]


@pytest.mark.parametrize(
    "control", ["\x00", "\x01", "\x1c", "\x1d", "\x1e", "\x1f", "\x7f", "\x9f"]
)
def test_control_characters_are_invisible_and_neither_break_nor_collapse(control: str) -> None:
    engine = _engine()
    node = StyledText(f"ab{control}cd {control}e", BODY)
    assert _texts(engine.layout(node, 1000)) == ["abcd e"]
    plain = engine.measure(StyledText("abcd e", BODY), None)
    assert engine.measure(node, None) == plain


def test_tabs_expand_to_stops_in_pre() -> None:
    assert paragraphs("a\tb", WhiteSpace.PRE) == ["a       b"]


def test_letter_spacing_widens_each_cluster() -> None:
    engine = _engine()
    plain, _ = engine.measure(StyledText("Lambda", BODY), None)
    spaced = engine.layout(StyledText("Lambda", replace(BODY, letter_spacing=4.0)), 1000)
    assert spaced.lines[0].width == pytest.approx(engine.shaper(BODY).width("Lambda") + 6 * 4)
    assert spaced.lines[0].width > plain
    runs = spaced.lines[0].runs
    assert [r.text for r in runs] == list("Lambda")  # one run per cluster: paint draws spacing
    shaper = engine.shaper(BODY)
    for i, run in enumerate(runs):  # at the shaped length before it, plus the spacing so far
        assert run.x == pytest.approx(shaper.width("Lambda"[:i]) + 4 * i)


def test_break_all_and_break_word() -> None:
    engine = _engine()
    word = "Supercalifragilistic"
    width, _ = engine.measure(StyledText("Super", BODY), None)
    normal = engine.layout(StyledText(f"a {word}", BODY), width)
    assert _texts(normal) == ["a", word]
    broken = engine.layout(
        StyledText(f"a {word}", replace(BODY, word_break=WordBreak.BREAK_WORD)), width
    )
    assert "".join(_texts(broken)[1:]) == word
    assert all(line.width <= width for line in broken.lines)
    every = engine.layout(
        StyledText(f"a {word}", replace(BODY, word_break=WordBreak.BREAK_ALL)), width
    )
    assert _texts(every)[0].startswith("a S")


def test_a_line_may_break_after_an_exclamation_or_question_mark_before_a_letter() -> None:
    def bodies(text: str) -> list[str]:
        return [s.body for s in segments(text, WordBreak.NORMAL)]

    assert bodies("wait!what ?now") == ["wait!", "what", "?", "now"]
    assert bodies("what?! 42?5 (ok?)") == ["what?!", "42?5", "(ok?)"]


def test_break_opportunities() -> None:
    def bodies(text: str, wb: WordBreak = WordBreak.NORMAL) -> list[str]:
        return [s.body for s in segments(text, wb)]

    assert bodies("well-known x") == ["well-", "known", "x"]
    assert bodies("-5 a") == ["-5", "a"]
    assert bodies("中文字。") == ["中", "文", "字。"]
    assert bodies("中文字", WordBreak.KEEP_ALL) == ["中文字"]
    assert bodies("a\u200bb") == ["a\u200b", "b"]
    assert bodies("hi 👍🏽!") == ["hi", "👍🏽!"]
    assert bodies("ab", WordBreak.BREAK_ALL) == ["a", "b"]


@pytest.mark.parametrize(
    ("how", "out"),
    [
        pytest.param(TextTransform.UPPERCASE, "HELLO WORLD-WIDE", id="upper"),
        pytest.param(TextTransform.LOWERCASE, "hello world-wide", id="lower"),
        pytest.param(TextTransform.CAPITALIZE, "Hello World-Wide", id="capitalize"),
        pytest.param(TextTransform.NONE, "hello World-wide", id="none"),
    ],
)
def test_text_transform(how: TextTransform, out: str) -> None:
    assert transform("hello World-wide", how) == out


def test_text_transform_applies_before_measuring() -> None:
    engine = _engine()
    upper = engine.measure(
        StyledText("abc", replace(BODY, text_transform=TextTransform.UPPERCASE)), None
    )
    assert upper == engine.measure(StyledText("ABC", BODY), None)


@pytest.mark.parametrize(
    ("align", "expected"),
    [
        pytest.param(TextAlign.LEFT, 0.0, id="left"),
        pytest.param(TextAlign.START, 0.0, id="start"),
        pytest.param(TextAlign.CENTER, 0.5, id="center"),
        pytest.param(TextAlign.RIGHT, 1.0, id="right"),
        pytest.param(TextAlign.END, 1.0, id="end"),
    ],
)
def test_text_align(align: TextAlign, expected: float) -> None:
    layout = _engine().layout(StyledText("Hi", replace(BODY, text_align=align)), 400)
    line = layout.lines[0]
    assert line.x == pytest.approx((400 - line.width) * expected)


def test_kerning_is_applied() -> None:
    shaper = _engine().shaper(replace(BODY, font_size=64))
    assert shaper.width("AV") < shaper.width("A") + shaper.width("V")


MATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")  # hhea line gap 0.2em


@pytest.mark.parametrize(
    ("font", "size", "line_height", "expected"),
    [
        # 18.56 + 4.72 = 23.28 rounded once (Chromium rounds each: 19 + 5 = 24)
        pytest.param(DEJAVU, 20, None, (23, 19), id="normal-sum-rounded"),
        # 15.84 + 4.16, the 4px line gap left out (Chromium adds it: 24)
        pytest.param(MATH, 20, None, (20, 16), id="normal-without-line-gap"),
        # 1.5 x 15 = 22.5 rounds half up; baseline 13.92 + (22.5 - 17.46) / 2 = 16.44
        pytest.param(DEJAVU, 15, Multiplier(1.5), (23, 16), id="multiplier-rounded"),
        # 25px: baseline 7.92 + (25 - 10) / 2 = 15.42
        pytest.param(MATH, 10, 25.0, (25, 15), id="px"),
    ],
)
def test_line_boxes_are_whole_px_as_satori(
    font: Path, size: float, line_height: Multiplier | float | None, expected: tuple[int, int]
) -> None:
    engine = TextEngine(FontBook.for_specs([{"name": "Probe", "path": font}]), emoji_set(None))
    style = ComputedStyle(font_size=size, line_height=line_height, font_family=("Probe",))
    (line,) = engine.layout(StyledText("Xg", style), 500).lines
    assert (line.height, line.baseline) == expected


def test_baseline_sits_below_half_leading() -> None:
    layout = _engine().layout(StyledText("Xg", replace(BODY, line_height=100.0)), 500)
    line = layout.lines[0]
    assert line.height == 100
    # Geist 32px: ascent 32.16, descent 9.44, half leading (100 - 41.6) / 2; rounded as Satori.
    assert line.baseline == round(29.2 + 32.16)


def test_per_glyph_fallback_to_a_second_font() -> None:
    engine = _engine(with_dejavu=True)
    layout = engine.layout(StyledText("Hi שלום ok", BODY), 1000)
    runs = layout.lines[0].runs
    hebrew = next(r for r in runs if "ש" in r.text)
    latin = next(r for r in runs if "Hi" in r.text)
    assert hebrew.font is not None
    assert latin.font is not None
    assert hebrew.font is not latin.font
    assert hebrew.font.getname()[0] == "DejaVu Sans"
    assert latin.font.getname()[0] == "Geist"


def test_fallback_prefers_the_listed_family() -> None:
    engine = _engine(with_dejavu=True)
    geist = engine.shaper(BODY)
    dejavu = engine.shaper(replace(BODY, font_family=("DejaVu",)))
    assert geist.chain[0].face.family == DEFAULT_FAMILY
    assert dejavu.font_for("a") == dejavu.chain[0]
    assert dejavu.chain[0].face.family == "dejavu"
    assert geist.width("Hamburg") != dejavu.width("Hamburg")
    assert geist.font_for("ש") == geist.chain[1]


def test_emoji_runs_take_one_em() -> None:
    engine = _engine()
    layout = engine.layout(StyledText("Go 👍🏽 🇫🇷 1️⃣!", BODY), 1000)
    emoji = [r for r in layout.lines[0].runs if r.emoji]
    assert [r.emoji for r in emoji] == ["👍🏽", "🇫🇷", "1️⃣"]
    assert all(r.font is None and r.width == 32 for r in emoji)
    xs = [r.x for r in layout.lines[0].runs]
    assert xs == sorted(xs)


def test_arabic_paragraph_is_right_aligned_with_numbers_left() -> None:
    engine = _engine(with_dejavu=True)
    line = engine.layout(StyledText("مرحبا بالعالم 123", BODY), 600).lines[0]
    texts = [r.text for r in sorted(line.runs, key=lambda r: r.x) if r.text.strip()]
    assert texts == ["123", "بالعالم", "مرحبا"]
    assert line.x + line.width == pytest.approx(600)


def test_rtl_line_comes_out_in_visual_order() -> None:
    engine = _engine(with_dejavu=True)
    layout = engine.layout(StyledText("שלום abc עולם", BODY), 1000)
    runs = layout.lines[0].runs
    ordered = [r.text.strip() for r in sorted(runs, key=lambda r: r.x) if r.text.strip()]
    assert ordered == ["עולם", "abc", "שלום"]
    assert layout.lines[0].x == pytest.approx(1000 - layout.lines[0].width)  # start = right


def test_ltr_paragraph_with_rtl_words() -> None:
    engine = _engine(with_dejavu=True)
    layout = engine.layout(StyledText("a שלום עולם b", BODY), 1000)
    runs = sorted(layout.lines[0].runs, key=lambda r: r.x)
    texts = [r.text.strip() for r in runs if r.text.strip()]
    assert texts[0] == "a"
    assert texts[-1] == "b"
    assert texts[1:-1] == ["עולם", "שלום"]  # the first Hebrew word sits on the right


def test_bidi_levels_and_reordering() -> None:
    parts = list("ab אב 12")
    levels = bidi_levels(parts, rtl=False)
    assert levels == [0, 0, 0, 1, 1, 1, 2, 2]  # digits after Hebrew stay LTR inside it
    assert visual_order(list("abcd"), [0, 1, 1, 0]) == list("acbd")
    assert visual_order(list("abcd"), [1, 2, 2, 1]) == list("dbca")


def test_a_number_after_latin_text_keeps_the_brackets_out_of_the_rtl_run() -> None:
    # UBA W7: "5" after Latin is Latin, so " ₪ (" sits between L and R at the base level.
    assert bidi_levels(list("Price: 5 (אב)"), rtl=False) == [0] * 10 + [1, 1, 0]
    assert bidi_levels(list("5% off: אב"), rtl=False) == [0] * 8 + [1, 1]  # sos is L
    engine = _engine(with_dejavu=True)
    line = engine.layout(StyledText("Price: 5 ₪ (מחיר)", BODY), 1000).lines[0]
    texts = [r.text for r in sorted(line.runs, key=lambda r: r.x)]
    assert texts == ["Price: 5 ₪ (", "מחיר", ")"]


def test_latin_and_digits_in_an_rtl_paragraph_read_as_one_ltr_run() -> None:
    engine = _engine(with_dejavu=True)
    line = engine.layout(StyledText("שלום עולם hello 123", BODY), 1000).lines[0]
    texts = [r.text for r in sorted(line.runs, key=lambda r: r.x)]
    assert texts == ["hello 123", " ", "עולם", " ", "שלום"]


def test_break_all_fills_lines_by_the_kerned_width_of_the_letters() -> None:
    # Summing letters one by one (154.8 px) put one letter fewer per line than Chromium.
    style = ComputedStyle(font_size=22, word_break=WordBreak.BREAK_ALL)
    layout = _engine().layout(StyledText("Supercalifragilisticexpialidocious", style), 150)
    assert _texts(layout) == ["Supercalifragili", "sticexpialidoci", "ous"]  # as Chromium
    assert layout.lines[0].width == pytest.approx(149.73, abs=0.01)


def test_brackets_and_spaces_between_hebrew_and_latin_are_reversed_and_mirrored() -> None:
    # "שלום (abc) עולם" reads right to left: on screen "עולם (abc) שלום", the space outside.
    engine = _engine(with_dejavu=True)
    line = engine.layout(StyledText("שלום (abc) עולם", BODY), 1000).lines[0]
    texts = [r.text for r in sorted(line.runs, key=lambda r: r.x)]
    assert texts == ["עולם", " (", "abc", ") ", "שלום"]
    line = engine.layout(StyledText("אב [1] גד", BODY), 1000).lines[0]
    assert "".join(r.text for r in sorted(line.runs, key=lambda r: r.x)) == "גד [1] אב"


def test_word_widths_are_memoised_per_engine() -> None:
    engine = _engine()
    node = StyledText("repeat repeat repeat", BODY)
    first = engine.measure(node, 120)
    assert engine.lines(node, 120) is engine.lines(node, 120)
    assert _engine().measure(node, 120) == first


def test_line_breaks_are_kept_across_renders_per_set_of_fonts() -> None:
    node = StyledText("Metadata image routes, served from AWS Lambda", BODY)
    first = _engine().lines(node, 300.0)
    assert _engine().lines(node, 300.0) is first  # a new render, the same fonts
    other = _engine(with_dejavu=True)  # another set of fonts: broken for it, not shared
    assert other.fonts is not _engine().fonts
    assert other.lines(node, 300.0) is not first


def test_italic_uses_the_italic_face() -> None:
    shaper = _engine().shaper(replace(BODY, font_style=FontStyle.ITALIC))
    assert shaper.primary.face.style is FontStyle.ITALIC


@pytest.mark.parametrize(
    ("text", "white_space", "lines"),
    [
        pytest.param(" \n\t ", WhiteSpace.NORMAL, 0, id="normal-collapses-away"),
        pytest.param("", WhiteSpace.NORMAL, 0, id="empty"),
        pytest.param("  ", WhiteSpace.PRE, 1, id="pre-keeps-spaces"),
        pytest.param("\n", WhiteSpace.PRE_WRAP, 2, id="pre-wrap-newline"),
    ],
)
def test_white_space_only_text(text: str, white_space: WhiteSpace, lines: int) -> None:
    node = StyledText(text, replace(BODY, white_space=white_space))
    engine = _engine()
    assert len(engine.layout(node, 100).lines) == lines
    assert engine.measure(node, 100)[1] == 42 * lines


def test_text_style_emoji_no_font_has_is_drawn_as_a_picture() -> None:
    engine = _engine()
    runs = engine.layout(StyledText("I ❤ it", BODY), 500).lines[0].runs
    assert [r.emoji for r in runs if r.emoji] == ["❤"]


def test_user_variable_font_draws_its_declared_weight() -> None:
    geist = FontBook.for_specs(None).chain((), 400, FontStyle.NORMAL)[0].face.file.data
    book = FontBook.for_specs([{"name": "Mine", "data": geist, "weight": 700}])
    engine = TextEngine(book, emoji_set(None))
    mine = engine.shaper(replace(BODY, font_family=("Mine",)))
    bold = engine.shaper(replace(BODY, font_weight=700))
    assert mine.primary.face.family == "mine"
    assert mine.width("Hamburg") == pytest.approx(bold.width("Hamburg"))


def _ink_right(layout: TextLayout) -> list[float]:
    return [line.x + line.runs[-1].x + line.runs[-1].width for line in layout.lines]


def test_justify_stretches_every_line_but_the_last_to_the_box() -> None:
    style = replace(BODY, text_align=TextAlign.JUSTIFY)
    text = "Metadata image routes rendered on demand and stored in S3 for later requests"
    layout = _engine().layout(StyledText(text, style), 400)
    assert len(layout.lines) >= 3
    *full, last = layout.lines
    for line in full:
        assert line.x == 0
        assert line.width == pytest.approx(400)
        assert line.runs[-1].x + line.runs[-1].width == pytest.approx(400)
    assert last.width < 400 - 20  # the last line keeps its natural width, at start
    assert last.x == 0


def test_justify_puts_the_free_space_into_the_gaps_between_words() -> None:
    engine = _engine()
    plain = engine.layout(StyledText("aa bb cc dd ee ff gg hh ii jj kk ll", BODY), 200)
    style = replace(BODY, text_align=TextAlign.JUSTIFY)
    spread = engine.layout(StyledText("aa bb cc dd ee ff gg hh ii jj kk ll", style), 200)
    line = spread.lines[0]
    words = [run.text.strip() for run in line.runs]
    assert "".join(words) == _texts(plain)[0].replace(" ", "")
    gaps = len(words) - 1
    extra = (200 - plain.lines[0].width) / gaps
    shaper = engine.shaper(style)
    for index, run in enumerate(line.runs):
        before = "".join(r.text for r in line.runs[:index])
        assert run.x == pytest.approx(shaper.width(before) + extra * index)


def test_justify_leaves_lines_ending_in_a_forced_break_alone() -> None:
    style = replace(BODY, text_align=TextAlign.JUSTIFY, white_space=WhiteSpace.PRE_LINE)
    layout = _engine().layout(StyledText("short line\nanother short one", style), 400)
    assert [line.width < 300 for line in layout.lines] == [True, True]
    assert [len(line.runs) for line in layout.lines] == [1, 1]


def test_justify_does_not_stretch_a_single_word_or_an_rtl_last_line_to_the_left() -> None:
    style = replace(BODY, text_align=TextAlign.JUSTIFY)
    layout = _engine().layout(StyledText("Supercalifragilistic", style), 1000)
    assert layout.lines[0].x == 0
    arabic = _engine(with_dejavu=True).layout(StyledText("مرحبا بالعالم", style), 1000)
    assert arabic.lines[0].x == pytest.approx(1000 - arabic.lines[0].width)


def test_wrapped_text_takes_the_whole_available_width_as_satori_and_chromium() -> None:
    # A wrapped anonymous flex item is fit-content wide: the available width, not its longest
    # line (Satori's measure does the same), so text-align has that width to work in.
    node = StyledText("Metadata image routes, served from AWS Lambda", TITLE)
    engine = _engine()
    assert engine.measure(node, 1072)[0] == 1072
    assert engine.measure(node, 400)[0] == 400
    assert engine.min_content_width(node) < 300  # min-content stays the widest word
    one_line = StyledText("from AWS Lambda", TITLE)
    assert engine.measure(one_line, 1072)[0] == 559  # fits: its own width, rounded up
    forced = StyledText("a\nb", replace(BODY, white_space=WhiteSpace.PRE_LINE))
    assert engine.measure(forced, 400)[0] < 40  # forced breaks do not widen it


def test_styles_differing_outside_text_share_a_shaper_and_lines() -> None:
    engine = _engine()
    other = replace(BODY, color=(255, 0, 0, 255), text_align=TextAlign.CENTER, opacity=0.5)
    assert text_key(other) == text_key(BODY)
    assert engine.shaper(other) is engine.shaper(BODY)
    first = engine.lines(StyledText("Icons and cards", BODY), 120.0)
    assert engine.lines(StyledText("Icons and cards", other), 120.0) is first


@pytest.mark.parametrize(
    "change",
    [
        {"font_size": 33.0},
        {"font_weight": 700},
        {"font_style": FontStyle.ITALIC},
        {"letter_spacing": 2.0},
        {"text_transform": TextTransform.UPPERCASE},
        {"white_space": WhiteSpace.NOWRAP},
        {"word_break": WordBreak.BREAK_ALL},
    ],
)
def test_each_text_field_is_in_the_memo_key(change: dict[str, object]) -> None:
    assert text_key(replace(BODY, **change)) != text_key(BODY)  # type: ignore[arg-type]


def test_memoised_lines_keep_each_styles_own_line_height_and_clamp() -> None:
    engine = _engine()
    text = "Icons and Open Graph cards rendered on demand"
    tall = replace(BODY, line_height=Multiplier(2.0))
    clamped = replace(BODY, line_clamp=1)
    _, normal_height = engine.measure(StyledText(text, BODY), 300.0)
    _, tall_height = engine.measure(StyledText(text, tall), 300.0)
    _, clamped_height = engine.measure(StyledText(text, clamped), 300.0)
    lines = len(engine.lines(StyledText(text, BODY), 300.0))
    assert lines > 1
    assert tall_height == 64.0 * lines
    assert clamped_height == normal_height / lines


INDENTED = "Metadata image routes rendered on demand and stored for later"


def test_text_indent_shifts_and_shortens_the_first_line_only() -> None:
    engine = _engine()
    plain = engine.layout(StyledText(INDENTED, BODY), 400)
    indented = engine.layout(StyledText(INDENTED, replace(BODY, text_indent=80.0)), 400)
    assert indented.lines[0].x == 80
    assert [line.x for line in indented.lines[1:]] == [0.0] * (len(indented.lines) - 1)
    assert indented.lines[0].width + 80 <= 400
    assert len(_texts(indented)[0]) < len(_texts(plain)[0])  # a word moved to the next line


def test_text_indent_percentage_is_of_the_layout_width() -> None:
    layout = _engine().layout(StyledText("Hi", replace(BODY, text_indent=Pct(25.0))), 400)
    assert layout.lines[0].x == 100


def test_negative_text_indent_hangs_the_first_line() -> None:
    layout = _engine().layout(StyledText(INDENTED, replace(BODY, text_indent=-20.0)), 400)
    assert layout.lines[0].x == -20
    assert layout.lines[1].x == 0


def test_text_indent_counts_in_the_max_content_width() -> None:
    engine = _engine()
    width, _ = engine.measure(StyledText("Hi there", BODY), None)
    indented, _ = engine.measure(StyledText("Hi there", replace(BODY, text_indent=30.0)), None)
    assert indented == width + 30


def test_centred_text_centres_the_first_line_after_its_indent() -> None:
    style = replace(BODY, text_indent=40.0, text_align=TextAlign.CENTER)
    line = _engine().layout(StyledText("Hi", style), 400).lines[0]
    assert line.x == pytest.approx(40 + (360 - line.width) / 2)


@pytest.mark.parametrize(
    ("text", "tab_size", "stop"),
    [
        pytest.param("\tX", Multiplier(4.0), 4, id="four-spaces"),
        pytest.param("\t\tX", Multiplier(2.0), 4, id="two-tabs"),
        pytest.param("\tX", 40.0, None, id="px"),
        pytest.param("iii\tX", 40.0, None, id="px-after-text"),
    ],
)
def test_tabs_advance_to_the_next_tab_stop(
    text: str, tab_size: float | Multiplier, stop: int | None
) -> None:
    engine = _engine()
    style = replace(BODY, white_space=WhiteSpace.PRE, tab_size=tab_size)
    shaper = engine.shaper(style)
    space, x = shaper.width(" "), shaper.width("X")
    expected = stop * space if stop is not None else 40.0
    width, _ = engine.measure(StyledText(text, style), None)
    assert width - x == pytest.approx(expected, abs=space / 2 + 1)


def test_tab_size_zero_drops_tabs_and_collapsing_white_space_ignores_it() -> None:
    engine = _engine()
    pre = replace(BODY, white_space=WhiteSpace.PRE, tab_size=Multiplier(0.0))
    assert engine.measure(StyledText("\tX", pre), None) == engine.measure(
        StyledText("X", pre), None
    )
    normal = replace(BODY, tab_size=Multiplier(2.0))
    assert _texts(engine.layout(StyledText("a\tb", normal), 500)) == ["a b"]


def test_font_size_zero_takes_no_room_and_draws_nothing() -> None:
    engine = _engine()
    style = replace(BODY, font_size=0.0)
    assert engine.measure(StyledText("hi there", style), None) == (0.0, 0.0)
    layout = engine.layout(StyledText("hi", style), 100)
    assert [line.runs for line in layout.lines] == [()]
    fixed = replace(style, line_height=20.0)
    assert engine.measure(StyledText("hi", fixed), None) == (0.0, 20.0)


def test_font_feature_settings_reach_the_shaper() -> None:
    engine = _engine()
    plain = engine.shaper(BODY)
    tabular = engine.shaper(replace(BODY, font_feature_settings=("tnum",)))
    unligated = engine.shaper(replace(BODY, font_feature_settings=("-liga",)))
    assert plain.width("1111") < plain.width("0000")  # Geist's digits are proportional
    assert tabular.width("1111") == tabular.width("0000")
    assert unligated.width("office") > plain.width("office")  # no "ffi" ligature
    line = engine.layout(StyledText("1111", replace(BODY, font_feature_settings=("tnum",))), 500)
    assert [r.features for r in line.lines[0].runs] == [("tnum",)]  # paint draws with them
