"""The house rules of `handler/`, read from the source with `ast`: no import cycle (module-level
and function-level imports alike), modules under 500 lines, renderer stages that import only the
contracts and the stages before them, and a runtime that never reaches the dev server.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "handler"
MAX_LINES = 500

STAGES = ("style", "text", "layout", "paint")
"""The renderer's stage folders, in the order data flows through them."""

CONTRACTS = frozenset(
    {"handler.exceptions", "handler.render.computed", "handler.render.nodes"}
    | {"handler.render.units", "handler.render.masking"}
    | {"handler.render.elements", "handler.render.html"}
    | {"handler.render.limits", "handler.render.cache"}
)
"""What every stage may import: the errors, the values passed between stages, the limits every
stage enforces and the one bounded cache they share."""


@dataclass(frozen=True, slots=True)
class Module:
    name: str
    path: Path


def _modules(package: Path = PACKAGE) -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        found[name] = Module(name, path)
    return found


def _imported(module: Module) -> Iterator[str]:
    """Every module name an `import` anywhere in `module` names (absolute or relative)."""
    is_package = module.path.name == "__init__.py"
    package = module.name.split(".") if is_package else module.name.split(".")[:-1]
    for node in ast.walk(ast.parse(module.path.read_text(), str(module.path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the modules of `package` it imports (a package's own parents left out)."""
    modules = _modules(package)
    return {
        name: {
            target
            for target in _imported(module)
            if target in modules and target != name and not name.startswith(target + ".")
        }
        for name, module in modules.items()
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle reachable by depth-first search, each as a closed path."""
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        for target in sorted(graph[name]):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target, [*path, target])
        done.add(name)

    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    return cycles


def _stage(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 3 and parts[:2] == ["handler", "render"] and parts[2] in STAGES:
        return parts[2]
    return None


def test_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import f\n")
    (package / "b.py").write_text("def f() -> None:\n    from pkg import a\n")
    assert find_cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.a"]]


def test_handler_has_no_import_cycle() -> None:
    assert find_cycles(import_graph()) == []


MODULES = sorted(_modules().values(), key=lambda m: m.name)


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_module_is_at_most_500_lines(module: Module) -> None:
    lines = len(module.path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{module.path.relative_to(ROOT)} has {lines} lines: split it"


def test_each_stage_imports_only_contracts_and_earlier_stages() -> None:
    wrong = []
    for name, targets in import_graph().items():
        stage = _stage(name)
        if stage is None:
            continue
        allowed = set(STAGES[: STAGES.index(stage) + 1])
        for target in targets:
            if _stage(target) in allowed or target in CONTRACTS:
                continue
            if target.startswith("handler.") or _stage(target) is not None:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    return seen


def test_the_lambda_entry_never_reaches_the_dev_server() -> None:
    reached = _reachable(import_graph(), "handler.lambda_entry")
    assert sorted(name for name in reached if name.startswith("handler.dev")) == []


def test_the_app_reads_only_the_asgi_scope() -> None:
    source = (PACKAGE / "app.py").read_text()
    assert "aws.event" not in source
    assert "requestContext" not in source
