"""Lengths as computed values hold them: px floats, percentages still relative, and `auto`;
and the boxes (border, padding, content) that percentages and shapes resolve against.

    Pct(50.0)    50%
    12.0         12px
    AUTO         auto

A root contract of its own so that the value modules (computed.py, masking.py) share it
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Auto(Enum):
    AUTO = "auto"


AUTO = Auto.AUTO


@dataclass(frozen=True, slots=True)
class Pct:
    """A percentage: `Pct(50.0)` is `50%`."""

    value: float


Length = float | Pct
"""px (a float) or a percentage of the containing box."""

LengthOrAuto = float | Pct | Auto


class ReferenceBox(Enum):
    """The box a clip-path shape or a mask layer is resolved against (`padding-box`...)."""

    BORDER_BOX = "border-box"
    PADDING_BOX = "padding-box"
    CONTENT_BOX = "content-box"
