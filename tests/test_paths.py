"""Paths as messages show them: relative where they can be, whole where they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from handler.paths import relative


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        pytest.param("/srv/segments/icon.py", "/srv", "segments/icon.py", id="inside"),
        pytest.param("/srv", "/srv", ".", id="the-base-itself"),
        pytest.param("/elsewhere/icon.py", "/srv", "/elsewhere/icon.py", id="outside"),
        pytest.param("/srv2/icon.py", "/srv", "/srv2/icon.py", id="sibling-with-same-start"),
    ],
)
def test_relative(path: str, base: str, expected: str) -> None:
    assert relative(Path(path), Path(base)) == expected
