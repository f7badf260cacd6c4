"""The embedded S3 of `make serve`: moto's server in this process, the bucket readable by prefix.

The app is built exactly as on Lambda (`Settings.from_env`, `S3Store`, `create_app`); only the
environment differs: the bucket is moto's and `SEGMINT_PUBLIC_BASE_URL` is the bucket's
path-style URL, e.g. `http://127.0.0.1:49152/segmint-local`.

How the redirect target is readable: a bucket policy lets anyone `s3:GetObject` under the cache
prefix, and nothing else. Deployed, CloudFront (origin access control) is the one reader of a
private bucket, limited to the prefix; locally the browser stands where CloudFront does, so it gets
the same grant. A presigned URL would also work but was not chosen: it expires (a crawler or CDN
that cached the redirect would then hold a dead link), it differs on every signing (so the
redirect is never the same twice), and it would give the app a signing code path that only local
runs take. With the policy the app redirects to `<public base URL>/<key>` in both places, and a key
outside the prefix stays private (403) like the rest of a real bucket.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import boto3  # type: ignore[import-untyped]

LOCAL_BUCKET = "segmint-local"
LOCAL_REGION = "us-east-1"
LOOPBACK = "127.0.0.1"
# moto accepts any credentials; these never leave the process.
DUMMY_KEY_ID = "segmint-local"
DUMMY_SECRET = "segmint-local-secret"


@dataclass(frozen=True, slots=True)
class EmbeddedS3:
    """moto's S3 server running in a thread, with the cache bucket created and readable."""

    server: Any
    endpoint_url: str
    bucket: str
    prefix: str

    @property
    def public_base_url(self) -> str:
        """The bucket's path-style URL: redirects go to `<this>/<key>`."""
        return f"{self.endpoint_url}/{self.bucket}"

    def client(self) -> Any:
        """A boto3 S3 client on this server (dummy credentials, path-style addressing)."""
        return s3_client(self.endpoint_url)

    def stop(self) -> None:
        self.server.stop()
        # moto's stop() ends serve_forever() but leaves the listening socket open.
        inner = getattr(self.server, "_server", None)
        if inner is not None:
            inner.server_close()


def s3_client(endpoint_url: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=LOCAL_REGION,
        aws_access_key_id=DUMMY_KEY_ID,
        aws_secret_access_key=DUMMY_SECRET,
    )


def prefix_read_policy(bucket: str, prefix: str) -> dict[str, Any]:
    """The bucket policy that makes stored images (and only they) readable anonymously.

    >>> prefix_read_policy("b", "segmint/")["Statement"][0]["Resource"]
    'arn:aws:s3:::b/segmint/*'
    """
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadCachePrefix",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
            }
        ],
    }


def start_embedded_s3(
    bucket: str = LOCAL_BUCKET, prefix: str = "segmint/", host: str = LOOPBACK
) -> EmbeddedS3:
    """Start moto's S3 server on a free port of `host`, create `bucket`, open `prefix` to reads."""
    # werkzeug logs every S3 request at INFO; uvicorn's access log already shows ours.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Imported here: the reloaded worker imports this module and needs no S3 server of its own.
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    bound_host, port = server.get_host_and_port()
    s3 = EmbeddedS3(server, f"http://{bound_host}:{port}", bucket, prefix)
    client = s3.client()
    try:
        # moto's backends are per process: a second server in it already has the bucket.
        with suppress(client.exceptions.BucketAlreadyOwnedByYou):
            client.create_bucket(Bucket=bucket)
        client.put_bucket_policy(
            Bucket=bucket, Policy=json.dumps(prefix_read_policy(bucket, prefix))
        )
    except BaseException:
        s3.stop()
        raise
    finally:
        client.close()
    return s3


def local_environ(s3: EmbeddedS3, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment the app reads at start-up, pointed at the embedded S3.

    Other SEGMINT_* settings (segments dir, redirect status, ...) pass through from `base`.
    """
    environ = dict(os.environ if base is None else base)
    environ.update(
        SEGMINT_BUCKET=s3.bucket,
        SEGMINT_PREFIX=s3.prefix,
        SEGMINT_S3_ENDPOINT_URL=s3.endpoint_url,
        SEGMINT_PUBLIC_BASE_URL=s3.public_base_url,
        AWS_REGION=LOCAL_REGION,
    )
    return environ
