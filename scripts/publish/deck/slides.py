"""Slides and frames set from what the planner has decided: the title slide, a section slide, the
footer line, a figure's picture frame and speaker notes, and a table's slides once its box is known."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from publish.deck.fit import Style
from publish.deck.inlines import runs_of, text_of
from publish.deck.model import Box, Para, PictureFrame, Run, Slide, TableFrame, TextFrame
from publish.deck.pictures import aspect_ratio
from publish.deck.structure import section_notes
from publish.deck.tables import row_note, table_pages, table_row
from publish.deck.typeset import Typesetter, cut
from publish.formulas import as_text, drawn
from publish.model.diagnostics import Diagnostic
from publish.model.document import Block, Figure, Heading, MathBlock, Metadata, Table, plain_text

Labels = dict[str, str]
FORMULA_SCALE = 1.25  # a displayed formula's size against the slide's body text


def title_slide(setter: Typesetter, meta: Metadata, labels: Labels) -> Slide:
    """The title, the subtitle and a line or two of who, which version, when, for whom."""
    lines = [
        " · ".join(filter(None, (meta.author, meta.organisation))),
        " · ".join(filter(None, (f"{labels['version']} {meta.version}" if meta.version else None,
                                 meta.date, meta.classification))),
        f"{labels['audience']}: {meta.audience}" if meta.audience else "",
    ]
    meta_paras = [Para((Run(line),), kind="plain") for line in lines if line]
    if meta.source:
        meta_paras.append(Para((Run(f"{labels['source']}: "), Run(meta.source.name, link=meta.source.url)),
                               kind="plain"))
    texts = [setter.single("title", "title", [Para((Run(meta.title),), kind="plain")], "cover")]
    if meta.subtitle:
        texts.append(setter.single("title", "subtitle", [Para((Run(meta.subtitle),), kind="plain")], "body"))
    if meta_paras:
        texts.append(setter.single("title", "meta", meta_paras, "caption"))
    return Slide("title", tuple(texts))


def section_slide(setter: Typesetter, number: int, heading: Heading, blocks: Sequence[Block]) -> Slide:
    title = setter.single("section", "title", [Para(runs_of(heading.content), kind="plain")], "cover")
    if not setter.geometry.has("section", "number"):
        return Slide("section", (title,), notes=section_notes(heading, blocks))
    count = setter.single("section", "number", [Para((Run(str(number)),), kind="plain")], "number")
    return Slide("section", (count, title), notes=section_notes(heading, blocks))


def footer(setter: Typesetter, meta: Metadata, labels: Labels) -> TextFrame:
    """The document's title and version, the title cut short if the line needs it."""
    tail = f" · {labels['version']} {meta.version}" if meta.version else ""
    box = setter.geometry.box("content", "footer")
    size = setter.sizes("footer")[-1]
    runs = cut((Run(meta.title),), lambda r: setter.fits_lines((*r, Run(tail)), box.text_width,
                                                                Style("body"), size, 1))
    text = text_of(runs) + tail
    return TextFrame("footer", (Para((Run(text),), kind="plain"),), size, box)


def picture_frame(setter: Typesetter, figure: Figure, box: Box, labels: Labels,
                  diagnostics: list[Diagnostic], path: Path | None) -> PictureFrame:
    """The picture fitted into `box`; a labelled placeholder when there is none to show (a picture
    that cannot be read is reported against the document at `path`)."""
    aspect = aspect_ratio(figure.path) if figure.path else None
    if figure.path is not None and aspect is None:
        diagnostics.append(Diagnostic(
            "image", f"picture {figure.src} cannot be read", path, figure.line,
            "open it in an image editor and save it again as PNG, JPEG or SVG"))
    if aspect is None:
        text = f"{labels['missing_picture']}: {figure.alt}" if figure.alt else labels["missing_picture"]
        label = setter.single_in(box, "label", [Para((Run(text),), kind="plain")], "body")
        return PictureFrame(None, figure.alt, box, figure.decorative, label)
    if figure.width:  # the share of the width the author gave it, centred in the box
        box = replace(box, x=box.x + box.w * (1 - figure.width) / 2, w=box.w * figure.width)
    return PictureFrame(figure.path, figure.alt, _contain(box, aspect), figure.decorative)


