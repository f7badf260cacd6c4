"""The source fingerprint: it follows what a segment imports from the project and the files
it names, and changes when any of them does."""

from __future__ import annotations

from pathlib import Path

from handler.cache.fingerprint import dependencies, source_fingerprint


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
        before = source_fingerprint(segment, root)
        deps = dependencies(segment, root)
        helper.write_text("X = 2\n")
        after_helper = source_fingerprint(segment, root)
        (root / "segments" / "f.ttf").write_bytes(b"font2")
        after_font = source_fingerprint(segment, root)
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
        deps = dependencies(segment, root)
        before = source_fingerprint(segment, root)
        (package / "parts" / "deep.py").write_text("from ..shapes import ROUND\nBLUE = '#00e'\n")
        after = source_fingerprint(segment, root)
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
    before = source_fingerprint(segment, root)
    (root / "segments" / "assets" / "logo.png").write_bytes(b"png2")
    after_logo = source_fingerprint(segment, root)
    (root / "segments" / "assets" / "labels.json").write_text('{"a": 1}')
    after_data = source_fingerprint(segment, root)
    assert len({before, after_logo, after_data}) == 3
