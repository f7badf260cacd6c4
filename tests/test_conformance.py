"""The conformance harness's own parts, on a tiny suite built here (not Satori's data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from rich.console import Console

from benchmarks.conformance import (
    Referees,
    Result,
    by_file,
    error_text,
    evaluate,
    judge,
    tally,
    verdicts,
    write_results,
)
from benchmarks.satori_suite import (
    Case,
    Score,
    SuiteError,
    canvas_size,
    comparable,
    element_tree,
    fit_to_width,
    font_specs,
    load_cases,
    load_metrics,
    score,
    snapshot_name,
)
from handler import Element, InvalidElement

METRICS_PY = """
from PIL import ImageChops, ImageStat

def edge_f1(a, b):
    return 1.0 if ImageChops.difference(a, b).getbbox() is None else 0.5

def blur_mae(a, b):
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3
"""

BADGE: dict[str, Any] = {
    "type": "div",
    "props": {"style": {"display": "flex", "width": 40, "height": 20, "background": "#f00"}},
    "children": [
        {"type": "span", "props": {"style": {"fontSize": 12}}, "children": ["A", "b"]},
        "c",
    ],
}


def make_suite(root: Path, cases: list[tuple[str, dict[str, Any], Image.Image]]) -> Path:
    """A suite folder as the README lays it out: cases.json, snapshots/, assets/, metrics.py."""
    (root / "snapshots").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "metrics.py").write_text(METRICS_PY, encoding="utf-8")
    rows = []
    for index, (test, tree, snapshot) in enumerate(cases):
        name = f"tiny-test-tsx-test-tiny-test-tsx-{test.replace(' ', '-')}-{index + 1}-snap.png"
        snapshot.save(root / "snapshots" / name)
        rows.append(
            {
                "file": "tiny.test.tsx",
                "test": test,
                "options": {"width": 40, "height": 20, "fonts": []},
                "tree": [tree],
                "snapshot": name,
                "snapshot_width": snapshot.size[0],
            }
        )
    (root / "cases.json").write_text(json.dumps({"cases": rows}), encoding="utf-8")
    return root


def test_element_tree_builds_elements_with_text_children_merged() -> None:
    root = element_tree([BADGE])
    assert root.tag == "div"
    assert root.props["style"] == BADGE["props"]["style"]
    span, text = root.children
    assert isinstance(span, Element)
    assert (span.tag, span.children) == ("span", ("Ab",))
    assert text == "c"


def test_element_tree_wants_one_root_element() -> None:
    with pytest.raises(SuiteError, match="2 node"):
        element_tree([BADGE, BADGE])
    with pytest.raises(SuiteError, match="1 node"):
        element_tree(["just text"])


def test_element_tree_hands_a_failed_fetch_over_as_its_url() -> None:
    src = {"__fetch_error__": "wrong url", "url": "https://example.invalid/a.png"}
    root = element_tree([{"type": "img", "props": {"src": src, "width": 9}, "children": []}])
    assert root.props == {"src": "https://example.invalid/a.png", "width": 9}


def test_element_tree_reports_unknown_tags_as_the_renderer_does() -> None:
    with pytest.raises(InvalidElement, match="<blink>"):
        element_tree([{"type": "blink", "props": {}, "children": []}])


def test_snapshot_name_drops_the_repeated_file_prefix() -> None:
    name = "gap-test-tsx-test-gap-test-tsx-flex-gap-should-support-gap-2-snap.png"
    assert snapshot_name(name) == "gap-flex-gap-should-support-gap-2"
    assert snapshot_name("other-1-snap.png") == "other-1"


def test_load_cases_reads_the_suite_and_names_a_missing_one(tmp_path: Path) -> None:
    suite = make_suite(tmp_path / "suite", [("red badge", BADGE, Image.new("RGBA", (40, 20)))])
    (case,) = load_cases(suite)
    assert (case.name, case.file, case.test) == ("tiny-red-badge-1", "tiny.test.tsx", "red badge")
    assert case.snapshot.is_file()
    with pytest.raises(SuiteError, match=r"cases\.json is missing"):
        load_cases(tmp_path / "nowhere")


def test_load_metrics_imports_the_suites_module(tmp_path: Path) -> None:
    suite = make_suite(tmp_path / "suite", [])
    metrics = load_metrics(suite)
    white = Image.new("RGB", (4, 4), "white")
    assert metrics.edge_f1(white, white) == 1.0
    (suite / "metrics.py").write_text("def edge_f1(a, b):\n    return 1.0\n", encoding="utf-8")
    with pytest.raises(SuiteError, match=r"no function blur_mae\(\)"):
        load_metrics(suite)


def test_comparable_composites_on_white_and_scales_to_the_snapshot() -> None:
    ours = Image.new("RGBA", (40, 20), (0, 0, 255, 0))
    ours.paste((0, 0, 255, 255), (0, 0, 20, 20))
    theirs = Image.new("RGBA", (20, 10), (0, 0, 0, 0))
    a, b = comparable(ours, theirs)
    assert (a.mode, a.size, b.mode, b.size) == ("RGB", (20, 10), "RGB", (20, 10))
    assert a.getpixel((2, 5)) == (0, 0, 255)
    assert a.getpixel((17, 5)) == (255, 255, 255)
    assert b.getpixel((0, 0)) == (255, 255, 255)


def test_fit_to_width_keeps_one_scale_and_centres_in_the_rounded_up_rows() -> None:
    # 30x10 at 10 wide is 3.3 rows drawn in 4: a third of a row of white at each end
    ours = Image.new("RGB", (30, 10), (0, 0, 255))
    fitted = fit_to_width(ours, (10, 4))
    red = fitted.getchannel("R").crop((5, 0, 6, 4)).tobytes()
    blue = fitted.getchannel("B").crop((5, 0, 6, 4)).tobytes()
    assert blue == bytes([255] * 4)
    assert red[1] == red[2] == 0
    assert 60 <= red[0] <= 110
    assert 60 <= red[3] <= 110


@pytest.mark.parametrize(
    ("edge", "mae", "passed"),
    [
        pytest.param(0.85, 4.0, True, id="both-at-the-bar"),
        pytest.param(0.849, 1.0, False, id="edges-short"),
        pytest.param(0.99, 4.01, False, id="colour-off"),
    ],
)
def test_a_case_passes_at_edge_f1_085_and_blur_mae_4(edge: float, mae: float, passed: bool) -> None:
    assert Score(edge, mae).passed is passed


def test_score_uses_the_suites_metrics_on_composited_pictures(tmp_path: Path) -> None:
    metrics = load_metrics(make_suite(tmp_path / "suite", []))
    clear = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    assert score(metrics, clear, Image.new("RGB", (8, 8), "white")) == Score(1.0, 0.0)
    assert score(metrics, clear, Image.new("RGB", (8, 8), "black")) == Score(0.5, 255.0)


NO_REFEREES = Referees(chromium=None, vercel_og=False)
CHROMIUM = "/usr/bin/chromium"
"""Debian's chromium, as the preview's browser tests use it (the README says to install it)."""


def judged(suite: Path, sheets: Path, referees: Referees = NO_REFEREES) -> list[Result]:
    sheets.mkdir()
    metrics = load_metrics(suite)
    results = [evaluate(case, suite, metrics) for case in load_cases(suite)]
    return judge(results, suite, sheets, referees, Console(quiet=True))


def test_evaluate_passes_a_match_and_judge_draws_a_sheet_for_a_miss(tmp_path: Path) -> None:
    red = Image.new("RGBA", (40, 20), (255, 0, 0, 255))
    green = Image.new("RGBA", (40, 20), (0, 128, 0, 255))
    plain = {"type": "div", "props": {"style": BADGE["props"]["style"]}, "children": []}
    suite = make_suite(tmp_path / "suite", [("match", plain, red), ("miss", plain, green)])
    sheets = tmp_path / "sheets"
    match, miss = judged(suite, sheets)
    assert (match.passed, match.edge_f1, match.blur_mae, match.error) == (True, 1.0, 0.0, None)
    assert not miss.passed
    assert [p.name for p in sheets.iterdir()] == ["tiny-miss-2.png"]
    with Image.open(sheets / "tiny-miss-2.png") as picture:
        assert picture.size[0] > 3 * 240  # three panels, enlarged from 40 px
    assert (miss.opinions, miss.unheard) == ((), ())  # no referee asked


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_chromium_says_which_side_departs_on_a_failing_case(tmp_path: Path) -> None:
    # the "snapshot" is green where the tree (and so Chromium and Segmint) is red
    plain = {"type": "div", "props": {"style": BADGE["props"]["style"]}, "children": []}
    green = Image.new("RGBA", (40, 20), (0, 128, 0, 255))
    suite = make_suite(tmp_path / "suite", [("miss", plain, green)])
    sheets = tmp_path / "sheets"
    (miss,) = judged(suite, sheets, Referees(chromium=CHROMIUM, vercel_og=False))
    (said,) = miss.opinions
    assert said.verdict == "Satori departs from Chromium"
    assert said.segmint_vs_referee is not None
    assert said.segmint_vs_referee.blur_mae < 1.0
    assert verdicts([miss]) == {"Satori departs from Chromium": 1}
    assert miss.row()["referees"] == {"Chromium": said.row()}
    with Image.open(sheets / f"{miss.case}.png") as picture:
        assert picture.size[0] > 4 * 240  # Satori | Segmint | difference | Chromium


def test_evaluate_records_a_case_that_raises(tmp_path: Path) -> None:
    bad = {"type": "div", "props": {"style": {"float": "left"}}, "children": []}
    suite = make_suite(tmp_path / "suite", [("raises", bad, Image.new("RGBA", (40, 20)))])
    sheets = tmp_path / "sheets"
    (result,) = judged(suite, sheets)
    assert not result.passed
    assert (result.edge_f1, result.blur_mae) == (None, None)
    assert result.error is not None
    assert result.error.startswith("UnsupportedStyle: unsupported CSS float: 'left'")
    assert (sheets / "tiny-raises-1.png").is_file()


def result(file: str, passed: bool, error: str | None = None) -> Result:
    f1 = None if error else 0.9
    return Result("c", file, "t", passed, f1, None if error else 1.0, error, 1.0)


def test_tally_counts_per_file_and_in_total(tmp_path: Path) -> None:
    rows = [result("b.tsx", True), result("a.tsx", False, "E: x"), result("b.tsx", False)]
    files = by_file(rows)
    assert list(files) == ["a.tsx", "b.tsx"]
    assert (files["b.tsx"].total, files["b.tsx"].passed, files["b.tsx"].failed) == (2, 1, 1)
    total = tally(rows)
    assert (total.total, total.passed, total.raised) == (3, 1, 1)
    assert total.rate == pytest.approx(1 / 3)
    out = tmp_path / "results.json"
    write_results(out, tmp_path, rows)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["passed"], data["total"]) == (1, 3)
    assert list(data["cases"][1]) == [
        *("case", "file", "test", "pass", "edge_f1", "blur_mae", "error", "ms"),
    ]
    assert data["cases"][1]["error"] == "E: x"


def test_error_text_is_one_line_with_the_type() -> None:
    assert error_text(ValueError("bad\n  value")) == "ValueError: bad value"
    assert error_text(TimeoutError()) == "TimeoutError"


def test_sheet_panels_match_pixels(tmp_path: Path) -> None:
    # the Satori panel of a sheet shows the snapshot itself (composited, enlarged 6x)
    snapshot = Image.new("RGBA", (40, 20), (0, 0, 255, 255))
    suite = make_suite(tmp_path / "suite", [("blue", BADGE, snapshot)])
    sheets = tmp_path / "sheets"
    (result,) = judged(suite, sheets)
    with Image.open(sheets / f"{result.case}.png") as picture:
        panel = picture.convert("RGB").crop((8, 30, 8 + 240, 30 + 120))
    assert ImageChops.difference(panel, Image.new("RGB", panel.size, (0, 0, 255))).getbbox() is None


def test_font_specs_keep_the_order_then_add_the_fallbacks_and_name_a_missing_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "B.ttf").write_bytes(b"b")
    (tmp_path / "A.ttf").write_bytes(b"a")
    fonts = [
        {"name": "Bee", "weight": 700, "style": "normal", "file": "B.ttf"},
        {"name": "Ay", "weight": 400, "style": "italic", "file": "A.ttf"},
    ]
    extra = [{"name": "Fallback", "weight": 400, "style": "normal", "file": "A.ttf"}]
    options = {"fonts": fonts, "additionalFonts": extra}
    case = Case("n", "f", "t", options, [BADGE], tmp_path / "x.png")
    specs = font_specs(case, tmp_path)
    assert [(s["name"], s.get("weight"), s.get("style")) for s in specs] == [
        ("Bee", 700, "normal"),
        ("Ay", 400, "italic"),
        ("Fallback", 400, "normal"),
    ]
    assert specs[0].get("path") == tmp_path / "B.ttf"
    missing = Case("n", "f", "t", {"fonts": [{**fonts[0], "file": "C.ttf"}]}, [], tmp_path)
    with pytest.raises(SuiteError, match=r"C\.ttf is missing"):
        font_specs(missing, tmp_path)


def test_canvas_size_leaves_a_missing_side_to_the_content() -> None:
    assert canvas_size(Case("n", "f", "t", {"width": 100}, [], Path("x"))) == (100, None)
    with pytest.raises(SuiteError, match=r"options.height must be an int, got '5'"):
        canvas_size(Case("n", "f", "t", {"width": 1, "height": "5"}, [], Path("x")))
