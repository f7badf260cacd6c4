"""The real Lambda handler (`handler.lambda_entry.handler`, Mangum) on the four event shapes.

Each test imports the entry module afresh inside moto's `mock_aws`, as a cold start would, with
the environment serverless.yml sets, and feeds it events from tests/data/events/.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.events import (
    EventShape,
    build_event,
    lambda_context,
    response_body,
    response_headers,
)
from tests.helpers import image_size
from tests.lambdas import cold_entry
from tests.origins import same_origin
from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parents[1]
BUCKET = "segmint-test-cache"
PREFIX = "segmint/"
PUBLIC_BASE_URL = "https://d111111abcdef8.cloudfront.net"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SHAPES = [pytest.param(shape, id=shape.value) for shape in EventShape]

type Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Lambda:
    """A cold-started entry module and the (moto) bucket it writes to."""

    handler: Handler
    s3: Any

    def __call__(self, shape: EventShape, path: str, method: str = "GET") -> dict[str, Any]:
        return self.handler(build_event(shape, method=method, path=path), lambda_context())

    def keys(self) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return [item["Key"] for item in listed]


@pytest.fixture
def cold_lambda(monkeypatch: pytest.MonkeyPatch) -> Iterator[Lambda]:
    environment = {
        "SEGMINT_BUCKET": BUCKET,
        "SEGMINT_PREFIX": PREFIX,
        "SEGMINT_PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "SEGMINT_REDIRECT_STATUS": "307",
        "SEGMINT_REDIRECT_MAX_AGE": "60",
        "AWS_REGION": "us-east-1",
    }
    with cold_entry(monkeypatch, environment, BUCKET) as (handler, s3):
        yield Lambda(handler, s3)


@pytest.mark.parametrize("shape", SHAPES)
def test_first_get_returns_the_png_base64_encoded_and_stores_it(
    cold_lambda: Lambda, shape: EventShape
) -> None:
    response = cold_lambda(shape, "/icon/small")
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is True
    headers = response_headers(response)
    assert headers["content-type"] == "image/png"
    assert headers["cache-control"] == SHORT
    body = response_body(response)
    assert body.startswith(PNG_SIGNATURE)
    assert image_size(body) == (48, 48)
    [key] = cold_lambda.keys()
    assert key.startswith(PREFIX)
    stored = cold_lambda.s3.get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == body
    assert stored["ContentType"] == "image/png"
    assert stored["CacheControl"] == IMMUTABLE


@pytest.mark.parametrize("shape", SHAPES)
def test_second_get_redirects_to_the_stored_object(cold_lambda: Lambda, shape: EventShape) -> None:
    first = cold_lambda(shape, "/icon/small")
    second = cold_lambda(shape, "/icon/small")
    assert second["statusCode"] == 307
    headers = response_headers(second)
    [key] = cold_lambda.keys()
    assert headers["location"] == f"{PUBLIC_BASE_URL}/{key}"
    assert headers["cache-control"] == SHORT
    assert response_body(second) == b""
    stored = cold_lambda.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == response_body(first)


@pytest.mark.parametrize("shape", SHAPES)
def test_dynamic_segment_through_each_shape(cold_lambda: Lambda, shape: EventShape) -> None:
    small = cold_lambda(shape, "/shop/1/icon/small")
    medium = cold_lambda(shape, "/shop/1/icon/medium")
    assert (small["statusCode"], medium["statusCode"]) == (200, 200)
    assert image_size(response_body(small)) == (48, 48)
    assert image_size(response_body(medium)) == (72, 72)
    assert len(cold_lambda.keys()) == 2


@pytest.mark.parametrize("shape", SHAPES)
def test_head_answers_headers_without_a_body(cold_lambda: Lambda, shape: EventShape) -> None:
    response = cold_lambda(shape, "/icon/medium", method="HEAD")
    assert response["statusCode"] == 200
    headers = response_headers(response)
    assert headers["content-type"] == "image/png"
    assert int(headers["content-length"]) > len(PNG_SIGNATURE)
    assert response_body(response) == b""
    again = cold_lambda(shape, "/icon/medium", method="HEAD")
    assert again["statusCode"] == 307
    assert response_body(again) == b""


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("path", ["/icon/large", "/nowhere", "/shop/1/icon/huge"])
def test_unknown_route_or_id_is_404_with_a_short_text_body(
    cold_lambda: Lambda, shape: EventShape, path: str
) -> None:
    response = cold_lambda(shape, path)
    assert response["statusCode"] == 404
    assert response["isBase64Encoded"] is False
    assert response_headers(response)["content-type"].startswith("text/plain")
    assert 0 < len(response_body(response)) < 200
    assert cold_lambda.keys() == []


@pytest.mark.parametrize("shape", SHAPES)
def test_head_of_an_unknown_id_is_404_without_a_body(
    cold_lambda: Lambda, shape: EventShape
) -> None:
    response = cold_lambda(shape, "/icon/large", method="HEAD")
    assert response["statusCode"] == 404
    assert response_body(response) == b""


@pytest.mark.parametrize("shape", SHAPES)
def test_post_is_405_with_allow_and_stores_nothing(cold_lambda: Lambda, shape: EventShape) -> None:
    response = cold_lambda(shape, "/icon/small", method="POST")
    assert response["statusCode"] == 405
    allow = {m.strip() for m in response_headers(response)["allow"].split(",")}
    assert allow == {"GET", "HEAD"}
    assert cold_lambda.keys() == []


@pytest.mark.parametrize("shape", SHAPES)
def test_query_strings_do_not_change_the_image(cold_lambda: Lambda, shape: EventShape) -> None:
    event = build_event(shape, path="/icon/small", query={"v": "2", "utm_source": "x"})
    response = cold_lambda.handler(event, lambda_context())
    assert response["statusCode"] == 200
    assert image_size(response_body(response)) == (48, 48)


def test_a_png_comes_back_base64_even_when_the_client_accepts_only_images(
    cold_lambda: Lambda,
) -> None:
    # Mangum encodes whatever the Accept; a REST API (binaryMediaTypes ['*/*']) then decodes it.
    event = build_event(EventShape.REST_V1, path="/icon/small", headers={"Accept": "image/png"})
    response = cold_lambda.handler(event, lambda_context())
    assert response["isBase64Encoded"] is True
    assert response_body(response).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("shape", SHAPES)
def test_an_encoded_slash_stays_inside_one_param(cold_lambda: Lambda, shape: EventShape) -> None:
    # Mangum decodes the path and drops raw_path: the edge restores it from the event's own.
    response = cold_lambda(shape, "/shop/a%2Fb/icon/small")
    assert response["statusCode"] == 200, response_body(response)
    [key] = cold_lambda.keys()
    metadata = cold_lambda.s3.head_object(Bucket=BUCKET, Key=key)["Metadata"]
    assert metadata["segment"] == "segments/shop/[slug]/icon.py"
    assert metadata["route"] == "/shop/a%2Fb/icon/small"  # params {"slug": "a/b"}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("path", "route"),
    [
        pytest.param("/shop/..%2F..%2Fetc/icon/small", "/shop/..%2F..%2Fetc/icon/small", id="dots"),
        pytest.param("/shop/%E2%9C%93/icon/small", "/shop/%E2%9C%93/icon/small", id="unicode"),
        pytest.param("/shop/" + "x" * 2048 + "/icon/small", None, id="2kb"),
    ],
)
def test_nasty_params_are_served_and_stored_inside_the_prefix(
    cold_lambda: Lambda, shape: EventShape, path: str, route: str | None
) -> None:
    response = cold_lambda(shape, path)
    assert response["statusCode"] == 200
    assert image_size(response_body(response)) == (48, 48)
    [key] = cold_lambda.keys()
    assert key.startswith(f"{PREFIX}shop/_slug/icon/")
    assert ".." not in key
    metadata = cold_lambda.s3.head_object(Bucket=BUCKET, Key=key)["Metadata"]
    assert metadata["route"] == (route or path[:512])
    assert response_headers(cold_lambda(shape, path))["location"] == f"{PUBLIC_BASE_URL}/{key}"


def test_an_encoded_slash_survives_mangums_base_path_stripping(cold_lambda: Lambda) -> None:
    # A REST API on a custom domain mapped at /images: `path` keeps the base path, which Mangum
    # strips from its decoded copy; the edge trims the event's encoded path to match.
    from mangum import Mangum

    app = sys.modules["handler.lambda_entry"].app
    handler = Mangum(app, lifespan="off", api_gateway_base_path="/images")
    event = build_event(EventShape.REST_V1, path="/images/shop/a%2Fb/icon/small")
    response = handler(event, lambda_context())  # type: ignore[arg-type]
    assert response["statusCode"] == 200
    [key] = cold_lambda.keys()
    metadata = cold_lambda.s3.head_object(Bucket=BUCKET, Key=key)["Metadata"]
    assert metadata["route"] == "/shop/a%2Fb/icon/small"


def _records(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_request_prints_one_json_record_with_metrics(
    cold_lambda: Lambda, shape: EventShape, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    cold_lambda(shape, "/icon/small")
    cold_lambda(shape, "/icon/small")
    miss, hit = _records(capsys.readouterr().out)
    assert miss["requestId"] == lambda_context().aws_request_id
    assert (miss["outcome"], hit["outcome"]) == ("miss", "hit")
    assert (miss["coldStart"], hit["coldStart"]) == (True, False)
    assert miss["route"] == "/icon/<id>"
    assert miss["variantId"] == "small"
    assert miss["renderMs"] > 0
    assert miss["bytes"] > 0
    assert miss["FunctionName"] == "segmint"
    metrics = {m["Name"] for m in miss["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert {"Renders", "Hits", "Misses", "Errors", "RenderTime"} <= metrics


RENDERER = ("PIL.Image", "yoga", "handler.render.pipeline", "handler.render.text.fonts")


@pytest.mark.timeout(180)
def test_a_cold_start_loads_no_renderer_until_the_first_render(tmp_path: Path) -> None:
    # The renderer loads on the first miss: a cold start that redirects never pays for it.
    segments = tmp_path / "segments"
    (segments / "shop").mkdir(parents=True)
    (segments / "shop" / "icon.py").write_text(
        "from handler import ImageResponse, div\n\n"
        "def image():\n    return ImageResponse(div('x'), width=8, height=8)\n"
    )
    code = "import sys, handler.lambda_entry; print(*sys.modules, sep='\\n')"
    environ = {**os.environ, "SEGMINT_SEGMENTS_DIR": str(segments), "AWS_REGION": "us-east-1"}
    loaded = run_bounded([sys.executable, "-c", code], cwd=ROOT, env=environ, timeout=120)
    modules = set(loaded.stdout.split())
    assert "handler.lambda_entry" in modules
    assert sorted(modules & set(RENDERER)) == []


# A miss then a hit of the seed icon in a fresh interpreter, in moto: which modules got loaded.
COLD_REQUESTS = r"""
import asyncio, json, sys
import boto3
from moto import mock_aws
from tests.events import EventShape, build_event

