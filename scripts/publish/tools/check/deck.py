"""Is the deck fit to present: speaker notes, alt text, and no word outside its shape when
LibreOffice renders it."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pdfplumber
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide

from publish.tools.check.compare import shorten, squash
from publish.tools.check.report import Facts, Report
from publish.tools.rendering import MissingToolError, RenderError, is_hidden, slide_role, slide_title, slides_pdf

EMU_PER_PT = 12700
TOLERANCE_PT = 2.0          # a word may touch its shape's edge by this much (anti-aliasing, rounding)
PICTURE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|bmp|tiff?|webp|emf|wmf)$", re.IGNORECASE)
# Placeholders the master draws on every slide (LibreOffice renders them from the layout).
MASTER_TEXT = {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.HEADER}
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@dataclass(frozen=True)
class Box:
    """A shape's rectangle in points on the rendered page, with the text it holds."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str | None  # None: a picture or master shape, which may hold any words

    def holds(self, word: dict) -> bool:
        t = TOLERANCE_PT
        return (word["x0"] >= self.x0 - t and word["x1"] <= self.x1 + t
                and word["top"] >= self.top - t and word["bottom"] <= self.bottom + t)

    @cached_property
    def squashed(self) -> str:
        return squash(self.text or "")

    @cached_property
    def letter_sets(self) -> frozenset[str]:
        return frozenset("".join(sorted(squash(word))) for word in (self.text or "").split())

    def says(self, token: str) -> bool:
        """Whether the shape's text has this (squashed) word, or part of one (a hyphenated break).

        Right-to-left words come out of the PDF in visual order, letters reversed and
        ligatures (lam-alef) not, so for them the same letters in any order count.
        """
        return (self.text is None or token in self.squashed or token[::-1] in self.squashed
                or "".join(sorted(token)) in self.letter_sets)


def check_deck(path: Path) -> tuple[Report, Facts | None]:
    """Zip, python-pptx, speaker notes, alt text and (rendered by LibreOffice) text overflow."""
    report = Report(str(path))
    try:
        with zipfile.ZipFile(path) as package:
            damaged = package.testzip()
        if damaged is not None:
            report.problems.append(f"damaged zip member: {damaged}")
            return report, None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        report.problems.append(f"not a valid zip package ({shorten(str(exc), 120)})")
        return report, None
    try:
        deck = Presentation(str(path))
        slides = list(deck.slides)
    except Exception as exc:  # python-pptx raises many kinds on a damaged package
        report.problems.append(f"does not open with python-pptx ({type(exc).__name__}: {shorten(str(exc), 120)})")
        return report, None
    try:
        report.problems += missing_notes(slides)
        report.problems += alt_text_problems(slides)
        report.problems += overflow(deck, slides_pdf(path))
        facts = deck_sections(slides)
    except RenderError as exc:
        report.problems.append(str(exc))
        return report, None
    except MissingToolError:
        raise
    except Exception as exc:  # a part damaged inside a sound zip: the finding, not a crash
        report.problems.append(f"cannot be read ({type(exc).__name__}: {shorten(str(exc), 120)})")
        return report, None
    report.summary = f"{len(slides)} slides"
    return report, facts


def missing_notes(slides: list[Slide]) -> list[str]:
    """Every content slide (by its layout's name) has speaker notes with words in them."""
    problems = []
    for number, slide in enumerate(slides, start=1):
        if slide_role(slide) != "content":
            continue
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        if notes is None or not notes.text.strip():
            problems.append(f"slide {number} ('{shorten(slide_title(slide), 50)}'): no speaker notes")
    return problems


