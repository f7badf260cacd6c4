"""`segmint routes [--json]`: every route and its variants."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from handler.cli.common import Subparsers, command, load, shown
from handler.config import Settings
from handler.metadata import MetadataCache
from handler.plan import Plan, Planned, plan, url_pattern
from handler.segments import Route

HEADERS = ("URL pattern", "convention", "ids", "size", "type", "source")


def add(commands: Subparsers) -> None:
    parser = command(
        commands,
        "routes",
        "list every route and variant: URL pattern, convention, ids, size, type, source file",
        run,
        "examples:\n  segmint routes\n  segmint routes --json | jq '.[].pattern'",
    )
    parser.add_argument("--json", action="store_true", help="print JSON, one object per route")


def run(args: argparse.Namespace, settings: Settings) -> int:
    registry = load(settings)
    found = asyncio.run(plan(registry, MetadataCache(settings.metadata_ttl), time.time()))
    if args.json:
        print(json.dumps(as_json(registry.routes, found), indent=2))
    else:
        for line in table(registry.routes, found):
            print(line)
    return 0


def table(routes: tuple[Route, ...], found: Plan) -> list[str]:
    rows = [HEADERS, *(_row(route, _of(route, found)) for route in routes)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return [line.rstrip() for line in lines]


def _of(route: Route, found: Plan) -> list[Planned]:
    variants = [p for p in found.planned if p.route is route]
    first = variants[0].params if variants else None
    return [p for p in variants if p.params == first]


def _row(route: Route, variants: list[Planned]) -> tuple[str, ...]:
    if variants:
        ids = ", ".join(p.variant.url_id for p in variants if p.variant.url_id is not None) or "-"
        sizes = _unique(
            f"{v.size.width}x{v.size.height}" if v.size else "any"
            for v in (p.variant for p in variants)
        )
        types = _unique(p.variant.content_type for p in variants)
    else:
        module = route.module
        size = (module.size if module else None) or route.convention.default_size
        ids = "per params" if route.has_id else "-"
        sizes = "per params" if route.has_id else f"{size.width}x{size.height}"
        types = "per params" if route.has_id else (module.content_type if module else "?")
    return (url_pattern(route), route.convention.value, ids, sizes, types, shown(route.file))


def _unique(values: Any) -> str:
    return ", ".join(dict.fromkeys(values))


def as_json(routes: tuple[Route, ...], found: Plan) -> list[dict[str, Any]]:
    out = []
    for route in routes:
        variants = [p for p in found.planned if p.route is route]
        why = [u.reason for u in found.unplanned if u.route is route]
        out.append(
            {
                "pattern": url_pattern(route),
                "convention": route.convention.value,
                "source": shown(route.file),
                "dynamic": route.is_dynamic,
                "variants": [
                    {
                        "url": p.url,
                        "params": p.params,
                        "id": p.variant.id,
                        "width": p.variant.size.width if p.variant.size else None,
                        "height": p.variant.size.height if p.variant.size else None,
                        "type": p.variant.content_type,
                        "alt": p.variant.alt,
                    }
                    for p in variants
                ],
                "unlisted": why,
            }
        )
    return out
