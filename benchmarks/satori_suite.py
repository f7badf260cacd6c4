"""Satori's suite as data (`../shared/satori-suite`): its cases, as Segmint renders and scores them.

A case is one Satori test: options (`width`, `height`, `fonts`, ...), a React-like element tree
and a reference PNG. `element_tree` turns the tree into Segmint elements with the public `h`;
`render_case` draws it with the case's fonts; `score` composites both pictures on white, brings
ours to the snapshot's size and grades it with the suite's own `metrics.py`, imported from the
suite folder at run time (`load_metrics`), never copied here.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from PIL import Image

from benchmarks.imagediff import flatten
from handler import Element, FontSpec, h
from handler.render.pipeline import render_image

EDGE_F1_MIN = 0.85
BLUR_MAE_MAX = 4.0


class SuiteError(ValueError):
    """The suite folder or one of its cases is not as its README describes (names what, where)."""


class Metrics(Protocol):
    """The two scores of the suite's `metrics.py`, on two same-size RGB pictures."""

    def edge_f1(self, a: Image.Image, b: Image.Image) -> float: ...

    def blur_mae(self, a: Image.Image, b: Image.Image) -> float: ...


@dataclass(frozen=True, slots=True)
class Case:
    """One Satori test as the suite stores it; `name` (the snapshot's stem) identifies it."""

    name: str
    file: str
    test: str
    options: Mapping[str, Any]
    tree: Sequence[Any]
    snapshot: Path


@dataclass(frozen=True, slots=True)
class Score:
    """How close our picture is to Satori's, and whether that passes the suite's bar."""

    edge_f1: float
    blur_mae: float

    @property
    def passed(self) -> bool:
        return self.edge_f1 >= EDGE_F1_MIN and self.blur_mae <= BLUR_MAE_MAX


def load_cases(suite: Path) -> list[Case]:
    """Every case of `suite/cases.json`, in the file's order."""
    path = suite / "cases.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SuiteError(f"no Satori suite at {suite}: {path} is missing") from exc
    cases = []
    for index, raw in enumerate(data["cases"]):
        if not isinstance(raw["tree"], list):
            raise SuiteError(f"case {index} ({raw['test']!r}): 'tree' must be a list of nodes")
        cases.append(
            Case(
                name=snapshot_name(raw["snapshot"]),
                file=raw["file"],
                test=raw["test"],
                options=raw["options"],
                tree=raw["tree"],
                snapshot=suite / "snapshots" / raw["snapshot"],
            )
        )
    return cases


def snapshot_name(filename: str) -> str:
    """A case's short, stable name from its snapshot file name.

    >>> snapshot_name("gap-test-tsx-test-gap-test-tsx-gap-should-work-2-snap.png")
    'gap-should-work-2'
    """
    stem = re.sub(r"-snap\.png$", "", filename)
    match = re.match(r"(?P<file>.+?)-test-tsx-test-(?P=file)-test-tsx-(?P<rest>.+)$", stem)
    return match.group("file") + "-" + match.group("rest") if match else stem


