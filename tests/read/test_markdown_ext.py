"""Our Python-Markdown extensions on their own: `:::` fences and `> [!KIND]` callouts."""

from __future__ import annotations

from xml.etree import ElementTree

import markdown

from helpers import read, texts
from publish.read.markdown_ext import CALLOUT_CLASS, ONLY_CLASS, FencedDivPreprocessor, PublishExtension


def convert(text: str, first_line: int = 1) -> tuple[ElementTree.Element, list[tuple]]:
    md = markdown.Markdown(extensions=["extra", PublishExtension(first_line=first_line)])
    md.convert(text)
    return md.publish_tree, md.publish_diagnostics  # type: ignore[attr-defined]


def preprocess(text: str, first_line: int = 1) -> tuple[list[str], list[tuple]]:
    md = markdown.Markdown()
    md.publish_diagnostics = []  # type: ignore[attr-defined]
    lines = FencedDivPreprocessor(md, first_line).run(text.split("\n"))
    return lines, md.publish_diagnostics  # type: ignore[attr-defined]


def divs(tree: ElementTree.Element, cls: str) -> list[ElementTree.Element]:
    return [element for element in tree.iter("div") if element.get("class") == cls]


def test_a_fence_becomes_a_markdown_div_with_its_audience_and_line() -> None:
    lines, diagnostics = preprocess("Intro.\n\n::: notes\nSay this.\n:::\n", first_line=5)
    assert '<div class="publish-only" data-audience="notes" data-line="7" markdown="1">' in lines
    assert "</div>" in lines
    assert diagnostics == []


def test_the_inside_of_a_fence_is_parsed_as_markdown() -> None:
    tree, _ = convert("::: slides\n- **one**\n- two\n:::\n")
    [div] = divs(tree, ONLY_CLASS)
    assert div.get("data-audience") == "slides"
    assert [child.tag for child in div] == ["ul"]


def test_fences_nest() -> None:
    tree, _ = convert("::: notes\nOuter.\n\n::: print\nInner.\n:::\n:::\n")
    outer, inner = divs(tree, ONLY_CLASS)
    assert inner in list(outer)


def test_more_colons_also_open_and_close() -> None:
    tree, diagnostics = convert(":::: print\nText.\n::::\n")
    assert [div.get("data-audience") for div in divs(tree, ONLY_CLASS)] == ["print"]
    assert diagnostics == []


def test_fences_inside_backtick_and_tilde_code_are_text() -> None:
    for fence in ("```", "~~~~"):
        lines, diagnostics = preprocess(f"{fence}\n::: bogus\n:::\n{fence}\n")
        assert "::: bogus" in lines and not any("publish-only" in line for line in lines)
        assert diagnostics == []


def test_an_unknown_fence_is_reported_with_a_guess() -> None:
    _, [(code, message, line, fix)] = preprocess("Text.\n\n::: slidez\nx\n:::\n", first_line=3)
    assert (code, line) == ("fence-unknown", 5)
    assert "'::: slidez'" in message
    assert fix.startswith("did you mean '::: slides'?")


def test_an_unclosed_fence_is_reported_at_its_opening() -> None:
    _, [(code, _, line, _)] = preprocess("::: notes\nText.\n")
    assert (code, line) == ("fence-unclosed", 1)


def test_a_stray_closing_fence_is_reported() -> None:
    _, [(code, _, line, _)] = preprocess("Text.\n:::\n")
    assert (code, line) == ("fence-unopened", 2)


def test_a_code_fence_under_a_paragraph_line_gets_a_blank_line() -> None:
    lines, _ = preprocess("Example:\n```\ncode\n```\nAfter.")
    assert lines == ["Example:", "", "```", "code", "```", "", "After."]


def test_a_github_alert_becomes_a_callout_div() -> None:
    tree, diagnostics = convert("> [!IMPORTANT] Read me\n> Body text.\n")
    [div] = divs(tree, CALLOUT_CLASS)
    assert (div.get("data-marker"), div.get("data-title")) == ("IMPORTANT", "Read me")
    assert [child.text for child in div] == ["Body text."]
    assert diagnostics == []


def test_a_marker_alone_on_its_line_leaves_no_empty_paragraph() -> None:
    tree, _ = convert("> [!NOTE]\n>\n> Body.\n")
    [div] = divs(tree, CALLOUT_CLASS)
    assert [child.text for child in div] == ["Body."]


def test_a_quote_without_a_marker_stays_a_quote() -> None:
    tree, _ = convert("> Just a quote.\n")
    assert divs(tree, CALLOUT_CLASS) == []
    assert tree.find("blockquote") is not None


def test_quotes_joined_by_a_blank_line_split_at_each_marker() -> None:
    tree, _ = convert("> Plain quote.\n\n> [!TIP]\n> One.\n\n> [!CAUTION]\n> Two.\n")
    assert [child.tag for child in tree] == ["blockquote", "div", "div"]
    assert [div.get("data-marker") for div in divs(tree, CALLOUT_CLASS)] == ["TIP", "CAUTION"]


def test_callouts_inside_list_items_are_found() -> None:
    tree, _ = convert("- item\n\n    > [!NOTE]\n    > Inside.\n")
    assert [div.get("data-marker") for div in divs(tree, CALLOUT_CLASS)] == ["NOTE"]


def test_notes_inside_a_print_block_are_reported_as_reaching_neither_artifact() -> None:
    _, warnings = read("# T\n\n::: print\nPrinted.\n\n::: notes\nSay this.\n:::\n:::\n")
    assert [(w.code, w.line) for w in warnings] == [("fence-nested-audience", 6)]


def test_a_solution_inside_instructor_notes_is_not_reported() -> None:
    _, warnings = read("# T\n\n:::: instructor\nTell them.\n\n::: solution\nAnswer.\n:::\n::::\n")
    assert not warnings


def test_any_ascii_punctuation_can_be_escaped_as_pandoc_and_commonmark_allow() -> None:
    document, _ = read("# T\n\nWrite to me\\@example.org about \\~ and \\| signs.\n")
    assert texts(document.blocks) == ["Write to me@example.org about ~ and | signs."]
