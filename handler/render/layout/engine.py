"""The contract between layout and a flexbox engine: the tree handed in, the frames handed back.

`layout.py` builds `FlexNode`s and reads `Frame`s; an engine (`yoga_engine.py`, or the Taffy one
measured in benchmarks/) only has to meet `LayoutEngine`. Text leaves are measured through a
`MeasureFunc`, which `layout.py` builds from the text stage's `TextMeasurer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from handler.render.computed import ComputedStyle
from handler.render.nodes import Edges, StyledText, TextLayout


class TextMeasurer(Protocol):
    """What layout needs from text.py's `TextEngine`."""

    def measure(self, node: StyledText, max_width: float | None) -> tuple[float, float]:
        """Width and height of `node` broken into lines no wider than `max_width` (if set)."""
        ...

    def min_content_width(self, node: StyledText) -> float:
        """The width of `node`'s widest unbreakable piece (CSS's min-content width)."""
        ...

    def layout(self, node: StyledText, width: float) -> TextLayout:
        """The lines of `node` in a box `width` px wide."""
        ...


class MeasureMode(Enum):
    """How an engine constrains one axis of a measured leaf (Yoga's three modes)."""

    UNDEFINED = "undefined"  # max-content: no limit
    EXACTLY = "exactly"  # the size is decided: answer with it
    AT_MOST = "at-most"  # fit-content: at most this much


MeasureFunc = Callable[[float, MeasureMode, float, MeasureMode], tuple[float, float]]
"""(width, width mode, height, height mode) -> (width, height); NaN where undefined."""


@dataclass(frozen=True, slots=True)
class FlexNode:
    """One node of the engine-neutral tree: a style, and a measure function for leaves."""

    style: ComputedStyle
    children: tuple[FlexNode, ...] = ()
    measure: MeasureFunc | None = None


@dataclass(frozen=True, slots=True)
class Frame:
    """An engine's answer for one FlexNode: border box relative to the parent's, in px."""

    left: float
    top: float
    width: float
    height: float
    border: Edges
    padding: Edges
    children: tuple[Frame, ...] = ()


class LayoutEngine(Protocol):
    """A flexbox engine: lay out `root` in a `width` x `height` space, rounded to pixels."""

    def compute(self, root: FlexNode, width: float, height: float) -> Frame: ...
