"""What `make serve` prints as it starts: where it listens, the embedded S3, every example URL."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from handler.config import Settings
from handler.dev.preview import example_params
from handler.dev.s3 import EmbeddedS3
from handler.exceptions import SegmentError
from handler.metadata import MetadataCache
from handler.paths import relative
from handler.segments import Registry, variants_for

log = logging.getLogger("segmint.local")


def example_urls(registry: Registry, settings: Settings, base_url: str) -> list[str]:
    """Every variant URL of every segment, absolute on `base_url`, to print at start-up.

    Dynamic segments list the params of their `generate_static_params()` when they have it,
    else one made-up example (`1` per `[x]`, `a/b/c` per `[...x]`, nothing per `[[...x]]`).
    A segment whose metadata fails is skipped here; the request for it will say why.
    """
    return asyncio.run(_example_urls(registry, settings, base_url))


async def _example_urls(registry: Registry, settings: Settings, base_url: str) -> list[str]:
    memo = MetadataCache(settings.metadata_ttl)
    urls: list[str] = []
    for route in registry.routes:
        for params in await example_params(route):
            try:
                variants = await variants_for(route, params, memo, time.time())
            except SegmentError as exc:
                log.warning("no example URL for %s: %s", route.file, exc)
                continue
            urls.extend(f"{base_url}{route.url(params, v.url_id)}" for v in variants)
    return urls


def print_banner(base_url: str, s3: EmbeddedS3, urls: list[str], watched: Sequence[Path]) -> None:
    """The start-up lines, in rich's markup (each URL a terminal link)."""
    console = Console()
    console.print(f"[bold]Segmint[/bold] on [link={base_url}]{base_url}[/link]")
    console.print(
        f"embedded S3 (moto) at {s3.endpoint_url}, bucket [cyan]{s3.bucket}[/cyan], "
        f"redirects to {s3.public_base_url}/{s3.prefix}..."
    )
    console.print("[bold]open these[/bold] (the first request renders, the next redirects):")
    for url in urls:
        # soft_wrap: a long URL stays on one line, whole, whatever the terminal width.
        console.print(f"  [link={url}]{url}[/link]", soft_wrap=True, highlight=False)
    console.print(
        f"preview page: [link={base_url}/]{base_url}/[/link] (every route, broken ones too)"
    )
    tags = f"{base_url}/_segmint/tags/"
    console.print(f"a page's tags: [link={tags}]{tags}[/link]<page path> (JSON; ?format=html)")
    if watched:
        names = ", ".join(f"{relative(d, Path.cwd())}/" for d in watched)
        console.print(f"watching {names} for changes (the next request sees them)")
    console.print("Ctrl-C stops both servers.")
