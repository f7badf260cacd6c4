"""How error messages name an image source: `short`, for URLs and data: URIs of any length."""

from __future__ import annotations


def short(src: str, limit: int = 80) -> str:
    """`src` cut for messages: data: URIs keep their head, long URLs their ends."""
    if len(src) <= limit:
        return src
    return f"{src[: limit - 20]}...{src[-12:]}"
