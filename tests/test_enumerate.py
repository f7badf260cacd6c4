"""handler/enumerate.py and check_all on top of it: every known variant of a tree, fetched and
judged against its metadata, every failure listed in one error."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from handler.enumerate import known_variants
from handler.metadata import MetadataCache
from handler.segments import scan
from handler.testing import CheckFailed, SegmintClient
from tests.helpers import PNG_SEGMENT

SegmentWriter = Callable[[dict[str, str]], Path]
PNG = PNG_SEGMENT
ICON = (
    PNG
    + """
    def generate_image_metadata():
        return [
            {"id": "a", "size": {"width": 4, "height": 4}},
            {"id": 2, "size": {"width": 2, "height": 2}},
        ]

    def image(id):
        return _png(4, 4) if id == "a" else _png(2, 2)
"""
)
LISTED = (
    PNG
    + """
    size = {"width": 5, "height": 5}

    def generate_static_params():
        return [{"slug": "shoes"}, {"slug": "a/b"}]

    def image(params):
        return _png(5, 5)
"""
)
CATCH_ALL = (
    PNG
    + """
    size = {"width": 3, "height": 3}

    def generate_static_params():
        return [{"rest": ["x", "y"]}, {}]

    def image(params):
        return _png(3, 3)
"""
)
UNLISTED = PNG + "\n    def image(params):\n        return _png(1, 1)\n"
LYING = (
    PNG
    + """
    size = {"width": 32, "height": 32}
    content_type = "image/jpeg"

    def image():
        return _png(16, 16)
"""
)
WRONG_SIZE = (
    PNG
    + '\n    size = {"width": 32, "height": 32}\n\n    def image():\n        return _png(16, 16)\n'
)
FAILING = PNG + "\n    def image():\n        raise ValueError('no data for this one')\n"
LACKING = (
    PNG
    + """
    def generate_static_params():
        return [{"other": "1"}]

    def image(params):
        return _png(1, 1)
"""
)
TREE = {
    "icon.py": ICON,
    "blog/[slug]/icon.py": LISTED,
    "docs/[[...rest]]/icon.py": CATCH_ALL,
    "products/[id]/icon.py": UNLISTED,
    "about/opengraph-image.png": "",
}


def test_known_variants_lists_static_and_listed_routes(write_segments: SegmentWriter) -> None:
    root = write_segments(TREE)
    found = asyncio.run(known_variants(scan(root), MetadataCache(60), 0.0))
    assert sorted(v.url for v in found.variants) == [
        "/about/opengraph-image.png",
        "/blog/a%2Fb/icon",
        "/blog/shoes/icon",
        "/docs/icon",
        "/docs/x/y/icon",
        "/icon/2",
        "/icon/a",
    ]
    assert [route.file.relative_to(root).as_posix() for route in found.unlisted] == [
        "products/[id]/icon.py"
    ]
    assert found.problems == ()


def test_check_all_passes_a_sound_tree(write_segments: SegmentWriter) -> None:
    with SegmintClient(write_segments(TREE)) as client:
        report = client.check_all()
        assert report.ok
        assert len(report.results) == 7
        assert {r.status for r in report.results} == {200}
        assert report.unlisted == ("segments/products/[id]/icon.py",)
        again = client.check_all()  # now stored: each one a hit, followed to the bucket
        assert {r.status for r in again.results} == {307}
        assert again.ok


def test_check_all_lists_every_failure_in_one_error(write_segments: SegmentWriter) -> None:
    tree = {
        **TREE,
        "lying/icon.py": LYING,
        "small/icon.py": WRONG_SIZE,
        "failing/icon.py": FAILING,
        "lacking/[slug]/icon.py": LACKING,
        "broken/icon.py": "def image(:\n",
    }
    with SegmintClient(write_segments(tree)) as client:
        with pytest.raises(CheckFailed) as failed:
            client.check_all()
        report = client.check_all(raise_on_failure=False)
    message = str(failed.value)
    assert message.startswith("5 failure(s), 7 variant(s) fine:\n")
    lines = message.splitlines()[1:]
    assert lines == [
        "  /failing/icon (segments/failing/icon.py): answered 500 error: 'Segment error: "
        "segments/failing/icon.py: image: raised ValueError (the server log has the details)'",
        # the service itself refuses to store bytes that are not the declared type
        '  /lying/icon (segments/lying/icon.py): answered 500 error: "Segment error: '
        "segments/lying/icon.py: image: returned 82 bytes that are not 'image/jpeg' "
        "(they start b'\\\\x89PNG\\\\r\\\\n\\\\x1a\\\\n')\"",
        "  /small/icon (segments/small/icon.py): 16x16 image, the metadata says 32x32",
        "  broken segment: segments/broken/icon.py: syntax error line 1: invalid syntax",
        "  broken segment: segments/lacking/[slug]/icon.py: generate_static_params: lists "
        '{"other": "1"} without \'slug\', which the URL needs',
    ], message
    assert [r.url for r in report.failures] == ["/failing/icon", "/lying/icon", "/small/icon"]
    assert not report.ok
