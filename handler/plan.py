"""Every variant that can be listed ahead of a request: what `routes`, `check` and `prerender`
work through.

A route without dynamic folders has its variants for `params` None; a dynamic one has them for
each params of its `generate_static_params()`; a dynamic one without that export cannot be
listed (any param value may come), and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from handler.exceptions import SegmentError
from handler.metadata import MetadataCache, Params, Variant, call
from handler.segments import Part, PartKind, Registry, Route, variants_for

UNLISTED = "dynamic, no generate_static_params: variants depend on the request"
_FORMS = {
    PartKind.STATIC: "{}",
    PartKind.DYNAMIC: "[{}]",
    PartKind.CATCH_ALL: "[...{}]",
    PartKind.OPTIONAL_CATCH_ALL: "[[...{}]]",
}


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
    planned: tuple[Planned, ...]
    unplanned: tuple[Unplanned, ...]


async def plan(registry: Registry, memo: MetadataCache, now: float) -> Plan:
    """The variants of every route of `registry`, in its order (best-ranked first)."""
    planned: list[Planned] = []
    unplanned: list[Unplanned] = []
    for route in registry.routes:
        try:
            listed = await route_params(route)
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


async def route_params(route: Route) -> list[Params] | None:
    """`[None]` for a route without dynamic folders, its `generate_static_params()` as params
    for a dynamic one, None when it has no such export."""
    if not route.is_dynamic:
        return [None]
    module = route.module
    if module is None or module.generate_static_params is None:
        return None
    where = str(module.path)
    try:
        listed = await call(module.generate_static_params)
    except Exception as exc:
        raise SegmentError(
            where, f"raised {type(exc).__name__}: {exc}", "generate_static_params"
        ) from exc
    if isinstance(listed, (str, bytes, Mapping)) or not isinstance(listed, (list, tuple)):
        kind = type(listed).__name__
        raise SegmentError(
            where, f"must return a list of dicts, got {kind}", "generate_static_params"
        )
    return [_as_params(route, item, where) for item in listed]


def _as_params(route: Route, item: object, where: str) -> Params:
    if not isinstance(item, Mapping):
        raise SegmentError(where, f"item {item!r} must be a dict", "generate_static_params")
    params: dict[str, str | list[str]] = {}
    for part in route.parts:
        if part.kind is PartKind.STATIC:
            continue
        value = item.get(part.value)
        if value is None and part.kind is PartKind.OPTIONAL_CATCH_ALL:
            continue
        if value is None:
            raise SegmentError(
                where, f"item {dict(item)!r} has no {part.value!r}", "generate_static_params"
            )
        if part.kind is PartKind.DYNAMIC:
            params[part.value] = str(value)
        else:
            items = value if isinstance(value, (list, tuple)) else [value]
            params[part.value] = [str(v) for v in items]
    return params


def url_pattern(route: Route) -> str:
    """The route's URL with each part in its folder's form: `/shop/[slug]/icon/<id>`."""
    return "/" + "/".join(_form(p) for p in route.pattern)


def page_path(route: Route, params: Params) -> str:
    """The page a route's images belong to, for `params`: `/shop/1` for `/shop/1/icon/...`."""
    return route.url(params, None).removesuffix("/" + route.name) or "/"


def _form(part: Part) -> str:
    return part.value if part.value == "<id>" else _FORMS[part.kind].format(part.value)
