"""The shape of a CSS property parser and the factories most properties are made from.

A `Property` reads a declaration's tokens with a `Context` and returns the `ComputedStyle`
fields it sets; `fields` names every field it can set, so the CSS-wide keywords (`inherit`,
`initial`, `unset`) know what to copy or reset. Fields starting with `_` are gathered by
style.py before the style is built (background layers come from four comma lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from tinycss2.ast import Node

from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident

Fields = tuple[tuple[str, object], ...]
Parse = Callable[[list[Node], Context], Fields]

SIDES = ("top", "right", "bottom", "left")
CORNERS = ("top_left", "top_right", "bottom_right", "bottom_left")


@dataclass(frozen=True, slots=True)
class Property:
    """One property: `parse(tokens, ctx) -> fields`, and every field it may set."""

    parse: Parse
    fields: tuple[str, ...]

    def __call__(self, nodes: list[Node], ctx: Context) -> Fields:
        return self.parse(nodes, ctx)


def one(nodes: Sequence[Node]) -> Node:
    if len(nodes) != 1:
        raise ValueProblem(f"expected one value, got {len(nodes)}")
    return nodes[0]


def word(nodes: Sequence[Node]) -> str:
    keyword_ = ident(one(nodes))
    if keyword_ is None:
        raise ValueProblem(f"expected a keyword, got {v.serialize(nodes[0])!r}")
    return keyword_


def keyword[E: Enum](field: str, enum: type[E], **aliases: E) -> Property:
    """A keyword property: `keyword("object_fit", ObjectFit)`; aliases use `_` for `-`."""
    table: dict[str, E] = {str(member.value): member for member in enum}
    table.update({name.replace("_", "-"): member for name, member in aliases.items()})

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        found = word(nodes)
        if found not in table:
            raise ValueProblem(f"expected one of {', '.join(sorted(table))}")
        return ((field, table[found]),)

    return Property(parse, (field,))


def simple(field: str, read: Callable[[list[Node], Context], object]) -> Property:
    """A property that sets one field to what `read` makes of the tokens."""

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        return ((field, read(nodes, ctx)),)

    return Property(parse, (field,))


def length_field(field: str, *, auto: bool = True) -> Property:
    def read(nodes: list[Node], ctx: Context) -> object:
        value = v.length_pct_auto(one(nodes), ctx)
        return value if auto else v.not_auto(value)

    return simple(field, read)


def max_length(field: str) -> Property:
    def read(nodes: list[Node], ctx: Context) -> object:
        if ident(one(nodes)) == "none":
            return None
        return v.length_pct(nodes[0], ctx)

    return simple(field, read)


def number_field(field: str, *, minimum: float = float("-inf")) -> Property:
    def read(nodes: list[Node], ctx: Context) -> object:
        value = v.number(one(nodes))
        if value < minimum:
            raise ValueProblem(f"must be at least {minimum:g}")
        return value

    return simple(field, read)


def box(prefix: str, *, auto: bool) -> Property:
    """`margin`, `padding`, `inset`: 1-4 values spread over top, right, bottom, left."""
    fields = tuple(f"{prefix}{side}" for side in SIDES)

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        values = v.four_sides(v.lengths_or_auto(nodes, ctx))
        if not auto:
            values = tuple(v.not_auto(x) for x in values)  # type: ignore[assignment]
        return tuple(zip(fields, values, strict=True))

    return Property(parse, fields)


def color_field(field: str) -> Property:
    return simple(field, lambda nodes, ctx: v.color(one(nodes), ctx))


_CAMEL_HUMP = re.compile(r"[A-Z]")


def property_name(key: str) -> str:
    """`fontSize` -> `font-size`, `WebkitLineClamp` -> `-webkit-line-clamp`, `msX` -> `-ms-x`.

    Custom properties (`--brandColor`) are case-sensitive and kept as written.
    """
    if key.startswith("--"):
        return key
    if "-" in key or key.islower():
        return key.lower()
    if key.startswith("ms") and key[2:3].isupper():
        key = "Ms" + key[2:]
    return _CAMEL_HUMP.sub(lambda m: "-" + m.group(0).lower(), key)
