"""Settings, read from the environment once at cold start."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from handler.exceptions import ConfigError
from handler.render.limits import DEFAULT_LIMITS, Limits
from handler.signing import environment_signer

DEFAULT_SEGMENTS_DIR = Path(__file__).resolve().parent.parent / "segments"
DEFAULT_BUCKET = "segmint-local"
REDIRECT_STATUSES = frozenset({302, 303, 307, 308})
SAME_ORIGIN = "/"
"""SEGMINT_PUBLIC_BASE_URL for redirects to `/<key>` on the domain the request came to."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Segmint reads from the environment (see the README's configuration table).

    The defaults keep a request inside Lambda's 29 s: two metadata calls (3 s each), a HEAD and
    a PUT (7 s each at most, see cache.s3.s3_config) and a render (8 s) make 28 s.
    """

    segments_dir: Path = DEFAULT_SEGMENTS_DIR
    bucket: str = "segmint-local"
    prefix: str = "segmint/"
    public_base_url: str = "https://segmint-local.s3.us-east-1.amazonaws.com"
    redirect_status: int = 307
    redirect_max_age: int = 60
    metadata_ttl: int = 300
    s3_endpoint_url: str | None = None
    region: str = "us-east-1"
    site_url: str | None = None
    """metadataBase; None: the tags endpoint derives it from the request (handler.tags_http)."""
    base_path: str = "/"
    cache_expiry_days: int = 0
    """The bucket's lifecycle rule deletes stored objects this many days after they were
    written (0: never). Keys then change every half of it (`key_epoch`), so a redirect only
    ever points at an object written less than that long ago."""

    @property
    def key_epoch_seconds(self) -> int:
        """How long one set of keys is used: half the expiry age (0: forever)."""
        return self.cache_expiry_days * 86_400 // 2

    s3_connect_timeout: float = 1.0
    s3_read_timeout: float = 2.0
    s3_max_attempts: int = 2
    render_timeout: float = 8.0
    metadata_timeout: float = 3.0
    segment_threads: int = 16
    segment_concurrency: int = 4
    signing_keys: tuple[str, ...] = ()
    limits: Limits = DEFAULT_LIMITS
    """The renderer's size limits (`SEGMINT_MAX_*`, handler.render.limits), set at start-up."""

    @property
    def project_root(self) -> Path:
        """The folder whose modules count as the project's own (the parent of segments/)."""
        return self.segments_dir.parent

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from `environ`; a bad value raises ConfigError naming the variable.

        >>> Settings.from_env({"SEGMINT_BUCKET": "img", "AWS_REGION": "eu-west-1"}).public_base_url
        'https://img.s3.eu-west-1.amazonaws.com'
        """
        region = _text(environ, "AWS_REGION") or _text(environ, "AWS_DEFAULT_REGION") or "us-east-1"
        bucket = _text(environ, "SEGMINT_BUCKET") or DEFAULT_BUCKET
        if not _valid_bucket(bucket):
            raise ConfigError(f"SEGMINT_BUCKET={bucket!r}: not a valid S3 bucket name")
        segments = _text(environ, "SEGMINT_SEGMENTS_DIR")
        segments_dir = Path(segments).resolve() if segments else DEFAULT_SEGMENTS_DIR
        status = _int(environ, "SEGMINT_REDIRECT_STATUS", 307, minimum=0)
        if status not in REDIRECT_STATUSES:
            allowed = ", ".join(str(s) for s in sorted(REDIRECT_STATUSES))
            raise ConfigError(f"SEGMINT_REDIRECT_STATUS={status}: must be one of {allowed}")
        base = _text(environ, "SEGMINT_PUBLIC_BASE_URL") or _bucket_url(bucket, region)
        redirect_max_age = _int(environ, "SEGMINT_REDIRECT_MAX_AGE", 60, minimum=0)
        expiry_days = _int(environ, "SEGMINT_CACHE_EXPIRY_DAYS", 0, minimum=0)
        if expiry_days and redirect_max_age >= expiry_days * 86_400 // 2:
            raise ConfigError(
                f"SEGMINT_REDIRECT_MAX_AGE={redirect_max_age}: a cached redirect must live"
                f" shorter than half of SEGMINT_CACHE_EXPIRY_DAYS={expiry_days}"
            )
        return cls(
            segments_dir=segments_dir,
            bucket=bucket,
            prefix=normalise_prefix(environ.get("SEGMINT_PREFIX", "")),
            public_base_url=_public_base_url(base),
            redirect_status=status,
            redirect_max_age=redirect_max_age,
            metadata_ttl=_int(environ, "SEGMINT_METADATA_TTL", 300, minimum=1),
            s3_endpoint_url=_text(environ, "SEGMINT_S3_ENDPOINT_URL") or None,
            region=region,
            site_url=parse_site_url(_text(environ, "SEGMINT_SITE_URL")),
            base_path=_base_path(_text(environ, "SEGMINT_BASE_PATH")),
            cache_expiry_days=expiry_days,
            s3_connect_timeout=_seconds(environ, "SEGMINT_S3_CONNECT_TIMEOUT", 1.0),
            s3_read_timeout=_seconds(environ, "SEGMINT_S3_READ_TIMEOUT", 2.0),
            s3_max_attempts=_int(environ, "SEGMINT_S3_MAX_ATTEMPTS", 2, minimum=1),
            render_timeout=_seconds(environ, "SEGMINT_RENDER_TIMEOUT", 8.0),
            metadata_timeout=_seconds(environ, "SEGMINT_METADATA_TIMEOUT", 3.0),
            segment_threads=_int(environ, "SEGMINT_SEGMENT_THREADS", 16, minimum=1),
            segment_concurrency=_int(environ, "SEGMINT_SEGMENT_CONCURRENCY", 4, minimum=1),
            signing_keys=environment_signer(environ).keys,
            limits=_limits(environ),
        )


def normalise_prefix(raw: str) -> str:
    """Turn a prefix setting into `a/b/`: no leading slash, one trailing slash, never empty.

    >>> normalise_prefix("/images//og")
    'images/og/'
    """
    parts = [p for p in raw.strip().split("/") if p]
    bad = [p for p in parts if p in {".", ".."} or not p.isascii() or not p.isprintable()]
    if bad:
        raise ConfigError(f"SEGMINT_PREFIX={raw!r}: part {bad[0]!r} is not allowed")
    return "/".join(parts) + "/" if parts else "segmint/"


def _base_path(raw: str) -> str:
    """A custom domain's API mapping (`/images`), which Mangum strips before routing; `/`: none."""
    if raw.strip("/") == "":
        return "/"
    if not raw.startswith("/") or "?" in raw or "#" in raw or any(c.isspace() for c in raw):
        raise ConfigError(f"SEGMINT_BASE_PATH={raw!r}: must be a path such as /images")
    return raw.rstrip("/")


