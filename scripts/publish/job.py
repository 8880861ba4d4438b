"""What one build is: the read document, its theme, the options, and when it was made.

Below every writer: the guide, the deck and the tools take a Job and return a
WriteResult, and nothing here imports them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from publish.model.diagnostics import Diagnostic
from publish.model.document import Document
from publish.resources import Sandbox
from publish.theme import Theme

FORMATS = {".pdf": "pdf", ".pptx": "pptx", ".html": "html", ".htm": "html"}
PdfVariant = Literal["pdf/ua-1", "pdf/a-3b"]


@dataclass(frozen=True)
class BuildOptions:
    theme: str = "default"
    paper: str | None = None
    press: bool = False
    strict: bool = False
    allow_remote: bool = False
    pdf_variant: PdfVariant | None = None
    themes: Path | None = None  # a folder of themes searched first (--themes)
    deck_template: Path | None = None  # the organisation's PowerPoint template instead of the theme's (--deck-template)


@dataclass(frozen=True)
class Artifact:
    """What one build line reports."""

    path: Path
    format: str
    units: int
    seconds: float

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class WriteResult:
    """What a writer returns: how many pages or slides, and its findings."""

    units: int
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """A read document with its theme and options: the input every writer takes."""

    document: Document
    theme: Theme
    options: BuildOptions
    sandbox: Sandbox

    @property
    def paper(self) -> str:
        return self.options.paper or str(self.theme.setting("paper", "size"))

    @property
    def pdf_variant(self) -> PdfVariant:
        return self.options.pdf_variant or self.document.meta.pdf_variant or "pdf/ua-1"  # type: ignore[return-value]


EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # zip entries cannot record an earlier time


def build_time(document: Document) -> dt.datetime | None:
    """When the artifacts say they were made: SOURCE_DATE_EPOCH, else the front matter date.

    Never the clock or a file's mtime, so the same inputs give the same bytes on
    any machine; None when neither is known. Clamped to 1980 or later.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(dt.datetime.fromtimestamp(int(epoch), dt.UTC), EARLIEST)
    parts = (document.meta.date or "").split("-")
    try:
        day = dt.datetime(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                          int(parts[2]) if len(parts) > 2 else 1, tzinfo=dt.UTC)
    except ValueError:
        return None
    return max(day, EARLIEST)


def output_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


