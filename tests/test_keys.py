"""The cache key: contained in the prefix whatever the params, and sensitive to every input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handler.cache import keys
from handler.exports import Size
from handler.metadata import Variant

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
@given(st.lists(st.text(max_size=80), max_size=6), st.text(max_size=40))
def test_any_folder_names_make_a_contained_slug(folders: list[str], name: str) -> None:
    slug = keys.route_slug(folders, name)
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


def test_slug_is_readable() -> None:
    assert (
        keys.route_slug(["shop", "(sale)", "[slug]", "[...rest]"], "icon1")
        == "shop/_slug/__rest/icon1"
    )
    assert keys.route_slug([], "icon") == "icon"


def test_fingerprint_covers_imported_project_modules(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "segments" / "_lib").mkdir(parents=True)
    helper = root / "segments" / "_lib" / "h5a_helper_mod.py"
    helper.write_text("X = 1\n")
    segment = root / "segments" / "icon.py"
    segment.write_text("import json\nfrom segments._lib.h5a_helper_mod import X\nFONT = 'f.ttf'\n")
    (root / "segments" / "f.ttf").write_bytes(b"font")
    import sys

    sys.path.insert(0, str(root))
    try:
        before = keys.source_fingerprint(segment, root)
        deps = keys.dependencies(segment, root)
        helper.write_text("X = 2\n")
        after_helper = keys.source_fingerprint(segment, root)
        (root / "segments" / "f.ttf").write_bytes(b"font2")
        after_font = keys.source_fingerprint(segment, root)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("segments._lib")]:
            del sys.modules[name]
    assert {p.name for p in deps} == {"icon.py", "h5a_helper_mod.py", "f.ttf"}
    assert len({before, after_helper, after_font}) == 3


def test_fingerprint_follows_relative_imports_inside_project_packages(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    package = root / "r1_theme_pkg"
    (package / "parts").mkdir(parents=True)
    (package / "__init__.py").write_text("from .palette import RED\nfrom . import shapes\n")
    (package / "palette.py").write_text("from .parts.deep import BLUE\nRED = '#f00'\n")
    (package / "shapes.py").write_text("ROUND = 1\n")
    (package / "parts" / "__init__.py").write_text("")
    (package / "parts" / "deep.py").write_text("from ..shapes import ROUND\nBLUE = '#00f'\n")
    segment = root / "segments" / "icon.py"
    segment.parent.mkdir()
    segment.write_text("from r1_theme_pkg import RED\n")
    import sys

    sys.path.insert(0, str(root))
    try:
        deps = keys.dependencies(segment, root)
        before = keys.source_fingerprint(segment, root)
        (package / "parts" / "deep.py").write_text("from ..shapes import ROUND\nBLUE = '#00e'\n")
        after = keys.source_fingerprint(segment, root)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("r1_theme_pkg")]:
            del sys.modules[name]
    relative = {str(p.relative_to(root)) for p in deps}
    assert relative == {
        "segments/icon.py",
        "r1_theme_pkg/__init__.py",
        "r1_theme_pkg/palette.py",
        "r1_theme_pkg/shapes.py",
        "r1_theme_pkg/parts/__init__.py",
        "r1_theme_pkg/parts/deep.py",
    }
    assert before != after


def test_fingerprint_covers_image_and_data_files_a_segment_names(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "segments" / "assets").mkdir(parents=True)
    segment = root / "segments" / "icon.py"
    segment.write_text("LOGO = 'assets/logo.png'\nDATA = 'assets/labels.json'\n")
    (root / "segments" / "assets" / "logo.png").write_bytes(b"png1")
    (root / "segments" / "assets" / "labels.json").write_text("{}")
    before = keys.source_fingerprint(segment, root)
    (root / "segments" / "assets" / "logo.png").write_bytes(b"png2")
    after_logo = keys.source_fingerprint(segment, root)
    (root / "segments" / "assets" / "labels.json").write_text('{"a": 1}')
    after_data = keys.source_fingerprint(segment, root)
    assert len({before, after_logo, after_data}) == 3
