"""Wiring only: settings, the boto3 S3 client, the app, and Mangum for Lambda.

Everything costly (segment scan, imports, the client) happens here at import, once per cold
start: Mangum would run an ASGI lifespan on every invocation, so it is off.
"""

from __future__ import annotations

import logging
import os

import boto3  # type: ignore[import-untyped]
from mangum import Mangum

from handler.app import create_app
from handler.cache.s3 import S3Store
from handler.config import Settings

logging.basicConfig(level=logging.INFO)

settings = Settings.from_env(os.environ)
s3_client = boto3.client("s3", region_name=settings.region, endpoint_url=settings.s3_endpoint_url)
app = create_app(settings, S3Store(s3_client, settings.bucket, settings.prefix))
handler = Mangum(app, lifespan="off")
