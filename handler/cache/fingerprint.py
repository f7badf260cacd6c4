"""A segment's source fingerprint: its file, the project modules it imports and the files
they name, hashed together so that an edit to any of them makes new cache keys.

The renderer is not walked: `handler/` is left out here and covered by the renderer's own
fingerprint in the key.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from handler.paths import relative

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".ttc")
ASSET_SUFFIXES = (
    *FONT_SUFFIXES,
    *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"),
    *(".json", ".csv", ".txt", ".html"),
)
"""Files a segment or helper names in a string literal (a font, a logo, a data file) count
towards its fingerprint: a new logo must not be served from the old cached images."""
_HANDLER_DIR = Path(__file__).resolve().parent.parent


def source_fingerprint(path: Path, project_root: Path) -> str:
    """sha256 over a segment file, the project modules it imports (transitively, relative
    imports inside project packages too) and the font, image and data files their string
    literals name.

    Modules count when they live under `project_root` and outside site-packages and the
    `handler` package (the renderer is covered by its own fingerprint).
    """
    return files_fingerprint(dependencies(path, project_root), project_root)


def files_fingerprint(files: Iterable[Path], project_root: Path) -> str:
    """sha256 over `files` (names relative to `project_root`, and bytes), in name order."""
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(relative(file, project_root).encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def dependencies(path: Path, project_root: Path) -> set[Path]:
    """The file itself, the project modules it imports transitively, and the assets they name."""
    root = project_root.resolve()
    found: set[Path] = set()
    pending = [path.resolve()]
    while pending:
        file = pending.pop()
        if file in found:
            continue
        found.add(file)
        if file.suffix != ".py":
            continue
        try:
            tree = ast.parse(file.read_bytes(), filename=str(file))
        except (SyntaxError, ValueError):
            continue
        for name in _imported_names(tree, file, root):
            origin = _origin(name)
            if origin is not None and _is_project_file(origin, root):
                pending.append(origin)
        pending.extend(f for f in _relative_imports(tree, file) if _is_project_file(f, root))
        pending.extend(_asset_files(tree, file.parent, root))
    return found


def _imported_names(tree: ast.AST, file: Path, root: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _relative_imports(tree: ast.AST, file: Path) -> list[Path]:
    """The files `from .x import y` (level >= 1) may load, found by path: `find_spec` cannot
    resolve a relative name without importing the package.

    `from ..a.b import c` in `p/q/m.py` gives `p/__init__.py`, `p/a/__init__.py`,
    `p/a/b/__init__.py`, `p/a/b.py`, `p/a/b/c.py` and `p/a/b/c/__init__.py`, those that exist.
    """
    found: list[Path] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = file.parent
        for _ in range(node.level - 1):
            base = base.parent
        target, folders = base, [base]
        for name in node.module.split(".") if node.module else []:
            target = target / name
            folders.append(target)
        candidates = [folder / "__init__.py" for folder in folders]
        if node.module:
            candidates.append(target.parent / f"{target.name}.py")
        for alias in node.names:
            candidates += [target / f"{alias.name}.py", target / alias.name / "__init__.py"]
        found.extend(c.resolve() for c in candidates if c.is_file())
    return found


def _origin(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        return None
    if spec is None or not spec.origin or not spec.has_location:
        return None
    return Path(spec.origin).resolve()


def _is_project_file(file: Path, root: Path) -> bool:
    if not file.is_relative_to(root) or file.is_relative_to(_HANDLER_DIR):
        return False
    outside = {sys.prefix, sys.base_prefix, sysconfig.get_paths()["purelib"]}
    return not any(file.is_relative_to(Path(p).resolve()) for p in outside)


def _asset_files(tree: ast.AST, folder: Path, root: Path) -> list[Path]:
    fonts: list[Path] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if len(text) < 300 and text.lower().endswith(ASSET_SUFFIXES):
                for base in (folder, root):
                    candidate = (base / text).resolve()
                    if candidate.is_file() and candidate.is_relative_to(root):
                        fonts.append(candidate)
                        break
    return fonts
