"""The renderer: element trees (builders or HTML) -> style -> layout -> paint -> encode.

Each stage is a module of pure functions passing the frozen types of `computed.py` and
`nodes.py`; `pipeline.render_image` runs them in order and `response.ImageResponse` wraps the
result in a Starlette response.
"""

from __future__ import annotations

import PIL

RENDERER_VERSION = "2"
"""Bump when a change alters pixels for the same input: it is part of every cache key."""

RENDERER_FINGERPRINT = f"segmint-render/{RENDERER_VERSION} pillow/{PIL.__version__}"
"""What the cache key hashes for the renderer: our version and the rasteriser's."""
