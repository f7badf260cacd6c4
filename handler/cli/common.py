"""What the commands share: the version, quiet scanning, the service, paths as shown."""

from __future__ import annotations

import argparse
import logging
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from handler.app import ImageService, create_app
from handler.cache.store import MemoryStore, Store
from handler.config import Settings
from handler.paths import relative
from handler.segments import Registry, scan

type Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
type Runner = Callable[[argparse.Namespace, Settings], int]


def _version() -> str:
    try:
        return metadata.version("segmint")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        with pyproject.open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])


VERSION = _version()


def command(
    commands: Subparsers, name: str, summary: str, run: Runner, epilog: str = ""
) -> argparse.ArgumentParser:
    """A subcommand whose `--help` starts with `summary` and ends with `epilog` (examples)."""
    parser = commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)
    return parser


@contextmanager
def quiet_scan() -> Iterator[None]:
    """The scan logs each broken segment for the server's log; commands report them."""
    scan_log = logging.getLogger("segmint.segments")
    level = scan_log.level
    scan_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        scan_log.setLevel(level)


def load(settings: Settings) -> Registry:
    with quiet_scan():
        return scan(settings.segments_dir)


def service(settings: Settings, registry: Registry, store: Store | None = None) -> ImageService:
    """The app's own request flow, to resolve and render variants as a request would."""
    app = create_app(settings, store or MemoryStore(), registry)
    found: Any = app.state.service
    assert isinstance(found, ImageService)
    return found


def shown(path: str | Path) -> str:
    """A path as a message shows it: relative to the working folder when inside it."""
    return relative(Path(path).resolve(), Path.cwd())


def said(exc: BaseException, project: Path) -> str:
    """An error's message with its file path shown relative: to the project (`segments/...`)
    when it is inside it, else to the working folder."""
    path = getattr(exc, "path", None)
    text = str(exc)
    if isinstance(path, str) and Path(path).is_absolute():
        inside = Path(path).resolve().is_relative_to(project.resolve())
        where = relative(Path(path).resolve(), project.resolve()) if inside else shown(path)
        return text.replace(path, where, 1)
    return text


def error(message: str) -> None:
    print(f"segmint: {message}", file=sys.stderr)
