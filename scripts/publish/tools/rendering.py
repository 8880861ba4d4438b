"""Artifacts as people see them, shared by check and preview: LibreOffice's render of a deck,
pdftoppm's pictures of pages, each slide's role, title and visibility, and the tools they need.

The LibreOffice render (`slides.pdf`, beside the preview pictures) is made once per deck,
whichever command asks first."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pikepdf
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.slide import Slide

from publish.deck.package import SLIDE_KIND_TAG

# The Debian package that brings each external tool (scripts/setup-system.sh installs them).
PACKAGES = {"pdftoppm": "poppler-utils", "qpdf": "qpdf", "soffice": "libreoffice-impress", "chromium": "chromium"}
SLIDE_WIDTH_PX = 1280     # a 16:9 slide at 1280 x 720
SOFFICE_TIMEOUT = 300     # seconds; a first run with a fresh profile takes a few
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


def slide_role(slide: Slide) -> str:
    """'title', 'agenda', 'section', 'closing' or 'content': from the kind the deck writer tagged the
    slide with (whatever the template's layouts are called), else from its layout's name."""
    for rel in slide.part.rels.values():
        if rel.reltype == RT.TAGS and not rel.is_external:
            tags = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            for tag in tags.iter(qn("p:tag")):
                if tag.get("name") == SLIDE_KIND_TAG:
                    kind = tag.get("val", "")
                    return kind if kind in FRAME_LAYOUTS else "content"
    return layout_role(slide.slide_layout.name)


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
