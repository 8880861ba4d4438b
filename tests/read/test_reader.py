"""The reader: front matter + Markdown -> Document, one behaviour per test.

Each test reads a small specimen and states what the model holds, so this file
doubles as the specification of the Markdown conventions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ARTICLE, PNG, SVG, only, read, read_fixture, runs, texts, write
from publish.model.diagnostics import BuildError
from publish.model.document import (
    Callout,
    CodeBlock,
    Figure,
    FootnoteRef,
    InlineImage,
    LineBreak,
    ListBlock,
    Only,
    Paragraph,
    Quote,
    RawBlock,
    Rule,
    Table,
    Text,
    plain_text,
)
from publish.read import read_file

# --------------------------------------------------------------------------- front matter


def test_a_document_without_front_matter_takes_its_title_from_the_h1() -> None:
    document, diagnostics = read("# Plain Markdown\n\nNo front matter at all.\n")
    assert document.meta.title == "Plain Markdown"
    assert diagnostics == []


def test_front_matter_fields_fill_the_metadata() -> None:
    document, _ = read("""
        ---
        title: Guide
        subtitle: The long version
        author: Ada
        organisation: Example Corp
        version: "2.1"
        lang: de
        audience: New staff
        classification: Internal
        subject: Onboarding
        pdf_variant: PDF/A-3b
        ---

        Text.
        """)
    meta = document.meta
    assert (meta.title, meta.subtitle, meta.author, meta.organisation, meta.version) == (
        "Guide", "The long version", "Ada", "Example Corp", "2.1")
    assert (meta.lang, meta.audience, meta.classification, meta.subject, meta.pdf_variant) == (
        "de", "New staff", "Internal", "Onboarding", "pdf/a-3b")


@pytest.mark.parametrize(("alias", "attribute"), [
    ("description", "subtitle"), ("summary", "subtitle"),
    ("owner", "author"), ("authors", "author"), ("by", "author"),
    ("organization", "organisation"), ("company", "organisation"), ("org", "organisation"),
    ("publisher", "organisation"),
    ("revision", "version"), ("rev", "version"),
    ("updated", "date"), ("last-updated", "date"), ("published", "date"),
    ("language", "lang"), ("locale", "lang"),
    ("confidentiality", "classification"), ("security", "classification"),
])
def test_every_alias_of_a_field_fills_it(alias: str, attribute: str) -> None:
    document, diagnostics = read(f"---\ntitle: T\n{alias}: fr\n---\n\nText.\n")
    assert getattr(document.meta, attribute) == "fr"
    assert diagnostics == []


@pytest.mark.parametrize("alias", ["keywords", "tags", "keyword"])
def test_keyword_aliases(alias: str) -> None:
    document, _ = read(f"---\ntitle: T\n{alias}: [a, b]\n---\n\nText.\n")
    assert document.meta.keywords == ("a", "b")


def test_source_aliases() -> None:
    document, diagnostics = read("---\ntitle: T\nattribution: Indeed\nurl: https://indeed.com\n---\n\nText.\n")
    assert document.meta.source is not None
    assert (document.meta.source.name, document.meta.source.url) == ("Indeed", "https://indeed.com")
    assert diagnostics == []


def test_key_spelling_ignores_case_hyphens_and_spaces() -> None:
    document, diagnostics = read("---\nTitle: T\nPDF-Variant: pdf/ua-1\nLast Updated: 2026-01-02\n---\n\nText.\n")
    assert (document.meta.title, document.meta.pdf_variant, document.meta.date) == ("T", "pdf/ua-1", "2026-01-02")
    assert diagnostics == []


def test_a_date_written_as_a_yaml_date_becomes_iso_text() -> None:
    document, _ = read("---\ntitle: T\ndate: 2026-11-26\n---\n\nText.\n")
    assert document.meta.date == "2026-11-26"


def test_a_date_with_a_time_keeps_the_day() -> None:
    document, _ = read("---\ntitle: T\ndate: 2026-11-26 09:30:00\n---\n\nText.\n")
    assert document.meta.date == "2026-11-26"


def test_a_date_written_as_words_is_kept_as_written() -> None:
    document, _ = read("---\ntitle: T\ndate: 26 November 2026\n---\n\nText.\n")
    assert document.meta.date == "26 November 2026"


def test_keywords_as_a_comma_separated_string() -> None:
    document, _ = read("---\ntitle: T\nkeywords: roles, careers ,  TPM\n---\n\nText.\n")
    assert document.meta.keywords == ("roles", "careers", "TPM")


def test_keywords_as_a_list() -> None:
    document, _ = read("---\ntitle: T\nkeywords:\n  - roles\n  - careers\n---\n\nText.\n")
    assert document.meta.keywords == ("roles", "careers")


def test_a_single_keyword_that_is_a_number() -> None:
    document, _ = read("---\ntitle: T\nkeywords: 2026\n---\n\nText.\n")
    assert document.meta.keywords == ("2026",)


def test_source_as_a_string() -> None:
    document, _ = read("---\ntitle: T\nsource: Indeed\n---\n\nText.\n")
    assert document.meta.source is not None
    assert (document.meta.source.name, document.meta.source.url) == ("Indeed", None)


def test_source_as_a_string_with_source_url() -> None:
    document, _ = read("---\ntitle: T\nsource: Indeed\nsource_url: https://indeed.com\n---\n\nText.\n")
    assert document.meta.source is not None
    assert document.meta.source.url == "https://indeed.com"


def test_source_as_a_mapping() -> None:
    document, diagnostics = read("---\ntitle: T\nsource:\n  name: Indeed\n  url: https://indeed.com\n---\n\nText.\n")
    assert document.meta.source is not None
    assert (document.meta.source.name, document.meta.source.url) == ("Indeed", "https://indeed.com")
    assert diagnostics == []


def test_an_unknown_key_under_source_warns() -> None:
    _, diagnostics = read("---\ntitle: T\nsource:\n  name: Indeed\n  link: https://indeed.com\n---\n\nText.\n")
    assert [(d.code, d.line) for d in diagnostics] == [("front-matter-unknown", 5)]
    assert "'link'" in diagnostics[0].message


def test_an_unknown_key_warns_with_did_you_mean_and_its_line() -> None:
    document, diagnostics = read("---\ntitle: T\nauthor: Ada\nsubtilte: Typo\n---\n\nText.\n")
    assert document.meta.subtitle is None
    [warning] = diagnostics
    assert warning.code == "front-matter-unknown"
    assert warning.severity == "warning"
    assert "'subtilte'" in warning.message
    assert warning.line == 4
    assert warning.fix == "did you mean 'subtitle'?"


def test_an_unknown_key_with_no_near_match_lists_the_known_keys() -> None:
    _, [warning] = read("---\ntitle: T\nzzzzz: 1\n---\n\nText.\n")
    assert warning.fix is not None and "title" in warning.fix and "keywords" in warning.fix


def test_two_spellings_of_one_field_warn_and_the_first_wins() -> None:
    document, diagnostics = read("---\ntitle: T\nauthor: Ada\nowner: Bob\n---\n\nText.\n")
    assert document.meta.author == "Ada"
    assert [(d.code, d.line) for d in diagnostics] == [("front-matter-repeated", 4)]


def test_an_invalid_language_tag_warns_and_falls_back_to_english() -> None:
    document, [warning] = read("---\ntitle: T\nlang: English please\n---\n\nText.\n")
    assert document.meta.lang == "en"
    assert (warning.code, warning.line) == ("front-matter-lang", 3)


def test_an_unknown_pdf_variant_warns() -> None:
    document, [warning] = read("---\ntitle: T\npdf: pdf/x-4\n---\n\nText.\n")
    assert document.meta.pdf_variant is None
    assert (warning.code, warning.line) == ("front-matter-pdf", 3)


def test_an_empty_front_matter_is_no_front_matter() -> None:
    document, diagnostics = read("---\n---\n# Title\n\nText.\n")
    assert document.meta.title == "Title"
    assert diagnostics == []


def test_an_empty_title_field_leaves_the_title_to_the_h1() -> None:
    document, _ = read("---\ntitle:\nauthor: Ada\n---\n\n# From the heading\n\nText.\n")
    assert document.meta.title == "From the heading"
    assert document.headings() == []


def test_an_unclosed_toml_front_matter_is_an_error() -> None:
    with pytest.raises(BuildError) as caught:
        read('+++\ntitle = "T"\n\nText.\n')
    assert caught.value.diagnostic.code == "front-matter-unclosed"
    assert "'+++'" in (caught.value.diagnostic.fix or "")


def test_front_matter_may_end_with_three_dots() -> None:
    document, _ = read("---\ntitle: Dots\n...\n\nText.\n")
    assert document.meta.title == "Dots"


def test_toml_front_matter_between_plus_lines() -> None:
    document, diagnostics = read_fixture("toml-front-matter.md")
    assert document.meta.title == "Written by a Hugo user"
    assert document.meta.date == "2026-11-26"
    assert document.meta.keywords == ("hugo", "toml")
    assert diagnostics == []


def test_a_byte_order_mark_and_windows_line_endings_are_read_as_plain_text() -> None:
    document, diagnostics = read_fixture("bom-crlf.md")
    assert document.meta.title == "Ein Titel"
    assert texts(document.blocks) == ["Erste Zeile zweite Zeile."]
    assert diagnostics == []


def test_body_lines_are_counted_from_the_top_of_the_file() -> None:
    document, _ = read("---\ntitle: T\n---\n\n## Section\n\nText.\n")
    heading, paragraph = document.blocks
    assert (heading.line, paragraph.line) == (5, 7)


# --------------------------------------------------------------------------- title


def test_the_h1_is_the_title_and_not_a_section() -> None:
    document, _ = read("# The Title\n\n## First section\n\nText.\n")
    assert document.meta.title == "The Title"
    assert [h.text for h in document.headings()] == ["First section"]


def test_an_h1_repeating_the_front_matter_title_is_not_duplicated() -> None:
    document, _ = read("---\ntitle: The Title\n---\n\n# The  title\n\nText.\n")
    assert document.meta.title == "The Title"
    assert document.headings() == []


def test_an_h1_that_differs_from_the_front_matter_title_stays_a_heading() -> None:
    document, _ = read("---\ntitle: Guide\n---\n\n# Part one\n\nText.\n")
    assert document.meta.title == "Guide"
    assert [(h.level, h.text) for h in document.headings()] == [(1, "Part one")]


def test_the_title_may_come_from_the_front_matter_alone() -> None:
    document, _ = read("---\ntitle: Guide\n---\n\nText first.\n")
    assert document.meta.title == "Guide"
    assert isinstance(document.blocks[0], Paragraph)


def test_an_h1_after_other_text_is_a_heading_not_the_title() -> None:
    document, _ = read("---\ntitle: Guide\n---\n\nIntro.\n\n# Guide\n\nText.\n")
    assert [h.text for h in document.headings()] == ["Guide"]


# --------------------------------------------------------------------------- headings


def test_headings_get_ids_from_their_text() -> None:
    document, _ = read("# T\n\n## Core Responsibilities & Skills\n\nText.\n")
    [heading] = document.headings()
    assert heading.id == "core-responsibilities-skills"


def test_a_heading_id_can_be_set_with_an_attribute_list() -> None:
    document, _ = read("# T\n\n## Core Responsibilities {#duties}\n\nText.\n")
    [heading] = document.headings()
    assert (heading.id, heading.text) == ("duties", "Core Responsibilities")


def test_unicode_headings_keep_their_letters_in_the_id() -> None:
    document, _ = read("# T\n\n## Überblick für Änderungen\n\n## 核心职责\n\nText.\n")
    assert [h.id for h in document.headings()] == ["überblick-für-änderungen", "核心职责"]


def test_repeated_headings_get_distinct_ids() -> None:
    document, _ = read("# T\n\n## Summary\n\nA.\n\n## Summary\n\nB.\n")
    first, second = document.headings()
    assert first.id != second.id


def test_headings_keep_their_levels_and_lines() -> None:
    document, _ = read("# T\n\n## Two\n\n### Three\n\n#### Four\n\nText.\n")
    assert [(h.level, h.text, h.line) for h in document.headings()] == [
        (2, "Two", 3), (3, "Three", 5), (4, "Four", 7)]


def test_repeated_heading_text_gets_its_own_line() -> None:
    document, _ = read("# T\n\nSummary is a word in this paragraph.\n\n## Summary\n\nText.\n")
    [heading] = document.headings()
    assert heading.line == 5


# --------------------------------------------------------------------------- paragraphs


def test_inline_styles_become_text_runs() -> None:
    document, _ = read("# T\n\nPlain **bold** *italic* `code` ***both***.\n")
    [paragraph] = document.blocks
    assert runs(paragraph) == [
        ("Plain ", set(), None), ("bold", {"strong"}, None), (" ", set(), None), ("italic", {"em"}, None),
        (" ", set(), None), ("code", {"code"}, None), (" ", set(), None), ("both", {"strong", "em"}, None),
        (".", set(), None)]


def test_links_carry_their_target() -> None:
    document, _ = read("# T\n\nSee [the **site**](https://example.org) now.\n")
    [paragraph] = document.blocks
    assert runs(paragraph) == [("See ", set(), None), ("the ", set(), "https://example.org"),
                               ("site", {"strong"}, "https://example.org"), (" now.", set(), None)]


def test_a_soft_line_break_reads_as_a_space() -> None:
    document, _ = read("# T\n\nOne line\nand the next.\n")
    assert texts(document.blocks) == ["One line and the next."]


def test_a_hard_line_break_is_kept() -> None:
    document, _ = read("# T\n\nOne line  \nand the next.\n")
    [paragraph] = document.blocks
    assert any(isinstance(item, LineBreak) for item in paragraph.content)


def test_harmless_inline_html_becomes_styles() -> None:
    document, diagnostics = read("# T\n\nH<sub>2</sub>O, x<sup>2</sup>, <mark>this</mark>, <del>old</del>.\n")
    [paragraph] = document.blocks
    assert [(text, styles) for text, styles, _ in runs(paragraph) if styles] == [
        ("2", {"sub"}), ("2", {"sup"}), ("this", {"mark"}), ("old", {"del"})]
    assert diagnostics == []


def test_double_tildes_strike_text_through_as_on_github() -> None:
    document, _ = read("# T\n\nThe ~~old rule~~ new rule.\n")
    [paragraph] = document.blocks
    assert runs(paragraph) == [("The ", set(), None), ("old rule", {"del"}, None), (" new rule.", set(), None)]


def test_a_single_tilde_stays_a_tilde() -> None:
    document, _ = read("# T\n\nAllow ~5 days, from ~Monday~ on.\n")
    [paragraph] = document.blocks
    assert runs(paragraph) == [("Allow ~5 days, from ~Monday~ on.", set(), None)]


def test_an_inline_html_link_keeps_its_target() -> None:
    document, _ = read('# T\n\nSee <a href="https://example.org">the site</a>.\n')
    [paragraph] = document.blocks
    assert ("the site", set(), "https://example.org") in runs(paragraph)


def test_html_entities_become_their_characters() -> None:
    document, _ = read("# T\n\nFish &amp; chips &copy; 2026 &lt;tag&gt;\n")
    assert texts(document.blocks) == ["Fish & chips © 2026 <tag>"]


def test_paragraphs_know_their_line() -> None:
    document, _ = read("# T\n\nFirst.\n\nSecond,\nstill second.\n\nThird.\n")
    assert [b.line for b in document.blocks] == [3, 5, 8]


def test_repeated_paragraph_text_gets_its_own_line() -> None:
    document, _ = read("# T\n\nSame.\n\nSame.\n")
    assert [b.line for b in document.blocks] == [3, 5]


# --------------------------------------------------------------------------- lists


def test_bullet_lists_hold_one_item_per_bullet() -> None:
    document, _ = read("# T\n\n- one\n- two\n- three\n")
    [block] = document.blocks
    assert isinstance(block, ListBlock) and not block.ordered
    assert [texts(item.blocks) for item in block.items] == [["one"], ["two"], ["three"]]


def test_ordered_lists_keep_their_start() -> None:
    document, _ = read("# T\n\n3. three\n4. four\n")
    [block] = document.blocks
    assert isinstance(block, ListBlock)
    assert (block.ordered, block.start) == (True, 3)


def test_nested_lists_nest() -> None:
    document, _ = read("# T\n\n- outer\n    - inner a\n    - inner b\n- second\n")
    [block] = document.blocks
    assert isinstance(block, ListBlock)
    first = block.items[0]
    assert texts(first.blocks[:1]) == ["outer"]
    inner = first.blocks[1]
    assert isinstance(inner, ListBlock)
    assert [texts(item.blocks) for item in inner.items] == [["inner a"], ["inner b"]]


def test_a_list_item_may_hold_several_paragraphs() -> None:
    document, _ = read("# T\n\n- first paragraph\n\n    second paragraph\n\n- next item\n")
    [block] = document.blocks
    assert isinstance(block, ListBlock)
    assert texts(block.items[0].blocks) == ["first paragraph", "second paragraph"]


def test_bold_lead_ins_in_list_items_keep_their_style() -> None:
    document, _ = read("# T\n\n- **Lead-in:** the rest.\n")
    [block] = document.blocks
    assert isinstance(block, ListBlock)
    [paragraph] = block.items[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert runs(paragraph) == [("Lead-in:", {"strong"}, None), (" the rest.", set(), None)]


def test_lists_know_their_line() -> None:
    document, _ = read("# T\n\nIntro.\n\n- one\n- two\n")
    assert document.blocks[1].line == 5


# --------------------------------------------------------------------------- tables


TABLE = """
    # T

    | Left | Centre | Right | Plain |
    |:-----|:------:|------:|-------|
    | a    | **b**  | c     | d     |
    | e    | f      | g     | h     |
    """


def test_tables_keep_header_and_body_rows() -> None:
    document, _ = read(TABLE)
    [table] = document.blocks
    assert isinstance(table, Table)
    assert [[plain_text(c.content) for c in row] for row in table.header] == [["Left", "Centre", "Right", "Plain"]]
    assert [[plain_text(c.content) for c in row] for row in table.rows] == [["a", "b", "c", "d"],
                                                                          ["e", "f", "g", "h"]]


def test_table_columns_keep_their_alignment() -> None:
    document, _ = read(TABLE)
    [table] = document.blocks
    assert isinstance(table, Table)
    assert [c.align for c in table.header[0]] == ["left", "center", "right", None]
    assert [c.align for c in table.rows[0]] == ["left", "center", "right", None]


def test_table_cells_keep_their_styles() -> None:
    document, _ = read(TABLE)
    [table] = document.blocks
    assert isinstance(table, Table)
    [run] = table.rows[0][1].content
    assert isinstance(run, Text) and run.styles == {"strong"}


def test_tables_know_their_line() -> None:
    document, _ = read(TABLE)
    assert document.blocks[0].line == 3


# --------------------------------------------------------------------------- figures


def test_a_picture_alone_in_its_paragraph_is_a_figure_captioned_by_its_alt_text(tmp_path: Path) -> None:
    write(tmp_path, "images/chart.png", PNG)
    document, diagnostics = read("# T\n\n![Sales by quarter](images/chart.png)\n", tmp_path)
    [figure] = document.blocks
    assert isinstance(figure, Figure)
    assert (figure.alt, plain_text(figure.caption)) == ("Sales by quarter", "Sales by quarter")
    assert figure.path == (tmp_path / "images/chart.png").resolve()
    assert (figure.number, figure.id, figure.line) == (1, "figure-1", 3)
    assert diagnostics == []


def test_the_title_attribute_is_the_caption_and_the_alt_text_stays(tmp_path: Path) -> None:
    write(tmp_path, "chart.svg", SVG)
    document, _ = read('# T\n\n![Bars rising](chart.svg "Figure 1: sales")\n', tmp_path)
    [figure] = document.blocks
    assert isinstance(figure, Figure)
    assert (figure.alt, plain_text(figure.caption)) == ("Bars rising", "Figure 1: sales")


LABELLED_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
                '<text x="190" y="30" text-anchor="end"><tspan>{}</tspan></text></svg>')


@pytest.mark.parametrize("label", ["مدير المنتج", "מנהל מוצר"])
def test_a_picture_with_right_to_left_text_warns_that_the_slides_cannot_lay_it_out(tmp_path: Path, label: str) -> None:
    write(tmp_path, "roles.svg", LABELLED_SVG.format(label))
    _, diagnostics = read("# T\n\nText.\n\n![Roles](roles.svg)\n", tmp_path)
    [warning] = diagnostics
    assert (warning.code, warning.line) == ("svg-text", 5)
    assert "roles.svg" in warning.message and label in warning.message
    assert "slides" in warning.message and "PDF lays it out" in warning.message
    assert "Object to Path" in (warning.fix or "")


def test_right_to_left_letters_placed_one_by_one_warn_that_the_pdf_cannot_join_them_either(tmp_path: Path) -> None:
    write(tmp_path, "roles.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
                                 '<text x="150 160 170 180" y="30">مدير</text></svg>')
    _, diagnostics = read("# T\n\n![Roles](roles.svg)\n", tmp_path)
    [warning] = diagnostics
    assert "placed one by one" in warning.message and "the PDF and the slides" in warning.message


def test_a_picture_with_left_to_right_text_gets_no_such_warning(tmp_path: Path) -> None:
    write(tmp_path, "roles.svg", LABELLED_SVG.format("Product &amp; engineering — 製品"))
    _, diagnostics = read("# T\n\n![Roles](roles.svg)\n", tmp_path)
    assert diagnostics == []


def test_a_decorative_picture_needs_no_alt_text(tmp_path: Path) -> None:
    write(tmp_path, "rule.png", PNG)
    document, diagnostics = read("# T\n\n![](rule.png){.decorative}\n", tmp_path)
    [figure] = document.blocks
    assert isinstance(figure, Figure)
    assert figure.decorative and figure.caption == ()
    assert diagnostics == []


def test_a_picture_without_alt_text_warns(tmp_path: Path) -> None:
    write(tmp_path, "a.png", PNG)
    _, diagnostics = read("# T\n\n![](a.png)\n", tmp_path)
    assert [(d.code, d.line) for d in diagnostics] == [("image-alt", 3)]


def test_a_missing_picture_warns_with_its_line_and_keeps_the_figure(tmp_path: Path) -> None:
    document, diagnostics = read("# T\n\nText.\n\n![A chart](images/missing.png)\n", tmp_path)
    figure = document.blocks[1]
    assert isinstance(figure, Figure) and figure.path is None
    [warning] = diagnostics
    assert (warning.code, warning.line) == ("image", 5)
    assert "images/missing.png does not exist" in warning.message
    assert warning.fix


def test_the_same_missing_picture_twice_warns_on_both_lines(tmp_path: Path) -> None:
    _, diagnostics = read("# T\n\n![A](gone.png)\n\n![A](gone.png)\n", tmp_path)
    assert [(d.code, d.line) for d in diagnostics] == [("image", 3), ("image", 5)]


def test_figures_are_numbered_in_reading_order(tmp_path: Path) -> None:
    write(tmp_path, "a.png", PNG)
    document, _ = read("# T\n\n![One](a.png)\n\n- item\n\n![Two](a.png)\n", tmp_path)
    assert [(f.number, f.alt) for f in document.figures()] == [(1, "One"), (2, "Two")]


def test_a_picture_inside_text_is_an_inline_image(tmp_path: Path) -> None:
    write(tmp_path, "icon.png", PNG)
    document, diagnostics = read("# T\n\nPress ![the gear](icon.png) to open settings.\n", tmp_path)
    [paragraph] = document.blocks
    assert isinstance(paragraph, Paragraph)
    assert InlineImage("icon.png", "the gear") in paragraph.content
    assert diagnostics == []


def test_a_missing_inline_picture_warns_and_stays(tmp_path: Path) -> None:
    document, [warning] = read("# T\n\nPress ![the gear](gear.png) now.\n", tmp_path)
    [paragraph] = document.blocks
    assert isinstance(paragraph, Paragraph) and InlineImage("gear.png", "the gear") in paragraph.content
    assert (warning.code, warning.line) == ("image", 3)


def test_an_inline_picture_outside_the_folder_becomes_its_alt_text(tmp_path: Path) -> None:
    document, [warning] = read("# T\n\nPress ![the gear](../../etc/passwd) now.\n", tmp_path)
    assert texts(document.blocks) == ["Press the gear now."]
    assert (warning.code, warning.line) == ("image", 3)


# --------------------------------------------------------------------------- callouts


def test_a_github_alert_is_a_callout() -> None:
    document, _ = read("# T\n\n> [!NOTE]\n> Read this first.\n")
    [callout] = document.blocks
    assert isinstance(callout, Callout)
    assert (callout.kind, callout.title, callout.line) == ("note", None, 3)
    assert texts(callout.blocks) == ["Read this first."]


def test_a_callout_may_have_a_title_after_the_marker() -> None:
    document, _ = read("# T\n\n> [!WARNING] Mind the gap\n> Between the train and the platform.\n")
    [callout] = document.blocks
    assert isinstance(callout, Callout)
    assert (callout.kind, callout.title) == ("warning", "Mind the gap")
    assert texts(callout.blocks) == ["Between the train and the platform."]


@pytest.mark.parametrize("marker", ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "tip"])
def test_every_callout_kind_is_known(marker: str) -> None:
    document, diagnostics = read(f"# T\n\n> [!{marker}]\n> Text.\n")
    [callout] = document.blocks
    assert isinstance(callout, Callout) and callout.kind == marker.lower()
    assert diagnostics == []


def test_an_unknown_callout_kind_warns_with_did_you_mean_and_is_a_note() -> None:
    document, [warning] = read("# T\n\n> [!WARN]\n> Careful.\n")
    [callout] = document.blocks
    assert isinstance(callout, Callout) and callout.kind == "note"
    assert (warning.code, warning.line) == ("callout-unknown", 3)
    assert warning.fix is not None and warning.fix.startswith("did you mean [!WARNING]?")


def test_two_callouts_separated_by_a_blank_line_stay_two() -> None:
    document, _ = read("# T\n\n> [!NOTE]\n> First.\n\n> [!TIP]\n> Second.\n")
    assert [(b.kind, texts(b.blocks)) for b in document.blocks if isinstance(b, Callout)] == [
        ("note", ["First."]), ("tip", ["Second."])]


def test_a_callout_may_hold_a_list() -> None:
    document, _ = read("# T\n\n> [!TIP]\n> Remember:\n>\n> - one\n> - two\n")
    [callout] = document.blocks
    assert isinstance(callout, Callout)
    assert [type(b) for b in callout.blocks] == [Paragraph, ListBlock]


def test_a_plain_block_quote_is_a_quote() -> None:
    document, _ = read("# T\n\n> Someone said this.\n")
    [quote] = document.blocks
    assert isinstance(quote, Quote)
    assert texts(quote.blocks) == ["Someone said this."]


# --------------------------------------------------------------------------- audience blocks


def test_notes_slides_and_print_blocks_are_audience_blocks() -> None:
    document, diagnostics = read_fixture("audience-blocks.md")
    audiences = [(b.audience, b.line) for b in only(document.blocks, Only)]
    assert audiences == [("notes", 5), ("slides", 8), ("print", 13)]
    assert diagnostics == []


def test_audience_blocks_nest() -> None:
    document, _ = read_fixture("audience-blocks.md")
    notes = document.blocks[1]
    assert isinstance(notes, Only) and notes.audience == "notes"
    assert texts(notes.blocks[:1]) == ["Say this aloud."]
    inner = notes.blocks[1]
    assert isinstance(inner, Only) and inner.audience == "slides"
    assert texts(inner.blocks) == ["Only on a slide, inside the notes block."]


def test_fences_inside_a_code_block_are_left_alone() -> None:
    document, _ = read_fixture("audience-blocks.md")
    code = document.blocks[-1]
    assert isinstance(code, CodeBlock)
    assert code.code == "::: notes\nThis is an example in a code block, not a block.\n:::"
    assert code.language == "markdown"


def test_pandoc_attribute_syntax_opens_a_block() -> None:
    document, _ = read("# T\n\n::: {.notes}\nSay this.\n:::\n")
    [notes] = document.blocks
    assert isinstance(notes, Only) and notes.audience == "notes"


def test_audience_blocks_keep_markdown_structure() -> None:
    document, _ = read("# T\n\n::: notes\n- **one**\n- two\n:::\n")
    [notes] = document.blocks
    assert isinstance(notes, Only)
    [listing] = notes.blocks
    assert isinstance(listing, ListBlock) and len(listing.items) == 2


def test_an_unknown_block_keeps_its_content_with_one_warning_and_a_did_you_mean() -> None:
    document, [warning] = read("# T\n\n::: note-s\nSay this.\n:::\n\n::: note-s\nAnd this.\n:::\n")
    assert (warning.code, warning.line) == ("fence-unknown", 3)
    assert warning.fix is not None and warning.fix.startswith("did you mean '::: notes'?")
    assert texts(document.blocks) == ["Say this.", "And this."]


def test_an_unclosed_block_runs_to_the_end_with_a_warning() -> None:
    document, [warning] = read("# T\n\n::: notes\nSay this.\n")
    assert (warning.code, warning.line) == ("fence-unclosed", 3)
    assert isinstance(document.blocks[0], Only)


def test_a_closing_fence_without_an_opening_warns() -> None:
    _, [warning] = read("# T\n\nText.\n\n:::\n")
    assert (warning.code, warning.line) == ("fence-unopened", 5)


def test_block_lines_stay_true_after_a_long_code_block() -> None:
    _, [warning] = read("# T\n\n```\n1\n2\n3\n4\n```\n\n::: bogus\nx\n:::\n")
    assert warning.line == 10


# --------------------------------------------------------------------------- footnotes, definitions, code


def test_footnotes_travel_with_their_call() -> None:
    document, _ = read("# T\n\nA claim.[^src]\n\n[^src]: Where it comes from.\n")
    [paragraph] = document.blocks
    assert isinstance(paragraph, Paragraph)
    [ref] = [i for i in paragraph.content if isinstance(i, FootnoteRef)]
    assert ref.label == "src"
    assert plain_text(ref.content) == "Where it comes from."
    assert texts(document.blocks) == ["A claim."]


def test_a_footnote_of_several_paragraphs_keeps_them_apart() -> None:
    document, _ = read("# T\n\nA claim.[^1]\n\n[^1]: First part.\n\n    Second part.\n")
    [ref] = [i for i in document.blocks[0].content if isinstance(i, FootnoteRef)]
    assert plain_text(ref.content) == "First part. Second part."


def test_definition_lists_become_bold_terms_with_their_definitions() -> None:
    document, _ = read("# T\n\nTPM\n:   Technical product manager.\n\nPM\n:   Product manager.\n")
    [listing] = document.blocks
    assert isinstance(listing, ListBlock)
    term, definition = listing.items[0].blocks
    assert isinstance(term, Paragraph) and isinstance(definition, Paragraph)
    assert runs(term) == [("TPM", {"strong"}, None)]
    assert plain_text(definition.content) == "Technical product manager."
    assert len(listing.items) == 2


def test_a_fenced_code_block_keeps_its_language_and_text() -> None:
    document, diagnostics = read('# T\n\n```python\nprint("<b>hi</b>")\n\n\nx = 1\n```\n')
    [code] = document.blocks
    assert isinstance(code, CodeBlock)
    assert (code.language, code.code, code.line) == ("python", 'print("<b>hi</b>")\n\n\nx = 1', 3)
    assert diagnostics == []


def test_an_indented_code_block_is_code() -> None:
    document, _ = read("# T\n\nText.\n\n    indented\n    code\n")
    code = document.blocks[1]
    assert isinstance(code, CodeBlock)
    assert (code.code, code.language, code.line) == ("indented\ncode", None, 5)


def test_a_code_fence_right_under_a_paragraph_starts_a_code_block() -> None:
    document, _ = read("# T\n\nExample:\n```\ncode\n```\nAfter.\n")
    assert [type(b) for b in document.blocks] == [Paragraph, CodeBlock, Paragraph]
    assert texts(document.blocks) == ["Example:", "After."]


def test_a_horizontal_rule_is_a_rule() -> None:
    document, _ = read("# T\n\nAbove.\n\n---\n\nBelow.\n")
    assert isinstance(document.blocks[1], Rule) and document.blocks[1].line == 5


# --------------------------------------------------------------------------- raw HTML


@pytest.mark.parametrize(("html", "named"), [
    ("<script>alert('x')</script>", "<script>"),
    ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    ('<object data="movie.swf"></object>', "<object>"),
    ('<embed src="movie.swf">', "<embed>"),
    ('<p><a rel="attachment" href="secret.pdf">report</a></p>', "rel=attachment"),
    ('<p><img src="file:///etc/passwd" alt="x"></p>', "file:///etc/passwd"),
    ('<p><img src="/etc/passwd" alt="x"></p>', "/etc/passwd"),
    ('<p onclick="steal()">Click</p>', "onclick="),
])
def test_raw_html_blocks_are_sanitised_with_a_warning_naming_what_went(html: str, named: str) -> None:
    document, diagnostics = read(f"# T\n\nBefore.\n\n{html}\n\nAfter.\n")
    [warning] = diagnostics
    assert (warning.code, warning.line) == ("html-dropped", 5)
    assert named in warning.message
    for block in only(document.blocks, RawBlock):
        assert named.strip("<>=") not in block.html


def test_a_script_block_leaves_nothing_behind() -> None:
    document, _ = read("# T\n\nBefore.\n\n<script>alert('x')</script>\n\nAfter.\n")
    assert texts(document.blocks) == ["Before.", "After."]
    assert only(document.blocks, RawBlock) == []


def test_harmless_raw_html_blocks_are_kept() -> None:
    document, diagnostics = read("# T\n\n<div><p>Kept <b>as is</b></p></div>\n")
    [raw] = document.blocks
    assert isinstance(raw, RawBlock)
    assert raw.html == "<div><p>Kept <b>as is</b></p></div>" and raw.text == "Kept as is"
    assert diagnostics == []


def test_inline_script_is_dropped_with_its_content_and_one_warning() -> None:
    document, diagnostics = read("# T\n\nBefore <script>alert(1)</script>after.\n")
    assert texts(document.blocks) == ["Before after."]
    assert [(d.code, d.line) for d in diagnostics] == [("html-dropped", 3)]
    assert "<script>" in diagnostics[0].message


def test_an_inline_link_to_a_local_file_is_dropped_with_a_warning() -> None:
    document, diagnostics = read("# T\n\nSee [the file](file:///etc/passwd).\n")
    [paragraph] = document.blocks
    assert all(href is None for _, _, href in runs(paragraph))
    assert [(d.code, d.line) for d in diagnostics] == [("link-dropped", 3)]


def test_an_inline_image_tag_with_an_absolute_path_is_dropped() -> None:
    document, [warning] = read('# T\n\nSee <img src="/etc/passwd" alt="pw"> here.\n')
    assert "/etc/passwd" in warning.message
    assert not any(isinstance(i, InlineImage) for b in document.blocks for i in getattr(b, "content", ()))


def test_markdown_inside_an_html_block_is_read_and_its_raw_html_sanitised() -> None:
    document, diagnostics = read("# T\n\n<div markdown=\"1\">\n*Read* me.\n\n<p>raw<script>x</script></p>\n</div>\n")
    assert texts(document.blocks) == ["Read me.", "raw"]
    assert [(d.code, d.line) for d in diagnostics] == [("html-dropped", 6)]


def test_a_control_character_in_the_front_matter_is_removed_with_a_warning_naming_it() -> None:
    document, diagnostics = read("---\ntitle: T\nauthor: A\x01B\n---\n\nText.\n")
    assert document.meta.author == "AB"
    [found] = [d for d in diagnostics if d.code == "characters"]
    assert found.line == 3 and "U+0001" in found.message


# --------------------------------------------------------------------------- links


def test_internal_links_to_headings_are_fine() -> None:
    _, diagnostics = read("# T\n\nSee [duties](#duties).\n\n## Duties\n\nText.\n")
    assert diagnostics == []


def test_a_broken_internal_link_warns_with_its_line_and_a_guess() -> None:
    _, [warning] = read("# T\n\n## Duties\n\nText.\n\nSee [duties](#dutie).\n")
    assert (warning.code, warning.line) == ("link-broken", 7)
    assert "#dutie" in warning.message
    assert warning.fix is not None and warning.fix.startswith("did you mean #duties?")


def test_links_to_figures_are_internal_links(tmp_path: Path) -> None:
    write(tmp_path, "a.png", PNG)
    _, diagnostics = read("# T\n\n![A](a.png)\n\nSee [the chart](#figure-1).\n", tmp_path)
    assert diagnostics == []


# --------------------------------------------------------------------------- languages and scripts


def test_a_right_to_left_language_sets_the_direction() -> None:
    document, _ = read_fixture("rtl-arabic.md")
    assert (document.meta.lang, document.meta.direction) == ("ar", "rtl")
    assert [h.text for h in document.headings()] == ["المسؤوليات"]


@pytest.mark.parametrize(("lang", "direction"), [("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("en-GB", "ltr"),
                                                 ("zh_CN", "ltr")])
def test_direction_follows_the_language(lang: str, direction: str) -> None:
    document, _ = read(f"---\ntitle: T\nlang: {lang}\n---\n\nText.\n")
    assert document.meta.direction == direction


def test_cjk_text_is_read_whole_and_its_line_breaks_add_no_space() -> None:
    document, diagnostics = read_fixture("cjk.md")
    assert document.meta.lang == "zh-CN"
    assert [h.id for h in document.headings()] == ["核心职责"]
    assert texts(document.blocks)[1] == "技术产品经理是业务与工程之间的桥梁，负责把业务需求转化为技术规格。"
    assert diagnostics == []


def test_korean_line_breaks_still_read_as_spaces() -> None:
    document, _ = read("# T\n\n기술 제품\n관리자\n")
    assert texts(document.blocks) == ["기술 제품 관리자"]


# --------------------------------------------------------------------------- a fuller specimen


def test_the_kitchen_sink_specimen_reads_without_findings() -> None:
    document, diagnostics = read_fixture("kitchen-sink.md")
    assert diagnostics == []
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["Paragraph", "Heading", "ListBlock", "Table", "Figure", "Callout", "ListBlock", "Paragraph"]
    figure = document.blocks[4]
    assert isinstance(figure, Figure) and plain_text(figure.caption) == "Figure title wins"


# --------------------------------------------------------------------------- the article

ARTICLE_H2 = [
    "Understanding the Core Responsibilities of a Technical Product Manager",
    "Technical Product Manager vs. Product Manager: The Key Differences",
    "Essential Skills to Thrive as a Technical Product Manager",
    "The Impact of a Technical Product Manager on Product Lifecycle",
    "Challenges Faced by Technical Product Managers",
    "Related Terms",
]
ARTICLE_H3 = ["1. Technical Proficiency", "2. Analytical Rigor", "3. Strategic Communication"]


@pytest.fixture(scope="module")
def article():
    document, diagnostics = read_file(ARTICLE)
    assert diagnostics == []
    return document


def test_the_article_has_its_metadata(article) -> None:
    meta = article.meta
    assert meta.title == "Technical Product Manager"
    assert meta.source is not None and meta.source.name == "Indeed"
    assert (meta.lang, meta.date) == ("en", "2026-11-26")
    assert all([meta.subtitle, meta.author, meta.organisation, meta.version, meta.audience])


def test_the_article_has_every_section_and_skill(article) -> None:
    assert [h.text for h in article.headings() if h.level == 2] == ARTICLE_H2
    assert [h.text for h in article.headings() if h.level == 3] == ARTICLE_H3
    assert article.section_level == 2


def test_the_article_headings_match_the_source(article) -> None:
    source = ARTICLE.read_text(encoding="utf-8")
    assert [h.text for h in article.headings()] == re.findall(r"^#{2,3} (.+)$", source, re.M)


def test_the_article_table_has_every_cell(article) -> None:
    [table] = only(article.blocks, Table)
    cells = [[plain_text(c.content) for c in row] for row in table.header + table.rows]
    assert cells == [
        ["Feature", "Product Manager", "Technical Product Manager"],
        ["Primary Focus", "User experience, market fit, and go-to-market",
         "Architectural feasibility, system performance, and API design"],
        ["Target Audience", "Customers, Sales, Marketing", "Engineers, DevOps, Architects, Data Scientists"],
        ["Technical Depth", "Functional/Intermediate", "Deep, often hands-on technical background"],
        ["Typical Deliverables", "Product Roadmaps, GTM Strategy",
         "Technical Specs, System Requirements, API Documentation"],
    ]


def test_the_article_figures_have_their_captions_and_files(article) -> None:
    figures = article.figures()
    assert [plain_text(f.caption) for f in figures] == [
        "A team of professionals collaborating on technical roadmaps",
        "Data analysis on a screen during a team meeting",
    ]
    assert all(f.path is not None and f.path.is_file() for f in figures)


def test_the_article_has_both_callouts(article) -> None:
    callouts = only(article.blocks, Callout)
    assert [c.kind for c in callouts] == ["note", "note"]
    assert texts(callouts[0].blocks)[0].startswith("While these distinctions are useful")
    assert texts(callouts[1].blocks)[0].startswith("Encouraging your TPMs to participate")


def test_the_article_has_its_speaker_notes(article) -> None:
    [notes] = only(article.blocks, Only)
    assert notes.audience == "notes"
    [listing] = notes.blocks
    assert isinstance(listing, ListBlock) and len(listing.items) == 3
    assert texts(listing.items[0].blocks)[0].startswith("Ask the room who has worked with a TPM")


def test_the_article_keeps_the_bold_lead_ins(article) -> None:
    responsibilities = next(block for block in article.blocks if isinstance(block, ListBlock))
    leads = [runs(item.blocks[0])[0] for item in responsibilities.items]
    assert leads[0] == ("Translating Requirements:", {"strong"}, None)
    assert len(leads) == 5


def test_every_block_of_the_article_knows_its_line(article) -> None:
    assert all(block.line for block in article.blocks)


# --------------------------------------------------------------------------- anything at all

PIECES = ["# T\n", "## H {#h}\n", "---\n", "+++\n", "title: x\n", "::: notes\n", ":::\n", "> [!NOTE] t\n",
          "> [!X]\n", "> q\n", "- a\n", "    - b\n", "1. c\n", "| a | b |\n", "|---|:-:|\n", "```py\n", "```\n",
          "![a](x.png)\n", "![](/etc/passwd)\n", "[l](#h)\n", "<script>x</script>\n", "<b>", "</b>",
          "<a href='file:///x'>", "</a>", "*em* **b** `c`\n", "\n", "[^1]\n", "[^1]: note\n", "Term\n: def\n",
          "中文\n", "\t", "&amp;", "<!-- c -->\n", "<div markdown='1'>\n", "</div>\n", "***\n", "\\*", "\x00",
          "\r\n", "\ufeff", "[ref]: http://x\n", "![r][ref]\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=30).map("".join))
def test_any_text_reads_or_fails_with_a_clear_error(text: str) -> None:
    try:
        document, _ = read(text)
    except BuildError as exc:
        assert exc.diagnostic.message and exc.diagnostic.fix
    else:
        assert document.meta.title and document.blocks


def test_code_spans_keep_the_characters_written() -> None:
    document, _ = read("# T\n\nFrom `$` to `>` and `a&b` or `&copy;`.\n")
    code = [text for text, styles, _ in runs(document.blocks[0]) if "code" in styles]
    assert code == ["$", ">", "a&b", "&copy;"]


@pytest.mark.parametrize(("value", "found"), [
    ("{a: 1}", "a mapping without a name"), ("!!binary aGVsbG8=", "binary data"), (".nan", "not a number"),
    ("false", "true or false"), ('"\\u200b\\u200b"', "only invisible characters"),
])
def test_a_title_that_is_not_text_is_ignored_with_a_warning_naming_what_it_is(value: str, found: str) -> None:
    document, diagnostics = read(f"---\ntitle: {value}\nlang: en\n---\nText.\n", name="leave-policy.md")
    assert document.meta.title == "Leave policy"
    [warning] = [d for d in diagnostics if d.code == "front-matter-type"]
    assert warning.line == 2 and f"'title' is {found}, not text" in warning.message


def test_a_footnote_nothing_refers_to_is_reported_at_its_definition() -> None:
    _, warnings = read("# T\n\nText[^used].\n\n[^used]: Shown.\n[^spare]: Never shown.\n")
    assert [(w.code, w.line) for w in warnings] == [("footnote-unused", 6)] and "[^spare]" in warnings[0].message
