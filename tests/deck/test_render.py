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

import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from helpers import ARTICLE, ROOT, SPECIMENS
from publish.build import prepare, write
from publish.job import BuildOptions
from publish.theme import available_themes
from rendering import EMU_PER_POINT, misplaced_words, render_decks

LIBREOFFICE = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)"),
]
SCHEMA_CHECK = ROOT.parent / "shared" / "tools" / "pptx_schema_check.py"

SPECIMEN_FILES = sorted(SPECIMENS.glob("*.md"))
# (deck name, source, theme): the article in every shipped theme, the specimens in the default one.
BUILDS = [(source.stem, source, "default") for source in [ARTICLE, *SPECIMEN_FILES]] + [
    (f"{ARTICLE.stem}-{theme}", ARTICLE, theme) for theme in available_themes() if theme != "default"]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


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
    return render_decks(built, tmp_path_factory.mktemp("lo-profile"))


@pytest.mark.skipif(not SCHEMA_CHECK.is_file(), reason="needs ../shared/tools/pptx_schema_check.py")
def test_every_deck_validates_against_ecma_376(built: list[Path]) -> None:
    result = subprocess.run([sys.executable, str(SCHEMA_CHECK), *map(str, built)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


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
