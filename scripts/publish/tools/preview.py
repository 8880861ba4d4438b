"""See it before you send it: PNG pictures, contact sheets and a review page.

    python -m publish.tools.preview build/doc.pdf build/doc.pptx [...]

For every document it writes, beside the artifacts, `preview/<doc>/page-NNN.png`
(each PDF page), `preview/<doc>/slide-NNN.png` (each slide as LibreOffice
renders it), one contact sheet for each, and `preview/<doc>.html`: the guide's
pages beside the slides and their speaker notes, for a reviewer's browser. All
paths inside the page are relative, so `preview/` can be zipped and sent.

The LibreOffice render (`slides.pdf`) is cached here for `publish.tools.check` too:
one soffice run per deck, whichever command runs first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from jinja2 import Environment, FileSystemLoader, select_autoescape
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import _Paragraph

# The Debian package that brings each external tool (scripts/setup-system.sh installs them).
PACKAGES = {"pdftoppm": "poppler-utils", "qpdf": "qpdf", "soffice": "libreoffice-impress", "chromium": "chromium"}
PAGE_DPI = 110            # an A4 page about 900 px wide: body text readable, files small
SLIDE_WIDTH_PX = 1280     # a 16:9 slide at 1280 x 720
SOFFICE_TIMEOUT = 300     # seconds; a first run with a fresh profile takes a few
TEMPLATES = Path(__file__).parent / "templates"

# Layout names (read from the deck's own layouts, as themes/*/deck/deck.yaml names them)
# of slides that frame the teaching and so need no speaker notes. Shared with publish.tools.check.
FRAME_LAYOUTS = {
    "title": ("title slide", "title", "cover"),
    "agenda": ("agenda",),
    "section": ("section header", "section"),
    "closing": ("closing",),
}


class MissingToolError(RuntimeError):
    """An external program is not installed; the message names its Debian package."""

    def __init__(self, tool: str) -> None:
        super().__init__(f"{tool} not found: install the Debian package {PACKAGES[tool]} (make setup does)")


class RenderError(RuntimeError):
    """A tool ran but produced no usable output (usually a damaged artifact)."""


def require(tool: str) -> str:
    """The tool's path, or MissingToolError: a clear message beats a FileNotFoundError traceback."""
    path = shutil.which(tool)
    if path is None:
        raise MissingToolError(tool)
    return path


def preview_dir(artifact: Path) -> Path:
    """Where one document's pictures live: `<artifact's folder>/preview/<doc>/`."""
    return artifact.parent / "preview" / artifact.stem


def layout_role(layout_name: str) -> str:
    """'title', 'agenda', 'section', 'closing' or 'content', from the layout's name.

    Names are matched whole or by their first word ("Section Header", "Closing 2"),
    so "Title and Content" stays a content layout.
    """
    name = " ".join(layout_name.casefold().split())
    first = name.split(" ")[0] if name else ""
    for role, names in FRAME_LAYOUTS.items():
        if name in names or (role != "title" and first in names):
            return role
    return "content"


def slide_title(slide: Slide) -> str:
    """The text of the slide's title placeholder ('' when it has none)."""
    title = slide.shapes.title
    return " ".join(title.text_frame.text.split()) if title is not None and title.has_text_frame else ""


def is_hidden(slide: Slide) -> bool:
    """LibreOffice leaves hidden slides out of its PDF, so pages map to visible slides only."""
    return slide._element.get("show") in ("0", "false")


def slides_pdf(deck: Path) -> Path:
    """The deck as LibreOffice renders it: `preview/<doc>/slides.pdf`, rendered once per deck version.

    The cached file carries the deck's mtime, so a rebuilt deck is rendered again
    and an unchanged one never twice (check and preview share it).
    """
    cache = preview_dir(deck) / "slides.pdf"
    stamp = deck.stat().st_mtime_ns
    if cache.is_file() and cache.stat().st_mtime_ns == stamp and cache.stat().st_size > 0:
        return cache
    soffice = require("soffice")
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="publish-soffice-") as scratch:
        work = Path(scratch)
        # A private profile: no clash with a running LibreOffice or a parallel build.
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(work), str(deck.resolve())]
        # Its own session, so a hung render is ended with every process it forked (soffice.bin).
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True) as process:
            try:
                said, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
            except subprocess.TimeoutExpired as exc:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise RenderError(f"LibreOffice did not finish rendering within {SOFFICE_TIMEOUT} s") from exc
        produced = work / f"{deck.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            last = said.strip().splitlines()[-1:] or [f"exit {process.returncode}"]
            raise RenderError(f"LibreOffice could not render it ({last[0]})")
        partial = cache.with_name(f".{cache.name}.tmp")
        shutil.copyfile(produced, partial)
        os.utime(partial, ns=(stamp, stamp))
        os.replace(partial, cache)
    return cache


def rasterise(pdf: Path, folder: Path, prefix: str, size: list[str]) -> list[Path]:
    """Every page of `pdf` as `<prefix>-NNN.png`, one pdftoppm per CPU on a share of the pages.

    Pictures of an older, longer version go first, so the folder always matches the artifact.
    """
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    with pikepdf.open(pdf) as document:
        count = len(document.pages)
    step = -(-count // max(1, min(os.cpu_count() or 1, count)))
    pdftoppm = require("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="publish-pdftoppm-", dir=folder) as scratch:
        stem = str(Path(scratch) / "p")
        workers = [subprocess.Popen([pdftoppm, "-png", "-f", str(first), "-l", str(min(first + step - 1, count)),
                                     *size, str(pdf), stem], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True) for first in range(1, count + 1, step)]
        said = [line for worker in workers for line in worker.communicate()[1].strip().splitlines()]
        pictures = sorted(Path(scratch).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if any(worker.returncode for worker in workers) or not pictures or len(pictures) != count:
            why = said[-1] if said else f"{len(pictures)} of {count} pages"
            raise RenderError(f"pdftoppm could not render it ({why})")
        named = [folder / f"{prefix}-{number:03d}.png" for number in range(1, count + 1)]
        for picture, name in zip(pictures, named, strict=True):
            os.replace(picture, name)
    return named


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


# ----------------------------------------------------------------------------- the review page


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
        views.append(SlideView(number, slide_title(slide), layout, layout_role(layout), read_notes(slide),
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
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                              trim_blocks=True, lstrip_blocks=True)
    html = root / f"{name}.html"
    html.write_text(environment.get_template("preview.html.j2").render(
        name=name, title=next((t.strip() for t in titles if t.strip()), name),
        version=max(path.stat().st_mtime_ns for path in (pdf, deck) if path is not None),
        pdf=pdf.name if pdf else None, deck=deck.name if deck else None,
        pages=pages, slides=slides,
        pages_sheet=f"{name}/pages-sheet.png" if pages else None,
        slides_sheet=f"{name}/slides-sheet.png" if slides else None,
    ), encoding="utf-8")
    return Preview(html, len(pages), len(slides))


def pair_artifacts(paths: Sequence[Path]) -> dict[Path, tuple[Path | None, Path | None]]:
    """Group artifacts by document (folder + name): {folder/doc: (pdf, pptx)}."""
    pairs: dict[Path, tuple[Path | None, Path | None]] = {}
    for path in paths:
        key = path.with_suffix("")
        pdf, deck = pairs.get(key, (None, None))
        if path.suffix.lower() == ".pdf":
            pdf = path
        elif path.suffix.lower() == ".pptx":
            deck = path
        else:
            raise ValueError(f"{path}: not a .pdf or .pptx artifact")
        pairs[key] = (pdf, deck)
    return pairs


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
