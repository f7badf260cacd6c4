"""The preview page's values: each route's pages, each variant's outcome, the problems found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from handler.exports import Size


class Outcome(Enum):
    """What the app did for a variant's request."""

    RENDERED = "rendered and stored"
    REDIRECTED = "already stored: redirected"
    DYNAMIC = "rendered for this request (revalidate = 0)"
    FAILED = "error"


@dataclass(frozen=True, slots=True)
class Shot:
    """One variant: its URL, metadata, and what requesting it did."""

    path: str
    size: Size | None
    content_type: str
    alt: str | None
    outcome: Outcome
    millis: float
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A route's images for one params, and the `<head>` tags of the page they belong to."""

    path: str
    shots: tuple[Shot, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RouteView:
    pattern: str
    convention: str
    file: str
    pages: tuple[Page, ...]


@dataclass(frozen=True, slots=True)
class Broken:
    """A problem to show: the segment file, the export, the message."""

    segment: str
    export: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Gallery:
    routes: tuple[RouteView, ...]
    broken: tuple[Broken, ...]

    @property
    def images(self) -> int:
        return sum(len(p.shots) for r in self.routes for p in r.pages)
