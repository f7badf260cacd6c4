"""`segmint render URL -o FILE`: one variant, drawn in this process, written to a file."""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException

from handler import http
from handler.cli.common import Subparsers, command, error, load, said, service, shown
from handler.config import Settings
from handler.exceptions import SegmentError


def add(commands: Subparsers) -> None:
    parser = command(
        commands,
        "render",
        "render one variant to a file (no server, no S3)",
        run,
        "examples:\n  segmint render /icon/small -o icon.png\n"
        "  segmint render http://127.0.0.1:8000/products/1/opengraph-image/0 -o card.png",
    )
    parser.add_argument("url", metavar="URL", help="a variant's URL or path, e.g. /icon/small")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")


def run(args: argparse.Namespace, settings: Settings) -> int:
    path = urlsplit(args.url).path or "/"
    images = service(settings, load(settings))
    started = time.perf_counter()
    try:
        target = asyncio.run(images.resolve(http.url_parts(path.rstrip("/") or "/")))
        rendered = asyncio.run(images.render(target))
    except HTTPException:
        error(f"no route or variant answers {path} (see `segmint routes`)")
        return 1
    except SegmentError as exc:
        error(said(exc, settings.project_root))
        return 1
    elapsed = (time.perf_counter() - started) * 1000
    args.output.write_bytes(rendered.body)
    size = target.variant.size
    dims = f"{size.width}x{size.height} " if size else ""
    print(
        f"wrote {shown(args.output)}: {dims}{rendered.content_type}, "
        f"{len(rendered.body):,} bytes, {elapsed:.0f} ms ({shown(target.match.route.file)})"
    )
    return 0