def _text(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


def _int(environ: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = _text(environ, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: not an integer") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r}: must be at least {minimum}")
    return value


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = _text(environ, name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: not a number of seconds") from None
    if not 0 < value < 900:
        raise ConfigError(f"{name}={raw!r}: must be more than 0 and less than 900 seconds")
    return value


def _public_base_url(raw: str) -> str:
    """`/` (same origin) or an http(s) base URL without its trailing slashes.

    With `/` a redirect's Location is path-absolute (`/segmint/<key>`, RFC 9110 §10.2.2): the
    client resolves it against the URL it asked for, so one domain that serves both the app and
    the prefix (the CloudFront distribution) needs no setting that names that domain.

    >>> _public_base_url("https://cdn.example/"), _public_base_url("/")
    ('https://cdn.example', '/')
    """
    if raw == SAME_ORIGIN:
        return SAME_ORIGIN
    name = "SEGMINT_PUBLIC_BASE_URL"
    if raw.startswith("/"):
        raise ConfigError(f"{name}={raw!r}: use '/' for same-origin redirects, or a full URL")
    url = _url(raw, name)
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ConfigError(f"{name}={raw!r}: must not contain spaces or control characters")
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: the port is not a number from 0 to 65535") from None
    if not parts.hostname or "?" in url or "#" in url:
        raise ConfigError(f"{name}={raw!r}: must be scheme://host[/path], no query or fragment")
    return url


def parse_site_url(raw: str) -> str | None:
    """An origin (`https://example.com`, no path, query or fragment), or None when unset."""
    if not raw:
        return None
    name = "SEGMINT_SITE_URL"
    url = _url(raw, name)
    parts = urlsplit(url)
    if not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ConfigError(f"{name}={raw!r}: must be scheme://host[:port], no path or query")
    return url


def _url(raw: str, name: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name}={raw!r}: must start with http:// or https://")
    return raw.rstrip("/")


def _bucket_url(bucket: str, region: str) -> str:
    return f"https://{bucket}.s3.{region}.amazonaws.com"


def _valid_bucket(name: str) -> bool:
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789.-")
    return 3 <= len(name) <= 63 and set(name) <= allowed and name[0] not in ".-"


LIMIT_VARIABLES = {
    "SEGMINT_MAX_SIDE": "max_side",
    "SEGMINT_MAX_CANVAS_PIXELS": "max_canvas_pixels",
    "SEGMINT_MAX_IMAGE_PIXELS": "max_image_pixels",
    "SEGMINT_IMAGE_CACHE_BYTES": "image_cache_bytes",
    "SEGMINT_MAX_ELEMENTS": "max_elements",
    "SEGMINT_MAX_DEPTH": "max_depth",
    "SEGMINT_MAX_TEXT_CHARS": "max_text_chars",
}
"""Environment variable -> the `Limits` field it sets (unset: the field's default)."""


def _limits(environ: Mapping[str, str]) -> Limits:
    """`Limits` with every SEGMINT_MAX_* variable that is set.

    >>> _limits({"SEGMINT_MAX_SIDE": "4096"}).max_side
    4096
    """
    values = {
        field: _int(environ, name, getattr(DEFAULT_LIMITS, field), minimum=1)
        for name, field in LIMIT_VARIABLES.items()
    }
    return Limits(**values)
