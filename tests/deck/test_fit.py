"""Measuring slide text with real font files, and finding a paragraph's key point."""

from __future__ import annotations

from collections.abc import Callable

from fontTools.ttLib import TTFont

from publish.deck.fit import KERN_FROM, SOFT_BREAK, Measure, Style
from publish.deck.inlines import text_of
from publish.deck.keypoints import key_point, lead_sentence
from publish.deck.model import Run
from publish.theme import font_file, load_theme

THEME = load_theme("default")
MEASURE = Measure(THEME, 1.0)
BODY = Style("body")


def advance(path: str, text: str, size: float) -> float:
    font = TTFont(path)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    return sum(metrics[cmap[ord(c)]][0] for c in text) / font["head"].unitsPerEm * size


def runs(text: str) -> tuple[Run, ...]:
    return (Run(text),)


def by_length(limit: int) -> Callable[[tuple[Run, ...]], bool]:
    """A stand-in for "fits in two lines": at most `limit` characters."""
    return lambda candidate: len(text_of(candidate)) <= limit


# ---------------------------------------------------------------- measuring

def test_text_is_measured_with_the_file_of_the_font_the_deck_names() -> None:
    path = font_file(THEME.font("body").family)
    assert path is not None and THEME.font("body").office == "Calibri"
    small = KERN_FROM - 2  # below the size renderers kern from, widths are the plain advances
    assert MEASURE.width("Hello, trainers", BODY, small) == advance(str(path), "Hello, trainers", small)


def test_text_from_12pt_is_kerned_as_the_renderers_kern_it() -> None:
    path = str(font_file(THEME.font("body").family))
    assert MEASURE.width("AVATAR", BODY, 24) < advance(path, "AVATAR", 24)
    assert MEASURE.width("AVATAR", BODY, KERN_FROM - 1) == advance(path, "AVATAR", KERN_FROM - 1)
    assert MEASURE.width("A V", BODY, 24) == advance(path, "A V", 24)  # no pair across a space


def test_the_indentation_of_a_line_takes_its_room_as_the_renderers_draw_it() -> None:
    code = Style("mono")
    indented = MEASURE.wrap((Run("    x = 1", code=True),), 1000, BODY, 20)
    assert indented.widest == MEASURE.width("    x = 1", code, 20)


def test_spaces_where_a_line_wraps_take_no_room() -> None:
    line = MEASURE.width("word", BODY, 20)
    wrapped = MEASURE.wrap(runs("word " + " " * 20 + "word"), line * 1.5, BODY, 20)
    assert wrapped.lines == 2 and wrapped.widest == line


def test_bold_text_is_measured_in_the_bold_face() -> None:
    assert MEASURE.width("Hello", Style("body", bold=True), 24) > MEASURE.width("Hello", BODY, 24)


def test_characters_the_font_lacks_are_measured_in_a_fallback_font() -> None:
    hebrew = font_file("Noto Sans Hebrew")
    assert hebrew is not None
    assert MEASURE.width("שלום", BODY, 10) == advance(str(hebrew), "שלום", 10)


def test_a_line_breaks_before_the_word_that_no_longer_fits() -> None:
    width = MEASURE.width("one two three", BODY, 20) * 1.1
    wrapped = MEASURE.wrap(runs("one two three four"), width, BODY, 20)
    assert wrapped.starts == (0, len("one two three "))


def test_a_hard_line_break_starts_a_new_line() -> None:
    assert MEASURE.wrap(runs("one\ntwo"), 500, BODY, 20).lines == 2


def test_a_word_wider_than_the_line_is_hyphenated_without_leaving_a_lone_letter() -> None:
    word = "x" * 60
    width = MEASURE.width("x" * 29, BODY, 20)
    wrapped = MEASURE.wrap(runs(word), width, BODY, 20)
    pieces = text_of(wrapped.runs).split(SOFT_BREAK)
    assert len(pieces) == wrapped.lines > 1
    assert all(piece.endswith("-") for piece in pieces[:-1]) and len(pieces[-1]) >= 3
    assert "".join(pieces).replace("-", "") == word


def test_a_link_that_does_not_fit_the_rest_of_the_line_starts_the_next_one_whole() -> None:
    width = MEASURE.width("the release runbook now", BODY, 20) * 1.1
    text = (Run("see you at "), Run("the release runbook now", link="https://example.org"))
    wrapped = MEASURE.wrap(text, width, BODY, 20)
    assert wrapped.starts == (0, len("see you at "))  # LibreOffice sets a link as one field: no break inside


def test_a_link_wider_than_the_line_is_broken_without_a_hyphen() -> None:
    address = "https://example.org/" + "x" * 60
    wrapped = MEASURE.wrap((Run(address, link=address),), MEASURE.width("x" * 29, BODY, 20), BODY, 20)
    assert wrapped.lines > 1
    assert text_of(wrapped.runs).replace(SOFT_BREAK, "") == address  # the address shown stays the address


def test_text_as_set_wraps_exactly_as_planned() -> None:
    """The writer puts the set text on the slide; measuring it again must give the same lines."""
    text = (Run("— " + "ä" * 70 + " | "), Run("ö" * 60, code=True), Run(" end", bold=True))
    for width in (90.0, 150.0, 240.0):
        first = MEASURE.wrap(text, width, BODY, 13)
        assert MEASURE.wrap(first.runs, width, BODY, 13).lines == first.lines


def test_line_height_follows_the_font() -> None:
    face = TTFont(str(font_file(THEME.font("body").family)))
    hhea = face["hhea"]
    expected = (hhea.ascent - hhea.descent + hhea.lineGap) / face["head"].unitsPerEm * 24
    assert MEASURE.line_height(runs("Hello"), BODY, 24) >= expected


# ---------------------------------------------------------------- key points

def test_the_lead_sentence_ends_at_the_first_full_stop_that_ends_a_sentence() -> None:
    text = "Use tools, e.g. linters, to check code. Then review it."
    assert text_of(lead_sentence(runs(text))) == "Use tools, e.g. linters, to check code."


def test_a_short_lead_sentence_is_kept_whole() -> None:
    assert text_of(key_point(runs("Keep it short. More text."), by_length(100))) == "Keep it short."


def test_a_leading_connective_is_dropped() -> None:
    point = key_point(runs("Furthermore, the team ships every week to its users."), by_length(100))
    assert text_of(point) == "The team ships every week to its users."


def test_a_framing_clause_is_dropped_when_the_sentence_is_too_long() -> None:
    sentence = "While you need not be a coder, you must understand the architecture of the system."
    assert text_of(key_point(runs(sentence), by_length(60))) == "You must understand the architecture of the system."


def test_a_trailing_clause_is_cut_when_the_sentence_is_still_too_long() -> None:
    sentence = "The TPM turns goals into specifications, ensuring that the product scales and stays secure."
    assert text_of(key_point(runs(sentence), by_length(50))) == "The TPM turns goals into specifications."


def test_without_a_clause_boundary_the_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    sentence = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho."
    point = text_of(key_point(runs(sentence), by_length(30)))
    assert point.endswith("…") and len(point) <= 30 and sentence.startswith(point[:-1])


def test_emphasis_survives_shortening() -> None:
    text = (Run("Furthermore, "), Run("measure", bold=True), Run(" what matters to customers."))
    point = key_point(text, by_length(100))
    assert [(r.text, r.bold) for r in point] == [("Measure", True), (" what matters to customers.", False)]
