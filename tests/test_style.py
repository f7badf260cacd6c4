from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pytest
from PIL import Image

from handler.exceptions import ImageSourceError, InvalidElement, UnsupportedStyle
from handler.render.computed import (
    AUTO,
    Align,
    BackgroundLayer,
    BackgroundRepeat,
    Blur,
    BorderStyle,
    ColorFilter,
    ColorStop,
    ComputedStyle,
    Display,
    FlexDirection,
    FontStyle,
    Justify,
    LinearGradient,
    Multiplier,
    ObjectFit,
    Overflow,
    Pct,
    Position,
    RadialGradient,
    RadialShape,
    Radius,
    Rotate,
    Scale,
    Shadow,
    Skew,
    TextDecorationLine,
    Translate,
    UrlImage,
    WordBreak,
)
from handler.render.elements import Element, h
from handler.render.html import parse_html
from handler.render.nodes import ImageSource, StyledElement, StyledText
from handler.render.style.properties import PARENT_RELATIVE, PROPERTIES
from handler.render.style.style import compute_tree, property_name

CARD = Path(__file__).parents[1] / "benchmarks" / "designs" / "card.html"
CANVAS = (1200, 630)


def fake_load_image(src: str | bytes) -> ImageSource:
    """Stands in for images.py: a 20x10 red image, remembering what it was asked for."""
    LOADED.append(src)
    return ImageSource(Image.new("RGBA", (20, 10), (255, 0, 0, 255)), 20.0, 10.0)


LOADED: list[str | bytes] = []


def styled(element: Element, canvas: tuple[int, int] = CANVAS) -> StyledElement:
    return compute_tree(element, canvas=canvas, load_image=fake_load_image)


def style_of(
    css: Mapping[str, object] | str, parent: Mapping[str, object] | None = None
) -> ComputedStyle:
    """The computed style of a div with `css`, inside a div with `parent`."""
    child = h("div", {"style": css})
    root = styled(h("div", {"style": parent or {}}, child))
    inner = root.children[0]
    assert isinstance(inner, StyledElement)
    return inner.style


def element_at(root: StyledElement, *path: int) -> StyledElement:
    node: StyledElement = root
    for index in path:
        child = node.children[index]
        assert isinstance(child, StyledElement)
        node = child
    return node


# --- property names and sources ---


@pytest.mark.parametrize(
    ("key", "name"),
    [
        pytest.param("fontSize", "font-size", id="camel"),
        pytest.param("font-size", "font-size", id="kebab"),
        pytest.param("WebkitLineClamp", "-webkit-line-clamp", id="vendor"),
        pytest.param("msTransform", "-ms-transform", id="ms"),
        pytest.param("color", "color", id="plain"),
    ],
)
def test_property_names_are_normalised(key: str, name: str) -> None:
    assert property_name(key) == name


def test_style_may_be_a_css_string() -> None:
    style = style_of("font-size: 20px; color: red !important")
    assert (style.font_size, style.color) == (20.0, (255, 0, 0, 255))


def test_numbers_mean_px() -> None:
    style = style_of({"width": 100, "marginTop": 8.5, "fontSize": 12})
    assert (style.width, style.margin_top, style.font_size) == (100.0, 8.5, 12.0)


# --- lengths ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("10px", 10.0, id="px"),
        pytest.param("2em", 40.0, id="em-against-own-font-size"),
        pytest.param("2rem", 32.0, id="rem-16"),
        pytest.param("50%", Pct(50.0), id="percent"),
        pytest.param("10vw", 120.0, id="vw"),
        pytest.param("10vh", 63.0, id="vh"),
        pytest.param("12pt", 16.0, id="pt"),
        pytest.param("1pc", 16.0, id="pc"),
        pytest.param("auto", AUTO, id="auto"),
        pytest.param(0, 0.0, id="zero"),
    ],
)
def test_length_units(value: object, expected: object) -> None:
    assert style_of({"width": value, "fontSize": 20}).width == expected


def test_font_size_em_and_percent_are_against_the_parent() -> None:
    assert style_of({"fontSize": "1.5em"}, {"fontSize": 20}).font_size == 30.0
    assert style_of({"fontSize": "50%"}, {"fontSize": 20}).font_size == 10.0
    assert style_of({"fontSize": "larger"}, {"fontSize": 20}).font_size == pytest.approx(24.0)


def test_em_lengths_use_the_elements_own_new_font_size() -> None:
    style = style_of({"fontSize": "2em", "paddingLeft": "1em"}, {"fontSize": 10})
    assert style.padding_left == 20.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("normal", None, id="normal"),
        pytest.param(1.5, Multiplier(1.5), id="number"),
        pytest.param("24px", 24.0, id="px"),
        pytest.param("1.5em", 30.0, id="em"),
        pytest.param("150%", 30.0, id="percent"),
    ],
)
def test_line_height(value: object, expected: object) -> None:
    assert style_of({"lineHeight": value, "fontSize": 20}).line_height == expected


@pytest.mark.parametrize(
    ("value", "parent", "expected"),
    [
        pytest.param(700, 400, 700, id="number"),
        pytest.param("bold", 400, 700, id="bold"),
        pytest.param("normal", 700, 400, id="normal"),
        pytest.param("bolder", 400, 700, id="bolder"),
        pytest.param("bolder", 700, 900, id="bolder-from-bold"),
        pytest.param("lighter", 700, 400, id="lighter"),
    ],
)
def test_font_weight(value: object, parent: int, expected: int) -> None:
    assert style_of({"fontWeight": value}, {"fontWeight": parent}).font_weight == expected


