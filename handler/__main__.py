"""`python -m handler check | tags PAGE | serve [--host H] [--port P]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from handler.config import Settings
from handler.exceptions import ConfigError, SegmentError
from handler.metadata import MetadataCache
from handler.segments import scan
from handler.tags import page_images, render_tags


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handler", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every segment; exit 1 on any problem")
    tags = commands.add_parser("tags", help="print the <head> tags of a page path")
    tags.add_argument("page", help="a page path, e.g. /products/1")
    serve = commands.add_parser("serve", help="serve locally with an embedded S3")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-reload", action="store_true", help="do not restart on file changes")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(os.environ)
    except ConfigError as exc:
        print(f"config: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        return check(settings)
    if args.command == "tags":
        return print_tags(settings, args.page)
    # Imported here: handler.dev (uvicorn, rich, moto) is not in the Lambda zip, which has
    # this module too, and `check` and `tags` need none of it.
    from handler.dev.server import serve as serve_locally

    serve_locally(args.host, args.port, reload=not args.no_reload)
    return 0


def check(settings: Settings) -> int:
    """One line per problem (file: export: value), exit status 1 when there is any."""
    # The scan logs each problem for the server's log; here we print them ourselves, once.
    scan_log = logging.getLogger("segmint.segments")
    level = scan_log.level
    scan_log.setLevel(logging.CRITICAL)
    try:
        registry = scan(settings.segments_dir)
    finally:
        scan_log.setLevel(level)
    for problem in registry.problems:
        print(_relative(problem), file=sys.stdout)
    if registry.problems:
        print(f"{len(registry.problems)} problem(s), {len(registry.routes)} route(s) fine")
        return 1
    print(f"ok: {len(registry.routes)} route(s) in {_shorten(str(registry.root))}")
    return 0


def print_tags(settings: Settings, page: str) -> int:
    if settings.site_url is None:
        print("config: SEGMINT_SITE_URL is not set (the site's https:// origin)", file=sys.stderr)
        return 2
    registry = scan(settings.segments_dir)
    cache = MetadataCache(settings.metadata_ttl)
    try:
        images = asyncio.run(page_images(registry, page, cache, time.time(), settings.site_url))
    except SegmentError as exc:
        print(_relative(exc), file=sys.stderr)
        return 1
    for line in render_tags(images):
        print(line)
    return 0


def _relative(problem: SegmentError) -> str:
    return str(problem).replace(problem.path, _shorten(problem.path), 1)


def _shorten(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
