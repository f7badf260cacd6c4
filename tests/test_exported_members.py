"""The public surface: everything `handler` exports is listed in `__all__`, and nothing more."""

from __future__ import annotations

import inspect

import handler


def test_all_lists_every_public_member() -> None:
    for name in dir(handler):  # the renderer's names load on first use (PEP 562)
        getattr(handler, name)
    public = {
        name
        for name, value in vars(handler).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name not in {"annotations"}
    }
    assert public == set(handler.__all__)


def test_every_exported_name_resolves() -> None:
    missing = [name for name in handler.__all__ if not hasattr(handler, name)]
    assert missing == []


def test_segment_authors_get_image_response_and_builder() -> None:
    response = handler.ImageResponse(
        handler.h("div", {"style": {"background": "#0f0"}}), width=4, height=4
    )
    assert response.media_type == "image/png"
    assert bytes(response.body).startswith(b"\x89PNG\r\n\x1a\n")
