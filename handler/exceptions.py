"""Segmint's exceptions: flat, one docstring each, messages naming the bad value and place."""

from __future__ import annotations


class SegmintError(Exception):
    """Base class of every error Segmint raises on purpose."""


class RenderError(SegmintError):
    """An element tree could not be rendered."""


class UnsupportedStyle(RenderError):
    """A CSS property or value the renderer does not support (named, with the element)."""

    def __init__(self, prop: str, value: object, where: str, reason: str = "") -> None:
        self.prop = prop
        self.value = value
        self.where = where
        detail = f": {reason}" if reason else ""
        super().__init__(f"unsupported CSS {prop}: {value!r} on <{where}>{detail}")


class InvalidElement(RenderError):
    """An element tree that is not well formed (unknown tag, bad child, bad attribute)."""


class FontError(RenderError):
    """A font that cannot be loaded or does not match its declared family, weight or style."""


class ImageSourceError(RenderError):
    """An `<img>` src or `url()` that cannot be read, fetched or decoded."""


class LimitExceeded(RenderError):
    """A render past a size limit (`handler.render.limits.Limits`): names the limit and value.

    Raised before the work it bounds. From a segment's `image()` it is a segment bug, as any
    `RenderError` is: the service answers 500 naming the segment and the limit.
    """


class SegmentError(SegmintError):
    """A segment file that breaks the conventions: names the file, the export and the value."""

    def __init__(self, path: str, message: str, export: str | None = None) -> None:
        self.path = path
        self.export = export
        where = f"{path}: {export}" if export else path
        super().__init__(f"{where}: {message}")


class SegmentTimeout(SegmentError):
    """A segment's function did not return within its time limit (render or metadata)."""


class SegmentBusy(SegmentError):
    """No worker is free for a segment's code: its share of the pool is taken or stuck."""


class ConfigError(SegmintError):
    """An environment variable with a value Segmint cannot use."""


class StoreError(SegmintError):
    """The object store refused a key or failed a request (names the key and the reason)."""
