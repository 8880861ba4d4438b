"""The written deck, read back with python-pptx: what a trainer opening it finds."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Inches

from helpers import ARTICLE, SVG, write
from publish.build import prepare
from publish.build import write as build
from publish.job import BuildOptions
from publish.theme import load_theme

EPOCH = 1_764_115_200  # 2025-11-26 00:00:00 UTC
THEME = load_theme("default")
LABELS = THEME.tokens["labels"]
CONTENT_LAYOUTS = {"Title and Content", "Two Content", "Three Content", "Title and Table", "Picture with Caption",
                   "Callout"}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

SPECIMEN = """
---
title: Release training
subject: Shipping safely
author: Ann Author
version: "3.2"
lang: en-GB
keywords: [release, training]
---
# Release training

## Before the release

Check the *dashboards* before you ship. Then ask the on-call engineer.

::: notes
- Show the **real** dashboard.
:::

Read [the runbook](https://example.org/runbook).

![Release pipeline from commit to production](images/pipeline.svg)

## Who does what

| Role | Task |
|---|---|
| Engineer | Merges the change |
| TPM | Announces the release |

> [!TIP]
> Release on a Tuesday.

## Evidence

![A chart nobody drew](images/missing.png)

## Wrap-up

Ship small changes often.
"""


def deck_of(source: Path, target: Path) -> Path:
    """Build `source` into `target` with a fixed SOURCE_DATE_EPOCH."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        job, _ = prepare(source, BuildOptions())
        build(job, target)
    return target


@pytest.fixture(scope="module")
def specimen(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    folder = tmp_path_factory.mktemp("specimen")
    write(folder, "images/pipeline.svg", SVG)
    source = write(folder, "release.md", SPECIMEN)
    return Presentation(str(deck_of(source, folder / "release.pptx")))


@pytest.fixture(scope="module")
def mirrored(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    """The specimen again, in Hebrew: a right-to-left document."""
    folder = tmp_path_factory.mktemp("mirrored")
    write(folder, "images/pipeline.svg", SVG)
    source = write(folder, "release.md", SPECIMEN.replace("lang: en-GB", "lang: he"))
    return Presentation(str(deck_of(source, folder / "release.pptx")))


@pytest.fixture(scope="module")
def article_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return deck_of(ARTICLE, tmp_path_factory.mktemp("article") / "article.pptx")


@pytest.fixture(scope="module")
def article(article_path: Path) -> Deck:
    return Presentation(str(article_path))


def titled(deck: Deck, layout: str) -> Iterator[Slide]:
    """The slides built on `layout`."""
    return (slide for slide in deck.slides if slide.slide_layout.name == layout)


def notes_text(slide: Slide) -> list[str]:
    return [p.text for p in slide.notes_slide.notes_text_frame.paragraphs] if slide.has_notes_slide else []


# ---------------------------------------------------------------- the package

def test_the_deck_is_16_by_9(article: Deck) -> None:
    assert (article.slide_width, article.slide_height) == (Inches(13.333), Inches(7.5))


def test_the_master_offers_exactly_the_layouts_the_deck_is_built_on(article: Deck) -> None:
    assert [layout.name for layout in article.slide_layouts] == [
        "Title Slide", "Agenda", "Section Header", "Title and Content", "Two Content", "Three Content",
        "Title and Table", "Picture with Caption", "Callout", "Closing"]


def test_slides_are_built_on_layouts_by_name(article: Deck) -> None:
    names = [slide.slide_layout.name for slide in article.slides]
    assert names[0] == "Title Slide" and names[-1] == "Closing"
    assert {"Agenda", "Section Header", "Title and Content", "Title and Table", "Picture with Caption",
            "Callout", "Two Content"} <= set(names)


def test_every_heading_of_the_article_titles_a_slide(article: Deck) -> None:
    headings = [line[3:].strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines()
                if line.startswith("## ")]
    titles = {" ".join(slide.shapes.title.text.split()) for slide in article.slides  # line breaks as spaces
              if slide.shapes.title is not None}
    assert set(headings) <= titles


def test_every_content_slide_has_speaker_notes(article: Deck) -> None:
    for number, slide in enumerate(article.slides, 1):
        if slide.slide_layout.name in CONTENT_LAYOUTS:
            assert any(text.strip() for text in notes_text(slide)), f"slide {number} has no notes"


def test_two_builds_are_byte_identical(article_path: Path, tmp_path: Path) -> None:
    again = deck_of(ARTICLE, tmp_path / "again.pptx")
    assert again.read_bytes() == article_path.read_bytes()


def test_zip_entries_carry_the_source_date(article_path: Path) -> None:
    with zipfile.ZipFile(article_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 11, 26, 0, 0, 0)}


def test_autofit_is_off_and_every_run_has_an_explicit_size(article_path: Path) -> None:
    with zipfile.ZipFile(article_path) as archive:
        for name in archive.namelist():
            if name.startswith(("ppt/slideMasters/", "ppt/slideLayouts/")) and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                assert not list(root.iter(f"{A}normAutofit")), name
                assert all(body.find(f"{A}noAutofit") is not None for body in root.iter(f"{A}bodyPr")), name
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                assert not list(root.iter(f"{A}normAutofit")), name
                sizes = [r.find(f"{A}rPr").get("sz") for r in root.iter(f"{A}r")]
                assert all(sizes), f"{name} has a run without an explicit size"


def test_core_properties_come_from_the_front_matter_and_source_date(specimen: Deck) -> None:
    core = specimen.core_properties
    when = dt.datetime.fromtimestamp(EPOCH, dt.UTC).replace(tzinfo=None)
    assert (core.title, core.subject, core.author, core.language) == \
        ("Release training", "Shipping safely", "Ann Author", "en-GB")
    assert core.keywords == "release, training"
    assert core.created == core.modified == core.last_printed == when


# ---------------------------------------------------------------- the slides

def test_slides_show_a_footer_and_their_number(specimen: Deck) -> None:
    slide = next(titled(specimen, "Title and Content"))
    footer = next(s for s in slide.placeholders if s.placeholder_format.type == 15)  # FOOTER
    number = next(s for s in slide.placeholders if s.placeholder_format.type == 13)  # SLIDE_NUMBER
    assert footer.text_frame.text == f"Release training · {LABELS['version']} 3.2"
    position = list(specimen.slides).index(slide) + 1
    assert number.text_frame.text == str(position)
    assert number.text_frame.paragraphs[0]._p.find(f"{A}fld").get("type") == "slidenum"


def test_notes_keep_lists_and_emphasis(specimen: Deck) -> None:
    slide = next(titled(specimen, "Two Content"))
    paragraphs = slide.notes_slide.notes_text_frame.paragraphs
    texts = [p.text for p in paragraphs]
    assert "Check the dashboards before you ship. Then ask the on-call engineer." in texts
    assert "• Show the real dashboard." in texts
    assert any(run.text == "dashboards" and run.font.italic for p in paragraphs for run in p.runs)
    assert any(run.text == "real" and run.font.bold for p in paragraphs for run in p.runs)


def test_links_stay_clickable(specimen: Deck) -> None:
    addresses = [run.hyperlink.address for slide in specimen.slides for shape in slide.shapes
                 if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs
                 if run.hyperlink.address]
    assert "https://example.org/runbook" in addresses


def test_a_picture_carries_the_authors_alt_text_never_a_path(specimen: Deck) -> None:
    pictures = [shape for slide in specimen.slides for shape in slide.shapes
                if shape._element.tag.endswith("}pic")]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == [
        "Release pipeline from commit to production"]


def test_svg_figures_are_rasterised_crisply(specimen: Deck) -> None:
    picture = next(shape for slide in specimen.slides for shape in slide.shapes if shape._element.tag.endswith("}pic"))
    width_px, _ = picture.image.size
    assert picture.image.content_type == "image/png"
    assert width_px / (picture.width / 914400) >= 150  # pixels per inch as shown


def test_the_logo_is_described_by_the_themes_logo_alt(article: Deck) -> None:
    logos = [shape for layout in article.slide_layouts for shape in layout.shapes if shape.name == "Logo"]
    assert logos
    assert {logo._element.nvPicPr.cNvPr.get("descr") for logo in logos} == {THEME.tokens["logo_alt"]}


def test_a_missing_picture_is_a_labelled_box(specimen: Deck) -> None:
    slide = next(s for s in titled(specimen, "Picture with Caption") if s.shapes.title.text == "Evidence")
    [box] = [shape for shape in slide.shapes if shape.has_text_frame and LABELS["missing_picture"] in shape.text]
    assert box.text == f"{LABELS['missing_picture']}: A chart nobody drew"
    assert box._element.nvSpPr.cNvPr.get("descr") == "A chart nobody drew"


def test_a_table_is_native_with_its_header_row_styled(specimen: Deck) -> None:
    slide = next(titled(specimen, "Title and Table"))
    [frame] = [shape for shape in slide.shapes if shape.has_table]
    cells = [[cell.text for cell in row.cells] for row in frame.table.rows]
    assert cells == [["Role", "Task"], ["Engineer", "Merges the change"], ["TPM", "Announces the release"]]
    assert frame.table.first_row
    pitches = {p._p.pPr.find(f"{A}lnSpc/{A}spcPts").get("val") for row in frame.table.rows for cell in row.cells
               for p in cell.text_frame.paragraphs}
    assert len(pitches) == 1 and int(pitches.pop()) > 0  # lines an exact pitch apart, as planned
    style = frame.table._tbl.tblPr.find(f"{A}tableStyleId").text
    table_styles = specimen.part.part_related_by(RT.TABLE_STYLES).blob
    assert style.encode() in table_styles


def test_a_callout_uses_the_callout_layout(specimen: Deck) -> None:
    slide = next(titled(specimen, "Callout"))
    body = next(s for s in slide.placeholders if s.placeholder_format.idx == 1)
    assert body.text_frame.text == f"{LABELS['tip']}\nRelease on a Tuesday."


def test_runs_carry_the_document_language(specimen: Deck) -> None:
    slide = next(titled(specimen, "Title and Content"))
    langs = {run._r.find(f"{A}rPr").get("lang") for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs}
    assert langs == {"en-GB"}


def mirror_of(shape: Any, width: int) -> tuple[int, int, int, int]:
    return width - shape.left - shape.width, shape.top, shape.width, shape.height


def test_a_right_to_left_deck_mirrors_every_layout_shape(specimen: Deck, mirrored: Deck) -> None:
    """Accent bars, logos, footers and text boxes start from the right edge, where the text starts."""
    width = specimen.slide_width
    pairs = [(ltr, rtl) for ltr_layout, rtl_layout in zip(specimen.slide_layouts, mirrored.slide_layouts, strict=True)
             for ltr, rtl in zip(ltr_layout.shapes, rtl_layout.shapes, strict=True)]
    assert any(ltr.name == "Accent Bar" for ltr, _ in pairs)
    for ltr, rtl in pairs:
        assert rtl.name == ltr.name
        assert (rtl.left, rtl.top, rtl.width, rtl.height) == pytest.approx(mirror_of(ltr, width), abs=1), ltr.name


def test_a_right_to_left_two_column_slide_puts_the_text_on_the_right_and_the_picture_on_the_left(
        specimen: Deck, mirrored: Deck) -> None:
    [ltr] = [s for s in titled(specimen, "Two Content")]
    [rtl] = [s for s in titled(mirrored, "Two Content")]
    picture = next(shape for shape in rtl.shapes if shape._element.tag.endswith("}pic"))
    text = next(shape for shape in rtl.placeholders if shape.placeholder_format.idx == 1)
    assert picture.left + picture.width <= text.left
    ltr_picture = next(shape for shape in ltr.shapes if shape._element.tag.endswith("}pic"))
    assert (picture.left, picture.top, picture.width, picture.height) == pytest.approx(
        mirror_of(ltr_picture, specimen.slide_width), abs=1)


def test_right_to_left_documents_set_paragraphs_right_to_left(tmp_path: Path) -> None:
    source = write(tmp_path, "he.md", "---\ntitle: שלום\nlang: he\n---\n## פתיחה\n\n"
                                      "מנהל מוצר טכני מחבר בין העסק לבין ההנדסה.\n")
    deck = Presentation(str(deck_of(source, tmp_path / "he.pptx")))
    slide = next(titled(deck, "Title and Content"))
    paragraphs = [p for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs if p.runs]
    assert paragraphs and all(p._p.pPr.get("rtl") == "1" for p in paragraphs)
    assert {run._r.find(f"{A}rPr").get("lang") for p in paragraphs for run in p.runs} == {"he"}


def test_code_runs_are_drawn_in_the_themes_code_colours(tmp_path: Path) -> None:
    source = write(tmp_path, "code.md", "# T\n\n## Code\n\n```python\nreturn 1\n```\n")
    deck = Presentation(str(deck_of(source, tmp_path / "code.pptx")))
    colours = {run.text: str(run.font.color.rgb) for slide in deck.slides for shape in slide.placeholders
               if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs
               if run.font.color and run.font.color.type is not None}
    tokens = THEME.tokens["colors"]
    assert colours == {"return": tokens["code_keyword"].lstrip("#"), "1": tokens["code_number"].lstrip("#")}
