"""Signed image URLs: an HMAC-SHA256 over the path and query, appended as `s=<base64url>`.

With keys set (SEGMINT_SIGNING_KEYS, comma-separated, or the SSM parameter named by
SEGMINT_SIGNING_KEYS_SSM, read once at cold start) the app answers 403 to an image URL whose
signature is missing or wrong, before any metadata call, render or store call. The first key
signs; every key verifies, so a new key is put first and the old one dropped a deploy later.
Without keys nothing is signed and everything verifies.

    >>> signer = Signer(("a-key-of-16-chars",))
    >>> url = signer.sign("/icon/small?3ab1")
    >>> url.startswith("/icon/small?3ab1&s="), signer.verify("/icon/small", url.split("?")[1])
    (True, True)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handler.exceptions import ConfigError

PARAM = "s"
"""The query parameter that carries the signature; always the last one."""


@dataclass(frozen=True, slots=True)
class Signer:
    """Signs with `keys[0]`, verifies with any of `keys`; no keys: a no-op."""

    keys: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.keys)

    def sign(self, path_and_query: str) -> str:
        """`path_and_query` (as the client will send it, percent-encoding kept) with `s=` last."""
        if not self.keys:
            return path_and_query
        joiner = "&" if "?" in path_and_query else "?"
        return f"{path_and_query}{joiner}{PARAM}={_mac(self.keys[0], path_and_query)}"

    def verify(self, raw_path: str, query: str) -> bool:
        """True when `query` ends with a signature of `raw_path` and the query before it."""
        if not self.keys:
            return True
        rest, _, signature = query.rpartition(f"{PARAM}=")
        if not signature or (rest and not rest.endswith("&")):
            return False
        signed = raw_path + (f"?{rest.removesuffix('&')}" if rest else "")
        return any(hmac.compare_digest(_mac(key, signed), signature) for key in self.keys)


def _mac(key: str, message: str) -> str:
    digest = hmac.new(key.encode(), message.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def parse_keys(raw: str, where: str) -> tuple[str, ...]:
    """Comma-separated keys, blanks dropped; each at least 16 characters."""
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    short = [k for k in keys if len(k) < 16]
    if short:
        raise ConfigError(f"{where}: a signing key of {len(short[0])} characters: use 16 or more")
    return keys


def keys_from_ssm(client: Any, name: str) -> tuple[str, ...]:
    """The keys in SSM parameter `name` (a SecureString, decrypted)."""
    try:
        value = client.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
    except Exception as exc:
        raise ConfigError(f"SEGMINT_SIGNING_KEYS_SSM={name!r}: cannot be read: {exc}") from exc
    return parse_keys(str(value), f"SEGMINT_SIGNING_KEYS_SSM={name!r}")


_BUILT: dict[tuple[str, str], Signer] = {}


def environment_signer(environ: Mapping[str, str], ssm: Any = None) -> Signer:
    """The signer `environ` configures, built once per process and setting (an SSM parameter is
    read once, through `ssm`, an SSM client, or one made here from botocore's own session, as
    the store's S3 client is: the Lambda zip ships botocore, not boto3)."""
    raw = environ.get("SEGMINT_SIGNING_KEYS", "")
    name = environ.get("SEGMINT_SIGNING_KEYS_SSM", "").strip()
    found = _BUILT.get((raw, name))
    if found is not None:
        return found
    if name:
        if ssm is None:
            import botocore.session  # type: ignore[import-untyped]

            ssm = botocore.session.get_session().create_client("ssm")
        signer = Signer(keys_from_ssm(ssm, name))
    else:
        signer = Signer(parse_keys(raw, "SEGMINT_SIGNING_KEYS"))
    _BUILT[(raw, name)] = signer
    return signer
