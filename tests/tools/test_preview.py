"""`make preview`: one picture per page and per slide, contact sheets, and a review page a browser shows."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.oxml.ns import qn

from helpers import built_artifacts, damaged_copy, need
from publish.tools import preview
from publish.tools.preview import NoteParagraph, NoteRun, read_notes


class Sources(HTMLParser):
    """Every img src and a href of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and values.get("src"):
            self.images.append(values["src"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The article's preview, made once: (pdf, deck, review page)."""
    need("qpdf", "soffice", "pdftoppm")
    pdf, deck = built_artifacts(tmp_path_factory)
    assert preview.main([str(pdf), str(deck)]) == 0
    return pdf, deck, pdf.parent / "preview" / "article.html"


def test_one_picture_per_page_and_per_slide(previewed: tuple[Path, Path, Path]) -> None:
    pdf, deck, page = previewed
    folder = page.parent / "article"
    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
    slides = len(Presentation(str(deck)).slides)
    assert len(sorted(folder.glob("page-*.png"))) == pages
    assert len(sorted(folder.glob("slide-*.png"))) == slides
    with Image.open(folder / "slide-001.png") as first:
        assert first.width == preview.SLIDE_WIDTH_PX
    for sheet in ("pages-sheet.png", "slides-sheet.png"):
        with Image.open(folder / sheet) as image:
            assert image.width > 600 and image.height > 200


def test_review_page_shows_every_picture_and_the_notes(previewed: tuple[Path, Path, Path]) -> None:
    _, deck, page = previewed
    html = page.read_text(encoding="utf-8")
    sources = Sources()
    sources.feed(html)
    pictures = {p.relative_to(page.parent).as_posix() for p in (page.parent / "article").glob("*-[0-9]*.png")}
    assert set(sources.images) == pictures, "every page and slide picture, and nothing else"
    assert all(not src.startswith(("/", "file:")) and (page.parent / src).is_file()
               for src in sources.images + [h for h in sources.links if h.endswith(".png")]), "relative paths"
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides if s.has_notes_slide]
    shown = " ".join("".join(sources.text).split())
    starts = [" ".join(text.strip().splitlines()[0].split()[:4]) for text in notes if text.strip()]
    assert starts and all(start in shown for start in starts), "every slide's notes are on the page"


def test_review_page_renders_in_chromium(previewed: tuple[Path, Path, Path], tmp_path: Path) -> None:
    need("chromium")
    page = previewed[2]
    shot = tmp_path / "review.png"
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1400,1000",
               page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert shot.is_file(), f"chromium wrote no screenshot: {done.stderr[-500:]}"
    with Image.open(shot) as image:
        assert image.size == (1400, 1000)
        grey = image.convert("L")
        histogram = grey.histogram()
        background = max(histogram)
        assert background < 0.85 * sum(histogram), "the screenshot is (nearly) one colour: a blank page"
        assert ImageStat.Stat(grey).stddev[0] > 20, "too little contrast to show pages and slides"


def test_notes_keep_levels_markers_and_emphasis(tmp_path: Path) -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    frame = slide.notes_slide.notes_text_frame
    frame.text = "Ask the room"
    frame.paragraphs[0].runs[0].font.bold = True
    for level, text in ((1, "first"), (1, "second")):
        paragraph = frame.add_paragraph()
        paragraph.text, paragraph.level = text, level
        paragraph._p.get_or_add_pPr().append(paragraph._p.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod"}))
    path = tmp_path / "notes.pptx"
    deck.save(str(path))
    assert read_notes(Presentation(str(path)).slides[0]) == (
        NoteParagraph((NoteRun("Ask the room", bold=True),)),
        NoteParagraph((NoteRun("first"),), level=1, marker="1."),
        NoteParagraph((NoteRun("second"),), level=1, marker="2."),
    )


def test_damaged_pdf_fails_cleanly(previewed: tuple[Path, Path, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    broken = damaged_copy(previewed[0], tmp_path / "broken.pdf", keep=0.02)
    assert preview.main([str(broken)]) == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'broken'}: cannot preview (" in captured.err and "Traceback" not in captured.err
