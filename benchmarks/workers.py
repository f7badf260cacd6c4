"""Run a worker process (Node's render.mjs or Python's py_render) on a job file.

Both workers take the same JSON job file and print one JSON object; the wall time of the whole
process is measured here. `prepare_node` installs @vercel/og into benchmarks/.scratch/ once.
"""

from __future__ import annotations

import enum
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import NODE_SRC, ROOT, SCRATCH

OG_VERSION = "1.0.1"
NODE_FILES = ("package.json", "render.mjs")


class Side(enum.Enum):
    """Which renderer a worker runs."""

    SEGMINT = "Segmint"
    VERCEL_OG = "@vercel/og"


class NodeUnavailable(RuntimeError):
    """Node/npm is missing or @vercel/og could not be installed; the message says which."""


@dataclass(frozen=True, slots=True)
class WorkerRun:
    """One worker process: its parsed output (or why there is none) and its wall time."""

    side: Side
    wall_ms: float
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def result(self, name: str) -> dict[str, Any] | None:
        """The per-job result called `name`, if the worker produced it."""
        for item in self.data.get("results", []):
            if item.get("name") == name:
                found: dict[str, Any] = item
                return found
        return None


def prepare_node(scratch: Path = SCRATCH) -> Path:
    """Install @vercel/og + satori-html into `scratch` (once) and return the script's path."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise NodeUnavailable("node and npm must be on PATH to run the @vercel/og side")
    scratch.mkdir(parents=True, exist_ok=True)
    changed = False
    for name in NODE_FILES:
        source, target = NODE_SRC / name, scratch / name
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
            changed = changed or name == "package.json"
    installed = scratch / "node_modules" / "@vercel" / "og" / "package.json"
    if changed or not installed.is_file():
        proc = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if proc.returncode != 0:
            raise NodeUnavailable(f"npm install in {scratch} failed: {proc.stderr.strip()[-2000:]}")
    version = json.loads(installed.read_text())["version"]
    if version != OG_VERSION:
        raise NodeUnavailable(f"@vercel/og {version} is installed in {scratch}, want {OG_VERSION}")
    return scratch / "render.mjs"


def command(side: Side, spec: Path, node_script: Path | None = None) -> list[str]:
    """The argv that runs `side`'s worker on the job file `spec`."""
    if side is Side.SEGMINT:
        return [sys.executable, "-m", "benchmarks.py_render", str(spec)]
    if node_script is None:
        raise NodeUnavailable("the @vercel/og side needs prepare_node() first")
    return ["node", str(node_script), str(spec)]


def run_worker(
    side: Side, spec: Path, node_script: Path | None = None, timeout: float = 600.0
) -> WorkerRun:
    """Run one worker as a fresh process; never raises for a crash, it is reported instead."""
    argv = command(side, spec, node_script)
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            argv,
            cwd=ROOT.parent,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return WorkerRun(side, (time.perf_counter() - started) * 1000.0, error="timed out")
    wall_ms = (time.perf_counter() - started) * 1000.0
    return parse_output(side, wall_ms, proc.returncode, proc.stdout, proc.stderr)


def parse_output(side: Side, wall_ms: float, code: int, stdout: str, stderr: str) -> WorkerRun:
    """A worker's exit code and output as a WorkerRun (the JSON is its last stdout line)."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    data: dict[str, Any] = {}
    if lines:
        try:
            data = json.loads(lines[-1])
        except json.JSONDecodeError:
            data = {}
    if "unavailable" in data:
        return WorkerRun(side, wall_ms, data, error=str(data["unavailable"]))
    if code != 0 or not data:
        tail = (stderr.strip() or stdout.strip())[-1500:]
        return WorkerRun(side, wall_ms, data, error=f"exit code {code}: {tail}")
    return WorkerRun(side, wall_ms, data)
