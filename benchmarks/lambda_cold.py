"""`make bench-lambda`: the cold start of the Lambda package, as Lambda runs it.

    .venv/bin/python -m benchmarks.lambda_cold [--zip build/segmint-lambda.zip] [--runs N]

Unzips what `make package` built, then starts N fresh `python3.12 -I -S` processes with only
that folder on `sys.path` (plus boto3, installed apart in benchmarks/.scratch/ as the runtime
provides it, when the zip does not ship it), each against the embedded S3 on loopback, and
times from spawn: the import of `handler.lambda_entry`; import + the first cached hit of the
seed icon; import + the first miss of the card (a product page's Open Graph image with params
never seen before). Prints median, spread (min..max) and the targets (hit <= 300 ms, card miss
<= 450 ms on this machine), naming the CPU. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
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


def probe(paths: Sequence[Path], s3: EmbeddedS3, unpacked: Path, url: str) -> Probe:
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
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", setup + PROBE, repr(started), event_for(url)],
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lambda_cold", description=__doc__)
    parser.add_argument("--zip", type=Path, default=ZIP)
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per figure")
    args = parser.parse_args(argv)
    if not args.zip.is_file():
        raise SystemExit(f"{args.zip} does not exist: run `make package` first")
    console = Console()
    with tempfile.TemporaryDirectory(prefix="segmint-cold-") as scratch:
        unpacked = unpack(args.zip, Path(scratch))
        paths = runtime_path(unpacked)
        s3 = start_embedded_s3()
        try:
            probe(paths, s3, unpacked, HIT_PATH)  # stores the icon: later runs are hits
            hits = [probe(paths, s3, unpacked, HIT_PATH) for _ in range(args.runs)]
            misses = [
                probe(paths, s3, unpacked, f"/products/{time.time_ns()}/opengraph-image/0")
                for _ in range(args.runs)
            ]
        finally:
            s3.stop()
    size = args.zip.stat().st_size / 1e6
    table = Table(title=f"Lambda cold start, {args.runs} fresh processes each ({cpu_model()})")
    for column in ("", "median", "min .. max", "CPU median", "target", "status"):
        table.add_column(column)
    both = hits + misses
    _row(table, "import", [p.import_ms for p in both], [p.cpu_import_ms for p in both], None, [])
    for name, probes in (("import + first hit", hits), ("import + first card miss", misses)):
        wall, cpu = [p.request_ms for p in probes], [p.cpu_request_ms for p in probes]
        _row(table, name, wall, cpu, TARGETS, probes)
    console.print(table)
    console.print(f"zip: {args.zip} ({size:.1f} MB); sys.path: {', '.join(map(str, paths))}")
    console.print(
        "median and spread: wall time from spawn; CPU: the process's own user + system time"
        f" (less moved by other work on the machine); load average {os.getloadavg()[0]:.1f}"
    )
    return 0


def _row(
    table: Table,
    name: str,
    values: list[float],
    cpu: list[float],
    targets: dict[str, float] | None,
    probes: list[Probe],
) -> None:
    target = (targets or {}).get(name)
    statuses = sorted({p.status for p in probes})
    table.add_row(
        name,
        f"{statistics.median(values):.0f} ms",
        f"{min(values):.0f} .. {max(values):.0f} ms",
        f"{statistics.median(cpu):.0f} ms",
        "" if target is None else f"<= {target:.0f} ms",
        ", ".join(map(str, statuses)),
    )


if __name__ == "__main__":
    sys.exit(main())
