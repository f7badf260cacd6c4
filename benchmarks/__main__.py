"""`make bench`: Segmint against @vercel/og 1.0.1, same jobs, same Geist files, same run.

    .venv/bin/python -m benchmarks [--runs N] [--fresh K]

For each job (the seed icon at 48x48 and 72x72, card.html at 1200x630) and each side: K fresh
processes that render the job once (first render, import + first render, whole-process wall
time, peak RSS), then one warm process per side that renders every job `warmup` + N times
(median, p90, PNG size). Prints the figures, the ratio Segmint / @vercel/og and the issue's
target (at most 0.5x for times and RSS, PNG no larger). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks import SCRATCH
from benchmarks.compare import Figures, Row, figures, rows
from benchmarks.environment import describe
from benchmarks.fonts import static_geist
from benchmarks.jobs import Job, bench_jobs, write_spec
from benchmarks.workers import NodeUnavailable, Side, WorkerRun, prepare_node, run_worker

OUT = SCRATCH / "bench"
WARMUP = 5


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=60, help="timed warm renders of the card")
    parser.add_argument("--icon-runs", type=int, default=200, help="timed warm renders per icon")
    parser.add_argument("--fresh", type=int, default=5, help="fresh processes per job and side")
    return parser.parse_args(argv)


def run_side(
    side: Side,
    jobs: Sequence[Job],
    args: argparse.Namespace,
    node_script: Path | None,
    console: Console,
) -> tuple[dict[str, list[WorkerRun]], list[WorkerRun]]:
    """Fresh single-render processes per job, then warm processes; all on one side."""
    fonts = static_geist()
    slug = "segmint" if side is Side.SEGMINT else "vercel-og"
    fresh: dict[str, list[WorkerRun]] = {}
    for job in jobs:
        spec = write_spec(
            OUT / f"{slug}-fresh-{job.name}.json", [job], fonts, runs=0, warmup=0, out_dir=None
        )
        fresh[job.name] = [run_worker(side, spec, node_script) for _ in range(args.fresh)]
    warm: list[WorkerRun] = []
    for job in jobs:
        runs = args.runs if job.width * job.height > 200 * 200 else args.icon_runs
        spec = write_spec(
            OUT / f"{slug}-warm-{job.name}.json",
            [job],
            fonts,
            runs=runs,
            warmup=WARMUP,
            out_dir=OUT / slug,
        )
        warm.append(run_worker(side, spec, node_script))
    for run in [*(r for runs in fresh.values() for r in runs), *warm]:
        if run.error:
            console.print(f"[red]{side.value}:[/] {run.error}")
            break
    return fresh, warm


def warm_run(warm: Sequence[WorkerRun], name: str) -> WorkerRun | None:
    """The warm process that rendered `name`, else the first failed one (its error is shown)."""
    for run in warm:
        if run.result(name) is not None:
            return run
    return next((run for run in warm if run.error), None)


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def verdict(row: Row) -> str:
    met = row.met
    if met is None:
        return ""
    return "[green]met[/]" if met else "[red]missed[/]"


def job_table(job: Job, ours: Figures, theirs: Figures) -> Table:
    table = Table(title=f"{job.name} ({job.width}x{job.height})")
    table.add_column("metric")
    for column in ("Segmint", "@vercel/og", "ratio", "target", ""):
        table.add_column(column, justify="right")
    for row in rows(job.name, ours, theirs):
        target = {0.5: "<= 0.5x", 1.0: "<= 1.0x"}.get(row.goal.value, "")
        digits = 2 if row.label.startswith("warm") and (row.theirs or 99) < 10 else 1
        table.add_row(
            row.label,
            fmt(row.ours, digits),
            fmt(row.theirs, digits),
            fmt(row.ratio, 2) + ("x" if row.ratio is not None else ""),
            target,
            verdict(row),
        )
    return table


def environment_table(extra: Sequence[tuple[str, str]]) -> Table:
    table = Table(title="Environment", show_header=False)
    table.add_column("what")
    table.add_column("value")
    for label, value in [*describe(), *extra]:
        table.add_row(label, value)
    return table


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 110))
    jobs = bench_jobs()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        node_script: Path | None = prepare_node()
    except NodeUnavailable as exc:
        console.print(f"[red]@vercel/og side unavailable:[/] {exc}")
        node_script = None
    with console.status("rendering on @vercel/og ..."):
        og_fresh, og_warm = (
            run_side(Side.VERCEL_OG, jobs, args, node_script, console) if node_script else ({}, [])
        )
    # A Lambda zip ships compiled bytecode (scripts/package_lambda.sh); compile ours likewise so
    # a fresh process measures import + render, not compiling our sources (this machine sets
    # PYTHONDONTWRITEBYTECODE, so imports never write .pyc themselves).
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "handler", quiet=1)
    with console.status("rendering on Segmint ..."):
        seg_fresh, seg_warm = run_side(Side.SEGMINT, jobs, args, None, console)
    backend = next((run.data.get("png_backend") for run in og_warm if run.data), None)
    console.print(environment_table([("@vercel/og", f"1.0.1, PNG by {backend or 'unknown'}")]))
    record: dict[str, dict[str, object]] = {}
    for job in jobs:
        ours = figures(job.name, seg_fresh.get(job.name, []), warm_run(seg_warm, job.name))
        theirs = figures(job.name, og_fresh.get(job.name, []), warm_run(og_warm, job.name))
        console.print(job_table(job, ours, theirs))
        record[job.name] = {"segmint": asdict(ours), "vercel_og": asdict(theirs)}
    results = OUT / "results.json"
    results.write_text(json.dumps(record, indent=2))
    console.print(f"[dim]figures written to {results}; PNGs in {OUT}/<side>/[/]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
