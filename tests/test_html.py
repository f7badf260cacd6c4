from __future__ import annotations

from pathlib import Path

import pytest

from handler.exceptions import InvalidElement
from handler.render.elements import Element, div
from handler.render.html import parse_html, parse_style_attribute, to_element

CARD = Path(__file__).parents[1] / "benchmarks" / "designs" / "card.html"


def test_style_attribute_becomes_kebab_case_declarations() -> None:
    style = parse_style_attribute("Font-Size: 64px; background: linear-gradient(red, blue);")
    assert style == {"font-size": "64px", "background": "linear-gradient(red, blue)"}


def test_style_attribute_with_a_syntax_error_is_refused() -> None:
    with pytest.raises(InvalidElement, match="style attribute"):
        parse_style_attribute("color red")


def test_entities_are_decoded_in_text_and_attributes() -> None:
    root = parse_html('<img src="a.png?x=1&amp;y=2"><span>Tom &amp; Jerry &copy;</span>')
    assert root.children[0] == Element("img", {"src": "a.png?x=1&y=2"}, ())
    assert root.children[1] == Element("span", {}, ("Tom & Jerry ©",))


def test_text_is_trimmed_and_whitespace_between_tags_dropped() -> None:
    root = parse_html("<div>\n  <span>  Hello world  </span>\n  <span>x</span>\n</div>")
    assert root == Element(
        "div", {}, (Element("span", {}, ("Hello world",)), Element("span", {}, ("x",)))
    )


def test_pre_keeps_its_whitespace() -> None:
    assert parse_html("<pre>  a\n  b </pre>").children == ("  a\n  b ",)


def test_comments_and_doctype_are_ignored_and_text_around_a_comment_joins() -> None:
    assert parse_html("<!doctype html><div>a<!-- note -->b</div>").children == ("ab",)


def test_several_top_level_nodes_are_wrapped_in_a_full_size_column() -> None:
    root = parse_html("<span>a</span><span>b</span>")
    assert root.tag == "div"
    assert root.props["style"] == {
        "display": "flex",
        "flex-direction": "column",
        "width": "100%",
        "height": "100%",
    }
    assert len(root.children) == 2


def test_svg_keeps_its_subtree_and_attribute_case() -> None:
    root = parse_html(
        '<svg viewBox="0 0 10 10"><linearGradient id="g" gradientUnits="userSpaceOnUse"/>'
        '<path d="M0 0H10" stroke-width="2"/></svg>'
    )
    assert root.props == {"viewBox": "0 0 10 10"}
    assert root.children == (
        Element("linearGradient", {"id": "g", "gradientUnits": "userSpaceOnUse"}, ()),
        Element("path", {"d": "M0 0H10", "stroke-width": "2"}, ()),
    )


def test_boolean_attributes_are_true() -> None:
    assert parse_html("<img src='a.png' hidden>").props == {"src": "a.png", "hidden": True}


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        pytest.param("<div>a<br>b</div>", "<br> is not supported", id="br"),
        pytest.param("<blink>x</blink>", "unknown tag <blink>", id="unknown-tag"),
        pytest.param("<div><path d='M0'/></div>", "<path> is an SVG tag", id="svg-tag-outside"),
        pytest.param("<div><span>x</div>", r"closing </div> does not match", id="mismatched"),
        pytest.param("<div><span>x</span>", r"<div> is never closed", id="unclosed"),
        pytest.param("<style>.a{}</style><div/>", "<style> elements", id="style-element"),
    ],
)
def test_bad_markup_is_refused_with_a_clear_message(markup: str, message: str) -> None:
    with pytest.raises(InvalidElement, match=message):
        parse_html(markup)


def test_a_full_document_renders_the_first_body_element() -> None:
    root = parse_html(CARD.read_text())
    assert root.tag == "div"
    style = root.props["style"]
    assert isinstance(style, dict)
    assert style["width"] == "1200px"
    assert style["background"] == "linear-gradient(135deg, #0f172a 0%, #1e3a8a 55%, #7c3aed 100%)"
    title_box = root.children[0]
    assert isinstance(title_box, Element)
    title = title_box.children[0]
    assert isinstance(title, Element)
    assert title.children == ("Metadata image routes, served from AWS Lambda",)
    assert len(root.children) == 3


def test_head_content_is_skipped() -> None:
    markup = "<html><head><title>t</title><style>p{}</style></head><body><p>x</p></body></html>"
    assert parse_html(markup) == Element("p", {}, ("x",))


def test_to_element_returns_an_element_unchanged() -> None:
    element = div("x")
    assert to_element(element) is element


def test_to_element_parses_html() -> None:
    assert to_element("<span>hi</span>") == Element("span", {}, ("hi",))


def test_to_element_wraps_plain_text_in_a_root_div() -> None:
    root = to_element("Hello")
    assert root.tag == "div"
    assert root.children == ("Hello",)


def test_to_element_refuses_other_types() -> None:
    with pytest.raises(InvalidElement, match="expected an Element or an HTML string, got int"):
        to_element(3)  # type: ignore[arg-type]
