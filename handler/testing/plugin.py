"""The pytest plugin (entry point `segmint` in pyproject.toml): installing Segmint is enough.

- the `segmint` fixture: a `SegmintClient` on the project's `segments/` folder (the ini option
  `segmint_segments`, relative to the ini file's folder, or the rootdir without one), with a
  fresh mocked bucket for each test;
- `--segmint-update-golden`: `assert_matches_golden` rewrites golden files instead of comparing.

Nothing heavy is imported here: pytest loads this module in every run of a project that has
Segmint installed, tests or not, and moto with boto3 cost about a second to import; the fixture
imports the client when a test asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from handler.testing.client import SegmintClient

INI_SEGMENTS = "segmint_segments"
UPDATE_OPTION = "--segmint-update-golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        INI_SEGMENTS,
        "the segments folder the `segmint` fixture serves, relative to the ini file",
        default="segments",
    )
    parser.getgroup("segmint").addoption(
        UPDATE_OPTION,
        action="store_true",
        default=False,
        help="rewrite golden PNGs from the renders (assert_matches_golden) instead of comparing",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption(UPDATE_OPTION):
        from handler.testing.golden import update_golden

        update_golden(True)


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.getoption(UPDATE_OPTION):
        from handler.testing.golden import update_golden

        update_golden(False)


def segments_folder(config: pytest.Config) -> Path:
    """Where the `segmint` fixture's segments are: the ini option, from the ini file's folder."""
    base = config.inipath.parent if config.inipath is not None else config.rootpath
    return base / str(config.getini(INI_SEGMENTS))


@pytest.fixture
def segmint(request: pytest.FixtureRequest) -> Iterator[SegmintClient]:
    """A `SegmintClient` on the project's segments, with a fresh mocked bucket per test."""
    from handler.testing.client import SegmintClient

    with SegmintClient(segments_folder(request.config)) as client:
        yield client
