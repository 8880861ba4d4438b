"""Deck plan -> .pptx: slides built on the theme's layouts' placeholders with every size set
explicitly, as planned and measured; autofit is off everywhere. With the package module, the
only code that imports python-pptx."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import PicturePlaceholder, TablePlaceholder
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu

from publish.deck.geometry import Geometry, load_geometry
from publish.deck.model import Box, Deck, LayoutKey, PictureFrame, Run, Slide, TableFrame
from publish.deck.package import (
    LAYOUTS,
    SLIDE_NUMBER_FIELD,
    TABLE_STYLE_ID,
    adopt_template,
    emu,
    layout_at,
    layout_named,
    number_notes_in_order,
    prepare_package,
    reproducible_zip,
    set_properties,
    tag_kind,
    template_context,
)
from publish.deck.pictures import embeddable, formula_png
from publish.deck.template import template_of
from publish.deck.text_writer import TextWriter
from publish.highlight import TOKEN_KINDS
from publish.job import EARLIEST, build_time
from publish.model.document import Document
from publish.theme import Theme

FOOTERLESS: frozenset[LayoutKey] = frozenset({"title", "closing"})
CHROME_TYPES = {PP_PLACEHOLDER.DATE: "dt", PP_PLACEHOLDER.FOOTER: "ftr", PP_PLACEHOLDER.SLIDE_NUMBER: "sldNum"}


def write_pptx(deck: Deck, document: Document, theme: Theme, target: Path) -> None:
    """Write the planned deck to `target`."""
    geometry = load_geometry(theme)
    template = template_of(theme)
    prs = Presentation(io.BytesIO(template.data) if template else None)
    number_notes_in_order(prs.part.package)
    context = template_context(theme, geometry, deck)
    if template is None:
        prepare_package(prs, geometry, theme, context)
        layouts = {key: layout_named(prs, geometry.layout_name(key)) for key in LAYOUTS}
    else:
        adopt_template(prs, theme, context)
        layouts = {key: layout_at(prs, str(geometry.layout_part(key))) for key in LAYOUTS}
    slides = [prs.slides.add_slide(layouts[plan.layout]) for plan in deck.slides]
    writer = _SlideWriter(deck, theme, geometry, slides)
    for number, (plan, slide) in enumerate(zip(deck.slides, slides, strict=True), 1):
        writer.write(plan, slide, layouts[plan.layout], number, document.meta.date)
        tag_kind(slide, number, plan.layout)
    when = build_time(document) or EARLIEST
    set_properties(prs, document, when, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    target.write_bytes(reproducible_zip(buffer.getvalue(), when))


class _SlideWriter:
    """Fills one slide's placeholders from its plan."""

    def __init__(self, deck: Deck, theme: Theme, geometry: Geometry, slides: Sequence[PptxSlide]) -> None:
        self.deck = deck
        self.theme = theme
        self.geometry = geometry
        colours: dict[str, str] = {kind: theme.tokens["colors"][f"code_{kind}"] for kind in TOKEN_KINDS}
        self.text = TextWriter(deck, geometry, theme.font("mono").office, colours, slides)
        self.layout_chrome: dict[str, dict[str, Any]] = {}

    def write(self, plan: Slide, slide: PptxSlide, layout: SlideLayout, number: int, date: str | None) -> None:
        used: set[int] = set()
        for frame in plan.texts:
            shape = self._placeholder(slide, plan.layout, frame.role)
            if shape is None:
                shape = self._text_box(slide, frame.box)
            else:
                self._place(shape, frame.box, self.geometry.drawn(plan.layout, frame.role))
            used.add(shape.shape_id)
            if self.geometry.template:
                shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # measured to fit: no autofit may shrink it
                shape.text_frame.word_wrap = True
            self.text.text(shape.text_frame, frame.paragraphs, frame.size, slide, bullets=shape.is_placeholder,
                           face=self.geometry.face(plan.layout, frame.role))
            if self.geometry.template and plan.layout == "callout" and frame.role == "body":
                self._callout_box(shape)
        if plan.table is not None:
            used.add(self._table(slide, plan.layout, plan.table))
        for picture in plan.pictures:
            used.add(self._picture(slide, plan.layout, picture))
        for shape in list(slide.placeholders):
            if shape.shape_id not in used:
                shape._element.getparent().remove(shape._element)
        if plan.layout not in FOOTERLESS:
            self._footer(slide, layout, number, date)
        if plan.notes:
            notes = slide.notes_slide.notes_text_frame
            self.text.text(notes, plan.notes, None, slide, notes=True)

    def _placeholder(self, slide: PptxSlide, layout: LayoutKey, role: str) -> Any:
        """The slide's placeholder for `role`, or None when its layout has none."""
        if role == "title":
            return slide.shapes.title
        idx = self.geometry.placeholder(layout, role)
        return None if idx is None else slide.placeholders[idx]

    def _position(self, box: Box) -> tuple[Emu, Emu, Emu, Emu]:
        """Left, top, width and height in EMU. Plans are laid out left to right; a right-to-left deck
        on the theme's own layouts mirrors every box, as they do (macros.xml.j2), so it reads from the
        right edge. A template's layouts stay as their designers drew them."""
        mirrored = self.deck.rtl and not self.geometry.template
        x = self.geometry.slide[0] - box.x - box.w if mirrored else box.x
        return Emu(emu(x)), Emu(emu(box.y)), Emu(emu(box.w)), Emu(emu(box.h))

    def _place(self, shape: Any, box: Box, layout_box: Box) -> None:
        """Set a position (and inset) only where the plan moved the box, so the rest follows the layout."""
        if (box.x, box.y, box.w, box.h) != (layout_box.x, layout_box.y, layout_box.w, layout_box.h):
            shape.left, shape.top, shape.width, shape.height = self._position(box)
        if box.inset != layout_box.inset:
            self._inset(shape.text_frame, box)

    def _inset(self, frame: Any, box: Box) -> None:
        left, top, right, bottom = (emu(v) for v in box.inset)
        if self.deck.rtl:
            left, right = right, left
        frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = left, top, right, bottom

    def _text_box(self, slide: PptxSlide, box: Box) -> Any:
        """A text shape where the layout has no placeholder for the text (a template's layouts may not)."""
        shape = slide.shapes.add_textbox(*self._position(box))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        self._inset(frame, box)
        return shape

    def _callout_box(self, shape: Any) -> None:
        """On a template's content layout, the callout is the body placeholder outlined and filled in the
        theme's callout colours, its text in the callout text colour whatever the template's text colour
        is (white on a dark template); the theme's own deck has a layout drawing it."""
        colours = self.theme.colors
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colours["callout_background"])
        shape.line.color.rgb = _rgb(colours["callout_border"])
        shape.line.width = Emu(emu(self.geometry.callout_border))
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                if run.font.color.type is None:  # highlighted code keeps its token colours
                    run.font.color.rgb = _rgb(colours["callout_text"])

    # ------------------------------------------------------------------ footer

    def _footer(self, slide: PptxSlide, layout: SlideLayout, number: int, date: str | None) -> None:
        """Footer, slide number and date where the layout has their placeholders: python-pptx leaves
        them on the layout, PowerPoint puts them on the slide."""
        for kind, placeholder in self._chrome(layout).items():
            if kind == "dt" and not date:
                continue
            slide.shapes.clone_placeholder(placeholder)
            shape = slide.placeholders[placeholder.placeholder_format.idx]
            p = shape.text_frame.paragraphs[0]
            self.text.paragraph_props(p, None)
            size = self.deck.footer.size
            if kind == "sldNum":
                field = parse_xml(
                    f'<a:fld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                    f'id="{SLIDE_NUMBER_FIELD}" type="slidenum">'
                    f'<a:rPr lang="{escape(self.deck.lang)}" sz="{round(size * 100)}"/><a:t>{number}</a:t></a:fld>')
                p._p.append(field)
            else:
                runs = self.deck.footer.paragraphs[0].runs if kind == "ftr" else (Run(str(date)),)
                for run in runs:
                    self.text.run(p, run, size, slide)

    def _chrome(self, layout: SlideLayout) -> dict[str, Any]:
        """The layout's footer, slide number and date placeholders by type (looking one up walks the
        layout's shapes with XPath, so once per layout)."""
        key = str(layout.part.partname)
        if key not in self.layout_chrome:
            found: dict[str, Any] = {}
            placeholders: Any = layout.placeholders
            for placeholder in placeholders:
                kind = CHROME_TYPES.get(placeholder.placeholder_format.type)
                if kind is not None:
                    found.setdefault(kind, placeholder)
            self.layout_chrome[key] = {kind: found[kind] for kind in ("dt", "ftr", "sldNum") if kind in found}
        return self.layout_chrome[key]

    # ------------------------------------------------------------------ tables and pictures

    def _table(self, slide: PptxSlide, layout: LayoutKey, plan: TableFrame) -> int:
        placeholder = self._placeholder(slide, layout, "table")
        rows = plan.header + plan.rows
        box = plan.box
        frame: Any
        if placeholder is None:
            frame = slide.shapes.add_table(len(rows), len(plan.widths), *self._position(box))
        else:  # a content placeholder takes a table as PowerPoint's own Insert Table does
            content = TablePlaceholder(placeholder._element, placeholder._parent)
            frame = content.insert_table(len(rows), len(plan.widths))
        frame.left, frame.top, frame.width, frame.height = self._position(box)
        table = frame.table
        tbl_pr = table._tbl.tblPr
        tbl_pr.set("firstRow", "1" if plan.header else "0")
        tbl_pr.set("bandRow", "1")
        if self.deck.rtl:
            tbl_pr.set("rtl", "1")  # the first column on the right
        style = tbl_pr.find(qn("a:tableStyleId"))
        if style is None:
            style = tbl_pr.makeelement(qn("a:tableStyleId"), {})
            tbl_pr.append(style)
        style.text = TABLE_STYLE_ID
        for column, width in zip(table.columns, _integer_widths(plan.widths, box.w), strict=True):
            column.width = Emu(width)
        left, top, right, bottom = (emu(v) for v in self.geometry.cell_inset)
        for row_index, (row, height, pitches) in enumerate(zip(rows, plan.heights, plan.pitches, strict=True)):
            table.rows[row_index].height = Emu(emu(height))
            for column, (paras, pitch) in enumerate(zip(row, pitches, strict=True)):
                cell = table.cell(row_index, column)
                cell.margin_left, cell.margin_top, cell.margin_right, cell.margin_bottom = left, top, right, bottom
                cell.vertical_anchor = MSO_ANCHOR.TOP
                self.text.text(cell.text_frame, paras, plan.size, slide, pitch=pitch)
                align = plan.aligns[column]
                if align and not self.deck.rtl:
                    for p in cell.text_frame.paragraphs:
                        p._p.get_or_add_pPr().set("algn", {"left": "l", "center": "ctr", "right": "r"}[align])
        return frame.shape_id

    def _picture(self, slide: PptxSlide, layout: LayoutKey, plan: PictureFrame) -> int:
        placeholder = self._placeholder(slide, layout, plan.role)
        box = plan.box
        if plan.svg is not None:
            data = formula_png(plan.svg, box.w / 72, self.geometry.resolution)
        elif plan.path is None:
            return self._missing_picture(slide, plan)
        else:
            data, _ = embeddable(plan.path, box.w / 72, self.geometry.resolution)
        picture: Any
        if placeholder is None:
            picture = slide.shapes.add_picture(io.BytesIO(data), *self._position(box))
        else:
            picture = PicturePlaceholder(placeholder._element, placeholder._parent).insert_picture(io.BytesIO(data))
        picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0.0
        picture.left, picture.top, picture.width, picture.height = self._position(box)
        picture._element.nvPicPr.cNvPr.set("descr", "" if plan.decorative else plan.alt)
        return picture.shape_id

    def _missing_picture(self, slide: PptxSlide, plan: PictureFrame) -> int:
        """A labelled box where the picture would be (the reader has warned about it), in theme colours."""
        box = plan.box
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *self._position(box))
        shape.fill.solid()
        shape.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
        shape.line.color.theme_color = MSO_THEME_COLOR.ACCENT_5
        element: Any = shape._element
        element.nvSpPr.cNvPr.set("descr", plan.alt)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._inset(frame, box)
        if plan.label is not None:
            self.text.text(frame, plan.label.paragraphs, plan.label.size, slide)
            for run in (r for p in frame.paragraphs for r in p.runs):
                run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_5
        return shape.shape_id


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


def _integer_widths(widths: Sequence[float], total: float) -> list[int]:
    """Column widths in EMU that add up exactly to the table's width."""
    emus = [emu(w) for w in widths]
    emus[-1] += emu(total) - sum(emus)
    return emus
