"""The decks of the article and every stress specimen, as LibreOffice renders them.

The article (in every shipped theme) and the specimens in tests/specimens (a
40-item list, a 12-row table, a 600-word paragraph, a 60-character word, a
25-word heading, and documents in other scripts and directions) are built
once; every part must validate against ECMA-376; then all are converted to
PDF in one LibreOffice run, and no overflow, ever: every word pdfplumber finds
on a page must lie inside the box of a shape on that slide that holds it, and
on the slide. Nor is room wasted: no table row ends a blank line below its text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from pptx.slide import Slide

from helpers import ARTICLE, ROOT, SPECIMENS
from publish.build import prepare, write
from publish.job import BuildOptions
from publish.theme import available_themes

LIBREOFFICE = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)"),
]
SCHEMA_CHECK = ROOT.parent / "shared" / "tools" / "pptx_schema_check.py"

SPECIMEN_FILES = sorted(SPECIMENS.glob("*.md"))
# (deck name, source, theme): the article in every shipped theme, the specimens in the default one.
BUILDS = [(source.stem, source, "default") for source in [ARTICLE, *SPECIMEN_FILES]] + [
    (f"{ARTICLE.stem}-{theme}", ARTICLE, theme) for theme in available_themes() if theme != "default"]
EMU_PER_POINT = 12700
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TOLERANCE = 1.0  # points: PDF glyph boxes are rounded
INVISIBLE = re.compile("[\u200b\u00ad]")


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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every source built to .pptx."""
    out = tmp_path_factory.mktemp("decks")
    decks = []
    for name, source, theme in BUILDS:
        job, _ = prepare(source, BuildOptions(theme=theme))
        decks.append(write(job, out / f"{name}.pptx")[0].path)
    return decks


@pytest.fixture(scope="module")
def rendered(built: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """All decks converted to PDF by one LibreOffice run."""
    out = built[0].parent
    profile = tmp_path_factory.mktemp("lo-profile")  # a fresh profile: no lock shared with other runs
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, built)], check=True, capture_output=True, timeout=300)
    return {deck.stem: (deck, deck.with_suffix(".pdf")) for deck in built}


@pytest.mark.skipif(not SCHEMA_CHECK.is_file(), reason="needs ../shared/tools/pptx_schema_check.py")
def test_every_deck_validates_against_ecma_376(built: list[Path]) -> None:
    result = subprocess.run([sys.executable, str(SCHEMA_CHECK), *map(str, built)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


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
                owners = [frame for frame in shapes if text in frame.words] or shapes  # bullets, numbers
                on_slide = word["x0"] >= 0 and word["top"] >= 0 and word["x1"] <= page.width \
                    and word["bottom"] <= page.height
                if not on_slide or not any(frame.holds(word) for frame in owners):
                    problems.append(f"slide {number}: {text!r} at ({word['x0']:.0f}, {word['top']:.0f}) "
                                    f"outside {[frame.name for frame in owners][:3]}")
    return problems


def blank_lines_in_rows(deck: Path, pdf: Path) -> list[str]:
    """Table rows whose text ends a line or more above the row's bottom: a line planned that was not drawn."""
    problems = []
    presentation = Presentation(str(deck))
    with pdfplumber.open(pdf) as document:
        for number, (slide, page) in enumerate(zip(presentation.slides, document.pages, strict=True), 1):
            words = page.extract_words()
            for shape in (shape for shape in slide.shapes if shape.has_table):
                left, right = shape.left / EMU_PER_POINT, (shape.left + shape.width) / EMU_PER_POINT
                top = shape.top / EMU_PER_POINT
                for index, row in enumerate(shape.table.rows):
                    bottom = top + row.height / EMU_PER_POINT
                    inside = [w for w in words if left <= w["x0"] and w["x1"] <= right
                              and top <= (w["top"] + w["bottom"]) / 2 < bottom]
                    pitch = max(int(spacing.get("val")) / 100 for cell in row.cells
                                for spacing in cell._tc.iter(f"{A}spcPts") if spacing.getparent().tag == f"{A}lnSpc")
                    margin = row.cells[0].margin_bottom / EMU_PER_POINT
                    gap = bottom - margin - max((w["bottom"] for w in inside), default=top)
                    if gap > 0.75 * pitch:
                        problems.append(f"slide {number}: table row {index + 1} ends {gap:.0f}pt below its text")
                    top = bottom
    return problems


@pytest.mark.parametrize("name", [pytest.param(name, marks=LIBREOFFICE) for name, _, _ in BUILDS])
def test_every_word_lies_inside_its_shape_and_on_the_slide(rendered: dict[str, tuple[Path, Path]], name: str) -> None:
    deck, pdf = rendered[name]
    assert misplaced_words(deck, pdf) == []


@pytest.mark.parametrize("name", [pytest.param(name, marks=LIBREOFFICE) for name, _, _ in BUILDS])
def test_table_rows_are_as_tall_as_the_lines_drawn_in_them(rendered: dict[str, tuple[Path, Path]], name: str) -> None:
    deck, pdf = rendered[name]
    assert blank_lines_in_rows(deck, pdf) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_the_check_catches_text_that_overflows(rendered: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """The overflow check itself: a title box squeezed after rendering no longer holds its words."""
    deck, pdf = rendered[ARTICLE.stem]
    presentation = Presentation(str(deck))
    title = presentation.slides[1].shapes.title
    title.height = title.height // 4
    squeezed = tmp_path / "squeezed.pptx"
    presentation.save(str(squeezed))
    assert any("slide 2:" in problem for problem in misplaced_words(squeezed, pdf))
