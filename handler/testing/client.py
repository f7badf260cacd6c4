"""`SegmintClient`: the real app on a segments folder and an in-process moto bucket.

Entering the client starts moto's `mock_aws`, sets dummy AWS credentials (and hides a profile,
config files and endpoint overrides, which could point boto3 at a real account), creates a fresh
bucket and builds the app exactly as the Lambda entry does (`Settings`, `S3Store`,
`create_app`). Leaving it stops the mock and puts the environment back as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from unittest import mock
from urllib.parse import unquote

from anyio.from_thread import BlockingPortal
from starlette.testclient import TestClient

from handler import http
from handler.app import ImageService, create_app
from handler.config import Settings
from handler.enumerate import known_variants
from handler.testing.check import CheckReport, check_variants
from handler.testing.response import Outcome, SegmintResponse, StoredImage
from handler.testing.routes import PageTags, VariantInfo, page_tags, route_variants

DUMMY_ENVIRON = {
    "AWS_ACCESS_KEY_ID": "segmint-testing",
    "AWS_SECRET_ACCESS_KEY": "segmint-testing",
    "AWS_SESSION_TOKEN": "segmint-testing",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
TEST_ORIGIN = "http://testserver"
"""Starlette TestClient's origin: tag URLs are absolute on it when no site URL is set."""
HIDDEN_ENVIRON = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")


