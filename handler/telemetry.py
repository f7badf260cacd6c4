"""What each request did, as one structured record: a JSON log line and CloudWatch metrics.

The app fills a `Trace` as the request goes (route, variant, outcome, render and store time);
`RequestLog`, the middleware around it, adds what only the edge knows (request id, status,
bytes, total time, cold start) and hands the finished record to a sink. On Lambda the sink
prints one line per request that is both the structured log and an embedded-metric-format
document, so CloudWatch derives the metrics from the log with no API call and no library:

    {"level": "INFO", "message": "GET /icon/small 200 miss", "requestId": "...",
     "route": "/icon/<id>", "variantId": "small", "outcome": "miss", "renderMs": 12.1, ...,
     "_aws": {"CloudWatchMetrics": [{"Namespace": "Segmint", "Metrics": [...]}], ...}}

Under `make serve` the dev server's access log reads the same trace for its console line.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TextIO
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

NAMESPACE = "Segmint"
"""The CloudWatch namespace of every metric."""


class Outcome(Enum):
    HIT = "hit"  # stored already: redirected to the object
    MISS = "miss"  # rendered (and stored, unless the segment is dynamic)
    NOT_MODIFIED = "304"  # the client's ETag matched: nothing rendered or fetched
    REDIRECT = "redirect"  # a trailing-slash redirect to the canonical URL
    CLIENT_ERROR = "4xx"
    ERROR = "error"

    @classmethod
    def from_status(cls, status: int) -> Outcome:
        """The outcome a status implies when the app said nothing more."""
        if status == 304:
            return cls.NOT_MODIFIED
        if 300 <= status < 400:
            return cls.REDIRECT
        if 400 <= status < 500:
            return cls.CLIENT_ERROR
        return cls.ERROR if status >= 500 else cls.MISS


@dataclass(slots=True)
class Trace:
    """What the app learnt about one request; mutable, owned by that request alone."""

    route: str | None = None
    variant_id: str | None = None
    outcome: Outcome | None = None
    render_ms: float | None = None
    store_ms: float | None = None

    def timed(self, field_name: str) -> _Timer:
        """`with trace.timed("render_ms"): ...` adds the block's wall time to that field."""
        return _Timer(self, field_name)


class _Timer:
    def __init__(self, trace: Trace, field_name: str) -> None:
        self.trace, self.field_name, self.started = trace, field_name, 0.0

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        spent = (time.perf_counter() - self.started) * 1000
        before = getattr(self.trace, self.field_name) or 0.0
        setattr(self.trace, self.field_name, before + spent)


def trace_of(scope: MutableMapping[str, Any]) -> Trace:
    """The request's trace, kept in the ASGI scope's `state` (made on first use)."""
    state = scope.setdefault("state", {})
    found = state.get("segmint.trace")
    if not isinstance(found, Trace):
        found = state["segmint.trace"] = Trace()
    return found


@dataclass(frozen=True, slots=True)
class Record:
    """One finished request, as logged."""

    method: str
    path: str
    status: int
    outcome: Outcome
    duration_ms: float
    bytes: int
    cold_start: bool
    request_id: str | None = None
    route: str | None = None
    variant_id: str | None = None
    render_ms: float | None = None
    store_ms: float | None = None

    def as_json(
        self,
        namespace: str = NAMESPACE,
        dimensions: Mapping[str, str] | None = None,
        *,
        now_ms: int | None = None,
    ) -> str:
        """The record as one JSON log line that is also an EMF document (metrics: Requests,
        Hits, Misses, Renders, Errors, RenderTime, StoreTime), per `dimensions` (for example
        the function's name; none: one series per namespace)."""
        metrics = self.metrics()
        dimensions = dict(dimensions or {})
        document: dict[str, Any] = {
            "level": "ERROR" if self.outcome is Outcome.ERROR else "INFO",
            "message": f"{self.method} {self.path} {self.status} {self.outcome.value}",
            "requestId": self.request_id,
            "method": self.method,
            "path": self.path,
            "route": self.route,
            "variantId": self.variant_id,
            "outcome": self.outcome.value,
            "status": self.status,
            "renderMs": _round(self.render_ms),
            "storeMs": _round(self.store_ms),
            "durationMs": _round(self.duration_ms),
            "bytes": self.bytes,
            "coldStart": self.cold_start,
            **dimensions,
            **{name: value for name, (value, _) in metrics.items()},
            "_aws": {
                "Timestamp": int(time.time() * 1000) if now_ms is None else now_ms,
                "CloudWatchMetrics": [
                    {
                        "Namespace": namespace,
                        "Dimensions": [sorted(dimensions)],
                        "Metrics": [
                            {"Name": name, "Unit": unit} for name, (_, unit) in metrics.items()
                        ],
                    }
                ],
            },
        }
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False)

    def metrics(self) -> dict[str, tuple[float, str]]:
        """Metric name -> (value, CloudWatch unit); the timings only where they were taken."""
        rendered = self.render_ms is not None
        values: dict[str, tuple[float, str]] = {
            "Requests": (1, "Count"),
            "Hits": (int(self.outcome is Outcome.HIT), "Count"),
            "Misses": (int(self.outcome is Outcome.MISS), "Count"),
            "Renders": (int(rendered), "Count"),
            "Errors": (int(self.outcome is Outcome.ERROR), "Count"),
        }
        if rendered:
            values["RenderTime"] = (_round(self.render_ms) or 0.0, "Milliseconds")
        if self.store_ms is not None:
            values["StoreTime"] = (_round(self.store_ms) or 0.0, "Milliseconds")
        return values


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


Sink = Callable[[Record], None]


def stdout_sink(dimensions: Mapping[str, str] | None = None, stream: TextIO | None = None) -> Sink:
    """Print each record as one JSON line (Lambda sends stdout to CloudWatch Logs as is)."""

    def emit(record: Record) -> None:
        out = stream or sys.stdout
        out.write(record.as_json(dimensions=dimensions) + "\n")
        out.flush()

    return emit


class RequestLog:
    """ASGI middleware: time each HTTP request, collect its trace and hand a `Record` to `sink`.

    The first request this middleware sees is the process's cold start.
    """

    def __init__(self, app: ASGIApp, sink: Sink) -> None:
        self.app = app
        self.sink = sink
        self._cold = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cold, self._cold = self._cold, False
        started = time.perf_counter()
        trace = trace_of(scope)
        answer = {"status": 500, "bytes": 0}

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            status = answer["status"]
            self.sink(
                Record(
                    method=scope["method"],
                    path=sent_path(scope),
                    status=status,
                    outcome=_outcome(trace, status),
                    duration_ms=(time.perf_counter() - started) * 1000,
                    bytes=answer["bytes"],
                    cold_start=cold,
                    request_id=_request_id(scope),
                    route=trace.route,
                    variant_id=trace.variant_id,
                    render_ms=trace.render_ms,
                    store_ms=trace.store_ms,
                )
            )


def _outcome(trace: Trace, status: int) -> Outcome:
    if status >= 400 or trace.outcome is None:
        return Outcome.from_status(status)
    return trace.outcome


def sent_path(scope: Scope) -> str:
    """The path and query as the client sent them (percent-encoding kept)."""
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) and raw else quote(scope["path"])
    query = scope.get("query_string", b"")
    return f"{path}?{query.decode('latin-1')}" if query else path


def _request_id(scope: Scope) -> str | None:
    context = scope.get("aws.context")
    found = getattr(context, "aws_request_id", None)
    return found if isinstance(found, str) else None
