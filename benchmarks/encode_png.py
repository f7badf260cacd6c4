"""`make bench-encode`: PNG encoders on Segmint's own pictures, size and time per design.

    .venv/bin/python -m benchmarks.encode_png [--runs N] [--icon-runs N] [--only NAME ...]

Renders every design in benchmarks/designs/ (card first) and the seed icon at 48x48 and 72x72
once, then writes each picture with each candidate encoder: the shipped one
(`handler.render.encode.encode`), our unfiltered writer over other deflate libraries and
levels, fixed Sub and Up row filters, and Pillow's own PNG writer (per-row adaptive filters,
minimum sum of absolute differences, over its zlib-ng). Prints size, best and median wall time
of N runs and the median CPU time of this thread (the machine is shared: CPU time moves less
when other processes compete). Every output is decoded once and must give the picture's
pixels back (lossless), else the run stops naming the encoder.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import deflate
from isal import isal_zlib
from PIL import Image, ImageChops, features
from rich.console import Console
from rich.table import Table

from benchmarks.environment import cpu_model, package_version
from benchmarks.fonts import static_geist
from benchmarks.jobs import Job, bench_jobs, designs
from benchmarks.stats import percentile
from handler.render.encode import PNG_LEVEL, encode, encode_png, is_opaque, png_container, scanlines
from handler.render.pipeline import render_image
from handler.render.text.specs import FontSpec

SLOW_RUNS = 3
"""Runs of a slow candidate (over ~100 ms a picture), whatever --runs says."""

Encoder = Callable[[Image.Image], bytes]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way to write a picture as PNG."""

    label: str
    encode: Encoder
    slow: bool = False


@dataclass(frozen=True, slots=True)
class Measured:
    """One candidate on one picture: its size and times in milliseconds."""

    label: str
    size: int
    best_ms: float
    median_ms: float
    cpu_median_ms: float
    runs: int


def _mode(image: Image.Image) -> str:
    return "RGB" if image.mode == "RGBA" and is_opaque(image) else image.mode


def unfiltered(compress: Callable[[bytearray], bytes]) -> Encoder:
    """Our writer's rows (filter type 0) deflated by `compress`."""

    def write(image: Image.Image) -> bytes:
        mode = _mode(image)
        return png_container(image.size, mode, compress(scanlines(image, mode)))

    return write


def isal(level: int) -> Encoder:
    """Our rows through one ISA-L compressobj, 64 rows at a time, as the writer before did."""

    def write(image: Image.Image) -> bytes:
        mode = _mode(image)
        rows = memoryview(scanlines(image, mode))
        step = 64 * (image.width * len(mode) + 1)
        squeeze = isal_zlib.compressobj(level)
        parts = [
            squeeze.compress(rows[start : start + step]) for start in range(0, len(rows), step)
        ]
        return png_container(image.size, mode, b"".join([*parts, squeeze.flush()]))

    return write


def libdeflate(level: int) -> Encoder:
    def write(image: Image.Image) -> bytes:
        return encode_png(image, level, drop_alpha=is_opaque(image))

    return write


def fixed_filter(kind: int, level: int) -> Encoder:
    """Every row filtered with Sub (1) or Up (2), differences taken by Pillow in C.

    Sub and Up are the picture minus itself moved one pixel right or down (zeros coming in),
    modulo 256: exactly PNG's definition for 8-bit samples.
    """

    def write(image: Image.Image) -> bytes:
        mode = _mode(image)
        picture = image.convert(mode) if mode != image.mode else image
        width, height = picture.size
        moved = Image.new(mode, picture.size, 0)
        if kind == 1:
            moved.paste(picture.crop((0, 0, width - 1, height)), (1, 0))
        else:
            moved.paste(picture.crop((0, 0, width, height - 1)), (0, 1))
        rows = scanlines(ImageChops.subtract_modulo(picture, moved), mode)
        rows[:: width * len(mode) + 1] = bytes([kind]) * height
        return png_container(picture.size, mode, deflate.zlib_compress(rows, level))

    return write


def pillow(**options: object) -> Encoder:
    def write(image: Image.Image) -> bytes:
        out = io.BytesIO()
        image.convert(_mode(image)).save(out, "PNG", **options)
        return out.getvalue()

    return write


