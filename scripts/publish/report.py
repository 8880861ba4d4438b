"""What the user reads about a finished artifact, for the command line and `make watch` alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from publish.job import Artifact
from publish.model.diagnostics import Diagnostic, Severity

SHOWN_OF_A_KIND = 3  # findings of one kind in one document printed in full; the rest are counted


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




class DiagnosticPrinter:
    """Prints each finding once; of more than three of one kind in a document, the first three and
    then, at `finish`, one line with how many more there were."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.printed: set[tuple[object, ...]] = set()
        self.kinds: Counter[tuple[object, str]] = Counter()

    def show(self, diagnostics: Iterable[Diagnostic], severity: Severity | None = None) -> None:
        for diagnostic in diagnostics:
            if identity(diagnostic) in self.printed:
                continue
            self.printed.add(identity(diagnostic))
            kind = (diagnostic.path, diagnostic.code)
            self.kinds[kind] += 1
            if self.kinds[kind] <= SHOWN_OF_A_KIND:
                self.write(str(replace(diagnostic, severity=severity) if severity else diagnostic))

    def finish(self) -> None:
        for (path, code), count in self.kinds.items():
            if count > SHOWN_OF_A_KIND:
                self.write(f"{path}: ... and {count - SHOWN_OF_A_KIND} more of the same kind ({code})")
        self.kinds.clear()
