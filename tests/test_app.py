"""The app end to end over a memory store: matching, params, metadata, cache, HTTP rules."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import pytest
from PIL import Image
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.render.limits import Limits, set_limits
from handler.segments import scan
from tests.helpers import PNG_SEGMENT as SOLID_PNG
from tests.origins import same_origin

SegmentWriter = Callable[[dict[str, str]], Path]
PNG_SEGMENT = (
    SOLID_PNG
    + """
    from starlette.responses import Response
    CALLS = []
"""
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
"""The start of a JPEG: what the magic-number check looks at."""
RECORDING = (
    PNG_SEGMENT
    + """
    import json
    def generate_image_metadata(params):
        CALLS.append(("metadata", json.dumps(params)))
        return [{"id": "a", "size": {"width": 8, "height": 6}}]

    def image(params, id):
        CALLS.append(("image", json.dumps(params), id))
        return Response(_png(8, 6), media_type="image/png")
"""
)


def _client(
    root: Path,
    store: MemoryStore | None = None,
    *,
    public_base_url: str = "https://cdn.example",
    **kw: Any,
) -> tuple[TestClient, MemoryStore]:
    store = store or MemoryStore()
    settings = Settings(segments_dir=root, public_base_url=public_base_url)
    client = TestClient(create_app(settings, store, **kw), follow_redirects=False)
    _calls(client).clear()  # start-up validates fixed metadata: count request-time calls only
    return client, store


def _calls(client: TestClient) -> list[Any]:
    """The CALLS list the test segments append to (one list: each test has one module)."""
    for route in client.app.state.service.registry.routes:  # type: ignore[attr-defined]
        if route.module is not None:
            calls: list[Any] = route.module.image.__globals__.get("CALLS", [])
            return calls
    return []


@pytest.mark.parametrize(
    ("file", "url", "params"),
    [
        pytest.param("shop/icon.py", "/shop/icon/a", None, id="shop-icon-none"),
        pytest.param("shop/[slug]/icon.py", "/shop/1/icon/a", {"slug": "1"}, id="slug"),
        pytest.param(
            "shop/[tag]/[item]/icon.py",
            "/shop/1/2/icon/a",
            {"tag": "1", "item": "2"},
            id="tag-item",
        ),
        pytest.param(
            "shop/[...slug]/icon.py", "/shop/1/2/icon/a", {"slug": ["1", "2"]}, id="catch-all"
        ),
        pytest.param("shop/[[...slug]]/icon.py", "/shop/icon/a", {}, id="optional-catch-all-empty"),
        pytest.param(
            "shop/[[...slug]]/icon.py",
            "/shop/x/y/icon/a",
            {"slug": ["x", "y"]},
            id="optional-catch-all",
        ),
        pytest.param(
            "(shop)/[slug]/icon.py",
            "/hello%20world/icon/a",
            {"slug": "hello world"},
            id="group-decoded",
        ),
    ],
)
def test_seed_table_params_reach_both_functions(
    write_segments: SegmentWriter, file: str, url: str, params: object
) -> None:
    client, _ = _client(write_segments({file: RECORDING}))
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    expected = json.dumps(params)
    assert _calls(client) == [("metadata", expected), ("image", expected, "a")]


def test_more_specific_routes_win_when_all_seed_rows_coexist(write_segments: SegmentWriter) -> None:
    folders = {"[slug]": 4, "[tag]/[item]": 5, "[...slug]": 6}
    files = {
        f"shop/{folder}/icon.py": PNG_SEGMENT
        + f"""
    def image(params):
        return Response(_png({width}, 1), media_type="image/png")
