"""Any language and script: the specimens in tests/specimens/lang-*.md, read back from both artifacts.

Each specimen (Arabic, Hebrew, Chinese, Japanese, and German with Greek,
Cyrillic and emoji) has real sentences in a heading, a paragraph, a list and
a table. Each is built once to a PDF and a deck.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pikepdf
import pyphen
import pytest
from pptx import Presentation

from helpers import ROOT
from publish.build import prepare
from publish.build import write as build_artifact
from publish.guide.html import render_html
from publish.job import BuildOptions
from publish.model.diagnostics import Diagnostic
from publish.model.document import Document, Paragraph, plain_text, walk
from publish.theme import font_file, load_theme, to_points

SPECIMENS = ROOT / "tests" / "specimens"
LANGS = {"ar": "ar-SA", "he": "he-IL", "zh": "zh-CN", "ja": "ja", "mixed": "de"}
RTL, CJK = ("ar", "he"), ("zh", "ja")
PAPER = load_theme("default").tokens["paper"]
# Nothing may print outside the narrower of the two side margins (pages alternate inner and outer).
SIDE_MARGIN = min(to_points(PAPER["margin_inner"]), to_points(PAPER["margin_outer"]))
WIDER_MARGIN = max(to_points(PAPER["margin_inner"]), to_points(PAPER["margin_outer"]))
TOLERANCE = 1.0  # points: rounding in the PDF's glyph positions
LINE_GAP = 4.0  # points: characters whose baselines are closer share a line (fallback fonts sit differently)
FREE_SPACE = 72.0  # points: what a short line leaves free at its end
CLOSING_PUNCTUATION = "、。，．,.：；！？」』）】〕〉》"  # never at the start of a CJK line (kinsoku)


@dataclass(frozen=True)
class Built:
    document: Document
    pdf: Path
    deck: Path
    diagnostics: list[Diagnostic]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every specimen's PDF and deck, with every warning of the build."""
    folder = tmp_path_factory.mktemp("languages")
    out = {}
    for name in LANGS:
        job, diagnostics = prepare(SPECIMENS / f"lang-{name}.md", BuildOptions())
        for suffix in (".pdf", ".pptx"):
            _, found = build_artifact(job, folder / f"{name}{suffix}")
            diagnostics = diagnostics + found
        out[name] = Built(job.document, folder / f"{name}.pdf", folder / f"{name}.pptx", diagnostics)
    return out


# --------------------------------------------------------------------------- reading the artifacts back


@dataclass(frozen=True)
class Line:
    text: str  # without spaces
    x0: float
    x1: float


def pdf_lines(path: Path) -> Iterator[tuple[int, float, list[Line]]]:
    """(page number, page width, its text lines in reading order) for every page."""
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines = [Line(re.sub(r"\s+", "", line["text"]), line["x0"], line["x1"])
                     for line in page.extract_text_lines(return_chars=False)]
            yield number, float(page.width), lines


