"""The raw path put back into the scope, through the real Mangum handler on the sample events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from mangum import Mangum
from starlette.types import Message, Receive, Scope, Send

from handler.lambda_events import RawPathFromEvent, event_path
from tests.events import EventShape, build_event, lambda_context, response_body

SHAPES = [pytest.param(shape, id=shape.value) for shape in EventShape]


async def _echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answer the scope's `raw_path` (latin-1, or null) and `path` as JSON."""
    raw = scope.get("raw_path")
    text = raw.decode("latin-1") if isinstance(raw, bytes) else None
    body = json.dumps({"raw_path": text, "path": scope["path"]}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(autouse=True)
def event_loop_for_mangum() -> Iterator[None]:
    # Mangum makes its loop through asyncio.get_event_loop(), deprecated without a current one.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        yield
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _scope_through_mangum(event: dict[str, Any], base_path: str = "/") -> dict[str, Any]:
    handler = Mangum(RawPathFromEvent(_echo), lifespan="off", api_gateway_base_path=base_path)
    response = handler(event, lambda_context())  # type: ignore[arg-type]
    seen: dict[str, Any] = json.loads(response_body(response))
    return seen


@pytest.mark.parametrize("shape", SHAPES)
def test_an_encoded_slash_is_put_back(shape: EventShape) -> None:
    seen = _scope_through_mangum(build_event(shape, path="/shop/a%2Fb/icon/small"))
    assert seen == {"raw_path": "/shop/a%2Fb/icon/small", "path": "/shop/a/b/icon/small"}


@pytest.mark.parametrize("shape", SHAPES)
def test_the_query_string_stays_out_of_the_raw_path(shape: EventShape) -> None:
    event = build_event(shape, path="/icon/small", query={"v": "2"})
    assert _scope_through_mangum(event)["raw_path"] == "/icon/small"


def test_a_stripped_base_path_is_cut_from_the_raw_path() -> None:
    event = build_event(EventShape.REST_V1, path="/images/shop/a%2Fb/icon/small")
    seen = _scope_through_mangum(event, base_path="/images")
    assert seen == {"raw_path": "/shop/a%2Fb/icon/small", "path": "/shop/a/b/icon/small"}


def test_a_decoded_non_ascii_path_goes_in_percent_encoded() -> None:
    # An HTTP API decodes rawPath before invoking: the event may hold the character itself.
    event = build_event(EventShape.HTTP_V2, path="/shop/caf\u00e9/icon")
    seen = _scope_through_mangum(event)
    assert seen == {"raw_path": "/shop/caf%C3%A9/icon", "path": "/shop/caf\u00e9/icon"}


def test_a_raw_path_the_server_gave_is_kept() -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    event = {"rawPath": "/a/b"}  # would give raw_path /a/b if it were read
    scope = {"type": "http", "path": "/a/b", "raw_path": b"/a%2Fb", "aws.event": event}
    asyncio.run(RawPathFromEvent(_echo)(scope, receive, send))
    assert json.loads(sent[1]["body"]) == {"raw_path": "/a%2Fb", "path": "/a/b"}


@pytest.mark.parametrize(
    ("event", "decoded", "expected"),
    [
        pytest.param({"rawPath": "/v1/a%2Fb/icon"}, "/a/b/icon", "/a%2Fb/icon", id="v2-cut"),
        pytest.param({"path": "/a%2Fb/icon?x=1"}, "/a/b/icon", "/a%2Fb/icon", id="v1-query"),
        pytest.param({"path": "/a/icon"}, "/b/icon", None, id="no-cut-matches"),
        pytest.param({"rawPath": "icon"}, "/icon", None, id="not-absolute"),
        pytest.param({"Records": []}, "/icon", None, id="lambda-at-edge"),
        pytest.param(None, "/icon", None, id="no-event"),
    ],
)
def test_event_path(event: object, decoded: str, expected: str | None) -> None:
    assert event_path(event, decoded) == expected
