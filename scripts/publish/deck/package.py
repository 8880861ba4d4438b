"""The package around the slides. It starts as python-pptx's default template; its theme, table
styles, slide master, layouts and notes master are replaced by XML that Jinja2 renders from the
theme's tokens and deck geometry (themes/<name>/deck/*.xml.j2), and the layouts the deck does
not use are dropped. Document properties come from the front matter, and the archive is
rewritten with fixed timestamps so a build is reproducible."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import OpcPackage, Part
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.image import Image as ImageInfo
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from publish.deck.geometry import PLACEHOLDERS, Geometry
from publish.deck.model import Deck, LayoutKey
from publish.deck.pictures import embeddable
from publish.model.diagnostics import error
from publish.model.document import Document
from publish.theme import Theme, to_points
from publish.theme.templating import ThemeLoader, render, template_file

EMU_PER_POINT = 12700
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
LAYOUTS: tuple[LayoutKey, ...] = ("title", "agenda", "section", "content", "two", "three", "table", "picture",
                                  "callout", "closing")
# Fixed identifiers, so that two builds of one document are byte-identical.
SLIDE_PARTS = frozenset({"p:sldLayout", "p:sldMaster", "p:notesMaster"})  # parts that draw shapes
SLIDE_NUMBER_FIELD = "{7C1D5A9E-3B64-4E0F-9A52-1D0C8E6B2F31}"
TABLE_STYLE_ID = "{5B8E2C47-9D13-4A6F-B0E2-7C4D1F9A3E58}"
NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"  # python-pptx's template for notes slide parts
# Each slide says which kind it is in a tag (invisible to the trainer, kept by PowerPoint), so that
# checks and previews know a section or agenda slide on any template, whatever its layouts are called.
SLIDE_KIND_TAG = "PUBLISH-SLIDE-KIND"
TAGS_PARTNAME = "/ppt/tags/publishSlideKind%d.xml"


def number_notes_in_order(package: OpcPackage) -> None:
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


def template_context(theme: Theme, geometry: Geometry, deck: Deck) -> dict[str, Any]:
    return {
        "tokens": theme.tokens, "deck": geometry.raw, "fonts": theme.fonts, "ph": PLACEHOLDERS,
        "lang": deck.lang, "rtl": deck.rtl, "slide_number_field": SLIDE_NUMBER_FIELD, "table_style_id": TABLE_STYLE_ID,
        "logo_rid": None, "logo_alt": theme.tokens.get("logo_alt", ""),
    }


@cache
def _environment(chain: tuple[Path, ...], base: jinja2.Environment) -> jinja2.Environment:
    """The theme's Jinja2 environment, looking in each theme's deck/ folder, with OOXML unit filters."""
    env = base.overlay(loader=ThemeLoader([str(folder / "deck") for folder in chain]))
    env.filters = {**base.filters,
                   "emu": lambda value: round(to_points(value) * EMU_PER_POINT),
                   "sz": lambda value: round(to_points(value) * 100),
                   "points": to_points,
                   "pct": lambda value: round(float(value) * 100000)}
    return env


def layout_named(prs: PresentationObject, name: str) -> SlideLayout:
    layout = prs.slide_layouts.get_by_name(name)
    if layout is None:
        raise KeyError(f"the deck has no layout named {name!r}")
    return layout


def _render(theme: Theme, name: str, root: str, context: dict[str, Any], **extra: Any) -> bytes:
    """A deck part from the theme's template, checked to be the XML part it stands for."""
    env = _environment(theme.chain, theme.environment())
    xml = render(env, name, {**context, **extra}).encode()
    try:
        element = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
        problem = None if element.tag == qn(root) else f"its root element is not <{root}>"
    except etree.XMLSyntaxError as exc:
        problem = f"it is not well-formed XML ({exc.msg})"
    if problem is None and root in SLIDE_PARTS and element.find(qn("p:cSld")) is None:
        problem = f"<{root}> has no <p:cSld> (the shapes of the slide)"
    if problem:
        raise error("theme-template", f"the deck part it renders cannot be used: {problem}", template_file(env, name),
                    None, "correct the template, or delete it to use the one of the theme it extends")
    return xml


