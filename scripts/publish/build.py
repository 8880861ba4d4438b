"""One build: read the document once, then write each requested artifact.

The format comes from the output's extension (pandoc's convention). Writers
are imported only when needed, so a deck build never pays for WeasyPrint.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from publish.diagrams import draw_diagrams
from publish.job import Artifact, BuildOptions, Job, WriteResult, output_format
from publish.model.diagnostics import BuildError, Diagnostic, error
from publish.output import atomic_path
from publish.read import read_file
from publish.resources import Sandbox
from publish.theme import PAPER_SIZES, load_theme, theme_roots


def prepare(source: Path, options: BuildOptions) -> tuple[Job, list[Diagnostic]]:
    """Read the source and the theme; raise BuildError when either cannot be used."""
    if options.paper is not None and options.paper not in PAPER_SIZES:
        raise error("paper", f"unknown paper size '{options.paper}'", fix=f"use one of {', '.join(PAPER_SIZES)}")
    theme = load_theme(options.theme, theme_roots(options.themes))
    if options.deck_template is not None:
        theme = theme.with_deck_template(options.deck_template)
    sandbox = Sandbox(roots=(source.parent.resolve(), *theme.chain), allow_remote=options.allow_remote)
    document, diagnostics = read_file(source, sandbox)
    document, drawn, drawings = draw_diagrams(document, theme)
    if drawings is not None:  # both writers read the drawn diagrams from there
        sandbox = replace(sandbox, roots=(*sandbox.roots, drawings))
    diagnostics = [*diagnostics, *drawn]
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


def _check_opens(fmt: str, written: Path, target: Path) -> None:
    """Valid or nothing: the artifact is reopened as its readers will before it replaces the old one."""
    damage = _damage(fmt, written)
    if damage:
        raise error("output-damaged", f"the {fmt} writer produced a file that does not open cleanly ({damage}); "
                    "the previous one is kept", target, fix="rerun with PUBLISH_DEBUG=1 and report the output")


def _damage(fmt: str, written: Path) -> str | None:
    """What is wrong with a written artifact, or None: every PDF object parses (qpdf, through
    pikepdf), the deck opens in python-pptx."""
    if fmt == "pdf":
        import pikepdf

        try:
            with pikepdf.open(written) as pdf:
                problems = pdf.check_pdf_syntax()
                pages = len(pdf.pages)
        except pikepdf.PdfError as exc:
            return str(exc)
        return problems[0].split(": ", 1)[-1] if problems else None if pages else "no pages"
    if fmt == "pptx":
        from pptx import Presentation

        try:
            Presentation(str(written))
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"
    return None


def _write_pdf(job: Job, temporary: Path, target: Path) -> WriteResult:
    from publish.guide import write_pdf

    result = write_pdf(job, temporary)
    _check_opens("pdf", temporary, target)
    return result


def _write_html(job: Job, temporary: Path, target: Path) -> WriteResult:
    from publish.guide import write_html

    return write_html(job, temporary, target)


def _write_deck(job: Job, temporary: Path, target: Path) -> WriteResult:
    from publish.deck import write_deck

    result = write_deck(job, temporary)
    _check_opens("pptx", temporary, target)
    return result


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
