"""The slide plan: Document + Theme -> Deck, pure data, one behaviour per test.

Each test plans a small Markdown specimen and states what the slides hold,
so this file doubles as the specification of how an article becomes a deck.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest

from helpers import ARTICLE, SPECIMENS, SVG, read, write
from publish.deck.fit import SOFT_BREAK, Measure, Style
from publish.deck.geometry import Geometry, load_geometry
from publish.deck.model import Deck, LayoutKey, Para, Slide, TextFrame
from publish.deck.plan import plan_deck
from publish.model.diagnostics import BuildError
from publish.read import read_file
from publish.theme import DECK_GRAMMAR, load_theme

THEME = load_theme("default")
MEASURE = Measure(THEME, load_geometry(THEME).line_spacing)
LABELS = THEME.tokens["labels"]
CONTINUED = LABELS["continued"]


def plan(markdown: str, folder: Path | None = None) -> Deck:
    document, _ = read(markdown, folder)
    deck, _ = plan_deck(document, THEME)
    return deck


def slides(deck: Deck, layout: str) -> list[Slide]:
    return [slide for slide in deck.slides if slide.layout == layout]


def body(slide: Slide) -> list[tuple[str, int, str]]:
    """(kind, level, text) of each paragraph the slide's body shows."""
    frame = slide.text("body") or slide.text("left")
    assert frame is not None, f"{slide.layout} slide has no body"
    return [(p.kind, p.level, p.text) for p in frame.paragraphs]


def notes(slide: Slide) -> list[str]:
    return [p.text for p in slide.notes]


# ---------------------------------------------------------------- structure

def test_the_deck_opens_with_a_title_slide_from_the_front_matter() -> None:
    deck = plan("""
        ---
        title: Onboarding
        subtitle: The first week
        author: Ann Author
        version: "2.1"
        ---
        ## Start

        Hello.
        """)
    first = deck.slides[0]
    assert first.layout == "title"
    assert first.title == "Onboarding"
    assert first.text("subtitle").paragraphs[0].text == "The first week"
    assert any("Ann Author" in p.text for p in first.text("meta").paragraphs)
    assert any("2.1" in p.text for p in first.text("meta").paragraphs)


def test_the_agenda_lists_the_sections_in_order() -> None:
    deck = plan("# T\n\n## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n")
    [agenda] = slides(deck, "agenda")
    assert agenda.title == LABELS["agenda"]
    assert body(agenda) == [("number", 0, "One"), ("number", 0, "Two"), ("number", 0, "Three")]


def test_long_documents_get_a_section_slide_per_section() -> None:
    count = THEME.setting("slides", "section_slides_from")
    sections = "".join(f"## Part {n}\n\nText {n}.\n\n" for n in range(1, count + 1))
    deck = plan(f"# T\n\n{sections}")
    assert [s.title for s in slides(deck, "section")] == [f"Part {n}" for n in range(1, count + 1)]
    assert [s.text("number").paragraphs[0].text for s in slides(deck, "section")] == \
        [str(n) for n in range(1, count + 1)]


def test_short_documents_get_no_section_slides() -> None:
    deck = plan("# T\n\n## One\n\nText.\n\n## Two\n\nText.\n")
    assert not slides(deck, "section")


def test_the_deck_closes_with_questions_and_a_summary_of_the_sections() -> None:
    deck = plan("# T\n\n## One\n\nText.\n\n## Two\n\nText.\n")
    last = deck.slides[-1]
    assert last.layout == "closing"
    assert last.title == LABELS["questions"]
    assert body(last) == [("plain", 0, LABELS["summary"]), ("bullet", 0, "One"), ("bullet", 0, "Two")]


def test_text_before_the_first_section_gets_a_slide_titled_with_the_document() -> None:
    deck = plan("# Handbook\n\nWelcome to the team.\n\n## One\n\nText.\n")
    assert deck.slides[1].title == "Handbook"
    assert body(deck.slides[1]) == [("bullet", 0, "Welcome to the team.")]


# ---------------------------------------------------------------- lists and paragraphs

def test_a_list_becomes_bullets_with_its_levels_kept() -> None:
    deck = plan("""
        # T

        ## Steps

        - One
            - Two
                - Three
        - Four
        """)
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "One"), ("bullet", 1, "Two"), ("bullet", 2, "Three"), ("bullet", 0, "Four")]


def test_an_ordered_list_keeps_its_numbers() -> None:
    deck = plan("# T\n\n## Steps\n\n3. Three\n4. Four\n")
    [slide] = slides(deck, "content")
    assert [(p.kind, p.number) for p in slide.text("body").paragraphs] == [("number", 3), ("number", 4)]


