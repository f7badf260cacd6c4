"""The cache key: derived here and nowhere else.

A key is `<prefix><route-slug>/<hash>.<ext>`. The route slug is a readable, sanitised form of
the route's parsed *folders* (never of the request's params), so no param value (`..`, `/`, `%2F`,
unicode, 2 KB strings) can steer a key out of the prefix; the params live only in the hash.
The hash covers the segment's source fingerprint (handler.cache.fingerprint: its file, the
project modules it imports, the files they name), the params, the id, the variant's metadata,
the renderer's fingerprint and the revalidate time bucket.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

from handler.exceptions import StoreError
from handler.metadata import Params, Variant, params_key
from handler.render import RENDERER_FINGERPRINT
from handler.segments import Part, PartKind

HASH_CHARS = 32
SLUG_MAX = 120
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "image/svg+xml": "svg",
    "image/x-icon": "ico",
    "image/vnd.microsoft.icon": "ico",
}
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_MARKS = {
    PartKind.STATIC: "",
    PartKind.DYNAMIC: "_",
    PartKind.CATCH_ALL: "__",
    PartKind.OPTIONAL_CATCH_ALL: "___",
}


def route_slug(parts: Iterable[Part], stem: str) -> str:
    """A readable key folder for a route, from its parsed parts and its file's stem: ASCII
    `[A-Za-z0-9_-]` names, a param marked by its kind, no `..`, bounded.

    >>> route_slug([Part(PartKind.STATIC, "shop"), Part(PartKind.CATCH_ALL, "rest")], "icon1")
    'shop/__rest/icon1'
    """
    names = [_MARKS[part.kind] + (_clean(part.value.strip(".")) or "x") for part in parts]
    names.append(_clean(stem) or "image")
    slug = "/".join(names)
    if len(slug) > SLUG_MAX:
        digest = hashlib.sha256(slug.encode()).hexdigest()[:12]
        slug = slug[: SLUG_MAX - 13].rstrip("/-") + "-" + digest
    return slug


def _clean(name: str) -> str:
    return _SAFE.sub("-", name).strip("-")


def extension(content_type: str) -> str:
    """The file extension of a stored object of `content_type` (`bin` when unknown)."""
    return EXTENSIONS.get(content_type.split(";")[0].strip().lower(), "bin")


def variant_key(
    prefix: str,
    slug: str,
    source_hash: str,
    params: Params,
    variant: Variant,
    bucket: int,
    epoch: int = 0,
) -> str:
    """The key of a generated image. `bucket` is `floor(now / revalidate)` (0 without one);
    `epoch` is `floor(now / key epoch)` when stored objects expire (0 when they do not)."""
    facts = {
        "source": source_hash,
        "params": params_key(params),
        "id": None if variant.id is None else [type(variant.id).__name__, str(variant.id)],
        "size": None if variant.size is None else [variant.size.width, variant.size.height],
        "content_type": variant.content_type,
        "alt": variant.alt,
        "renderer": RENDERER_FINGERPRINT,
        "bucket": bucket,
    }
    if epoch:
        facts["epoch"] = epoch
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
    return _contained(
        prefix, f"{prefix}{slug}/{digest[:HASH_CHARS]}.{extension(variant.content_type)}"
    )


def static_key(prefix: str, slug: str, data: bytes, content_type: str, epoch: int = 0) -> str:
    """The key of a static image file: from its bytes alone (and the epoch, as above)."""
    digest = hashlib.sha256(data + (f"\0epoch={epoch}".encode() if epoch else b"")).hexdigest()
    return _contained(prefix, f"{prefix}{slug}/{digest[:HASH_CHARS]}.{extension(content_type)}")


def version_tag(source_hash: str) -> str:
    """The `?<16 hex>` a page's tags append to an image URL (Next's form)."""
    return source_hash[:16]


def _contained(prefix: str, key: str) -> str:
    if not key.startswith(prefix) or ".." in key[len(prefix) :] or "//" in key:
        raise StoreError(f"cache key {key!r} would leave the prefix {prefix!r}")
    return key
