"""The platform edge: settings, the boto3 S3 client, the app (its raw path restored from the
event, handler.lambda_events; one JSON log line with metrics per request, handler.telemetry)
and Mangum for Lambda.

What every request needs (segment scan, the client) happens here at import, once per cold
start (the scan helped by the package's manifest, handler.scan_manifest): Mangum would run an
ASGI lifespan on every invocation, so it is off. The renderer is
not imported here: it loads on the first miss (handler.render.response). Before any library,
the package's precompiled regular expressions go into `re`'s cache (handler.pattern_cache).
"""

# ruff: noqa: E402  (the imports after the pattern cache's load are what it speeds up)
from __future__ import annotations

from pathlib import Path

from handler import pattern_cache

precompiled_patterns = pattern_cache.load(
    Path(__file__).resolve().parent.parent / pattern_cache.PATTERNS_NAME
)

import logging
import os
from typing import Any

from mangum import Mangum

from handler import scan_manifest
from handler.app import create_app
from handler.cache.s3 import S3Store
from handler.cache.s3 import s3_client as s3_client_for
from handler.config import Settings
from handler.lambda_events import RawPathFromEvent, without_bad_host
from handler.segments import scan
from handler.telemetry import RequestLog, stdout_sink

logging.basicConfig(level=logging.INFO)
# Mangum's own "GET /path 200" line says less than RequestLog's record of the same request.
logging.getLogger("mangum.http").setLevel(logging.WARNING)

settings = Settings.from_env(os.environ)
s3_client = s3_client_for(settings)
store = S3Store(s3_client, settings.bucket, settings.prefix)
registry = scan(settings.segments_dir, manifest=scan_manifest.load(settings.project_root))
dimensions = {"FunctionName": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "segmint")}
app = RawPathFromEvent(RequestLog(create_app(settings, store, registry), stdout_sink(dimensions)))
mangum = Mangum(app, lifespan="off", api_gateway_base_path=settings.base_path)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The Lambda entry point: Mangum, given an event it can always make a scope of."""
    response: dict[str, Any] = mangum(without_bad_host(event), context)
    return response
