"""A PowerPoint template's archive made safe and made a presentation, before python-pptx opens it.

A template is untrusted input: its zip is checked for size and compression
before anything is inflated, macros are dropped, relationships that point
outside the package (linked pictures, OLE links) are cut, and the sample
slides of a .pptx are removed together with every part only they used. The
content type of a .potx or .potm main part, which python-pptx refuses, is
set to a presentation's. What is left is the template's design, untouched.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from publish.model.diagnostics import error

MAX_TEMPLATE_BYTES = 200 * 1024 * 1024  # the file as stored
MAX_INFLATED_BYTES = 400 * 1024 * 1024  # all parts inflated
MAX_PART_BYTES = 100 * 1024 * 1024  # one part inflated (a large background picture is a few MB)
MAX_PARTS = 10_000
MAX_RATIO = 200  # inflated / stored for one part: XML compresses about 10:1, bombs by thousands
PRESENTATION_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_TYPES = frozenset({
    PRESENTATION_TYPE,
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
})
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
R_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P_NAMESPACE = "http://schemas.openxmlformats.org/presentationml/2006/main"
HYPERLINK = f"{R_NAMESPACE}/hyperlink"
SLIDE = f"{R_NAMESPACE}/slide"
MACRO_TYPES = frozenset({"http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                         "http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature"})
SECTION_LIST = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"  # PowerPoint 2010's sections: they list slide ids
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class CleanPackage:
    """The template's parts as a presentation python-pptx opens, and what was taken out of it."""

    data: bytes
    macros: bool = False
    external: list[str] = field(default_factory=list)  # the targets of cut external relationships
    sample_slides: int = 0


def clean_package(path: Path) -> CleanPackage:
    """The template at `path` as a safe presentation package, or a BuildError saying what is wrong."""
    parts = _read_parts(path)
    result = CleanPackage(b"")
    main = _main_part(parts, path)
    rels_of_main = _rels_name(main)
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = _clean_rels(name, parts, result, path, is_main=name == rels_of_main)
    parts[main] = _without_slide_lists(parts[main], path)
    parts["[Content_Types].xml"] = _presentation_types(parts["[Content_Types].xml"], main, path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():  # parts no relationship reaches any more are not loaded
            target.writestr(name, data)
    result.data = buffer.getvalue()
    return result


def _read_parts(path: Path) -> dict[str, bytes]:
    """Every part of the archive, refused before inflating when it is not a sane Office file."""
    fix = "save the template again from PowerPoint or LibreOffice (File > Save As > .potx)"
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise error("deck-template", f"the template is {size // 2**20} MB, more than a template needs",
                        path, None, "remove large pictures from its masters, or use a smaller file")
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise error("deck-template", f"the template has {len(infos)} parts, too many for a template",
                            path, None, fix)
            inflated = 0
            for info in infos:
                inflated += info.file_size
                if (info.file_size > MAX_PART_BYTES or inflated > MAX_INFLATED_BYTES
                        or info.file_size > MAX_RATIO * max(info.compress_size, 1024)):
                    raise error("deck-template", f"the template's part {info.filename} inflates to "
                                f"{info.file_size // 2**20} MB (a zip bomb, or a damaged file)", path, None, fix)
            return {info.filename: archive.read(info) for info in infos if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise error("deck-template", f"the template is not a PowerPoint file ({exc})", path, None, fix) from None
    except OSError as exc:
        raise error("deck-template", f"the template cannot be read ({exc.strerror or exc})", path, None,
                    "check that the file exists and is readable") from None


def _xml(data: bytes, name: str, path: Path) -> etree._Element:
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise error("deck-template", f"the template's part {name} is not well-formed XML ({exc.msg})", path, None,
                    "save the template again from PowerPoint or LibreOffice") from None


def _main_part(parts: dict[str, bytes], path: Path) -> str:
    """The presentation part the package's relationships name."""
    if "[Content_Types].xml" not in parts or "_rels/.rels" not in parts:
        raise error("deck-template", "the template is a zip file but not an Office document", path, None,
                    "use a .potx, .pptx or .potm saved by PowerPoint or LibreOffice")
    for rel in _xml(parts["_rels/.rels"], "_rels/.rels", path):
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            name = rel.get("Target", "").lstrip("/")
            if name in parts:
                return name
    raise error("deck-template", "the template has no presentation in it", path, None,
                "use a .potx or .pptx saved by PowerPoint (a Word or Excel file will not do)")


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _clean_rels(name: str, parts: dict[str, bytes], result: CleanPackage, path: Path, is_main: bool) -> bytes:
    """A relationships part without macros, links out of the package or (for the presentation) slides.
    Attributes that named a cut relationship are removed from the part it belongs to."""
    rels = _xml(parts[name], name, path)
    cut: set[str] = set()
    for rel in list(rels):
        kind, external = rel.get("Type"), rel.get("TargetMode") == "External"
        if kind in MACRO_TYPES:
            result.macros = True
        elif external and kind != HYPERLINK:
            result.external.append(rel.get("Target", ""))
        elif is_main and kind == SLIDE:
            result.sample_slides += 1
        else:
            continue
        cut.add(rel.get("Id", ""))
        rels.remove(rel)
    if not cut:
        return parts[name]
    owner = posixpath.join(posixpath.dirname(posixpath.dirname(name)), posixpath.basename(name)[:-len(".rels")])
    if owner in parts and not is_main:
        element = _xml(parts[owner], owner, path)
        for node in element.iter():
            for attribute, value in list(node.attrib.items()):
                if str(attribute).startswith(f"{{{R_NAMESPACE}}}") and value in cut:
                    del node.attrib[attribute]
        parts[owner] = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_slide_lists(data: bytes, path: Path) -> bytes:
    """The presentation part without its slide list, custom shows and sections (they name the slides)."""
    presentation = _xml(data, "the presentation", path)
    for tag in ("sldIdLst", "custShowLst"):
        for found in presentation.findall(f"{{{P_NAMESPACE}}}{tag}"):
            presentation.remove(found)
    ext_list = presentation.find(f"{{{P_NAMESPACE}}}extLst")
    if ext_list is not None:
        for ext in [e for e in ext_list if e.get("uri") == SECTION_LIST]:
            ext_list.remove(ext)
        if not len(ext_list):
            presentation.remove(ext_list)
    return etree.tostring(presentation, xml_declaration=True, encoding="UTF-8", standalone=True)


def _presentation_types(data: bytes, main: str, path: Path) -> bytes:
    """[Content_Types].xml with the main part typed as a presentation, whatever kind of file it came from."""
    types = _xml(data, "[Content_Types].xml", path)
    for override in types.iter(f"{{{CONTENT_TYPES}}}Override"):
        if override.get("PartName", "").lstrip("/") == main:
            if override.get("ContentType") not in MAIN_TYPES:
                raise error("deck-template", f"the template's main part is a {override.get('ContentType')}",
                            path, None, "use a .potx, .pptx or .potm saved by PowerPoint or LibreOffice")
            override.set("ContentType", PRESENTATION_TYPE)
    return etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
