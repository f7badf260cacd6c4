"""handler/scan_manifest.py and scripts/scan_manifest.py: the package-time record of what the
segment scan reads, and the scan's use of it (the same keys, or the walk when it does not match)."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import pytest

from handler import scan_manifest
from handler.cache.fingerprint import files_fingerprint
from handler.exports import Size
from handler.segments import Registry, scan
from tests.helpers import png_bytes, write_segment_tree
from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "scan_manifest.py"

# The helper package gets a name of its own per test: the scan puts each project on sys.path,
# and a name imported once (or the repository's own `segments`) would answer for the next.
CARD = """
from {lib}.caption import caption

def image():
    return caption()
"""
ICON = """
def image():
    return b""
"""
CAPTION = """
def caption():
    return "hello"
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    lib = f"caption_lib_{uuid.uuid4().hex[:12]}"
    write_segment_tree(root, {f"{lib}/__init__.py": "", f"{lib}/caption.py": CAPTION})
    write_segment_tree(
        root / "segments",
        {
            "card/opengraph-image.py": CARD.format(lib=lib),
            "icon.py": ICON,
            "about/opengraph-image.png": "",
        },
    )
    return root


def _caption(root: Path) -> Path:
    (found,) = root.glob("caption_lib_*/caption.py")
    return found


def _write(root: Path) -> dict[str, object]:
    done = run_bounded([sys.executable, str(SCRIPT), str(root)], timeout=120, cwd=root)
    assert "wrote segmint-scan.json: 2 segments, 1 static images" in done.stdout
    body: dict[str, object] = json.loads((root / "segmint-scan.json").read_text())
    return body


def _hashes(registry: Registry) -> dict[str, tuple[str, Size | None]]:
    return {
        r.file.name + str(r.parts): (
            r.source_hash,
            None if r.static is None else r.static.variant.size,
        )
        for r in registry.routes
    }


def test_the_manifest_lists_what_each_fingerprint_covers_and_the_static_sizes(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    body = _write(root)
    deps = body["dependencies"]
    assert isinstance(deps, dict)
    listed = deps["segments/card/opengraph-image.py"]
    caption = _caption(root).relative_to(root).as_posix()
    assert {caption, "segments/card/opengraph-image.py"} <= set(listed)
    assert listed == sorted(listed)
    sizes = body["static_sizes"]
    assert isinstance(sizes, dict)
    assert sizes["segments/about/opengraph-image.png"]["size"] == [40, 20]


def test_a_scan_with_the_manifest_gives_the_keys_and_sizes_of_one_without(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    _write(root)
    manifest = scan_manifest.load(root)
    assert manifest is not None
    assert _hashes(scan(root / "segments", manifest=manifest)) == _hashes(scan(root / "segments"))


def test_an_edited_dependency_still_changes_the_key_with_the_manifest(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _write(root)
    manifest = scan_manifest.load(root)
    before = _hashes(scan(root / "segments", manifest=manifest))
    _caption(root).write_text(CAPTION.replace("hello", "bye"))
    after = _hashes(scan(root / "segments", manifest=manifest))
    assert after != before
    assert after == _hashes(scan(root / "segments"))


def test_the_scan_follows_the_manifest_s_file_list(tmp_path: Path) -> None:
    # A manifest that lists only the segment itself: the key covers that file alone, which
    # shows the scan took the list rather than walking the imports.
    root = _project(tmp_path)
    card = (root / "segments" / "card" / "opengraph-image.py").resolve()
    manifest = scan_manifest.ScanManifest(
        root.resolve(), {"segments/card/opengraph-image.py": ("segments/card/opengraph-image.py",)}
    )
    (route,) = [r for r in scan(root / "segments", manifest=manifest).routes if r.file == card]
    assert route.source_hash == files_fingerprint([card], root.resolve())


def test_a_static_image_with_other_bytes_is_measured_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _write(root)
    (root / "segments" / "about" / "opengraph-image.png").write_bytes(png_bytes(64, 32))
    manifest = scan_manifest.load(root)
    registry = scan(root / "segments", manifest=manifest)
    (static,) = [r.static for r in registry.routes if r.static is not None]
    assert static.variant.size == Size(width=64, height=32)


def test_a_listed_file_that_is_gone_falls_back_to_the_walk(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _write(root)
    manifest = scan_manifest.load(root)
    _caption(root).unlink()
    assert manifest is not None
    card = root / "segments" / "card" / "opengraph-image.py"
    assert manifest.dependencies_of(card) is None


def test_no_manifest_or_another_format_loads_as_none_and_a_broken_one_is_named(
    tmp_path: Path,
) -> None:
    assert scan_manifest.load(tmp_path) is None
    (tmp_path / "segmint-scan.json").write_text('{"format": 99}')
    assert scan_manifest.load(tmp_path) is None
    (tmp_path / "segmint-scan.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"segmint-scan\.json: not a scan manifest"):
        scan_manifest.load(tmp_path)