"""
        for folder, width in folders.items()
    }
    client, _ = _client(write_segments(files))
    widths = []
    for url in ("/shop/1/icon", "/shop/1/2/icon", "/shop/1/2/3/icon", "/shop/1/icon/icon"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        widths.append(Image.open(io.BytesIO(answer.content)).width)
    assert widths == [4, 5, 6, 5]  # the last is [tag]/[item] with item="icon"


def test_miss_renders_stores_then_redirects(write_segments: SegmentWriter) -> None:
    client, store = _client(write_segments({"icon.py": RECORDING}))
    first = client.get("/icon/a")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["content-length"] == str(len(first.content))
    assert first.headers["etag"].startswith('"')
    [key] = store.objects
    assert store.objects[key].body == first.content
    assert store.objects[key].metadata["route"] == "/icon/a"
    second = client.get("/icon/a")
    assert second.status_code == 307
    assert second.headers["location"] == f"https://cdn.example/{key}"
    assert second.headers["cache-control"] == "public, max-age=60"


@pytest.mark.parametrize(
    ("file", "url"),
    [
        pytest.param("icon.py", "/icon/a", id="plain"),
        pytest.param("[slug]/icon.py", "/a%2Fb/icon/a", id="encoded-slash"),
        pytest.param("[slug]/icon.py", "/%2F%2Fevil.example/icon/a", id="leading-slashes"),
    ],
)
def test_same_origin_base_redirects_to_a_path_absolute_location(
    write_segments: SegmentWriter, file: str, url: str
) -> None:
    base = Settings.from_env({"SEGMINT_PUBLIC_BASE_URL": "/"}).public_base_url
    client, store = _client(write_segments({file: RECORDING}), public_base_url=base)
    assert client.get(url).status_code == 200
    [key] = store.objects
    location = client.get(url).headers["location"]
    assert location == f"/{quote(key)}"
    assert location.startswith("/segmint/")
    assert not location.startswith("//")
    # A client resolves it against the URL it asked for: same scheme, same host.
    resolved = urljoin(f"https://d111.cloudfront.net{url}", location)
    assert resolved == f"https://d111.cloudfront.net/{quote(key)}"


def test_warm_hit_makes_no_store_call(write_segments: SegmentWriter) -> None:
    client, store = _client(write_segments({"icon.py": RECORDING}))
    client.get("/icon/a")
    store.calls.clear()
    assert client.get("/icon/a").status_code == 307
    assert store.calls == []


def test_cold_handler_asks_the_store_once(write_segments: SegmentWriter) -> None:
    root = write_segments({"icon.py": RECORDING})
    warm, store = _client(root)
    warm.get("/icon/a")
    cold, _ = _client(root, store)
    store.calls.clear()
    assert cold.get("/icon/a").status_code == 307
    assert cold.get("/icon/a").status_code == 307
    assert [c[0] for c in store.calls] == ["exists"]


def test_with_expiring_objects_a_redirect_never_points_at_an_expired_one(
    write_segments: SegmentWriter,
) -> None:
    # The lifecycle rule deletes objects 30 days after they were written; keys move on every
    # 15 days, so a redirect (cached 60 s at most) points at an object younger than that.
    root = write_segments({"icon.py": RECORDING, "about/opengraph-image.png": ""})
    start, now = 1_000_000_000.0, [0.0]
    settings = Settings(segments_dir=root, public_base_url="/", cache_expiry_days=30)
    store = MemoryStore()
    client = TestClient(
        create_app(settings, store, clock=lambda: start + now[0]), follow_redirects=False
    )
    written: dict[str, float] = {}
    for step in range(12):  # a request a day for each image every 5 days: 60 days
        now[0] = step * 5 * 86_400.0
        for url in ("/icon/a", "/about/opengraph-image.png"):
            before = set(store.objects)
            answer = client.get(url)
            written |= dict.fromkeys(set(store.objects) - before, now[0])
            if answer.status_code == 307:
                age = now[0] - written[answer.headers["location"].removeprefix("/")]
                assert age < 15 * 86_400, (url, step, age)
            else:
                assert answer.status_code == 200
    epochs = {int((start + step * 5 * 86_400) // (15 * 86_400)) for step in range(12)}
    assert len(written) == 2 * len(epochs)  # each image written once in each key epoch


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/icon/b", id="unknown-id"),
        pytest.param("/icon", id="no-id-where-ids-exist"),
        pytest.param("/icon/a/b", id="too-long"),
        pytest.param("/nothing/here", id="unknown-route"),
        pytest.param("/", id="root"),
    ],
)
def test_unknown_urls_are_404_with_short_text(write_segments: SegmentWriter, url: str) -> None:
    client, store = _client(write_segments({"icon.py": RECORDING}))
    answer = client.get(url)
    assert answer.status_code == 404
    assert answer.text.startswith("Not Found")
    assert len(answer.content) < 100
    assert answer.headers["content-type"].startswith("text/plain")
    assert store.objects == {}


def test_numeric_ids_compare_as_strings(write_segments: SegmentWriter) -> None:
    source = (
        PNG_SEGMENT
        + """
    def generate_image_metadata():
        return [{"id": 0}, {"id": 1}]

    def image(id):
        CALLS.append(id)
        return Response(_png(4, 4), media_type="image/png")