def test_a_paragraph_shows_its_lead_sentence_and_goes_whole_into_the_notes() -> None:
    deck = plan("""
        # T

        ## Why

        Trainers need *short* slides. Long paragraphs belong in the notes, where the presenter reads them.
        """)
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "Trainers need short slides.")]
    assert notes(slide) == ["Trainers need short slides. Long paragraphs belong in the notes, "
                            "where the presenter reads them."]
    assert [run.italic for run in slide.notes[0].runs if run.text == "short"] == [True]


def test_a_long_lead_sentence_is_shortened_at_a_clause_boundary() -> None:
    sentence = ("In the rapidly evolving landscape of modern software development and its many tools, "
                "the role of a technical product manager has emerged as a critical bridge between complex "
                "engineering capabilities and user-centric business goals, ensuring that the final product "
                "not only solves a user problem but is also built on a foundation of scalability, "
                "security, and performance.")
    deck = plan(f"# T\n\n## Role\n\n{sentence}\n")
    [slide] = slides(deck, "content")
    [(_, _, shown)] = body(slide)
    assert shown == ("The role of a technical product manager has emerged as a critical bridge between complex "
                     "engineering capabilities and user-centric business goals.")
    assert notes(slide) == [sentence]


def test_a_slides_block_replaces_the_body_and_the_text_goes_to_the_notes() -> None:
    deck = plan("""
        # T

        ## Pitch

        A long explanation that the presenter tells in their own words.

        ::: slides
        - Faster
        - Cheaper
        :::
        """)
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "Faster"), ("bullet", 0, "Cheaper")]
    assert notes(slide) == ["A long explanation that the presenter tells in their own words."]


def test_a_notes_block_adds_to_the_notes_of_the_slide_it_follows() -> None:
    deck = plan("""
        # T

        ## Warm-up

        Start with a question.

        ::: notes
        Ask who has **already** done this.
        :::
        """)
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "Start with a question.")]
    assert notes(slide) == ["Start with a question.", "Ask who has already done this."]
    assert any(run.bold and run.text == "already" for run in slide.notes[1].runs)


def test_print_blocks_are_left_out_of_the_deck() -> None:
    deck = plan("# T\n\n## A\n\nShown.\n\n::: print\nOnly on paper.\n:::\n")
    text = " ".join(p.text for s in deck.slides for f in s.texts for p in f.paragraphs)
    assert "Only on paper" not in text
    assert "Only on paper" not in " ".join(n for s in deck.slides for n in notes(s))


def test_a_sub_heading_leads_its_text_on_the_slide() -> None:
    deck = plan("# T\n\n## Skills\n\n### Listening\n\nListen first.\n")
    [slide] = slides(deck, "content")
    assert body(slide) == [("plain", 0, "Listening"), ("bullet", 0, "Listen first.")]
    assert all(run.bold for run in slide.text("body").paragraphs[0].runs)


def test_a_sub_heading_right_before_a_table_titles_the_table_slide() -> None:
    deck = plan("# T\n\n## Plan\n\n### Milestones\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n## Next\n\nText.\n")
    [table] = slides(deck, "table")
    assert table.title == "Milestones"
    assert [slide.title for slide in slides(deck, "content")] == ["Next"]


def test_a_notes_block_after_a_table_goes_to_the_table_slide() -> None:
    deck = plan("# T\n\n## Plan\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n::: notes\nWalk through it.\n:::\n")
    [table] = slides(deck, "table")
    assert notes(table)[-1] == "Walk through it."


OUTLINED = """# Onboarding

## Before day one

Send the laptop a week ahead. It needs setting up.

## The first week

### Meet the team

Lunch on Monday.

### Get access

Accounts on Tuesday.

## Resources

- The handbook

## After a month

Review the goals together.
"""


def test_agenda_notes_give_each_section_its_opening_sentence() -> None:
    [agenda] = slides(plan(OUTLINED), "agenda")
    assert [(p.kind, p.level, p.text) for p in agenda.notes] == [
        ("number", 0, "Before day one"), ("plain", 1, "Send the laptop a week ahead."),
        ("number", 0, "The first week"), ("plain", 1, "Lunch on Monday."),
        ("number", 0, "Resources"),
        ("number", 0, "After a month"), ("plain", 1, "Review the goals together.")]
    assert [p.number for p in agenda.notes if p.kind == "number"] == [1, 2, 3, 4]


def test_a_section_slide_notes_list_its_parts_or_else_its_opening_sentence() -> None:
    deck = plan(OUTLINED)
    assert len(slides(deck, "section")) == THEME.setting("slides", "section_slides_from")
    by_title = {s.title: notes(s) for s in slides(deck, "section")}
    assert by_title["Before day one"] == ["Send the laptop a week ahead."]
    assert by_title["The first week"] == ["Meet the team", "Get access"]
    assert by_title["Resources"] == []


