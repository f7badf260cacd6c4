"""The platform edge: settings, the boto3 S3 client, the app (its raw path restored from the
event, handler.lambda_events; one JSON log line with metrics per request, handler.telemetry)
and Mangum for Lambda.

What every request needs (segment scan, the client) happens here at import, once per cold
start: Mangum would run an ASGI lifespan on every invocation, so it is off. The renderer is
not imported here: it loads on the first miss (handler.render.response).
"""

from __future__ import annotations

import logging
import os

import botocore.session  # type: ignore[import-untyped]
from mangum import Mangum

from handler.app import create_app
from handler.cache.s3 import S3Store
from handler.config import Settings
from handler.lambda_events import RawPathFromEvent
from handler.telemetry import RequestLog, stdout_sink

logging.basicConfig(level=logging.INFO)
# Mangum's own "GET /path 200" line says less than RequestLog's record of the same request.
logging.getLogger("mangum.http").setLevel(logging.WARNING)

settings = Settings.from_env(os.environ)
# botocore's own session, not boto3's: boto3 adds resources and s3transfer (~40% of the import
# time of the AWS SDK here) for methods the store never calls.
s3_client = botocore.session.get_session().create_client(
    "s3", region_name=settings.region, endpoint_url=settings.s3_endpoint_url
)
store = S3Store(s3_client, settings.bucket, settings.prefix)
dimensions = {"FunctionName": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "segmint")}
app = RawPathFromEvent(RequestLog(create_app(settings, store), stdout_sink(dimensions)))
handler = Mangum(app, lifespan="off", api_gateway_base_path=settings.base_path)
