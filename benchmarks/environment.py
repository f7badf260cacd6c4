"""What the benchmark ran on: CPU, runtimes and the rasteriser's features."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from PIL import features


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name, or the platform's processor string."""
    try:
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def node_version() -> str:
    try:
        proc = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    return proc.stdout.strip() or "unknown"


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> list[tuple[str, str]]:
    """(label, value) pairs describing this machine and its runtimes."""
    raqm = features.check("raqm")
    return [
        ("CPU", f"{cpu_model()} ({os.cpu_count()} cores)"),
        ("OS", f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("Python", platform.python_version()),
        ("Node", node_version()),
        ("Pillow", package_version("pillow")),
        (
            "raqm",
            f"yes {features.version('raqm')} (fribidi {features.version('fribidi')}, "
            f"harfbuzz {features.version('harfbuzz')})"
            if raqm
            else "no (basic layout; libfribidi missing?)",
        ),
        ("FreeType", str(features.version("freetype2"))),
        ("yoga-python", package_version("yoga-python")),
    ]