class SegmintClient:
    """The Segmint app over `segments` (a path, relative to the working directory) and a
    moto-mocked bucket, for tests: no AWS account, no network.

    `environ` holds SEGMINT_* settings as the README's configuration table names them
    (`{"SEGMINT_REDIRECT_STATUS": "302"}`); the process environment is not read. `clock`
    (seconds) drives `revalidate` buckets, as `create_app`'s does.

        with SegmintClient("segments") as client:
            first = client.get("/icon/small")    # first.is_miss, first.image_size == (48, 48)
            second = client.get("/icon/small")   # second.is_hit, second.follow().content
    """

    def __init__(
        self,
        segments: str | Path = "segments",
        *,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        root = Path(segments).resolve()
        if not root.is_dir():
            raise FileNotFoundError(
                f"SegmintClient: segments folder {root} does not exist (given {str(segments)!r})"
            )
        given = dict(environ or {})
        if given.get("SEGMINT_S3_ENDPOINT_URL"):
            raise ValueError(
                "SegmintClient: SEGMINT_S3_ENDPOINT_URL is not used; the bucket is moto's"
            )
        given.setdefault("AWS_REGION", "us-east-1")
        self.settings = Settings.from_env({**given, "SEGMINT_SEGMENTS_DIR": str(root)})
        self._clock = clock
        self._stack: ExitStack | None = None
        self._http: TestClient | None = None
        self._s3: Any = None

    def __enter__(self) -> Self:
        if self._stack is not None:
            raise RuntimeError("SegmintClient is already open: enter it once")
        stack = ExitStack()
        try:
            self._open(stack)
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        stack, self._stack, self._http, self._s3 = self._stack, None, None, None
        if stack is not None:
            stack.close()

    def _open(self, stack: ExitStack) -> None:
        # moto and boto3 take ~1 s to import: loaded when a client opens, not when pytest
        # loads the plugin (handler.testing.plugin) in every run.
        import boto3  # type: ignore[import-untyped]
        from moto import mock_aws

        from handler.cache.s3 import S3Store

        settings = self.settings
        stack.enter_context(mock.patch.dict(os.environ, DUMMY_ENVIRON))
        for name in HIDDEN_ENVIRON:
            os.environ.pop(name, None)
        os.environ["AWS_DEFAULT_REGION"] = settings.region
        stack.enter_context(mock_aws())
        s3 = boto3.client("s3", region_name=settings.region)
        stack.callback(s3.close)
        _create_bucket(s3, settings.bucket, settings.region)
        store = S3Store(s3, settings.bucket, settings.prefix)
        app = create_app(settings, store, clock=self._clock)
        self._http = stack.enter_context(TestClient(app, follow_redirects=False))
        self._s3 = s3

    @property
    def service(self) -> ImageService:
        """The app's request flow and warm state (registry, metadata memo, known keys)."""
        service: ImageService = self._client.app.state.service  # type: ignore[attr-defined]
        return service

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> SegmintResponse:
        """GET `url` (a path, percent-encoded as a browser sends it); redirects not followed."""
        return self.request("GET", url, headers=headers)

    def head(self, url: str, *, headers: Mapping[str, str] | None = None) -> SegmintResponse:
        return self.request("HEAD", url, headers=headers)

    def request(
        self, method: str, url: str, *, headers: Mapping[str, str] | None = None
    ) -> SegmintResponse:
        answer = self._client.request(method, url, headers=dict(headers or {}))
        status, found = answer.status_code, answer.headers
        key = self._key(status, found)
        stored = self.stored(key) if key is not None else None
        outcome = _outcome(status, found, key)
        return SegmintResponse(method, url, status, found, answer.content, outcome, key, stored)

    def stored(self, key: str) -> StoredImage | None:
        """The object under `key` in the mocked bucket, None when there is none."""
        try:
            got = self._bucket.get_object(Bucket=self.settings.bucket, Key=key)
        except self._bucket.exceptions.NoSuchKey:
            return None
        return StoredImage(
            key=key,
            content=got["Body"].read(),
            content_type=got.get("ContentType", ""),
            cache_control=got.get("CacheControl", ""),
            metadata=dict(got.get("Metadata", {})),
        )

    def keys(self) -> list[str]:
        """Every key in the mocked bucket, sorted."""
        pages = self._bucket.get_paginator("list_objects_v2").paginate(Bucket=self.settings.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def variants(self, url: str) -> tuple[VariantInfo, ...]:
        """The metadata variants of the route serving `url`: `/shop/shoes/icon` (or one of its
        variants' URLs), each with its URL, id, size, content type and alt text."""
        service = self.service
        return self._portal.call(
            route_variants, service.registry, url, service.metadata, self._clock()
        )

    def tags(self, page: str) -> PageTags:
        """The `<head>` images of the page at `page` (`/products/1`), as `segmint tags` prints;
        URLs are absolute on SEGMINT_SITE_URL, `http://testserver` (the client's own) unset."""
        service = self.service
        return self._portal.call(
            page_tags,
            service.registry,
            page,
            service.metadata,
            self._clock(),
            self.settings.site_url or TEST_ORIGIN,
        )

    def check_all(self, *, raise_on_failure: bool = True) -> CheckReport:
        """Fetch every known variant of every segment (static routes, and dynamic ones for each
        params dict of `generate_static_params()`), check its status, content type, that it
        decodes and its size; raise one `CheckFailed` listing every failure and broken segment.
        """
        service = self.service
        found = self._portal.call(known_variants, service.registry, service.metadata, self._clock())
        report = check_variants(found, self.get, service.registry.root.parent)
        if raise_on_failure:
            report.raise_for_failures()
        return report

    @property
    def _client(self) -> TestClient:
        if self._http is None:
            raise RuntimeError("SegmintClient is not open: use `with SegmintClient(...) as c:`")
        return self._http

    @property
    def _bucket(self) -> Any:
        self._client  # noqa: B018 - the same "not open" error as a request
        return self._s3

    @property
    def _portal(self) -> BlockingPortal:
        """The test client's event loop thread: the app's coroutines run there."""
        portal = self._client.portal
        assert portal is not None  # set while the TestClient is entered
        return portal

    def _key(self, status: int, headers: Mapping[str, str]) -> str | None:
        """The stored key an answer names: a redirect's Location under the public base URL and
        the prefix, or the key whose content hash is a 200's or 304's ETag."""
        location = headers.get("location")
        if location is not None and 300 <= status < 400:
            base = self.settings.public_base_url.rstrip("/")
            if location.startswith(base + "/"):
                key = unquote(location[len(base) + 1 :])
                return key if key.startswith(self.settings.prefix) else None
            return None
        tag = headers.get("etag")
        if tag is None:
            return None
        return next((k for k in self.keys() if http.etag(k) == tag), None)


def _outcome(status: int, headers: Mapping[str, str], key: str | None) -> Outcome:
    if status == 304:
        return Outcome.NOT_MODIFIED
    if 300 <= status < 400:
        return Outcome.HIT if key is not None else Outcome.REDIRECT
    if status >= 400:
        return Outcome.ERROR
    return Outcome.MISS if "etag" in headers else Outcome.DYNAMIC


def _create_bucket(s3: Any, bucket: str, region: str) -> None:
    """A fresh bucket, or an error where one of that name is there already (a second client
    or a `mock_aws` around this one holding it)."""
    names = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket in names:
        raise RuntimeError(
            f"SegmintClient: bucket {bucket!r} already exists in moto (another SegmintClient "
            f"or mock_aws around this one has it); pass environ={{'SEGMINT_BUCKET': ...}}"
        )
    options = {} if region == "us-east-1" else {"LocationConstraint": region}
    s3.create_bucket(Bucket=bucket, **({"CreateBucketConfiguration": options} if options else {}))
