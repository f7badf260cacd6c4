from __future__ import annotations

import pytest

from handler.render.style.custom_properties import Invalid, VarProblem, define, substitute


def test_define_resolves_own_values_against_inherited_ones() -> None:
    variables = define((("--pad", "var(--gap) 4px"),), (("--gap", "8px"),))
    assert dict(variables) == {"--gap": "8px", "--pad": "8px 4px"}


def test_substitute_replaces_nested_vars_and_keeps_the_rest() -> None:
    variables = (("--r", "255"), ("--pad", "8px 4px"))
    text = substitute("rgb(var(--r) 0 0) var(--pad) var(--none, 2px)", variables)
    assert text == "rgb(255 0 0) 8px 4px 2px"


def test_values_without_var_are_returned_unchanged() -> None:
    assert substitute("1px solid red", ()) == "1px solid red"


def test_a_cycle_makes_every_member_invalid() -> None:
    variables = dict(define((("--a", "var(--b)"), ("--b", "var(--a)")), ()))
    assert variables["--a"] == Invalid("--a refers to itself (--a -> --b -> --a)")
    assert isinstance(variables["--b"], Invalid)


def test_var_needs_a_custom_property_name() -> None:
    with pytest.raises(VarProblem, match="expected var"):
        substitute("var(brand)", ())
