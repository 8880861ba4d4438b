"""Deck plan -> .pptx. The only module that imports python-pptx.

The package starts as python-pptx's default template; its theme, table
styles, slide master, layouts and notes master are replaced by XML that
Jinja2 renders from the theme's tokens and deck geometry
(themes/<name>/deck/*.xml.j2), and the layouts the deck does not use are
dropped. Slides are then built on those layouts' placeholders with every
size set explicitly, as planned and measured; autofit is off everywhere.
The archive is rewritten with fixed timestamps so a build is reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import OpcPackage
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.image import Image as ImageInfo
from pptx.presentation import Presentation as PresentationObject
from pptx.shapes.placeholder import PicturePlaceholder
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from publish.deck.geometry import PLACEHOLDERS, Geometry, load_geometry, placeholder_idx
from publish.deck.model import Box, Deck, LayoutKey, Para, PictureFrame, Run, Slide, TableFrame
from publish.deck.pictures import embeddable
from publish.job import EARLIEST, build_time
from publish.model.document import Document
from publish.theme import Theme, to_points

EMU_PER_POINT = 12700
LAYOUTS: tuple[LayoutKey, ...] = ("title", "agenda", "section", "content", "two", "table", "picture", "callout",
                                  "closing")
FOOTERLESS: frozenset[LayoutKey] = frozenset({"title", "closing"})
# Fixed identifiers, so that two builds of one document are byte-identical.
SLIDE_NUMBER_FIELD = "{7C1D5A9E-3B64-4E0F-9A52-1D0C8E6B2F31}"
TABLE_STYLE_ID = "{5B8E2C47-9D13-4A6F-B0E2-7C4D1F9A3E58}"
NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"  # python-pptx's template for notes slide parts


def write_pptx(deck: Deck, document: Document, theme: Theme, target: Path) -> None:
    """Write the planned deck to `target`."""
    geometry = load_geometry(theme)
    prs = Presentation()
    _number_notes_in_order(prs.part.package)
    context = _context(theme, geometry, deck)
    _prepare_package(prs, geometry, theme, context)
    layouts = {key: _layout(prs, geometry.layout_name(key)) for key in LAYOUTS}
    slides = [prs.slides.add_slide(layouts[plan.layout]) for plan in deck.slides]
    writer = _SlideWriter(deck, theme, geometry, slides)
    for number, (plan, slide) in enumerate(zip(deck.slides, slides, strict=True), 1):
        writer.write(plan, slide, layouts[plan.layout], number)
    when = build_time(document) or EARLIEST
    _set_properties(prs, document, when, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    target.write_bytes(_reproducible_zip(buffer.getvalue(), when))


# ---------------------------------------------------------------------- the template package


def _number_notes_in_order(package: OpcPackage) -> None:
    """Name each new notes slide part without python-pptx walking every part of the package.

    `OpcPackage.next_partname` collects all partnames for each new part, which
    is quadratic in notes slides (about 0.45 s of a 150-slide deck). A deck
    adds its notes slides one after another and removes none, so after the
    first walk the next free number is one more than the last one given.
    Other templates (images, themes) still take python-pptx's own path.
    """
    walk = package.next_partname
    last: int | None = None

    def next_partname(tmpl: str) -> PackURI:
        nonlocal last
        if tmpl != NOTES_PARTNAME:
            return walk(tmpl)
        last = walk(tmpl).idx if last is None else last + 1
        return PackURI(tmpl % last)

    package.next_partname = next_partname  # type: ignore[method-assign]


def _context(theme: Theme, geometry: Geometry, deck: Deck) -> dict[str, Any]:
    return {
        "tokens": theme.tokens, "deck": geometry.raw, "fonts": theme.fonts, "ph": PLACEHOLDERS,
        "lang": deck.lang, "rtl": deck.rtl, "slide_number_field": SLIDE_NUMBER_FIELD, "table_style_id": TABLE_STYLE_ID,
        "logo_rid": None, "logo_alt": theme.tokens.get("logo_alt", ""),
    }


@cache
def _environment(chain: tuple[Path, ...], base: jinja2.Environment) -> jinja2.Environment:
    """The theme's Jinja2 environment, looking in each theme's deck/ folder, with OOXML unit filters."""
    env = base.overlay(loader=jinja2.FileSystemLoader([str(folder / "deck") for folder in chain]))
    env.filters = {**base.filters,
                   "emu": lambda value: round(to_points(value) * EMU_PER_POINT),
                   "sz": lambda value: round(to_points(value) * 100),
                   "points": to_points,
                   "pct": lambda value: round(float(value) * 100000)}
    return env


def _layout(prs: PresentationObject, name: str) -> SlideLayout:
    layout = prs.slide_layouts.get_by_name(name)
    if layout is None:
        raise KeyError(f"the deck has no layout named {name!r}")
    return layout


def _render(theme: Theme, name: str, context: dict[str, Any], **extra: Any) -> bytes:
    template = _environment(theme.chain, theme.environment()).get_template(name)
    return template.render({**context, **extra}).encode()


def _prepare_package(prs: PresentationObject, geometry: Geometry, theme: Theme, context: dict[str, Any]) -> None:
    """Size the slides, and swap the default template's design for the theme's."""
    width, height = geometry.slide
    prs.slide_width, prs.slide_height = Emu(_emu(width)), Emu(_emu(height))
    presentation: Any = prs.part._element
    presentation.find(qn("p:sldSz")).attrib.pop("type", None)  # not one of the preset screen sizes
    for default in presentation.find(qn("p:defaultTextStyle")).iter(qn("a:defRPr")):
        default.set("lang", str(context["lang"]))  # what a trainer types is spell-checked in the deck's language
    notes_width, notes_height = geometry.notes_page
    presentation.find(qn("p:notesSz")).set("cx", str(_emu(notes_width)))
    presentation.find(qn("p:notesSz")).set("cy", str(_emu(notes_height)))
    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rid)
    package = prs.part.package
    for rid, rel in list(package._rels.items()):  # the template's thumbnail shows a blank 4:3 slide
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rid)
    prs.part.part_related_by(RT.TABLE_STYLES).blob = _render(theme, "table_styles.xml.j2", context)

    # The parts are XML parts (slide master, layouts): python-pptx types them as plain parts.
    master: Any = prs.part.part_related_by(RT.SLIDE_MASTER)
    master.part_related_by(RT.THEME).blob = _render(theme, "theme.xml.j2", context)
    layout_rids = sorted((rid for rid, rel in master.rels.items() if rel.reltype == RT.SLIDE_LAYOUT),
                         key=lambda rid: master.related_part(rid).partname.idx or 0)
    logo = _logo_png(theme, geometry)
    logo_pixels = ImageInfo.from_blob(logo).size if logo else None
    for key, rid in zip(LAYOUTS, layout_rids, strict=False):
        part: Any = master.related_part(rid)
        spec = geometry.raw["layouts"][key]
        logo_rid = None
        if logo and logo_pixels and "logo" in spec:
            logo_rid = part.get_or_add_image_part(io.BytesIO(logo))[1]
            spec = {**spec, "logo": _logo_box(geometry, key, logo_pixels)}
        xml = _render(theme, f"layouts/{key}.xml.j2", context, spec=spec, layout=key, logo_rid=logo_rid)
        part._element = parse_xml(xml)
    kept = layout_rids[:len(LAYOUTS)]
    master._element = parse_xml(_render(theme, "master.xml.j2", context, layout_rids=kept))
    for rid in layout_rids[len(LAYOUTS):]:
        master.drop_rel(rid)

    notes_master = prs.part.notes_master_part
    notes_master._element = parse_xml(_render(theme, "notes_master.xml.j2", context))
    notes_theme: Any = notes_master.part_related_by(RT.THEME)
    notes_theme._element = parse_xml(_render(theme, "theme.xml.j2", context))


def _logo_box(geometry: Geometry, key: LayoutKey, pixels: tuple[int, int]) -> list[str]:
    """Where the logo sits in a layout's logo box: in its own proportions (never stretched), as
    large as the box allows, centred vertically and against the box's side nearer the slide's
    edge, so a logo in the bottom-right corner ends at the margin whatever its shape."""
    box = geometry.box(key, "logo")
    ratio = pixels[0] / pixels[1]
    width = min(box.w, box.h * ratio)
    height = width / ratio
    x = box.x + box.w - width if box.x + box.w / 2 > geometry.slide[0] / 2 else box.x
    return [f"{value}pt" for value in (x, box.y + (box.h - height) / 2, width, height)]


def _logo_png(theme: Theme, geometry: Geometry) -> bytes | None:
    logo = theme.logo
    if logo is None:
        return None
    widest = max(geometry.box(key, "logo").w for key in LAYOUTS if "logo" in geometry.raw["layouts"][key])
    return embeddable(logo, widest / 72, geometry.resolution)[0]


# ---------------------------------------------------------------------- slides


class _SlideWriter:
    """Fills one slide's placeholders from its plan."""

    def __init__(self, deck: Deck, theme: Theme, geometry: Geometry, slides: Sequence[PptxSlide]) -> None:
        self.deck = deck
        self.theme = theme
        self.geometry = geometry
        self.slides = slides
        self.mono = theme.font("mono").office
        self.layout_placeholders: dict[tuple[str, int], Any] = {}

    def write(self, plan: Slide, slide: PptxSlide, layout: SlideLayout, number: int) -> None:
        used: set[int] = set()
        for frame in plan.texts:
            shape = self._placeholder(slide, frame.role)
            used.add(shape.shape_id)
            self._place(shape, frame.box, self.geometry.box(plan.layout, frame.role))
            self._text(shape.text_frame, frame.paragraphs, frame.size, slide)
        if plan.table is not None:
            used.add(self._table(slide, plan.table))
        if plan.picture is not None:
            used.add(self._picture(slide, plan.picture, "right" if plan.layout == "two" else "picture"))
        for shape in list(slide.placeholders):
            if shape.shape_id not in used:
                shape._element.getparent().remove(shape._element)
        if plan.layout not in FOOTERLESS:
            self._footer(slide, layout, number)
        if plan.notes:
            notes = slide.notes_slide.notes_text_frame
            self._text(notes, plan.notes, None, slide, notes=True)

    def _placeholder(self, slide: PptxSlide, role: str) -> Any:
        if role == "title":
            return slide.shapes.title
        return slide.placeholders[placeholder_idx(role)]

    def _position(self, box: Box) -> tuple[Emu, Emu, Emu, Emu]:
        """Left, top, width and height in EMU. Plans are laid out left to right; a right-to-left deck
        mirrors every box, as its layouts do (macros.xml.j2), so it reads from the right edge."""
        x = self.geometry.slide[0] - box.x - box.w if self.deck.rtl else box.x
        return Emu(_emu(x)), Emu(_emu(box.y)), Emu(_emu(box.w)), Emu(_emu(box.h))

    def _place(self, shape: Any, box: Box, layout_box: Box) -> None:
        """Set a position only where the plan moved the box, so the rest follows the layout."""
        if (box.x, box.y, box.w, box.h) != (layout_box.x, layout_box.y, layout_box.w, layout_box.h):
            shape.left, shape.top, shape.width, shape.height = self._position(box)

    # ------------------------------------------------------------------ text

    def _text(self, frame: Any, paras: Sequence[Para], size: float | None, slide: PptxSlide,
              notes: bool = False, pitch: float | None = None) -> None:
        """Paragraphs at an explicit size (lines `pitch` apart, if given); notes inherit the notes
        master's size and spell bullets out."""
        space = 0.0 if size is None else size * self.geometry.paragraph_space
        for index, para in enumerate(paras):
            p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            runs: Sequence[Run] = para.runs
            if notes:
                p.level = min(para.level, 8)
                prefix = {"bullet": "• ", "number": f"{para.number}. "}.get(para.kind)
                runs = (Run(prefix), *runs) if prefix else runs
                self._paragraph_props(p, None)
            else:
                self._paragraph_props(p, para, 0.0 if index == 0 else space, pitch)
            for run in runs:
                self._run(p, run, size, slide)
            end = p._p.get_or_add_endParaRPr()
            end.set("lang", self.deck.lang)
            if size is not None:
                end.set("sz", str(round(size * 100)))

    def _paragraph_props(self, p: Any, para: Para | None, space_before: float = 0.0,
                         pitch: float | None = None) -> None:
        """pPr in schema order: indents, line and paragraph spacing, bullet (for slide text); right-to-left
        when the document is."""
        ppr = p._p.get_or_add_pPr()
        for child in list(ppr):
            ppr.remove(child)
        if para is not None:
            levels = self.geometry.levels
            if para.kind == "plain":
                ppr.set("marL", str(_emu(levels[para.level - 1].margin if para.level > 0 else 0.0)))
                ppr.set("indent", "0")
            else:
                level = levels[min(para.level, len(levels) - 1)]
                ppr.set("marL", str(_emu(level.margin)))
                ppr.set("indent", str(-_emu(level.hang)))
            ppr.set("lvl", str(min(para.level, 8)))
            if pitch is not None:
                line = ppr.makeelement(qn("a:lnSpc"), {})
                line.append(ppr.makeelement(qn("a:spcPts"), {"val": str(int(pitch * 100))}))  # never above plan
                ppr.append(line)
            spacing = ppr.makeelement(qn("a:spcBef"), {})
            spacing.append(ppr.makeelement(qn("a:spcPts"), {"val": str(round(space_before * 100))}))
            ppr.append(spacing)
            if para.kind == "plain":
                ppr.append(ppr.makeelement(qn("a:buNone"), {}))
            elif para.kind == "number":
                ppr.append(ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": str(para.number)}))
        if self.deck.rtl:
            ppr.set("rtl", "1")
            ppr.set("algn", "r")

    def _run(self, p: Any, run: Run, size: float | None, slide: PptxSlide) -> None:
        for index, text in enumerate(run.text.split("\n")):
            if index:
                p.add_line_break()
            if not text:
                continue
            r = p.add_run()
            r.text = text
            font = r.font
            rpr = r._r.get_or_add_rPr()
            rpr.set("lang", self.deck.lang)
            if size is not None:
                font.size = Pt(size)
            if run.bold:
                font.bold = True
            if run.italic:
                font.italic = True
            if run.strike:
                rpr.set("strike", "sngStrike")
            if run.code:
                font.name = self.mono
            if run.link:
                self._link(r, run.link, slide)

    def _link(self, r: Any, link: str, slide: PptxSlide) -> None:
        if not link.startswith("#"):
            r.hyperlink.address = link
            return
        target = self.deck.anchor(link)
        if target is None:
            return
        rid = r.part.relate_to(self.slides[target].part, RT.SLIDE)
        click = r._r.get_or_add_rPr().add_hlinkClick(rid)
        click.set("action", "ppaction://hlinksldjump")

    # ------------------------------------------------------------------ footer

    def _footer(self, slide: PptxSlide, layout: SlideLayout, number: int) -> None:
        """Footer and slide number: python-pptx leaves them on the layout, PowerPoint puts them on the slide."""
        for role in ("footer", "slide_number"):
            idx = placeholder_idx(role)
            key = (layout.part.partname, idx)
            if key not in self.layout_placeholders:  # looking one up walks the layout's shapes with XPath
                found = layout.placeholders.get(idx=idx)
                if found is None:
                    raise KeyError(f"layout {layout.name!r} has no {role} placeholder")
                self.layout_placeholders[key] = found
            slide.shapes.clone_placeholder(self.layout_placeholders[key])
            shape = slide.placeholders[idx]
            p = shape.text_frame.paragraphs[0]
            self._paragraph_props(p, None)
            size = self.deck.footer.size
            if PLACEHOLDERS[role][0] == "sldNum":
                field = parse_xml(
                    f'<a:fld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                    f'id="{SLIDE_NUMBER_FIELD}" type="slidenum">'
                    f'<a:rPr lang="{escape(self.deck.lang)}" sz="{round(size * 100)}"/><a:t>{number}</a:t></a:fld>')
                p._p.append(field)
            else:
                for run in self.deck.footer.paragraphs[0].runs:
                    self._run(p, run, size, slide)

    # ------------------------------------------------------------------ tables and pictures

    def _table(self, slide: PptxSlide, plan: TableFrame) -> int:
        placeholder = slide.placeholders[placeholder_idx("table")]
        rows = plan.header + plan.rows
        frame = placeholder.insert_table(rows=len(rows), cols=len(plan.widths))
        box = plan.box
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
        left, top, right, bottom = (_emu(v) for v in self.geometry.cell_inset)
        for row_index, (row, height, pitches) in enumerate(zip(rows, plan.heights, plan.pitches, strict=True)):
            table.rows[row_index].height = Emu(_emu(height))
            for column, (paras, pitch) in enumerate(zip(row, pitches, strict=True)):
                cell = table.cell(row_index, column)
                cell.margin_left, cell.margin_top, cell.margin_right, cell.margin_bottom = left, top, right, bottom
                cell.vertical_anchor = MSO_ANCHOR.TOP
                self._text(cell.text_frame, paras, plan.size, slide, pitch=pitch)
                align = plan.aligns[column]
                if align and not self.deck.rtl:
                    for p in cell.text_frame.paragraphs:
                        p._p.get_or_add_pPr().set("algn", {"left": "l", "center": "ctr", "right": "r"}[align])
        return frame.shape_id

    def _picture(self, slide: PptxSlide, plan: PictureFrame, role: str) -> int:
        placeholder = slide.placeholders[placeholder_idx(role)]
        box = plan.box
        if plan.path is None:
            return self._missing_picture(slide, plan)
        data, _ = embeddable(plan.path, box.w / 72, self.geometry.resolution)
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
        left, top, right, bottom = (_emu(v) for v in box.inset)
        if self.deck.rtl:
            left, right = right, left
        frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = left, top, right, bottom
        if plan.label is not None:
            self._text(frame, plan.label.paragraphs, plan.label.size, slide)
            for run in (r for p in frame.paragraphs for r in p.runs):
                run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_5
        return shape.shape_id


# ---------------------------------------------------------------------- package properties


CORE_PROPERTY_LIMIT = 255


def _set_properties(prs: PresentationObject, document: Document, when: dt.datetime, deck: Deck) -> None:
    """Core properties from the front matter, dated `when`; extended properties that tell the truth."""
    meta = document.meta
    core = prs.core_properties
    # OPC core properties hold at most 255 characters each (python-pptx enforces it).
    core.title = meta.title[:CORE_PROPERTY_LIMIT]
    core.subject = (meta.subject or "")[:CORE_PROPERTY_LIMIT]
    core.author = core.last_modified_by = (meta.author or "")[:CORE_PROPERTY_LIMIT]
    core.keywords = ", ".join(meta.keywords)[:CORE_PROPERTY_LIMIT]
    core.language = meta.lang[:CORE_PROPERTY_LIMIT]
    core.category = (meta.classification or "")[:CORE_PROPERTY_LIMIT]
    core.comments = meta.subtitle or ""
    core.version = (meta.version or "")[:CORE_PROPERTY_LIMIT]
    core.revision = 1
    naive = when.replace(tzinfo=None)
    core.created = core.modified = core.last_printed = naive
    app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    company = f"<Company>{escape(meta.organisation)}</Company>" if meta.organisation else ""
    app.blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>publish</Application><PresentationFormat>Widescreen</PresentationFormat>"
        f"<Slides>{len(deck.slides)}</Slides><Notes>{sum(1 for s in deck.slides if s.notes)}</Notes>"
        f"{company}</Properties>").encode()


def _reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry stamped `when` (already clamped to the zip epoch)."""
    stamp = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------- units


def _emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def _integer_widths(widths: Sequence[float], total: float) -> list[int]:
    """Column widths in EMU that add up exactly to the table's width."""
    emus = [_emu(w) for w in widths]
    emus[-1] += _emu(total) - sum(emus)
    return emus
