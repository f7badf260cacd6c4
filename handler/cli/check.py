"""`segmint check [--render]`: every segment validated, and rendered, so CI can gate on it.

Without `--render` the first variant of each route is rendered (a segment that fails on every
request is caught); with it, every variant `segmint routes` lists.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass

from starlette.exceptions import HTTPException

from handler import http
from handler.app import ImageService
from handler.cli.common import Subparsers, command, load, said, service, shown
from handler.config import Settings
from handler.exceptions import SegmentError
from handler.metadata import MetadataCache
from handler.plan import UNLISTED, Planned, plan


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one planned image fared: the error (None: rendered) and the time it took."""

    planned: Planned
    error: str | None
    millis: float


def add(commands: Subparsers) -> None:
    parser = command(
        commands,
        "check",
        "validate every segment and render a variant of each; exit 1 on any problem",
        run,
        "examples:\n  segmint check\n"
        "  segmint check --render     # every listable variant: a CI gate",
    )
    parser.add_argument(
        "--render", action="store_true", help="render every listable variant, not one per route"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    registry = load(settings)
    problems = [said(p, settings.project_root) for p in registry.problems]
    found = asyncio.run(plan(registry, MetadataCache(settings.metadata_ttl), time.time()))
    problems += [
        said(u.error, settings.project_root) for u in found.unplanned if u.error is not None
    ]
    unlisted = [u.route for u in found.unplanned if u.reason == UNLISTED]
    chosen = list(found.planned) if args.render else _first_of_each(found.planned)
    outcomes = asyncio.run(_render_all(service(settings, registry), chosen))
    problems += [f"{o.error} (rendering {o.planned.url})" for o in outcomes if o.error]
    for problem in problems:
        print(problem)
    for route in unlisted:
        print(f"note: {shown(route.file)}: not rendered ({UNLISTED})")
    rendered = sum(1 for o in outcomes if o.error is None)
    summary = (
        f"{len(registry.routes)} route(s), {rendered} variant(s) rendered, "
        f"{len(unlisted)} not listable"
    )
    if problems:
        print(f"{len(problems)} problem(s): {summary}")
        return 1
    print(f"ok: {summary}, in {shown(registry.root)}")
    return 0


def _first_of_each(planned: tuple[Planned, ...]) -> list[Planned]:
    seen: dict[int, Planned] = {}
    for item in planned:
        seen.setdefault(id(item.route), item)
    return list(seen.values())


async def _render_all(images: ImageService, planned: list[Planned]) -> list[Outcome]:
    return [await render_one(images, item) for item in planned]


async def render_one(images: ImageService, item: Planned) -> Outcome:
    """Render `item` as a request for its URL would; the error names file, export, exception."""
    started = time.perf_counter()
    try:
        target = await images.resolve(http.url_parts(item.url))
        await images.render(target)
    except SegmentError as exc:
        message: str | None = said(exc, images.settings.project_root)
    except HTTPException as exc:
        message = f"{shown(item.route.file)}: {item.url} answers {exc.status_code}"
    else:
        message = None
    return Outcome(item, message, (time.perf_counter() - started) * 1000)
