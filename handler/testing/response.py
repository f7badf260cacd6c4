"""What a test sees of one request: the HTTP answer, what it was (miss, hit, ...), and the stored
object it names, read back from the mocked bucket."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from PIL import Image, UnidentifiedImageError

FORMAT_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "ICO": "image/x-icon",
    "AVIF": "image/avif",
}
"""The content type each Pillow format stands for."""


class Outcome(Enum):
    """What the app did with a request, read from its answer and the bucket."""

    MISS = "miss"
    """200 with an ETag: rendered now and written to the bucket (`stored` shows it landed)."""
    HIT = "hit"
    """A redirect to the public URL of a key under the cache prefix: the stored object."""
    DYNAMIC = "dynamic"
    """200 without an ETag: a `revalidate = 0` segment, rendered for this request, not stored."""
    NOT_MODIFIED = "not modified"
    """304: the request's If-None-Match held the variant's ETag."""
    REDIRECT = "redirect"
    """Any other redirect (the trailing slash's 308)."""
    ERROR = "error"
    """4xx or 5xx."""


def decode_image(data: bytes, what: str) -> Image.Image:
    """Decode and load image bytes, or raise AssertionError naming `what` was not an image."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        head = data[:40]
        raise AssertionError(f"{what}: not a decodable image ({exc}); starts {head!r}") from None
    return image


@dataclass(frozen=True, slots=True)
class StoredImage:
    """An object in the mocked bucket, as S3 GetObject returns it."""

    key: str
    content: bytes
    content_type: str
    cache_control: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def image(self) -> Image.Image:
        return decode_image(self.content, f"s3 object {self.key}")

    @property
    def image_size(self) -> tuple[int, int]:
        """(width, height) of the decoded object."""
        return self.image.size


@dataclass(frozen=True, slots=True)
class SegmintResponse:
    """One answer of the app to `method url`.

    `key` is the stored object's key the answer names (a redirect's Location, a 200's or 304's
    ETag), `stored` that object read from the bucket, None when there is none.
    """

    method: str
    url: str
    status: int
    headers: Mapping[str, str]
    """Case-insensitive, as httpx gives them."""
    content: bytes
    outcome: Outcome
    key: str | None = None
    stored: StoredImage | None = None

    def __repr__(self) -> str:
        kind = self.content_type or "no content type"
        key = f" key={self.key}" if self.key else ""
        return f"<{self.method} {self.url}: {self.status} {self.outcome.value}, {kind}{key}>"

    @property
    def content_type(self) -> str | None:
        """The Content-Type without parameters (`image/png`), None when absent."""
        value = self.headers.get("content-type")
        return value.split(";")[0].strip() if value else None

    @property
    def location(self) -> str | None:
        return self.headers.get("location")

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def is_miss(self) -> bool:
        return self.outcome is Outcome.MISS

    @property
    def is_hit(self) -> bool:
        return self.outcome is Outcome.HIT

    @property
    def is_redirect(self) -> bool:
        """Any 3xx but 304: a hit is a redirect too."""
        return 300 <= self.status < 400 and self.status != 304

    @property
    def is_dynamic(self) -> bool:
        return self.outcome is Outcome.DYNAMIC

    @property
    def image(self) -> Image.Image:
        """The body decoded; AssertionError (with the status and body) when it is no image."""
        if self.status != 200:
            raise AssertionError(f"{self!r} has no image body: {self.text[:200]!r}")
        return decode_image(self.content, repr(self))

    @property
    def image_size(self) -> tuple[int, int]:
        """(width, height) of the decoded body."""
        return self.image.size

    def follow(self) -> StoredImage:
        """The stored object a hit redirects to, from the mocked bucket (as a browser or
        CloudFront would fetch it)."""
        if self.outcome is not Outcome.HIT:
            where = f" to {self.location}" if self.location else ""
            raise AssertionError(f"{self!r}{where} is not a redirect to a stored object")
        if self.stored is None:
            raise AssertionError(f"{self!r} redirects to {self.key}, which the bucket lacks")
        return self.stored