def test_text_indent_is_a_length_or_percentage_and_inherited() -> None:
    assert style_of({"textIndent": "2em", "fontSize": 10}).text_indent == 20.0
    assert style_of({"textIndent": "20%"}).text_indent == Pct(20.0)
    assert style_of({}, {"textIndent": -12}).text_indent == -12.0
    with pytest.raises(UnsupportedStyle, match="hanging and each-line are not supported"):
        style_of({"textIndent": "1em hanging"})


def test_tab_size_is_a_number_of_spaces_or_a_length_and_inherited() -> None:
    assert style_of({}).tab_size == Multiplier(8.0)
    assert style_of({"tabSize": 4}).tab_size == Multiplier(4.0)
    assert style_of({"tabSize": "1rem"}).tab_size == 16.0
    assert style_of({}, {"MozTabSize": "2"}).tab_size == Multiplier(2.0)
    with pytest.raises(UnsupportedStyle, match="cannot be negative"):
        style_of({"tabSize": -1})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("normal", (), id="normal"),
        pytest.param('"smcp"', ("smcp",), id="tag-alone"),
        pytest.param('"liga" off, "kern" 0', ("-liga", "-kern"), id="off-and-zero"),
        pytest.param("'salt' 2, \"tnum\" on", ("salt=2", "tnum"), id="value-and-on"),
        pytest.param('"xxxx"', ("xxxx",), id="unknown-tag-kept"),
    ],
)
def test_font_feature_settings(value: str, expected: tuple[str, ...]) -> None:
    assert style_of({"fontFeatureSettings": value}).font_feature_settings == expected
    assert style_of({}, {"fontFeatureSettings": value}).font_feature_settings == expected


def test_font_feature_tags_have_four_letters() -> None:
    with pytest.raises(UnsupportedStyle, match="four-letter tag"):
        style_of({"fontFeatureSettings": '"liga5"'})
    with pytest.raises(UnsupportedStyle, match="four-letter tag"):
        style_of({"fontFeatureSettings": "liga"})


def test_letter_spacing_in_px_and_em() -> None:
    assert style_of({"letterSpacing": "-1px"}).letter_spacing == -1.0
    assert style_of({"letterSpacing": "0.1em", "fontSize": 30}).letter_spacing == pytest.approx(3)


# --- colours ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("#f00", (255, 0, 0, 255), id="hex3"),
        pytest.param("#f008", (255, 0, 0, 136), id="hex4"),
        pytest.param("#0f172a", (15, 23, 42, 255), id="hex6"),
        pytest.param("#0f172a80", (15, 23, 42, 128), id="hex8"),
        pytest.param("rgb(1, 2, 3)", (1, 2, 3, 255), id="rgb-commas"),
        pytest.param("rgba(255, 255, 255, 0.6)", (255, 255, 255, 153), id="rgba"),
        pytest.param("rgb(1 2 3 / 50%)", (1, 2, 3, 128), id="rgb-space-alpha"),
        pytest.param("hsl(120, 100%, 50%)", (0, 255, 0, 255), id="hsl"),
        pytest.param("hsla(240 100% 50% / 0.5)", (0, 0, 255, 128), id="hsla-space"),
        pytest.param("rebeccapurple", (102, 51, 153, 255), id="named"),
        pytest.param("transparent", (0, 0, 0, 0), id="transparent"),
    ],
)
def test_colours(value: str, expected: tuple[int, int, int, int]) -> None:
    assert style_of({"backgroundColor": value}).background_color == expected


def test_current_color_is_the_elements_color() -> None:
    style = style_of({"color": "blue", "borderColor": "currentColor", "borderStyle": "solid"})
    assert style.border_top_color == (0, 0, 255, 255)


def test_color_current_color_is_the_parents_color() -> None:
    assert style_of({"color": "currentColor"}, {"color": "red"}).color == (255, 0, 0, 255)


def test_border_colour_defaults_to_the_text_colour() -> None:
    style = style_of({"color": "lime", "border": "1px solid"})
    assert style.border_left_color == (0, 255, 0, 255)


# --- inheritance ---


def test_text_properties_are_inherited_and_box_properties_are_not() -> None:
    parent = {"color": "red", "fontSize": 30, "fontFamily": "Geist", "padding": 10}
    style = style_of({}, parent)
    assert (style.color, style.font_size, style.font_family) == ((255, 0, 0, 255), 30.0, ("Geist",))
    assert style.padding_top == 0.0


def test_text_children_carry_their_parents_style() -> None:
    root = styled(h("div", {"style": {"fontSize": 40}}, "Hello"))
    text = root.children[0]
    assert isinstance(text, StyledText)
    assert (text.text, text.style) == ("Hello", root.style)


# --- shorthands ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1px", (1.0, 1.0, 1.0, 1.0), id="one"),
        pytest.param("1px 2px", (1.0, 2.0, 1.0, 2.0), id="two"),
        pytest.param("1px 2px 3px", (1.0, 2.0, 3.0, 2.0), id="three"),
        pytest.param("1px 2px 3px 4px", (1.0, 2.0, 3.0, 4.0), id="four"),
        pytest.param("0 auto", (0.0, AUTO, 0.0, AUTO), id="auto"),
    ],
)
def test_margin_shorthand(value: str, expected: tuple[object, ...]) -> None:
    s = style_of({"margin": value})
    assert (s.margin_top, s.margin_right, s.margin_bottom, s.margin_left) == expected


def test_longhand_after_shorthand_wins_and_order_matters() -> None:
    assert style_of({"padding": 10, "paddingTop": 2}).padding_top == 2.0
    assert style_of({"paddingTop": 2, "padding": 10}).padding_top == 10.0


def test_border_shorthand_sets_every_side() -> None:
    s = style_of({"border": "2px dashed rgba(255, 255, 255, 0.6)"})
    assert s.border_right_width == 2.0
    assert s.border_bottom_style is BorderStyle.DASHED
    assert s.border_left_color == (255, 255, 255, 153)


