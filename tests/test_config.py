"""Settings.from_env: defaults, and every bad value named with its variable."""

from __future__ import annotations

import pytest

from handler.config import SAME_ORIGIN, Settings
from handler.exceptions import ConfigError
from handler.render.limits import Limits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("/", "/", id="same-origin"),
        pytest.param(" / ", "/", id="same-origin-padded"),
        pytest.param("https://cdn.example", "https://cdn.example", id="https"),
        pytest.param("https://cdn.example/", "https://cdn.example", id="trailing-slash"),
        pytest.param("https://cdn.example//", "https://cdn.example", id="trailing-slashes"),
        pytest.param(
            "http://127.0.0.1:49152/segmint-local",
            "http://127.0.0.1:49152/segmint-local",
            id="moto-path-style",
        ),
        pytest.param("https://cdn.example/img/", "https://cdn.example/img", id="with-path"),
    ],
)
def test_public_base_url_accepts_same_origin_or_an_http_url(raw: str, expected: str) -> None:
    settings = Settings.from_env({"SEGMINT_PUBLIC_BASE_URL": raw})
    assert settings.public_base_url == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param("//cdn.example", "use '/'", id="scheme-relative"),
        pytest.param("//", "use '/'", id="double-slash"),
        pytest.param("/segmint", "use '/'", id="path-only"),
        pytest.param("cdn.example", "must start with http", id="no-scheme"),
        pytest.param("ftp://cdn.example", "must start with http", id="ftp"),
        pytest.param("https://", "scheme://host", id="no-host"),
        pytest.param("https:///img", "scheme://host", id="empty-host"),
        pytest.param("https://cdn.example?v=1", "no query", id="query"),
        pytest.param("https://cdn.example#top", "no query or fragment", id="fragment"),
        pytest.param("https://cdn example", "spaces", id="space"),
        pytest.param("https://cdn.example:99999", "port", id="port-range"),
        pytest.param("https://cdn.example:http", "port", id="port-text"),
    ],
)
def test_public_base_url_rejects_anything_else_naming_variable_and_value(
    raw: str, reason: str
) -> None:
    with pytest.raises(ConfigError, match=reason) as caught:
        Settings.from_env({"SEGMINT_PUBLIC_BASE_URL": raw})
    assert str(caught.value).startswith(f"SEGMINT_PUBLIC_BASE_URL={raw.strip()!r}: ")


def test_public_base_url_defaults_to_the_buckets_regional_url() -> None:
    settings = Settings.from_env({"SEGMINT_BUCKET": "b-1", "AWS_REGION": "eu-west-1"})
    assert settings.public_base_url == "https://b-1.s3.eu-west-1.amazonaws.com"
    assert SAME_ORIGIN == "/"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        pytest.param({"SEGMINT_BUCKET": "Bad_Bucket"}, "SEGMINT_BUCKET='Bad_Bucket'", id="bucket"),
        pytest.param(
            {"SEGMINT_REDIRECT_STATUS": "301"}, "SEGMINT_REDIRECT_STATUS=301", id="status"
        ),
        pytest.param(
            {"SEGMINT_REDIRECT_MAX_AGE": "soon"}, "SEGMINT_REDIRECT_MAX_AGE='soon'", id="max-age"
        ),
        pytest.param({"SEGMINT_METADATA_TTL": "0"}, "SEGMINT_METADATA_TTL='0'", id="ttl"),
        pytest.param({"SEGMINT_PREFIX": "a/../b"}, "SEGMINT_PREFIX='a/../b'", id="prefix"),
        pytest.param(
            {"SEGMINT_SITE_URL": "example.com"}, "SEGMINT_SITE_URL='example.com'", id="site"
        ),
        pytest.param(
            {"SEGMINT_CACHE_EXPIRY_DAYS": "-1"}, "SEGMINT_CACHE_EXPIRY_DAYS='-1'", id="expiry"
        ),
        pytest.param(
            {"SEGMINT_CACHE_EXPIRY_DAYS": "1", "SEGMINT_REDIRECT_MAX_AGE": "43200"},
            "SEGMINT_REDIRECT_MAX_AGE=43200: a cached redirect must live shorter than half",
            id="redirect-outlives-objects",
        ),
    ],
)
def test_other_bad_values_name_their_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        Settings.from_env(environ)


def test_keys_move_on_every_half_of_the_expiry_age() -> None:
    assert Settings.from_env({}).key_epoch_seconds == 0
    settings = Settings.from_env({"SEGMINT_CACHE_EXPIRY_DAYS": "30"})
    assert settings.cache_expiry_days == 30
    assert settings.key_epoch_seconds == 15 * 86_400


def test_s3_limits_are_read_and_checked() -> None:
    settings = Settings.from_env(
        {
            "SEGMINT_S3_CONNECT_TIMEOUT": "0.5",
            "SEGMINT_S3_READ_TIMEOUT": "3",
            "SEGMINT_S3_MAX_ATTEMPTS": "1",
        }
    )
    assert (settings.s3_connect_timeout, settings.s3_read_timeout) == (0.5, 3.0)
    assert settings.s3_max_attempts == 1
    with pytest.raises(ConfigError, match="SEGMINT_S3_READ_TIMEOUT='0': must be more than 0"):
        Settings.from_env({"SEGMINT_S3_READ_TIMEOUT": "0"})
    with pytest.raises(ConfigError, match="SEGMINT_S3_CONNECT_TIMEOUT='soon': not a number"):
        Settings.from_env({"SEGMINT_S3_CONNECT_TIMEOUT": "soon"})


def test_segment_limits_are_read_and_checked() -> None:
    settings = Settings.from_env(
        {
            "SEGMINT_RENDER_TIMEOUT": "5",
            "SEGMINT_METADATA_TIMEOUT": "1.5",
            "SEGMINT_SEGMENT_THREADS": "32",
            "SEGMINT_SEGMENT_CONCURRENCY": "8",
        }
    )
    assert (settings.render_timeout, settings.metadata_timeout) == (5.0, 1.5)
    assert (settings.segment_threads, settings.segment_concurrency) == (32, 8)
    with pytest.raises(ConfigError, match="SEGMINT_SEGMENT_THREADS='0': must be at least 1"):
        Settings.from_env({"SEGMINT_SEGMENT_THREADS": "0"})


def test_default_limits_end_a_request_inside_lambdas_29_seconds() -> None:
    settings = Settings()
    s3_call = settings.s3_max_attempts * (settings.s3_connect_timeout + settings.s3_read_timeout)
    worst = 2 * settings.metadata_timeout + 2 * (s3_call + 1) + settings.render_timeout
    assert worst < 29


def test_render_limits_come_from_segmint_max_variables() -> None:
    assert Settings.from_env({}).limits == Limits()
    settings = Settings.from_env({"SEGMINT_MAX_SIDE": "2048", "SEGMINT_MAX_DEPTH": "40"})
    assert (settings.limits.max_side, settings.limits.max_depth) == (2048, 40)
    assert settings.limits.max_elements == Limits().max_elements
    with pytest.raises(ConfigError, match="SEGMINT_MAX_CANVAS_PIXELS='0'"):
        Settings.from_env({"SEGMINT_MAX_CANVAS_PIXELS": "0"})
