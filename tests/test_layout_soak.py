"""layout() keeps memory flat over many layouts: engine nodes and callbacks are freed.

A memory test, not a timing one: resident set size after a warm-up, then after 10,000
layouts of a small tree with text leaves (and after many that fail inside measuring).
"""

from __future__ import annotations

import pytest

from benchmarks.memory import rss_growth_kib
from handler.render.computed import Align, FlexDirection, Justify, Pct
from handler.render.layout.layout import FixedMeasurer, layout
from handler.render.nodes import StyledText
from tests.helpers import styled

LIMIT_KIB = 3 * 1024


el = styled


TREE = el(
    el("Metadata image routes, served from AWS Lambda", font_size=64.0),
    el(el("next 16.4.6", padding_left=Pct(2)), el("Image 1 of 3"), column_gap=8.0),
    el("footer", align_items=Align.CENTER),
    width=Pct(100),
    height=Pct(100),
    flex_direction=FlexDirection.COLUMN,
    justify_content=Justify.SPACE_BETWEEN,
)


class Boom(Exception):
    pass


class FailingMeasurer(FixedMeasurer):
    def measure(self, node: StyledText, max_width: float | None) -> tuple[float, float]:
        if max_width != 0.0:
            raise Boom(node.text)
        return FixedMeasurer.measure(self, node, max_width)


@pytest.mark.slow
def test_rss_stays_flat_over_10000_layouts() -> None:
    text = FixedMeasurer()

    def once() -> None:
        layout(TREE, width=1200, height=630, text=text)

    assert rss_growth_kib(once, 10_000, warmup=500) < LIMIT_KIB


@pytest.mark.slow
def test_rss_stays_flat_when_measuring_fails() -> None:
    text = FailingMeasurer()

    def once() -> None:
        with pytest.raises(Boom):
            layout(TREE, width=1200, height=630, text=text)

    assert rss_growth_kib(once, 3_000, warmup=500) < LIMIT_KIB
