"""Fixtures shared by the service tests: dummy AWS credentials, segment folders, PNG bytes."""

from __future__ import annotations

import io
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

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


def png_bytes(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def write_segments(tmp_path: Path) -> SegmentWriter:
    """Write `{relative path: source}` under a fresh segments/ folder and return the folder.

    Sources are dedented; `.png` paths get a small PNG whatever the text says.
    """

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "segments"
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".png":
                path.write_bytes(png_bytes(40, 20))
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write
