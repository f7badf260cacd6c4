"""The renderer: element trees (builders or HTML) -> style -> text -> layout -> paint -> encode.

The stages are folders (`style/`, `text/`, `layout/`, `paint/`) of pure functions passing the
frozen contracts at this root (`elements.py` in, `computed.py` and `nodes.py` between stages);
`pipeline.render_image` runs them in order, `encode.py` makes bytes, and
`response.ImageResponse` wraps the result in a Starlette response. `limits.py` holds the size
limits the stages check; `cache.py` the thread-safe bounded cache their memos share.
"""

from __future__ import annotations

import deflate
import PIL

RENDERER_VERSION = "7"
"""Bump when a change alters pixels or encoded bytes for the same input (in every cache key)."""

RENDERER_FINGERPRINT = (
    f"segmint-render/{RENDERER_VERSION} pillow/{PIL.__version__} deflate/{deflate.__version__}"
)
"""What the cache key hashes for the renderer: our version, the rasteriser's and the PNG deflater's
(libdeflate's bytes are fixed per version, not across versions)."""