"""
    )
    client, _ = _client(write_segments({"opengraph-image.py": source}))
    assert client.get("/opengraph-image/00").status_code == 404
    assert client.get("/opengraph-image/0").status_code == 200
    assert _calls(client) == [0]


def test_head_answers_headers_without_body(write_segments: SegmentWriter) -> None:
    client, _ = _client(write_segments({"icon.py": RECORDING}))
    answer = client.head("/icon/a")
    assert answer.status_code == 200
    assert answer.content == b""
    assert int(answer.headers["content-length"]) > 0
    assert client.head("/icon/a").status_code == 307


def test_head_of_a_never_seen_variant_renders_stores_and_answers_gets_headers(
    write_segments: SegmentWriter,
) -> None:
    # Decision: HEAD answers exactly the headers a GET would (length, ETag), so it renders, and
    # stores what it rendered rather than throwing the work away.
    root = write_segments({"icon.py": RECORDING})
    head_client, head_store = _client(root)
    get_client, _ = _client(root)
    head = head_client.head("/icon/a")
    got = get_client.get("/icon/a")
    assert (head.status_code, got.status_code) == (200, 200)
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control"):
        assert head.headers[name] == got.headers[name], name
    [stored] = head_store.objects.values()
    assert stored.body == got.content


@pytest.mark.parametrize(
    ("url", "params"),
    [
        pytest.param("/a%2Fb/icon/a", {"slug": "a/b"}, id="encoded-slash"),
        pytest.param("/..%2F..%2Fx/icon/a", {"slug": "../../x"}, id="dots"),
        pytest.param("/%E2%9C%93/icon/a", {"slug": "\u2713"}, id="unicode"),
        pytest.param("/" + "y" * 2048 + "/icon/a", {"slug": "y" * 2048}, id="2kb"),
    ],
)
def test_nasty_params_reach_the_segment_and_keys_stay_in_the_prefix(
    write_segments: SegmentWriter, url: str, params: dict[str, str]
) -> None:
    client, store = _client(write_segments({"[slug]/icon.py": RECORDING}))
    answer = client.get(url)
    assert answer.status_code == 200
    assert _calls(client)[-1] == ("image", json.dumps(params), "a")
    [key] = store.objects
    assert key.startswith("segmint/_slug/icon/")
    assert ".." not in key
    assert client.get(url).headers["location"] == f"https://cdn.example/{key}"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_and_store_nothing(
    write_segments: SegmentWriter, method: str
) -> None:
    client, store = _client(write_segments({"icon.py": RECORDING}))
    answer = client.request(method, "/icon/a")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
    assert answer.headers["cache-control"] == "no-store"
    assert store.objects == {}
    assert _calls(client) == []
    assert client.get("/icon/a").status_code == 200


@pytest.mark.parametrize(
    ("url", "location"),
    [
        pytest.param("/icon/a/", "/icon/a", id="plain"),
        pytest.param("/icon/a/?v=1", "/icon/a?v=1", id="keeps-query"),
        pytest.param("/icon/a//", "/icon/a", id="many-slashes"),
        # A browser reads `/\evil.example` as `//evil.example`: another host.
        pytest.param("/\\evil.example/", "/%5Cevil.example", id="backslash-not-a-host"),
    ],
)
def test_trailing_slash_is_308(write_segments: SegmentWriter, url: str, location: str) -> None:
    client, _ = _client(write_segments({"icon.py": RECORDING}))
    answer = client.get(url)
    assert answer.status_code == 308
    assert answer.headers["location"] == location


def test_broken_segment_is_reported_while_others_serve(
    write_segments: SegmentWriter, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_segments({"icon.py": RECORDING, "shop/icon.py": "def image(:\n"})
    client, _ = _client(root)
    assert "shop/icon.py" in caplog.text
    assert "syntax error" in caplog.text
    assert client.get("/icon/a").status_code == 200
    assert client.get("/shop/icon").status_code == 404


def test_metadata_error_at_request_time_is_500_naming_the_segment(
    write_segments: SegmentWriter,
) -> None:
    source = (
        PNG_SEGMENT
        + """
    def generate_image_metadata(params):
        return [{"id": params["slug"]}, {"id": params["slug"]}]

    def image(id):
        return Response(_png(4, 4), media_type="image/png")
