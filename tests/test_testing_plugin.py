"""The pytest plugin as a user meets it: a scratch project (the README's segment and its test
file, nothing of ours but the public module) run by pytest in a subprocess, with the plugin
loaded through the entry point that installing Segmint registers."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
INI = """\
[pytest]
filterwarnings = error
addopts = -p no:cacheprovider
segmint_segments = site/segments
"""
WRONG_SIZE = """

def test_small_icon_is_64_pixels(segmint: SegmintClient) -> None:
    assert_image(segmint.get("/shop/shoes/icon/small"), size=(64, 64))
"""


def _block(starting: str) -> str:
    blocks: list[str] = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    return next(b for b in blocks if b.startswith(starting))


def _project(tmp_path: Path) -> Path:
    """The README's icon under site/segments/ and its test file under tests/."""
    project = tmp_path / "project"
    segment = project / "site" / "segments" / "shop" / "[slug]" / "icon.py"
    segment.parent.mkdir(parents=True)
    segment.write_text(_block("# segments/shop/[slug]/icon.py"))
    tests = project / "tests"
    tests.mkdir()
    (tests / "test_icons.py").write_text(_block("# tests/test_icons.py"))
    (project / "pytest.ini").write_text(INI)
    return project


def _pytest(project: Path, *args: str, **environ: str) -> str:
    """Run pytest in `project` as its developer would; the summary and failures, as text."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "SEGMINT_", "AWS_")) or k == "AWS_CA_BUNDLE"
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--tb=short", *args],
        cwd=project,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout + done.stderr


def _summary(output: str) -> str:
    return output.strip().splitlines()[-1]


@pytest.mark.slow
def test_scratch_project_creates_its_golden_file_then_passes(tmp_path: Path) -> None:
    project = _project(tmp_path)
    golden = project / "tests" / "golden" / "shoes-medium.png"
    first = _pytest(project)
    assert re.search(r"1 failed, 4 passed", _summary(first)), first
    assert "golden file" in first
    assert "does not exist; create it from this render with --segmint-update-golden" in first
    assert not golden.exists()
    created = _pytest(project, "--segmint-update-golden")
    assert re.search(r"\b5 passed", _summary(created)), created
    with Image.open(golden) as picture:
        assert picture.size == (72, 72)
    assert sorted(p.name for p in golden.parent.iterdir()) == ["shoes-medium.png"]
    again = _pytest(project)
    assert re.search(r"\b5 passed", _summary(again)), again


@pytest.mark.slow
def test_wrong_expectations_fail_readably_and_update_rewrites_the_golden(tmp_path: Path) -> None:
    project = _project(tmp_path)
    golden = project / "tests" / "golden" / "shoes-medium.png"
    _pytest(project, "--segmint-update-golden")
    reviewed = golden.read_bytes()
    segment = project / "site" / "segments" / "shop" / "[slug]" / "icon.py"
    segment.write_text(segment.read_text().replace("#4f46e5, #db2777", "#16a34a, #facc15"))
    with (project / "tests" / "test_icons.py").open("a") as tests:
        tests.write(WRONG_SIZE)

    failed = _pytest(project)
    assert re.search(r"2 failed, 4 passed", _summary(failed)), failed
    assert "/shop/shoes/icon/small: 200 miss, image/png" in failed
    assert "size 48x48, expected 64x64" in failed
    found = re.search(
        rf"differs from golden {re.escape(str(golden))}: [\d.]+% of pixels \((\d+) of 5184\) "
        r"differ by more than 32 levels in some channel \(allowed 0.50%\)",
        failed,
    )
    assert found is not None, failed
    assert int(found.group(1)) > 5184 // 2  # the whole tile changed colour, not the letter
    actual = golden.with_name("shoes-medium.actual.png")
    diff = golden.with_name("shoes-medium.diff.png")
    assert f"wrote {actual} and {diff}" in failed
    assert golden.read_bytes() == reviewed
    with Image.open(diff) as drawn:
        assert drawn.size == (72, 72)
        pixels = drawn.convert("RGB")
        assert pixels.getpixel((36, 4)) == (230, 0, 0)  # the tile's new colour: red
        assert pixels.getpixel((36, 36)) == (255, 255, 255)  # the white letter: unchanged

    with Image.open(actual) as render:
        rendered = render.convert("RGBA").tobytes()

    updated = _pytest(project, SEGMINT_UPDATE_GOLDEN="1")
    assert re.search(r"1 failed, 5 passed", _summary(updated)), updated
    assert "size 48x48, expected 64x64" in updated
    with Image.open(golden) as rewritten:
        assert rewritten.convert("RGBA").tobytes() == rendered
    assert not actual.exists()
    assert not diff.exists()


def test_installing_segmint_registers_the_plugin(pytestconfig: pytest.Config) -> None:
    [entry] = importlib.metadata.entry_points(group="pytest11", name="segmint")
    assert entry.value == "handler.testing.plugin"
    assert pytestconfig.pluginmanager.has_plugin("segmint")  # loaded in this very run


def test_loading_the_plugin_imports_neither_moto_nor_boto3() -> None:
    # A fresh interpreter: this one has imported moto for other tests.
    shown = subprocess.run(
        [sys.executable, "-c", "import sys, handler.testing.plugin; print(*sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = shown.stdout.split()
    assert "handler.testing.plugin" in loaded
    heavy = [m for m in loaded if m.split(".")[0] in {"moto", "boto3", "botocore"}]
    assert heavy == []


def test_the_readme_unittest_example_runs_under_unittest(tmp_path: Path) -> None:
    site = _project(tmp_path) / "site"
    (site / "test_icon_unittest.py").write_text(_block("import unittest"))
    done = subprocess.run(
        [sys.executable, "-m", "unittest", "-v", "test_icon_unittest"],
        cwd=site,
        env={k: v for k, v in os.environ.items() if not k.startswith(("SEGMINT_", "AWS_"))},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "test_small_icon (test_icon_unittest.IconTest.test_small_icon) ... ok" in done.stderr
    assert done.stderr.strip().endswith("OK")
