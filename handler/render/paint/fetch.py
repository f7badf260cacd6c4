"""The GET of a remote image: http(s) behind an SSRF guard, within a time and a size.

The host is resolved first and private, loopback, link-local, shared and cloud-metadata
addresses are refused, on every redirect hop; the connection goes to the address that was
checked (`_PinnedHTTP`, `_PinnedHTTPS`: SNI and the certificate still check the host name), so
DNS cannot change its answer in between. handler.render.paint.images imports this module with
the first remote image only: http.client, ssl and their imports are a third of the renderer's.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from handler.exceptions import ImageSourceError
from handler.render.paint.source_names import short

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_METADATA = frozenset({"169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"})


class FetchPolicy(Protocol):
    """What `fetch` reads of its caller (an ImageLoader, handler.render.paint.images): the time,
    size and redirect limits, the resolver, and the hosts exempt from the public-address check."""

    @property
    def timeout(self) -> float: ...
    @property
    def max_bytes(self) -> int: ...
    @property
    def max_redirects(self) -> int: ...
    @property
    def allow_hosts(self) -> frozenset[str]: ...
    @property
    def resolver(self) -> Callable[[str, int], list[str]]: ...


def fetch(url: str, loader: FetchPolicy) -> bytes:
    """GET `url` within `loader`'s time and size, following up to its `max_redirects`."""
    deadline = time.monotonic() + loader.timeout
    current = url
    for _hop in range(loader.max_redirects + 1):
        status, location, body = _get(loader, current, url, deadline)
        if status in _REDIRECTS:
            if not location:
                raise ImageSourceError(f"{short(url)}: redirect {status} without Location")
            current = urljoin(current, location)
            continue
        if status != 200:
            raise ImageSourceError(f"{short(url)}: HTTP {status} from {short(current)}")
        return body
    raise ImageSourceError(f"{short(url)}: more than {loader.max_redirects} redirects")


def _get(
    loader: FetchPolicy, url: str, origin: str, deadline: float
) -> tuple[int, str | None, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImageSourceError(f"{short(origin)}: cannot fetch {short(url)}")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _vet(loader, host, port, origin)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ImageSourceError(f"{short(origin)}: timed out after {loader.timeout:g} s")
    conn = _connection(parts.scheme, host, port, address, remaining)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request("GET", path, headers={"Host": parts.netloc, "User-Agent": "segmint"})
        response = conn.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response.getheader("Location"), b""
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > loader.max_bytes:
            raise ImageSourceError(f"{short(origin)}: larger than {loader.max_bytes} bytes")
        body = response.read(loader.max_bytes + 1)
        if len(body) > loader.max_bytes:
            raise ImageSourceError(f"{short(origin)}: larger than {loader.max_bytes} bytes")
        return response.status, None, body
    except (OSError, http.client.HTTPException) as exc:
        raise ImageSourceError(f"{short(origin)}: fetch failed: {exc}") from exc
    finally:
        conn.close()


def _vet(loader: FetchPolicy, host: str, port: int, origin: str) -> str:
    """The address to connect to, after refusing non-public ones (unless allowed)."""
    try:
        addresses = loader.resolver(host, port)
    except OSError as exc:
        raise ImageSourceError(f"{short(origin)}: cannot resolve {host}: {exc}") from exc
    if not addresses:
        raise ImageSourceError(f"{short(origin)}: {host} has no address")
    if host.lower() in loader.allow_hosts:
        return addresses[0]
    for address in addresses:
        if not is_public(address):
            raise ImageSourceError(
                f"{short(origin)}: refused: {host} resolves to non-public address {address}"
            )
    return addresses[0]


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local, ...)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast and str(ip) not in _METADATA


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a vetted address, with SNI and certificate checks against the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def _connection(
    scheme: str, host: str, port: int, address: str, timeout: float
) -> http.client.HTTPConnection:
    if scheme == "https":
        return _PinnedHTTPS(host, port, address, timeout)
    return _PinnedHTTP(host, port, address, timeout)