"""
    )
    client, store = _client(write_segments({"[slug]/icon.py": source}))
    answer = client.get("/x/icon/x")
    assert answer.status_code == 500
    assert "[slug]/icon.py" in answer.text
    assert "duplicate id 'x'" in answer.text
    assert store.objects == {}


def test_a_raising_segment_logs_its_own_frames_not_the_call_machinery(
    write_segments: SegmentWriter, caplog: pytest.LogCaptureFixture
) -> None:
    source = """
    def helper():
        raise ValueError("no such product")

    def image():
        return helper()
"""
    client, _ = _client(write_segments({"x/icon.py": source}))
    assert client.get("/x/icon").status_code == 500
    [record] = [r for r in caplog.records if r.getMessage().startswith("segment error")]
    message = record.getMessage()
    assert 'x/icon.py", line 6, in image' in message
    assert 'x/icon.py", line 3, in helper' in message
    assert message.endswith("ValueError: no such product")
    assert "anyio" not in message
    assert "handler/app.py" not in message


def test_variant_size_becomes_the_image_response_canvas(write_segments: SegmentWriter) -> None:
    source = """
    from handler.render.response import ImageResponse
    from handler.render.elements import h

    def generate_image_metadata():
        return [{"id": "s", "size": {"width": 48, "height": 40}}]

    def image(id):
        return ImageResponse(h("div", {"style": {"background": "#000"}}))
"""
    client, _ = _client(write_segments({"icon.py": source}))
    answer = client.get("/icon/s")
    assert answer.status_code == 200
    assert Image.open(io.BytesIO(answer.content)).size == (48, 40)


def test_static_file_serves_its_bytes_then_redirects(write_segments: SegmentWriter) -> None:
    root = write_segments({"about/opengraph-image.png": "", "about/opengraph-image.alt.txt": "A\n"})
    client, store = _client(root)
    first = client.get("/about/opengraph-image.png")
    assert first.status_code == 200
    assert first.content == (root / "about/opengraph-image.png").read_bytes()
    assert client.get("/about/opengraph-image.png").status_code == 307
    [stored] = store.objects.values()
    assert stored.content_type == "image/png"


def test_revalidate_buckets_change_the_key_and_the_metadata(write_segments: SegmentWriter) -> None:
    source = RECORDING + "\n    revalidate = 60\n"
    now = [1000.0]
    client, store = _client(write_segments({"icon.py": source}), clock=lambda: now[0])
    assert client.get("/icon/a").status_code == 200
    now[0] = 1019.0
    assert client.get("/icon/a").status_code == 307
    now[0] = 1021.0
    assert client.get("/icon/a").status_code == 200
    assert len(store.objects) == 2
    assert [c[0] for c in _calls(client)] == ["metadata", "image", "metadata", "image"]


def test_dynamic_params_false_serves_only_static_params(write_segments: SegmentWriter) -> None:
    source = (
        PNG_SEGMENT
        + """
    dynamic_params = False
    def generate_static_params():
        return [{"slug": "a"}]
    def image():
        return Response(_png(4, 4), media_type="image/png")