def test_border_side_and_parts() -> None:
    s = style_of({"borderTop": "thick solid red", "borderWidth": "1px 2px", "borderStyle": "solid"})
    assert (s.border_top_width, s.border_right_width) == (1.0, 2.0)
    assert s.border_top_color == (255, 0, 0, 255)


@pytest.mark.parametrize(
    "css",
    [
        pytest.param({"borderWidth": 4}, id="width"),
        pytest.param({"border": "4px"}, id="shorthand-width"),
        pytest.param({"border": "4px blue", "borderColor": "red"}, id="shorthand-colour"),
    ],
)
def test_border_without_a_style_is_solid_as_in_satori(css: dict[str, object]) -> None:
    s = style_of(css)
    assert (s.border_top_width, s.border_left_style) == (4.0, BorderStyle.SOLID)


def test_border_style_none_or_hidden_has_no_width() -> None:
    assert style_of({"borderWidth": 4, "borderStyle": "none"}).border_top_width == 0.0
    assert style_of({"border": "4px hidden red"}).border_left_width == 0.0
    assert style_of({"border": "none"}).border_right_width == 0.0


@pytest.mark.parametrize(
    ("value", "corners"),
    [
        pytest.param("8px", (Radius(8.0, 8.0),) * 4, id="one"),
        pytest.param(
            "1px 2px 3px 4px",
            (Radius(1.0, 1.0), Radius(2.0, 2.0), Radius(3.0, 3.0), Radius(4.0, 4.0)),
            id="four",
        ),
        pytest.param(
            "10px 20px / 5px",
            (Radius(10.0, 5.0), Radius(20.0, 5.0), Radius(10.0, 5.0), Radius(20.0, 5.0)),
            id="elliptical",
        ),
        pytest.param("50%", (Radius(Pct(50.0), Pct(50.0)),) * 4, id="percent"),
    ],
)
def test_border_radius(value: str, corners: tuple[Radius, ...]) -> None:
    s = style_of({"borderRadius": value})
    got = (
        s.border_top_left_radius,
        s.border_top_right_radius,
        s.border_bottom_right_radius,
        s.border_bottom_left_radius,
    )
    assert got == corners


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("none", (0.0, 0.0, AUTO), id="none"),
        pytest.param("auto", (1.0, 1.0, AUTO), id="auto"),
        pytest.param(1, (1.0, 1.0, 0.0), id="number"),
        pytest.param("2 0 0", (2.0, 0.0, 0.0), id="three-numbers"),
        pytest.param("1 1 0%", (1.0, 1.0, Pct(0.0)), id="percent-basis"),
        pytest.param("2 200px", (2.0, 1.0, 200.0), id="grow-basis"),
        pytest.param("100px", (1.0, 1.0, 100.0), id="basis-only"),
    ],
)
def test_flex_shorthand(value: object, expected: tuple[object, ...]) -> None:
    s = style_of({"flex": value})
    assert (s.flex_grow, s.flex_shrink, s.flex_basis) == expected


def test_flex_flow_gap_and_inset() -> None:
    s = style_of({"flexFlow": "column wrap", "gap": "4px 8px", "inset": "1px 2px"})
    assert s.flex_direction is FlexDirection.COLUMN
    assert (s.row_gap, s.column_gap) == (4.0, 8.0)
    assert (s.top, s.right, s.bottom, s.left) == (1.0, 2.0, 1.0, 2.0)


def test_keywords() -> None:
    s = style_of(
        {
            "display": "none",
            "position": "absolute",
            "alignItems": "center",
            "alignSelf": "flex-end",
            "overflow": "clip",
            "objectFit": "cover",
            "fontStyle": "oblique",
            "wordWrap": "break-word",
        }
    )
    assert s.display is Display.NONE
    assert s.position is Position.ABSOLUTE
    assert (s.align_items, s.align_self) == (Align.CENTER, Align.FLEX_END)
    assert s.overflow is Overflow.HIDDEN
    assert s.object_fit is ObjectFit.COVER
    assert s.font_style is FontStyle.ITALIC
    assert s.word_break is WordBreak.BREAK_WORD


def test_display_block_is_a_flex_column_unless_a_direction_is_set() -> None:
    assert style_of({"display": "block"}).flex_direction is FlexDirection.COLUMN
    both = style_of({"display": "block", "flexDirection": "row"})
    assert both.flex_direction is FlexDirection.ROW


def test_position_static_ignores_offsets() -> None:
    assert style_of({"position": "static", "top": 10}).top is AUTO


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("16 / 9", 16 / 9, id="ratio"),
        pytest.param(2, 2.0, id="number"),
        pytest.param("auto", None, id="auto"),
    ],
)
def test_aspect_ratio(value: object, expected: float | None) -> None:
    assert style_of({"aspectRatio": value}).aspect_ratio == expected


def test_text_decoration_and_line_clamp_and_font_family() -> None:
    s = style_of(
        {
            "textDecoration": "underline line-through dotted red",
            "display": "-webkit-box",
            "WebkitLineClamp": 2,
            "fontFamily": "'Geist Mono', Inter Display, sans-serif",
        }
    )
    assert s.text_decoration_line == {TextDecorationLine.UNDERLINE, TextDecorationLine.LINE_THROUGH}
    assert s.text_decoration_style is BorderStyle.DOTTED
    assert s.text_decoration_color == (255, 0, 0, 255)
    assert s.line_clamp == 2
    assert s.font_family == ("Geist Mono", "Inter Display", "sans-serif")


