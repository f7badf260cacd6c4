"""HTTP details the flow uses: the request's path parts, the slash redirect, ETag and 304, and
the image and text bodies (empty for HEAD)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response


def raw_path(request: Request) -> str:
    """The path as the client sent it, percent-encoding kept, so `%2F` stays inside one part:
    the scope's `raw_path`, or the decoded path encoded again where the server gives none."""
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes) and raw:
        return raw.decode("latin-1").split("?", 1)[0]
    return quote(str(request.scope.get("path", "/")))


def url_parts(raw: str) -> list[str]:
    """The path's parts, each percent-decoded on its own (so `%2F` stays inside one part).

    >>> url_parts("/shop/a%2Fb/icon")
    ['shop', 'a/b', 'icon']
    """
    return [unquote(part) for part in raw.split("/")[1:]]


def slash_redirect(raw: str, query: str) -> Response | None:
    """The 308 from `/a/b/` to `/a/b` (query kept), or None where the path has no trailing `/`."""
    if len(raw) <= 1 or not raw.endswith("/"):
        return None
    return Response(status_code=308, headers={"Location": same_origin_location(raw, query)})


_PATH_SAFE = "/%!$&'()*+,;=:@-._~"
"""What stays as it is in a Location path: RFC 3986 pchars and `%` (the client's own escapes)."""


def same_origin_location(raw: str, query: str = "") -> str:
    r"""A path-absolute Location no browser reads as another host: controls, spaces, `\` and
    non-ASCII percent-encoded, leading and trailing slashes collapsed (`//host` is a host).

    >>> same_origin_location("/\t/evil.example/"), same_origin_location("//a\\b/", "x=\n")
    ('/%09/evil.example', '/a%5Cb?x=%0A')
    """
    path = "/" + quote(raw, safe=_PATH_SAFE).strip("/")
    return path + (f"?{quote(query, safe=_PATH_SAFE + '?')}" if query else "")


def etag(key: str) -> str:
    """The strong ETag of a variant: its key's content hash, quoted.

    >>> etag("segmint/icon/3ab15702.png")
    '"3ab15702"'
    """
    return '"' + key.rsplit("/", 1)[-1].split(".")[0] + '"'


def client_holds(request: Request, key: str) -> bool:
    """The request's If-None-Match names the ETag of `key`: the client holds these very bytes."""
    return etag_matches(request.headers.get("if-none-match", ""), etag(key))


def etag_matches(if_none_match: str, tag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag, `W/` or not.

    >>> etag_matches('"x", W/"abc"', '"abc"'), etag_matches('"abcd"', '"abc"')
    (True, False)
    """
    for listed in if_none_match.split(","):
        listed = listed.strip()
        if listed == "*" or listed.removeprefix("W/") == tag:
            return True
    return False


def not_modified(key: str, cache_control: str) -> Response:
    return Response(status_code=304, headers={"Cache-Control": cache_control, "ETag": etag(key)})


def image(
    request: Request, body: bytes, content_type: str, key: str | None, cache_control: str
) -> Response:
    """The image itself; `key` None for an uncached one (no ETag: its bytes may change)."""
    headers = {"Cache-Control": cache_control, "Content-Length": str(len(body))}
    if key is not None:
        headers["ETag"] = etag(key)
    content = b"" if request.method == "HEAD" else body
    return Response(content, media_type=content_type, headers=headers)


def text(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """A short plain-text answer (an error), never cached."""
    body = message.encode()
    all_headers = {"Cache-Control": "no-store", "Content-Length": str(len(body)), **(headers or {})}
    content = b"" if request.method == "HEAD" else body
    return Response(content, status_code=status, media_type="text/plain", headers=all_headers)
