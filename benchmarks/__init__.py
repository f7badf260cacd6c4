"""Segmint's benchmarks: speed and memory against @vercel/og, fidelity against Satori, a soak.

`python -m benchmarks` (make bench) times both sides; `python -m benchmarks.fidelity` compares
pictures; `python -m benchmarks.soak [N]` watches RSS over many renders. Scratch output (the npm
install, static fonts, PNGs) lives in benchmarks/.scratch/, which git ignores.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
SCRATCH = ROOT / ".scratch"
DESIGNS = ROOT / "designs"
NODE_SRC = ROOT / "node"
