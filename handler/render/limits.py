"""How big a render may get: one frozen set of numbers, each checked before the work it bounds.

A canvas past `max_side` or `max_canvas_pixels`, an element tree past `max_elements`,
`max_depth` or `max_text_chars`, and any image past `max_image_pixels` (decoded, rasterised,
or made on the way: a background tile, a layer for opacity or a transform, a blurred shadow)
raise `LimitExceeded` naming the limit, the value and where, before the time or memory goes.

The process-wide limits are `DEFAULT_LIMITS` until `set_limits` replaces them (the service
does, at cold start, from its settings); `use_limits` changes them for one block (tests).

    >>> check_canvas(20000, 20000)
    Traceback (most recent call last):
    ...
    handler.exceptions.LimitExceeded: canvas 20000x20000: a side is over max_side=8192 px
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeGuard

from handler.exceptions import LimitExceeded
from handler.render.elements import Element


@dataclass(frozen=True, slots=True)
class Limits:
    """Every size limit of the renderer, with its default."""

    max_side: int = 8192
    """px, either side of a canvas (metadata's `size` is held to it as well)."""
    max_canvas_pixels: int = 4096 * 4096
    """width x height of a canvas: 16.7 Mpx, a 64 MiB RGBA surface."""
    max_image_pixels: int = 40_000_000
    """Any one image the render decodes, rasterises or makes on the way (a 160 MB RGBA)."""
    image_cache_bytes: int = 256 * 1024 * 1024
    """Decoded `<img>` / `url()` sources kept between renders, counted as RGBA bytes."""
    max_elements: int = 5_000
    """Elements in one tree, SVG elements included."""
    max_depth: int = 100
    """Elements nested inside one another (the stages recurse; Python's stack does not)."""
    max_text_chars: int = 10_000
    """Characters of text in one tree, all text nodes together."""

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive int, got {value!r}")


DEFAULT_LIMITS = Limits()

_process: list[Limits] = [DEFAULT_LIMITS]
_block: ContextVar[Limits | None] = ContextVar("segmint_limits", default=None)


def current_limits() -> Limits:
    """The limits in force: those of the enclosing `use_limits` block, else the process's."""
    return _block.get() or _process[0]


def set_limits(limits: Limits) -> Limits:
    """Make `limits` the process's limits (every thread); returns the previous ones."""
    previous, _process[0] = _process[0], limits
    return previous


@contextmanager
def use_limits(limits: Limits) -> Iterator[Limits]:
    """Apply `limits` inside the block (this context only: threads started in it copy it)."""
    token = _block.set(limits)
    try:
        yield limits
    finally:
        _block.reset(token)


def check_canvas(width: object, height: object, limits: Limits | None = None) -> None:
    """Refuse a canvas that is not whole px, or that is over `max_side` or `max_canvas_pixels`."""
    lim = limits or current_limits()
    if not (_whole_px(width) and _whole_px(height)):
        raise LimitExceeded(f"canvas {width!r}x{height!r}: sides must be ints of at least 1 px")
    if width > lim.max_side or height > lim.max_side:
        raise LimitExceeded(f"canvas {width}x{height}: a side is over max_side={lim.max_side} px")
    if width * height > lim.max_canvas_pixels:
        raise LimitExceeded(
            f"canvas {width}x{height} is {width * height:,} px: over "
            f"max_canvas_pixels={lim.max_canvas_pixels:,}"
        )


def _whole_px(side: object) -> TypeGuard[int]:
    return isinstance(side, int) and not isinstance(side, bool) and side >= 1


def check_pixels(width: int, height: int, what: str, limits: Limits | None = None) -> None:
    """Refuse to make a `width` x `height` image over `max_image_pixels`; `what` says which."""
    lim = limits or current_limits()
    if width * height > lim.max_image_pixels:
        raise LimitExceeded(
            f"{what}: {width}x{height} is {width * height:,} px, over "
            f"max_image_pixels={lim.max_image_pixels:,}"
        )


def check_tree(root: Element, limits: Limits | None = None) -> None:
    """Refuse a tree over `max_elements`, `max_depth` or `max_text_chars`, before any styling.

    Walked with a stack, not recursion: a tree too deep for the stages must still be measured.
    """
    lim = limits or current_limits()
    elements = text = 0
    stack: list[tuple[Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        elements += 1
        if elements > lim.max_elements:
            raise LimitExceeded(f"element tree: more than max_elements={lim.max_elements:,}")
        if depth > lim.max_depth:
            raise LimitExceeded(
                f"element tree: <{element.tag}> is nested {depth} deep, over "
                f"max_depth={lim.max_depth}"
            )
        for child in element.children:
            if isinstance(child, str):
                text += len(child)
            else:
                stack.append((child, depth + 1))
    if text > lim.max_text_chars:
        raise LimitExceeded(
            f"element tree: {text:,} characters of text, over max_text_chars={lim.max_text_chars:,}"
        )
