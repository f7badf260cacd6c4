"""`make bench-lambda`: the cold start of the Lambda package, as Lambda runs it.

    .venv/bin/python -m benchmarks.lambda_cold [--zip build/segmint-lambda.zip] [--runs N]
        [--against OTHER.zip]

Unzips what `make package` built, then starts N fresh `python3.12 -I -S` processes with only
that folder on `sys.path` (plus boto3, installed apart in benchmarks/.scratch/ as the runtime
provides it, when the zip does not ship it), each against the embedded S3 on loopback, and
times from spawn: the import of `handler.lambda_entry`; import + the first cached hit of the
seed icon; import + the first miss of the card (a product page's Open Graph image with params
never seen before). Prints median, spread (min..max) and the targets (hit <= 300 ms, card miss
<= 450 ms on this machine), naming the CPU. `--against` measures another package in the same
run, the two taking turns, and prints the ratio of the medians; `--instructions` also counts one
probe per figure under valgrind's callgrind. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks import SCRATCH
from benchmarks.environment import cpu_model
from handler.dev.s3 import EmbeddedS3, local_environ, start_embedded_s3

ROOT = Path(__file__).resolve().parents[1]
ZIP = ROOT / "build" / "segmint-lambda.zip"
RUNTIME = SCRATCH / "lambda-runtime"
"""boto3 and botocore as the Lambda runtime provides them (not shipped in the zip)."""
EVENT = ROOT / "tests" / "data" / "events" / "http_v2.json"
TARGETS = {"import + first hit": 300.0, "import + first card miss": 450.0}
HIT_PATH = "/icon/small"
PROBE = r"""
import json, sys, time
t0 = float(sys.argv[1])
import handler.lambda_entry as entry
t1, c1 = time.time(), time.process_time()
event = json.loads(sys.argv[2])
answer = entry.handler(event, None)
t2, c2 = time.time(), time.process_time()
print(json.dumps({"import": (t1 - t0) * 1000, "request": (t2 - t0) * 1000,
                  "cpu_import": c1 * 1000, "cpu_request": c2 * 1000,
                  "status": answer["statusCode"]}))
"""


@dataclass(frozen=True, slots=True)
class Probe:
    import_ms: float
    request_ms: float
    cpu_import_ms: float
    cpu_request_ms: float
    status: int


def unpack(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    return into


def runtime_path(unpacked: Path) -> list[Path]:
    """The zip's folder, then boto3 apart, as Lambda puts /var/task before its runtime's boto3
    (the zip's own botocore comes first)."""
    if not (RUNTIME / "boto3").is_dir():
        version = _pinned("boto3")
        print(f"installing boto3=={version} into {RUNTIME} (as the Lambda runtime has it)")
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(RUNTIME)]
        subprocess.run(
            [*pip, f"boto3=={version}"],
            check=True,
            timeout=600,
        )
    return [unpacked, RUNTIME]


