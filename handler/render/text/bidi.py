"""Bidirectional text: embedding levels and visual order for one line (UBA, implicit rules).

A line is a list of grapheme clusters; each cluster takes the bidi class of its first
character. The rules are the Unicode Bidirectional Algorithm's for a paragraph without
explicit embeddings (W1-W7, N1-N2, I1-I2, L1 for trailing white space, L2 to reorder):

    >>> bidi_levels(list("Price 5 (אב)"), rtl=False)
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0]

The digit after Latin text stays Latin (W7), so the parenthesis after it is not pulled into
the Hebrew run; digits after Hebrew sit two levels up, read left to right inside it.
"""

from __future__ import annotations

import unicodedata

from handler.render.text.emoji import clusters

_STRONG_RTL = frozenset({"R", "AL"})
_NUMBERS = frozenset({"EN", "AN"})
_TRAILING = frozenset({"WS", "S", "B", "BN", "FSI", "LRI", "RLI", "PDI"})
_PAIRS = "()<>[]{}\u00ab\u00bb\u2039\u203a\u2264\u2265\u27e8\u27e9\u3008\u3009\u300a\u300b"
_MIRRORS = str.maketrans(_PAIRS[0::2] + _PAIRS[1::2], _PAIRS[1::2] + _PAIRS[0::2])


def is_rtl(text: str) -> bool:
    """Whether the paragraph's base direction is right-to-left (its first strong character)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in _STRONG_RTL:
            return True
    return False


def _classes(parts: list[str], edge: str) -> list[str]:
    """Bidi classes after the weak rules W1-W7 (explicit formatting codes count as neutral);
    `edge` is the class before the line's start ("L" or "R", the base direction)."""
    kinds = [unicodedata.bidirectional(p[0]) or "L" for p in parts]
    return _weak(kinds, edge)


def _weak(kinds: list[str], edge: str) -> list[str]:
    out = list(kinds)
    previous = ""
    for i, kind in enumerate(out):  # W1: a non-spacing mark takes the class before it
        if kind == "NSM":
            out[i] = previous or "ON"
        previous = out[i]
    strong = ""
    for i, kind in enumerate(out):  # W2, W3: numbers after Arabic letters are Arabic numbers
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            out[i] = "AN"
    out = ["R" if k == "AL" else k for k in out]
    for i in range(1, len(out) - 1):  # W4: one separator between two numbers of a kind
        before, kind, after = out[i - 1], out[i], out[i + 1]
        if before == after == "EN" and kind in ("ES", "CS"):
            out[i] = "EN"
        elif before == after == "AN" and kind == "CS":
            out[i] = "AN"
    _terminators(out)
    out = ["ON" if k in ("ES", "ET", "CS") else k for k in out]  # W6
    strong = edge
    for i, kind in enumerate(out):  # W7: numbers in Latin context are Latin
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            out[i] = "L"
    return out


def _terminators(out: list[str]) -> None:
    """W5: a run of terminators (%, currency signs) next to a European number joins it."""
    i = 0
    while i < len(out):
        if out[i] != "ET":
            i += 1
            continue
        j = i
        while j < len(out) and out[j] == "ET":
            j += 1
        if (i > 0 and out[i - 1] == "EN") or (j < len(out) and out[j] == "EN"):
            out[i:j] = ["EN"] * (j - i)
        i = j


def bidi_levels(parts: list[str], rtl: bool) -> list[int]:
    """Embedding levels of a line's clusters (0 = left to right, odd = right to left)."""
    base = 1 if rtl else 0
    edge = "R" if rtl else "L"
    kinds = _classes(parts, edge)
    strong = ["R" if k in _NUMBERS else k if k in ("L", "R") else "" for k in kinds]
    resolved = list(strong)
    i = 0
    while i < len(kinds):  # N1, N2: neutrals between two equal directions take it
        if strong[i]:
            i += 1
            continue
        j = i
        while j < len(kinds) and not strong[j]:
            j += 1
        before = strong[i - 1] if i > 0 else edge
        after = strong[j] if j < len(kinds) else edge
        resolved[i:j] = [before if before == after else edge] * (j - i)
        i = j
    levels = [
        _implicit(base, kind, direction) for kind, direction in zip(kinds, resolved, strict=True)
    ]
    for k in range(len(parts) - 1, -1, -1):  # L1: white space at the line's end
        if unicodedata.bidirectional(parts[k][0]) not in _TRAILING:
            break
        levels[k] = base
    return levels


def _implicit(base: int, kind: str, direction: str) -> int:
    """I1, I2: the level of a cluster of class `kind` resolved to `direction` ("L" or "R")."""
    if kind in _NUMBERS:
        return base + 1 if base % 2 else base + 2
    if base % 2:
        return base + 1 if direction == "L" else base
    return base + 1 if direction == "R" else base


def drawn_text(text: str, level: int) -> str:
    """`text` of a run at `level` as handed to the shaper (rules L2 and L4 for neutrals).

    A right-to-left run without a strong right-to-left letter (" (" between Hebrew and Latin)
    looks left-to-right to the shaper, so it is reversed and its brackets swapped here; a run
    with a Hebrew or Arabic letter is shaped right-to-left, reordered and mirrored by the
    shaper itself.

    >>> drawn_text(" (", 1), drawn_text("(abc", 2), drawn_text("(אב)", 1)
    (') ', '(abc', '(אב)')
    """
    if level % 2 == 0 or any(unicodedata.bidirectional(ch) in _STRONG_RTL for ch in text):
        return text
    return "".join(reversed(clusters(text))).translate(_MIRRORS)


def visual_order[T](items: list[T], levels: list[int]) -> list[T]:
    """Reverse runs from the highest level down to the lowest odd level (UBA rule L2)."""
    order = list(range(len(items)))
    lv = list(levels)
    if not lv:
        return []
    odd = min((v for v in lv if v % 2), default=None)
    if odd is None:
        return list(items)
    for level in range(max(lv), odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[i] >= level:
                j = i
                while j < len(order) and lv[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return [items[k] for k in order]