"""
    )
    client, _ = _client(write_segments({"[slug]/icon.py": source}))
    assert client.get("/a/icon").status_code == 200
    assert client.get("/b/icon").status_code == 404


def test_static_params_are_memoised_per_segment_and_bucket(write_segments: SegmentWriter) -> None:
    source = (
        PNG_SEGMENT
        + """
    dynamic_params = False
    revalidate = 60
    def generate_static_params():
        CALLS.append("static")
        return [{"slug": "a"}, {"slug": 2}]
    def image():
        return Response(_png(4, 4), media_type="image/png")
"""
    )
    now = [1000.0]
    client, _ = _client(write_segments({"[slug]/icon.py": source}), clock=lambda: now[0])
    answers = [client.get(url).status_code for url in ("/a/icon", "/2/icon", "/b/icon", "/a/icon")]
    assert answers == [200, 200, 404, 307]
    assert _calls(client) == ["static"]
    now[0] = 1021.0  # the next revalidate bucket asks again
    assert client.get("/b/icon").status_code == 404
    assert _calls(client) == ["static", "static"]


def test_broken_static_params_are_500_naming_the_export(write_segments: SegmentWriter) -> None:
    source = (
        PNG_SEGMENT
        + """
    dynamic_params = False
    def generate_static_params():
        return {"slug": "a"}
    def image():
        return Response(_png(4, 4), media_type="image/png")
"""
    )
    client, store = _client(write_segments({"[slug]/icon.py": source}))
    answer = client.get("/a/icon")
    assert answer.status_code == 500
    assert "generate_static_params: must return a list of dicts, got dict" in answer.text
    assert store.objects == {}


def test_image_may_return_raw_bytes(write_segments: SegmentWriter) -> None:
    source = (
        PNG_SEGMENT + "\n    content_type = 'image/jpeg'\n    def image():\n        return JPEG\n"
    )
    client, store = _client(write_segments({"icon.py": source.replace("JPEG", repr(JPEG))}))
    answer = client.get("/icon")
    assert answer.content == JPEG
    assert answer.headers["content-type"] == "image/jpeg"
    assert next(iter(store.objects)).endswith(".jpg")


def test_shipped_segments_scan_clean() -> None:
    registry = scan(Path(__file__).resolve().parent.parent / "segments")
    assert registry.problems == ()
    assert len(registry.routes) >= 9


def test_if_none_match_with_the_etag_is_304_without_rendering(
    write_segments: SegmentWriter,
) -> None:
    root = write_segments({"icon.py": RECORDING})
    first_client, _ = _client(root)
    etag = first_client.get("/icon/a").headers["etag"]
    client, store = _client(root)  # a fresh process: nothing known, nothing stored
    answer = client.get("/icon/a", headers={"If-None-Match": f'"other", W/{etag}'})
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer.headers["etag"] == etag
    assert answer.headers["cache-control"] == "public, max-age=60"
    assert [c[0] for c in _calls(client)] == ["metadata"]
    assert store.objects == {}
    assert client.head("/icon/a", headers={"If-None-Match": etag}).status_code == 304


def test_if_none_match_on_a_known_key_is_304_not_a_redirect(
    write_segments: SegmentWriter,
) -> None:
    client, _ = _client(write_segments({"icon.py": RECORDING}))
    etag = client.get("/icon/a").headers["etag"]
    assert client.get("/icon/a", headers={"If-None-Match": etag}).status_code == 304
    stale = client.get("/icon/a", headers={"If-None-Match": '"0123"'})
    assert stale.status_code == 307


def test_500_body_names_the_segment_but_not_what_its_exception_says(
    write_segments: SegmentWriter, caplog: pytest.LogCaptureFixture
) -> None:
    source = """
    def image():
        raise RuntimeError("login failed for postgres://app:hunter2@db.internal")
