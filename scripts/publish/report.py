"""What the user reads about a finished artifact, for the command line and `make watch` alike."""

from __future__ import annotations

from collections.abc import Iterable

from publish.job import Artifact
from publish.model.diagnostics import Diagnostic


def report_line(artifact: Artifact, diagnostics: Iterable[Diagnostic]) -> str:
    """The one line per artifact: path, pages or slides, size, seconds, and its warnings: the
    document's (they concern every artifact) and its writer's, each counted once."""
    unit = {"pdf": "pages", "pptx": "slides", "html": "pages"}[artifact.format]
    size = artifact.size
    human = f"{size / 1_048_576:.2f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"
    count = "" if artifact.format == "html" else f"{artifact.units} {unit}, "
    warnings = len({identity(diagnostic) for diagnostic in diagnostics})
    return f"{artifact.path}: {count}{human}, {artifact.seconds:.2f} s, {warnings} warning(s)"


def identity(diagnostic: Diagnostic) -> tuple[object, ...]:
    """Two findings at the same place with the same message are one warning, whoever reported it."""
    return diagnostic.path, diagnostic.line, diagnostic.message


