"""handler.testing's client: the real app on a moto bucket, what each answer was, and the
environment it leaves behind."""

from __future__ import annotations

import inspect
import os
import unittest
from collections.abc import Callable
from pathlib import Path

import boto3  # type: ignore[import-untyped]
import pytest
from moto import mock_aws

import handler.testing
from handler.testing import Outcome, SegmintClient, assert_image
from tests.helpers import PNG_SEGMENT

SegmentWriter = Callable[[dict[str, str]], Path]
REPO = Path(__file__).resolve().parent.parent
PNG = PNG_SEGMENT
ICON = (
    PNG
    + """
    def generate_image_metadata():
        return [{"id": "small", "size": {"width": 8, "height": 6}, "alt": "A small icon"}]

    def image(id):
        return _png(8, 6)
"""
)
DYNAMIC = (
    PNG
    + """
    revalidate = 0

    def image():
        return _png(3, 3)
"""
)


def test_miss_stores_then_the_next_request_hits(write_segments: SegmentWriter) -> None:
    with SegmintClient(write_segments({"icon.py": ICON})) as client:
        first = client.get("/icon/small")
        assert (first.status, first.outcome, first.content_type) == (200, Outcome.MISS, "image/png")
        assert first.is_miss
        assert not first.is_redirect
        assert first.image_size == (8, 6)
        assert client.keys() == [first.key]
        assert first.stored is not None
        assert first.stored.content == first.content
        assert first.stored.cache_control == "public, max-age=31536000, immutable"
        assert first.stored.metadata == {"segment": "segments/icon.py", "route": "/icon/small"}
        second = client.get("/icon/small")
        assert (second.status, second.outcome) == (307, Outcome.HIT)
        assert second.is_hit
        assert second.is_redirect
        assert second.location == f"https://segmint-local.s3.us-east-1.amazonaws.com/{first.key}"
        assert second.key == first.key
        assert second.follow().content == first.content
        assert second.follow().image_size == (8, 6)


@pytest.mark.parametrize(
    ("url", "headers", "outcome", "status"),
    [
        pytest.param("/dyn/icon", {}, Outcome.DYNAMIC, 200, id="revalidate-0"),
        pytest.param("/icon/small/", {}, Outcome.REDIRECT, 308, id="trailing-slash"),
        pytest.param("/icon/large", {}, Outcome.ERROR, 404, id="unknown-id"),
        pytest.param("/icon/small", {"if-none-match": "*"}, Outcome.NOT_MODIFIED, 304, id="304"),
    ],
)
def test_each_kind_of_answer_is_named(
    write_segments: SegmentWriter,
    url: str,
    headers: dict[str, str],
    outcome: Outcome,
    status: int,
) -> None:
    with SegmintClient(write_segments({"icon.py": ICON, "dyn/icon.py": DYNAMIC})) as client:
        answer = client.get(url, headers=headers)
        assert (answer.status, answer.outcome) == (status, outcome)
        assert client.keys() == []
        with pytest.raises(AssertionError, match=f"{status} {outcome.value}.* not a redirect to"):
            answer.follow()


def test_an_error_has_no_image_and_says_what_it_got(write_segments: SegmentWriter) -> None:
    with SegmintClient(write_segments({"icon.py": ICON})) as client:
        missing = client.get("/nothing")
        with pytest.raises(AssertionError, match=r"GET /nothing: 404 error.*'Not Found'"):
            missing.image  # noqa: B018 - the property raises


def test_settings_come_from_environ_not_the_process(
    write_segments: SegmentWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGMINT_REDIRECT_STATUS", "308")
    same_origin = {"SEGMINT_REDIRECT_STATUS": "302", "SEGMINT_PUBLIC_BASE_URL": "/"}
    with SegmintClient(write_segments({"icon.py": ICON}), environ=same_origin) as client:
        key = client.get("/icon/small").key
        hit = client.get("/icon/small")
        assert (hit.status, hit.location, hit.outcome) == (302, f"/{key}", Outcome.HIT)


def test_dummy_credentials_inside_and_the_environment_restored_after(
    write_segments: SegmentWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "someones-real-account")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    before = dict(os.environ)
    with SegmintClient(write_segments({"icon.py": ICON})) as client:
        assert "AWS_PROFILE" not in os.environ
        assert "AWS_ENDPOINT_URL" not in os.environ
        assert os.environ["AWS_SESSION_TOKEN"] == "segmint-testing"
        assert client.get("/icon/small").is_miss
    assert dict(os.environ) == before


def test_each_client_has_a_fresh_bucket(write_segments: SegmentWriter) -> None:
    root = write_segments({"icon.py": ICON})
    with SegmintClient(root) as client:
        client.get("/icon/small")
        assert len(client.keys()) == 1
    with SegmintClient(root) as client:
        assert client.keys() == []
        assert client.get("/icon/small").is_miss


def test_a_bucket_someone_else_holds_is_refused(write_segments: SegmentWriter) -> None:
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="segmint-local")
        client = SegmintClient(write_segments({"icon.py": ICON}))
        with pytest.raises(RuntimeError, match="bucket 'segmint-local' already exists"):
            client.__enter__()
        with SegmintClient(write_segments({}), environ={"SEGMINT_BUCKET": "mine"}) as mine:
            assert mine.keys() == []


