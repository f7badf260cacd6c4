"""Lambda event payloads for tests: the recorded samples in tests/data/events/, re-aimed.

One JSON file per event source, each a real-shaped `GET /icon/small` as the source delivers it
(API Gateway REST v1 through CloudFront, HTTP API v2, a Lambda Function URL, an ALB target group).
`build_event` copies one and sets the method, path, headers and query string in every place that
source carries them, so a test reads `build_event(EventShape.ALB, method="HEAD", path="/x")`.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

EVENTS_DIR = Path(__file__).parent / "data" / "events"

type Event = dict[str, Any]


class EventShape(Enum):
    """An event source Mangum can adapt; the value names its sample file."""

    REST_V1 = "rest_v1"
    HTTP_V2 = "http_v2"
    FUNCTION_URL = "function_url"
    ALB = "alb"


@dataclass(frozen=True, slots=True)
class FakeLambdaContext:
    """The attributes of Lambda's context object that a handler may read."""

    function_name: str = "segmint-dev-image"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:segmint-dev-image"
    memory_limit_in_mb: int = 1769
    aws_request_id: str = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    log_group_name: str = "/aws/lambda/segmint-dev-image"
    log_stream_name: str = "2026/11/24/[$LATEST]0123456789abcdef0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 28_000


def load_event(shape: EventShape) -> Event:
    """The recorded sample for `shape`, a fresh copy each call."""
    path = EVENTS_DIR / f"{shape.value}.json"
    event: Event = json.loads(path.read_text(encoding="utf-8"))
    return copy.deepcopy(event)


def build_event(
    shape: EventShape,
    *,
    method: str = "GET",
    path: str = "/",
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
) -> Event:
    """The sample for `shape` with its request line and headers replaced.

    `path` is the URL path as the client sent it (percent-encoding kept); `headers` are added to
    (or replace, case-insensitively) the recorded browser headers.

    >>> build_event(EventShape.HTTP_V2, path="/shop/1/icon/small")["rawPath"]
    '/shop/1/icon/small'
    """
    event = load_event(shape)
    method = method.upper()
    builders = {
        EventShape.REST_V1: _aim_rest_v1,
        EventShape.HTTP_V2: _aim_v2,
        EventShape.FUNCTION_URL: _aim_v2,
        EventShape.ALB: _aim_alb,
    }
    builders[shape](event, method, path, dict(query or {}))
    for name, value in (headers or {}).items():
        _set_header(event, name, value)
    return event


def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


def response_body(response: Mapping[str, Any]) -> bytes:
    """The body bytes of a Lambda proxy response, base64 decoded when it says so."""
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        return base64.b64decode(body)
    return str(body).encode("utf-8")


def response_headers(response: Mapping[str, Any]) -> dict[str, str]:
    """Every response header, lower-cased, from `headers` and `multiValueHeaders` alike."""
    merged: dict[str, str] = {}
    for name, value in (response.get("headers") or {}).items():
        merged[name.lower()] = value
    for name, values in (response.get("multiValueHeaders") or {}).items():
        if values:
            merged[name.lower()] = ", ".join(values)
    return merged


def _aim_rest_v1(event: Event, method: str, path: str, query: dict[str, str]) -> None:
    context = event["requestContext"]
    event["httpMethod"] = context["httpMethod"] = method
    event["path"] = path
    context["path"] = f"/{context['stage']}{path}"
    if path == "/":
        event["resource"] = context["resourcePath"] = "/"
        event["pathParameters"] = None
    else:
        event["pathParameters"] = {"proxy": path.lstrip("/")}
    event["queryStringParameters"] = query or None
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()} or None


def _aim_v2(event: Event, method: str, path: str, query: dict[str, str]) -> None:
    http = event["requestContext"]["http"]
    http["method"] = method
    event["rawPath"] = http["path"] = path
    event["rawQueryString"] = urlencode(query)
    if query:
        event["queryStringParameters"] = query


def _aim_alb(event: Event, method: str, path: str, query: dict[str, str]) -> None:
    event["httpMethod"] = method
    event["path"] = path
    # ALB passes query values through still percent-encoded.
    event["queryStringParameters"] = {quote(k): quote(v) for k, v in query.items()}


def _set_header(event: Event, name: str, value: str) -> None:
    for field in ("headers", "multiValueHeaders"):
        if event.get(field) is None:
            continue
        table: dict[str, Any] = event[field]
        existing = [key for key in table if key.lower() == name.lower()]
        for key in existing:
            del table[key]
        # v2 payloads and ALB deliver lower-case names; REST keeps the client's spelling.
        lower_only = all(key == key.lower() for key in table)
        key = existing[0] if existing else (name.lower() if lower_only else name)
        table[key] = [value] if field == "multiValueHeaders" else value
