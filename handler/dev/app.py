"""The app `make serve` serves: the Lambda's own app on the embedded S3, the preview page and
the access log in front.

`dev_app` is the factory uvicorn's reload worker imports by name: it builds the app from the
environment `serve()` set (the embedded S3's endpoint, bucket and prefix).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.types import ASGIApp

from handler.app import create_app
from handler.cache.s3 import S3Store
from handler.config import Settings
from handler.dev.access_log import AccessLog
from handler.dev.logs import log_like_uvicorn
from handler.dev.preview import Preview
from handler.dev.s3 import EmbeddedS3, s3_client
from handler.segments import Registry, scan

log = logging.getLogger("segmint.local")


@dataclass(frozen=True, slots=True)
class LocalApp:
    """The ASGI app and what it was built from (the scanned segments, the settings)."""

    app: Starlette
    registry: Registry
    settings: Settings
    client: Any

    def preview(self) -> ASGIApp:
        """The app with the preview page at `/` (local only: Lambda serves `app` itself)."""
        return Preview(self.app, self.registry, self.settings.metadata_ttl)

    def close(self) -> None:
        """Close the S3 client's pooled connections (each holds a moto server thread)."""
        self.client.close()


def build_app(s3: EmbeddedS3, environ: Mapping[str, str]) -> LocalApp:
    """The real app on the embedded S3, through the same functions Lambda uses."""
    settings = Settings.from_env(environ)
    client = s3.client()
    store = S3Store(client, settings.bucket, settings.prefix)
    registry = scan(settings.segments_dir)
    return LocalApp(create_app(settings, store, registry), registry, settings, client)


def dev_app() -> ASGIApp:
    """The app factory `serve()` runs (in the reloaded worker): the real app on the embedded
    S3 named by the environment, the preview page in front, one access line per request."""
    log_like_uvicorn()
    settings = Settings.from_env(os.environ)
    if settings.s3_endpoint_url is None:
        raise RuntimeError("SEGMINT_S3_ENDPOINT_URL is not set: dev_app runs under serve()")
    client = s3_client(settings.s3_endpoint_url)
    registry = scan(settings.segments_dir)
    store = S3Store(client, settings.bucket, settings.prefix)
    local = LocalApp(create_app(settings, store, registry), registry, settings, client)
    log.info(
        "%d route(s), %d broken, from %s; preview page at /",
        len(registry.routes),
        len(registry.problems),
        registry.root,
    )
    return AccessLog(local.preview())
