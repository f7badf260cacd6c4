"""`segmint tags PAGE [--json]`: the bytes GET /_segmint/tags/<page> answers."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from handler.cli.common import Subparsers, command, error, load
from handler.config import Settings, parse_site_url
from handler.exceptions import ConfigError
from handler.tags_http import TagsEndpoint, TagsError


def add(commands: Subparsers) -> None:
    parser = command(
        commands,
        "tags",
        "print the <head> tags of a page (or --json), as GET /_segmint/tags/<page> answers",
        run,
        "examples:\n  segmint tags /products/1 --site-url https://www.example.com\n"
        "  SEGMINT_SITE_URL=https://www.example.com segmint tags / --json",
    )
    parser.add_argument("page", metavar="PAGE", help="a page path, e.g. /products/1 or /")
    parser.add_argument("--json", action="store_true", help="the JSON answer instead of HTML")
    parser.add_argument(
        "--site-url", metavar="URL", help="the origin of the image URLs (default SEGMINT_SITE_URL)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        site_url = parse_site_url(args.site_url or "") or settings.site_url
    except ConfigError as exc:
        error(str(exc).replace("SEGMINT_SITE_URL", "--site-url", 1))
        return 2
    if site_url is None:
        error("no site URL: pass --site-url https://... or set SEGMINT_SITE_URL")
        return 2
    endpoint = TagsEndpoint(settings, load(settings), time.time)
    try:
        body, _ = asyncio.run(endpoint.body(args.page, site_url, "json" if args.json else "html"))
    except TagsError as exc:
        error(str(exc))
        return 1
    sys.stdout.write(body.decode())
    return 0
