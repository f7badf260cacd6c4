"""The Python worker of the benchmark: `python -m benchmarks.py_render JOBS.json`.

Mirrors benchmarks/node/render.mjs: renders each job once (first render), `warmup` more times,
then `runs` timed times, writes the last PNG, and prints one JSON object with the times, PNG
sizes and the process's peak RSS (VmHWM). Run it as a fresh process for first-render and
peak-RSS figures. Timing covers parsing the HTML, layout, paint and PNG encoding.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.fonts import StaticFont
from benchmarks.memory import peak_rss_kib, rss_kib
from benchmarks.segmint_side import RendererUnavailable, load_renderer


def run(spec: dict[str, Any]) -> dict[str, Any]:
    fonts = [
        StaticFont(f["name"], Path(f["path"]), f["weight"], f.get("style", "normal"))
        for f in spec["fonts"]
    ]
    started = time.perf_counter()
    try:
        render = load_renderer(fonts)
    except RendererUnavailable as exc:
        return {"unavailable": str(exc)}
    import_ms = (time.perf_counter() - started) * 1000.0
    out_dir = Path(spec["out_dir"]) if spec.get("out_dir") else None
    results = []
    for job in spec["jobs"]:
        results.append(_run_job(render, job, spec.get("warmup", 0), spec.get("runs", 0), out_dir))
    return {
        "python": platform.python_version(),
        "import_ms": import_ms,
        "results": results,
        "vmhwm_kib": peak_rss_kib(),
        "vmrss_kib": rss_kib(),
    }


def _run_job(
    render: Any, job: dict[str, Any], warmup: int, runs: int, out_dir: Path | None
) -> dict[str, Any]:
    args = (job["html"], job["width"], job["height"])
    try:
        started = time.perf_counter()
        png = render(*args)
        first_ms = (time.perf_counter() - started) * 1000.0
    except Exception as exc:  # report the crash per job and go on with the others
        return {"name": job["name"], "error": f"{type(exc).__name__}: {exc}"}
    for _ in range(warmup):
        render(*args)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        png = render(*args)
        times.append((time.perf_counter() - started) * 1000.0)
    png_path = None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        png_path = out_dir / f"{job['name']}.png"
        png_path.write_bytes(png)
    return {
        "name": job["name"],
        "first_ms": first_ms,
        "times_ms": times,
        "png_bytes": len(png),
        "png_path": str(png_path) if png_path else None,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.py_render JOBS.json", file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = run(spec)
    sys.stdout.write(json.dumps(out) + "\n")
    return 3 if "unavailable" in out else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
