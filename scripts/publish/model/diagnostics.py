"""Warnings and errors as data (MkDocs' --strict model).

Readers, planners and writers return or raise these; only the command line
prints them, once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding: where it is, what is wrong, and how to fix it."""

    code: str
    message: str
    path: Path | None = None
    line: int | None = None
    fix: str | None = None
    severity: Severity = "warning"

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.severity}: {self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class BuildError(Exception):
    """The input cannot be built; carries the diagnostic that says why.

    `findings` are the warnings that caused it in strict mode, so the command
    line can print each of them once before the verdict.
    """

    def __init__(self, diagnostic: Diagnostic, findings: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic
        self.findings = findings


def error(code: str, message: str, path: Path | None = None, line: int | None = None,
          fix: str | None = None) -> BuildError:
    """Build the exception for a fatal problem (raise the result)."""
    return BuildError(Diagnostic(code, message, path, line, fix, "error"))


def line_of(source: str, needle: str, start_line: int = 1) -> int | None:
    """The 1-based line where `needle` first appears, or None.

    Python-Markdown keeps no source positions, so findings about a block are
    located by searching the source text for what the author wrote.
    """
    index = source.find(needle)
    if index < 0 or not needle:
        return None
    return source.count("\n", 0, index) + start_line
