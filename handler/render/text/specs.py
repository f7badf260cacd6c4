"""The fonts a render is given, as `ImageResponse(fonts=[...])` takes them: plain types only.

Kept apart from `fonts.py` (which loads faces with Pillow) so that importing the public surface
(`from handler import ImageResponse, FontSpec`) loads no rasteriser: a cold start that only
redirects never needs one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NotRequired, Required, TypedDict


class FontSpec(TypedDict, total=False):
    """A font as `ImageResponse(fonts=[...])` takes it, as in @vercel/og.

    `{"name": "Inter", "data": b"...", "weight": 700, "style": "normal"}`, or `"path"` instead
    of `"data"`. `weight` defaults to 400, `style` to "normal".
    """

    name: Required[str]
    data: NotRequired[bytes]
    path: NotRequired[str | Path]
    weight: NotRequired[int]
    style: NotRequired[Literal["normal", "italic"]]


@dataclass(frozen=True, slots=True)
class Font:
    """A font spec as a value object: the dataclass twin of `FontSpec`."""

    name: str
    data: bytes | None = None
    path: str | Path | None = None
    weight: int = 400
    style: Literal["normal", "italic"] = "normal"


AnySpec = FontSpec | Font | Mapping[str, object]
