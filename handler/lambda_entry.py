"""The platform edge: settings, the boto3 S3 client, the app (its raw path restored from the
event, handler.lambda_events) and Mangum for Lambda.

Everything costly (segment scan, imports, the client) happens here at import, once per cold
start: Mangum would run an ASGI lifespan on every invocation, so it is off.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mangum import Mangum

from handler.app import create_app
from handler.cache.s3 import S3Store
from handler.cache.s3 import s3_client as s3_client_for
from handler.config import Settings
from handler.lambda_events import RawPathFromEvent, without_bad_host
from handler.render.text.fonts import RAQM

logging.basicConfig(level=logging.INFO)
if not RAQM:
    # scripts/package_lambda.sh ships libfribidi.so.0 in lib/ so this does not happen.
    logging.getLogger("segmint").warning(
        "Pillow's raqm layout is unavailable (libfribidi.so.0 not found): text is drawn "
        "without kerning or right-to-left reordering, unlike `make serve`"
    )

settings = Settings.from_env(os.environ)
s3_client = s3_client_for(settings)
app = RawPathFromEvent(create_app(settings, S3Store(s3_client, settings.bucket, settings.prefix)))
mangum = Mangum(app, lifespan="off")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The Lambda entry point: Mangum, given an event it can always make a scope of."""
    response: dict[str, Any] = mangum(without_bad_host(event), context)
    return response
