"""One build: read the document once, then write each requested artifact.

The format comes from the output's extension (pandoc's convention). Writers
are imported only when needed, so a deck build never pays for WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .diagnostics import BuildError, Diagnostic, error
from .document import Document
from .output import atomic_path
from .reader import read_file
from .resources import Sandbox
from .theme import PAPER_SIZES, Theme, load_theme

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


def prepare(source: Path, options: BuildOptions) -> tuple[Job, list[Diagnostic]]:
    """Read the source and the theme; raise BuildError when either cannot be used."""
    if options.paper is not None and options.paper not in PAPER_SIZES:
        raise error("paper", f"unknown paper size '{options.paper}'", fix=f"use one of {', '.join(PAPER_SIZES)}")
    theme = load_theme(options.theme)
    sandbox = Sandbox(roots=(source.parent.resolve(), *theme.chain), allow_remote=options.allow_remote)
    document, diagnostics = read_file(source, sandbox)
    job = Job(document, theme, options, sandbox)
    _fail_if_strict(options, diagnostics, "nothing was written")
    return job, diagnostics


def write(job: Job, target: Path) -> tuple[Artifact, list[Diagnostic]]:
    """Write one artifact atomically; a failure, or a warning in strict mode, keeps the old file."""
    fmt = output_format(target)
    if fmt is None:
        raise error("format", f"cannot write '{target.suffix}' files", target,
                    fix="name the output .pdf, .pptx or .html")
    started = time.perf_counter()
    with ExitStack() as stack:
        try:
            temporary = stack.enter_context(atomic_path(target))
        except OSError as exc:
            raise error("output", f"cannot be written ({exc.strerror or exc})", target,
                        fix="check that the folder exists and is writable, or choose another -o") from None
        result = _WRITERS[fmt](job, temporary, target)
        if not temporary.is_file() or temporary.stat().st_size == 0:
            raise error("output-empty", f"the {fmt} writer produced an empty file; the previous one is kept",
                        target, fix="rerun with PUBLISH_DEBUG=1 and report the output")
        _fail_if_strict(job.options, result.diagnostics, f"{target} keeps its previous version")
    seconds = time.perf_counter() - started
    return Artifact(target, fmt, result.units, seconds), result.diagnostics


def _write_pdf(job: Job, temporary: Path, target: Path) -> WriteResult:
    from .guide import write_pdf

    return write_pdf(job, temporary)


def _write_html(job: Job, temporary: Path, target: Path) -> WriteResult:
    from .guide import write_html

    return write_html(job, temporary, target)


def _write_deck(job: Job, temporary: Path, target: Path) -> WriteResult:
    from .deck import write_deck

    return write_deck(job, temporary)


_WRITERS: dict[str, Callable[[Job, Path, Path], WriteResult]] = {
    "pdf": _write_pdf, "html": _write_html, "pptx": _write_deck,
}


def _fail_if_strict(options: BuildOptions, diagnostics: list[Diagnostic], outcome: str) -> None:
    """In strict mode any warning stops the build; the warnings travel with the error."""
    if options.strict and diagnostics:
        count = f"{len(diagnostics)} warning{'s' if len(diagnostics) > 1 else ''}"
        first = diagnostics[0]
        raise BuildError(Diagnostic("strict", f"{count} and --strict treats warnings as errors; {outcome}",
                                    first.path, None, "fix the warnings above, or build without --strict",
                                    "error"), tuple(diagnostics))


def with_press(options: BuildOptions) -> BuildOptions:
    return replace(options, press=True)