def test_font_shorthand() -> None:
    s = style_of({"font": "italic bold 20px/1.5 Geist, serif"}, {"fontSize": 10})
    assert (s.font_style, s.font_weight, s.font_size) == (FontStyle.ITALIC, 700, 20.0)
    assert s.line_height == Multiplier(1.5)
    assert s.font_family == ("Geist", "serif")


def test_opacity_as_number_and_percent() -> None:
    assert style_of({"opacity": 0.5}).opacity == 0.5
    assert style_of({"opacity": "25%"}).opacity == 0.25


# --- gradients and backgrounds ---


@pytest.mark.parametrize(
    ("value", "angle", "corner"),
    [
        pytest.param("linear-gradient(red, blue)", 180.0, None, id="default-down"),
        pytest.param("linear-gradient(90deg, red, blue)", 90.0, None, id="deg"),
        pytest.param("linear-gradient(0.25turn, red, blue)", 90.0, None, id="turn"),
        pytest.param(f"linear-gradient({math.pi}rad, red, blue)", 180.0, None, id="rad"),
        pytest.param("linear-gradient(to right, red, blue)", 90.0, None, id="to-side"),
        pytest.param(
            "linear-gradient(to top right, red, blue)", 45.0, ("top", "right"), id="to-corner"
        ),
        pytest.param(
            "linear-gradient(to left bottom, red, blue)", 225.0, ("bottom", "left"), id="corner-2"
        ),
    ],
)
def test_linear_gradient_direction(value: str, angle: float, corner: object) -> None:
    (layer,) = style_of({"backgroundImage": value}).background_layers
    assert isinstance(layer.image, LinearGradient)
    assert layer.image.angle == pytest.approx(angle)
    assert layer.image.to_corner == corner


def test_gradient_stops_with_positions() -> None:
    value = "repeating-linear-gradient(red 10px, blue 20% 40%, #000)"
    (layer,) = style_of({"backgroundImage": value}).background_layers
    assert isinstance(layer.image, LinearGradient)
    assert layer.image.repeating
    assert layer.image.stops == (
        ColorStop((255, 0, 0, 255), 10.0),
        ColorStop((0, 0, 255, 255), Pct(20.0)),
        ColorStop((0, 0, 255, 255), Pct(40.0)),
        ColorStop((0, 0, 0, 255), None),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "radial-gradient(red, blue)",
            (RadialShape.ELLIPSE, "farthest-corner", (Pct(50.0), Pct(50.0))),
            id="default",
        ),
        pytest.param(
            "radial-gradient(circle at top left, red, blue)",
            (RadialShape.CIRCLE, "farthest-corner", (Pct(0.0), Pct(0.0))),
            id="circle-at",
        ),
        pytest.param(
            "radial-gradient(closest-side, red, blue)",
            (RadialShape.ELLIPSE, "closest-side", (Pct(50.0), Pct(50.0))),
            id="size-keyword",
        ),
        pytest.param(
            "radial-gradient(40px at 10px 20%, red, blue)",
            (RadialShape.CIRCLE, (40.0, 40.0), (10.0, Pct(20.0))),
            id="circle-radius",
        ),
        pytest.param(
            "radial-gradient(ellipse 50% 20px, red, blue)",
            (RadialShape.ELLIPSE, (Pct(50.0), 20.0), (Pct(50.0), Pct(50.0))),
            id="ellipse-radii",
        ),
    ],
)
def test_radial_gradient(value: str, expected: tuple[object, ...]) -> None:
    (layer,) = style_of({"backgroundImage": value}).background_layers
    assert isinstance(layer.image, RadialGradient)
    assert (layer.image.shape, layer.image.size, layer.image.center) == expected


def test_background_shorthand_layers_and_colour() -> None:
    value = "url(a.png) right 10px / cover no-repeat, linear-gradient(red, blue), #fff"
    s = style_of({"background": value})
    assert s.background_color == (255, 255, 255, 255)
    first, second = s.background_layers
    assert first == BackgroundLayer(
        UrlImage("a.png"), "cover", (Pct(100.0), 10.0), BackgroundRepeat.NO_REPEAT
    )
    assert isinstance(second.image, LinearGradient)


def test_background_longhand_lists_repeat_over_layers() -> None:
    s = style_of(
        {
            "backgroundImage": "url('a.png'), url(b.png)",
            "backgroundSize": "10px 20px",
            "backgroundPosition": "center, bottom",
            "backgroundRepeat": "repeat-x",
        }
    )
    assert [layer.size for layer in s.background_layers] == [(10.0, 20.0), (10.0, 20.0)]
    assert [layer.position for layer in s.background_layers] == [
        (Pct(50.0), Pct(50.0)),
        (Pct(50.0), Pct(100.0)),
    ]
    assert s.background_layers[1].repeat is BackgroundRepeat.REPEAT_X


def test_background_colour_only() -> None:
    s = style_of({"background": "rgba(255, 255, 255, 0.08)"})
    assert (s.background_color, s.background_layers) == ((255, 255, 255, 20), ())


# --- shadows, transforms, filters ---


def test_box_shadow_list() -> None:
    s = style_of({"color": "red", "boxShadow": "0 4px 8px -2px rgba(0,0,0,0.5), inset 1px 1px"})
    assert s.box_shadow == (
        Shadow(0.0, 4.0, 8.0, -2.0, (0, 0, 0, 128)),
        Shadow(1.0, 1.0, 0.0, 0.0, (255, 0, 0, 255), inset=True),
    )


def test_text_shadow() -> None:
    assert style_of({"textShadow": "1px 2px 3px blue"}).text_shadow == (
        Shadow(1.0, 2.0, 3.0, 0.0, (0, 0, 255, 255)),
    )