"""
    client, _ = _client(write_segments({"x/icon.py": source}))
    answer = client.get("/x/icon")
    assert answer.status_code == 500
    assert "x/icon.py" in answer.text
    assert "RuntimeError" in answer.text
    assert "hunter2" not in answer.text
    assert "hunter2" in caplog.text  # the author still finds it in the log


def test_revalidate_0_renders_every_request_and_stores_nothing(
    write_segments: SegmentWriter,
) -> None:
    # As Next's `revalidate = 0`: always dynamic. Storing would fill the bucket with one object
    # per request, and a redirect would pin one render.
    client, store = _client(write_segments({"icon.py": RECORDING + "\n    revalidate = 0\n"}))
    first, second = client.get("/icon/a"), client.get("/icon/a")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.headers["cache-control"] == "private, no-cache, no-store, max-age=0"
    assert "etag" not in first.headers
    assert client.get("/icon/a", headers={"If-None-Match": "*"}).status_code == 200
    assert store.objects == {}
    assert [c[0] for c in _calls(client)] == ["metadata", "image"] * 3


def test_async_generator_metadata_passes_the_start_up_check_and_serves(
    write_segments: SegmentWriter,
) -> None:
    source = (
        PNG_SEGMENT
        + """
    async def generate_image_metadata():
        for name in ("a", "b"):
            yield {"id": name}

    def image(id):
        return Response(_png(4, 4), media_type="image/png")
