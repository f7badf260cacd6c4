"""Masking properties: clip-path, and mask-image with its size, position, repeat, mode, origin
and clip.

    clip-path: circle(40% at 50% 50%)           -> ClipPath (see clip_shapes.py)
    mask-image: linear-gradient(black, transparent), url(data:image/svg+xml,...)
    mask: url(star.svg) center / 50% no-repeat  (the shorthand; -webkit-mask-* the same)

The mask lists are kept apart (`_mask_images`, `_mask_sizes`, ...) and zipped into
`MaskLayer`s by style.py, as the background lists are. A `none` layer masks nothing; masks are
positioned over their mask-origin box and painted within their mask-clip box (both the
border box unless set; `no-clip`: anywhere).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tinycss2.ast import Node

from handler.render.computed import (
    AUTO,
    BackgroundImage,
    BackgroundRepeat,
    LengthOrAuto,
    MaskMode,
    Pct,
)
from handler.render.style import css_values as v
from handler.render.style import props_background as background
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import Fields, Property, one, simple
from handler.render.units import ReferenceBox

MASK_FIELDS = (
    "_mask_images",
    "_mask_sizes",
    "_mask_positions",
    "_mask_repeats",
    "_mask_modes",
    "_mask_origins",
    "_mask_clips",
)
_REPEAT_WORDS = frozenset(r.value for r in BackgroundRepeat)
_MODES = {"alpha": MaskMode.ALPHA, "luminance": MaskMode.LUMINANCE, "match-source": MaskMode.ALPHA}
_BOXES = {box.value: box for box in ReferenceBox}
_SVG_BOXES = frozenset({"fill-box", "stroke-box", "view-box", "margin-box"})
_COMPOSITES = frozenset({"add", "subtract", "intersect", "exclude"})


def _size(nodes: Sequence[Node], ctx: Context) -> str | tuple[LengthOrAuto, LengthOrAuto]:
    """mask-size: background-size's grammar, the error naming mask-size."""
    try:
        return background._size(nodes, ctx)
    except ValueProblem as problem:
        raise ValueProblem(str(problem).replace("background-", "mask-")) from None


def _repeat(nodes: Sequence[Node]) -> BackgroundRepeat:
    try:
        return background._repeat(nodes)
    except ValueProblem as problem:
        raise ValueProblem(str(problem).replace("background-", "mask-")) from None


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


def _box(nodes: list[Node], ctx: Context, *, clip: bool) -> ReferenceBox | None:
    """A mask-origin or mask-clip value: border-box, padding-box, content-box (no-clip)."""
    word = ident(one(nodes))
    if clip and word == "no-clip":
        return None
    if word not in _BOXES:
        extra = ", no-clip" if clip else ""
        raise ValueProblem(f"expected border-box, padding-box or content-box{extra}")
    return _BOXES[word]


def _composite(nodes: list[Node], ctx: Context) -> Fields:
    for part in v.split_commas(nodes):
        if len(part) != 1 or ident(part[0]) != "add":
            raise ValueProblem("only add is supported (each layer adds to the mask)")
    return ()


def _mask(nodes: list[Node], ctx: Context) -> Fields:
    """Layers `image || position [/ size] || repeat || mode || box`."""
    lists: tuple[list[object], ...] = tuple([] for _ in MASK_FIELDS)
    for layer in v.split_commas(nodes):
        for found, values in zip(_mask_layer(layer, ctx), lists, strict=True):
            values.append(found)
    return tuple((field, tuple(values)) for field, values in zip(MASK_FIELDS, lists, strict=True))


def _mask_layer(layer: list[Node], ctx: Context) -> tuple[object, ...]:
    image: BackgroundImage | None = None
    place: list[Node] = []
    size: list[Node] = []
    repeat: list[Node] = []
    mode = MaskMode.ALPHA
    boxes: list[ReferenceBox | None] = []
    at = 0
    while at < len(layer):
        node = layer[at]
        word = ident(node)
        at += 1
        if background._is_image(node):
            image = v.background_image(node, ctx)
        elif v.is_literal(node, "/"):
            while at < len(layer) and len(size) < 2 and background._is_size(layer[at]):
                size.append(layer[at])
                at += 1
            if not size:
                raise ValueProblem("expected a mask-size after `/`")
        elif word in _REPEAT_WORDS:
            repeat.append(node)
        elif word in _MODES:
            mode = _MODES[word]
        elif word in _BOXES and len(boxes) < 2:
            boxes.append(_BOXES[word])
        elif word == "no-clip" and len(boxes) < 2:
            boxes.append(None)
        elif word in ("add", "none"):
            continue
        elif word in _SVG_BOXES or word in _COMPOSITES:
            raise ValueProblem(f"{word} in a mask layer: use a CSS box and add")
        elif background._is_position(node):
            place.append(node)
        else:
            raise ValueProblem(f"{v.serialize(node)!r} in a mask layer")
    named = [b for b in boxes if b is not None]
    origin = named[0] if named else ReferenceBox.BORDER_BOX
    clip = None if None in boxes else named[-1] if named else ReferenceBox.BORDER_BOX
    return (
        image,
        _size(size, ctx) if size else (AUTO, AUTO),
        v.position(place, ctx) if place else (Pct(0.0), Pct(0.0)),
        _repeat(repeat) if repeat else BackgroundRepeat.REPEAT,
        mode,
        origin,
        clip,  # one box sets both origin and clip
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
    "mask-origin": _layer_list("_mask_origins", lambda n, c: _box(n, c, clip=False)),
    "mask-clip": _layer_list("_mask_clips", lambda n, c: _box(n, c, clip=True)),
    "mask-composite": _no_fields(_composite),
}


def _clip_path(nodes: list[Node], ctx: Context) -> object:
    # The shape parsers (and masking's value types) load where a design uses clip-path.
    from handler.render.style.clip_shapes import clip_path

    return clip_path(nodes, ctx)


MASKS: dict[str, Property] = {
    "clip-path": simple("clip_path", _clip_path),
    "-webkit-clip-path": simple("clip_path", _clip_path),
    **_LONGHANDS,
    **{f"-webkit-{name}": spec for name, spec in _LONGHANDS.items() if name != "mask-mode"},
}
"""Masking properties by kebab-case name."""