def test_transform_list_and_origin() -> None:
    s = style_of(
        {
            "transform": (
                "translate(10px, 50%) rotate(0.5turn) scale(2) skewX(10deg) translateY(1em)"
            ),
            "transformOrigin": "left top",
            "fontSize": 10,
        }
    )
    assert s.transform == (
        Translate(10.0, Pct(50.0)),
        Rotate(180.0),
        Scale(2.0, 2.0),
        Skew(10.0, 0.0),
        Translate(0.0, 10.0),
    )
    assert s.transform_origin == (Pct(0.0), Pct(0.0))


def test_filter_blur_and_object_position() -> None:
    s = style_of({"filter": "blur(4px)", "objectPosition": "right 20%"})
    assert s.filter == (Blur(4.0),)
    assert s.object_position == (Pct(100.0), Pct(20.0))


def test_filter_functions_in_order_with_amounts_as_fractions() -> None:
    s = style_of({"filter": "grayscale(150%) hue-rotate(0.5turn) brightness(2) blur(1px)"})
    assert s.filter == (
        ColorFilter("grayscale", 1.0),
        ColorFilter("hue-rotate", 180.0),
        ColorFilter("brightness", 2.0),
        Blur(1.0),
    )


def test_backdrop_filter_takes_the_filter_functions() -> None:
    s = style_of({"backdropFilter": "blur(8px) saturate(50%)"})
    assert s.backdrop_filter == (Blur(8.0), ColorFilter("saturate", 0.5))
    assert s.filter == ()
    assert style_of({"WebkitBackdropFilter": "invert(1)"}).backdrop_filter == (
        ColorFilter("invert", 1.0),
    )


@pytest.mark.parametrize(
    ("value", "shapes"),
    [
        pytest.param("squircle", (2.0, 2.0, 2.0, 2.0), id="one"),
        pytest.param("bevel scoop", (0.0, -1.0, 0.0, -1.0), id="two"),
        pytest.param(
            "square notch round superellipse(1.5)", (math.inf, -math.inf, 1.0, 1.5), id="four"
        ),
        pytest.param("superellipse(-infinity)", (-math.inf,) * 4, id="infinity"),
    ],
)
def test_corner_shape_per_corner_in_border_radius_order(
    value: str, shapes: tuple[float, ...]
) -> None:
    assert style_of({"cornerShape": value}).corner_shape == shapes


# --- errors ---


@pytest.mark.parametrize(
    ("css", "match"),
    [
        pytest.param({"zoom": 2}, r"unsupported CSS zoom: '2'", id="unknown-property"),
        pytest.param({"color": "oklch(0.7 0.1 200)"}, "color: 'oklch", id="colour-space"),
        pytest.param({"color": "nonsense"}, r"color: 'nonsense'", id="bad-colour"),
        pytest.param({"width": "10furlongs"}, "unit 'furlongs'", id="bad-unit"),
        pytest.param({"display": "grid"}, r"display: 'grid'", id="grid"),
        pytest.param({"borderStyle": "double"}, "border style", id="double-border"),
        pytest.param({"transform": "matrix(1,0,0,1,0,0)"}, "transform", id="matrix"),
        pytest.param({"filter": "drop-shadow(1px 1px red)"}, "expected blur", id="filter"),
        pytest.param({"filter": "brightness(-1)"}, "cannot be negative", id="filter-amount"),
        pytest.param({"cornerShape": "wobbly"}, "corner shape 'wobbly'", id="corner-shape"),
        pytest.param(
            {"backgroundImage": "linear-gradient(red, 30%, blue)"}, "hints", id="gradient-hint"
        ),
        pytest.param(
            {"backgroundImage": "linear-gradient(red)"}, "two colour stops", id="one-stop"
        ),
        pytest.param({"overflow": "scroll auto wrap"}, "one or two values", id="overflow-axes"),
        pytest.param({"lineClamp": 1.5}, "whole number", id="line-clamp"),
        pytest.param({"fontSize": True}, "string or a number", id="bool-value"),
    ],
)
def test_unsupported_values_name_the_property_value_and_element(
    css: dict[str, object], match: str
) -> None:
    with pytest.raises(UnsupportedStyle, match=match) as caught:
        style_of(css)
    assert caught.value.where == "div > div"


def test_error_names_the_elements_place_among_siblings() -> None:
    bad = h("span", {"style": {"float": "left"}})
    tree = h("div", {}, h("div", {}, h("div"), h("div", {}, bad)))
    with pytest.raises(UnsupportedStyle, match=r"on <div > div > div\[2\] > span>"):
        styled(tree)


def test_still_image_properties_are_ignored() -> None:
    s = style_of({"cursor": "pointer", "transition": "all 1s", "WebkitFontSmoothing": "auto"})
    assert s == style_of({})


@pytest.mark.parametrize(
    "css",
    [
        pytest.param({"clipPath": "none"}, id="clip-path-none"),
        pytest.param({"maskImage": "none", "WebkitMaskImage": "none"}, id="mask-none"),
        pytest.param({"backdropFilter": "none"}, id="backdrop-filter-none"),
        pytest.param({"textWrap": "wrap"}, id="text-wrap-wrap"),
        pytest.param({"tabSize": 8}, id="tab-size-default"),
        pytest.param({"WebkitTextStroke": "0px"}, id="text-stroke-zero"),
        pytest.param({"backgroundClip": "border-box"}, id="background-clip-initial"),
        pytest.param({"outline": "none", "cornerShape": "round"}, id="outline-corner"),
        pytest.param({"fontKerning": "auto", "fontSynthesis": "none"}, id="what-we-do-anyway"),
        pytest.param({"fontFeatureSettings": "", "color": "  "}, id="empty-strings"),
        pytest.param("clip-path: NONE; mix-blend-mode: normal", id="css-string"),
    ],
)
def test_values_that_mean_nothing_to_draw_are_accepted(css: dict[str, object] | str) -> None:
    assert style_of(css, {"color": "red"}) == style_of({}, {"color": "red"})


