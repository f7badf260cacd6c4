"""`ImageResponse`: an element tree rendered to an image, as a Starlette response."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.background import BackgroundTask
from starlette.responses import Response

from handler.render.elements import Element
from handler.render.text.specs import FontSpec

DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 630
DEFAULT_CONTENT_TYPE = "image/png"
STANDALONE_CACHE_CONTROL = "public, immutable, no-transform, max-age=31536000"


@dataclass(frozen=True, slots=True)
class Canvas:
    """The variant being drawn: its size and type become the ImageResponse defaults."""

    width: int
    height: int
    content_type: str = DEFAULT_CONTENT_TYPE


_canvas: ContextVar[Canvas | None] = ContextVar("segmint_canvas", default=None)


@contextmanager
def use_canvas(canvas: Canvas) -> Iterator[None]:
    """Make `canvas` the default size and type of every ImageResponse built inside the block."""
    token = _canvas.set(canvas)
    try:
        yield
    finally:
        _canvas.reset(token)


class ImageResponse(Response):
    """Render `element` now; `.body` holds the encoded image, `.media_type` its type.

    Like @vercel/og's: `ImageResponse(h("div", {...}, "Hi"), width=1200, height=630)`.
    Inside a Segmint request the size and type default to the variant's (from
    `generate_image_metadata`); used alone it renders at 1200x630 as PNG.
    """

    def __init__(
        self,
        element: Element | str,
        width: int | None = None,
        height: int | None = None,
        fonts: Sequence[FontSpec] | None = None,
        emoji: str | None = None,
        debug: bool = False,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        canvas = _canvas.get()
        content_type = canvas.content_type if canvas else DEFAULT_CONTENT_TYPE
        w = width if width is not None else (canvas.width if canvas else DEFAULT_WIDTH)
        h = height if height is not None else (canvas.height if canvas else DEFAULT_HEIGHT)
        # The renderer (Pillow, Yoga, fonts) loads on the first render, not with the public
        # surface: a Lambda cold start that only redirects to stored images never pays for it.
        from handler.render.encode import encode
        from handler.render.pipeline import render_image

        image = render_image(element, width=w, height=h, fonts=fonts, emoji=emoji, debug=debug)
        self.width = w
        self.height = h
        all_headers = {"cache-control": STANDALONE_CACHE_CONTROL, **(headers or {})}
        super().__init__(
            content=encode(image, content_type),
            status_code=status,
            headers=all_headers,
            media_type=content_type,
            background=background,
        )