def test_the_closing_notes_recap_every_section_as_the_agenda_did() -> None:
    deck = plan(OUTLINED)
    [agenda], closing = slides(deck, "agenda"), deck.slides[-1]
    assert closing.layout == "closing"
    assert closing.notes == agenda.notes


def test_notes_keep_list_structure() -> None:
    deck = plan("# T\n\n## A\n\n- One\n    - Two\n")
    [slide] = slides(deck, "content")
    assert [(p.kind, p.level, p.text) for p in slide.notes] == [("bullet", 0, "One"), ("bullet", 1, "Two")]


def test_links_stay_links() -> None:
    deck = plan("# T\n\n## A\n\nRead [the guide](https://example.org/guide) first.\n")
    [slide] = slides(deck, "content")
    assert [run.link for run in slide.text("body").paragraphs[0].runs if run.text == "the guide"] == \
        ["https://example.org/guide"]


def test_an_internal_link_opens_the_slide_of_its_heading() -> None:
    deck = plan("# T\n\n## Start\n\nSee [later](#later).\n\n## Later\n\nHere.\n")
    target = deck.anchor("#later")
    assert target is not None and deck.slides[target].title == "Later"


# ---------------------------------------------------------------- fitting and continuation

def test_a_long_list_continues_on_slides_titled_continued() -> None:
    deck = plan("# T\n\n## Many\n\n" + "".join(f"- Item {n}\n" for n in range(1, 41)))
    content = slides(deck, "content")
    assert len(content) > 1
    assert content[0].title == "Many"
    assert all(slide.title == f"Many {CONTINUED}" for slide in content[1:])
    shown = [text for slide in content for _, _, text in body(slide)]
    assert shown == [f"Item {n}" for n in range(1, 41)]
    assert all(len(body(slide)) <= THEME.setting("slides", "max_bullets") for slide in content)


def test_text_shrinks_within_the_floor_before_it_splits() -> None:
    floor = THEME.length_pt("slides", "body_min")
    deck = plan("# T\n\n## Many\n\n" + "".join(f"- Item {n} has a few words more\n" for n in range(1, 41)))
    sizes = {slide.text("body").size for slide in slides(deck, "content")}
    assert len(sizes) == 1 and sizes.pop() >= floor


def test_a_long_table_continues_on_the_next_slide_with_its_header_repeated() -> None:
    rows = "".join(f"| {n} | Step {n} |\n" for n in range(1, 13))
    deck = plan(f"# T\n\n## Plan\n\n| No | What |\n|---|---|\n{rows}")
    tables = slides(deck, "table")
    assert len(tables) == 2
    assert [s.title for s in tables] == ["Plan", f"Plan {CONTINUED}"]
    for slide in tables:
        assert [p.text for cell in slide.table.header[0] for p in cell] == ["No", "What"]
        assert len(slide.table.rows) <= THEME.setting("slides", "max_table_rows")
    numbers = [slide.table.rows[i][0][0].text for slide in tables for i in range(len(slide.table.rows))]
    assert numbers == [str(n) for n in range(1, 13)]


def test_table_rows_are_read_out_in_the_notes() -> None:
    deck = plan("# T\n\n## Plan\n\n| Role | Focus |\n|---|---|\n| PM | Market |\n")
    [table] = slides(deck, "table")
    assert notes(table) == ["PM: Focus: Market"]


def test_a_table_row_taller_than_a_slide_continues_in_the_next_row() -> None:
    cell = " ".join(f"word{n}" for n in range(400))
    deck = plan(f"# T\n\n## Plan\n\n| Step | Detail |\n|---|---|\n| 1 | {cell} |\n")
    tables = slides(deck, "table")
    assert len(tables) > 1
    shown = " ".join(row[1][0].text for slide in tables for row in slide.table.rows)
    assert shown.split() == cell.split()
    for slide in tables:
        assert_cells_fit(slide)


def assert_cells_fit(slide: Slide) -> None:
    """Every row is as tall as its tallest cell's lines at their pitch, and no taller; the table fits its box."""
    table, geometry = slide.table, load_geometry(THEME)
    left, top, right, bottom = geometry.cell_inset
    rows = [(row, True) for row in table.header] + [(row, False) for row in table.rows]
    for (row, bold), height, pitches in zip(rows, table.heights, table.pitches, strict=True):
        used = []
        for column, (paras, pitch) in enumerate(zip(row, pitches, strict=True)):
            width = table.widths[column] - left - right
            wrapped = [MEASURE.wrap(p.runs, width, Style("body", bold), table.size) for p in paras]
            assert all(w.line_height == pitch for w in wrapped)
            used.append(sum(w.height for w in wrapped))
        assert max(used) + top + bottom == pytest.approx(height)
    limit = geometry.box("table", "table")
    assert table.box.y + table.box.h <= limit.y + limit.h + 0.01