def candidates() -> list[Candidate]:
    """The shipped encoder first, then the others."""
    return [
        Candidate(f"shipped: no filter, libdeflate {PNG_LEVEL}", lambda i: encode(i, "image/png")),
        *(Candidate(f"no filter, libdeflate {n}", libdeflate(n)) for n in (1, 4, 5, 7, 8, 9)),
        Candidate("no filter, libdeflate 12", libdeflate(12), slow=True),
        Candidate("no filter, ISA-L 1", isal(1)),
        Candidate("no filter, ISA-L 3 (the writer before)", isal(3)),
        Candidate("no filter, zlib 6", unfiltered(lambda d: zlib.compress(d, 6))),
        Candidate("no filter, zlib 9", unfiltered(lambda d: zlib.compress(d, 9)), slow=True),
        Candidate("Sub every row, libdeflate 6", fixed_filter(1, 6)),
        Candidate("Up every row, libdeflate 6", fixed_filter(2, 6)),
        *(
            Candidate(f"Pillow compress_level={n}", pillow(compress_level=n), slow=n == 9)
            for n in (1, 6, 9)
        ),
        Candidate("Pillow optimize=True", pillow(optimize=True), slow=True),
    ]


def pictures(only: Sequence[str]) -> list[tuple[Job, Image.Image]]:
    """The designs (card first) and the seed icons, each rendered once."""
    fonts = [FontSpec(name=f.name, path=f.path, weight=f.weight) for f in static_geist()]
    jobs = [*designs(), *bench_jobs()[:2]]
    if only:
        unknown = sorted(set(only) - {job.name for job in jobs})
        if unknown:
            names = ", ".join(job.name for job in jobs)
            raise SystemExit(f"encode_png: no design named {', '.join(unknown)} (have {names})")
        jobs = [job for job in jobs if job.name in only]
    return [
        (job, render_image(job.html, width=job.width, height=job.height, fonts=fonts))
        for job in jobs
    ]


def measure(job: Job, image: Image.Image, candidate: Candidate, runs: int) -> Measured:
    """Time `runs` encodes and check the output decodes to `image`'s pixels."""
    runs = min(runs, SLOW_RUNS) if candidate.slow else runs
    walls, cpus = [], []
    data = b""
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.thread_time()
        data = candidate.encode(image)
        cpus.append((time.thread_time() - cpu) * 1000.0)
        walls.append((time.perf_counter() - wall) * 1000.0)
    # compared as pixels: the shipped writer stores a grey picture as L (or LA)
    expected = image.convert(_mode(image))
    decoded = Image.open(io.BytesIO(data)).convert(expected.mode)
    if decoded.tobytes() != expected.tobytes():
        raise SystemExit(f"encode_png: {candidate.label!r} is not lossless on {job.name}")
    return Measured(
        candidate.label, len(data), min(walls), percentile(walls, 50), percentile(cpus, 50), runs
    )


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.encode_png", description=__doc__)
    parser.add_argument("--runs", type=int, default=11, help="encodes per candidate and design")
    parser.add_argument("--icon-runs", type=int, default=101, help="encodes per candidate and icon")
    parser.add_argument("--only", action="append", default=[], help="a design's name; repeatable")
    return parser.parse_args(argv)


def environment() -> Table:
    table = Table(title="Environment", show_header=False)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    for label, value in (
        ("CPU", f"{cpu_model()} ({os.cpu_count()} cores), load average {load}"),
        ("Python", sys.version.split()[0]),
        ("Pillow", f"{package_version('pillow')} (zlib-ng {features.version('zlib_ng')})"),
        ("zlib (stdlib)", zlib.ZLIB_RUNTIME_VERSION),
        ("libdeflate", f"deflate {package_version('deflate')}"),
        ("ISA-L", f"isal {package_version('isal')}"),
    ):
        table.add_row(label, value)
    return table


def design_table(job: Job, rows: Sequence[Measured]) -> Table:
    shipped = rows[0].size
    table = Table(title=f"{job.name} ({job.width}x{job.height})")
    table.add_column("encoder", no_wrap=True)
    for column in ("KB", "vs shipped", "best ms", "median ms", "CPU median ms", "runs"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row.label,
            f"{row.size / 1000:.1f}" if row.size >= 10_000 else f"{row.size / 1000:.2f}",
            f"{row.size / shipped:.2f}x",
            f"{row.best_ms:.2f}",
            f"{row.median_ms:.2f}",
            f"{row.cpu_median_ms:.2f}",
            str(row.runs),
        )
    return table


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 120))
    console.print(environment())
    with console.status("rendering the designs ..."):
        rendered = pictures(args.only)
    for job, image in rendered:
        runs = args.runs if job.width * job.height > 200 * 200 else args.icon_runs
        with console.status(f"encoding {job.name} ..."):
            rows = [measure(job, image, candidate, runs) for candidate in candidates()]
        console.print(design_table(job, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