def load_metrics(suite: Path) -> Metrics:
    """The suite's own `metrics.py`, imported from the suite folder (it needs numpy and scipy)."""
    path = suite / "metrics.py"
    spec = importlib.util.spec_from_file_location("satori_suite_metrics", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise SuiteError(f"no metrics module at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("edge_f1", "blur_mae"):
        if not callable(getattr(module, name, None)):
            raise SuiteError(f"{path} has no function {name}()")
    return cast(Metrics, module)


def element_tree(nodes: Sequence[Any]) -> Element:
    """The case's root element: the tree's one node, built with `h` (text nodes stay str)."""
    if len(nodes) != 1 or not isinstance(nodes[0], Mapping):
        raise SuiteError(f"a case tree must be one element node, got {len(nodes)} node(s)")
    root = to_node(nodes[0])
    assert isinstance(root, Element)
    return root


def to_node(node: Any) -> Element | str:
    """One JSON node -> an Element or a text: `{"type", "props", "children"}` or a str."""
    if isinstance(node, str):
        return node
    if not isinstance(node, Mapping) or not isinstance(node.get("type"), str):
        raise SuiteError(f"a node must be a str or an object with a 'type', got {node!r:.80}")
    props = dict(node.get("props") or {})
    src = props.get("src")
    if isinstance(src, Mapping) and "__fetch_error__" in src:
        # the export's mark for a URL the test's fetch failed on: hand over the URL itself
        props["src"] = str(src.get("url") or "")
    children = [to_node(child) for child in node.get("children") or ()]
    return h(node["type"], props, *children)


def font_specs(case: Case, assets: Path) -> list[FontSpec]:
    """The case's `options.fonts` (then its `additionalFonts`, the fallback fonts its
    `loadAdditionalAsset` hands Satori) as `ImageResponse(fonts=...)` takes them, in order."""
    specs: list[FontSpec] = []
    # `additionalFonts`: what the test's loadAdditionalAsset hands Satori for missing glyphs
    for font in [*(case.options.get("fonts") or ()), *(case.options.get("additionalFonts") or ())]:
        path = assets / font["file"]
        if not path.is_file():
            raise SuiteError(f"case {case.name}: font file {path} is missing")
        specs.append(
            {
                "name": font["name"],
                "path": path,
                "weight": font.get("weight", 400),
                "style": font.get("style", "normal"),
            }
        )
    return specs


def canvas_size(case: Case) -> tuple[int | None, int | None]:
    """`options.width` x `options.height`; a missing one (None) is sized from the content."""
    width, height = case.options.get("width"), case.options.get("height")
    for name, value in (("width", width), ("height", height)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise SuiteError(f"case {case.name}: options.{name} must be an int, got {value!r}")
    return width, height


def render_case(case: Case, assets: Path) -> Image.Image:
    """Segmint's picture of the case (RGBA, at the options' size)."""
    width, height = canvas_size(case)
    return render_image(
        element_tree(case.tree),
        width=width,
        height=height,
        fonts=font_specs(case, assets),
        debug=bool(case.options.get("debug", False)),
    )


def comparable(ours: Image.Image, theirs: Image.Image) -> tuple[Image.Image, Image.Image]:
    """Both pictures on white, as RGB, ours scaled to the snapshot's size when they differ.

    The snapshots are rasterised fit-to-width, a few at another width than the options'.
    Bilinear (Pillow widens its support when shrinking) comes closest to resvg drawing the
    same vectors at that size: no ringing at edges, smooth when it enlarges an image.
    """
    flat_ours, flat_theirs = flatten(ours), flatten(theirs)
    if flat_ours.size != flat_theirs.size:
        flat_ours = fit_to_width(flat_ours, flat_theirs.size)
    return flat_ours, flat_theirs


def fit_to_width(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` (RGB on white) as resvg fits it to `size`'s width: one scale for both axes,
    centred in the whole rows resvg rounds the height up to, white in the part rows.

    300x100 fitted to 100 wide is 33.3 rows drawn in 34, a third of a row white at each end;
    stretching it to 34 rows instead would shift the bottom edges by a row.
    """
    width, height = size
    scale = width / image.width
    pad = (height / scale - image.height) / 2  # in our pixels, each side
    whole = max(0, math.ceil(pad))
    if whole:
        padded = Image.new("RGB", (image.width, image.height + 2 * whole), (255, 255, 255))
        padded.paste(image, (0, whole))
        image = padded
    top = whole - pad
    box = (0.0, top, float(image.width), top + height / scale)
    return image.resize(size, Image.Resampling.BILINEAR, box=box)


def score(metrics: Metrics, ours: Image.Image, theirs: Image.Image) -> Score:
    """Our picture graded against Satori's with the suite's metrics (Satori's is the reference)."""
    a, b = comparable(ours, theirs)
    return Score(float(metrics.edge_f1(b, a)), float(metrics.blur_mae(b, a)))
