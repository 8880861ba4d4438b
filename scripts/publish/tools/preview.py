"""See it before you send it: PNG pictures, contact sheets and a review page.

    python -m publish.tools.preview build/doc.pdf build/doc.pptx [...]

For every document it writes, beside the artifacts, `preview/<doc>/page-NNN.png`
(each PDF page), `preview/<doc>/slide-NNN.png` (each slide as LibreOffice
renders it), one contact sheet for each, and `preview/<doc>.html`: the guide's
pages beside the slides and their speaker notes, for a reviewer's browser. All
paths inside the page are relative, so `preview/` can be zipped and sent."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import _Paragraph

from publish.theme.templating import render, sandboxed
from publish.tools.rendering import (
    SLIDE_WIDTH_PX,
    MissingToolError,
    RenderError,
    is_hidden,
    pair_artifacts,
    rasterise,
    slide_role,
    slide_title,
    slides_pdf,
)

PAGE_DPI = 110            # an A4 page about 900 px wide: body text readable, files small
TEMPLATES = Path(__file__).parent / "templates"


def contact_sheet(pictures: list[Path], target: Path, thumb_width: int, columns: int, label: str) -> None:
    """All pictures as one labelled grid: the whole artifact at a glance, easy to attach to a mail."""
    gap, caption = 16, 22
    thumbs = []
    for picture in pictures:
        with Image.open(picture) as image:
            thumb = image.convert("RGB")
            thumb.thumbnail((thumb_width, thumb_width * 4))
            thumbs.append(thumb)
    cell_h = max(t.height for t in thumbs) + caption
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (gap + columns * (thumb_width + gap), gap + rows * (cell_h + gap)), "#e4e7eb")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=14)
    for index, thumb in enumerate(thumbs):
        x = gap + (index % columns) * (thumb_width + gap)
        y = gap + (index // columns) * (cell_h + gap)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline="#9aa5b1")
        draw.text((x, y + thumb.height + 4), f"{label} {index + 1}", fill="#1f2933", font=font)
    sheet.save(target, optimize=True)


@dataclass(frozen=True)
class NoteRun:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class NoteParagraph:
    """One paragraph of speaker notes; `marker` is its bullet or number, so lists stay lists."""

    runs: tuple[NoteRun, ...]
    level: int = 0
    marker: str | None = None


@dataclass(frozen=True)
class Picture:
    """A PNG as the page refers to it: path relative to preview/, and its size (no layout jumps)."""

    src: str
    width: int
    height: int


@dataclass(frozen=True)
class PageView:
    number: int
    image: Picture


@dataclass(frozen=True)
class SlideView:
    number: int
    title: str
    layout: str
    role: str
    notes: tuple[NoteParagraph, ...]
    image: Picture | None


def _marker(paragraph: _Paragraph, counters: dict[int, int]) -> str | None:
    """The bullet or number PowerPoint shows before a notes paragraph (only what the slide XML says)."""
    level = paragraph.level
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]
    ppr = paragraph._p.pPr
    if ppr is None or ppr.find(qn("a:buNone")) is not None:
        counters.pop(level, None)
        return None
    if (char := ppr.find(qn("a:buChar"))) is not None:
        counters.pop(level, None)
        return char.get("char", "•")
    if (auto := ppr.find(qn("a:buAutoNum"))) is not None:
        counters[level] = counters.get(level, int(auto.get("startAt", "1")) - 1) + 1
        return f"{counters[level]}."
    return None


def read_notes(slide: Slide) -> tuple[NoteParagraph, ...]:
    """The slide's speaker notes with their structure (levels, bullets, emphasis, links)."""
    if not slide.has_notes_slide or slide.notes_slide.notes_text_frame is None:
        return ()
    paragraphs = []
    counters: dict[int, int] = {}
    for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
        runs = tuple(NoteRun(run.text, bool(run.font.bold), bool(run.font.italic), run.hyperlink.address)
                     for run in paragraph.runs if run.text)
        marker = _marker(paragraph, counters)
        if runs:
            paragraphs.append(NoteParagraph(runs, paragraph.level, marker))
    return tuple(paragraphs)


def read_slides(deck: PresentationType, images: list[Picture]) -> list[SlideView]:
    """Each visible slide with its picture; pictures pair with visible slides in order."""
    views = []
    visible = [slide for slide in deck.slides if not is_hidden(slide)]
    for number, slide in enumerate(visible, start=1):
        layout = slide.slide_layout.name
        views.append(SlideView(number, slide_title(slide), layout, slide_role(slide), read_notes(slide),
                               images[number - 1] if number <= len(images) else None))
    return views


@dataclass(frozen=True)
class Preview:
    """What one document's preview wrote."""

    html: Path
    pages: int
    slides: int


def describe(picture: Path, root: Path) -> Picture:
    """The picture as the page at `root` refers to it."""
    with Image.open(picture) as image:
        return Picture(picture.relative_to(root).as_posix(), image.width, image.height)


def build_preview(name: str, pdf: Path | None, deck: Path | None, root: Path) -> Preview:
    """Pictures, contact sheets and the review page of one document under `root` (the preview/ folder)."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[PageView] = []
    slides: list[SlideView] = []
    titles: list[str] = []
    if pdf is not None:
        with pikepdf.open(pdf) as document:
            titles.append(str(document.docinfo.get("/Title", "")))
        pictures = rasterise(pdf, folder, "page", ["-r", str(PAGE_DPI)])
        contact_sheet(pictures, folder / "pages-sheet.png", 200, 6, "page")
        pages = [PageView(number, describe(picture, root)) for number, picture in enumerate(pictures, start=1)]
    if deck is not None:
        size = ["-scale-to-x", str(SLIDE_WIDTH_PX), "-scale-to-y", "-1"]
        pictures = rasterise(slides_pdf(deck), folder, "slide", size)
        contact_sheet(pictures, folder / "slides-sheet.png", 300, 4, "slide")
        presentation = Presentation(str(deck))
        slides = read_slides(presentation, [describe(picture, root) for picture in pictures])
        titles.append(presentation.core_properties.title)
    html = root / f"{name}.html"
    html.write_text(render(sandboxed([TEMPLATES]), "preview.html.j2", dict(
        name=name, title=next((t.strip() for t in titles if t.strip()), name),
        version=max(path.stat().st_mtime_ns for path in (pdf, deck) if path is not None),
        pdf=pdf.name if pdf else None, deck=deck.name if deck else None,
        pages=pages, slides=slides,
        pages_sheet=f"{name}/pages-sheet.png" if pages else None,
        slides_sheet=f"{name}/slides-sheet.png" if slides else None,
    )), encoding="utf-8")
    return Preview(html, len(pages), len(slides))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.tools.preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("artifacts", nargs="+", type=Path, help="PDF guides and .pptx decks (paired by name)")
    args = parser.parse_args(argv)
    try:
        pairs = pair_artifacts(args.artifacts)
    except ValueError as exc:
        parser.error(str(exc))
    failed = 0
    for key, (pdf, deck) in pairs.items():
        try:
            result = build_preview(key.name, pdf, deck, key.parent / "preview")
        except MissingToolError as exc:
            print(f"preview: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:  # a damaged artifact breaks each reader differently: report, never a traceback
            why = str(exc) if isinstance(exc, RenderError) else f"{type(exc).__name__}: {exc}"
            print(f"{key}: cannot preview ({why})", file=sys.stderr)
            failed += 1
            continue
        print(f"{result.html}: {result.pages} pages, {result.slides} slides")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
