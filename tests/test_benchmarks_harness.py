"""Pure helpers of the benchmark harness: statistics, the image metric, job files, parsing."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from benchmarks.compare import Goal, figures, rows
from benchmarks.encode_png import Candidate, candidates, measure
from benchmarks.fidelity import pair_bands, title_lines, worst_width_diff
from benchmarks.imagediff import Band, compare, flatten, ink_bands, percent_diff, row_runs
from benchmarks.jobs import ICON_HTML, bench_jobs, design_size, designs, fragment
from benchmarks.memory import status_field
from benchmarks.stats import growth, percentile, ratio, summarise
from benchmarks.workers import Side, WorkerRun, parse_output


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        pytest.param([5.0], 50, 5.0, id="single"),
        pytest.param([1.0, 2.0, 3.0, 4.0], 50, 2.5, id="even-median"),
        pytest.param([3.0, 1.0, 2.0], 50, 2.0, id="unsorted"),
        pytest.param([float(v) for v in range(1, 11)], 90, 9.1, id="p90"),
        pytest.param([1.0, 9.0], 100, 9.0, id="max"),
    ],
)
def test_percentile_interpolates_between_ranks(
    values: list[float], q: float, expected: float
) -> None:
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_rejects_empty_and_out_of_range() -> None:
    with pytest.raises(ValueError, match="empty"):
        percentile([], 50)
    with pytest.raises(ValueError, match="q=101"):
        percentile([1.0], 101)


def test_summarise_gives_median_p90_and_minimum() -> None:
    summary = summarise([10.0, 30.0, 20.0, 40.0, 50.0])
    assert (summary.n, summary.median, summary.minimum) == (5, 30.0, 10.0)
    assert summary.p90 == pytest.approx(46.0)


def test_ratio_is_none_when_a_side_is_missing() -> None:
    assert ratio(5.0, 10.0) == 0.5
    assert ratio(None, 10.0) is None
    assert ratio(5.0, 0.0) is None


def test_growth_is_measured_from_the_first_sample_at_start() -> None:
    series = [(0, 50.0), (500, 60.0), (1000, 62.0), (1500, 62.5), (3000, 64.0)]
    assert growth(series, 1000) == pytest.approx((2.0, 1.0))
    assert growth(series, 5000) is None


def test_row_runs_joins_runs_split_by_small_gaps() -> None:
    rows_on = [False, True, True, False, True, False, False, False, True]
    assert row_runs(rows_on, 3) == [(1, 5), (8, 9)]
    assert row_runs(rows_on, 1) == [(1, 3), (4, 5), (8, 9)]
    assert row_runs([False, False], 2) == []


def test_compare_is_zero_for_identical_pictures() -> None:
    image = Image.new("RGB", (40, 30), (10, 20, 30))
    diff = compare(image, image.copy())
    assert diff.mean_abs == (0.0, 0.0, 0.0)
    assert diff.share_over == 0.0


def test_compare_ignores_anti_aliasing_but_not_a_missing_box() -> None:
    base = Image.new("RGB", (100, 100), "white")
    a, b, c = base.copy(), base.copy(), base.copy()
    ImageDraw.Draw(a).rectangle((20, 20, 59, 59), fill="black")
    ImageDraw.Draw(b).rectangle((20, 20, 59, 59), fill="black")
    ImageDraw.Draw(b).line((60, 20, 60, 59), fill=(128, 128, 128))  # a half-covered edge
    ImageDraw.Draw(b).line((20, 19, 59, 19), fill=(200, 200, 200))
    smoothed = compare(a, b)
    missing = compare(a, c)
    assert smoothed.share_over == 0.0
    assert missing.share_over > 0.15
    assert missing.mean > 10 * smoothed.mean


def test_compare_refuses_different_sizes() -> None:
    with pytest.raises(ValueError, match=r"\(10, 10\).*\(10, 11\)"):
        compare(Image.new("RGB", (10, 10)), Image.new("RGB", (10, 11)))


def test_flatten_composites_transparency_over_white() -> None:
    image = Image.new("RGBA", (2, 1), (0, 0, 0, 0))
    image.putpixel((1, 0), (255, 0, 0, 255))
    flat = flatten(image)
    assert flat.mode == "RGB"
    assert flat.getpixel((0, 0)) == (255, 255, 255)
    assert flat.getpixel((1, 0)) == (255, 0, 0)


def test_ink_bands_find_each_line_and_its_box() -> None:
    image = Image.new("RGB", (300, 200), (20, 30, 60))
    draw = ImageDraw.Draw(image)
    for x in range(30, 250, 10):  # glyph-like strokes: 3 px of ink in every 10
        draw.rectangle((x, 40, x + 2, 69), fill="white")
    for x in range(30, 150, 10):
        draw.rectangle((x, 90, x + 2, 109), fill="white")
    bands = ink_bands(image)
    assert bands == [Band(30, 40, 243, 70), Band(30, 90, 143, 110)]
    assert (bands[0].width, bands[0].height) == (213, 30)


def test_ink_bands_ignore_a_smooth_gradient() -> None:
    gradient = Image.linear_gradient("L").resize((400, 200)).convert("RGB")
    assert ink_bands(gradient) == []


def test_pair_bands_matches_by_vertical_overlap() -> None:
    theirs = [Band(0, 10, 100, 40), Band(0, 60, 80, 80)]
    ours = [Band(0, 62, 82, 81), Band(0, 11, 98, 41), Band(0, 150, 10, 160)]
    pairs = pair_bands(ours, theirs)
    assert pairs[0] == (ours[1], theirs[0])
    assert pairs[1] == (ours[0], theirs[1])
    assert pairs[2] == (ours[2], None)
    assert worst_width_diff(ours, theirs) is None
    assert worst_width_diff(ours[:2], theirs) == pytest.approx(2.5)


def test_title_lines_stop_at_the_first_short_band() -> None:
    bands = [
        Band(0, 0, 950, 56),
        Band(0, 70, 570, 118),
        Band(0, 160, 700, 188),
        Band(0, 300, 380, 372),
    ]
    assert title_lines(bands) == bands[:2]


def test_percent_diff() -> None:
    assert percent_diff(102.0, 100.0) == pytest.approx(2.0)
    assert percent_diff(0.0, 0.0) == 0.0


def test_fragment_takes_the_body_without_comments() -> None:
    document = (
        '<html><head><title>x</title></head><body style="margin:0">\n<!-- note -->\n'
        '<div style="display:flex">Hi</div>\n</body></html>'
    )
    assert fragment(document) == '<div style="display:flex">Hi</div>'
    assert fragment("<!-- a --><p>b</p>") == "<p>b</p>"


def test_design_size_reads_the_meta_tag_or_defaults() -> None:
    assert design_size('<meta name="segmint-size" content="800x400">') == (800, 400)
    assert design_size("<p>no size</p>") == (1200, 630)


def test_bench_jobs_are_the_issue_s_three() -> None:
    jobs = bench_jobs()
    assert [(j.name, j.width, j.height) for j in jobs] == [
        ("icon-48", 48, 48),
        ("icon-72", 72, 72),
        ("card", 1200, 630),
    ]
    assert jobs[0].html == ICON_HTML
    assert jobs[2].html.startswith("<div")
    assert "AWS Lambda" in jobs[2].html


def test_designs_start_with_the_card_and_are_fragments() -> None:
    found = designs()
    assert found[0].name == "card"
    assert len(found) >= 5
    assert all("<body" not in job.html and "<!--" not in job.html for job in found)


def test_status_field_reads_kib_values() -> None:
    text = "Name:\tpython\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n"
    assert status_field(text, "VmHWM") == 204800
    with pytest.raises(KeyError, match="VmSwap"):
        status_field(text, "VmSwap")


def test_parse_output_reads_the_last_json_line() -> None:
    run = parse_output(Side.VERCEL_OG, 12.0, 0, 'noise\n{"results": [{"name": "a"}]}\n', "")
    assert run.error is None
    assert run.result("a") == {"name": "a"}
    assert run.result("b") is None


def test_parse_output_reports_crashes_and_unavailability() -> None:
    crashed = parse_output(Side.SEGMINT, 1.0, 1, "", "Traceback: boom")
    assert crashed.error is not None
    assert "exit code 1" in crashed.error
    assert "boom" in crashed.error
    missing = parse_output(Side.SEGMINT, 1.0, 3, '{"unavailable": "no renderer"}', "")
    assert missing.error == "no renderer"


def _run(first: float, times: list[float], rss_kib: int, png: int) -> WorkerRun:
    result = {"name": "card", "first_ms": first, "times_ms": times, "png_bytes": png}
    data = {"import_ms": 100.0, "vmhwm_kib": rss_kib, "results": [result]}
    return WorkerRun(Side.SEGMINT, wall_ms=400.0, data=data)


def test_figures_and_rows_set_the_sides_against_the_targets() -> None:
    ours = figures("card", [_run(40.0, [], 51200, 0)], _run(40.0, [10.0, 12.0, 14.0], 0, 90_000))
    theirs = figures("card", [_run(200.0, [], 102400, 0)], _run(200.0, [30.0, 30.0], 0, 117_000))
    assert (ours.first_ms, ours.import_and_first_ms) == (40.0, 140.0)
    assert (ours.peak_rss_mib, ours.png_kb) == (50.0, 90.0)
    by_label = {row.label: row for row in rows("card", ours, theirs)}
    assert by_label["warm median (ms)"].ratio == pytest.approx(0.4)
    assert by_label["warm median (ms)"].met is True
    assert by_label["peak RSS, one render (MiB)"].met is True
    assert by_label["PNG size (KB)"].ratio == pytest.approx(90 / 117)
    assert by_label["PNG size (KB)"].met is False  # the card's bytes are held to half
    assert by_label["warm p90 (ms)"].met is None
    icon = {row.label: row for row in rows("icon-72", ours, theirs)}
    assert icon["PNG size (KB)"].met is True  # an icon's only to no larger


def test_goal_met() -> None:
    assert Goal.HALF.met(0.5) is True
    assert Goal.HALF.met(0.51) is False
    assert Goal.NO_LARGER.met(1.0) is True
    assert Goal.NONE.met(0.1) is None
    assert Goal.HALF.met(None) is None


def test_encode_bench_takes_a_grey_png_as_lossless_and_stops_on_a_lossy_one() -> None:
    grey = Image.new("RGB", (16, 8), (90, 90, 90))
    ImageDraw.Draw(grey).rectangle((4, 2, 9, 5), fill=(200, 200, 200))
    job = bench_jobs()[0]
    shipped = candidates()[0]
    assert measure(job, grey, shipped, runs=1).size > 0  # written as L, decoded to RGB
    lossy = Candidate("drops a pixel", lambda image: shipped.encode(Image.new("RGB", image.size)))
    with pytest.raises(SystemExit, match="not lossless"):
        measure(job, grey, lossy, runs=1)
