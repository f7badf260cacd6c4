"""Background properties: the `background` shorthand and the four comma-list longhands.

The lists are kept apart (`_bg_images`, `_bg_sizes`, `_bg_positions`, `_bg_repeats`) and
zipped into `BackgroundLayer`s by style.py once the cascade is done, repeating the shorter
lists over the images as CSS does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tinycss2.ast import DimensionToken, FunctionBlock, Node, NumberToken, PercentageToken, URLToken

from handler.render.computed import AUTO, BackgroundClip, BackgroundRepeat, LengthOrAuto, Pct
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import Fields, Property, color_field, one, simple

_REPEATS = {r.value: r for r in BackgroundRepeat}
_POSITION_WORDS = frozenset({"left", "right", "top", "bottom", "center"})
LAYER_FIELDS = ("_bg_images", "_bg_sizes", "_bg_positions", "_bg_repeats")


def _is_image(node: Node) -> bool:
    return isinstance(node, URLToken) or (
        isinstance(node, FunctionBlock) and node.lower_name.endswith(("gradient", "url"))
    )


def _size(nodes: Sequence[Node], ctx: Context) -> str | tuple[LengthOrAuto, LengthOrAuto]:
    if len(nodes) == 1 and ident(nodes[0]) in ("cover", "contain"):
        return str(ident(nodes[0]))
    if len(nodes) in (1, 2):
        values = v.lengths_or_auto(nodes, ctx)
        return (values[0], values[1] if len(values) == 2 else AUTO)
    raise ValueProblem("background-size: expected cover, contain or one or two lengths")


def _repeat(nodes: Sequence[Node]) -> BackgroundRepeat:
    words = [ident(n) or "" for n in nodes]
    if len(words) == 1 and words[0] in _REPEATS:
        return _REPEATS[words[0]]
    if len(words) == 2 and set(words) <= {"repeat", "no-repeat"}:
        pairs = {("repeat", "no-repeat"): "repeat-x", ("no-repeat", "repeat"): "repeat-y"}
        return _REPEATS[pairs.get((words[0], words[1]), words[0])]
    raise ValueProblem("background-repeat: expected repeat, no-repeat, repeat-x or repeat-y")


def _is_size(node: Node) -> bool:
    return ident(node) in ("auto", "cover", "contain") or _is_position(node)


def _is_position(node: Node) -> bool:
    if isinstance(node, NumberToken):
        return bool(node.value == 0)
    return ident(node) in _POSITION_WORDS or isinstance(node, PercentageToken | DimensionToken)


def _background(nodes: list[Node], ctx: Context) -> Fields:
    """Layers `image || position [/ size] || repeat`, the last may carry a colour."""
    images, sizes, positions, repeats = [], [], [], []
    rgba = (0, 0, 0, 0)
    layers = v.split_commas(nodes)
    for index, layer in enumerate(layers):
        image = None
        place: list[Node] = []
        size: list[Node] = []
        repeat: list[Node] = []
        at = 0
        while at < len(layer):
            node = layer[at]
            found = ident(node)
            at += 1
            if _is_image(node):
                image = v.background_image(node, ctx)
            elif v.is_literal(node, "/"):
                while at < len(layer) and len(size) < 2 and _is_size(layer[at]):
                    size.append(layer[at])
                    at += 1
            elif found in _REPEATS:
                repeat.append(node)
            elif _is_position(node):
                place.append(node)
            elif found == "none":
                continue
            elif index == len(layers) - 1:
                rgba = v.color(node, ctx)
            else:
                raise ValueProblem(f"{v.serialize(node)!r} in a background layer")
        if image is None:
            if index != len(layers) - 1 or size or place or repeat:
                raise ValueProblem("a background layer without an image")
            continue
        images.append(image)
        sizes.append(_size(size, ctx) if size else (AUTO, AUTO))
        positions.append(v.position(place, ctx) if place else (Pct(0.0), Pct(0.0)))
        repeats.append(_repeat(repeat) if repeat else BackgroundRepeat.REPEAT)
    return (
        ("background_color", rgba),
        *zip(
            LAYER_FIELDS,
            (tuple(images), tuple(sizes), tuple(positions), tuple(repeats)),
            strict=True,
        ),
    )


_CLIPS = {c.value: c for c in BackgroundClip}


def _clip(nodes: list[Node], ctx: Context) -> object:
    """`text` or `border-box` (one for every layer: the clip is the element's, not a layer's)."""
    found = {ident(part[0]) if len(part) == 1 else None for part in v.split_commas(nodes)}
    if len(found) != 1 or (clip := found.pop()) not in _CLIPS:
        raise ValueProblem("expected text or border-box (padding-box and content-box are not yet)")
    return _CLIPS[clip]


def _layer_list(field: str, item: Callable[[list[Node], Context], object]) -> Property:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        if field == "_bg_images" and len(nodes) == 1 and ident(nodes[0]) == "none":
            return ((field, ()),)
        return ((field, tuple(item(part, ctx) for part in v.split_commas(nodes))),)

    return Property(parse, (field,))


BACKGROUNDS: dict[str, Property] = {
    "background": Property(_background, ("background_color", *LAYER_FIELDS)),
    "background-color": color_field("background_color"),
    "background-image": _layer_list("_bg_images", lambda n, c: v.background_image(one(n), c)),
    "background-size": _layer_list("_bg_sizes", _size),
    "background-position": _layer_list("_bg_positions", v.position),
    "background-repeat": _layer_list("_bg_repeats", lambda n, c: _repeat(n)),
    "background-clip": simple("background_clip", _clip),
    "-webkit-background-clip": simple("background_clip", _clip),
}
"""Background properties by kebab-case name."""
