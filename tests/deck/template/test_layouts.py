"""Each kind of slide finds its layout by what the layout holds, whatever the layouts are called."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import TEMPLATES
from publish.deck.template import load_template


def chosen(template: str) -> dict[str, str]:
    return {key: choice.layout.name for key, choice in load_template(TEMPLATES / template).choices.items()}


def test_office_layouts_are_found_by_their_placeholders() -> None:
    assert chosen("python-pptx-default.pptx") == {
        "title": "Title Slide", "section": "Section Header", "content": "Title and Content", "two": "Two Content",
        "three": "Title and Content", "picture": "Title and Content", "table": "Title and Content",
        "agenda": "Title and Content", "callout": "Title and Content", "closing": "Title and Content"}


def test_layouts_named_in_another_language_and_in_another_order_are_found() -> None:
    layouts = chosen("mecanon-ufrj.potx")  # Portuguese names; six title layouts first; two masters
    assert layouts["content"] == "Conteúdo"
    assert layouts["title"].startswith("Título da Apresentação")


def test_a_kind_the_template_lacks_borrows_the_closest_layout_and_says_which_once() -> None:
    template = load_template(TEMPLATES / "mecanon-ufrj.potx")
    assert template.choices["section"].layout.name.startswith("Título da Apresentação")
    [note] = [n for n in template.notes if n.code == "deck-template-layout"]
    assert "section header slides use 'Título da Apresentação" in note.message
    assert "two columns slides use 'Conteúdo'" in note.message


def test_a_section_slide_on_a_borrowed_title_layout_has_no_number() -> None:
    boxes = load_template(TEMPLATES / "mecanon-ufrj.potx").choices["section"].boxes
    assert "number" not in boxes and "title" in boxes


def test_two_columns_without_a_two_column_layout_share_the_content_box() -> None:
    choice = load_template(TEMPLATES / "rstudio.potx").choices["three"]
    left, middle, right = (choice.boxes[role] for role in ("left", "middle", "right"))
    body = load_template(TEMPLATES / "rstudio.potx").choices["content"].boxes["body"]
    assert left.x == body.x and right.x + right.w == pytest.approx(body.x + body.w)
    assert left.x + left.w < middle.x < middle.x + middle.w < right.x
    assert set(choice.placeholders) == {"title", "left"}  # the others are drawn as shapes of their own


def test_the_picture_layout_needs_a_title_above_the_picture() -> None:
    # Office's "Picture with Caption" sets the title small beside or under the picture: headings would be cut
    assert chosen("pandoc-reference.pptx")["picture"] == "Title and Content"


def test_a_four_by_three_template_keeps_its_slide_size() -> None:
    assert load_template(TEMPLATES / "python-pptx-default.pptx").slide == (720.0, 540.0)


def test_a_layout_pinned_by_name_is_used_for_its_kind() -> None:
    template = load_template(TEMPLATES / "python-pptx-default.pptx", {"content": "Content with Caption"})
    assert template.choices["content"].layout.name == "Content with Caption"


@pytest.mark.parametrize(("pin", "message"), [
    ("Kapitel", "the template has no layout named 'Kapitel'"),
    ("Blank", "layout 'Blank' lacks the placeholders a section header slide needs"),
])
def test_a_pinned_layout_that_cannot_serve_is_an_error_naming_the_layouts_there_are(pin: str, message: str) -> None:
    from publish.model.diagnostics import BuildError

    with pytest.raises(BuildError, match=message) as raised:
        load_template(TEMPLATES / "python-pptx-default.pptx", {"section": pin}, (Path("theme.yaml"), 4))
    assert raised.value.diagnostic.line == 4
    assert "'Title Slide'" in str(raised.value.diagnostic.fix)
