"""S3Store against moto's in-process S3 (mock_aws), and the app's miss -> store -> redirect."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import boto3  # type: ignore[import-untyped]
import pytest
from botocore.awsrequest import AWSResponse  # type: ignore[import-untyped]
from botocore.stub import Stubber  # type: ignore[import-untyped]
from moto import mock_aws
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.s3 import S3Store, s3_client, s3_config
from handler.cache.store import IMMUTABLE_CACHE_CONTROL
from handler.config import Settings
from handler.exceptions import StoreError
from tests.fault_sockets import Fault, faulty_endpoint

BUCKET = "segmint-test"
SEGMENT = """
import io
from PIL import Image
from starlette.responses import Response

def image():
    buf = io.BytesIO()
    Image.new("RGB", (6, 6), (1, 2, 3)).save(buf, "PNG")
    return Response(buf.getvalue(), media_type="image/png")
"""


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def _count_calls(client: Any) -> list[str]:
    seen: list[str] = []
    client.meta.events.register("before-call.s3.*", lambda model, **_: seen.append(model.name))
    return seen


def test_put_writes_type_cache_control_and_metadata(s3: Any) -> None:
    store = S3Store(s3, BUCKET, "p/")
    store.put("p/a/1.png", b"png", "image/png", {"route": "/icon/small"})
    head = s3.head_object(Bucket=BUCKET, Key="p/a/1.png")
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == IMMUTABLE_CACHE_CONTROL
    assert head["Metadata"] == {"route": "/icon/small"}
    assert store.exists("p/a/1.png")
    assert not store.exists("p/a/2.png")


def test_put_never_overwrites(s3: Any) -> None:
    store = S3Store(s3, BUCKET, "p/")
    store.put("p/k.png", b"first", "image/png", {})
    store.put("p/k.png", b"second", "image/png", {})
    stored = store.get("p/k.png")
    assert stored is not None
    assert stored.body == b"first"
    assert store.get("p/none.png") is None


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("q/x.png", id="other-prefix"),
        pytest.param("p/../x.png", id="dotdot"),
        pytest.param("p//x.png", id="double-slash"),
        pytest.param("p/", id="prefix-itself"),
        pytest.param("/p/x.png", id="leading-slash"),
    ],
)
def test_keys_outside_the_prefix_are_refused(s3: Any, key: str) -> None:
    store = S3Store(s3, BUCKET, "p/")
    with pytest.raises(StoreError, match="outside the store's prefix"):
        store.put(key, b"x", "image/png", {})


def test_a_500_for_an_existing_key_counts_as_stored(s3: Any) -> None:
    store = S3Store(s3, BUCKET, "p/")
    store.put("p/k.png", b"first", "image/png", {})

    def answer_500(**_: Any) -> None:
        from botocore.exceptions import ClientError  # type: ignore[import-untyped]

        raise ClientError(
            {"Error": {"Code": "InternalError"}, "ResponseMetadata": {"HTTPStatusCode": 500}},
            "PutObject",
        )

    s3.meta.events.register("before-call.s3.PutObject", answer_500)
    store.put("p/k.png", b"second", "image/png", {})
    with pytest.raises(StoreError, match="PUT"):
        store.put("p/new.png", b"x", "image/png", {})


def test_a_409_conflict_is_retried(s3: Any) -> None:
    store = S3Store(s3, BUCKET, "p/")
    failures = [1]

    def conflict_once(**_: Any) -> None:
        from botocore.exceptions import ClientError

        if failures:
            failures.pop()
            raise ClientError({"Error": {"Code": "ConditionalRequestConflict"}}, "PutObject")

    s3.meta.events.register("before-call.s3.PutObject", conflict_once)
    store.put("p/k.png", b"body", "image/png", {})
    assert store.exists("p/k.png")


def test_app_miss_stores_once_then_redirects_without_s3_calls(
    s3: Any, write_segments: Callable[[dict[str, str]], Path]
) -> None:
    settings = Settings(
        segments_dir=write_segments({"icon.py": SEGMENT}),
        bucket=BUCKET,
        public_base_url="https://b.example",
    )
    client = TestClient(
        create_app(settings, S3Store(s3, BUCKET, settings.prefix)), follow_redirects=False
    )
    first = client.get("/icon")
    assert first.status_code == 200
    listed = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert len(listed) == 1
    key = listed[0]["Key"]
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == IMMUTABLE_CACHE_CONTROL
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == first.content
    calls = _count_calls(s3)
    second = client.get("/icon")
    assert second.status_code == 307
    assert second.headers["location"] == f"https://b.example/{key}"
    assert calls == []


def test_cold_app_heads_once(s3: Any, write_segments: Callable[[dict[str, str]], Path]) -> None:
    settings = Settings(segments_dir=write_segments({"icon.py": SEGMENT}), bucket=BUCKET)
    TestClient(create_app(settings, S3Store(s3, BUCKET, settings.prefix))).get("/icon")
    cold = TestClient(
        create_app(settings, S3Store(s3, BUCKET, settings.prefix)), follow_redirects=False
    )
    calls = _count_calls(s3)
    assert cold.get("/icon").status_code == 307
    assert cold.get("/icon").status_code == 307
    assert calls == ["HeadObject"]


@pytest.mark.parametrize(
    ("code", "status"),
    [
        pytest.param("403", 403, id="bare-403"),
        pytest.param("AccessDenied", 403, id="access-denied"),
        pytest.param("Forbidden", 403, id="forbidden"),
        pytest.param("404", 404, id="bare-404"),
        pytest.param("NoSuchKey", 404, id="no-such-key"),
    ],
)
def test_head_denied_or_missing_means_not_stored(code: str, status: int) -> None:
    # Without s3:ListBucket (our deployed role) S3 answers a HEAD of a missing key 403.
    client = boto3.client("s3", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_client_error("head_object", service_error_code=code, http_status_code=status)
        assert S3Store(client, BUCKET, "p/").exists("p/k.png") is False
        stub.assert_no_pending_responses()


def test_head_server_error_is_a_store_error() -> None:
    client = boto3.client("s3", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_client_error(
            "head_object", service_error_code="InternalError", http_status_code=500
        )
        with pytest.raises(StoreError, match=r"HEAD s3://segmint-test/p/k.png failed"):
            S3Store(client, BUCKET, "p/").exists("p/k.png")


class _EmptyBody:
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b""

    def read(self, *_: Any, **__: Any) -> bytes:
        return b""


def _deny_head_of_missing_keys(client: Any) -> None:
    """Answer HEADs of missing keys as S3 does for a role without s3:ListBucket: a bare 403."""

    def answer(request: Any, **_: Any) -> AWSResponse | None:
        path = unquote(urlsplit(request.url).path).lstrip("/")
        key = path.removeprefix(f"{BUCKET}/")  # path-style or virtual-hosted URL
        listed = client.list_objects_v2(Bucket=BUCKET, Prefix=key).get("Contents", [])
        if any(item["Key"] == key for item in listed):
            return None
        return AWSResponse(request.url, 403, {"x-amz-request-id": "denied"}, _EmptyBody())

    client.meta.events.register_first("before-send.s3.HeadObject", answer)


def test_app_without_list_bucket_renders_stores_and_logs_no_warning(
    s3: Any, write_segments: Callable[[dict[str, str]], Path], caplog: pytest.LogCaptureFixture
) -> None:
    _deny_head_of_missing_keys(s3)
    settings = Settings(segments_dir=write_segments({"icon.py": SEGMENT}), bucket=BUCKET)
    app = create_app(settings, S3Store(s3, BUCKET, settings.prefix))
    caplog.clear()
    with caplog.at_level("WARNING"):
        first = TestClient(app, follow_redirects=False).get("/icon")
    assert first.status_code == 200
    assert caplog.records == []
    [stored] = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert s3.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read() == first.content
    cold = TestClient(
        create_app(settings, S3Store(s3, BUCKET, settings.prefix)), follow_redirects=False
    )
    assert cold.get("/icon").status_code == 307


FAULTS = [pytest.param(fault, id=fault.name.lower()) for fault in Fault]


def _client_at(endpoint: str, settings: Settings | None = None) -> Any:
    quick = Settings(s3_connect_timeout=0.5, s3_read_timeout=0.5, s3_max_attempts=1)
    config = s3_config(settings or quick)
    return boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint, config=config)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fault", FAULTS)
def test_s3_network_failures_serve_the_image_log_and_retry_next_time(
    write_segments: Callable[[dict[str, str]], Path],
    caplog: pytest.LogCaptureFixture,
    fault: Fault,
) -> None:
    settings = Settings(segments_dir=write_segments({"icon.py": SEGMENT}), bucket=BUCKET)
    with faulty_endpoint(fault) as endpoint:
        client = _client_at(endpoint)
        calls = _count_calls(client)
        app = create_app(settings, S3Store(client, BUCKET, settings.prefix))
        http = TestClient(app, follow_redirects=False)
        with caplog.at_level("WARNING"):
            first, second = http.get("/icon"), http.get("/icon")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content.startswith(b"\x89PNG")
    assert second.content == first.content
    assert calls == ["HeadObject", "PutObject"] * 2  # the next request tries the store again
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("store lookup failed" in w for w in warnings)
    assert any("store write failed" in w for w in warnings)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fault", FAULTS)
def test_s3_network_failures_are_store_errors(fault: Fault) -> None:
    with faulty_endpoint(fault) as endpoint:
        store = S3Store(_client_at(endpoint), BUCKET, "p/")
        with pytest.raises(StoreError, match=r"HEAD s3://segmint-test/p/k.png failed"):
            store.exists("p/k.png")
        with pytest.raises(StoreError, match=r"PUT s3://segmint-test/p/k.png failed"):
            store.put("p/k.png", b"x", "image/png", {})
        with pytest.raises(StoreError, match=r"GET s3://segmint-test/p/k.png failed"):
            store.get("p/k.png")


S3_CALL_BUDGET = 7.5
"""The most one S3 call may take with the default settings: 2 attempts x (1 s connect + 2 s
read), plus backoff; a HEAD and a PUT then fit, with render and metadata, in Lambda's 29 s."""


@pytest.mark.timeout(60)
def test_a_silent_s3_ends_each_call_inside_the_budget_with_default_settings() -> None:
    with faulty_endpoint(Fault.SILENT) as endpoint:
        client = s3_client(Settings(s3_endpoint_url=endpoint))
        store = S3Store(client, BUCKET, "p/")
        calls: list[tuple[str, Callable[[], object]]] = [
            ("HEAD", lambda: store.exists("p/k.png")),
            ("PUT", lambda: store.put("p/k.png", b"x" * 100_000, "image/png", {})),
        ]
        for name, call in calls:
            started = time.monotonic()
            with pytest.raises(StoreError, match=rf"{name} s3://.*timeout"):
                call()
            elapsed = time.monotonic() - started
            print(f"{name} against a silent S3 gave up after {elapsed:.1f} s")
            assert 2.0 <= elapsed <= S3_CALL_BUDGET, name
