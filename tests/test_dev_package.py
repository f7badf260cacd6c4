"""handler/dev/ stays out of the runtime: a cold start loads none of it, nothing else imports it.

handler/testing/ (the public test client, which starts moto) is for tests only, as dev/ is for
`make serve`: the runtime loads neither."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.processes import run_bounded

ROOT = Path(__file__).resolve().parent.parent
HANDLER = ROOT / "handler"
DEV_ONLY = ("handler.dev", "handler.testing", "uvicorn", "rich", "moto")


def _dev_only(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in DEV_ONLY)


@pytest.mark.parametrize(
    "module",
    [
        pytest.param("handler.lambda_entry", id="lambda-entry"),
        pytest.param("handler.__main__", id="cli"),
        pytest.param("handler.cli.prerender", id="prerender"),
    ],
)
@pytest.mark.timeout(180)
def test_importing_loads_no_dev_only_module(module: str) -> None:
    # A fresh interpreter: this one has imported handler.dev for the other tests.
    shown = run_bounded(
        [sys.executable, "-c", f"import sys, {module}; print(*sys.modules, sep='\\n')"],
        cwd=ROOT,
        timeout=120,
    )
    loaded = shown.stdout.split()
    assert module in loaded
    assert [name for name in loaded if _dev_only(name)] == []


def _imports_of_dev(path: Path) -> list[tuple[int, bool]]:
    """(line, at module level) of each import of handler.dev in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(_dev_only(name) for name in names):
            found.append((node.lineno, id(node) in top))
    return found


def test_only_the_serve_command_imports_handler_dev() -> None:
    outside = [
        p
        for p in HANDLER.rglob("*.py")
        if not p.is_relative_to(HANDLER / "dev") and not p.is_relative_to(HANDLER / "testing")
    ]
    importing = {
        p.relative_to(ROOT).as_posix(): found for p in outside if (found := _imports_of_dev(p))
    }
    # Inside a function: `serve` imports handler.dev, prerender's progress bar (on a terminal
    # only) imports rich; the other commands, and the zip, go without any of it.
    assert sorted(importing) == ["handler/cli/prerender.py", "handler/cli/serve.py"]
    assert [at_top for _, at_top in importing["handler/cli/serve.py"]] == [False]
    assert [at_top for _, at_top in importing["handler/cli/prerender.py"]] == [False]
    source = (HANDLER / "cli" / "prerender.py").read_text(encoding="utf-8")
    assert "handler.dev" not in source
