"""Small statistics for timings and memory: median, p90, ratios, growth."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Summary:
    """Timings of one job on one side, in milliseconds."""

    n: int
    median: float
    p90: float
    minimum: float


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0..100) with linear interpolation between closest ranks.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    """
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"percentile q={q} is outside 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(values: Sequence[float]) -> Summary:
    """Median, p90 and minimum of a non-empty series of timings."""
    return Summary(
        n=len(values),
        median=percentile(values, 50),
        p90=percentile(values, 90),
        minimum=min(values),
    )


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs, or None when either is missing or theirs is zero."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return ours / theirs


def growth(series: Sequence[tuple[int, float]], start: int) -> tuple[float, float] | None:
    """Growth of a sampled series from the first sample at or after `start` to the last.

    `series` holds (render count, value) pairs in order. Returns (absolute growth, growth per
    1,000 renders), or None when fewer than two samples lie at or after `start`.

    >>> growth([(500, 10.0), (1000, 12.0), (2000, 13.0)], 1000)
    (1.0, 1.0)
    """
    tail = [(count, value) for count, value in series if count >= start]
    if len(tail) < 2:
        return None
    (first_count, first_value), (last_count, last_value) = tail[0], tail[-1]
    total = last_value - first_value
    return total, total * 1000.0 / (last_count - first_count)
