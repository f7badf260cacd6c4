"""handler/dev/preview.py: the preview page's paths, which no segment and no Lambda app has."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.dev.preview import PREVIEW_PATHS
from handler.segments import scan

ROOT = Path(__file__).resolve().parent.parent


def test_preview_paths_never_match_a_segment() -> None:
    registry = scan(ROOT / "segments")
    for path in PREVIEW_PATHS:
        assert registry.match(path.split("/")[1:]) is None


@pytest.mark.parametrize("path", ["/", "/_segmint"])
def test_the_lambda_app_has_no_preview_page(path: str) -> None:
    app = create_app(Settings(), MemoryStore(), scan(ROOT / "segments"))
    with TestClient(app) as client:
        assert client.get(path).status_code == 404
