"""Computed CSS values: what style.py produces and layout.py, text.py and paint.py consume.

Every field is resolved: inheritance applied, `em`/`rem` turned into px, `currentColor`
replaced by the colour, shorthands expanded. Only percentages stay relative (`Pct`), because
they depend on the box they land in, which layout decides. A plain `float` is always px.

The defaults are CSS initial values as Satori applies them: `display: flex`,
`box-sizing: border-box`, `flex-direction: row`, `align-items: stretch`, `flex-shrink: 1`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from handler.render.units import AUTO as AUTO
from handler.render.units import Auto as Auto
from handler.render.units import Length as Length
from handler.render.units import LengthOrAuto as LengthOrAuto
from handler.render.units import Pct as Pct
from handler.render.units import ReferenceBox

if TYPE_CHECKING:  # clip-path's value types load only where a design uses clip-path
    from handler.render.masking import ClipPath

RGBA = tuple[int, int, int, int]
"""A colour as straight (not premultiplied) 8-bit red, green, blue, alpha."""

TRANSPARENT: RGBA = (0, 0, 0, 0)
BLACK: RGBA = (0, 0, 0, 255)


class Display(Enum):
    FLEX = "flex"
    NONE = "none"
    CONTENTS = "contents"


class Position(Enum):
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


class FlexDirection(Enum):
    ROW = "row"
    ROW_REVERSE = "row-reverse"
    COLUMN = "column"
    COLUMN_REVERSE = "column-reverse"


class FlexWrap(Enum):
    NOWRAP = "nowrap"
    WRAP = "wrap"
    WRAP_REVERSE = "wrap-reverse"


class Align(Enum):
    """Values of align-items, align-self (AUTO only there) and align-content."""

    AUTO = "auto"
    STRETCH = "stretch"
    FLEX_START = "flex-start"
    FLEX_END = "flex-end"
    CENTER = "center"
    BASELINE = "baseline"
    SPACE_BETWEEN = "space-between"
    SPACE_AROUND = "space-around"
    SPACE_EVENLY = "space-evenly"


class Justify(Enum):
    FLEX_START = "flex-start"
    FLEX_END = "flex-end"
    CENTER = "center"
    SPACE_BETWEEN = "space-between"
    SPACE_AROUND = "space-around"
    SPACE_EVENLY = "space-evenly"


class BoxSizing(Enum):
    BORDER_BOX = "border-box"
    CONTENT_BOX = "content-box"


class Overflow(Enum):
    VISIBLE = "visible"
    HIDDEN = "hidden"


class BorderStyle(Enum):
    NONE = "none"
    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"
    DOUBLE = "double"  # text decorations only: borders refuse it


class FontStyle(Enum):
    NORMAL = "normal"
    ITALIC = "italic"


class TextAlign(Enum):
    START = "start"
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"
    END = "end"
    JUSTIFY = "justify"


class TextTransform(Enum):
    NONE = "none"
    UPPERCASE = "uppercase"
    LOWERCASE = "lowercase"
    CAPITALIZE = "capitalize"


class TextDecorationLine(Enum):
    UNDERLINE = "underline"
    LINE_THROUGH = "line-through"
    OVERLINE = "overline"


class WhiteSpace(Enum):
    NORMAL = "normal"
    NOWRAP = "nowrap"
    PRE = "pre"
    PRE_WRAP = "pre-wrap"
    PRE_LINE = "pre-line"


class WordBreak(Enum):
    NORMAL = "normal"
    BREAK_ALL = "break-all"
    KEEP_ALL = "keep-all"
    BREAK_WORD = "break-word"


class TextWrapMode(Enum):
    WRAP = "wrap"
    NOWRAP = "nowrap"


class TextWrapStyle(Enum):
    AUTO = "auto"
    BALANCE = "balance"
    PRETTY = "pretty"
    STABLE = "stable"


class TextOverflow(Enum):
    CLIP = "clip"
    ELLIPSIS = "ellipsis"


class ObjectFit(Enum):
    FILL = "fill"
    CONTAIN = "contain"
    COVER = "cover"
    NONE = "none"
    SCALE_DOWN = "scale-down"


class BackgroundClip(Enum):
    BORDER_BOX = "border-box"
    TEXT = "text"  # the background shows only through the glyphs of the element's text


class BackgroundRepeat(Enum):
    REPEAT = "repeat"
    NO_REPEAT = "no-repeat"
    REPEAT_X = "repeat-x"
    REPEAT_Y = "repeat-y"


@dataclass(frozen=True, slots=True)
class Multiplier:
    """A unitless line-height (`1.5`): inherited as the number, not as px."""

    value: float


@dataclass(frozen=True, slots=True)
class Shadow:
    """One box-shadow or text-shadow layer (text shadows have no spread and never inset)."""

    offset_x: float
    offset_y: float
    blur: float
    spread: float
    color: RGBA
    inset: bool = False


@dataclass(frozen=True, slots=True)
class ColorStop:
    """One gradient stop: its colour and position."""

    color: RGBA
    position: Length | None  # None: spread evenly between neighbours, as CSS does


@dataclass(frozen=True, slots=True)
class LinearGradient:
    """`linear-gradient()` and `repeating-linear-gradient()`."""

    angle: float  # degrees, CSS convention: 180 = "to bottom" (the default)
    stops: tuple[ColorStop, ...]
    repeating: bool = False
    to_corner: tuple[str, str] | None = None  # ("top", "right") for "to top right"


class RadialShape(Enum):
    ELLIPSE = "ellipse"
    CIRCLE = "circle"


@dataclass(frozen=True, slots=True)
class RadialGradient:
    """`radial-gradient()` and `repeating-radial-gradient()`."""

    shape: RadialShape
    size: str | tuple[Length, Length]  # "farthest-corner" (default), "closest-side", ... or radii
    center: tuple[Length, Length]  # default (Pct(50), Pct(50))
    stops: tuple[ColorStop, ...]
    repeating: bool = False


@dataclass(frozen=True, slots=True)
class UrlImage:
    """`url(...)` as a background or mask image."""

    url: str  # as written in url(...): data: URI, http(s) URL or file path


BackgroundImage = LinearGradient | RadialGradient | UrlImage


@dataclass(frozen=True, slots=True)
class BackgroundLayer:
    """One layer of `background`: its image, size, position and repeat."""

    image: BackgroundImage
    size: str | tuple[LengthOrAuto, LengthOrAuto] = (AUTO, AUTO)  # or "cover" / "contain"
    position: tuple[Length, Length] = (Pct(0.0), Pct(0.0))
    repeat: BackgroundRepeat = BackgroundRepeat.REPEAT


@dataclass(frozen=True, slots=True)
class Translate:
    """`translate()` (and translateX/Y): lengths, percentages of the box."""

    x: Length
    y: Length


@dataclass(frozen=True, slots=True)
class Rotate:
    """`rotate()`, clockwise."""

    degrees: float


@dataclass(frozen=True, slots=True)
class Scale:
    """`scale()` (and scaleX/Y)."""

    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Skew:
    """`skew()` (and skewX/Y)."""

    x_degrees: float
    y_degrees: float


Transform = Translate | Rotate | Scale | Skew


@dataclass(frozen=True, slots=True)
class Blur:
    """`blur()` in `filter` or `backdrop-filter`: a Gaussian of `radius` px."""

    radius: float


@dataclass(frozen=True, slots=True)
class ColorFilter:
    """A filter function on each pixel's colour: `brightness`, `contrast`, `grayscale`,
    `hue-rotate` (amount in degrees), `invert`, `opacity`, `saturate` or `sepia` (amounts
    as fractions: `50%` is 0.5)."""

    name: str
    amount: float


Filter = Blur | ColorFilter

CornerShapes = tuple[float, float, float, float]
"""corner-shape as superellipse parameters (round 1, squircle 2, bevel 0, scoop -1, square
inf, notch -inf) of the top-left, top-right, bottom-right and bottom-left corners."""

ROUND_CORNERS: CornerShapes = (1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Radius:
    """One corner of border-radius: horizontal and vertical radii."""

    x: Length = 0.0
    y: Length = 0.0


class MaskMode(Enum):
    ALPHA = "alpha"
    LUMINANCE = "luminance"


@dataclass(frozen=True, slots=True)
class MaskLayer:
    """One mask-image layer: sized, positioned and repeated as a background is, over its
    `origin` box, and painted within its `clip` box (None: `no-clip`, anywhere)."""

    layer: BackgroundLayer
    mode: MaskMode = MaskMode.ALPHA
    origin: ReferenceBox = ReferenceBox.BORDER_BOX
    clip: ReferenceBox | None = ReferenceBox.BORDER_BOX


@dataclass(frozen=True, slots=True)
class ComputedStyle:
    """An element's computed style: every property the renderer reads, resolved, with CSS's
    initial values as defaults (inherited ones are copied down by the style stage)."""

    # --- box and flex layout (not inherited) ---
    display: Display = Display.FLEX
    position: Position = Position.RELATIVE
    top: LengthOrAuto = AUTO
    right: LengthOrAuto = AUTO
    bottom: LengthOrAuto = AUTO
    left: LengthOrAuto = AUTO
    width: LengthOrAuto = AUTO
    height: LengthOrAuto = AUTO
    min_width: LengthOrAuto = AUTO
    min_height: LengthOrAuto = AUTO
    max_width: Length | None = None
    max_height: Length | None = None
    aspect_ratio: float | None = None
    flex_direction: FlexDirection = FlexDirection.ROW
    flex_wrap: FlexWrap = FlexWrap.NOWRAP
    flex_grow: float = 0.0
    flex_shrink: float = 1.0
    flex_basis: LengthOrAuto = AUTO
    align_items: Align = Align.STRETCH
    align_self: Align = Align.AUTO
    align_content: Align = Align.FLEX_START  # Satori's (Yoga's auto): lines packed at the start
    justify_content: Justify = Justify.FLEX_START
    row_gap: Length = 0.0
    column_gap: Length = 0.0
    margin_top: LengthOrAuto = 0.0
    margin_right: LengthOrAuto = 0.0
    margin_bottom: LengthOrAuto = 0.0
    margin_left: LengthOrAuto = 0.0
    padding_top: Length = 0.0
    padding_right: Length = 0.0
    padding_bottom: Length = 0.0
    padding_left: Length = 0.0
    border_top_width: float = 0.0
    border_right_width: float = 0.0
    border_bottom_width: float = 0.0
    border_left_width: float = 0.0
    box_sizing: BoxSizing = BoxSizing.BORDER_BOX
    overflow: Overflow = Overflow.VISIBLE

    # --- paint (not inherited) ---
    # Satori's: a border given a width and no style is solid (CSS's initial style is none)
    border_top_style: BorderStyle = BorderStyle.SOLID
    border_right_style: BorderStyle = BorderStyle.SOLID
    border_bottom_style: BorderStyle = BorderStyle.SOLID
    border_left_style: BorderStyle = BorderStyle.SOLID
    border_top_color: RGBA = BLACK
    border_right_color: RGBA = BLACK
    border_bottom_color: RGBA = BLACK
    border_left_color: RGBA = BLACK
    border_top_left_radius: Radius = field(default_factory=Radius)
    border_top_right_radius: Radius = field(default_factory=Radius)
    border_bottom_right_radius: Radius = field(default_factory=Radius)
    border_bottom_left_radius: Radius = field(default_factory=Radius)
    corner_shape: CornerShapes = ROUND_CORNERS
    background_color: RGBA = TRANSPARENT
    background_layers: tuple[BackgroundLayer, ...] = ()  # first is painted on top, as in CSS
    background_clip: BackgroundClip = BackgroundClip.BORDER_BOX
    box_shadow: tuple[Shadow, ...] = ()
    opacity: float = 1.0
    transform: tuple[Transform, ...] = ()
    transform_origin: tuple[Length, Length] = (Pct(50.0), Pct(50.0))
    object_fit: ObjectFit = ObjectFit.FILL
    object_position: tuple[Length, Length] = (Pct(50.0), Pct(50.0))
    filter: tuple[Filter, ...] = ()
    backdrop_filter: tuple[Filter, ...] = ()
    clip_path: ClipPath | None = None
    mask_layers: tuple[MaskLayer, ...] = ()  # first is on top, as in CSS
    text_decoration_line: frozenset[TextDecorationLine] = frozenset()
    text_decoration_color: RGBA | None = None  # None: the text colour
    text_decoration_style: BorderStyle = BorderStyle.SOLID
    text_overflow: TextOverflow = TextOverflow.CLIP
    line_clamp: int | None = None  # only with display: block or -webkit-box, as in Satori
    line_clamp_ellipsis: str = "\u2026"  # what ends the last clamped line

    # --- text (inherited) ---
    font_family: tuple[str, ...] = ()  # empty: the default family (Geist)
    font_size: float = 16.0
    font_weight: int = 400
    font_style: FontStyle = FontStyle.NORMAL
    color: RGBA = BLACK
    line_height: float | Multiplier | None = None  # float = px; None = "normal"
    letter_spacing: float = 0.0
    text_indent: Length = 0.0  # the first line's indent; % of the width the text is laid out in
    tab_size: float | Multiplier = Multiplier(8.0)  # Multiplier: spaces; float: px
    font_feature_settings: tuple[str, ...] = ()  # HarfBuzz features: "smcp", "-liga", "salt=2"
    text_align: TextAlign = TextAlign.START
    text_transform: TextTransform = TextTransform.NONE
    text_shadow: tuple[Shadow, ...] = ()
    white_space: WhiteSpace = WhiteSpace.NORMAL
    word_break: WordBreak = WordBreak.NORMAL
    text_wrap_mode: TextWrapMode = TextWrapMode.WRAP  # nowrap: no soft wraps, whatever white-space
    text_wrap_style: TextWrapStyle = TextWrapStyle.AUTO
    text_stroke_width: float = 0.0  # -webkit-text-stroke, px, centred on the glyph outlines
    text_stroke_color: RGBA | None = None  # None: the text colour (currentColor)
    text_decoration_skip_ink: bool = True  # auto: underlines break around descenders
    text_fill_color: RGBA | None = None  # -webkit-text-fill-color; None: the text colour


INITIAL = ComputedStyle()

INHERITED_FIELDS: tuple[str, ...] = (
    "font_family",
    "font_size",
    "font_weight",
    "font_style",
    "color",
    "line_height",
    "letter_spacing",
    "text_indent",
    "tab_size",
    "font_feature_settings",
    "text_align",
    "text_transform",
    "text_shadow",
    "white_space",
    "word_break",
    "text_wrap_mode",
    "text_wrap_style",
    "text_stroke_width",
    "text_stroke_color",
    "text_decoration_skip_ink",
    "text_fill_color",
)
"""Fields a child takes from its parent unless it sets them itself (CSS inheritance)."""
