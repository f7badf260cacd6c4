"""Reload on change for `make serve`: snapshots of the watched trees and uvicorn's reloader.

`TreeReload` polls segments/ and handler/ (every file, not only .py: images, .alt.txt, fonts)
and restarts the uvicorn worker when a file is added, removed or changed, so the next request
imports everything afresh.
"""

from __future__ import annotations

import importlib.util
import socket
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.supervisors.basereload import BaseReload

from handler.config import Settings


def watch_dirs(settings: Settings) -> tuple[Path, ...]:
    """What a change reloads: the segments folder (helpers under `_data/` too) and handler/."""
    return (settings.segments_dir, Path(__file__).resolve().parents[1])


class TreeReload(BaseReload):
    """uvicorn's reloader over every file of the watched folders (its StatReload sees only
    `*.py` without watchfiles): a file added, removed or changed (mtime or size) restarts the
    worker. Caches, dot-files and editor backups are ignored."""

    def __init__(self, config: uvicorn.Config, target: Any, sockets: list[socket.socket]) -> None:
        super().__init__(config, target, sockets)
        self.reloader_name = "segmint watcher"
        self.snapshot = tree_snapshot(config.reload_dirs)

    def should_restart(self) -> list[Path] | None:
        self.pause()
        current = tree_snapshot(self.config.reload_dirs)
        changed = changed_files(self.snapshot, current)
        self.snapshot = current
        for path in changed:
            _drop_bytecode(path)
        return changed or None


def _drop_bytecode(path: Path) -> None:
    """Remove a changed module's cached bytecode: it is checked by whole-second mtime and
    size, so an edit of equal length within the second it was compiled would load stale code."""
    if path.suffix == ".py":
        with suppress(OSError, ValueError):
            Path(importlib.util.cache_from_source(str(path))).unlink(missing_ok=True)


def tree_snapshot(dirs: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    """`(mtime_ns, size)` of every watched file under `dirs`."""
    found: dict[Path, tuple[int, int]] = {}
    for folder in dirs:
        for path in Path(folder).rglob("*"):
            if not _watched(path.relative_to(folder)):
                continue
            with suppress(OSError):
                stat = path.stat()
                if path.is_file():
                    found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(
    before: Mapping[Path, tuple[int, int]], after: Mapping[Path, tuple[int, int]]
) -> list[Path]:
    """The files added, removed or changed between two snapshots, sorted.

    >>> changed_files({Path("a"): (1, 1), Path("b"): (1, 1)}, {Path("a"): (2, 1)})
    [PosixPath('a'), PosixPath('b')]
    """
    keys = before.keys() | after.keys()
    return sorted(k for k in keys if before.get(k) != after.get(k))


def _watched(relative: Path) -> bool:
    name = relative.name
    return not (
        any(part == "__pycache__" or part.startswith(".") for part in relative.parts)
        or name.endswith(("~", ".pyc", ".swp", ".swx", ".tmp"))
    )
