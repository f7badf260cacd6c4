"""The cache key: contained in the prefix whatever the params, and sensitive to every input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handler.cache import keys
from handler.exports import Size
from handler.metadata import Variant
from handler.segments import Part, PartKind, scan

SegmentWriter = Callable[[dict[str, str]], Path]
OK = "def image():\n    return b''\n"
VARIANT = Variant(id="small", size=Size(48, 48), content_type="image/png")
NASTY = ["..", "../..", "/", "%2F", "a/../../b", "é漢字", "x" * 2048, "\x00", "\\..\\", ""]


def _key(
    params: dict[str, str | list[str]] | None, variant: Variant = VARIANT, bucket: int = 0
) -> str:
    return keys.variant_key("segmint/", "shop/_slug/icon", "f" * 64, params, variant, bucket)


def _contained(key: str, prefix: str = "segmint/") -> None:
    rest = key[len(prefix) :]
    assert key.startswith(prefix)
    assert ".." not in rest
    assert "//" not in key
    assert key.isascii()
    assert len(key) < 250


@pytest.mark.parametrize("value", [pytest.param(v, id=f"case{i}") for i, v in enumerate(NASTY)])
def test_nasty_params_stay_inside_the_prefix(value: str) -> None:
    _contained(_key({"slug": value}))
    _contained(_key({"slug": [value, value]}))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(max_size=20), st.text(max_size=300) | st.lists(st.text(max_size=50)))
)
def test_any_params_stay_inside_the_prefix(params: dict[str, str | list[str]]) -> None:
    _contained(_key(params))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.builds(Part, st.sampled_from(PartKind), st.text(max_size=80)), max_size=6),
    st.text(max_size=40),
)
def test_any_route_parts_make_a_contained_slug(parts: list[Part], stem: str) -> None:
    slug = keys.route_slug(parts, stem)
    _contained(keys.static_key("p/", slug, b"x", "image/png"), "p/")


def test_key_changes_with_each_input() -> None:
    base = _key({"slug": "1"})
    others = {
        _key({"slug": "2"}),
        _key({"slug": ["1"]}),
        _key({"slug": "1"}, Variant(id="medium", size=Size(48, 48), content_type="image/png")),
        _key({"slug": "1"}, Variant(id="small", size=Size(72, 72), content_type="image/png")),
        _key(
            {"slug": "1"}, Variant(id="small", size=Size(48, 48), content_type="image/png", alt="a")
        ),
        _key({"slug": "1"}, bucket=1),
        keys.variant_key("segmint/", "shop/_slug/icon", "e" * 64, {"slug": "1"}, VARIANT, 0),
    }
    assert base not in others
    assert len(others) == 7
    assert base == _key({"slug": "1"})


def test_slug_is_readable(write_segments: SegmentWriter) -> None:
    registry = scan(write_segments({"shop/(sale)/[slug]/[...rest]/icon1.py": OK}))
    (route,) = registry.routes
    assert keys.route_slug(route.parts, route.file.stem) == "shop/_slug/__rest/icon1"
    assert keys.route_slug([], "icon") == "icon"


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        pytest.param("[[...all]]", "___all", id="optional-catch-all"),
        pytest.param("[a-]", "_a", id="param-dash-trimmed"),
        pytest.param("v1.2", "v1-2", id="dot-inside"),
        pytest.param("dots.", "dots", id="dot-at-end"),
        pytest.param("café", "caf", id="unicode"),
        pytest.param("漢字", "x", id="nothing-left"),
    ],
)
def test_slug_parts_are_cleaned(write_segments: SegmentWriter, folder: str, expected: str) -> None:
    registry = scan(write_segments({f"{folder}/icon.png": ""}))
    (route,) = registry.routes
    assert keys.route_slug(route.parts, route.file.stem) == f"{expected}/icon"


def test_an_epoch_moves_keys_and_epoch_zero_keeps_them() -> None:
    variant = Variant(id="a", size=Size(8, 8), content_type="image/png", alt=None)
    plain = keys.variant_key("p/", "icon", "src", None, variant, 0)
    assert keys.variant_key("p/", "icon", "src", None, variant, 0, epoch=0) == plain
    moved = {keys.variant_key("p/", "icon", "src", None, variant, 0, epoch=e) for e in (1, 2)}
    assert plain not in moved
    assert len(moved) == 2
    static = keys.static_key("p/", "og", b"png", "image/png")
    assert keys.static_key("p/", "og", b"png", "image/png", epoch=7) != static
