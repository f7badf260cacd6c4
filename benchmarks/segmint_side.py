"""Segmint's side of the comparison: HTML fragment + size + fonts -> PNG bytes.

The renderer is imported lazily, by name, so the harness still runs (and says why) while the
renderer is missing or broken: `load_renderer` raises `RendererUnavailable` naming the import
that failed.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Sequence
from typing import Any, Protocol

from PIL import Image

from benchmarks.fonts import StaticFont


class RendererUnavailable(RuntimeError):
    """Segmint's renderer could not be imported; the message names the module and the error."""


class Renderer(Protocol):
    """Renders one HTML fragment at a size to encoded PNG bytes."""

    def __call__(self, markup: str, width: int, height: int) -> bytes: ...


class PictureRenderer(Protocol):
    """Renders one HTML fragment at a size to a picture."""

    def __call__(self, markup: str, width: int, height: int) -> Image.Image: ...


def font_specs(fonts: Sequence[StaticFont]) -> list[dict[str, str | int]]:
    """Fonts as `ImageResponse(fonts=...)` takes them: name, path, weight, style."""
    return [font.as_spec() for font in fonts]


def load_renderer(fonts: Sequence[StaticFont]) -> Renderer:
    """Segmint's `render_image` + `encode`, bound to `fonts`, or RendererUnavailable."""
    pipeline = _import("handler.render.pipeline")
    encoder = _import("handler.render.encode")
    render_image: Any = pipeline.render_image
    encode: Any = encoder.encode
    specs = font_specs(fonts)

    def render(markup: str, width: int, height: int) -> bytes:
        image = render_image(markup, width=width, height=height, fonts=specs)
        data = encode(image, "image/png")
        return bytes(data)

    return render


def load_picture_renderer(fonts: Sequence[StaticFont]) -> tuple[PictureRenderer, bool]:
    """Segmint's pictures for the fidelity check, and whether they went through its encoder.

    The PNG encoder is used when it imports (the picture is what Segmint serves); without it the
    check still compares `render_image`'s pixels.
    """
    pipeline = _import("handler.render.pipeline")
    render_image: Any = pipeline.render_image
    specs = font_specs(fonts)
    try:
        encode: Any = _import("handler.render.encode").encode
    except RendererUnavailable:
        encode = None

    def render(markup: str, width: int, height: int) -> Image.Image:
        image: Image.Image = render_image(markup, width=width, height=height, fonts=specs)
        if encode is None:
            return image
        return Image.open(io.BytesIO(bytes(encode(image, "image/png"))))

    return render, encode is not None


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except Exception as exc:  # any failure means "not ready yet": say which and why
        raise RendererUnavailable(
            f"Segmint's renderer is not importable yet: import {name} failed with "
            f"{type(exc).__name__}: {exc}"
        ) from exc
