"""The S3 store: HEAD to check, create-only PutObject (`If-None-Match: *`), GetObject."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import botocore.session  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from handler.cache.store import IMMUTABLE_CACHE_CONTROL, StoredObject
from handler.config import Settings
from handler.exceptions import StoreError

PUT_ATTEMPTS = 3
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})
_HIDDEN = frozenset({"403", "AccessDenied", "Forbidden"})
"""Without s3:ListBucket, S3 answers a HEAD of a missing key 403, not 404: our deployed role has
only Get/PutObject on the prefix, so a 403 on HEAD means "not there (as far as we may know)" and
the create-only PUT that follows decides."""
_EXISTS = frozenset({"412", "PreconditionFailed"})
_CONFLICT = frozenset({"409", "ConditionalRequestConflict", "OperationAborted"})


def s3_config(settings: Settings) -> Config:
    """Timeouts and retries that end every S3 call inside the request's budget: botocore's
    defaults (60 s connect, 60 s read, retried) outlive the function's 29 s. A call takes at
    most `s3_max_attempts` x (connect + read timeout), plus at most a second of backoff."""
    return Config(
        connect_timeout=settings.s3_connect_timeout,
        read_timeout=settings.s3_read_timeout,
        retries={"total_max_attempts": settings.s3_max_attempts, "mode": "standard"},
    )


def s3_client(settings: Settings) -> Any:
    """The S3 client of the settings' region and endpoint, with `s3_config`'s limits.

    From botocore's own session, not boto3's: boto3 adds resources and s3transfer (~40% of the
    AWS SDK's import time on a cold start) for methods the store never calls.
    """
    return botocore.session.get_session().create_client(
        "s3",
        region_name=settings.region,
        endpoint_url=settings.s3_endpoint_url,
        config=s3_config(settings),
    )


class S3Store:
    """A `Store` on one bucket, confined to `prefix`: it refuses any key outside it."""

    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        if not prefix or not prefix.endswith("/") or prefix.startswith("/"):
            raise StoreError(f"S3 prefix {prefix!r} must end with '/' and not start with one")
        self._client = client
        self._bucket = bucket
        self._prefix = prefix

    def exists(self, key: str) -> bool:
        self._check(key)
        try:
            self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING | _HIDDEN:
                return False
            raise StoreError(f"HEAD s3://{self._bucket}/{key} failed: {exc}") from exc
        except BotoCoreError as exc:  # no answer at all: refused, closed, timed out
            raise StoreError(f"HEAD s3://{self._bucket}/{key} failed: {exc}") from exc
        return True

    def put(self, key: str, body: bytes, content_type: str, metadata: Mapping[str, str]) -> None:
        self._check(key)
        for attempt in range(1, PUT_ATTEMPTS + 1):
            try:
                self._client.put_object(
                    Bucket=self._bucket,
                    Key=key,
                    Body=body,
                    ContentType=content_type,
                    CacheControl=IMMUTABLE_CACHE_CONTROL,
                    Metadata={k: _ascii(v) for k, v in metadata.items()},
                    IfNoneMatch="*",
                )
            except ClientError as exc:
                code = _code(exc)
                if code in _EXISTS:
                    return
                if code in _CONFLICT and attempt < PUT_ATTEMPTS:
                    continue
                # One moto server release answers 500 where S3 answers 412: believe a HEAD.
                if (code.startswith("5") or code == "InternalError") and self.exists(key):
                    return
                raise StoreError(f"PUT s3://{self._bucket}/{key} failed: {exc}") from exc
            except BotoCoreError as exc:
                raise StoreError(f"PUT s3://{self._bucket}/{key} failed: {exc}") from exc
            return

    def get(self, key: str) -> StoredObject | None:
        self._check(key)
        try:
            answer = self._client.get_object(Bucket=self._bucket, Key=key)
            body = answer["Body"].read()
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return None
            raise StoreError(f"GET s3://{self._bucket}/{key} failed: {exc}") from exc
        except BotoCoreError as exc:
            raise StoreError(f"GET s3://{self._bucket}/{key} failed: {exc}") from exc
        return StoredObject(
            key=key,
            body=body,
            content_type=answer.get("ContentType", "application/octet-stream"),
            metadata=dict(answer.get("Metadata", {})),
            cache_control=answer.get("CacheControl", ""),
        )

    def _check(self, key: str) -> None:
        rest = key[len(self._prefix) :]
        if not key.startswith(self._prefix) or not rest or ".." in rest or "//" in key:
            raise StoreError(f"key {key!r} is outside the store's prefix {self._prefix!r}")


def _code(exc: ClientError) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code in {"", "Unknown"} and status is not None:
        return str(status)
    return code


def _ascii(value: str) -> str:
    """S3 user metadata travels in HTTP headers: keep it printable ASCII."""
    return value.encode("ascii", "backslashreplace").decode("ascii")[:512]
