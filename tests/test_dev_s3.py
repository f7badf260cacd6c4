"""handler/dev/s3.py: moto's S3 server in-process, readable anonymously under the prefix only."""

from __future__ import annotations

import httpx
import pytest

from handler.dev.s3 import prefix_read_policy, start_embedded_s3
from tests.ports import port_is_closed

pytestmark = pytest.mark.slow


def test_prefix_read_policy_grants_get_object_on_the_prefix_only() -> None:
    policy = prefix_read_policy("segmint-local", "segmint/")
    [statement] = policy["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == "arn:aws:s3:::segmint-local/segmint/*"


def test_embedded_s3_alone_serves_only_the_prefix_anonymously() -> None:
    s3 = start_embedded_s3(bucket="segmint-alone", prefix="img/")
    try:
        client = s3.client()
        client.put_object(
            Bucket="segmint-alone", Key="img/a.png", Body=b"a", ContentType="image/png"
        )
        client.put_object(Bucket="segmint-alone", Key="b.png", Body=b"b", ContentType="image/png")
        client.close()
        assert httpx.get(f"{s3.public_base_url}/img/a.png").content == b"a"
        assert httpx.get(f"{s3.public_base_url}/b.png").status_code == 403
    finally:
        s3.stop()
    assert port_is_closed(s3.endpoint_url)