"""
    )
    root = write_segments({"icon.py": source})
    assert scan(root).problems == ()
    client, _ = _client(root)
    assert [client.get(f"/icon/{i}").status_code for i in ("a", "b", "c")] == [200, 200, 404]


REDIRECT_PROBES = [
    pytest.param("/icon/small%0a/", id="encoded-newline-then-slash"),
    pytest.param("/icon/a%0A/", id="encoded-newline-upper"),
    pytest.param("/icon/a%0d%0a/", id="encoded-crlf"),
    pytest.param("/%09/evil.example/", id="encoded-tab-host"),
    pytest.param("/%5C/evil.example/", id="encoded-backslash-host"),
    pytest.param("//evil.example/", id="double-slash-host"),
    pytest.param("/\\evil.example/", id="backslash-host"),
    pytest.param("/icon/a/?next=//evil.example", id="query-kept"),
]


@pytest.mark.parametrize("url", REDIRECT_PROBES)
def test_every_redirect_stays_on_the_origin_whatever_the_host_header(
    write_segments: SegmentWriter, url: str
) -> None:
    client, _ = _client(write_segments({"icon.py": RECORDING}))
    answer = client.get(url, headers={"Host": "evil.example"})
    assert answer.status_code in (308, 404), answer.headers.get("location")
    if answer.status_code == 308:
        location = answer.headers["location"]
        assert same_origin("https://segmint.example" + url, location), location


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("def image():\n    return None\n", id="image-returns-none"),
        pytest.param("def image():\n    return 'png'\n", id="image-returns-str"),
        pytest.param("def image():\n    return {}\n", id="image-returns-dict"),
        pytest.param(
            "def generate_image_metadata(params):\n    return {}\ndef image(id):\n    return b''\n",
            id="metadata-returns-dict",
        ),
        pytest.param(
            "def generate_image_metadata(params):\n    return [{'id': 'a', 'size': 3}]\n"
            "def image(id):\n    return b''\n",
            id="metadata-bad-size",
        ),
        pytest.param(
            "def generate_image_metadata(params):\n    raise OSError('/etc/secret')\n"
            "def image(id):\n    return b''\n",
            id="metadata-raises",
        ),
    ],
)
def test_500_bodies_name_the_segment_relative_to_the_project(
    write_segments: SegmentWriter, caplog: pytest.LogCaptureFixture, source: str
) -> None:
    root = write_segments({"[x]/icon.py": source})
    client, store = _client(root)
    answer = client.get("/x/icon/a" if "metadata" in source else "/x/icon")
    assert answer.status_code == 500
    assert "segments/[x]/icon.py" in answer.text
    assert str(root.parent) not in answer.text
    assert str(root / "[x]" / "icon.py") in caplog.text  # the log keeps the full detail
    assert store.objects == {}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("b'xyz'", id="raw-junk"),
        pytest.param("b''", id="raw-empty"),
        pytest.param("Response(b'<html>', media_type='text/html')", id="html-response"),
        pytest.param("Response(_png(2, 2)[1:], media_type='image/png')", id="truncated-png"),
        pytest.param("Response(b'\\xff\\xd8\\xff\\xe0', media_type='image/png')", id="jpeg-as-png"),
    ],
)
def test_bytes_that_are_not_the_declared_type_are_500_and_never_stored(
    write_segments: SegmentWriter, body: str
) -> None:
    source = PNG_SEGMENT + f"\n    def image():\n        return {body}\n"
    client, store = _client(write_segments({"icon.py": source}))
    answer = client.get("/icon")
    assert answer.status_code == 500
    assert "segments/icon.py: image:" in answer.text
    assert "are not" in answer.text
    assert store.objects == {}


@pytest.mark.parametrize(
    "revalidate", [pytest.param(0, id="dynamic"), pytest.param(60, id="cached")]
)
def test_no_response_body_is_past_lambdas_limit(
    write_segments: SegmentWriter, revalidate: int
) -> None:
    # Lambda answers at most 6 MB, base64 included: 4.5 MB of PNG would fail the invocation.
    source = f"""
    revalidate = {revalidate}
    def image():
        return b"\\x89PNG\\r\\n\\x1a\\n" + bytes(4_500_000)
"""
    client, store = _client(write_segments({"icon.py": source}))
    answer = client.get("/icon")
    assert len(answer.content) * 4 / 3 < 6_000_000
    if revalidate:
        assert answer.status_code == 307  # stored, then redirected to
        assert len(store.objects) == 1
    else:
        assert answer.status_code == 500
        assert "4500008 bytes" in answer.text
        assert "revalidate" in answer.text
        assert store.objects == {}


def test_the_apps_limits_hold_metadata_sizes_and_canvases(write_segments: SegmentWriter) -> None:
    root = write_segments(
        {
            "big/icon.py": """
                from handler import ImageResponse, div
                size = {"width": 100, "height": 100}
                def image():
                    return ImageResponse(div("x"))
            """,
            "wide/icon.py": """
                from handler import ImageResponse, div
                def image():
                    return ImageResponse(div("x"), width=64, height=64)
            """,
        }
    )
    limits = Limits(max_side=64, max_canvas_pixels=32 * 32)
    try:
        app = create_app(Settings(segments_dir=root, limits=limits), MemoryStore())
        problems = [str(p) for p in app.state.service.registry.problems]
        assert any("sides must be ints from 1 to 64" in p for p in problems), problems
        answer = TestClient(app).get("/wide/icon")
        assert answer.status_code == 500
        assert "max_canvas_pixels=1,024" in answer.text
    finally:
        set_limits(Limits())
