"""CSS custom properties (`--brand: #7c3aed`) and `var(--brand, fallback)`, as Satori has them.

Custom properties are inherited. As in CSS, a `var()` inside a custom property is resolved on
the element that defines it, so a child redefining `--a` does not change an inherited
`--b: var(--a)`. A definition that refers to itself (directly or through others) or to an
undefined variable without a fallback is invalid; using it, or an undefined variable, takes
the `var()`'s fallback, and with none raises `VarProblem` naming the variable.

    define((("--gap", "8px"), ("--pad", "var(--gap) 4px")), ())
        -> (("--gap", "8px"), ("--pad", "8px 4px"))
    substitute("var(--pad) var(--missing, 2px)", that) -> "8px 4px 2px"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import tinycss2
from tinycss2.ast import FunctionBlock, IdentToken, LiteralToken, Node, ParenthesesBlock


class VarProblem(ValueError):
    """A `var()` that cannot be resolved; the message names the variable, `root` the cause."""

    def __init__(self, message: str, root: str | None = None) -> None:
        super().__init__(message)
        self.root = root or message


@dataclass(frozen=True, slots=True)
class Invalid:
    """A custom property whose value could not be resolved, and why."""

    reason: str


Variables = tuple[tuple[str, str | Invalid], ...]
"""An element's custom properties, its own and inherited (hashable: styles are memoised)."""

Lookup = Callable[[str], str | Invalid | None]


def is_custom(name: str) -> bool:
    return name.startswith("--")


def substitute(value: str, variables: Variables | Mapping[str, str | Invalid]) -> str:
    """`value` with every `var()` replaced; raises VarProblem when one cannot be."""
    if "var(" not in value.lower():
        return value
    table = dict(variables)
    return _replace(tinycss2.parse_component_value_list(value), table.get)


def define(own: Sequence[tuple[str, str]], inherited: Variables) -> Variables:
    """The custom properties of an element: the inherited ones updated by its own, resolved.

    `initial` removes a variable; `inherit` and `unset` keep the inherited value.
    """
    if not own:
        return inherited
    table: dict[str, str | Invalid] = dict(inherited)
    raw: dict[str, str] = {}
    for name, value in own:
        keyword = value.strip().lower()
        if keyword == "initial":
            table.pop(name, None)
            raw.pop(name, None)
        elif keyword not in ("inherit", "unset"):
            raw[name] = value.strip()
    resolving: list[str] = []

    def lookup(name: str) -> str | Invalid | None:
        if name not in raw:
            return table.get(name)
        if name in resolving:
            chain = " -> ".join([*resolving[resolving.index(name) :], name])
            return Invalid(f"{name} refers to itself ({chain})")
        resolving.append(name)
        try:
            return _replace(tinycss2.parse_component_value_list(raw[name]), lookup)
        except VarProblem as problem:
            return Invalid(problem.root)
        finally:
            resolving.pop()

    for name in raw:
        resolved = lookup(name)
        table[name] = resolved if resolved is not None else Invalid(f"{name} is undefined")
    return tuple(table.items())


def _replace(nodes: Sequence[Node], lookup: Lookup) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, FunctionBlock) and node.lower_name == "var":
            parts.append(_var(node, lookup))
        elif isinstance(node, FunctionBlock):
            parts.append(f"{tinycss2.serialize([IdentToken(0, 0, node.name)])}(")
            parts.append(_replace(node.arguments, lookup) + ")")
        elif isinstance(node, ParenthesesBlock):
            parts.append("(" + _replace(node.content, lookup) + ")")
        else:
            parts.append(tinycss2.serialize([node]))
    return "".join(parts)


def _var(node: FunctionBlock, lookup: Lookup) -> str:
    args = [a for a in node.arguments if a.type not in ("whitespace", "comment")]
    name_token = args[0] if args else None
    if not isinstance(name_token, IdentToken) or not is_custom(name_token.value):
        raise VarProblem(f"{tinycss2.serialize([node])!r}: expected var(--name) or var(--name, x)")
    name = name_token.value
    comma = next((i for i, a in enumerate(node.arguments) if _is_comma(a)), None)
    value = lookup(name)
    if isinstance(value, str):
        return value
    if comma is not None:
        return _replace(node.arguments[comma + 1 :], lookup).strip()
    if isinstance(value, Invalid):
        message = f"var({name}) has no fallback and {name} is invalid: {value.reason}"
        raise VarProblem(message, value.reason)
    raise VarProblem(f"var({name}) is not defined here or on an ancestor, and has no fallback")


def _is_comma(node: Node) -> bool:
    return isinstance(node, LiteralToken) and node.value == ","