def test_an_unreadable_picture_is_a_labelled_placeholder_with_the_readers_warning(tmp_path: Path) -> None:
    write(tmp_path, "images/broken.png", b"\x89PNG\r\n\x1a\n" + bytes(24))
    document, read_diagnostics = read("# T\n\n## Results\n\n![Sales chart](images/broken.png)\n", tmp_path)
    deck, diagnostics = plan_deck(document, THEME)
    [slide] = slides(deck, "picture")
    assert slide.pictures[0].path is None and slide.pictures[0].label is not None
    assert [d.code for d in read_diagnostics] == ["image"] and not diagnostics


def test_short_text_before_a_table_leads_the_table_slide() -> None:
    deck = plan("# T\n\n## Plan\n\nThe plan has two steps.\n\n| No | What |\n|---|---|\n| 1 | Go |\n")
    [table] = slides(deck, "table")
    assert not slides(deck, "content")
    assert [p.text for p in table.text("lead").paragraphs] == ["The plan has two steps."]
    assert table.table.box.y >= table.text("lead").box.y + table.text("lead").box.h


def test_a_word_too_wide_for_its_cell_is_hyphenated() -> None:
    words = [letter * 60 for letter in "uvwxyz"]
    table_md = "| A | B | C | D | E | F |\n|---|---|---|---|---|---|\n| " + " | ".join(words) + " |\n"
    deck = plan(f"# T\n\n## Terms\n\n{table_md}")
    [table] = slides(deck, "table")
    for word, cell in zip(words, table.table.rows[0], strict=True):
        assert SOFT_BREAK in cell[0].text
        assert cell[0].text.replace("-" + SOFT_BREAK, "") == word


def test_a_25_word_heading_wraps_in_a_taller_title_box_without_going_below_the_floor() -> None:
    heading = " ".join(["Measure"] + ["the right outcomes before committing"] * 4 + ["roadmap", "features",
                                                                                     "today", "now"])
    assert len(heading.split()) == 25
    deck = plan(f"# T\n\n## {heading}\n\nShort text.\n")
    [slide] = slides(deck, "content")
    title, layout = slide.text("title"), load_geometry(THEME).box("content", "title")
    assert title.size >= THEME.length_pt("slides", "title_min")
    assert title.box.h > layout.h
    assert slide.text("body").box.y >= title.box.y + title.box.h


# ---------------------------------------------------------------- when text continues, and how it is shared out
#
# The policy (plan.py's docstring): text that fits one slide at a size from the body size down to
# its floor, with at most slides.max_bullets points, stays on one slide. Otherwise it continues on
# as few slides as the floor size needs (one more when that lifts it off the floor), all at one
# size, shared out so that the fullest slide is as empty as it can be.

FILLER = ("roadmap", "stakeholder", "metric", "review", "release", "budget", "sprint", "decision", "latency",
          "customer")


def words(count: int, start: int = 0) -> str:
    return " ".join(FILLER[(start + n) % len(FILLER)] for n in range(count))


def test_text_that_fits_one_slide_at_or_above_the_floor_is_shrunk_not_split() -> None:
    deck = plan("# T\n\n## Duties\n\nThe role is a hybrid discipline.\n\nIts duties include:\n\n"
                + "".join(f"- Duty {n}: {words(16, n)}.\n" for n in range(1, 6)))
    [slide] = slides(deck, "content")
    assert THEME.length_pt("slides", "body_min") <= slide.text("body").size < THEME.length_pt("slides", "body_size")


def test_a_lead_in_heads_its_list_nested_under_it_and_is_not_counted_as_a_point() -> None:
    most = THEME.setting("slides", "max_bullets")
    deck = plan("# T\n\n## Steps\n\nFollow these steps:\n\n" + "".join(f"- Step {n}\n" for n in range(1, most + 1)))
    [slide] = slides(deck, "content")
    steps = [("bullet", 1, f"Step {n}") for n in range(1, most + 1)]
    assert body(slide) == [("bullet", 0, "Follow these steps:"), *steps]


def test_a_paragraph_after_a_nested_list_is_a_point_of_its_own() -> None:
    deck = plan("# T\n\n## Steps\n\nFollow these steps:\n\n- Plan\n- Ship\n\nThen review the results.\n")
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "Follow these steps:"), ("bullet", 1, "Plan"), ("bullet", 1, "Ship"),
                           ("bullet", 0, "Then review the results.")]


