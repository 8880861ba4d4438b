"""Is every artifact fit to send? The release gate behind `make check`.

    python -m publish.tools.check build/doc.pdf build/doc.pptx [...]

Each artifact is judged from the file itself, never from the source, so the gate
also catches what a copy, a disk or a later edit broke. A guide and a deck of the
same name are also compared with each other. Exit 0 when everything passes; 1
with one line per problem (`artifact: problem`); 2 when a tool is missing.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pdfplumber
import pikepdf
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from publish.tools.preview import (
    MissingToolError,
    RenderError,
    is_hidden,
    layout_role,
    pair_artifacts,
    require,
    slide_title,
    slides_pdf,
)

EMU_PER_PT = 12700
TOLERANCE_PT = 2.0          # a word may touch its shape's edge by this much (anti-aliasing, rounding)
# A contents line: title, dot leaders (often glued to a word), page number; or, as right-to-left
# lines are extracted in visual order, the number first.
CONTENTS_LINES = (re.compile(r"^(?P<title>.*?)[\s.·…]*(?P<page>\d+)$"),
                  re.compile(r"^(?P<page>\d+)[\s.·…]*(?P<title>.*?)$"))
ELLIPSIS = re.compile(r"\s*(…|\.\.\.)\s*$")
# What a continuation slide adds to its section's title, in any language: "(cont.)", "(suite)", "2/3".
CONTINUATION = re.compile(r"^\s*(\(.*\)|\[.*\]|[-–—:]?\s*\d+(\s*/\s*\d+)?)\s*$")
PICTURE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|bmp|tiff?|webp|emf|wmf)$", re.IGNORECASE)
# Placeholders the master draws on every slide (LibreOffice renders them from the layout).
MASTER_TEXT = {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.HEADER}
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@dataclass
class Report:
    """The problems found in one artifact (or pair), plus a short summary when it passes."""

    artifact: str
    problems: list[str] = field(default_factory=list)
    summary: str = ""

    def lines(self) -> list[str]:
        if self.problems:
            return [f"{self.artifact}: {problem}" for problem in self.problems]
        return [f"{self.artifact}: ok{f' ({self.summary})' if self.summary else ''}"]


@dataclass(frozen=True)
class Facts:
    """What the pair comparison needs from each artifact once it has been read."""

    sections: list[str]
    source: str  # where the sections were read from, for messages


# ----------------------------------------------------------------------------- text helpers


def squash(text: str) -> str:
    """Letters and digits only, case-folded: how PDF words and shape text are compared."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def same_title(a: str, b: str) -> bool:
    """Section titles match when equal, nearly equal, or one is the other shortened with an ellipsis."""
    sa, sb = squash(a), squash(b)
    if sa == sb or (sa and sb and difflib.SequenceMatcher(None, sa, sb).ratio() >= 0.85):
        return True
    for short, full in ((a, sb), (b, sa)):
        stem = squash(ELLIPSIS.sub("", short))
        if ELLIPSIS.search(short) and stem and full.startswith(stem):
            return True
    return False


def merge_continuations(titles: list[str]) -> list[str]:
    """Drop continuation slides: the previous title plus "(cont.)", "(2/3)" or the like is the same section."""
    merged: list[str] = []
    for title in titles:
        previous = " ".join(merged[-1].casefold().split()) if merged else None
        current = " ".join(title.casefold().split())
        if previous and current.startswith(previous) and CONTINUATION.match(current[len(previous):]):
            continue
        merged.append(title)
    return merged


# ----------------------------------------------------------------------------- PDF


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
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
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


def _fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Object]:
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
            appearance = annotation.get("/AP", {}).get("/N")
            if isinstance(appearance, pikepdf.Stream):
                sources.append(appearance.get("/Resources"))
        for resources in sources:
            for font in _fonts(resources, seen):
                if font.get("/Subtype") == "/Type3":
                    continue  # glyphs are drawn by the file itself
                described = font.get("/DescendantFonts", [font])[0]
                descriptor = described.get("/FontDescriptor", {})
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont", "unnamed font")).lstrip("/"))
    return [f"font not embedded: {name}" for name in sorted(missing)]