def formula_frame(setter: Typesetter, formula: MathBlock, box: Box, colour: str) -> PictureFrame:
    """A displayed formula drawn a little larger than the body text, smaller only to fit `box`,
    centred in it; its TeX is the alt text."""
    drawing = drawn(formula.tex, False, colour)
    size = setter.sizes("body")[0] * FORMULA_SCALE
    scale = min(size, box.w / drawing.width, box.h / drawing.height)
    return PictureFrame(None, formula.tex, _centred(box, drawing.width * scale, drawing.height * scale),
                        svg=drawing.svg)


def formula_notes(formula: MathBlock) -> tuple[Para, ...]:
    """What the presenter reads for a displayed formula: its Unicode reading."""
    return (Para((Run(as_text(formula.tex)),), kind="plain"),)


def figure_notes(figure: Figure, labels: Labels) -> tuple[Para, ...]:
    """What the presenter reads for a figure: its number and caption, its description, whether it is missing."""
    lead = Run(f"{labels['figure']} {figure.number}: ", bold=True)
    caption = runs_of(figure.caption) or (Run(figure.alt),)
    notes = [Para((lead, *caption), kind="plain")]
    if figure.alt and figure.alt != plain_text(figure.caption):
        notes.append(Para((Run(figure.alt),), kind="plain"))
    if figure.path is None:
        notes.append(Para((Run(labels["missing_picture"]),), kind="plain"))
    return tuple(notes)


def table_slides(setter: Typesetter, table: Table, box: Box, frames: tuple[TextFrame, TextFrame],
                 lead: TextFrame | None, max_rows: int) -> list[Slide]:
    """A native table's slides: as many as its rows need under the repeated header, the first
    led by `lead`; each row read aloud in the notes."""
    slides = []
    columns = max(len(row) for row in table.header + table.rows)
    header = tuple(table_row(row, columns) for row in table.header)
    rows = [table_row(row, columns) for row in table.rows]
    aligns = tuple(next((row[i].align for row in table.header + table.rows if i < len(row) and row[i].align),
                        None) for i in range(columns))
    chunks, layout = table_pages(setter.measure, setter.geometry.cell_inset, header, rows, box,
                                 setter.sizes("table"), max_rows)
    notes_header = [text_of(cell) for cell in header[-1]] if header else []
    for index, chunk in enumerate(chunks):
        heights = layout.heights(header + tuple(chunk))
        frame = TableFrame(
            header=tuple(layout.cells(row, bold=True) for row in header),
            rows=tuple(layout.cells(row) for row in chunk),
            aligns=aligns, widths=layout.widths, heights=heights, size=layout.size,
            box=replace(box, h=sum(heights)),
            pitches=tuple(layout.pitches(row, bold=True) for row in header) + tuple(map(layout.pitches, chunk)))
        notes = tuple(row_note(row, notes_header) for row in chunk)
        texts = (frames[0], lead) if index == 0 and lead else (frames[min(index, 1)],)
        slides.append(Slide("table", texts, table=frame, notes=notes))
    return slides


def _contain(box: Box, aspect: float) -> Box:
    """The largest box of this aspect ratio centred in `box`."""
    width, height = box.w, box.w / aspect
    if height > box.h:
        width, height = box.h * aspect, box.h
    return _centred(box, width, height)


def _centred(box: Box, width: float, height: float) -> Box:
    """A box of this size centred in `box`."""
    return replace(box, x=box.x + (box.w - width) / 2, y=box.y + (box.h - height) / 2, w=width, h=height)
