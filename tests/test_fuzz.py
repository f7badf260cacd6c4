"""Generated requests through the real app over moto's S3: no 5xx for bad input, no key outside
the prefix, no redirect off the origin. FUZZ_EXAMPLES sets the count (`make test` 1,000,
`make fuzz` 10,000), printed with the counts by status."""

from __future__ import annotations

import asyncio
import os
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import boto3  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.s3 import S3Store
from handler.config import Settings
from handler.lambda_events import RawPathFromEvent, without_bad_host
from tests.events import EventShape, build_event, lambda_context, response_headers
from tests.origins import same_origin

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
BUCKET = "segmint-fuzz"
PREFIX = "segmint/"
BASE = "https://cdn.example"
CHEAP = """
    from tests.helpers import png_bytes
    PNG = png_bytes(4, 4)
"""
SEGMENTS = {
    "icon.py": CHEAP
    + """
    def generate_image_metadata():
        return [{"id": "small"}, {"id": "large"}]
    def image(id):
        return PNG
""",
    "shop/[slug]/icon.py": CHEAP + "\n    def image(params):\n        return PNG\n",
    "docs/[...path]/opengraph-image.py": CHEAP + "\n    def image(params):\n        return PNG\n",
    "about/opengraph-image.png": "",
}
NFC = unicodedata.normalize("NFC", "caf\u00e9")
NFD = unicodedata.normalize("NFD", "caf\u00e9")
PIECES = st.sampled_from(
    [
        "icon",
        "small",
        "large",
        "shop",
        "docs",
        "about",
        "opengraph-image",
        "opengraph-image.png",
        "",
        ".",
        "..",
        "%2e%2e",
        "%2E%2E",
        "%2F",
        "..%2F..%2Fetc",
        "%00",
        "%0a",
        "%0d%0a",
        "%09",
        "%5C",
        "\\",
        "%ff",
        "%c3%28",
        "%e2%82",
        "%",
        "%zz",
        "a" * 8192,
        NFC,
        NFD,
        "%C2%85",
        "\u2029",
        "~",
        "@evil.example",
        "evil.example",
        "http:",
        "%252e",
        ";",
        "*",
    ]
)
PIECE = st.one_of(PIECES, st.text(max_size=12))
PATHS = st.one_of(
    st.lists(PIECE, max_size=6).map(lambda parts: "/" + "/".join(parts)),
    PIECE.map(lambda p: f"/shop/{p}/icon"),
    st.tuples(PIECE, PIECE).map(lambda p: f"/docs/{p[0]}/{p[1]}/opengraph-image"),
    st.tuples(PIECE, st.sampled_from(["small", "large"])).map(lambda p: f"/icon/{p[1]}{p[0]}"),
    st.tuples(st.sampled_from(["", "/", "//", "\\"]), PIECE).map(lambda p: f"/{p[1]}{p[0]}"),
)
METHODS = st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "OPTIONS", "PROPFIND", "TRACE"])
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "host": st.sampled_from(["evil.example", "evil.example:443", "a@b", "[::1]", ""]),
        "if-none-match": st.sampled_from(["*", '"x"', "W/" + '"a", ' * 2000, '"' + "f" * 8192]),
        "range": st.sampled_from(["bytes=0-10", "bytes=-1", "bytes=99999999-", "lines=1"]),
        "x-forwarded-host": st.just("evil.example"),
        "accept": st.sampled_from(["image/png", "*/*", "text/html"]),
    },
)


@pytest.fixture
def fuzz_app(tmp_path: Path) -> Iterator[tuple[Any, list[str], Settings]]:
    from tests.helpers import write_segment_tree

    root = write_segment_tree(tmp_path / "segments", SEGMENTS)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        keys: list[str] = []

        def record(params: dict[str, Any], **_: Any) -> None:
            if "Key" in params:
                keys.append(params["Key"])

        s3.meta.events.register("before-call.s3.*", record)
        config = Settings(segments_dir=root, bucket=BUCKET, prefix=PREFIX, public_base_url=BASE)
        app = create_app(config, S3Store(s3, BUCKET, PREFIX))
        yield app, keys, config
        listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        keys.extend(item["Key"] for item in listed)


def _check_keys(keys: list[str]) -> None:
    for key in keys:
        assert key.startswith(PREFIX), key
        assert ".." not in key.split("/"), key
        assert "//" not in key, key


def _check_answer(status: int, location: str | None, url: str) -> None:
    assert status < 500, (status, url)
    if location is not None:
        assert same_origin(f"https://segmint.example{url}", location, (BASE,)), (url, location)


@pytest.mark.timeout(1800)
def test_generated_requests_through_the_app(fuzz_app: tuple[Any, list[str], Settings]) -> None:
    app, keys, _ = fuzz_app
    client = TestClient(app, follow_redirects=False, base_url="https://segmint.example")
    counts: Counter[int | str] = Counter()
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(path=PATHS, method=METHODS, headers=HEADERS)
    def one(path: str, method: str, headers: dict[str, str]) -> None:
        path = quote(path, safe=_SENT_AS_IS)  # raw controls go through the Mangum sample
        answer = client.request(method, "https://segmint.example" + path, headers=headers)
        counts[answer.status_code] += 1
        _check_answer(answer.status_code, answer.headers.get("location"), path)

    one()
    _check_keys(keys)
    took = time.monotonic() - started
    print(
        f"\n{EXAMPLES} generated requests in {took:.1f} s: {dict(sorted(counts.items(), key=str))}"
    )
    assert sum(counts.values()) >= EXAMPLES


_SENT_AS_IS = "".join(chr(c) for c in range(33, 127) if chr(c) not in "?#")
SHAPES = st.sampled_from(list(EventShape))


@pytest.mark.timeout(1800)
def test_generated_events_through_the_mangum_handler(
    fuzz_app: tuple[Any, list[str], Settings],
) -> None:
    from mangum import Mangum

    app, keys, _ = fuzz_app
    # As on Lambda: Mangum finds no running loop and uses the thread's current one.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    mangum: Callable[..., dict[str, Any]] = Mangum(RawPathFromEvent(app), lifespan="off")

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return mangum(without_bad_host(event), context)  # as handler.lambda_entry.handler

    counts: Counter[str] = Counter()

    @settings(
        max_examples=max(EXAMPLES // 10, 100),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(shape=SHAPES, path=PATHS, method=METHODS, headers=HEADERS)
    def one(shape: EventShape, path: str, method: str, headers: dict[str, str]) -> None:
        event = build_event(shape, method=method, path=path, headers=headers)
        response = handler(event, lambda_context())
        status = response["statusCode"]
        counts[f"{shape.value} {status}"] += 1
        _check_answer(status, response_headers(response).get("location"), path)

    try:
        one()
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    _check_keys(keys)
    print(f"\nMangum sample: {dict(sorted(counts.items()))}")
