"""Signed URLs: the signer itself, the app's 403 before any work, the tags, keys from SSM."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import boto3  # type: ignore[import-untyped]
import pytest
from moto import mock_aws
from starlette.testclient import TestClient

from handler.app import create_app
from handler.cache.store import MemoryStore
from handler.config import Settings
from handler.exceptions import ConfigError
from handler.metadata import MetadataCache
from handler.segments import scan
from handler.signing import Signer, environment_signer, keys_from_ssm
from handler.tags import page_images

SegmentWriter = Callable[[dict[str, str]], Path]
NEW, OLD = "new-key-0123456789abcdef", "old-key-0123456789abcdef"
SEGMENT = """
    from tests.helpers import png_bytes
    CALLS = []
    def generate_image_metadata(params):
        CALLS.append("metadata")
        return [{"id": "small"}]
    def image(id):
        CALLS.append("image")
        return png_bytes(4, 4)
"""


def test_sign_then_verify_and_tampering_fails() -> None:
    signer = Signer((NEW,))
    url = signer.sign("/shop/a%2Fb/icon/small?0123456789abcdef")
    path, query = url.split("?", 1)
    assert signer.verify(path, query)
    assert not signer.verify("/shop/a%2Fc/icon/small", query)
    assert not signer.verify(path, query.replace("0123", "0124"))
    assert not signer.verify(path, "0123456789abcdef")
    assert not signer.verify(path, query + "x")
    assert not signer.verify(path, "x=1&" + query)
    assert Signer(("another-key-0123456789",)).verify(path, query) is False


def test_the_first_key_signs_and_every_key_verifies() -> None:
    rotated = Signer((NEW, OLD))
    old_url = Signer((OLD,)).sign("/icon/small")
    assert rotated.verify(*old_url.split("?", 1))
    assert rotated.sign("/icon/small") == Signer((NEW,)).sign("/icon/small")


def test_without_keys_nothing_changes() -> None:
    assert Signer().sign("/icon/small?abc") == "/icon/small?abc"
    assert Signer().verify("/icon/small", "")
    assert Settings.from_env({}).signing_keys == ()


def test_keys_come_from_the_environment_comma_separated() -> None:
    settings = Settings.from_env({"SEGMINT_SIGNING_KEYS": f" {NEW}, {OLD} "})
    assert settings.signing_keys == (NEW, OLD)
    with pytest.raises(ConfigError, match="SEGMINT_SIGNING_KEYS: a signing key of 5 char"):
        Settings.from_env({"SEGMINT_SIGNING_KEYS": "short"})


def test_keys_come_from_an_ssm_secure_string() -> None:
    with mock_aws():
        ssm = boto3.client("ssm", region_name="us-east-1")
        ssm.put_parameter(Name="/segmint/keys", Value=f"{NEW},{OLD}", Type="SecureString")
        assert keys_from_ssm(ssm, "/segmint/keys") == (NEW, OLD)
        signer = environment_signer({"SEGMINT_SIGNING_KEYS_SSM": "/segmint/keys"}, ssm)
        assert signer.keys == (NEW, OLD)
        with pytest.raises(ConfigError, match="'/missing': cannot be read"):
            keys_from_ssm(ssm, "/missing")


def test_without_a_client_the_ssm_parameter_is_read_through_botocore(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What runs on Lambda, whose zip has botocore and not boto3.
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with mock_aws():
        ssm = boto3.client("ssm", region_name="eu-west-1")
        ssm.put_parameter(Name="/segmint/own-client", Value=NEW, Type="SecureString")
        signer = environment_signer({"SEGMINT_SIGNING_KEYS_SSM": "/segmint/own-client"})
        assert signer.keys == (NEW,)


def _signed_app(root: Path) -> tuple[TestClient, MemoryStore]:
    store = MemoryStore()
    settings = Settings(segments_dir=root, signing_keys=(NEW, OLD))
    client = TestClient(create_app(settings, store), follow_redirects=False)
    return client, store


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/shop/1/icon/small", id="unsigned"),
        pytest.param("/shop/1/icon/small?s=", id="empty"),
        pytest.param("/shop/2/icon/small?s=SIG", id="other-path"),
        pytest.param("/shop/1/icon/small?v=2&s=SIG", id="added-query"),
        pytest.param("/shop/1/icon/small?s=SIG&x", id="after-signature"),
        pytest.param("/shop/1/icon/small/?s=SIG", id="trailing-slash"),
    ],
)
def test_unsigned_or_tampered_urls_are_403_before_any_work(
    write_segments: SegmentWriter, url: str
) -> None:
    client, store = _signed_app(write_segments({"shop/[slug]/icon.py": SEGMENT}))
    service = client.app.state.service  # type: ignore[attr-defined]
    [route] = service.registry.routes
    calls = route.module.image.__globals__["CALLS"]
    calls.clear()
    signature = Signer((NEW,)).sign("/shop/1/icon/small").split("s=")[1]
    answer = client.get(url.replace("SIG", signature))
    assert answer.status_code == 403
    assert answer.text == "Forbidden: the URL's signature is missing or wrong"
    assert (calls, store.calls, service.metadata.calls, service.renders) == ([], [], 0, 0)


def test_signed_urls_serve_with_either_key(write_segments: SegmentWriter) -> None:
    client, store = _signed_app(write_segments({"shop/[slug]/icon.py": SEGMENT}))
    assert client.get(Signer((NEW,)).sign("/shop/1/icon/small")).status_code == 200
    assert client.get(Signer((OLD,)).sign("/shop/1/icon/small")).status_code == 307
    assert len(store.objects) == 1


def test_tags_emit_signed_urls_the_app_accepts(write_segments: SegmentWriter) -> None:
    root = write_segments(
        {"shop/[slug]/icon.py": SEGMENT, "shop/[slug]/opengraph-image.py": SEGMENT}
    )
    client, _ = _signed_app(root)
    signer = Signer((NEW, OLD))
    images = asyncio.run(
        page_images(scan(root), "/shop/1", MetadataCache(60), 0.0, "https://site.example", signer)
    )
    assert len(images) == 2
    for image in images:
        url = urlsplit(image.url)
        assert "&s=" in url.query  # after the `?<hash>` version tag, which it covers
        assert signer.verify(url.path, url.query)
        assert client.get(f"{url.path}?{url.query}").status_code == 200
