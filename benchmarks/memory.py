"""This process's memory, read from /proc/self/status (Linux, like Lambda)."""

from __future__ import annotations

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
