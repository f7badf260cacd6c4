"""Yoga (yoga-python) against Taffy (stretchable) behind our layout(): time and memory.

    .venv/bin/python -m benchmarks.layout_engines [--runs N] [--soak N]

Lays out the same trees with both engines through `handler.render.layout.layout.layout` (text
measured by the fixed-advance fake, so the figures are the engines' and our glue's, not
font shaping): a 50-node tree and card.html's structure. Prints the median time per layout,
the ratio Taffy / Yoga, and RSS growth over `--soak` layouts per engine. Asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.memory import rss_growth_kib
from handler.render.computed import INITIAL, Align, FlexDirection, FlexWrap, Justify, Pct
from handler.render.layout.engine import LayoutEngine
from handler.render.layout.layout import FixedMeasurer, layout
from handler.render.layout.yoga_engine import YogaEngine
from handler.render.nodes import StyledElement, StyledNode, StyledText

TEXT = FixedMeasurer()


def el(*children: StyledNode | str, **style: Any) -> StyledElement:
    computed = dataclasses.replace(INITIAL, **style)
    nodes = tuple(StyledText(c, computed) if isinstance(c, str) else c for c in children)
    return StyledElement("div", computed, nodes, "div")


def fifty_nodes() -> StyledElement:
    """1 root + 7 rows x (1 row + 3 cells x (cell + text)) = 50 nodes, 21 measured."""
    rows = [
        el(
            *(
                el(f"cell {r}.{c} with some words", flex_grow=1.0, padding_left=4.0)
                for c in range(3)
            ),
            column_gap=8.0,
            flex_wrap=FlexWrap.WRAP,
        )
        for r in range(7)
    ]
    return el(*rows, width=Pct(100), height=Pct(100), flex_direction=FlexDirection.COLUMN)


def card() -> StyledElement:
    """card.html's element structure and layout styles."""
    pad = {f"padding_{side}": 64.0 for side in ("top", "right", "bottom", "left")}
    border = {f"border_{side}_width": 2.0 for side in ("top", "right", "bottom", "left")}
    title = el("Metadata image routes, served from AWS Lambda", font_size=64.0)
    subtitle = el("Icons and Open Graph cards rendered on demand", margin_top=24.0)
    badge = el(
        "next 16.4.6 + @vercel/og",
        align_items=Align.CENTER,
        padding_top=16.0,
        padding_bottom=16.0,
        padding_left=28.0,
        padding_right=28.0,
        **border,
    )
    footer = el(
        el("example.com/products/42"),
        el("Image 1 of 3"),
        justify_content=Justify.SPACE_BETWEEN,
    )
    return el(
        el(title, subtitle, flex_direction=FlexDirection.COLUMN),
        el(badge),
        footer,
        width=1200.0,
        height=630.0,
        flex_direction=FlexDirection.COLUMN,
        justify_content=Justify.SPACE_BETWEEN,
        **pad,
    )


def median_ms(once: Callable[[], object], runs: int) -> float:
    for _ in range(max(10, runs // 10)):
        once()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        once()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def job(root: StyledElement, width: int, height: int, engine: LayoutEngine) -> Callable[[], object]:
    def once() -> object:
        return layout(root, width=width, height=height, text=TEXT, engine=engine)

    return once


def engines() -> dict[str, LayoutEngine]:
    from benchmarks.stretchable_engine import StretchableEngine

    return {"yoga": YogaEngine(), "taffy": StretchableEngine()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed layouts per tree/engine")
    parser.add_argument("--soak", type=int, default=5000, help="layouts per RSS measurement")
    args = parser.parse_args()
    trees = {"50 nodes": (fifty_nodes(), 1200, 630), "card.html": (card(), 1200, 630)}
    by_engine = engines()
    console = Console()

    times = Table(title="layout() median ms (fake text measurer)")
    times.add_column("tree")
    for name in by_engine:
        times.add_column(name, justify="right")
    times.add_column("taffy / yoga", justify="right")
    for tree_name, (root, width, height) in trees.items():
        medians = {
            name: median_ms(job(root, width, height, engine), args.runs)
            for name, engine in by_engine.items()
        }
        ratio = medians["taffy"] / medians["yoga"]
        times.add_row(tree_name, *(f"{m:.3f}" for m in medians.values()), f"{ratio:.1f}x")
    console.print(times)

    memory = Table(title=f"RSS growth over {args.soak} layouts of the 50-node tree")
    memory.add_column("engine")
    memory.add_column("KiB", justify="right")
    memory.add_column("bytes / layout", justify="right")
    root, width, height = trees["50 nodes"]
    for name, engine in by_engine.items():
        grown = rss_growth_kib(job(root, width, height, engine), args.soak)
        memory.add_row(name, f"{grown:.0f}", f"{grown * 1024 / args.soak:.0f}")
    console.print(memory)


if __name__ == "__main__":
    main()
