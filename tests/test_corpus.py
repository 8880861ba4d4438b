"""Every real document in tests/corpus/ (see SOURCES.md) builds both artifacts, with no source markup
in their text outside code and every heading in both."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from helpers import ROOT
from publish.cli import main as publish
from publish.model.document import CodeBlock, Heading, RawBlock, Text, plain_text, walk
from publish.read import read_file

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/*.md"))
PRINTED_URL = re.compile(r"\s*\((?:https?://|mailto:)[^)]*\)")
MARKUP = re.compile(r"!!!|\?\?\?|:::|\{%|\{\{<|\{\{%|\{:|\[!NOTE\]|<!--")


def squash(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


@pytest.fixture(params=CORPUS, ids=lambda path: f"{path.parent.name}/{path.stem}", scope="module")
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    source: Path = request.param
    folder = tmp_path_factory.mktemp(source.stem)
    pdf, deck = folder / "guide.pdf", folder / "deck.pptx"
    assert publish([str(source), "-o", str(pdf), "-o", str(deck), "-q"]) == 0
    return source, pdf, deck


def code_pieces(source: Path) -> tuple[str, list[str]]:
    """The document's code blocks (squashed, as one text) and its inline code spans: markup shown
    as code is what the author meant to show."""
    document, _ = read_file(source)
    blocks = " ".join(block.code if isinstance(block, CodeBlock) else block.text
                      for block in walk(document.blocks) if isinstance(block, (CodeBlock, RawBlock)))
    spans = [item.text for block in walk(document.blocks) for item in getattr(block, "content", ())
             if isinstance(item, Text) and "code" in item.styles]
    return squash(blocks), [span.strip() for span in spans if span.strip()]


def leaked(text: str, code: str, spans: list[str]) -> bool:
    return bool(MARKUP.search(text)) and squash(text) not in code and not any(
        MARKUP.search(span) and span in text for span in spans)


def test_no_source_markup_is_printed_outside_code(built: tuple[Path, Path, Path]) -> None:
    source, pdf, _ = built
    with pdfplumber.open(pdf) as opened:
        lines = [line for page in opened.pages for line in (page.extract_text() or "").splitlines()]
    code, spans = code_pieces(source)
    assert [line for line in lines if leaked(line, code, spans)] == []


def test_no_source_markup_is_on_a_slide(built: tuple[Path, Path, Path]) -> None:
    source, _, deck = built
    code, spans = code_pieces(source)
    for number, slide in enumerate(Presentation(str(deck)).slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                if leaked(paragraph.text, code, spans):
                    text = paragraph.text
                    pytest.fail(f"slide {number}: {text!r}")


def test_every_heading_is_in_both_artifacts(built: tuple[Path, Path, Path]) -> None:
    source, pdf, deck = built
    document, _ = read_file(source)
    headings = [squash(plain_text(b.content)) for b in walk(document.blocks) if isinstance(b, Heading)]
    with pdfplumber.open(pdf) as opened:
        text = " ".join(page.extract_text() or "" for page in opened.pages)
    printed = squash(PRINTED_URL.sub("", text))  # the guide prints a link's address after its text
    opened_deck = Presentation(str(deck))
    slides = squash(" ".join(shape.text_frame.text for slide in opened_deck.slides
                             for shape in slide.shapes if shape.has_text_frame)
                    + " ".join(slide.notes_slide.notes_text_frame.text for slide in opened_deck.slides
                               if slide.has_notes_slide))
    assert [h for h in headings if h not in printed] == []
    assert [h for h in headings if h not in slides] == []
