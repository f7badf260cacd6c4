"""Third opinions on a failing conformance case: Chromium, and @vercel/og 1.0.1 itself.

A case fails when our picture differs from Satori's snapshot, whoever departs from CSS. Each
referee draws the same case; its picture is scored against Satori's (referee as the candidate)
and ours against it (referee as the reference), with the suite's own metrics and bar. When we
pass against the referee and Satori does not, the difference is Satori's.

- Chromium (when Debian's chromium is installed) settles what CSS draws.
- @vercel/og 1.0.1 (installed from npm as `make bench` does) shows what a user of today's
  @vercel/og sees: the suite's snapshots come from a newer Satori and resvg, and the two
  disagree on some cases (an `<svg>` without a viewBox, a font fallback's spaces).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from benchmarks.browser_case import chromium_picture
from benchmarks.satori_suite import Case, Metrics, Score, canvas_size, font_specs, score
from benchmarks.workers import Side, prepare_node, run_worker

CHROMIUM = "Chromium"
VERCEL_OG = "@vercel/og 1.0.1"
OG_TIMEOUT_S = 600.0


@dataclass(frozen=True, slots=True)
class Opinion:
    """One referee's picture of a case, scored against Satori's and ours against it."""

    referee: str
    referee_vs_satori: Score
    segmint_vs_referee: Score | None

    @property
    def verdict(self) -> str:
        """Which side departs from the referee, in a few words."""
        ours = self.segmint_vs_referee is not None and self.segmint_vs_referee.passed
        theirs = self.referee_vs_satori.passed
        if ours and not theirs:
            return f"Satori departs from {self.referee}"
        if theirs and not ours:
            return f"Segmint departs from {self.referee}"
        if ours and theirs:
            return f"both near {self.referee}"
        return f"both depart from {self.referee}"

    def row(self) -> dict[str, object]:
        ours = self.segmint_vs_referee
        return {
            "referee_vs_satori": _rounded(self.referee_vs_satori),
            "segmint_vs_referee": None if ours is None else _rounded(ours),
            "verdict": self.verdict,
        }


def _rounded(found: Score) -> dict[str, float]:
    return {"edge_f1": round(found.edge_f1, 4), "blur_mae": round(found.blur_mae, 4)}


def opinion(
    metrics: Metrics,
    referee: str,
    picture: Image.Image,
    theirs: Image.Image,
    ours: Image.Image | None,
) -> Opinion:
    return Opinion(
        referee=referee,
        referee_vs_satori=score(metrics, picture, theirs),
        segmint_vs_referee=None if ours is None else score(metrics, ours, picture),
    )


def chromium_pictures(
    binary: str, cases: Sequence[Case], assets: Path
) -> dict[str, Image.Image | str]:
    """Chromium's picture of each case, or why there is none, by case name."""
    found: dict[str, Image.Image | str] = {}
    for case in cases:
        try:
            found[case.name] = chromium_picture(binary, case, assets)
        except (OSError, RuntimeError, ValueError) as exc:
            found[case.name] = str(exc)
    return found


def vercel_og_pictures(cases: Sequence[Case], assets: Path) -> dict[str, Image.Image | str]:
    """@vercel/og 1.0.1's picture of each case (one Node process for all), or why there is
    none; raises NodeUnavailable when Node or the npm install is missing."""
    script = prepare_node()
    found: dict[str, Image.Image | str] = {}
    jobs: list[Mapping[str, object]] = []
    for case in cases:
        width, height = canvas_size(case)
        if width is None or height is None:
            found[case.name] = "a canvas sized from its content (@vercel/og needs a size)"
            continue
        fonts = [{**f, "path": str(f["path"])} for f in font_specs(case, assets)]
        jobs.append(
            {"name": case.name, "tree": case.tree, "width": width, "height": height, "fonts": fonts}
        )
    with tempfile.TemporaryDirectory(prefix="segmint-og-cases-") as scratch:
        spec = Path(scratch) / "jobs.json"
        out = Path(scratch) / "png"
        spec.write_text(json.dumps({"jobs": jobs, "runs": 0, "warmup": 0, "out_dir": str(out)}))
        run = run_worker(Side.VERCEL_OG, spec, script, timeout=OG_TIMEOUT_S)
        for job in jobs:
            name = str(job["name"])
            result = run.result(name)
            if run.error or result is None:
                found[name] = run.error or "no result"
            elif "error" in result:
                found[name] = str(result["error"]).splitlines()[0]
            else:
                with Image.open(result["png_path"]) as image:
                    found[name] = image.convert("RGBA")
    return found
