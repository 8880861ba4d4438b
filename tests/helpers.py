"""Helpers the test folders share: paths, documents written on the fly, reading, artifacts built once."""

from __future__ import annotations

import os
import textwrap
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from publish.cli import main as publish
from publish.model.diagnostics import Diagnostic
from publish.model.document import Block, Document, Heading, Paragraph, Text, markdown_files, plain_text, walk
from publish.read import read_file, read_text
from publish.resources import Sandbox
from publish.tools.rendering import MissingToolError, require

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPECIMENS = Path(__file__).resolve().parent / "specimens"
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "technical-product-manager.md"
CORPUS = [path for folder in sorted((ROOT / "tests" / "corpus").iterdir()) if folder.is_dir()
          for path in markdown_files(folder)]
"""The real documents of tests/corpus/ (see its SOURCES.md)."""
TEMPLATES = ROOT / "tests" / "corpus" / "templates"
"""Real PowerPoint templates (see tests/corpus/SOURCES.md)."""
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04\x00\x00\x00\x02\x08\x02\x00\x00\x00\xf0\xca\xea4"
       b"\x00\x00\x00\x12IDATx\x9cc<!'\xc7\x00\x03L\x0cH\x00\x00\x19X\x01\x08\xa3p\xb7N\x00\x00\x00\x00IEND\xaeB`\x82")
"""A real 4 × 2 red PNG: the reader reads a picture's header."""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n'


def schema_checker() -> Path | None:
    """pptx_schema_check.py: $PPTX_SCHEMA_CHECK, shared/ beside the clone (as CI lays it), or /work/shared."""
    tool = Path("tools") / "pptx_schema_check.py"
    candidates = [os.environ.get("PPTX_SCHEMA_CHECK", ""), str(ROOT.parent / "shared" / tool),
                  str(Path("/work/shared") / tool)]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


SCHEMA_CHECK = schema_checker()


def read(markdown: str, folder: Path | None = None, name: str = "doc.md") -> tuple[Document, list[Diagnostic]]:
    """Read a dedented Markdown specimen as if it were `folder/name`."""
    folder = folder or Path("/nonexistent/specimens")
    path = folder / name
    return read_text(textwrap.dedent(markdown).lstrip("\n"), path, Sandbox((folder,)))


def read_fixture(name: str) -> tuple[Document, list[Diagnostic]]:
    return read_file(FIXTURES / name)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Create `folder/name` (and its folders) with text or bytes; return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return path


def texts(blocks: Iterable[Block]) -> list[str]:
    """The plain text of every heading and paragraph, in reading order."""
    return [plain_text(b.content) for b in walk(tuple(blocks)) if isinstance(b, (Heading, Paragraph))]


def only(blocks: tuple[Block, ...], kind: type) -> list:
    """Every block of one kind, at any depth."""
    return [b for b in walk(blocks) if isinstance(b, kind)]


def runs(paragraph: Paragraph) -> list[tuple[str, set[str], str | None]]:
    """(text, styles, link) of each text run, for readable assertions."""
    return [(i.text, set(i.styles), i.href) for i in paragraph.content if isinstance(i, Text)]


def need(*tools: str) -> None:
    """Fail, never skip, when a tool the checks run is missing: the message names its Debian package."""
    for tool in tools:
        try:
            require(tool)
        except MissingToolError as exc:
            pytest.fail(str(exc))


def built_artifacts(factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The article's PDF and deck, built once per session into one folder (shared by the preview tests,
    so LibreOffice renders the good deck once for both)."""
    folder = factory.getbasetemp() / "artifacts"
    pdf, deck = folder / "article.pdf", folder / "article.pptx"
    if not (pdf.is_file() and deck.is_file()):
        folder.mkdir(exist_ok=True)
        assert publish([str(ARTICLE), "-o", str(pdf), "-o", str(deck), "-q"]) == 0, "the article does not build"
    return pdf, deck


def damaged_copy(source: Path, target: Path, keep: float = 0.5) -> Path:
    """A copy cut short, as an interrupted download or a full disk leaves it."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def rewritten(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a package with some parts replaced (None: removed) or added."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in original.namelist():
            if name not in change:
                copy.writestr(name, original.read(name))
        for name, data in change.items():
            if data is not None:
                copy.writestr(name, data)
    return target


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def macro_enabled(folder: Path) -> Path:
    """The default template saved as PowerPoint saves a .pptm: a macro project related to the presentation."""
    default = TEMPLATES / "python-pptx-default.pptx"
    types = part(default, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")
    rels = part(default, "ppt/_rels/presentation.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/'
        b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
    return rewritten(default, folder / "macros.pptm", {"[Content_Types].xml": types,
                                                        "ppt/_rels/presentation.xml.rels": rels,
                                                        "ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"})
