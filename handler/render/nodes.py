"""The data passed between the renderer's stages.

    elements.Element --style.compute_tree--> StyledElement
    StyledElement    --layout.layout-------> Box (absolute positions, text broken into lines)
    Box              --paint.paint---------> PIL image
    PIL image        --encode.encode-------> bytes

Each stage reads the previous stage's output only; none reaches back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageFont

from handler.render.computed import ComputedStyle


@dataclass(frozen=True, slots=True)
class ImageSource:
    """A decoded `<img>` (or `<svg>`) ready to paint: RGBA pixels and intrinsic size in px."""

    image: Image.Image
    width: float
    height: float
    svg: bytes | None = None  # the SVG text, so paint can rasterise at the drawn size


@dataclass(frozen=True, slots=True)
class StyledText:
    """A run of text inside an element; its style is the parent element's computed style."""

    text: str
    style: ComputedStyle


@dataclass(frozen=True, slots=True)
class StyledElement:
    """An element with its computed style, its children and where it sits in the tree."""

    tag: str
    style: ComputedStyle
    children: tuple[StyledNode, ...]
    where: str  # where the element sits, for error messages: "div > div[2] > span"
    source: ImageSource | None = None  # for img / svg


StyledNode = StyledElement | StyledText


@dataclass(frozen=True, slots=True)
class Edges:
    """Four px widths: margin, border or padding, top right bottom left."""

    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    left: float = 0.0


@dataclass(frozen=True, slots=True, eq=False)
class GlyphRun:
    """Text drawn with one font: a piece of a line. Emoji runs have `emoji` set instead."""

    text: str
    x: float  # from the line's left edge, px
    width: float
    font: ImageFont.FreeTypeFont | None  # None for an emoji run
    emoji: str | None = None  # the emoji cluster, when this run is one emoji
    features: tuple[str, ...] = ()  # OpenType features to shape it with (font-feature-settings)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One laid-out line of a text box: its glyph runs and its line box."""

    runs: tuple[GlyphRun, ...]
    x: float  # offset of the line inside the text box (text-align applied)
    y: float  # top of the line box inside the text box
    width: float
    height: float  # the line box height (line-height)
    baseline: float  # from the top of the line box to the alphabetic baseline


@dataclass(frozen=True, slots=True)
class TextLayout:
    """A text box's lines and the size they take."""

    lines: tuple[TextLine, ...]
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Box:
    """One laid-out node: position and size in canvas px (border box, before transforms)."""

    node: StyledNode
    x: float
    y: float
    width: float
    height: float
    border: Edges
    padding: Edges
    children: tuple[Box, ...] = ()
    text: TextLayout | None = None  # set on boxes of StyledText nodes

    @property
    def style(self) -> ComputedStyle:
        return self.node.style