asyncio.set_event_loop(asyncio.new_event_loop())
with mock_aws():
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=sys.argv[1])
    import handler.lambda_entry as entry

    answers = [entry.handler(build_event(EventShape.HTTP_V2, path="/icon/small"), None)
               for _ in range(2)]
print(json.dumps({"statuses": [a["statusCode"] for a in answers], "modules": sorted(sys.modules)}))
"""


@pytest.mark.timeout(180)
def test_requests_run_blocking_calls_without_anyios_asyncio_backend() -> None:
    # Its import is ~7% of a cold start that only redirects (handler/blocking.py says why).
    environ = {**os.environ, "SEGMINT_BUCKET": BUCKET, "AWS_REGION": "us-east-1"}
    environ.pop("SEGMINT_S3_ENDPOINT_URL", None)
    done = run_bounded(
        [sys.executable, "-c", COLD_REQUESTS, BUCKET], cwd=ROOT, env=environ, timeout=120
    )
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["statuses"] == [200, 307]
    assert "handler.blocking" in result["modules"]
    assert "anyio._backends._asyncio" not in result["modules"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/icon/small%0a/", id="encoded-newline"),
        pytest.param("/\t/evil.example/", id="literal-tab"),
        pytest.param("/\n/evil.example/", id="literal-newline"),
        pytest.param("/\\evil.example/", id="backslash"),
        pytest.param("//evil.example/", id="double-slash"),
        pytest.param("/%09/evil.example/", id="encoded-tab"),
    ],
)
def test_redirects_stay_on_the_origin_on_every_event_shape(
    cold_lambda: Lambda, shape: EventShape, path: str
) -> None:
    event = build_event(shape, path=path, headers={"Host": "evil.example"})
    response = cold_lambda.handler(event, lambda_context())
    assert response["statusCode"] in (308, 404), response_headers(response).get("location")
    if response["statusCode"] == 308:
        location = response_headers(response)["location"]
        assert same_origin("https://d111111abcdef8.cloudfront.net/x/", location), location
    assert cold_lambda.keys() == []


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("host", ["[::1]", "a:b:c", "x:port", "[::1]:443"])
def test_a_host_mangum_cannot_split_is_ignored_not_a_failed_invocation(
    cold_lambda: Lambda, shape: EventShape, host: str
) -> None:
    event = build_event(shape, path="/icon/small", headers={"Host": host})
    response = cold_lambda.handler(event, lambda_context())
    assert response["statusCode"] == 200
