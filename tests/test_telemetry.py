"""handler/telemetry.py: one record per request, its outcome, and the EMF line it prints."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.telemetry import Outcome, Record, RequestLog, stdout_sink
from tests.conftest import SegmentWriter

SEGMENT = """
    from handler import ImageResponse, div

    def generate_image_metadata():
        return [{"id": "small", "size": {"width": 16, "height": 16}}]

    def image(id):
        return ImageResponse(div(style={"width": "100%", "height": "100%", "background": "red"}))
"""
BROKEN = """
    def image():
        raise RuntimeError("drawn wrong on purpose")
"""


def _logged(root: Path) -> tuple[TestClient, list[Record]]:
    records: list[Record] = []
    app = create_app(Settings(segments_dir=root, public_base_url="/"), MemoryStore())
    client = TestClient(RequestLog(app, records.append), follow_redirects=False)
    return client, records


def test_a_miss_then_a_hit_are_recorded_with_route_variant_and_times(
    write_segments: SegmentWriter,
) -> None:
    client, records = _logged(write_segments({"shop/[slug]/icon.py": SEGMENT}))
    assert client.get("/shop/1/icon/small").status_code == 200
    assert client.get("/shop/1/icon/small").status_code == 307
    miss, hit = records
    assert (miss.outcome, hit.outcome) == (Outcome.MISS, Outcome.HIT)
    assert miss.route == hit.route == "/shop/[slug]/icon/<id>"
    assert miss.variant_id == "small"
    assert miss.render_ms is not None
    assert miss.render_ms > 0
    assert miss.store_ms is not None
    assert miss.bytes > 0
    assert hit.render_ms is None
    assert hit.bytes == 0
    assert (miss.cold_start, hit.cold_start) == (True, False)
    assert miss.path == "/shop/1/icon/small"
    assert miss.method == "GET"


@pytest.mark.parametrize(
    ("url", "headers", "outcome"),
    [
        pytest.param("/nowhere/icon", {}, Outcome.CLIENT_ERROR, id="404"),
        pytest.param("/shop/1/icon/small/", {}, Outcome.REDIRECT, id="slash"),
        pytest.param("/broken/icon", {}, Outcome.ERROR, id="segment-error"),
    ],
)
def test_other_answers_get_their_outcome(
    write_segments: SegmentWriter, url: str, headers: dict[str, str], outcome: Outcome
) -> None:
    client, records = _logged(
        write_segments({"shop/[slug]/icon.py": SEGMENT, "broken/icon.py": BROKEN})
    )
    client.get(url, headers=headers)
    assert [r.outcome for r in records] == [outcome]


def test_a_matching_etag_is_a_304_outcome(write_segments: SegmentWriter) -> None:
    client, records = _logged(write_segments({"icon.py": SEGMENT}))
    etag = client.get("/icon/small").headers["etag"]
    assert client.get("/icon/small", headers={"If-None-Match": etag}).status_code == 304
    assert [r.outcome for r in records] == [Outcome.MISS, Outcome.NOT_MODIFIED]


def test_the_line_is_json_and_a_valid_emf_document() -> None:
    record = Record(
        method="GET",
        path="/icon/small",
        status=200,
        outcome=Outcome.MISS,
        duration_ms=21.456,
        bytes=1234,
        cold_start=True,
        request_id="req-1",
        route="/icon/<id>",
        variant_id="small",
        render_ms=12.3456,
        store_ms=4.0,
    )
    out = io.StringIO()
    stdout_sink({"FunctionName": "segmint-prod-image"}, out)(record)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    doc: dict[str, Any] = json.loads(lines[0])
    assert doc["requestId"] == "req-1"
    assert doc["outcome"] == "miss"
    assert doc["renderMs"] == 12.35
    assert doc["coldStart"] is True
    directive = doc["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "Segmint"
    assert directive["Dimensions"] == [["FunctionName"]]
    assert doc["FunctionName"] == "segmint-prod-image"
    names = {m["Name"] for m in directive["Metrics"]}
    assert names == {"Requests", "Hits", "Misses", "Renders", "Errors", "RenderTime", "StoreTime"}
    # EMF: every metric named in the directive is a number at the root
    assert all(isinstance(doc[name], int | float) for name in names)
    assert (doc["Misses"], doc["Hits"], doc["Renders"], doc["RenderTime"]) == (1, 0, 1, 12.35)
    assert isinstance(doc["_aws"]["Timestamp"], int)


def test_a_hit_declares_no_timing_metric_it_did_not_take() -> None:
    record = Record("GET", "/icon/small", 307, Outcome.HIT, 1.0, 0, False)
    directive = json.loads(record.as_json())["_aws"]["CloudWatchMetrics"][0]
    assert {m["Name"] for m in directive["Metrics"]} == {
        "Requests",
        "Hits",
        "Misses",
        "Renders",
        "Errors",
    }
    assert directive["Dimensions"] == [[]]


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.MISS),
        (304, Outcome.NOT_MODIFIED),
        (308, Outcome.REDIRECT),
        (404, Outcome.CLIENT_ERROR),
        (405, Outcome.CLIENT_ERROR),
        (503, Outcome.ERROR),
    ],
)
def test_outcome_from_status(status: int, outcome: Outcome) -> None:
    assert Outcome.from_status(status) is outcome
