"""Decks as LibreOffice draws them: converted to PDF in one run, and every word checked against
the shape that holds it (a word drawn outside its shape, or off the slide, is overflow)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pptx import Presentation
from pptx.slide import Slide

EMU_PER_POINT = 12700
TOLERANCE = 1.0  # points: PDF glyph boxes are rounded
INVISIBLE = re.compile("[\u200b\u00ad]")


def render_decks(decks: list[Path], profile: Path) -> dict[str, tuple[Path, Path]]:
    """Every deck converted to a PDF beside it by one LibreOffice run (a fresh profile: no lock shared
    with other runs); deck name -> (deck, PDF)."""
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(decks[0].parent), *map(str, decks)], check=True, capture_output=True, timeout=600)
    return {deck.stem: (deck, deck.with_suffix(".pdf")) for deck in decks}


@dataclass(frozen=True)
class Frame:
    """A shape's box on the slide (points) and the words it holds."""

    name: str
    box: tuple[float, float, float, float]
    words: frozenset[str]

    def holds(self, word: dict) -> bool:
        x0, top, x1, bottom = self.box
        return (x0 - TOLERANCE <= word["x0"] and word["x1"] <= x1 + TOLERANCE
                and top - TOLERANCE <= word["top"] and word["bottom"] <= bottom + TOLERANCE)


def frames(slide: Slide) -> list[Frame]:
    """Every shape with text: its box and its words (table cells count for their table)."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            text = shape.text_frame.text
        elif shape.has_table:
            text = " ".join(cell.text for row in shape.table.rows for cell in row.cells)
        else:
            continue
        if text.strip():
            box = tuple(v / EMU_PER_POINT for v in (shape.left, shape.top, shape.left + shape.width,
                                                      shape.top + shape.height))
            found.append(Frame(shape.name, box, frozenset(INVISIBLE.sub("", text).split())))  # type: ignore[arg-type]
    return found


def misplaced_words(deck: Path, pdf: Path) -> list[str]:
    """Words drawn outside the box of the shape that holds them, or off the slide."""
    problems = []
    presentation = Presentation(str(deck))
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == len(presentation.slides), "LibreOffice did not render every slide"
        for number, (slide, page) in enumerate(zip(presentation.slides, document.pages, strict=True), 1):
            shapes = frames(slide)
            for word in page.extract_words():
                text = INVISIBLE.sub("", word["text"])
                if all(unicodedata.category(char).startswith(("M", "Z")) for char in text):
                    continue  # a lone diacritic is drawn on its letter, which is checked itself
                owners = [frame for frame in shapes if text in frame.words] or shapes  # else a bullet, a number
                if not any(frame.holds(word) for frame in owners):  # the PDF splits a word ("행동," as "행동" ",")
                    owners = [frame for frame in shapes if any(text in whole for whole in frame.words)]
                on_slide = word["x0"] >= 0 and word["top"] >= 0 and word["x1"] <= page.width \
                    and word["bottom"] <= page.height
                if not on_slide or not any(frame.holds(word) for frame in owners):
                    problems.append(f"slide {number}: {text!r} at ({word['x0']:.0f}, {word['top']:.0f}) "
                                    f"outside {[frame.name for frame in owners][:3]}")
    return problems