def _page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}


def resolve(pdf: pikepdf.Pdf, destination: pikepdf.Object | None) -> int | None:
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


# ----------------------------------------------------------------------------- deck


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
        if layout_role(slide.slide_layout.name) != "content":
            continue
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        if notes is None or not notes.text.strip():
            problems.append(f"slide {number} ('{shorten(slide_title(slide), 50)}'): no speaker notes")
    return problems


def _pictures(shapes: Sequence[BaseShape]) -> Iterator[BaseShape]:
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


def _boxes(shapes: Sequence[BaseShape], scale: float, transform: tuple[float, float, float, float],
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


def _master_shapes(slide: Slide) -> Iterator[BaseShape]:
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
        if layout_role(slide.slide_layout.name) != "agenda":
            continue
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            if shape.is_placeholder and shape.placeholder_format.type in MASTER_TEXT:
                continue
            items += [p.text.strip() for p in shape.text_frame.paragraphs if p.text.strip() and p.level == 0]
    if items:
        return Facts([re.sub(r"^\d+[.)]\s*", "", item) for item in items], "agenda")
    return Facts([slide_title(s) for s in slides if layout_role(s.slide_layout.name) == "section"], "section slides")


def compare_sections(guide: Facts, deck: Facts) -> list[str]:
    """Both artifacts teach the same sections in the same order (titles compared leniently)."""
    titles = merge_continuations(deck.sections)
    if not titles:
        return [] if len(guide.sections) <= 1 else [
            f"the guide has {len(guide.sections)} sections but the deck has neither an agenda nor section slides"]
    guide_keys = [squash(title) for title in guide.sections]
    # Each deck title stands for the guide title it matches, so a shortened title counts as equal.
    deck_keys = [next((squash(g) for g in guide.sections if same_title(g, d)), squash(d)) for d in titles]
    problems = []
    matcher = difflib.SequenceMatcher(None, guide_keys, deck_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for index in range(i1, i2):
            where = "elsewhere in" if guide_keys[index] in deck_keys else "missing from"
            problems.append(f"section {index + 1} '{shorten(guide.sections[index])}' ({guide.source}) is {where} "
                            f"the deck's {deck.source}")
        for index in range(j1, j2):
            if deck_keys[index] not in guide_keys:
                problems.append(f"'{shorten(titles[index])}' ({deck.source}) is not a section of the guide")
    return problems


# ----------------------------------------------------------------------------- command line


def check_all(paths: Sequence[Path]) -> list[Report]:
    """Check each artifact, then each guide/deck pair of the same document."""
    reports: list[Report] = []
    for key, (pdf, deck) in pair_artifacts(paths).items():
        facts: dict[str, Facts | None] = {}
        for kind, path, checker in (("pdf", pdf, check_pdf), ("deck", deck, check_deck)):
            if path is None:
                continue
            if not path.is_file():
                reports.append(Report(str(path), ["missing (run make first)"]))
                continue
            report, facts[kind] = checker(path)
            reports.append(report)
        guide_facts, deck_facts = facts.get("pdf"), facts.get("deck")
        if guide_facts is not None and deck_facts is not None:
            together = compare_sections(guide_facts, deck_facts)
            reports.append(Report(f"{key}.pdf + {key.name}.pptx", together,
                                  f"same {len(guide_facts.sections)} sections in the same order"))
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.tools.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("artifacts", nargs="+", type=Path, help="PDF guides and .pptx decks (paired by name)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        reports = check_all(args.artifacts)
    except ValueError as exc:
        parser.error(str(exc))
    except MissingToolError as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 2
    failed = [report for report in reports if report.problems]
    for report in reports:
        print("\n".join(report.lines()))
    seconds = time.perf_counter() - started
    if failed:
        sys.stdout.flush()  # the list first, then the verdict, even when both go to one terminal
        print(f"check: {len(failed)} of {len(reports)} not fit to send ({seconds:.1f} s)", file=sys.stderr)
        return 1
    print(f"check: all {len(reports)} fit to send ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
