"""The HTTP details: path parts, the slash redirect, ETag comparison, bodies empty for HEAD."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from handler import http


def _request(
    path: str = "/icon", raw_path: bytes | None = None, method: str = "GET", etag: str = ""
) -> Request:
    headers = [(b"if-none-match", etag.encode())] if etag else []
    scope: dict[str, object] = {"type": "http", "method": method, "path": path, "headers": headers}
    if raw_path is not None:
        scope["raw_path"] = raw_path
    return Request(scope)


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        pytest.param(_request("/a/b", b"/a%2Fb?x=1"), "/a%2Fb", id="raw-path-without-query"),
        pytest.param(_request("/a b/é"), "/a%20b/%C3%A9", id="no-raw-path-encodes-again"),
        pytest.param(_request("/a/b", b""), "/a/b", id="empty-raw-path"),
    ],
)
def test_raw_path(request_: Request, expected: str) -> None:
    assert http.raw_path(request_) == expected


def test_url_parts_decode_each_part_on_its_own() -> None:
    assert http.url_parts("/shop/a%2Fb/%C3%A9/icon") == ["shop", "a/b", "é", "icon"]
    assert http.url_parts("/") == [""]


@pytest.mark.parametrize(
    ("raw", "query", "location"),
    [
        pytest.param("/icon/", "", "/icon", id="plain"),
        pytest.param("/icon/", "v=1", "/icon?v=1", id="query-kept"),
        pytest.param("//evil.example/", "", "/evil.example", id="no-protocol-relative"),
        pytest.param("/\\evil.example/", "", "/%5Cevil.example", id="backslash"),
    ],
)
def test_slash_redirect(raw: str, query: str, location: str) -> None:
    response = http.slash_redirect(raw, query)
    assert response is not None
    assert (response.status_code, response.headers["location"]) == (308, location)


@pytest.mark.parametrize("raw", ["/", "/icon", "/icon/small"])
def test_no_slash_redirect_without_a_trailing_slash(raw: str) -> None:
    assert http.slash_redirect(raw, "") is None


@pytest.mark.parametrize(
    ("if_none_match", "holds"),
    [
        pytest.param('"3ab15702"', True, id="strong"),
        pytest.param('W/"3ab15702"', True, id="weak"),
        pytest.param('"x", "3ab15702"', True, id="in-a-list"),
        pytest.param("*", True, id="star"),
        pytest.param('"3ab157021"', False, id="longer"),
        pytest.param('"3ab1570"', False, id="shorter"),
    ],
)
def test_client_holds_compares_etags_weakly(if_none_match: str, holds: bool) -> None:
    request = _request(etag=if_none_match)
    assert http.client_holds(request, "segmint/icon/3ab15702.png") is holds


def test_no_if_none_match_holds_nothing() -> None:
    assert not http.client_holds(_request(), "segmint/icon/3ab15702.png")


def test_not_modified_carries_the_etag() -> None:
    response = http.not_modified("segmint/icon/3ab15702.png", "public, max-age=60")
    assert response.status_code == 304
    assert response.headers["etag"] == '"3ab15702"'
    assert response.headers["cache-control"] == "public, max-age=60"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_image_and_text_bodies_are_empty_for_head(method: str) -> None:
    request = _request(method=method)
    image = http.image(request, b"png!", "image/png", "p/icon/abc.png", "public, max-age=60")
    text = http.text(request, 404, "Not Found")
    assert image.headers["content-length"] == "4"
    assert image.headers["etag"] == '"abc"'
    assert text.headers["content-length"] == "9"
    assert text.headers["cache-control"] == "no-store"
    assert (image.body, text.body) == ((b"png!", b"Not Found") if method == "GET" else (b"", b""))


def test_an_uncached_image_has_no_etag() -> None:
    response = http.image(_request(), b"png!", "image/png", None, "no-store")
    assert "etag" not in response.headers
