"""Stage 1, style: an element tree -> a tree of frozen `ComputedStyle`s (`StyledNode`s).

`style.py` runs the cascade over the inline React-style objects; one parser per CSS family
(`props_*.py`, gathered by `properties.py`) reads the values with `css_values.py` and
`colors.py`; `custom_properties.py` resolves `var()`, `presets.py` holds the tags' default
styles and `svg_markup.py` serialises inline `<svg>` for the rasteriser.
"""
