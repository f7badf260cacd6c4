"""Stage 3, layout: styled nodes -> positioned boxes through a flexbox engine. No Pillow here.

`engine.py` is the contract an engine meets, `yoga_engine.py` the one we ship (Satori's own
Yoga), and `layout.py` turns the styled tree into the engine's nodes and back into `Box`es.
"""
