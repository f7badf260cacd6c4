"""Every known variant of every route: static routes' variants, and for dynamic routes those of
each params dict `generate_static_params()` lists; a dynamic route without that list has no
known URLs and is reported as unlisted, not guessed.

For whole-tree checks (handler.testing's `check_all`, a `check --render` command): this module
only lists URLs; fetching and judging them is the caller's job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from handler.exceptions import SegmentError
from handler.metadata import MetadataCache, Params, Variant
from handler.segments import PartKind, Registry, Route, variants_for


@dataclass(frozen=True, slots=True)
class KnownVariant:
    """One URL the tree serves: a route, its params (None for a static route) and a variant."""

    route: Route
    params: Params
    variant: Variant

    @property
    def url(self) -> str:
        return self.route.url(self.params, self.variant.url_id)


@dataclass(frozen=True, slots=True)
class Enumeration:
    """What `known_variants` found: the variants, the dynamic routes it could not list (no
    `generate_static_params`), and the problems (a broken segment, a listed params dict that
    does not fit the route) with the segment file named."""

    variants: tuple[KnownVariant, ...]
    unlisted: tuple[Route, ...]
    problems: tuple[SegmentError, ...]


async def known_variants(registry: Registry, cache: MetadataCache, now: float) -> Enumeration:
    """List the registry's known variants, best-ranked route first; the scan's own problems
    come first among the problems."""
    found: list[KnownVariant] = []
    unlisted: list[Route] = []
    problems: list[SegmentError] = list(registry.problems)
    for route in registry.routes:
        try:
            listed = await route_params(route, cache, now)
            if listed is None:
                unlisted.append(route)
                continue
            for params in listed:
                for variant in await variants_for(route, params, cache, now):
                    found.append(KnownVariant(route, params, variant))
        except SegmentError as exc:
            problems.append(exc)
    return Enumeration(tuple(found), tuple(unlisted), tuple(problems))


async def route_params(route: Route, cache: MetadataCache, now: float) -> list[Params] | None:
    """`[None]` for a static route, the listed params for a dynamic one, None when unlisted.

    The list is `generate_static_params()`'s, as the app compares it (values as strings,
    lists as lists of strings); a dict that lacks a param the route's URL needs raises.
    """
    if not route.is_dynamic:
        return [None]
    module = route.module
    if module is None or module.generate_static_params is None:
        return None
    texts = await cache.static_params(module, now)
    listed: list[Params] = [json.loads(text) for text in sorted(texts)]
    for params in listed:
        _check_fits(route, params)
    return listed


def _check_fits(route: Route, params: Params) -> None:
    values = params or {}
    for part in route.parts:
        if part.kind in (PartKind.STATIC, PartKind.OPTIONAL_CATCH_ALL):
            continue
        value = values.get(part.value)
        if value is None or value == [] or value == "":
            raise SegmentError(
                str(route.file),
                f"lists {json.dumps(values, sort_keys=True)} without {part.value!r}, which "
                f"the URL needs",
                "generate_static_params",
            )