def test_misuse_is_named(tmp_path: Path, write_segments: SegmentWriter) -> None:
    with pytest.raises(FileNotFoundError, match=r"segments folder .*/nowhere does not exist"):
        SegmintClient(tmp_path / "nowhere")
    client = SegmintClient(write_segments({"icon.py": ICON}))
    with pytest.raises(RuntimeError, match="is not open"):
        client.get("/icon/small")
    with pytest.raises(ValueError, match="SEGMINT_S3_ENDPOINT_URL is not used"):
        SegmintClient(tmp_path, environ={"SEGMINT_S3_ENDPOINT_URL": "http://127.0.0.1:9"})


def test_variants_of_a_route_with_or_without_its_id(write_segments: SegmentWriter) -> None:
    with SegmintClient(write_segments({"icon.py": ICON})) as client:
        [small] = client.variants("/icon")
        assert (small.url, small.id, small.size, small.alt) == (
            "/icon/small",
            "small",
            (8, 6),
            "A small icon",
        )
        assert small.content_type == "image/png"
        assert client.variants("/icon/small") == (small,)
        with pytest.raises(
            AssertionError, match=r"no route serves '/shop'; the routes: /icon/<id>$"
        ):
            client.variants("/shop")


def test_the_fixture_serves_the_projects_segments(segmint: SegmintClient) -> None:
    assert segmint.settings.segments_dir == REPO / "segments"
    assert segmint.keys() == []
    [og, *_] = segmint.variants("/products/7/opengraph-image")
    assert (og.url, og.size) == ("/products/7/opengraph-image/0", (1200, 600))
    assert og.alt == "Product 7, photo 1"
    tags = segmint.tags("/shop/7")
    hrefs = [url.split("?")[0] for url in tags.urls]
    base = "http://testserver"  # no SEGMINT_SITE_URL: the client's own origin
    assert hrefs == [
        f"{base}/shop/7/icon/small",
        f"{base}/shop/7/icon/medium",
        f"{base}/apple-icon",
    ]
    assert tags.html[0].startswith(f'<link rel="icon" href="{base}/shop/7/icon/small?')
    assert_image(segmint.get("/shop/7/icon/medium"), size=(72, 72), content_type="image/png")


def test_shipped_segments_pass_check_all(segmint: SegmintClient) -> None:
    report = segmint.check_all()
    assert {r.url for r in report.results} >= {"/icon/small", "/icon/medium", "/apple-icon"}
    # products/[id] lists its ids in generate_static_params; shop/[slug] lists none
    assert "/products/2/opengraph-image/1" in {r.url for r in report.results}
    assert "segments/shop/[slug]/icon.py" in report.unlisted


def test_unittest_style_usage(write_segments: SegmentWriter) -> None:
    root = write_segments({"icon.py": ICON})

    class IconTest(unittest.TestCase):
        def setUp(self) -> None:
            self.client = self.enterContext(SegmintClient(root))

        def test_small(self) -> None:
            assert_image(self.client.get("/icon/small"), size=(8, 6))
            assert self.client.get("/icon/small").is_hit

        def test_wrong_size(self) -> None:
            assert_image(self.client.get("/icon/small"), size=(9, 9))

    suite = unittest.defaultTestLoader.loadTestsFromTestCase(IconTest)
    result = unittest.TestResult()
    suite.run(result)
    assert result.testsRun == 2
    assert result.errors == []
    [(failed, trace)] = result.failures
    assert failed.id().endswith("test_wrong_size")
    assert "GET /icon/small: 200 miss, image/png" in trace
    assert "size 8x6, expected 9x9" in trace
    assert os.environ["AWS_SESSION_TOKEN"] == "testing"  # conftest's, back after each test


def test_the_public_surface_is_all_listed() -> None:
    public = {
        name
        for name, value in vars(handler.testing).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert public == set(handler.testing.__all__)
