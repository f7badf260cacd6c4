"""`check_all`'s judging: fetch each known variant through the app and compare what came back
with what its metadata declares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handler.enumerate import Enumeration, KnownVariant
from handler.exceptions import SegmentError
from handler.paths import relative
from handler.segments import Route
from handler.testing.response import FORMAT_TYPES, SegmintResponse, decode_image

Fetch = Callable[[str], SegmintResponse]


@dataclass(frozen=True, slots=True)
class VariantResult:
    """One variant fetched: `problem` None when it answered what its metadata declares."""

    url: str
    segment: str
    id: str | int | None
    status: int
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every variant's result, the dynamic routes without `generate_static_params` (not
    fetched: their URLs are not known), and the segments that failed to load or list."""

    results: tuple[VariantResult, ...]
    unlisted: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def failures(self) -> tuple[VariantResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.problems

    def raise_for_failures(self) -> None:
        if not self.ok:
            raise CheckFailed(self)


class CheckFailed(AssertionError):
    """`check_all` found failing variants or broken segments; `report` has every result."""

    def __init__(self, report: CheckReport) -> None:
        self.report = report
        lines = [f"{r.url} ({r.segment}): {r.problem}" for r in report.failures]
        lines += [f"broken segment: {p}" for p in report.problems]
        passed = len(report.results) - len(report.failures)
        head = f"{len(lines)} failure(s), {passed} variant(s) fine:"
        super().__init__("\n  ".join([head, *lines]))


def check_variants(found: Enumeration, fetch: Fetch, base: Path) -> CheckReport:
    """Fetch each variant with `fetch` and judge it; paths are shown relative to `base`."""
    results = tuple(_check(known, fetch, base) for known in found.variants)
    return CheckReport(
        results=results,
        unlisted=tuple(_where(route, base) for route in found.unlisted),
        problems=tuple(_problem(p, base) for p in found.problems),
    )


def _check(known: KnownVariant, fetch: Fetch, base: Path) -> VariantResult:
    answer = fetch(known.url)
    problem = judge(answer, known)
    return VariantResult(
        known.url, _where(known.route, base), known.variant.id, answer.status, problem
    )


def judge(answer: SegmintResponse, known: KnownVariant) -> str | None:
    """What is wrong with `answer` for the variant `known` declares, or None."""
    variant = known.variant
    if answer.is_hit:
        stored = answer.follow()
        body, content_type = stored.content, stored.content_type
    elif answer.status == 200:
        body, content_type = answer.content, answer.content_type or ""
    else:
        return f"answered {answer.status} {answer.outcome.value}: {answer.text[:200]!r}"
    problems: list[str] = []
    if content_type != variant.content_type:
        problems.append(
            f"content type {content_type!r}, the metadata says {variant.content_type!r}"
        )
    if variant.content_type == "image/svg+xml":
        if b"<svg" not in body[:1024]:
            problems.append("an image/svg+xml body without <svg")
        return "; ".join(problems) or None
    try:
        image = decode_image(body, known.url)
    except AssertionError as exc:
        return "; ".join([*problems, str(exc)])
    declared, body_type = variant.size, FORMAT_TYPES.get(image.format or "")
    if body_type is not None and body_type != variant.content_type:
        problems.append(f"a {image.format} body, the metadata says {variant.content_type!r}")
    if declared is not None and image.size != (declared.width, declared.height):
        width, height = image.size
        problems.append(
            f"{width}x{height} image, the metadata says {declared.width}x{declared.height}"
        )
    return "; ".join(problems) or None


def _where(route: Route, base: Path) -> str:
    return relative(route.file, base)


def _problem(problem: SegmentError, base: Path) -> str:
    return str(problem).replace(problem.path, relative(Path(problem.path), base), 1)
