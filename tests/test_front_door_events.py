"""The real Lambda handler on the events each deployed front door sends (tests/data/events/):
REST v1 behind CloudFront's OriginPath stage, HTTP API v2 (which decodes escapes), and both
behind a custom domain's API mapping (SEGMINT_BASE_PATH). PNG bytes intact; the redirect's
Location is the stored key, same-origin, so it resolves on the distribution's bucket behaviour."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from handler.config import Settings
from handler.exceptions import ConfigError
from tests.events import EVENTS_DIR, lambda_context, response_body, response_headers
from tests.lambdas import cold_entry

BUCKET = "segmint-test-cache"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

type Event = dict[str, Any]
type Handler = Callable[[Event, Any], dict[str, Any]]


def _event(name: str) -> Event:
    event: Event = json.loads((EVENTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return copy.deepcopy(event)


@dataclass(frozen=True, slots=True)
class Lambda:
    handler: Handler
    s3: Any

    def __call__(self, event: Event) -> dict[str, Any]:
        return self.handler(event, lambda_context())

    def stored(self, key: str) -> bytes:
        body: bytes = self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        return body


def _cold(monkeypatch: pytest.MonkeyPatch, **extra: str) -> Iterator[Lambda]:
    """Import the entry module afresh in moto, with serverless.yml's deployed environment."""
    environment = {
        "SEGMINT_BUCKET": BUCKET,
        "SEGMINT_PREFIX": "segmint/",
        "SEGMINT_PUBLIC_BASE_URL": "/",
        "SEGMINT_REDIRECT_STATUS": "307",
        "SEGMINT_REDIRECT_MAX_AGE": "60",
        "SEGMINT_S3_ENDPOINT_URL": "",
        "AWS_REGION": "us-east-1",
        **extra,
    }
    with cold_entry(monkeypatch, environment, BUCKET) as (handler, s3):
        yield Lambda(handler, s3)


@pytest.fixture
def cold_lambda(monkeypatch: pytest.MonkeyPatch) -> Iterator[Lambda]:
    yield from _cold(monkeypatch)


@pytest.fixture
def mapped_lambda(monkeypatch: pytest.MonkeyPatch) -> Iterator[Lambda]:
    # serverless.yml: `--param basePath=/images` sets SEGMINT_BASE_PATH.
    yield from _cold(monkeypatch, SEGMINT_BASE_PATH="/images")


def _render_then_redirect(app: Lambda, event: Event) -> tuple[bytes, str]:
    first = app(copy.deepcopy(event))
    assert first["statusCode"] == 200, response_body(first)
    assert first["isBase64Encoded"] is True
    assert response_headers(first)["content-type"] == "image/png"
    body = response_body(first)
    assert body.startswith(PNG_SIGNATURE)
    second = app(copy.deepcopy(event))
    assert second["statusCode"] == 307
    location = response_headers(second)["location"]
    # Path-absolute, on the prefix: the distribution's `segmint/*` behaviour serves it.
    assert location.startswith("/segmint/")
    assert app.stored(location.removeprefix("/")) == body
    return body, location


def test_rest_behind_cloudfronts_origin_path_keeps_the_escaped_slash_in_one_param(
    cold_lambda: Lambda,
) -> None:
    event = _event("rest_v1_stage_escaped")
    assert event["requestContext"]["path"] == "/prod" + event["path"]  # the stage, from OriginPath
    _, location = _render_then_redirect(cold_lambda, event)
    # `a%2Fb` reached `shop/[slug]` as the one param "a/b": the key names that route.
    assert location.startswith("/segmint/shop/")
    # The HTTP API decodes the same viewer path to /shop/a/b/icon/small before invoking: the
    # param is split in two and no route has that shape. The front doors differ (infra/README.md,
    # "Escapes"); no handler can undo it.
    split = cold_lambda(_event("http_v2_decoded_escape"))
    assert split["statusCode"] == 404


@pytest.mark.parametrize("name", ["rest_v1_custom_domain", "http_v2_custom_domain"])
def test_a_custom_domains_base_path_is_stripped_before_routing(
    mapped_lambda: Lambda, name: str
) -> None:
    event = _event(name)
    assert (event.get("rawPath") or event["path"]).startswith("/images/")
    body, location = _render_then_redirect(mapped_lambda, event)
    plain = _event("http_v2")  # the same image asked without the mapping
    plain_first = mapped_lambda(plain)
    assert plain_first["statusCode"] == 307
    assert response_headers(plain_first)["location"] == location
    assert len(body) > 100


def test_without_the_base_path_setting_the_mapped_path_is_not_found(cold_lambda: Lambda) -> None:
    answer = cold_lambda(_event("http_v2_custom_domain"))
    assert answer["statusCode"] == 404


def test_every_sample_event_is_valid_json_with_one_request_line() -> None:
    names = sorted(path.stem for path in Path(EVENTS_DIR).glob("*.json"))
    assert {"rest_v1_stage_escaped", "rest_v1_custom_domain", "http_v2_custom_domain"} <= set(names)
    for name in names:
        event = _event(name)
        path = event.get("rawPath") or event.get("path")
        assert isinstance(path, str), name
        assert path.startswith("/"), name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("", "/", id="unset"),
        pytest.param("/", "/", id="root"),
        pytest.param("/images", "/images", id="mapping"),
        pytest.param("/images/v1/", "/images/v1", id="nested-trailing-slash"),
    ],
)
def test_base_path_setting(raw: str, expected: str) -> None:
    assert Settings.from_env({"SEGMINT_BASE_PATH": raw}).base_path == expected


@pytest.mark.parametrize("raw", ["images", "/images?x", "/im ages"])
def test_a_bad_base_path_is_refused_with_its_name(raw: str) -> None:
    with pytest.raises(ConfigError, match="SEGMINT_BASE_PATH="):
        Settings.from_env({"SEGMINT_BASE_PATH": raw})