def test_a_value_that_asks_for_something_still_raises() -> None:
    with pytest.raises(UnsupportedStyle, match=r"mixBlendMode: 'multiply'"):
        style_of({"mixBlendMode": "multiply"})


@pytest.mark.parametrize(
    ("css", "field", "expected"),
    [
        pytest.param({"alignItems": "normal"}, "align_items", Align.STRETCH, id="align-items"),
        pytest.param({"alignSelf": "normal"}, "align_self", Align.AUTO, id="align-self"),
        pytest.param(
            {"justifyContent": "normal"}, "justify_content", Justify.FLEX_START, id="justify"
        ),
        pytest.param({"gap": "normal", "rowGap": 4}, "column_gap", 0.0, id="gap"),
        pytest.param({"rowGap": "normal"}, "row_gap", 0.0, id="row-gap"),
    ],
)
def test_normal_means_the_flexbox_default(
    css: dict[str, object], field: str, expected: object
) -> None:
    assert getattr(style_of(css), field) == expected


def test_svg_tags_outside_svg_are_refused() -> None:
    with pytest.raises(InvalidElement, match="<path> is allowed only inside <svg>"):
        styled(Element("div", {}, (Element("path"),)))


# --- tag presets ---


def test_tag_presets_follow_satori() -> None:
    root = styled(
        h("div", {"style": {"fontSize": 20}}, h("h1", {}, "T"), h("b", {}, "B"), h("p", {}, "P"))
    )
    heading, bold, para = (element_at(root, i).style for i in range(3))
    assert (heading.font_size, heading.font_weight, heading.margin_top) == (40.0, 700, 40 * 0.67)
    assert bold.font_weight == 700
    assert (para.margin_top, para.margin_bottom) == (20.0, 20.0)


@pytest.mark.parametrize(
    ("tag", "own", "font_size", "margin_top"),
    [
        pytest.param("h1", {"fontSize": 16}, 16.0, 0.67 * 40, id="h1-preset-2em"),
        pytest.param("h2", {"fontSize": "0.5em"}, 10.0, 0.83 * 30, id="h2-em-size"),
        pytest.param("h4", {"fontSize": 10}, 10.0, 1.33 * 20, id="h4-no-preset-size"),
        pytest.param("p", {"fontSize": 32}, 32.0, 20.0, id="p-parent-size"),
        pytest.param("h1", {"fontSize": 16, "marginTop": "1em"}, 16.0, 16.0, id="own-em-own-size"),
    ],
)
def test_preset_margins_are_of_the_presets_font_size(
    tag: str, own: dict[str, object], font_size: float, margin_top: float
) -> None:
    # Satori expands a tag's preset on its own: its em margins do not follow the user's fontSize
    root = styled(h("div", {"style": {"fontSize": 20}}, h(tag, {"style": own}, "T")))
    style = element_at(root, 0).style
    assert style.font_size == font_size
    assert style.margin_top == pytest.approx(margin_top)


def test_own_style_overrides_the_preset() -> None:
    root = styled(h("div", {}, h("h1", {"style": {"margin": 0, "fontWeight": 400}}, "T")))
    style = element_at(root, 0).style
    assert (style.margin_top, style.font_weight) == (0.0, 400)


# --- images ---


def test_img_src_goes_to_load_image_and_attributes_size_it() -> None:
    LOADED.clear()
    root = styled(h("div", {}, h("img", {"src": "a.png", "width": 40, "height": "30"})))
    image = element_at(root, 0)
    assert LOADED == ["a.png"]
    assert image.source is not None
    assert image.source.width == 20.0
    assert (image.style.width, image.style.height) == (40.0, 30.0)


def test_img_style_size_wins_over_attributes() -> None:
    root = styled(h("div", {}, h("img", {"src": b"png", "width": 40, "style": {"width": 10}})))
    assert element_at(root, 0).style.width == 10.0


def test_img_without_src_is_refused() -> None:
    with pytest.raises(InvalidElement, match="img needs a src"):
        styled(h("div", {}, h("img")))


def test_inline_svg_is_serialised_for_the_rasteriser() -> None:
    LOADED.clear()
    icon = parse_html(
        '<svg viewBox="0 0 24 24" style="width: 48px; color: red">'
        '<path d="M0 0h24" fill="currentColor" stroke-width="2"/><text>a &lt; b</text></svg>'
    )
    styled(h("div", {}, icon))
    (markup,) = LOADED
    assert isinstance(markup, bytes)
    text = markup.decode()
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"')
    assert 'width="48"' in text
    assert 'color="rgba(255,0,0,1)"' in text
    assert '<path d="M0 0h24" fill="currentColor" stroke-width="2"></path>' in text
    assert "<text>a &lt; b</text>" in text


def test_svg_camel_case_props_from_h_become_attributes() -> None:
    LOADED.clear()
    icon = h("svg", {"viewBox": "0 0 1 1"}, h("circle", {"strokeWidth": 2, "className": "c"}))
    styled(h("div", {}, icon))
    assert b'<circle stroke-width="2" class="c"></circle>' in LOADED[0]


# --- the benchmark card ---


