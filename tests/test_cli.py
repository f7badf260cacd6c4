"""`python -m handler check` and `tags`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handler.__main__ import main

SegmentWriter = Callable[[dict[str, str]], Path]


def test_check_lists_each_problem_and_exits_1(
    write_segments: SegmentWriter,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = write_segments(
        {
            "icon.py": "def image():\n    return b''\n",
            "shop/icon.py": "def image():\n    return b''\nsize = {'width': -1, 'height': 2}\n",
            "about/icon.py": "x = 1\n",
        }
    )
    monkeypatch.setenv("SEGMINT_SEGMENTS_DIR", str(root))
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any("about/icon.py: image: no `image` function" in line for line in out)
    assert any("shop/icon.py: size: size {'width': -1, 'height': 2}" in line for line in out)
    assert out[-1] == "2 problem(s), 1 route(s) fine"


def test_check_passes_on_the_shipped_segments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SEGMINT_SEGMENTS_DIR", raising=False)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_tags_prints_the_head_tags(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SEGMINT_SEGMENTS_DIR", raising=False)
    monkeypatch.setenv("SEGMINT_SITE_URL", "https://site.example")
    assert main(["tags", "/products/2"]) == 0
    out = capsys.readouterr().out
    assert 'content="https://site.example/products/2/opengraph-image/2?' in out
    assert '<meta property="og:image:alt" content="Grey backpack, front"/>' in out


def test_bad_config_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SEGMINT_REDIRECT_STATUS", "301")
    assert main(["check"]) == 2
    assert "SEGMINT_REDIRECT_STATUS=301" in capsys.readouterr().err
