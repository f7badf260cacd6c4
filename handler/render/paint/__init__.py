"""Stage 4, paint: boxes -> pixels. The only stage that draws.

`paint.py` walks the boxes in document order onto a `surface.py`; each kind of ink has its module
(backgrounds, gradients, borders, shadows, glyphs, images) and `shapes.py` the geometry
(corner radii, pixel regions, anti-aliased masks) they share.
"""
