"""This process's memory, read from /proc/self/status (Linux, like Lambda)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

STATUS = Path("/proc/self/status")


def status_field(text: str, key: str) -> int:
    """A `kB` field of a /proc/<pid>/status text, in KiB.

    >>> status_field("VmHWM:\\t  1024 kB\\nVmRSS:\\t 512 kB\\n", "VmRSS")
    512
    """
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    raise KeyError(f"{key} is not in the process status")


def rss_kib() -> int:
    """Resident set size now."""
    return status_field(STATUS.read_text(), "VmRSS")


def peak_rss_kib() -> int:
    """Peak resident set size so far (VmHWM)."""
    return status_field(STATUS.read_text(), "VmHWM")


def rss_growth_kib(once: Callable[[], object], runs: int, warmup: int = 200) -> int:
    """How much RSS `runs` calls of `once` add after `warmup` calls (caches and pools filled)."""
    for _ in range(warmup):
        once()
    gc.collect()
    before = rss_kib()
    for _ in range(runs):
        once()
    gc.collect()
    return rss_kib() - before
