"""Every variant that can be listed ahead of a request: what `routes`, `check` and `prerender`
work through.

A route without dynamic folders has its variants for `params` None; a dynamic one has them for
each params of its `generate_static_params()`; a dynamic one without that export cannot be
listed (any param value may come), and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from handler.enumerate import route_params
from handler.exceptions import SegmentError
from handler.metadata import MetadataCache, Params, Variant
from handler.segments import Registry, Route, variants_for

UNLISTED = "dynamic, no generate_static_params: variants depend on the request"


@dataclass(frozen=True, slots=True)
class Planned:
    """One variant of one route, with its URL path (`/shop/1/icon/small`)."""

    route: Route
    params: Params
    variant: Variant
    url: str


@dataclass(frozen=True, slots=True)
class Unplanned:
    """A route (or one params of it) whose variants cannot be listed, and why."""

    route: Route
    reason: str
    error: SegmentError | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """The images a registry would serve: those it can list, and the routes it cannot."""

    planned: tuple[Planned, ...]
    unplanned: tuple[Unplanned, ...]


async def plan(registry: Registry, memo: MetadataCache, now: float) -> Plan:
    """The variants of every route of `registry`, in its order (best-ranked first)."""
    planned: list[Planned] = []
    unplanned: list[Unplanned] = []
    for route in registry.routes:
        try:
            listed = await route_params(route, memo, now)
        except SegmentError as exc:
            unplanned.append(Unplanned(route, str(exc), exc))
            continue
        if listed is None:
            unplanned.append(Unplanned(route, UNLISTED))
            continue
        for params in listed:
            try:
                variants = await variants_for(route, params, memo, now)
            except SegmentError as exc:
                unplanned.append(Unplanned(route, str(exc), exc))
                continue
            planned.extend(Planned(route, params, v, route.url(params, v.url_id)) for v in variants)
    return Plan(tuple(planned), tuple(unplanned))


def url_pattern(route: Route) -> str:
    """The route's URL with each part in its folder's form: `/shop/[slug]/icon/<id>`."""
    return route.template


def page_path(route: Route, params: Params) -> str:
    """The page a route's images belong to, for `params`: `/shop/1` for `/shop/1/icon/...`."""
    return route.url(params, None).removesuffix("/" + route.name) or "/"