def test_card_computes_as_designed() -> None:
    root = styled(parse_html(CARD.read_text()))
    assert root.style.flex_direction is FlexDirection.COLUMN
    assert root.style.padding_top == 64.0
    (layer,) = root.style.background_layers
    assert isinstance(layer.image, LinearGradient)
    assert layer.image.angle == 135.0
    assert [stop.position for stop in layer.image.stops] == [Pct(0.0), Pct(55.0), Pct(100.0)]
    assert [stop.color for stop in layer.image.stops] == [
        (15, 23, 42, 255),
        (30, 58, 138, 255),
        (124, 58, 237, 255),
    ]
    title = element_at(root, 0, 0).style
    assert (title.font_size, title.font_weight, title.letter_spacing) == (64.0, 700, -1.0)
    assert title.line_height == Multiplier(1.15)
    assert title.font_family == ("Geist",)
    assert title.color == (255, 255, 255, 255)
    assert element_at(root, 0, 1).style.color == (203, 213, 225, 255)
    badge = element_at(root, 1, 0).style
    assert (badge.border_top_width, badge.border_top_style) == (2.0, BorderStyle.SOLID)
    assert badge.border_top_color == (255, 255, 255, 153)
    assert badge.border_top_left_radius == Radius(24.0, 24.0)
    assert (badge.padding_top, badge.padding_left) == (16.0, 28.0)
    assert badge.background_color == (255, 255, 255, 20)
    assert element_at(root, 2).style.font_size == 22.0
    assert element_at(root, 2, 1).where == "div > div[3] > div[2]"


# --- CSS-wide keywords ---


def test_inherit_takes_the_parents_value_even_for_box_properties() -> None:
    s = style_of({"padding": "inherit", "color": "inherit"}, {"padding": 10, "color": "red"})
    assert (s.padding_top, s.padding_left, s.color) == (10.0, 10.0, (255, 0, 0, 255))


def test_initial_resets_inherited_and_box_properties() -> None:
    s = style_of({"color": "initial", "fontSize": "initial", "margin": 4}, {"color": "red"})
    assert (s.color, s.font_size) == ((0, 0, 0, 255), 16.0)
    assert style_of({"margin": 4, "marginTop": "initial"}).margin_top == 0.0


def test_unset_inherits_text_properties_and_resets_the_others() -> None:
    parent = {"fontSize": 30, "padding": 10}
    s = style_of({"fontSize": "unset", "padding": "unset"}, parent)
    assert (s.font_size, s.padding_top) == (30.0, 0.0)


def test_initial_border_colour_is_the_text_colour() -> None:
    s = style_of({"color": "blue", "border": "2px solid red", "borderColor": "initial"})
    assert s.border_top_color == (0, 0, 255, 255)


def test_inherit_copies_background_layers_and_overflow() -> None:
    parent = {"background": "linear-gradient(red, blue) #fff", "overflow": "hidden"}
    s = style_of({"background": "inherit", "overflow": "inherit"}, parent)
    assert s.background_color == (255, 255, 255, 255)
    (layer,) = s.background_layers
    assert isinstance(layer.image, LinearGradient)
    assert s.overflow is Overflow.HIDDEN


def test_flex_initial_and_important_keyword() -> None:
    s = style_of({"flex": 1, "flexGrow": "initial !important"})
    assert (s.flex_grow, s.flex_shrink, s.flex_basis) == (0.0, 1.0, 0.0)
    s = style_of({"flex": "initial"})
    assert (s.flex_grow, s.flex_shrink, s.flex_basis) == (0.0, 1.0, AUTO)


def test_font_shorthand_inherit() -> None:
    parent = {"font": "italic 700 30px/2 Geist"}
    s = style_of({"fontSize": 10, "font": "inherit"}, parent)
    assert (s.font_size, s.font_weight, s.font_style) == (30.0, 700, FontStyle.ITALIC)
    assert (s.line_height, s.font_family) == (Multiplier(2.0), ("Geist",))


@pytest.mark.parametrize("prop", sorted(PROPERTIES) + sorted(PARENT_RELATIVE))
@pytest.mark.parametrize("keyword", ["inherit", "initial", "unset"])
def test_every_property_takes_the_css_wide_keywords(prop: str, keyword: str) -> None:
    parent = {"padding": 3, "color": "red", "background": "url(a.png) no-repeat, #000"}
    inherited = style_of({prop: keyword}, parent)
    assert isinstance(inherited, ComputedStyle)


def test_every_field_a_property_names_exists() -> None:
    private = {"_bg_images", "_bg_sizes", "_bg_positions", "_bg_repeats"}
    private |= {"_overflow_x", "_overflow_y"}
    private |= {"_mask_images", "_mask_sizes", "_mask_positions", "_mask_repeats", "_mask_modes"}
    private |= {"_mask_origins", "_mask_clips"}
    known = set(ComputedStyle.__dataclass_fields__) | private
    for prop, spec in (PROPERTIES | PARENT_RELATIVE).items():
        assert set(spec.fields) <= known, prop


def test_revert_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedStyle, match="revert is not supported"):
        style_of({"margin": "revert"})


# --- overflow per axis ---


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        pytest.param({"overflowX": "hidden", "overflowY": "hidden"}, Overflow.HIDDEN, id="both"),
        pytest.param({"overflowX": "hidden"}, Overflow.HIDDEN, id="x-only"),
        pytest.param({"overflowY": "clip", "overflowX": "visible"}, Overflow.HIDDEN, id="mixed"),
        pytest.param({"overflowX": "visible", "overflowY": "visible"}, Overflow.VISIBLE, id="none"),
        pytest.param({"overflow": "hidden", "overflowY": "visible"}, Overflow.HIDDEN, id="after"),
        pytest.param(
            {"overflow": "hidden", "overflow-x": "visible", "overflow-y": "visible"},
            Overflow.VISIBLE,
            id="both-undone",
        ),
        pytest.param({"overflow": "hidden visible"}, Overflow.HIDDEN, id="two-values"),
    ],
)
def test_overflow_axes_clip_the_box_when_either_clips(
    css: dict[str, object], expected: Overflow
) -> None:
    assert style_of(css).overflow is expected