def _pinned(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        package, _, rest = line.partition("==")
        if package.strip() == name:
            return rest.split()[0]
    raise SystemExit(f"{name} is not pinned in requirements.txt")


def event_for(path: str) -> str:
    event = json.loads(EVENT.read_text())
    event["rawPath"] = path
    event["requestContext"]["http"]["path"] = path
    event["requestContext"]["http"]["method"] = "GET"
    return json.dumps(event)


def _command(
    paths: Sequence[Path], s3: EmbeddedS3, unpacked: Path, url: str
) -> tuple[list[str], dict[str, str]]:
    """The probe's argv (without the start time) and environment: a clean `python -I -S`."""
    env = local_environ(s3, {"PATH": os.environ.get("PATH", "")})
    env |= {
        "PYTHONPATH": "",
        "LD_LIBRARY_PATH": str(unpacked / "lib"),
        "SEGMINT_SEGMENTS_DIR": str(unpacked / "segments"),
        "AWS_ACCESS_KEY_ID": "segmint-local",
        "AWS_SECRET_ACCESS_KEY": "segmint-local-secret",
        "AWS_LAMBDA_FUNCTION_NAME": "segmint-bench",
    }
    setup = "import sys; sys.path[:0] = " + repr([str(p) for p in paths]) + "\n"
    return [sys.executable, "-I", "-S", "-c", setup + PROBE], env


def probe(paths: Sequence[Path], s3: EmbeddedS3, unpacked: Path, url: str) -> Probe:
    argv, env = _command(paths, s3, unpacked, url)
    started = time.time()
    done = subprocess.run(
        [*argv, repr(started), event_for(url)],
        env=env,
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith('{"import"')]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"probe of {url} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    found = json.loads(lines[-1])
    return Probe(
        found["import"],
        found["request"],
        found["cpu_import"],
        found["cpu_request"],
        found["status"],
    )


def instructions(paths: Sequence[Path], s3: EmbeddedS3, unpacked: Path, url: str) -> int:
    """The instructions one probe's process executes, counted by valgrind's callgrind: the
    figure that neither the machine's load nor its disk moves."""
    argv, env = _command(paths, s3, unpacked, url)
    python = os.path.realpath(argv[0])  # the interpreter itself, not a venv's link to it
    callgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    done = subprocess.run(
        [*callgrind, python, *argv[1:], repr(time.time()), event_for(url)],
        env=env,
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind probe of {url} failed:\n{done.stderr[-3000:]}")
    return int(found.group(1))


@dataclass(frozen=True, slots=True)
class Figures:
    """One package's probes: fresh processes whose first request was a hit, or a card miss."""

    hits: list[Probe]
    misses: list[Probe]
    counted: dict[str, int] = field(default_factory=dict)
    """Instructions of one probe per figure ("import + first hit", ...), with --instructions."""

    def rows(self) -> list[tuple[str, list[Probe], bool]]:
        """(figure, probes, whether it is the import alone)."""
        return [
            ("import", self.hits + self.misses, True),
            ("import + first hit", self.hits, False),
            ("import + first card miss", self.misses, False),
        ]


def measure(zips: Sequence[Path], runs: int, count: bool = False) -> list[Figures]:
    """`runs` hit probes and `runs` miss probes of each zip, taking turns between the zips so
    that a busier moment of the machine weighs on all of them alike."""
    with tempfile.TemporaryDirectory(prefix="segmint-cold-") as scratch:
        unpacked = [unpack(z, Path(scratch) / str(i)) for i, z in enumerate(zips)]
        paths = [runtime_path(u) for u in unpacked]
        s3 = start_embedded_s3()
        try:
            for p, u in zip(paths, unpacked, strict=True):
                probe(p, s3, u, HIT_PATH)  # stores the icon: later runs are hits
            hits: list[list[Probe]] = [[] for _ in zips]
            misses: list[list[Probe]] = [[] for _ in zips]
            for _ in range(runs):
                for i, (p, u) in enumerate(zip(paths, unpacked, strict=True)):
                    hits[i].append(probe(p, s3, u, HIT_PATH))
            for _ in range(runs):
                for i, (p, u) in enumerate(zip(paths, unpacked, strict=True)):
                    card = f"/products/{time.time_ns()}/opengraph-image/0"
                    misses[i].append(probe(p, s3, u, card))
            counted: list[dict[str, int]] = [{} for _ in zips]
            if count:
                for i, (p, u) in enumerate(zip(paths, unpacked, strict=True)):
                    card = f"/products/{time.time_ns()}/opengraph-image/0"
                    counted[i] = {
                        "import + first hit": instructions(p, s3, u, HIT_PATH),
                        "import + first card miss": instructions(p, s3, u, card),
                    }
        finally:
            s3.stop()
    return [Figures(h, m, c) for h, m, c in zip(hits, misses, counted, strict=True)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lambda_cold", description=__doc__)
    parser.add_argument("--zip", type=Path, default=ZIP)
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per figure")
    parser.add_argument(
        "--against", type=Path, help="another package (an earlier build, say), measured in turn"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count one probe's instructions per figure with valgrind (callgrind)",
    )
    args = parser.parse_args(argv)
    zips = [args.zip] if args.against is None else [args.zip, args.against]
    for path in zips:
        if not path.is_file():
            raise SystemExit(f"{path} does not exist: run `make package` first")
    console = Console(width=max(Console().width, 140 if args.instructions else 110))
    figures = measure(zips, args.runs, args.instructions)
    table = Table(title=f"Lambda cold start, {args.runs} fresh processes each ({cpu_model()})")
    columns = ["", "median", "min .. max", "CPU median", "target", "status"]
    if args.against is not None:
        columns.append(f"vs {args.against.name}")
    if args.instructions:
        columns.append("instructions")
        if args.against is not None:
            columns.append("vs")
    for column in columns:
        table.add_column(column)
    for index, (path, found) in enumerate(zip(zips, figures, strict=True)):
        if len(zips) > 1:
            table.add_section()
            table.add_row(f"[bold]{path.name}[/bold]")
        for name, probes, alone in found.rows():
            ratio = None
            if index == 0 and args.against is not None:
                peer = next(p for n, p, _ in figures[1].rows() if n == name)
                ratio = _median(probes, alone) / _median(peer, alone)
            cells = _cells(name, probes, alone, ratio, args.against is not None)
            if args.instructions:
                counted = found.counted.get(name)
                cells.append("" if counted is None else f"{counted / 1e9:.3f} G")
                if args.against is not None:
                    peer_count = figures[1].counted.get(name)
                    versus = ""
                    if index == 0 and counted is not None and peer_count is not None:
                        versus = f"{counted / peer_count:.2f}x"
                    cells.append(versus)
            table.add_row(*cells)
    console.print(table)
    for path in zips:
        console.print(f"zip: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    console.print(f"sys.path: the unzipped package, then {RUNTIME}")
    console.print(
        "median and spread: wall time from spawn; CPU: the process's own user + system time"
        f" (less moved by other work on the machine); load average {os.getloadavg()[0]:.1f}"
    )
    return 0


def _median(probes: list[Probe], alone: bool) -> float:
    return statistics.median(p.import_ms if alone else p.request_ms for p in probes)


def _cells(
    name: str,
    probes: list[Probe],
    alone: bool,
    ratio: float | None,
    with_ratio: bool,
) -> list[str]:
    wall = [p.import_ms if alone else p.request_ms for p in probes]
    cpu = [p.cpu_import_ms if alone else p.cpu_request_ms for p in probes]
    target = TARGETS.get(name)
    cells = [
        name,
        f"{statistics.median(wall):.0f} ms",
        f"{min(wall):.0f} .. {max(wall):.0f} ms",
        f"{statistics.median(cpu):.0f} ms",
        "" if target is None else f"<= {target:.0f} ms",
        "" if alone else ", ".join(map(str, sorted({p.status for p in probes}))),
    ]
    if with_ratio:
        cells.append("" if ratio is None else f"{ratio:.2f}x")
    return cells


if __name__ == "__main__":
    sys.exit(main())
