"""Small helpers shared by the reader, error and command-line tests."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

from publish.model.diagnostics import Diagnostic
from publish.model.document import Block, Document, Heading, Paragraph, Text, plain_text, walk
from publish.read import read_file, read_text
from publish.resources import Sandbox

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "technical-product-manager.md"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)  # the signature is what the reader checks
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n'


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
