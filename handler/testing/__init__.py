"""Testing Segmint segments: a test client on a moto-mocked bucket, image assertions, and a
pytest plugin (the `segmint` fixture). No AWS account and no network.

    from handler.testing import SegmintClient, assert_image

    with SegmintClient("segments") as client:
        first = client.get("/icon/small")
        assert first.is_miss
        assert_image(first, size=(48, 48), content_type="image/png")
        assert client.get("/icon/small").is_hit
"""

from __future__ import annotations

from handler.testing.assertions import ImageSource, assert_image
from handler.testing.check import CheckFailed, CheckReport, VariantResult
from handler.testing.client import SegmintClient
from handler.testing.golden import (
    ImageDifference,
    assert_matches_golden,
    difference,
    update_golden,
)
from handler.testing.response import Outcome, SegmintResponse, StoredImage
from handler.testing.routes import PageTags, VariantInfo

__all__ = [
    "CheckFailed",
    "CheckReport",
    "ImageDifference",
    "ImageSource",
    "Outcome",
    "PageTags",
    "SegmintClient",
    "SegmintResponse",
    "StoredImage",
    "VariantInfo",
    "VariantResult",
    "assert_image",
    "assert_matches_golden",
    "difference",
    "update_golden",
]
