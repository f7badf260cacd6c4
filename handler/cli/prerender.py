"""`segmint prerender [--concurrency N] [--dry-run]`: fill the bucket before a launch.

Every variant `segmint routes` lists is resolved as a request would be (so its key is the one
the service computes), looked up in the bucket, and rendered and stored when missing, with the
service's create-only PUT: nothing is uploaded twice, and a rerun after a failure does only
what is left. A `revalidate = 0` segment is never stored, so it is skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import anyio.to_thread
from starlette.exceptions import HTTPException

from handler import http
from handler.app import ImageService
from handler.cache.s3 import S3Store
from handler.cli.common import Subparsers, command, error, load, said, service, shown
from handler.config import Settings
from handler.exceptions import SegmentError, StoreError
from handler.metadata import MetadataCache
from handler.plan import UNLISTED, Planned, plan


class Outcome(Enum):
    RENDERED = "rendered"
    STORED = "already stored"
    WOULD_RENDER = "would render"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Done:
    """One planned image prerendered: its outcome and a note for the report."""

    planned: Planned
    outcome: Outcome
    detail: str = ""


def add(commands: Subparsers) -> None:
    parser = command(
        commands,
        "prerender",
        "render every listable variant and upload it to the bucket (nothing uploaded twice)",
        run,
        "examples:\n  segmint prerender --dry-run\n  segmint prerender --concurrency 8\n\n"
        "Uses SEGMINT_BUCKET, SEGMINT_PREFIX, AWS_REGION, SEGMINT_S3_ENDPOINT_URL and the usual\n"
        "AWS credentials. Exit 1 when any variant failed; a rerun does only what is left.",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive,
        default=4,
        metavar="N",
        help="variants rendered at once (default 4)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="look up each key in the bucket, render and upload nothing",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: must be at least 1")
    return value


def run(args: argparse.Namespace, settings: Settings) -> int:
    import boto3  # type: ignore[import-untyped]  # here: the other commands need no client

    client = boto3.client("s3", region_name=settings.region, endpoint_url=settings.s3_endpoint_url)
    try:
        return _prerender(args, settings, S3Store(client, settings.bucket, settings.prefix))
    finally:
        client.close()


def _prerender(args: argparse.Namespace, settings: Settings, store: S3Store) -> int:
    registry = load(settings)
    images = service(settings, registry, store)
    found = asyncio.run(plan(registry, MetadataCache(settings.metadata_ttl), time.time()))
    for problem in (*registry.problems, *(u.error for u in found.unplanned if u.error)):
        error(said(problem, settings.project_root))
    for unplanned in found.unplanned:
        if unplanned.reason == UNLISTED:
            print(f"note: {shown(unplanned.route.file)}: {UNLISTED}")
    target = f"s3://{settings.bucket}/{settings.prefix}"
    print(f"{len(found.planned)} variant(s) to {target}" + (" (dry run)" if args.dry_run else ""))
    with _progress(len(found.planned)) as report:
        done = asyncio.run(_all(images, found.planned, args.concurrency, args.dry_run, report))
    counts = Counter(d.outcome for d in done)
    for item in done:
        if item.outcome is Outcome.FAILED:
            error(f"{item.planned.url}: {item.detail}")
    print(", ".join(f"{counts[o]} {o.value}" for o in Outcome if counts[o] or o in _ALWAYS))
    failed = counts[Outcome.FAILED] + len(registry.problems)
    failed += sum(1 for u in found.unplanned if u.error is not None)
    return 1 if failed else 0


_ALWAYS = (Outcome.RENDERED, Outcome.STORED, Outcome.FAILED)


async def _all(
    images: ImageService,
    planned: tuple[Planned, ...],
    concurrency: int,
    dry_run: bool,
    report: Callable[[Done, float], None],
) -> list[Done]:
    gate = asyncio.Semaphore(concurrency)

    async def one(item: Planned) -> Done:
        async with gate:
            started = time.perf_counter()
            done = await prerender_one(images, item, dry_run)
            report(done, (time.perf_counter() - started) * 1000)
            return done

    return list(await asyncio.gather(*(one(item) for item in planned)))


async def prerender_one(images: ImageService, item: Planned, dry_run: bool) -> Done:
    """Resolve `item` as a request would, then store it unless the bucket holds its key."""
    try:
        target = await images.resolve(http.url_parts(item.url))
        module = target.match.route.module
        if module is not None and module.always_dynamic:
            return Done(item, Outcome.SKIPPED, "revalidate = 0: never stored")
        if await anyio.to_thread.run_sync(images.store.exists, target.key):
            return Done(item, Outcome.STORED, target.key)
        if dry_run:
            return Done(item, Outcome.WOULD_RENDER, target.key)
        rendered = await images.render(target)
        metadata = images.object_metadata(target)
        await anyio.to_thread.run_sync(
            lambda: images.store.put(target.key, rendered.body, rendered.content_type, metadata)
        )
    except (SegmentError, StoreError) as exc:
        return Done(item, Outcome.FAILED, said(exc, images.settings.project_root))
    except HTTPException as exc:
        return Done(item, Outcome.FAILED, f"answers {exc.status_code}")
    return Done(item, Outcome.RENDERED, target.key)


class _progress:
    """A rich progress bar on a terminal; one plain line per variant anywhere else."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.bar: Any = None

    def __enter__(self) -> Callable[[Done, float], None]:
        if sys.stdout.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("prerender"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=self.total)
        return self.report

    def report(self, done: Done, millis: float) -> None:
        self.count += 1
        line = f"{done.outcome.value:<14} {done.planned.url} ({millis:.0f} ms)"
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=done.planned.url)
            if done.outcome is Outcome.FAILED:
                self.bar.console.print(line, highlight=False, markup=False)
            return
        width = len(str(self.total))
        print(f"[{self.count:>{width}}/{self.total}] {line}", flush=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
