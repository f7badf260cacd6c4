"""Segmint against Satori's own test suite: `python -m benchmarks.conformance [SUITE_DIR]`.

Renders every case of the suite (default `../shared/satori-suite`, beside the repository) with
Segmint, scores it with the suite's `metrics.py` (pass: edge_f1 >= 0.85 and blur_mae <= 4; a
case that raises fails), prints a table per Satori test file and the totals, and writes to the
output folder (default benchmarks/.scratch/conformance/):

- `results.json`: one row per case (case, file, test, pass, edge_f1, blur_mae, error, ms), in
  the suite's order, to diff one run against another;
- `sheets/<case>.png`: Satori | Segmint | difference | the referees, for every failing case.

Each failing case is also drawn by two referees (benchmarks/referees.py), when they are here:
Chromium (Debian's chromium; `--no-browser` skips it) for what CSS draws, and @vercel/og 1.0.1
(Node and npm; `--no-vercel-og` skips it) for what its users see today. Each is scored both
ways: a case where Segmint matches the referee and Satori does not is Satori departing from
it, which the report counts apart from the cases where Segmint is the one that departs.

It measures and exits 0 whatever the figure; 2 when the suite cannot be read.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import shutil
import signal
import sys
import textwrap
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from PIL import Image, ImageDraw
from rich.console import Console
from rich.table import Table

from benchmarks import ROOT, SCRATCH
from benchmarks.chromium import chromium_binary
from benchmarks.imagediff import heat_map, side_by_side
from benchmarks.referees import (
    CHROMIUM,
    VERCEL_OG,
    Opinion,
    chromium_pictures,
    opinion,
    vercel_og_pictures,
)
from benchmarks.satori_suite import (
    Case,
    Metrics,
    Score,
    SuiteError,
    comparable,
    load_cases,
    load_metrics,
    render_case,
    score,
)
from benchmarks.workers import NodeUnavailable

DEFAULT_SUITE = ROOT.parent.parent / "shared" / "satori-suite"
OUT = SCRATCH / "conformance"
MAX_WORKERS = 2
CASE_TIMEOUT_S = 60.0
SHEET_MIN_WIDTH = 240


@dataclass(frozen=True, slots=True)
class Result:
    """One case's outcome: scores when it rendered, the exception when it raised."""

    case: str
    file: str
    test: str
    passed: bool
    edge_f1: float | None
    blur_mae: float | None
    error: str | None
    ms: float
    opinions: tuple[Opinion, ...] = ()
    unheard: tuple[tuple[str, str], ...] = ()
    """(referee, why it drew nothing) for a referee that was asked and could not answer."""

    def row(self) -> dict[str, object]:
        """The results.json row, scores rounded so that runs diff cleanly."""
        referees: dict[str, object] = {o.referee: o.row() for o in self.opinions}
        referees.update({name: {"error": why} for name, why in self.unheard})
        return {
            "case": self.case,
            "file": self.file,
            "test": self.test,
            "pass": self.passed,
            "edge_f1": None if self.edge_f1 is None else round(self.edge_f1, 4),
            "blur_mae": None if self.blur_mae is None else round(self.blur_mae, 4),
            "error": self.error,
            "ms": round(self.ms, 1),
            **({"referees": referees} if referees else {}),
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """Pass/fail counts of a group of results."""

    total: int
    passed: int
    raised: int

    @property
    def failed(self) -> int:
        return self.total - self.passed

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def tally(results: Iterable[Result]) -> Tally:
    rows = list(results)
    passed = sum(r.passed for r in rows)
    return Tally(len(rows), passed, sum(r.error is not None for r in rows))


def by_file(results: Sequence[Result]) -> dict[str, Tally]:
    """Tallies per Satori test file, in file-name order."""
    files = sorted({r.file for r in results})
    return {name: tally(r for r in results if r.file == name) for name in files}


def outcome(case: Case, started: float, found: Score | None, error: str | None) -> Result:
    return Result(
        case=case.name,
        file=case.file,
        test=case.test,
        passed=found is not None and found.passed,
        edge_f1=found.edge_f1 if found else None,
        blur_mae=found.blur_mae if found else None,
        error=error,
        ms=(time.perf_counter() - started) * 1000.0,
    )


def error_text(exc: BaseException) -> str:
    """`Type: message` on one line, as the results and the sheets show it."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def sheet(
    theirs: Image.Image,
    ours: Image.Image | None,
    found: Score | None,
    error: str | None,
    referees: Sequence[tuple[str, Image.Image]] = (),
) -> Image.Image:
    """Satori | Segmint | difference | each referee; the error in Segmint's panel when it raised.

    Small cases are enlarged (nearest neighbour, whole factors) so labels and pixels read.
    """
    reference = comparable(theirs, theirs)[1]
    zoom = max(1, -(-SHEET_MIN_WIDTH // reference.size[0]))
    others = [(name, comparable(picture, theirs)[0]) for name, picture in referees]
    if ours is None or found is None:
        blank = Image.new("RGB", reference.size, "white")
        text = textwrap.fill(error or "", width=max(20, blank.size[0] * zoom // 7))
        raised = [("Satori", reference), ("Segmint raised", blank), *others]
        zoomed = [(name, _zoom(image, zoom)) for name, image in raised]
        ImageDraw.Draw(zoomed[1][1]).multiline_text((4, 4), text, fill=(200, 0, 0))
        return side_by_side(zoomed, columns=len(zoomed))
    mine, reference = comparable(ours, theirs)
    label = f"Segmint {found.edge_f1:.3f} / {found.blur_mae:.2f}"
    panels = [
        ("Satori", reference),
        (label, mine),
        ("difference", heat_map(reference, mine)),
        *others,
    ]
    zoomed = [(name, _zoom(image, zoom)) for name, image in panels]
    return side_by_side(zoomed, columns=len(zoomed))


def _zoom(image: Image.Image, factor: int) -> Image.Image:
    if factor == 1:
        return image
    size = (image.size[0] * factor, image.size[1] * factor)
    return image.resize(size, Image.Resampling.NEAREST)


class _Worker:
    """What each worker process holds: the suite's folder, its cases and metrics."""

    suite: Path
    cases: list[Case]
    metrics: Metrics


def _start_worker(suite: Path) -> None:
    _Worker.suite = suite
    _Worker.cases = load_cases(suite)
    _Worker.metrics = load_metrics(suite)
    signal.signal(signal.SIGALRM, _on_alarm)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError(f"the case took longer than {CASE_TIMEOUT_S:.0f} s")


def run_case(index: int) -> Result:
    """Case `index` in a worker, stopped with TimeoutError past CASE_TIMEOUT_S."""
    signal.setitimer(signal.ITIMER_REAL, CASE_TIMEOUT_S)
    try:
        return evaluate(_Worker.cases[index], _Worker.suite, _Worker.metrics)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def snapshot(case: Case) -> Image.Image:
    """Satori's picture of the case, read whole (the file is closed again)."""
    with Image.open(case.snapshot) as image:
        image.load()
        return image


def evaluate(case: Case, suite: Path, metrics: Metrics) -> Result:
    """Render and score `case`."""
    started = time.perf_counter()
    theirs = snapshot(case)
    found: Score | None = None
    error: str | None = None
    try:
        found = score(metrics, render_case(case, suite / "assets"), theirs)
    except Exception as exc:  # a case that raises fails; the others go on
        error = error_text(exc)
    return outcome(case, started, found, error)


@dataclass(frozen=True, slots=True)
class Referees:
    """Which referees to ask about the failing cases: Chromium's binary, @vercel/og or not."""

    chromium: str | None
    vercel_og: bool


def judge(
    results: Sequence[Result], suite: Path, sheets: Path, referees: Referees, console: Console
) -> list[Result]:
    """The results with the referees' opinions on each failing case, whose sheets are drawn
    into `sheets` (the case rendered again: a few dozen renders, not the suite)."""
    cases = {case.name: case for case in load_cases(suite)}
    metrics = load_metrics(suite)
    failing = [cases[r.case] for r in results if not r.passed]
    assets = suite / "assets"
    pictures: dict[str, dict[str, Image.Image | str]] = {}
    if referees.chromium is not None and failing:
        pictures[CHROMIUM] = chromium_pictures(referees.chromium, failing, assets)
    if referees.vercel_og and failing:
        try:
            pictures[VERCEL_OG] = vercel_og_pictures(failing, assets)
        except NodeUnavailable as exc:
            console.print(f"[dim]{VERCEL_OG} is not here ({exc}): no {VERCEL_OG} view[/]")
    judged = []
    for result in results:
        if result.passed:
            judged.append(result)
            continue
        judged.append(_judged(result, cases[result.case], assets, metrics, pictures, sheets))
    return judged


def _judged(
    result: Result,
    case: Case,
    assets: Path,
    metrics: Metrics,
    pictures: dict[str, dict[str, Image.Image | str]],
    sheets: Path,
) -> Result:
    theirs = snapshot(case)
    ours = None if result.error else render_case(case, assets)
    opinions, unheard, panels = [], [], []
    for referee, by_case in pictures.items():
        picture = by_case.get(case.name, "not asked")
        if isinstance(picture, str):
            unheard.append((referee, picture))
            continue
        opinions.append(opinion(metrics, referee, picture, theirs, ours))
        panels.append((referee, picture))
    found = None
    if result.edge_f1 is not None and result.blur_mae is not None:
        found = Score(result.edge_f1, result.blur_mae)
    picture_sheet = sheet(theirs, ours, found, result.error, panels)
    picture_sheet.save(sheets / f"{case.name}.png", compress_level=1)
    return dataclasses.replace(result, opinions=tuple(opinions), unheard=tuple(unheard))


def run(suite: Path, out: Path, only: str | None, workers: int, referees: Referees) -> list[Result]:
    """Every case (or those whose file or test name contains `only`), in the suite's order."""
    cases = load_cases(suite)
    load_metrics(suite)  # fail here, once, rather than in every worker
    picked = [i for i, c in enumerate(cases) if only is None or only in f"{c.file} {c.test}"]
    sheets = out / "sheets"
    shutil.rmtree(sheets, ignore_errors=True)
    sheets.mkdir(parents=True)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(suite,)) as pool:
        results = list(pool.imap(run_case, picked, chunksize=1))
    return judge(results, suite, sheets, referees, Console(stderr=True))


