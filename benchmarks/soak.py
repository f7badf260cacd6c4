"""Soak: `python -m benchmarks.soak [N]` renders card.html N times (default 10,000) in one
process, samples RSS every 500 renders, and prints the series and its growth from render 1,000
to N. A warm Lambda renders for hours: memory that grows per render is a bug.

Each render gets new text (the product number and the "Image i of N" footer change), as a warm
Lambda serving many params does, so every per-process cache (parsed markup, word widths, glyphs,
styles) keeps meeting new keys: a cache without a bound shows up as growth.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from benchmarks.fonts import static_geist
from benchmarks.jobs import bench_jobs
from benchmarks.memory import peak_rss_kib, rss_kib
from benchmarks.segmint_side import RendererUnavailable, load_picture_renderer
from benchmarks.stats import growth

DEFAULT_RENDERS = 10_000
SAMPLE_EVERY = 500
GROWTH_FROM = 1_000


def parse_count(argv: Sequence[str]) -> int:
    """The number of renders asked for on the command line (default 10,000)."""
    if not argv:
        return DEFAULT_RENDERS
    try:
        count = int(argv[0].replace("_", "").replace(",", ""))
    except ValueError:
        raise SystemExit(f"soak: N must be a whole number, got {argv[0]!r}") from None
    if count < 1:
        raise SystemExit(f"soak: N must be at least 1, got {count}")
    return count


def main(argv: Sequence[str]) -> int:
    console = Console()
    count = parse_count(argv)
    card = next(job for job in bench_jobs() if job.name == "card")
    try:
        render, encoded = load_picture_renderer(static_geist())
    except RendererUnavailable as exc:
        console.print(f"[red]{exc}[/]")
        return 2
    if not encoded:
        console.print("[yellow]handler.render.encode is missing: soaking render_image only[/]")
    series: list[tuple[int, float]] = [(0, rss_kib() / 1024.0)]
    columns = (
        TextColumn("soak"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("RSS {task.fields[rss]:.1f} MiB"),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("soak", total=count, rss=series[0][1])
        for done in range(1, count + 1):
            render(vary(card.html, done, count), card.width, card.height)
            if done == 1 or done % SAMPLE_EVERY == 0 or done == count:
                series.append((done, rss_kib() / 1024.0))
                progress.update(task, rss=series[-1][1])
            progress.advance(task)
    print_series(series, console)
    grew = growth(series, GROWTH_FROM)
    if grew is None:
        console.print(f"fewer than two samples from render {GROWTH_FROM:,}: no growth figure")
    else:
        total, per_thousand = grew
        console.print(
            f"RSS growth from render {GROWTH_FROM:,} to {count:,}: {total:+.2f} MiB "
            f"({per_thousand * 1024:+.1f} KiB per 1,000 renders); "
            f"peak RSS {peak_rss_kib() / 1024:.1f} MiB"
        )
    return 0


def vary(markup: str, done: int, count: int) -> str:
    """The card with this render's own words in it (new text for every cache to meet)."""
    return markup.replace("products/42", f"products/{done}").replace(
        "Image 1 of 3", f"Image {done} of {count}"
    )


def print_series(series: Sequence[tuple[int, float]], console: Console) -> None:
    table = Table(title="RSS while rendering card.html")
    table.add_column("renders", justify="right")
    table.add_column("RSS (MiB)", justify="right")
    for done, mib in series:
        table.add_row(f"{done:,}", f"{mib:.1f}")
    console.print(table)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
