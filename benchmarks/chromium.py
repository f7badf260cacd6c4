"""Optional third opinion: a headless Chromium screenshot of a design file.

Used only when Debian's `chromium` is on PATH. The static Geist faces are installed under
~/.fonts/ so the designs' `local("Geist Regular")` / `local("Geist Bold")` resolve.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.fonts import StaticFont

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def chromium_binary() -> str | None:
    """The Chromium executable, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def install_fonts(fonts: Sequence[StaticFont], directory: Path | None = None) -> None:
    """Copy the static faces into ~/.fonts/ (once) and refresh fontconfig's cache."""
    target = directory or Path.home() / ".fonts"
    target.mkdir(parents=True, exist_ok=True)
    changed = False
    for font in fonts:
        dest = target / font.path.name
        if not dest.is_file() or dest.read_bytes() != font.path.read_bytes():
            shutil.copyfile(font.path, dest)
            changed = True
    if changed and shutil.which("fc-cache"):
        subprocess.run(["fc-cache", "-f", str(target)], capture_output=True, check=False)


def screenshot(binary: str, page: Path, out: Path, width: int, height: int) -> Path:
    """Screenshot `page` at `width` x `height` into `out`; raises RuntimeError on failure."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="segmint-chromium-") as profile:
        proc = subprocess.run(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={out}",
                f"--window-size={width},{height}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"chromium could not screenshot {page}: {proc.stderr.strip()[-800:]}")
    return out