def write_results(path: Path, suite: Path, results: Sequence[Result]) -> None:
    total = tally(results)
    data = {
        "suite": str(suite),
        "passed": total.passed,
        "total": total.total,
        "cases": [r.row() for r in results],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def table(results: Sequence[Result]) -> Table:
    out = Table(title="Segmint against Satori's test suite (edge_f1 >= 0.85, blur_mae <= 4)")
    for column in ("Satori test file", "cases", "pass", "fail", "raised", "rate"):
        out.add_column(column, justify="left" if column.startswith("Satori") else "right")
    for name, counts in by_file(results).items():
        out.add_row(*_cells(name, counts))
    out.add_section()
    out.add_row(*_cells("total", tally(results)), style="bold")
    return out


def _cells(name: str, counts: Tally) -> tuple[str, ...]:
    return (
        name,
        str(counts.total),
        str(counts.passed),
        str(counts.failed),
        str(counts.raised),
        f"{counts.rate:.0%}",
    )


def failures(results: Sequence[Result]) -> Table:
    out = Table(title="Failing cases")
    out.add_column("case", overflow="fold")
    out.add_column("edge_f1", justify="right")
    out.add_column("blur_mae", justify="right")
    out.add_column("referees", overflow="fold")
    out.add_column("error", max_width=60, overflow="ellipsis", no_wrap=True)
    for r in results:
        if not r.passed:
            f1 = f"{r.edge_f1:.3f}" if r.edge_f1 is not None else ""
            mae = f"{r.blur_mae:.2f}" if r.blur_mae is not None else ""
            out.add_row(r.case, f1, mae, _referee_cell(r), (r.error or "")[:120])
    return out


def _referee_cell(result: Result) -> str:
    said = [o.verdict for o in result.opinions]
    said += [f"{name} drew nothing: {why[:60]}" for name, why in result.unheard]
    return "; ".join(said)


def verdicts(results: Sequence[Result]) -> dict[str, int]:
    """How many failing cases each referee's verdict covers, most first."""
    counts: dict[str, int] = {}
    for r in results:
        if not r.passed:
            for o in r.opinions:
                counts[o.verdict] = counts.get(o.verdict, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.conformance")
    parser.add_argument("suite", nargs="?", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--out", type=Path, default=OUT, help="where results and sheets go")
    parser.add_argument("--only", help="run the cases whose file or test name contains this")
    parser.add_argument("--workers", type=int, default=MAX_WORKERS, choices=(1, 2))
    parser.add_argument("--failures", action="store_true", help="also list each failing case")
    parser.add_argument(
        "--no-browser", action="store_true", help="do not ask Chromium about the failing cases"
    )
    parser.add_argument(
        "--no-vercel-og", action="store_true", help=f"do not ask {VERCEL_OG} about them"
    )
    args = parser.parse_args(argv)
    console = Console()
    chromium = None if args.no_browser else chromium_binary()
    if chromium is None and not args.no_browser:
        console.print("[dim]chromium is not installed: failing cases get no Chromium view[/]")
    referees = Referees(chromium=chromium, vercel_og=not args.no_vercel_og)
    started = time.perf_counter()
    try:
        results = run(args.suite.resolve(), args.out, args.only, args.workers, referees)
    except SuiteError as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    write_results(args.out / "results.json", args.suite.resolve(), results)
    if args.failures:
        console.print(failures(results))
    console.print(table(results))
    total = tally(results)
    console.print(
        f"{total.passed} of {total.total} pass ({total.rate:.0%}) in "
        f"{time.perf_counter() - started:.0f} s; results and sheets of the failing cases in "
        f"{args.out}"
    )
    for verdict, n in verdicts(results).items():
        console.print(f"  {n:3d} failing case(s): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
