"""One build: read the document once, then write each requested artifact.

The format comes from the output's extension (pandoc's convention). Writers
are imported only when needed, so a deck build never pays for WeasyPrint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .diagnostics import Diagnostic, error
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
    warnings: int

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
    _fail_if_strict(options, diagnostics)
    return job, diagnostics


def write(job: Job, target: Path) -> tuple[Artifact, list[Diagnostic]]:
    """Write one artifact atomically; in strict mode a warning keeps the old file."""
    fmt = output_format(target)
    started = time.perf_counter()
    with atomic_path(target) as temporary:
        if fmt == "pdf":
            from .guide import write_pdf

            result = write_pdf(job, temporary)
        elif fmt == "html":
            from .guide import write_html

            result = write_html(job, temporary, target)
        elif fmt == "pptx":
            from .deck import write_deck

            result = write_deck(job, temporary)
        else:
            raise error("format", f"cannot write '{target.suffix}' files", target,
                        fix="name the output .pdf, .pptx or .html")
        _fail_if_strict(job.options, result.diagnostics)
    seconds = time.perf_counter() - started
    return Artifact(target, fmt, result.units, seconds, len(result.diagnostics)), result.diagnostics


def _fail_if_strict(options: BuildOptions, diagnostics: list[Diagnostic]) -> None:
    if options.strict and diagnostics:
        first = diagnostics[0]
        more = f" (and {len(diagnostics) - 1} more warning(s))" if len(diagnostics) > 1 else ""
        raise error(first.code, f"{first.message}{more} [--strict]", first.path, first.line, first.fix)


def with_press(options: BuildOptions) -> BuildOptions:
    return replace(options, press=True)