def prepare_package(prs: PresentationObject, geometry: Geometry, theme: Theme, context: dict[str, Any]) -> None:
    """Size the slides, and swap the default template's design for the theme's."""
    width, height = geometry.slide
    prs.slide_width, prs.slide_height = Emu(emu(width)), Emu(emu(height))
    presentation: Any = prs.part._element
    presentation.find(qn("p:sldSz")).attrib.pop("type", None)  # not one of the preset screen sizes
    for default in presentation.find(qn("p:defaultTextStyle")).iter(qn("a:defRPr")):
        default.set("lang", str(context["lang"]))  # what a trainer types is spell-checked in the deck's language
    notes_width, notes_height = geometry.notes_page
    presentation.find(qn("p:notesSz")).set("cx", str(emu(notes_width)))
    presentation.find(qn("p:notesSz")).set("cy", str(emu(notes_height)))
    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rid)
    package = prs.part.package
    for rid, rel in list(package._rels.items()):  # the template's thumbnail shows a blank 4:3 slide
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rid)
    prs.part.part_related_by(RT.TABLE_STYLES).blob = _render(theme, "table_styles.xml.j2", "a:tblStyleLst", context)

    # The parts are XML parts (slide master, layouts): python-pptx types them as plain parts.
    master: Any = prs.part.part_related_by(RT.SLIDE_MASTER)
    master.part_related_by(RT.THEME).blob = _render(theme, "theme.xml.j2", "a:theme", context)
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
        xml = _render(theme, f"layouts/{key}.xml.j2", "p:sldLayout", context, spec=spec, layout=key, logo_rid=logo_rid)
        part._element = parse_xml(xml)
    kept = layout_rids[:len(LAYOUTS)]
    master._element = parse_xml(_render(theme, "master.xml.j2", "p:sldMaster", context, layout_rids=kept))
    for rid in layout_rids[len(LAYOUTS):]:
        master.drop_rel(rid)

    notes_master = prs.part.notes_master_part
    notes_master._element = parse_xml(_render(theme, "notes_master.xml.j2", "p:notesMaster", context))
    notes_theme: Any = notes_master.part_related_by(RT.THEME)
    notes_theme._element = parse_xml(_render(theme, "theme.xml.j2", "a:theme", context))


def adopt_template(prs: PresentationObject, theme: Theme, context: dict[str, Any]) -> None:
    """Keep the organisation's masters, layouts and theme as they are: only the spelling language,
    the thumbnail (a picture of the template's sample slide) and the deck's table style change."""
    presentation: Any = prs.part._element
    for default in presentation.iter(qn("a:defRPr")):
        if default.getparent().getparent().tag == qn("p:defaultTextStyle"):
            default.set("lang", str(context["lang"]))
    package = prs.part.package
    for rid, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rid)
    try:
        styles = prs.part.part_related_by(RT.TABLE_STYLES)
    except KeyError:
        return
    ours = etree.fromstring(_render(theme, "table_styles.xml.j2", "a:tblStyleLst", context))[0]
    theirs = etree.fromstring(styles.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    if not any(style.get("styleId") == TABLE_STYLE_ID for style in theirs):
        theirs.append(ours)
    styles.blob = etree.tostring(theirs, xml_declaration=True, encoding="UTF-8", standalone=True)


def layout_at(prs: PresentationObject, partname: str) -> SlideLayout:
    """A template's layout by its part (two layouts of a template may have one name)."""
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            if layout.part.partname == partname:
                return layout
    raise KeyError(f"the template has no layout {partname}")


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


CORE_PROPERTY_LIMIT = 255


def set_properties(prs: PresentationObject, document: Document, when: dt.datetime, deck: Deck) -> None:
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
        f"<Application>publish</Application><PresentationFormat>{_screen(prs)}</PresentationFormat>"
        f"<Slides>{len(deck.slides)}</Slides><Notes>{sum(1 for s in deck.slides if s.notes)}</Notes>"
        f"{company}</Properties>").encode()


def tag_kind(slide: Slide, number: int, kind: LayoutKey) -> None:
    """Tag the slide with the kind of slide it was planned as (a p:tags part in its p:custDataLst)."""
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<p:tagLst xmlns:p="{NS_P}"><p:tag name="{SLIDE_KIND_TAG}" val="{kind}"/></p:tagLst>').encode()
    part = Part(PackURI(TAGS_PARTNAME % number), CT.PML_TAGS, slide.part.package, blob)
    rid = slide.part.relate_to(part, RT.TAGS)
    common: Any = slide._element.cSld
    data = common.makeelement(qn("p:custDataLst"), {})
    data.append(common.makeelement(qn("p:tags"), {qn("r:id"): rid}))
    common.spTree.addnext(data)


def _screen(prs: PresentationObject) -> str:
    """PowerPoint's name for the slide size (what File > Info shows)."""
    ratio = (prs.slide_width or 1) / (prs.slide_height or 1)
    return "Widescreen" if abs(ratio - 16 / 9) < 0.01 else "On-screen Show (4:3)" if abs(ratio - 4 / 3) < 0.01 \
        else "Custom"


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
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


def emu(points: float) -> int:
    return round(points * EMU_PER_POINT)
