"""Stage 2, text: fonts, shaping and measuring, line breaking, bidi and emoji.

Layout asks this stage how wide a run is and where lines break (`text.py`); paint later draws the
glyph runs it produced. Fonts are loaded once per process (`fonts.py`, `sfnt.py`).
"""
