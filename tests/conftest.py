"""Fixtures shared by the service tests: dummy AWS credentials, segment folders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import write_segment_tree

# boto3 must never look for real credentials or regions.
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
)

SegmentWriter = Callable[[dict[str, str]], Path]


@pytest.fixture
def write_segments(tmp_path: Path) -> SegmentWriter:
    """Write `{relative path: source}` under a fresh segments/ folder and return the folder.

    Sources are dedented; `.png` paths get a small PNG whatever the text says.
    (`tests.helpers.write_segment_tree` does the same under any folder.)
    """

    def write(files: dict[str, str]) -> Path:
        return write_segment_tree(tmp_path / "segments", files)

    return write
