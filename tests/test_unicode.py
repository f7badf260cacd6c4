"""Every code point renders through the real pipeline: none raises, whatever text a URL carries.

U+001C-U+001E, U+0085 and U+2029 made raqm fail (`RuntimeError: raqm_layout() failed`), so
`GET /shop/%C2%85/icon/small` was a 500. `make test` renders the whole BMP, every format
character (Cf) past it, every 101st other code point of the supplementary planes and both ends
of each plane; `make unicode-sweep` (SEGMINT_UNICODE_SWEEP=full) renders all 1,112,064.
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Iterable, Sequence

import pytest
from starlette.testclient import TestClient

from handler import h
from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.render.pipeline import render_image

FULL = os.environ.get("SEGMINT_UNICODE_SWEEP") == "full"
CHUNK = 4096
"""Code points per text node: one render each."""
STRIDE = 101
"""Of the supplementary planes' code points that are not format characters, every 101st."""
EDGE = 64
"""Code points rendered at each end of every plane (noncharacters U+xFFFE/F included)."""
SPECIAL = ("Cc", "Cf", "Zl", "Zp", "Zs")
WHITE_SPACE = ("normal", "nowrap", "pre", "pre-wrap", "pre-line")


def scalar_values() -> Iterable[int]:
    """U+0000..U+10FFFF without the surrogates: every code point a str can hold as text."""
    return (cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def sampled() -> list[int]:
    out = []
    for cp in scalar_values():
        plane_offset = cp & 0xFFFF
        if (
            cp <= 0xFFFF
            or unicodedata.category(chr(cp)) in SPECIAL
            or cp % STRIDE == 0
            or plane_offset < EDGE
            or plane_offset >= 0x10000 - EDGE
        ):
            out.append(cp)
    return out


def special() -> list[int]:
    """Controls, format characters and separators: the kinds that broke the shaper."""
    return [cp for cp in scalar_values() if unicodedata.category(chr(cp)) in SPECIAL]


def render(codes: Sequence[int], **style: object) -> None:
    text = "".join(map(chr, codes))
    tree = h("div", {"style": {"display": "flex", "width": 300, **style}}, text)
    render_image(tree, width=200, height=100)


def failing(codes: Sequence[int], **style: object) -> list[str]:
    """The code points of `codes` that make a render raise, found by halving the chunk."""
    try:
        render(codes, **style)
    except Exception as exc:
        if len(codes) == 1:
            return [f"U+{codes[0]:04X}: {type(exc).__name__}: {exc}"]
        half = len(codes) // 2
        return failing(codes[:half], **style) + failing(codes[half:], **style)
    return []


def sweep(codes: Sequence[int], **style: object) -> list[str]:
    bad: list[str] = []
    for start in range(0, len(codes), CHUNK):
        bad += failing(codes[start : start + CHUNK], **style)
    return bad


@pytest.mark.timeout(3600 if FULL else 120)
def test_every_code_point_renders() -> None:
    codes = list(scalar_values()) if FULL else sampled()
    start = time.perf_counter()
    bad = sweep(codes)
    took = time.perf_counter() - start
    print(f"\n{len(codes):,} code points in {took:.1f} s ({'full' if FULL else 'sampled'})")
    assert bad == []


@pytest.mark.parametrize("white_space", WHITE_SPACE)
def test_controls_and_separators_render_under_every_white_space(white_space: str) -> None:
    assert sweep(special(), whiteSpace=white_space) == []


@pytest.mark.parametrize(
    "style",
    [
        pytest.param({"letterSpacing": 2}, id="letter-spacing"),
        pytest.param({"textAlign": "justify"}, id="justify"),
        pytest.param({"textOverflow": "ellipsis", "whiteSpace": "nowrap"}, id="ellipsis"),
        pytest.param({"display": "block", "lineClamp": 2}, id="line-clamp"),
    ],
)
def test_controls_and_separators_render_in_every_text_path(style: dict[str, object]) -> None:
    assert sweep(special(), **style) == []


def test_controls_and_separators_render_inside_right_to_left_text() -> None:
    codes = [cp for c in special() for cp in (0x05D0, c, 0x05D1, 0x20)]
    assert sweep(codes) == []


@pytest.mark.parametrize("escaped", ["%1C", "%1D", "%1E", "%C2%85", "%E2%80%A9"])
def test_a_separator_in_a_url_param_renders_the_icon(escaped: str) -> None:
    """The probe's `GET /shop/%C2%85/icon/small`: the slug is drawn in the icon's text."""
    with TestClient(create_app(Settings(), MemoryStore()), follow_redirects=False) as client:
        response = client.get(f"/shop/{escaped}x/icon/small")
    assert response.status_code in (200, 307), response.text


def test_a_control_character_draws_nothing() -> None:
    def picture(text: str) -> bytes:
        tree = h("div", {"style": {"display": "flex", "fontSize": 32}}, text)
        return render_image(tree, width=120, height=50).tobytes()

    assert picture("a\x1cb\x01c") == picture("abc")