def _pictures(shapes: Iterable[Any]) -> Iterator[Any]:
    """Pictures, in groups too (shapes are duck-typed: python-pptx's base class declares neither)."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _pictures(shape.shapes)
        elif shape._element.tag == qn("p:pic"):
            yield shape


def alt_text_problems(slides: list[Slide]) -> list[str]:
    """Every picture has a description a listener can use: not empty, not a file name."""
    problems = []
    for number, slide in enumerate(slides, start=1):
        for picture in _pictures(slide.shapes):
            properties = picture._element.find(f".//{qn('p:cNvPr')}")
            if properties is None or properties.find(f".//{DECORATIVE}") is not None:
                continue
            alt = (properties.get("descr") or "").strip()
            if not alt:
                problems.append(f"slide {number}: picture '{picture.name}' has no alt text")
            elif PICTURE_FILE.search(alt) or (" " not in alt and ("/" in alt or "\\" in alt)):
                problems.append(f"slide {number}: picture '{picture.name}' has a file path as alt text: '{alt}'")
    return problems


def _boxes(shapes: Iterable[Any], scale: float, transform: tuple[float, float, float, float],
           master: bool = False) -> Iterator[Box]:
    """Shape rectangles in page points; `transform` maps group child coordinates (EMU) to the slide's."""
    ox, oy, sx, sy = transform
    for shape in shapes:
        if shape.left is None or shape.width is None:
            continue
        x0, y0 = ox + shape.left * sx, oy + shape.top * sy
        x1, y1 = x0 + shape.width * sx, y0 + shape.height * sy
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            ext = shape._element.grpSpPr.find(f"{qn('a:xfrm')}")
            off, chext = ext.find(qn("a:chOff")), ext.find(qn("a:chExt"))
            csx = (x1 - x0) / max(int(chext.get("cx")), 1)
            csy = (y1 - y0) / max(int(chext.get("cy")), 1)
            yield from _boxes(shape.shapes, scale, (x0 - int(off.get("x")) * csx, y0 - int(off.get("y")) * csy,
                                                    csx, csy), master)
            continue
        text: str | None = None
        if not master and shape.has_text_frame:
            text = shape.text_frame.text
        elif not master and shape.has_table:
            text = " ".join(cell.text for row in shape.table.rows for cell in row.cells)
        yield Box(x0 * scale, y0 * scale, x1 * scale, y1 * scale, text)


def _master_shapes(slide: Slide) -> Iterator[Any]:
    """What the layout and master draw on the slide: their own shapes and footer-like placeholders."""
    for source in (slide.slide_layout, slide.slide_layout.slide_master):
        for shape in source.shapes:
            if not shape.is_placeholder or shape.placeholder_format.type in MASTER_TEXT:
                yield shape


def overflow(deck: PresentationType, rendered: Path) -> list[str]:
    """Words that LibreOffice draws off the slide, or outside every shape that holds them.

    A word is in place when it lies in a shape whose text contains it, in a
    picture (SVG text), or in something the layout draws (footer, number). Numbers
    and bullets LibreOffice generates only need to be inside some shape.
    """
    visible = [slide for slide in deck.slides if not is_hidden(slide)]
    problems = []
    with pdfplumber.open(rendered) as plumber:
        if len(plumber.pages) != len(visible):
            return [f"LibreOffice rendered {len(plumber.pages)} pages for {len(visible)} visible slides"]
        for number, (slide, page) in enumerate(zip(visible, plumber.pages, strict=True), start=1):
            scale = float(page.width) / (deck.slide_width / EMU_PER_PT) / EMU_PER_PT
            unit = (0.0, 0.0, 1.0, 1.0)
            boxes = list(_boxes(slide.shapes, scale, unit)) + list(_boxes(list(_master_shapes(slide)), scale, unit,
                                                                         master=True))
            stray = [word["text"] for word in page.extract_words() if not _in_place(word, boxes, page)]
            if stray:
                problems.append(f"slide {number} ('{shorten(slide_title(slide), 50)}'): text outside its shape "
                                f"({len(stray)} words): '{shorten(' '.join(stray), 120)}'")
    return problems


def _in_place(word: dict, boxes: list[Box], page: pdfplumber.page.Page) -> bool:
    t = TOLERANCE_PT
    if word["x0"] < -t or word["top"] < -t or word["x1"] > page.width + t or word["bottom"] > page.height + t:
        return False
    token = squash(word["text"])
    holders = [box for box in boxes if box.holds(word)]
    if not token or token.isdigit():
        return bool(holders)
    return any(box.says(token) for box in holders)


def deck_sections(slides: list[Slide]) -> Facts:
    """The agenda's items ("(cont.)" slides included), or the section slides' titles when there is no agenda.

    The agenda lists every section; section slides may exist for only some of them.
    """
    items: list[str] = []
    for slide in slides:
        if slide_role(slide) != "agenda":
            continue
        shape: Any
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            if shape.is_placeholder and shape.placeholder_format.type in MASTER_TEXT:
                continue
            items += [p.text.strip() for p in shape.text_frame.paragraphs if p.text.strip() and p.level == 0]
    if items:
        return Facts([re.sub(r"^\d+[.)]\s*", "", item) for item in items], "agenda")
    return Facts([slide_title(s) for s in slides if slide_role(s) == "section"], "section slides")