def test_a_list_without_a_lead_in_stays_at_the_top_level() -> None:
    deck = plan("# T\n\n## Steps\n\nWe plan first.\n\n- Plan\n- Ship\n")
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "We plan first."), ("bullet", 0, "Plan"), ("bullet", 0, "Ship")]


def test_continued_text_is_shared_out_evenly() -> None:
    most = THEME.setting("slides", "max_bullets")
    deck = plan("# T\n\n## Many\n\n" + "".join(f"- Item {n}\n" for n in range(1, most + 2)))
    assert [len(body(slide)) for slide in slides(deck, "content")] == [(most + 2) // 2, (most + 1) // 2]


@pytest.mark.parametrize("count", [350, 550, 800])
def test_continued_text_is_set_above_the_floor_when_one_slide_more_allows(count: int) -> None:
    deck = plan(f"# T\n\n## Long\n\n::: slides\n{words(count)}.\n:::\n")
    content = slides(deck, "content")
    assert len(content) > 1
    assert len({slide.text("body").size for slide in content}) == 1
    assert content[0].text("body").size > THEME.length_pt("slides", "body_min")


def test_a_paragraph_longer_than_a_slide_is_cut_into_pieces_of_equal_length() -> None:
    deck = dict(DECKS)["long-paragraph"]
    frames = [slide.text("body") for slide in slides(deck, "content") if slide.title.startswith("The same")]
    lines = [MEASURE.wrap(frame.paragraphs[0].runs, frame.box.text_width, Style("body"), frame.size).lines
             for frame in frames]
    assert len(lines) > 1 and max(lines) - min(lines) <= 1


# ---------------------------------------------------------------- tables and titles as trainers want them

def test_a_table_that_fits_is_set_at_the_table_size_with_columns_that_follow_their_content() -> None:
    [slide] = slides(dict(DECKS)[ARTICLE.stem], "table")
    table = slide.table
    assert table.size == THEME.length_pt("slides", "table_size")
    first = [word for row in table.header + table.rows for word in row[0][0].text.split()]
    widest = max(MEASURE.width(word, Style("body", bold=True), table.size) for word in first)
    assert widest < table.widths[0] < sum(table.widths) / 4


def test_a_table_prefers_a_smaller_size_to_breaking_a_word() -> None:
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    deck = plan(f"# T\n\n## Terms\n\n| Term | Meaning |\n|---|---|\n| {word} | {word} is a long word |\n")
    [slide] = slides(deck, "table")
    assert all(SOFT_BREAK not in cell[0].text for row in slide.table.rows for cell in row)


def test_a_two_line_title_breaks_after_its_colon() -> None:
    deck = plan("# T\n\n## Technical Product Manager vs. Product Manager: The Key Differences\n\nText.\n")
    [slide] = slides(deck, "content")
    assert slide.title == "Technical Product Manager vs. Product Manager:\nThe Key Differences"


def test_a_long_title_is_broken_into_even_lines() -> None:
    heading = "Understanding the Core Responsibilities of a Technical Product Manager"
    deck = plan(f"# T\n\n## {heading}\n\nText.\n")
    [slide] = slides(deck, "content")
    lines = slide.title.split("\n")
    assert " ".join(lines) == heading and len(lines) == 2
    widths = [MEASURE.width(line, Style("heading", bold=True), slide.text("title").size) for line in lines]
    assert max(widths) < 1.5 * min(widths)


# ---------------------------------------------------------------- figures and callouts

def test_a_figure_gets_a_picture_slide_with_its_caption_and_alt_text(tmp_path: Path) -> None:
    write(tmp_path, "images/chart.svg", SVG)
    deck = plan("# T\n\n## Results\n\n![Sales doubled in May](images/chart.svg)\n", tmp_path)
    [slide] = slides(deck, "picture")
    assert slide.pictures[0].alt == "Sales doubled in May"
    assert slide.pictures[0].path == tmp_path / "images" / "chart.svg"
    assert slide.text("caption").paragraphs[0].text == "Sales doubled in May"
    assert slide.pictures[0].box.w / slide.pictures[0].box.h == pytest.approx(2.0)


def test_short_text_and_the_figure_after_it_share_a_slide(tmp_path: Path) -> None:
    write(tmp_path, "images/chart.svg", SVG)
    deck = plan("# T\n\n## Results\n\nSales doubled.\n\n![Sales chart](images/chart.svg)\n", tmp_path)
    [slide] = slides(deck, "two")
    assert body(slide) == [("bullet", 0, "Sales doubled.")]
    assert slide.pictures[0].alt == "Sales chart"
    assert "Sales doubled." in notes(slide)


def test_a_missing_picture_is_a_labelled_placeholder(tmp_path: Path) -> None:
    deck = plan("# T\n\n## Results\n\n![Sales chart](images/missing.png)\n", tmp_path)
    [slide] = slides(deck, "picture")
    assert slide.pictures[0].path is None
    assert slide.pictures[0].label.paragraphs[0].text == f"{LABELS['missing_picture']}: Sales chart"


def test_a_callout_gets_the_callout_layout_with_its_label() -> None:
    deck = plan("# T\n\n## Careful\n\n> [!WARNING]\n> Back up first.\n")
    [slide] = slides(deck, "callout")
    assert body(slide) == [("plain", 0, LABELS["warning"]), ("plain", 0, "Back up first.")]
    assert notes(slide) == [LABELS["warning"], "Back up first."]


# ---------------------------------------------------------------- properties of every deck

def specimen_decks() -> list[tuple[str, Deck]]:
    decks = []
    for path in [ARTICLE, *sorted(SPECIMENS.glob("*.md"))]:
        document, _ = read_file(path)
        decks.append((path.stem, plan_deck(document, THEME)[0]))
    return decks


DECKS = specimen_decks()


@pytest.mark.parametrize(("name", "deck"), DECKS, ids=[name for name, _ in DECKS])
def test_every_content_slide_has_speaker_notes(name: str, deck: Deck) -> None:
    for number, slide in enumerate(deck.slides, 1):
        if slide.layout in ("content", "two", "table", "picture", "callout"):
            assert slide.notes, f"slide {number} ({slide.title}) has no notes"


@pytest.mark.parametrize(("name", "deck"), DECKS, ids=[name for name, _ in DECKS])
def test_every_planned_text_fits_its_box_at_or_above_its_floor(name: str, deck: Deck) -> None:
    measure, geometry = Measure(THEME, load_geometry(THEME).line_spacing), load_geometry(THEME)
    floors = {THEME.length_pt("slides", key) for key in ("title_min", "body_min", "table_min")}
    for number, slide in enumerate(deck.slides, 1):
        for frame in slide.texts:
            assert frame.size >= min(floors), f"slide {number}: {frame.role} at {frame.size}pt"
            assert _height(measure, geometry, frame) <= frame.box.text_height + 0.01, \
                f"slide {number}: {frame.role} does not fit"
        if slide.table is not None:
            assert_cells_fit(slide)


def _height(measure: Measure, geometry: Geometry, frame: TextFrame) -> float:
    style = Style("heading", bold=True) if frame.role in ("title", "number") else Style("body")
    total = 0.0
    for index, para in enumerate(frame.paragraphs):
        width = frame.box.text_width - _indent(geometry, para)
        total += measure.wrap(para.runs, width, style, frame.size).height
        total += 0 if index == 0 else frame.size * geometry.paragraph_space
    return total


def _indent(geometry: Geometry, para: Para) -> float:
    if para.kind == "plain":
        return geometry.levels[para.level - 1].margin if para.level else 0.0
    return geometry.levels[para.level].margin


def test_a_malformed_deck_geometry_is_reported_with_its_file(tmp_path: Path) -> None:
    shutil.copytree(THEME.folder, tmp_path / "broken")
    geometry = tmp_path / "broken" / "deck" / "deck.yaml"
    geometry.write_text(geometry.read_text(encoding="utf-8").replace("slide: [13.333in, 7.5in]", "slide: [wide]"),
                        encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_geometry(load_theme("broken", tmp_path))
    assert caught.value.diagnostic.path == geometry


def test_the_deck_grammar_knows_exactly_the_layouts_the_planner_uses() -> None:
    assert set(DECK_GRAMMAR["layouts"]) == set(get_args(LayoutKey))


def test_right_to_left_documents_are_planned_right_to_left() -> None:
    deck = plan("---\ntitle: שלום\nlang: he\n---\n## פתיחה\n\nמנהל מוצר טכני מחבר בין העסק לבין ההנדסה.\n")
    assert deck.rtl and deck.lang == "he"


# ---------------------------------------------------------------- decks written as slides

def titles(deck: Deck) -> list[tuple[str, str]]:
    return [(slide.layout, slide.title) for slide in deck.slides]


def test_a_marp_deck_keeps_its_slides_one_to_one_with_comments_as_notes() -> None:
    deck = plan("""
        ---
        marp: true
        title: Kickoff
        ---
        # Welcome

        Glad you are here.

        <!-- Introduce yourself. -->

        ---

        # Plan

        - Morning
        - Afternoon
        """)
    assert titles(deck) == [("title", "Kickoff"), ("content", "Welcome"), ("content", "Plan")]
    assert notes(deck.slides[1]) == ["Introduce yourself."]


def test_an_untitled_slide_keeps_the_title_before_it() -> None:
    deck = plan("""
        ---
        title: Workshop
        format: revealjs
        ---
        ## Schedule

        Morning.

        ##

        Afternoon.

        ## {background-color="white"}

        Evening.
        """)
    assert titles(deck) == [("title", "Workshop"), *[("content", "Schedule")] * 3]


def test_a_quarto_deck_starts_a_slide_at_each_second_level_heading_and_a_section_at_each_first() -> None:
    deck = plan("""
        ---
        title: Workshop
        format:
          revealjs:
            slide-number: true
        ---
        ## Schedule

        Morning and afternoon.

        # Part one

        ## Basics

        The basics.

        #### A detail

        Still on the basics slide.

        ## More

        More text.
        """)
    assert titles(deck) == [("title", "Workshop"), ("content", "Schedule"), ("section", "Part one"),
                            ("content", "Basics"), ("content", "More")]
    assert "Still on the basics slide." in [text for _, _, text in body(deck.slides[3])]


def test_a_slide_level_in_the_front_matter_decides_which_headings_start_slides() -> None:
    deck = plan("""
        ---
        title: Deck
        format: revealjs
        slide-level: 1
        ---
        # One

        ## Inside one

        Text.

        # Two

        Text.
        """)
    assert titles(deck) == [("title", "Deck"), ("content", "One"), ("content", "Two")]


def test_a_pandoc_deck_takes_the_highest_heading_level_followed_by_text_as_its_slide_level() -> None:
    deck = plan("""
        ---
        title: Deck
        output: beamer_presentation
        ---
        # Section

        ### Slide A

        Text A.

        ### Slide B

        Text B.
        """)
    assert titles(deck) == [("title", "Deck"), ("section", "Section"), ("content", "Slide A"),
                            ("content", "Slide B")]


def test_a_marp_heading_divider_starts_a_slide_at_each_heading_of_that_level() -> None:
    deck = plan("""
        ---
        marp: true
        headingDivider: 2
        title: Deck
        ---
        ## First

        Text one.

        ## Second

        Text two.
        """)
    assert titles(deck) == [("title", "Deck"), ("content", "First"), ("content", "Second")]


# ---------------------------------------------------------------- columns

def columns(*cells: str, widths: tuple[str, ...] = ()) -> str:
    inner = "".join(f'::: {{.column{f" width={w}" if w else ""}}}\n{cell}\n:::\n'
                    for cell, w in zip(cells, widths or ("",) * len(cells), strict=True))
    return f"# T\n\n## Side by side\n\n:::: columns\n{inner}::::\n"


def test_two_columns_share_a_two_column_slide() -> None:
    [slide] = slides(plan(columns("- left point", "- right point")), "two")
    assert [p.text for p in slide.text("left").paragraphs] == ["left point"]
    assert [p.text for p in slide.text("right").paragraphs] == ["right point"]


def test_three_columns_share_a_three_column_slide_at_one_size() -> None:
    [slide] = slides(plan(columns("- one", "- two " * 30, "- three")), "three")
    frames = [slide.text(role) for role in ("left", "middle", "right")]
    assert [f.paragraphs[0].text.strip() for f in frames][::2] == ["one", "three"]
    assert len({f.size for f in frames}) == 1


def test_column_widths_set_the_boxes_and_keep_the_gap() -> None:
    [slide] = slides(plan(columns("- left", "- right", widths=("30%", "70%"))), "two")
    left, right = slide.text("left").box, slide.text("right").box
    assert left.w / right.w == pytest.approx(30 / 70)
    layout = load_geometry(THEME)
    assert right.x - left.x - left.w == pytest.approx(layout.box("two", "right").x - layout.box("two", "left").x
                                                      - layout.box("two", "left").w)


def test_a_column_holding_a_picture_shows_it_beside_the_text(tmp_path: Path) -> None:
    write(tmp_path, "chart.svg", SVG)
    [slide] = slides(plan(columns("![Sales chart](chart.svg)", "- sales doubled"), tmp_path), "two")
    [picture] = slide.pictures
    assert (picture.role, picture.alt) == ("left", "Sales chart")
    assert slide.text("right").paragraphs[0].text == "sales doubled"


def test_columns_too_long_for_one_slide_follow_each_other() -> None:
    deck = plan(columns("\n".join(f"- left point {n}" for n in range(30)), "- right point"))
    shown = [p.text for slide in slides(deck, "content") for p in slide.text("body").paragraphs]
    assert not slides(deck, "two") and shown[0] == "left point 0" and shown[-1] == "right point"


def test_four_columns_follow_each_other() -> None:
    deck = plan(columns("- a", "- b", "- c", "- d"))
    [slide] = slides(deck, "content")
    assert body(slide) == [("bullet", 0, "a"), ("bullet", 0, "b"), ("bullet", 0, "c"), ("bullet", 0, "d")]


def test_a_picture_width_is_its_share_of_the_slides_picture_box(tmp_path: Path) -> None:
    write(tmp_path, "chart.svg", SVG)
    [slide] = slides(plan("# T\n\n## R\n\n![Chart](chart.svg){width=25%}\n", tmp_path), "picture")
    assert slide.pictures[0].box.w == pytest.approx(load_geometry(THEME).box("picture", "picture").w / 4)


# ---------------------------------------------------------------- lessons

LESSON = """
    # Loops

    ::: questions
    - How do I repeat a command?
    :::

    ::: objectives
    - Write a loop.
    :::

    ## Loops

    Loops repeat commands.

    :::: challenge
    ## Write your own loop

    Echo every file name.

    ::: solution
    `for f in *; do echo $f; done`
    :::
    ::::

    ::: keypoints
    - A for loop repeats commands.
    :::

    ## More

    Text.
    """


def test_a_lesson_opens_with_its_learning_objectives_then_its_questions() -> None:
    deck = plan(LESSON)
    slide = deck.slides[1]
    assert slide.title == LABELS["learning_objectives"]
    assert body(slide) == [("bullet", 0, "Write a loop."), ("plain", 0, LABELS["lesson_questions"]),
                           ("bullet", 0, "How do I repeat a command?")]


def test_a_lessons_key_points_are_the_last_slide_before_the_closing() -> None:
    deck = plan(LESSON)
    assert deck.slides[-2].title == LABELS["keypoints"] and deck.slides[-1].layout == "closing"
    assert body(deck.slides[-2]) == [("bullet", 0, "A for loop repeats commands.")]


def test_a_challenge_is_an_exercise_slide_titled_by_its_heading_without_its_solution() -> None:
    [slide] = [s for s in slides(plan(LESSON), "callout") if s.title == "Write your own loop"]
    shown = [p.text for p in slide.text("body").paragraphs]
    assert shown[0] == LABELS["challenge"] and "Echo every file name." in shown
    assert not any("for f in" in text for text in shown) and any("for f in" in text for text in notes(slide))


def test_code_on_a_slide_keeps_its_token_kinds_for_the_themes_colours() -> None:
    deck = plan("# T\n\n## Code\n\n```python\nreturn 1  # one\n```\n")
    [slide] = slides(deck, "content")
    runs = slide.text("body").paragraphs[0].runs
    assert [(r.text, r.token, r.italic) for r in runs] == [("return", "keyword", False), (" ", None, False),
                                                          ("1", "number", False), ("  ", None, False),
                                                          ("# one", "comment", True)]
    assert all(r.code for r in runs)


def test_a_callout_inside_a_callout_keeps_its_label() -> None:
    deck = plan('# T\n\n## S\n\n!!! note "Outer"\n    Outer text.\n\n    !!! tip "Inner"\n        Inner text.\n')
    [slide] = slides(deck, "callout")
    assert [p.text for p in slide.text("body").paragraphs] == ["Outer", "Outer text.", "Inner", "Inner text."]


def test_the_one_picture_of_an_authors_slide_goes_beside_its_text_wherever_it_was_written(tmp_path: Path) -> None:
    write(tmp_path, "logo.svg", SVG)
    deck = plan("---\nmarp: true\ntitle: T\n---\n![bg right Our logo](logo.svg)\n\n# Pages\n\n- Ready to host\n",
                tmp_path)
    [slide] = slides(deck, "two")
    assert slide.title == "Pages" and body(slide) == [("bullet", 0, "Ready to host")]
    assert slide.pictures[0].alt == "Our logo"


# ---------------------------------------------------------------- formulas

def test_a_displayed_formula_is_drawn_beside_the_text_before_it_with_its_tex_as_alt_text() -> None:
    deck = plan("# T\n\n## Motion\n\nThe energy:\n\n$$\nE = mc^2\n$$\n")
    [slide] = slides(deck, "two")
    [picture] = slide.pictures
    assert (picture.alt, picture.role, picture.path) == ("E = mc^2", "right", None) and "<path" in picture.svg
    assert "E = mc²" in notes(slide)


def test_a_formula_in_running_text_is_its_unicode_reading_in_italics() -> None:
    deck = plan("# T\n\n## Motion\n\nThe energy $E = mc^2$ grows.\n")
    [slide] = slides(deck, "content")
    assert [(r.text, r.italic) for r in slide.text("body").paragraphs[0].runs] == [
        ("The energy ", False), ("E = mc²", True), (" grows.", False)]
