from __future__ import annotations

import pytest

from handler.exceptions import InvalidElement
from handler.render.elements import Element, div, h, h1, img, span


def test_h_builds_an_element_with_props_and_children() -> None:
    element = h("div", {"style": {"color": "red"}}, "Hi")
    assert element == Element("div", {"style": {"color": "red"}}, ("Hi",))


def test_h_merges_adjacent_text_as_jsx_does() -> None:
    assert h("div", None, "Icon ", 3).children == ("Icon 3",)


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        pytest.param((None, True, False, "a"), ("a",), id="none-and-booleans-skipped"),
        pytest.param((["a", ["b", ("c",)]],), ("abc",), id="nested-lists-flattened"),
        pytest.param(((str(i) for i in range(3)),), ("012",), id="generator"),
        pytest.param((1.0, " ", 0.5), ("1 0.5",), id="numbers-as-javascript-prints"),
        pytest.param(("", "x", ""), ("x",), id="empty-text-dropped"),
    ],
)
def test_h_flattens_children(children: tuple[object, ...], expected: tuple[str, ...]) -> None:
    assert h("div", {}, *children).children == expected  # type: ignore[arg-type]


def test_h_keeps_elements_between_texts() -> None:
    inner = span("b")
    assert h("div", {}, "a", inner, "c").children == ("a", inner, "c")


def test_h_reads_a_children_prop_when_no_positional_children() -> None:
    assert h("div", {"children": ["x", "y"]}).children == ("xy",)


def test_h_refuses_an_unknown_tag_naming_it() -> None:
    with pytest.raises(InvalidElement, match="unknown tag <marquee>"):
        h("marquee")


def test_h_refuses_a_child_of_the_wrong_type() -> None:
    with pytest.raises(InvalidElement, match=r"child .* of type dict"):
        h("div", {}, {"a": 1})


def test_shortcuts_put_style_into_props() -> None:
    element = div(h1("Title"), style={"display": "flex"}, id="x")
    assert element.tag == "div"
    assert element.props == {"id": "x", "style": {"display": "flex"}}
    assert element.children == (Element("h1", {}, ("Title",)),)


def test_img_shortcut_takes_src_and_size() -> None:
    assert img(src="a.png", width=10).props == {"src": "a.png", "width": 10}