def line_around(path: Path, char: str) -> tuple[float, list[dict]]:
    """(page width, the characters of the one line printing `char`, left to right)."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            found = [c for c in page.chars if c["text"] == char]
            if found:
                assert len(found) == 1, f"{char!r} is printed {len(found)} times"
                line = [c for c in page.chars if abs(c["bottom"] - found[0]["bottom"]) < LINE_GAP]
                return float(page.width), sorted(line, key=lambda c: c["x0"])
    raise AssertionError(f"{char!r} is not printed in {path.name}")


def first_paragraph(document: Document) -> str:
    return next(plain_text(b.content) for b in walk(document.blocks) if isinstance(b, Paragraph))


def lines_of(path: Path, text: str) -> tuple[float, list[Line]]:
    """The consecutive PDF lines that together print `text` (spaces and break hyphens aside)."""
    wanted = re.sub(r"\s+", "", text)
    for _, width, lines in pdf_lines(path):
        for start in range(len(lines)):
            joined = ""
            for end in range(start, len(lines)):
                piece = lines[end].text
                joined += piece[:-1] if piece.endswith("-") and not wanted.startswith(joined + piece) else piece
                if joined == wanted:
                    return width, lines[start:end + 1]
                if not wanted.startswith(joined):
                    break
    raise AssertionError(f"{text[:40]!r} is not printed in {path.name}")


def deck_paragraphs(path: Path) -> Iterator[tuple[str, object]]:
    """(where, a:p element) for every paragraph on the slides, in their tables and in their notes."""
    deck = Presentation(str(path))
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if getattr(shape, "has_table", False) and shape.has_table:
                frames.extend(cell.text_frame for row in shape.table.rows for cell in row.cells)
            for frame in frames:
                for p in frame.paragraphs:
                    yield f"slide {number} {shape.name}", p._p
        if slide.has_notes_slide:
            for p in slide.notes_slide.notes_text_frame.paragraphs:
                yield f"slide {number} notes", p._p


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


# --------------------------------------------------------------------------- lang


@pytest.mark.parametrize("name", LANGS)
def test_the_front_matter_lang_is_the_pdf_lang(built: dict[str, Built], name: str) -> None:
    with pikepdf.open(built[name].pdf) as pdf:
        assert str(pdf.Root.Lang) == LANGS[name]


@pytest.mark.parametrize("name", LANGS)
def test_the_front_matter_lang_is_the_html_lang(built: dict[str, Built], name: str, tmp_path: Path) -> None:
    job, _ = prepare(SPECIMENS / f"lang-{name}.md", BuildOptions())
    html, _ = render_html(job, tmp_path)
    direction = "rtl" if name in RTL else "ltr"
    assert f'<html lang="{LANGS[name]}" dir="{direction}">' in html


@pytest.mark.parametrize("name", LANGS)
def test_every_run_of_the_deck_carries_the_front_matter_lang(built: dict[str, Built], name: str) -> None:
    langs = {r.get("lang") for _, p in deck_paragraphs(built[name].deck) for r in p.iter(f"{A}rPr")}
    assert langs == {LANGS[name]}


@pytest.mark.parametrize("name", LANGS)
def test_the_guide_and_the_deck_label_things_in_the_document_language(built: dict[str, Built], name: str,
                                                                       tmp_path: Path) -> None:
    job, _ = prepare(SPECIMENS / f"lang-{name}.md", BuildOptions())
    labels = job.theme.labels(LANGS[name])
    assert labels != job.theme.tokens["labels"]  # every specimen's language has its labels
    html, _ = render_html(job, tmp_path)
    assert f'class="contents-title">{labels["contents"]}</h' in html
    assert f'content: "{labels["page"]}" " " counter(page) " " "{labels["of"]}" " " counter(pages)' in html
    closing = Presentation(str(built[name].deck)).slides[-1]
    assert closing.shapes.title.text == labels["questions"]


# --------------------------------------------------------------------------- hyphenation


def test_a_long_german_paragraph_is_hyphenated_at_german_syllables(built: dict[str, Built]) -> None:
    """lang: de selects the German hyphenation patterns: each break is one they allow."""
    _, lines = lines_of(built["mixed"].pdf, first_paragraph(built["mixed"].document))
    german = pyphen.Pyphen(lang="de")
    breaks = []
    for line, following in pairwise(lines):
        if line.text.endswith("-"):
            head = re.findall(r"\w+-$", line.text)[0][:-1]
            word = head + re.findall(r"^\w+", following.text)[0]
            breaks.append((word, len(head)))
    assert len(breaks) >= 2, [line.text for line in lines]
    assert all(position in german.positions(word) for word, position in breaks), breaks


# --------------------------------------------------------------------------- right to left


@pytest.mark.parametrize("name", RTL)
def test_a_short_rtl_paragraph_ends_at_the_left_and_starts_at_the_right_margin(built: dict[str, Built],
                                                                                name: str) -> None:
    """The closing question of the specimen is one line: its question mark is its leftmost character,
    its right edge is the right margin, and the free space is on the left."""
    question = "؟" if name == "ar" else "?"
    width, line = line_around(built[name].pdf, question)
    assert line[0]["text"] == question
    assert width - line[-1]["x1"] <= WIDER_MARGIN + TOLERANCE
    assert line[0]["x0"] - SIDE_MARGIN > FREE_SPACE


def test_a_short_ltr_paragraph_starts_at_the_left_margin(built: dict[str, Built]) -> None:
    """The control for the test above: a short German line starts at the left, its free space on the right."""
    width, line = line_around(built["mixed"].pdf, "🎉")
    assert line[0]["text"] == "E"  # Emoji zeigen ...
    assert line[0]["x0"] <= WIDER_MARGIN + TOLERANCE
    assert width - SIDE_MARGIN - line[-1]["x1"] > FREE_SPACE


@pytest.mark.parametrize("name", RTL)
def test_every_deck_paragraph_is_right_to_left(built: dict[str, Built], name: str) -> None:
    ltr = [where for where, p in deck_paragraphs(built[name].deck)
           if p.find(f"{A}pPr") is None or p.find(f"{A}pPr").get("rtl") != "1"]
    assert ltr == []


def test_no_deck_paragraph_of_a_left_to_right_document_is_right_to_left(built: dict[str, Built]) -> None:
    rtl = [where for where, p in deck_paragraphs(built["mixed"].deck)
           if p.find(f"{A}pPr") is not None and p.find(f"{A}pPr").get("rtl") == "1"]
    assert rtl == []


# --------------------------------------------------------------------------- CJK


@pytest.mark.parametrize("name", CJK)
def test_cjk_text_stays_inside_the_text_column(built: dict[str, Built], name: str) -> None:
    outside = [(number, line.text) for number, width, lines in pdf_lines(built[name].pdf) for line in lines
               if line.x0 < SIDE_MARGIN - TOLERANCE or line.x1 > width - SIDE_MARGIN + TOLERANCE]
    assert outside == []


@pytest.mark.parametrize("name", CJK)
def test_a_cjk_paragraph_breaks_between_ideographs(built: dict[str, Built], name: str) -> None:
    """No spaces to break at: the paragraph still wraps, each break between two wide characters."""
    _, lines = lines_of(built[name].pdf, first_paragraph(built[name].document))
    assert len(lines) >= 3
    for line, following in pairwise(lines):
        assert unicodedata.east_asian_width(line.text[-1]) in "WF", line.text
        assert unicodedata.east_asian_width(following.text[0]) in "WF", following.text


@pytest.mark.parametrize("name", CJK)
def test_no_cjk_line_starts_with_closing_punctuation(built: dict[str, Built], name: str) -> None:
    starts = [line.text[0] for _, _, lines in pdf_lines(built[name].pdf) for line in lines]
    assert not set(starts) & set(CLOSING_PUNCTUATION)


# --------------------------------------------------------------------------- glyphs and fonts


@pytest.mark.parametrize("name", LANGS)
def test_every_character_has_a_glyph(built: dict[str, Built], name: str) -> None:
    assert [d.message for d in built[name].diagnostics if d.code == "missing-glyph"] == []


@pytest.mark.parametrize("name", LANGS)
def test_the_specimens_build_without_any_warning(built: dict[str, Built], name: str) -> None:
    assert [str(d) for d in built[name].diagnostics] == []


@pytest.mark.parametrize("name", LANGS)
def test_pdffonts_lists_only_embedded_fonts(built: dict[str, Built], name: str) -> None:
    listing = subprocess.run(["pdffonts", str(built[name].pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    # name type... encoding emb sub uni object-id: `emb` is the fifth field from the end
    assert [row for row in rows if row.split()[-5] != "yes"] == []


def test_every_fallback_font_of_the_theme_is_installed() -> None:
    """scripts/setup-system.sh installs a font for every script the theme falls back to."""
    fallbacks = load_theme("default").tokens["fonts"]["fallbacks"]
    assert [family for family in fallbacks if font_file(family) is None] == []
