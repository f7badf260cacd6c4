"""The mask properties (style/props_mask.py): layer lists, the shorthand, modes, keywords."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from handler.exceptions import UnsupportedStyle
from handler.render.computed import (
    AUTO,
    INITIAL,
    BackgroundLayer,
    BackgroundRepeat,
    ColorStop,
    ComputedStyle,
    LinearGradient,
    MaskLayer,
    MaskMode,
    Pct,
    UrlImage,
)
from handler.render.elements import h
from handler.render.masking import ReferenceBox
from handler.render.nodes import StyledElement
from handler.render.paint.images import load_image_source
from handler.render.style.css_values import quote_bare_urls
from handler.render.style.style import compute_tree

FADE = LinearGradient(90.0, (ColorStop((0, 0, 0, 255), None), ColorStop((0, 0, 0, 0), None)))


def style_of(
    css: Mapping[str, object], parent: Mapping[str, object] | None = None
) -> ComputedStyle:
    tree = h("div", {"style": parent or {}}, h("div", {"style": css}))
    root = compute_tree(tree, canvas=(100, 100), load_image=load_image_source)
    child = root.children[0]
    assert isinstance(child, StyledElement)
    return child.style


def test_no_mask_layers_by_default_and_for_none() -> None:
    assert INITIAL.mask_layers == ()
    assert style_of({"maskImage": "none"}).mask_layers == ()


def test_mask_image_with_size_position_and_repeat_lists() -> None:
    style = style_of(
        {
            "maskImage": "linear-gradient(to right, black, transparent), url(a.png)",
            "maskSize": "50px 50%",
            "maskPosition": "right bottom, 10px 20px",
            "maskRepeat": "no-repeat",
        }
    )
    assert style.mask_layers == (
        MaskLayer(
            BackgroundLayer(
                FADE, (50.0, Pct(50.0)), (Pct(100.0), Pct(100.0)), BackgroundRepeat.NO_REPEAT
            )
        ),
        MaskLayer(
            BackgroundLayer(
                UrlImage("a.png"), (50.0, Pct(50.0)), (10.0, 20.0), BackgroundRepeat.NO_REPEAT
            )
        ),
    )


def test_none_layers_in_a_list_mask_nothing() -> None:
    style = style_of({"maskImage": "none, url(a.png)", "maskSize": "1px, 2px"})
    assert style.mask_layers == (MaskLayer(BackgroundLayer(UrlImage("a.png"), (2.0, AUTO))),)


def test_mask_shorthand_reads_image_position_size_repeat_and_mode() -> None:
    style = style_of({"mask": "url(star.svg) center / contain no-repeat luminance border-box"})
    layer = BackgroundLayer(
        UrlImage("star.svg"), "contain", (Pct(50.0), Pct(50.0)), BackgroundRepeat.NO_REPEAT
    )
    assert style.mask_layers == (MaskLayer(layer, MaskMode.LUMINANCE),)


@pytest.mark.parametrize(
    ("boxes", "origin", "clip"),
    [
        pytest.param("", ReferenceBox.BORDER_BOX, ReferenceBox.BORDER_BOX, id="none"),
        pytest.param("padding-box", ReferenceBox.PADDING_BOX, ReferenceBox.PADDING_BOX, id="one"),
        pytest.param("content-box border-box", ReferenceBox.CONTENT_BOX, ReferenceBox.BORDER_BOX,
                     id="two"),
        pytest.param("no-clip", ReferenceBox.BORDER_BOX, None, id="no-clip"),
        pytest.param("padding-box no-clip", ReferenceBox.PADDING_BOX, None, id="origin-no-clip"),
    ],
)  # fmt: skip
def test_the_mask_shorthand_sets_origin_then_clip(
    boxes: str, origin: ReferenceBox, clip: ReferenceBox | None
) -> None:
    (layer,) = style_of({"mask": f"url(a.png) {boxes}"}).mask_layers
    assert (layer.origin, layer.clip) == (origin, clip)


def test_mask_origin_and_clip_longhands_are_lists() -> None:
    style = style_of(
        {"maskImage": "url(a.png), url(b.png)", "maskOrigin": "content-box", "maskClip": "no-clip"}
    )
    assert [(m.origin, m.clip) for m in style.mask_layers] == [(ReferenceBox.CONTENT_BOX, None)] * 2


def test_webkit_prefixed_mask_properties_are_the_same() -> None:
    plain = style_of({"maskImage": "url(a.png)", "maskSize": "cover"})
    prefixed = style_of({"WebkitMaskImage": "url(a.png)", "WebkitMaskSize": "cover"})
    assert prefixed == plain


def test_mask_mode_longhand() -> None:
    style = style_of({"maskImage": "url(a.png)", "maskMode": "luminance"})
    assert style.mask_layers[0].mode is MaskMode.LUMINANCE


def test_mask_is_not_inherited_but_inherit_copies_the_parent() -> None:
    parent = {"maskImage": "url(a.png)", "maskPosition": "center", "maskClip": "content-box"}
    assert style_of({}, parent).mask_layers == ()
    inherited = style_of(
        {"maskImage": "inherit", "maskPosition": "inherit", "maskClip": "inherit"}, parent
    )
    assert inherited.mask_layers == style_of(parent).mask_layers


@pytest.mark.parametrize(
    ("css", "reason"),
    [
        pytest.param({"maskImage": "red"}, "expected an image", id="colour"),
        pytest.param({"maskMode": "opaque"}, "alpha, luminance or match-source", id="mode"),
        pytest.param({"maskOrigin": "no-clip"}, "padding-box or content-box$", id="origin"),
        pytest.param({"maskClip": "fill-box"}, "content-box, no-clip", id="clip"),
        pytest.param({"maskComposite": "subtract"}, "only add", id="composite"),
        pytest.param({"mask": "url(a.png) view-box"}, "view-box in a mask layer", id="box"),
        pytest.param({"maskRepeat": "space"}, "expected repeat", id="repeat"),
    ],
)
def test_bad_mask_values_name_the_property(css: dict[str, str], reason: str) -> None:
    with pytest.raises(UnsupportedStyle, match=reason) as caught:
        style_of(css)
    assert next(iter(css)) in str(caught.value)


def test_bare_urls_with_quotes_and_spaces_are_quoted() -> None:
    svg = "url(data:image/svg+xml,%3Csvg viewBox='0 0 1 1'%3E%3C/svg%3E)"
    assert (
        quote_bare_urls(svg) == "url(\"data:image/svg+xml,%3Csvg viewBox='0 0 1 1'%3E%3C/svg%3E\")"
    )
    assert quote_bare_urls('url( a"b ), url("c")') == 'url("a\\"b"), url("c")'
    assert quote_bare_urls("url(unclosed") == "url(unclosed"
    assert quote_bare_urls("url(a.png) no-repeat") == "url(a.png) no-repeat"  # already well formed


def test_an_unquoted_svg_mask_url_is_read() -> None:
    svg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"
    style = style_of({"maskImage": f"url({svg})"})
    assert style.mask_layers == (MaskLayer(BackgroundLayer(UrlImage(svg))),)


def test_mask_size_and_repeat_errors_name_the_mask_property() -> None:
    with pytest.raises(UnsupportedStyle, match="mask-size: expected cover, contain"):
        style_of({"maskSize": "1px 2px 3px"})
    with pytest.raises(UnsupportedStyle, match="mask-repeat: expected repeat"):
        style_of({"maskRepeat": "repeat repeat repeat"})


def test_a_slash_without_a_size_is_refused() -> None:
    with pytest.raises(UnsupportedStyle, match="expected a mask-size after `/`"):
        style_of({"mask": "url(a.png) center /"})
