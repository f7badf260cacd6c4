"""`GET /_segmint/tags/<page>` through the real Starlette app and through the real Lambda handler
(Mangum, recorded event shapes), compared with the head Next.js writes for the same files."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from moto import mock_aws
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.segments import scan
from tests.events import EventShape, build_event, lambda_context, response_body, response_headers

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://www.example.com"
SHAPES = [pytest.param(shape, id=shape.value) for shape in EventShape]

# What Next 16 writes for /about (opengraph-image.png + twitter-image.png with .alt.txt, root
# icon.tsx with ids small/medium, apple-icon.tsx): ../shared/reference/nextjs-behaviour.md's
# order, versions left out, every URL absolute (Next writes icons root-relative).
NEXT_ABOUT = [
    ("meta", "property", "og:image", f"{SITE}/about/opengraph-image.png"),
    ("meta", "property", "og:image:type", "image/png"),
    ("meta", "property", "og:image:width", "1200"),
    ("meta", "property", "og:image:height", "630"),
    ("meta", "property", "og:image:alt", "About Segmint: a white circle in a frame"),
    ("meta", "name", "twitter:card", "summary_large_image"),
    ("meta", "name", "twitter:image", f"{SITE}/about/twitter-image.png"),
    ("meta", "name", "twitter:image:alt", "About Segmint on Twitter"),
    ("meta", "name", "twitter:image:type", "image/png"),
    ("meta", "name", "twitter:image:width", "1200"),
    ("meta", "name", "twitter:image:height", "630"),
    ("link", "icon", f"{SITE}/icon/small", "48x48"),
    ("link", "icon", f"{SITE}/icon/medium", "72x72"),
    ("link", "apple-touch-icon", f"{SITE}/apple-icon", "180x180"),
]


def _parsed(html: str) -> list[tuple[str, ...]]:
    """Each line as (tag, attribute, name, content) or (link, rel, href, sizes), no `?version`."""
    rows: list[tuple[str, ...]] = []
    for line in html.splitlines():
        values = line.split('"')[1::2]
        if line.startswith("<meta "):
            attr = line.split()[1].split("=")[0]
            rows.append(("meta", attr, values[0], values[1].split("?")[0]))
        else:
            assert line.startswith("<link "), line
            rows.append(("link", values[0], values[1].split("?")[0], values[3]))
    return rows


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(site_url=SITE)
    with TestClient(create_app(settings, MemoryStore(), scan(ROOT / "segments"))) as client:
        yield client


def test_html_is_the_head_next_writes(client: TestClient) -> None:
    response = client.get("/_segmint/tags/about", params={"format": "html"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert _parsed(response.text) == NEXT_ABOUT


def test_open_graph_only_page_gets_twitter_tags_from_it(client: TestClient) -> None:
    answer = client.get("/_segmint/tags/products/1").json()
    og = [e for e in answer["images"] if e.get("property") == "og:image"]
    twitter = [e for e in answer["images"] if e.get("name") == "twitter:image"]
    assert answer["twitter_card"] == "summary_large_image"
    assert [e["alt"] for e in og] == [
        "Red running shoe, side view",
        "Red running shoe, sole",
        "Red running shoe, on a trail",
    ]
    # The same descriptors under the twitter name.
    as_twitter = [
        {"name": "twitter:image", **{k: v for k, v in e.items() if k != "property"}} for e in og
    ]
    assert twitter == as_twitter


def test_json_answer_has_every_field(client: TestClient) -> None:
    response = client.get("/_segmint/tags/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert answer["page"] == "/"
    assert answer["twitter_card"] is None
    first = answer["images"][0]
    assert first["url"].startswith(f"{SITE}/icon/small?")
    assert {k: v for k, v in first.items() if k != "url"} == {
        "rel": "icon",
        "type": "image/png",
        "width": 48,
        "height": 48,
        "alt": None,
        "convention": "icon",
        "sizes": "48x48",
    }
    assert [e["rel"] for e in answer["images"]] == ["icon", "icon", "apple-touch-icon"]


def test_nearest_segment_wins_and_params_fill_urls(client: TestClient) -> None:
    answer = client.get("/_segmint/tags/shop/hello%20world").json()
    urls = [e["url"].split("?")[0] for e in answer["images"]]
    assert urls == [
        f"{SITE}/shop/hello%20world/icon/small",
        f"{SITE}/shop/hello%20world/icon/medium",
        f"{SITE}/apple-icon",
    ]


def test_cache_etag_and_304(client: TestClient) -> None:
    first = client.get("/_segmint/tags/about")
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "vary" not in first.headers
    tag = first.headers["etag"]
    again = client.get("/_segmint/tags/about", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    html = client.get("/_segmint/tags/about?format=html")
    assert html.headers["etag"] != tag


def test_cors_and_preflight(client: TestClient) -> None:
    assert client.get("/_segmint/tags/").headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/_segmint/tags/about",
        headers={"Origin": "https://blog.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        pytest.param("/_segmint/tags/a//b", 404, "is not a page path", id="empty-part"),
        pytest.param("/_segmint/tags/?format=xml", 400, "format='xml'", id="format"),
    ],
)
def test_errors_are_json(client: TestClient, path: str, status: int, message: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.headers["access-control-allow-origin"] == "*"
    assert message in response.json()["message"]


def test_unknown_page_is_404_json(write_segments: Any) -> None:
    root = write_segments({"blog/[slug]/opengraph-image.py": "def image():\n    return b''\n"})
    app = create_app(Settings(site_url=SITE), MemoryStore(), scan(root))
    with TestClient(app) as client:
        assert client.get("/_segmint/tags/blog/one").status_code == 200
        missing = client.get("/_segmint/tags/about")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": 404,
        "message": "no metadata image applies to the page '/about'",
    }


def test_post_is_405_naming_the_methods(client: TestClient) -> None:
    response = client.post("/_segmint/tags/")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_head_has_headers_only(client: TestClient) -> None:
    got, head = client.get("/_segmint/tags/about"), client.head("/_segmint/tags/about")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]


def test_unset_site_url_is_taken_from_the_request_and_kept_private() -> None:
    app = create_app(Settings(), MemoryStore(), scan(ROOT / "segments"))
    with TestClient(app) as client:
        answer = client.get(
            "/_segmint/tags/",
            headers={"X-Forwarded-Host": "img.example.org", "X-Forwarded-Proto": "https"},
        )
        bad = client.get("/_segmint/tags/", headers={"X-Forwarded-Host": "evil.example/x?"})
    assert answer.json()["images"][0]["url"].startswith("https://img.example.org/icon/small?")
    assert answer.headers["cache-control"] == "private, max-age=60"
    assert "X-Forwarded-Host" in answer.headers["vary"]
    assert bad.status_code == 400


# --- the Lambda handler -------------------------------------------------------------------


@pytest.fixture
def cold_lambda(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """handler.lambda_entry imported afresh (a cold start) as serverless.yml configures it."""
    for name, value in {
        "SEGMINT_BUCKET": "segmint-test-cache",
        "SEGMINT_PUBLIC_BASE_URL": "/",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("SEGMINT_S3_ENDPOINT_URL", "SEGMINT_SEGMENTS_DIR", "SEGMINT_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="segmint-test-cache")

        def start(site_url: str | None) -> Any:
            if site_url is not None:
                monkeypatch.setenv("SEGMINT_SITE_URL", site_url)
            sys.modules.pop("handler.lambda_entry", None)
            return importlib.import_module("handler.lambda_entry").handler

        try:
            yield start
        finally:
            sys.modules.pop("handler.lambda_entry", None)
            asyncio.set_event_loop(None)
            loop.close()


def _call(handler: Any, shape: EventShape, path: str, **kwargs: Any) -> dict[str, Any]:
    response: dict[str, Any] = handler(build_event(shape, path=path, **kwargs), lambda_context())
    return response


@pytest.mark.parametrize("shape", SHAPES)
def test_lambda_answers_the_head_next_writes(cold_lambda: Any, shape: EventShape) -> None:
    handler = cold_lambda(SITE)
    response = _call(handler, shape, "/_segmint/tags/about", query={"format": "html"})
    assert response["statusCode"] == 200
    assert _parsed(response_body(response).decode()) == NEXT_ABOUT
    headers = response_headers(response)
    assert headers["access-control-allow-origin"] == "*"
    assert headers["cache-control"] == "public, max-age=60"
    tag = headers["etag"]
    again = _call(
        handler,
        shape,
        "/_segmint/tags/about",
        query={"format": "html"},
        headers={"If-None-Match": tag},
    )
    assert again["statusCode"] == 304


@pytest.mark.parametrize("shape", SHAPES)
def test_lambda_json_for_the_root_page(cold_lambda: Any, shape: EventShape) -> None:
    response = _call(cold_lambda(SITE), shape, "/_segmint/tags/")
    assert response["statusCode"] == 200
    assert response.get("isBase64Encoded") in (False, None)
    answer = json.loads(response_body(response))
    assert [e["url"].split("?")[0] for e in answer["images"]] == [
        f"{SITE}/icon/small",
        f"{SITE}/icon/medium",
        f"{SITE}/apple-icon",
    ]


def test_lambda_behind_cloudfront_without_a_site_url_says_what_to_set(cold_lambda: Any) -> None:
    # The Function URL sample's Host is the function URL's: CloudFront drops the viewer's Host.
    response = _call(cold_lambda(None), EventShape.FUNCTION_URL, "/_segmint/tags/")
    assert response["statusCode"] == 500
    assert "set SEGMINT_SITE_URL" in json.loads(response_body(response))["message"]


def test_lambda_unknown_page_is_404_json(cold_lambda: Any) -> None:
    response = _call(cold_lambda(SITE), EventShape.HTTP_V2, "/_segmint/tags/a//b")
    assert response["statusCode"] == 404
    assert response_headers(response)["content-type"] == "application/json"
