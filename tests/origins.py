"""Where a browser goes with a Location: WHATWG URL parsing's cleanup, then urljoin."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def browser_resolves(base: str, location: str) -> str:
    """The URL a browser follows for `location` answered to a request for `base`.

    The WHATWG URL parser strips leading and trailing C0 controls and spaces, removes every tab,
    CR and LF, and reads `\\` as `/` in http(s) URLs; urljoin does the rest.

    >>> browser_resolves("https://a.example/x/", "/\\t/evil.example")
    'https://evil.example'
    """
    cleaned = location.strip("".join(map(chr, range(33))))
    for char in "\t\r\n":
        cleaned = cleaned.replace(char, "")
    return urljoin(base, cleaned.replace("\\", "/"))


def same_origin(base: str, location: str, allowed: tuple[str, ...] = ()) -> bool:
    """True when `location` leads a browser to `base`'s origin or under one of `allowed`."""
    target = browser_resolves(base, location)
    split, own = urlsplit(target), urlsplit(base)
    if (split.scheme, split.netloc) == (own.scheme, own.netloc):
        return True
    return any(target.startswith(prefix.rstrip("/") + "/") for prefix in allowed)
