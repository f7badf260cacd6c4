"""Collect one side's figures per job from its worker runs, and set them against the targets."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.stats import Summary, percentile, ratio, summarise
from benchmarks.workers import WorkerRun

KIB_PER_MIB = 1024.0


class Goal(enum.Enum):
    """The issue's targets for Segmint / @vercel/og."""

    HALF = 0.5
    NO_LARGER = 1.0
    NONE = 0.0

    def met(self, value: float | None) -> bool | None:
        if self is Goal.NONE or value is None:
            return None
        return value <= float(self.value)


@dataclass(frozen=True, slots=True)
class Figures:
    """One side's figures for one job; None where the side did not produce them."""

    warm: Summary | None
    first_ms: float | None
    import_and_first_ms: float | None
    process_ms: float | None
    peak_rss_mib: float | None
    png_kb: float | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One metric of one job on both sides, the ratio and the target."""

    label: str
    ours: float | None
    theirs: float | None
    goal: Goal

    @property
    def ratio(self) -> float | None:
        return ratio(self.ours, self.theirs)

    @property
    def met(self) -> bool | None:
        return self.goal.met(self.ratio)


def _median(values: Sequence[float]) -> float | None:
    return percentile(values, 50) if values else None


def figures(name: str, fresh: Sequence[WorkerRun], warm: WorkerRun | None) -> Figures:
    """A job's figures from its fresh single-render processes and the warm process."""
    errors = [run.error for run in [*fresh, *([warm] if warm else [])] if run.error]
    firsts, imports, walls, rss = [], [], [], []
    for run in fresh:
        result = run.result(name)
        if run.error or result is None or "error" in result:
            if result is not None and "error" in result:
                errors.append(str(result["error"]))
            continue
        firsts.append(float(result["first_ms"]))
        imports.append(float(run.data.get("import_ms", 0.0)) + float(result["first_ms"]))
        walls.append(run.wall_ms)
        rss.append(float(run.data["vmhwm_kib"]) / KIB_PER_MIB)
    summary, png_kb = None, None
    warm_result = warm.result(name) if warm and not warm.error else None
    if warm_result is not None and "error" in warm_result:
        errors.append(str(warm_result["error"]))
    elif warm_result is not None:
        times = [float(t) for t in warm_result["times_ms"]]
        summary = summarise(times) if times else None
        png_kb = float(warm_result["png_bytes"]) / 1000.0
    return Figures(
        warm=summary,
        first_ms=_median(firsts),
        import_and_first_ms=_median(imports),
        process_ms=_median(walls),
        peak_rss_mib=_median(rss),
        png_kb=png_kb,
        error=errors[0] if errors else None,
    )


CARD = "card"
"""The job whose PNG the issue holds to half of @vercel/og's bytes; the icons' to no larger."""


def rows(name: str, ours: Figures, theirs: Figures) -> list[Row]:
    """The comparison rows for job `name`, in the order they are printed."""

    def warm(f: Figures, p90: bool) -> float | None:
        if f.warm is None:
            return None
        return f.warm.p90 if p90 else f.warm.median

    return [
        Row("warm median (ms)", warm(ours, False), warm(theirs, False), Goal.HALF),
        Row("warm p90 (ms)", warm(ours, True), warm(theirs, True), Goal.NONE),
        Row("first render, fresh process (ms)", ours.first_ms, theirs.first_ms, Goal.HALF),
        Row(
            "import + first render (ms)",
            ours.import_and_first_ms,
            theirs.import_and_first_ms,
            Goal.HALF,
        ),
        Row("whole process, one render (ms)", ours.process_ms, theirs.process_ms, Goal.NONE),
        Row("peak RSS, one render (MiB)", ours.peak_rss_mib, theirs.peak_rss_mib, Goal.HALF),
        Row(
            "PNG size (KB)",
            ours.png_kb,
            theirs.png_kb,
            Goal.HALF if name == CARD else Goal.NO_LARGER,
        ),
    ]
