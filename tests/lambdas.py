"""A cold start of the real Lambda entry module inside moto, as the tests of the edge use it."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from moto import mock_aws

type Handler = Any


@contextmanager
def cold_entry(
    monkeypatch: pytest.MonkeyPatch, environment: Mapping[str, str], bucket: str
) -> Iterator[tuple[Handler, Any]]:
    """`handler.lambda_entry` imported afresh with `environment` (serverless.yml's), its bucket
    created in moto: yields (the entry's `handler`, a boto3 S3 client on the mocked bucket)."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    for name in ("SEGMINT_S3_ENDPOINT_URL", "SEGMINT_SEGMENTS_DIR"):
        if name not in environment:
            monkeypatch.delenv(name, raising=False)
    # Lambda's Python runtime gives Mangum a thread with no event loop; Mangum then makes one
    # through asyncio.get_event_loop(), which Python 3.12 deprecates (a warning, an error here).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=bucket)
        sys.modules.pop("handler.lambda_entry", None)
        entry = importlib.import_module("handler.lambda_entry")
        try:
            yield entry.handler, s3
        finally:
            sys.modules.pop("handler.lambda_entry", None)
            entry.s3_client.close()
            s3.close()
            asyncio.set_event_loop(None)
            loop.close()
