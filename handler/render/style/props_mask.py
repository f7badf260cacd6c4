"""Masking properties: clip-path, and mask-image with its size, position, repeat and mode.

    clip-path: circle(40% at 50% 50%)           -> ClipPath (see clip_shapes.py)
    mask-image: linear-gradient(black, transparent), url(data:image/svg+xml,...)
    mask: url(star.svg) center / 50% no-repeat  (the shorthand; -webkit-mask-* the same)

The mask lists are kept apart (`_mask_images`, `_mask_sizes`, ...) and zipped into
`MaskLayer`s by style.py, as the background lists are. A `none` layer masks nothing; masks are
sized and positioned over the border box (mask-origin and mask-clip: border-box).
"""

from __future__ import annotations

from collections.abc import Callable

from tinycss2.ast import Node

from handler.render.computed import AUTO, BackgroundImage, BackgroundRepeat, MaskMode, Pct
from handler.render.style import css_values as v
from handler.render.style.clip_shapes import clip_path
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_background import (
    _is_image,
    _is_position,
    _is_size,
    _repeat,
    _size,
)
from handler.render.style.props_base import Fields, Property, one, simple

MASK_FIELDS = ("_mask_images", "_mask_sizes", "_mask_positions", "_mask_repeats", "_mask_modes")
_REPEAT_WORDS = frozenset(r.value for r in BackgroundRepeat)
_MODES = {"alpha": MaskMode.ALPHA, "luminance": MaskMode.LUMINANCE, "match-source": MaskMode.ALPHA}
_BOX_WORDS = frozenset({"border-box", "padding-box", "content-box", "fill-box", "stroke-box"})
_COMPOSITES = frozenset({"add", "subtract", "intersect", "exclude"})


def _image(nodes: list[Node], ctx: Context) -> BackgroundImage | None:
    node = one(nodes)
    if ident(node) == "none":
        return None
    return v.background_image(node, ctx)


def _mode(nodes: list[Node], ctx: Context) -> MaskMode:
    word = ident(one(nodes))
    if word not in _MODES:
        raise ValueProblem("mask-mode: expected alpha, luminance or match-source")
    return _MODES[word]


def _box(nodes: list[Node], ctx: Context) -> Fields:
    """mask-origin / mask-clip: only the initial border-box is drawn."""
    for part in v.split_commas(nodes):
        if len(part) != 1 or ident(part[0]) != "border-box":
            raise ValueProblem("only border-box is supported")
    return ()


def _composite(nodes: list[Node], ctx: Context) -> Fields:
    for part in v.split_commas(nodes):
        if len(part) != 1 or ident(part[0]) != "add":
            raise ValueProblem("only add is supported")
    return ()


def _mask(nodes: list[Node], ctx: Context) -> Fields:
    """Layers `image || position [/ size] || repeat || mode || box`."""
    lists: tuple[list[object], ...] = ([], [], [], [], [])
    for layer in v.split_commas(nodes):
        image, place, size, repeat, mode = _mask_layer(layer, ctx)
        for found, values in zip((image, place, size, repeat, mode), lists, strict=True):
            values.append(found)
    return tuple((field, tuple(values)) for field, values in zip(MASK_FIELDS, lists, strict=True))


def _mask_layer(layer: list[Node], ctx: Context) -> tuple[object, ...]:
    image: BackgroundImage | None = None
    place: list[Node] = []
    size: list[Node] = []
    repeat: list[Node] = []
    mode = MaskMode.ALPHA
    at = 0
    while at < len(layer):
        node = layer[at]
        word = ident(node)
        at += 1
        if _is_image(node):
            image = v.background_image(node, ctx)
        elif v.is_literal(node, "/"):
            while at < len(layer) and len(size) < 2 and _is_size(layer[at]):
                size.append(layer[at])
                at += 1
        elif word in _REPEAT_WORDS:
            repeat.append(node)
        elif word in _MODES:
            mode = _MODES[word]
        elif word in ("border-box", "add", "none"):
            continue
        elif word in _BOX_WORDS or word in _COMPOSITES:
            raise ValueProblem(f"{word} in a mask layer: only border-box and add are supported")
        elif _is_position(node):
            place.append(node)
        else:
            raise ValueProblem(f"{v.serialize(node)!r} in a mask layer")
    return (
        image,
        _size(size, ctx) if size else (AUTO, AUTO),
        v.position(place, ctx) if place else (Pct(0.0), Pct(0.0)),
        _repeat(repeat) if repeat else BackgroundRepeat.REPEAT,
        mode,
    )


def _layer_list(field: str, item: Callable[[list[Node], Context], object]) -> Property:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        return ((field, tuple(item(part, ctx) for part in v.split_commas(nodes))),)

    return Property(parse, (field,))


def _no_fields(parse: Callable[[list[Node], Context], Fields]) -> Property:
    return Property(parse, ())


_LONGHANDS: dict[str, Property] = {
    "mask": Property(_mask, MASK_FIELDS),
    "mask-image": _layer_list("_mask_images", _image),
    "mask-size": _layer_list("_mask_sizes", _size),
    "mask-position": _layer_list("_mask_positions", v.position),
    "mask-repeat": _layer_list("_mask_repeats", lambda n, c: _repeat(n)),
    "mask-mode": _layer_list("_mask_modes", _mode),
    "mask-origin": _no_fields(_box),
    "mask-clip": _no_fields(_box),
    "mask-composite": _no_fields(_composite),
}

MASKS: dict[str, Property] = {
    "clip-path": simple("clip_path", clip_path),
    **_LONGHANDS,
    **{f"-webkit-{name}": spec for name, spec in _LONGHANDS.items() if name != "mask-mode"},
}
"""Masking properties by kebab-case name."""