def test_bad_overflow_axis_names_the_property() -> None:
    with pytest.raises(UnsupportedStyle, match=r"overflowY: 'wrap'.*expected visible, hidden"):
        style_of({"overflowY": "wrap"})


# --- custom properties ---


def test_var_reads_an_inherited_custom_property() -> None:
    s = style_of(
        {"color": "var(--brand)", "padding": "var(--gap) 2px"}, {"--brand": "#7c3aed", "--gap": 8}
    )
    assert s.color == (124, 58, 237, 255)
    assert (s.padding_top, s.padding_right) == (8.0, 2.0)


def test_var_inside_functions_and_fallbacks() -> None:
    css = {
        "--from": "red",
        "backgroundImage": "linear-gradient(var(--from), var(--to, blue))",
        "color": "rgb(var(--r, 0) 128 0)",
    }
    s = style_of(css)
    (layer,) = s.background_layers
    assert isinstance(layer.image, LinearGradient)
    assert [stop.color for stop in layer.image.stops] == [(255, 0, 0, 255), (0, 0, 255, 255)]
    assert s.color == (0, 128, 0, 255)


def test_custom_property_names_are_case_sensitive_in_css_strings() -> None:
    s = style_of("--Brand: red; --brand: blue; color: var(--Brand)")
    assert s.color == (255, 0, 0, 255)


def test_custom_properties_resolve_where_they_are_defined() -> None:
    parent = {"--a": "1px", "--b": "var(--a)"}
    assert style_of({"--a": "2px", "width": "var(--b)"}, parent).width == 1.0
    assert style_of({"--a": "2px", "--b": "var(--a)", "width": "var(--b)"}, parent).width == 2.0


def test_custom_property_initial_removes_it() -> None:
    s = style_of({"--gap": "initial", "gap": "var(--gap, 3px)"}, {"--gap": 9})
    assert s.row_gap == 3.0


def test_undefined_variable_without_fallback_names_it() -> None:
    with pytest.raises(
        UnsupportedStyle, match=r"marginTop: 'var\(--space\)'.*var\(--space\) is not"
    ) as caught:
        style_of({"marginTop": "var(--space)"})
    assert caught.value.where == "div > div"


def test_cyclic_variables_are_reported() -> None:
    with pytest.raises(UnsupportedStyle, match=r"--a refers to itself \(--a -> --b -> --a\)"):
        style_of({"--a": "var(--b)", "--b": "var(--a)", "width": "var(--a)"})


def test_a_cycle_falls_back_when_the_var_has_a_fallback() -> None:
    assert style_of({"--a": "var(--a)", "width": "var(--a, 5px)"}).width == 5.0


def test_bad_value_after_var_shows_both_forms() -> None:
    with pytest.raises(UnsupportedStyle, match=r"width: 'var\(--w\)'.*replaced: '10furlongs'"):
        style_of({"--w": "10furlongs", "width": "var(--w)"})


def test_css_string_keeps_declaration_order() -> None:
    s = style_of("padding-top: 2px; padding: 10px; padding-top: 5px")
    assert (s.padding_top, s.padding_bottom) == (5.0, 10.0)


# --- messages for common mistakes ---


@pytest.mark.parametrize(
    ("css", "match"),
    [
        pytest.param({"display": "grid"}, "grid layout is not supported", id="grid"),
        pytest.param({"gridTemplateColumns": "1fr 1fr"}, "grid layout", id="grid-property"),
        pytest.param({"display": "table-cell"}, "table layout", id="table"),
        pytest.param({"float": "left"}, "floats are not supported", id="float"),
        pytest.param({"backgroundColour": "red"}, "did you mean background-color", id="typo"),
        pytest.param({"width": "calc(100% - 10px)"}, r"calc\(\) is not supported", id="calc"),
        pytest.param({"opacity": "calc(1 / 2)"}, r"calc\(\) is not supported", id="calc-num"),
        pytest.param(
            {"fontWeight": "semibold"},
            "normal, bold, bolder, lighter or a number",
            id="weight-word",
        ),
        pytest.param({"fontWeight": "600px"}, "a number from 1 to 1000", id="weight-unit"),
        pytest.param({"position": "fixed"}, "use absolute", id="fixed"),
        pytest.param({"zIndex": "top"}, "integer or auto", id="z-index-word"),
        pytest.param({"transform": "rotate(45)"}, "expected an angle", id="unitless-angle"),
        pytest.param("color: red; width 10px", "style: 'color: red; width 10px'", id="syntax"),
    ],
)
def test_common_mistakes_get_a_helpful_message(css: dict[str, object] | str, match: str) -> None:
    with pytest.raises(UnsupportedStyle, match=match) as caught:
        style_of(css)
    assert caught.value.where == "div > div"


def test_z_index_is_accepted_and_ignored() -> None:
    assert style_of({"zIndex": 10}) == style_of({}) == style_of({"zIndex": "auto"})


def test_custom_property_names_keep_their_case() -> None:
    assert property_name("--brandColor") == "--brandColor"


def test_img_that_cannot_be_loaded_keeps_its_size_and_no_source(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def failing(src: str | bytes) -> ImageSource:
        raise ImageSourceError(f"{src!r}: cannot read file")

    tree = h("div", {}, h("img", {"src": "/missing.png", "width": 40, "height": 30}))
    root = compute_tree(tree, canvas=CANVAS, load_image=failing)
    image = element_at(root, 0)
    assert image.source is None
    assert (image.style.width, image.style.height) == (40.0, 30.0)
    assert "image not drawn" in caplog.text
    assert "/missing.png" in caplog.text
