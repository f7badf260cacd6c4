"""Scanning segments/: routes, precedence, problems reported with file, export and value."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from handler.segments import Part, PartKind, match_parts, scan
from tests.processes import run_bounded

SegmentWriter = Callable[[dict[str, str]], Path]
OK = "def image():\n    return b''\n"
REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        pytest.param({"icon.py": "def image(:\n"}, r"icon.py: syntax error line 1", id="syntax"),
        pytest.param(
            {"icon.py": "import no_such_mod_h5a\n"},
            r"import failed: ModuleNotFoundError",
            id="import",
        ),
        pytest.param({"icon.py": "x = 1\n"}, r"icon.py: image: no `image` function", id="no-image"),
        pytest.param(
            {
                "icon.py": OK
                + "def generate_image_metadata():\n    return [{'id': 1}, {'id': '1'}]\n"
            },
            r"generate_image_metadata: duplicate id '1'",
            id="duplicate-id",
        ),
        pytest.param(
            {"icon.py": OK + "def generate_image_metadata():\n    return [{'alt': 'x'}]\n"},
            r"generate_image_metadata\(\)\[0\]: id is missing",
            id="missing-id",
        ),
        pytest.param(
            {"icon.py": OK + "size = {'width': 0, 'height': 4}\n"},
            r"icon.py: size: size",
            id="bad-size",
        ),
        pytest.param(
            {"icon.py": OK + "revalidate = -1\n"},
            r"revalidate: must be a positive",
            id="revalidate",
        ),
        pytest.param(
            {"a/[x]/icon.py": OK, "a/[y]/icon.py": OK}, r"\[y\]/icon.py: claims the URL", id="clash"
        ),
        pytest.param({"[a]/[a]/icon.py": OK}, r"param name 'a' used twice", id="dup-param"),
        pytest.param(
            {"icon.py": "def image(size):\n    return b''\n"},
            r"image: argument 'size'",
            id="bad-arg",
        ),
        pytest.param(
            {"opengraph-image.alt.txt": "x"}, r"no static opengraph-image image", id="lonely-alt"
        ),
    ],
)
def test_broken_segments_are_reported_by_name(
    write_segments: SegmentWriter, files: dict[str, str], problem: str
) -> None:
    registry = scan(write_segments({**files, "ok/icon.py": OK}))
    assert len(registry.problems) == 1
    assert re.search(problem, str(registry.problems[0])), str(registry.problems[0])
    assert [r.name for r in registry.routes if r.parts == (Part(PartKind.STATIC, "ok"),)] == [
        "icon"
    ]


def test_private_folders_and_other_files_are_ignored(write_segments: SegmentWriter) -> None:
    registry = scan(
        write_segments({"_lib/icon.py": "raise SystemExit", "notes.py": "", "icon.py": OK})
    )
    assert registry.problems == ()
    assert [r.name for r in registry.routes] == ["icon"]


def test_numbered_and_static_variants(write_segments: SegmentWriter) -> None:
    registry = scan(write_segments({"icon1.png": "", "icon2.py": OK, "apple-icon.png": ""}))
    assert sorted(r.name for r in registry.routes) == ["apple-icon.png", "icon1.png", "icon2"]
    found = registry.match(["icon1.png"])
    assert found is not None
    assert found.route.static is not None
    assert found.route.static.variant.size is not None


def test_static_alt_drops_the_trailing_newline(write_segments: SegmentWriter) -> None:
    registry = scan(write_segments({"twitter-image.png": "", "twitter-image.alt.txt": "Card\n"}))
    [route] = registry.routes
    assert route.static is not None
    assert route.static.variant.alt == "Card"


@pytest.mark.parametrize(
    ("pattern", "parts", "expected"),
    [
        pytest.param([("S", "a"), ("D", "x")], ["a", "1"], {"x": "1"}, id="dynamic"),
        pytest.param(
            [("S", "a"), ("C", "x"), ("S", "icon")],
            ["a", "1", "2", "icon"],
            {"x": ["1", "2"]},
            id="catch-all-middle",
        ),
        pytest.param([("C", "x"), ("S", "icon")], ["icon"], None, id="catch-all-needs-one"),
        pytest.param([("O", "x"), ("S", "icon")], ["icon"], {}, id="optional-empty"),
        pytest.param([("S", "a")], ["a", ""], None, id="empty-part"),
        pytest.param([("S", "a")], ["b"], None, id="other-static"),
    ],
)
def test_match_parts(pattern: list[tuple[str, str]], parts: list[str], expected: object) -> None:
    kinds = {
        "S": PartKind.STATIC,
        "D": PartKind.DYNAMIC,
        "C": PartKind.CATCH_ALL,
        "O": PartKind.OPTIONAL_CATCH_ALL,
    }
    compiled = [Part(kinds[k], v) for k, v in pattern]
    assert match_parts(compiled, parts) == expected


def test_static_beats_optional_catch_all(write_segments: SegmentWriter) -> None:
    registry = scan(write_segments({"shop/icon.py": OK, "shop/[[...s]]/icon.py": OK}))
    found = registry.match(["shop", "icon"])
    assert found is not None
    assert found.route.folders == ("shop",)
    assert found.params is None


@pytest.mark.timeout(900)
def test_shipped_segments_type_check_one_by_one() -> None:
    """pyproject excludes segments under [param] folders (mypy names them all `icon`)."""
    files = sorted(
        str(p) for p in (REPO / "segments").rglob("*.py") if "[" in str(p.relative_to(REPO))
    )
    assert files
    for file in files:
        done = run_bounded(
            [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", file],
            cwd=REPO,
            timeout=200,
            check=False,
        )
        assert done.returncode == 0, done.stdout


def test_shipped_segments_import_only_the_public_surface() -> None:
    """A user writes `from handler import ImageResponse, h`: the shipped examples do too."""
    internal: list[str] = []
    for file in sorted((REPO / "segments").rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handler."):
                internal.append(f"{file.relative_to(REPO)}: from {node.module}")
            elif isinstance(node, ast.Import):
                internal += [
                    f"{file.relative_to(REPO)}: import {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("handler.")
                ]
    assert internal == []
