"""A shared icon design: a rounded dark tile with a label sized to the tile."""

from __future__ import annotations

from handler import Element, h


def icon_tile(label: str, width: int, background: str = "#111") -> Element:
    """A label on a tile; the font size follows the tile width so it reads at 32-72 px."""
    font_size = max(8, round(width * 0.5 / max(1, len(label)) * 1.6))
    return h(
        "div",
        {
            "style": {
                "width": "100%",
                "height": "100%",
                "display": "flex",
                "alignItems": "center",
                "justifyContent": "center",
                "background": background,
                "borderRadius": round(width * 0.2),
                "color": "#fafafa",
                "fontSize": font_size,
                "fontWeight": 700,
            }
        },
        label,
    )
