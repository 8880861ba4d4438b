"""Is the PDF guide fit to send: tagged, titled, in a language, fonts embedded, bookmarks and
contents that agree and lead to the right pages."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf

from publish.tools.check.compare import same_title, shorten, squash
from publish.tools.check.report import Facts, Report
from publish.tools.rendering import require

# A contents line: title, dot leaders (often glued to a word), page number; or, as right-to-left
# lines are extracted in visual order, the number first.
CONTENTS_LINES = (re.compile(r"^(?P<title>.*?)[\s.·…]*(?P<page>\d+)$"),
                  re.compile(r"^(?P<page>\d+)[\s.·…]*(?P<title>.*?)$"))


def check_pdf(path: Path) -> tuple[Report, Facts | None]:
    """qpdf, fonts, tags, language, title, bookmarks and contents of one PDF guide."""
    report = Report(str(path))
    qpdf = subprocess.run([require("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False)
    if qpdf.returncode != 0:
        said = [line for line in (qpdf.stderr + qpdf.stdout).splitlines() if "error" in line.lower()
                or "damaged" in line.lower() or "warning" in line.lower()]
        report.problems.append(f"qpdf --check fails: {shorten(said[0] if said else f'exit {qpdf.returncode}', 160)}")
    try:
        pdf = pikepdf.open(path)
    except Exception as exc:  # a damaged file: say so, do not crash
        report.problems.append(f"cannot be opened as a PDF ({type(exc).__name__}: {shorten(str(exc), 120)})")
        return report, None
    with pdf:
        try:
            report.problems += pdf_structure(pdf)
            report.problems += unembedded_fonts(pdf)
            entries = contents_entries(path, pdf)
            sections = pdf_sections(pdf, entries)
            if not sections:
                report.problems.append("no bookmarks (the outline is empty)")
            elif not entries and len(sections) > 1:
                report.problems.append("no contents page found (no internal links ending in a page number)")
            report.problems += contents_problems(entries, len(pdf.pages))
        except Exception as exc:  # a structure so broken that reading it fails is itself the finding
            report.problems.append(f"cannot be read ({type(exc).__name__}: {shorten(str(exc), 120)})")
            return report, None
        report.summary = f"{len(pdf.pages)} pages, {len(sections)} sections"
    return report, Facts(sections, "PDF bookmarks")


def pdf_structure(pdf: pikepdf.Pdf) -> list[str]:
    """Tagged (PDF/UA's StructTreeRoot + MarkInfo), /Lang and a title."""
    root = pdf.Root
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("not tagged (no StructTreeRoot)")
    if not bool(root.get("/MarkInfo", pikepdf.Dictionary()).get("/Marked", False)):
        problems.append("not tagged (MarkInfo /Marked is not true)")
    if not str(root.get("/Lang", "")).strip():
        problems.append("no document language (/Lang)")
    title = str(pdf.docinfo.get("/Title", "")).strip() if "/Title" in pdf.docinfo else ""
    if not title:
        with pdf.open_metadata() as xmp:
            title = str(xmp.get("dc:title", "")).strip()
    if not title:
        problems.append("no title in the document information or XMP metadata")
    return problems


def _fonts(resources: pikepdf.Object | None, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Object]:
    """Every font a resource dictionary uses, through form XObjects and Type 3 glyph resources."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in resources.get("/Font", {}).values():
        if font.objgen != (0, 0) and font.objgen in seen:
            continue
        seen.add(font.objgen)
        yield font
        if font.get("/Subtype") == "/Type3":
            yield from _fonts(font.get("/Resources"), seen)
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """Fonts whose program is not in the file: a printer or reader would substitute them."""
    seen: set[tuple[int, int]] = set()
    missing: set[str] = set()
    for page in pdf.pages:
        sources = [page.obj.get("/Resources")]
        for annotation in page.obj.get("/Annots", []):
            appearance = annotation.get("/AP", pikepdf.Dictionary()).get("/N")
            if isinstance(appearance, pikepdf.Stream):
                sources.append(appearance.get("/Resources"))
        for resources in sources:
            for font in _fonts(resources, seen):
                if font.get("/Subtype") == "/Type3":
                    continue  # glyphs are drawn by the file itself
                described = font.get("/DescendantFonts", [font])[0]
                descriptor = described.get("/FontDescriptor", pikepdf.Dictionary())
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont", "unnamed font")).lstrip("/"))
    return [f"font not embedded: {name}" for name in sorted(missing)]


def _page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}


def resolve(pdf: pikepdf.Pdf, destination: Any) -> int | None:
    """The 1-based page a destination (explicit, named or GoTo action) points at, or None."""
    if destination is None:
        return None
    if isinstance(destination, pikepdf.Dictionary):  # an action
        return resolve(pdf, destination.get("/D")) if destination.get("/S") == "/GoTo" else None
    if isinstance(destination, (pikepdf.String, pikepdf.Name)):
        name = str(destination).lstrip("/") if isinstance(destination, pikepdf.Name) else str(destination)
        target = None
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            tree = pikepdf.NameTree(pdf.Root.Names.Dests)
            target = tree.get(name)
        if target is None and "/Dests" in pdf.Root:
            target = pdf.Root.Dests.get("/" + name)
        if isinstance(target, pikepdf.Dictionary):
            target = target.get("/D")
        return resolve(pdf, target) if isinstance(target, pikepdf.Array) else None
    if isinstance(destination, pikepdf.Array) and len(destination) > 0:
        page = destination[0]
        if isinstance(page, pikepdf.Dictionary):
            return _page_index(pdf).get(page.objgen)
    return None


Bookmark = tuple[str, int | None, list["Bookmark"]]  # title, target page, children


def flatten(bookmarks: list[Bookmark]) -> Iterator[Bookmark]:
    for bookmark in bookmarks:
        yield bookmark
        yield from flatten(bookmark[2])


def outline(pdf: pikepdf.Pdf) -> list[Bookmark]:
    """The bookmarks as (title, page, children) trees."""

    def walk(items: list[pikepdf.OutlineItem]) -> list[Bookmark]:
        return [(item.title, resolve(pdf, item.destination or item.action), walk(item.children)) for item in items]

    with pdf.open_outline() as tree:
        return walk(tree.root)


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents page: its title, the number printed, and the page its link opens."""

    title: str
    printed: int
    target: int | None
    on_page: int


def pdf_sections(pdf: pikepdf.Pdf, contents: list[ContentsEntry]) -> list[str]:
    """The bookmark titles at section level: the top level, below a lone document-title bookmark.

    A bookmark to the cover or to the contents page that the contents does not
    list (the title, "Contents") is navigation, not a section, so it is left out.
    """
    level = outline(pdf)
    while len(level) == 1 and level[0][2]:
        level = level[0][2]
    navigation = {1} | {entry.on_page for entry in contents}
    listed = {entry.title for entry in contents}
    return [title for title, page, _ in level if page not in navigation or title in listed or not contents]


def contents_entries(path: Path, pdf: pikepdf.Pdf) -> list[ContentsEntry]:
    """Every internal link whose line is a bookmark's title with a page number: the contents."""
    titles = [title for title, _, _ in flatten(outline(pdf))]
    entries: list[ContentsEntry] = []
    with pdfplumber.open(path) as plumber:
        for number, page in enumerate(pdf.pages, start=1):
            entries += _contents_entries(pdf, page, plumber.pages[number - 1], number, titles)
    return entries


def _bookmark_named(text: str, titles: list[str]) -> str | None:
    """The bookmark title a contents line shows, exact matches first; right-to-left text comes
    out of the PDF in visual order, so its reversal is tried too."""
    readings = (text, text[::-1])
    exact = next((t for t in titles if squash(t) in {squash(r) for r in readings}), None)
    return exact or next((t for t in titles if any(same_title(t, r) for r in readings)), None)


def contents_problems(entries: list[ContentsEntry], pages: int) -> list[str]:
    """The contents page's numbers fit the document and agree with where their links go.

    Every number must be a page that exists, every link must land on a page that
    exists, and number and target must differ by the same offset throughout (the
    cover may be unnumbered, but a stale or shifted entry stands out).
    """
    offsets = Counter(e.target - e.printed for e in entries if e.target is not None)
    usual = offsets.most_common(1)[0][0] if offsets else 0
    problems = []
    for entry in entries:
        title = shorten(entry.title)
        if entry.printed > pages:
            problems.append(f"contents: '{title}' says page {entry.printed}, but the document has {pages} pages")
        elif entry.target is None:
            problems.append(f"contents: '{title}' links to a page that does not exist")
        elif entry.target - entry.printed != usual:
            problems.append(f"contents: '{title}' says page {entry.printed} but its link goes to page "
                            f"{entry.target - usual} (as numbered on the pages)")
    return problems


def _contents_entries(pdf: pikepdf.Pdf, page: pikepdf.Page, plumbed: pdfplumber.page.Page, number: int,
                      titles: list[str]) -> list[ContentsEntry]:
    """The entries on one page: each internal link on a line that names a bookmark and a number.

    Naming a bookmark is what tells a contents line from a cross-reference ("see Table 3").
    """
    links: dict[tuple[float, float], pikepdf.Object] = {}
    for annotation in page.obj.get("/Annots", []):
        if annotation.get("/Subtype") != "/Link":
            continue
        destination = annotation.get("/Dest", annotation.get("/A"))
        if destination is None or (isinstance(destination, pikepdf.Dictionary) and destination.get("/S") != "/GoTo"):
            continue  # an external link
        _, y0, _, y1 = (float(v) for v in annotation.Rect)
        top, bottom = plumbed.height - max(y0, y1), plumbed.height - min(y0, y1)
        links.setdefault((round(top), round(bottom)), destination)
    if not links:
        return []
    words = plumbed.extract_words()
    entries: list[ContentsEntry] = []
    for (top, bottom), destination in links.items():
        line = " ".join(w["text"] for w in words if top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1)
        for pattern in CONTENTS_LINES:
            if (found := pattern.match(line)) and (title := _bookmark_named(found["title"], titles)):
                entries.append(ContentsEntry(title, int(found["page"]), resolve(pdf, destination), number))
                break
    return list(dict.fromkeys(entries))  # nested links on one line are one entry
