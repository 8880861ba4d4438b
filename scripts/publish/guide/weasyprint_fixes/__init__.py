"""Guarded fixes for WeasyPrint and the libraries under it (pydyf, cffi, pyphen).

`install()` is called by the guide's PDF writer before it imports WeasyPrint; each fix applies
only to the release it was read and measured against, and any mismatch leaves that library's
own behaviour (see publish.fixes and docs/library-fixes.md).

    libraries         WeasyPrint's C libraries opened by soname, its cffi declarations precompiled
    page_references   pydyf's page references made once per page count, not on every read
    target_counters   the contents page laid out twice, not three times
    svg_text          SVG text laid out as whole runs (kerning, joined Arabic), not letter by letter
    hyphenation       pyphen's patterns loaded parsed from the build cache
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from publish.fixes import LibraryFix
from publish.fixes import install as install_fixes


def _applied(module: str) -> Callable[[], None]:
    """The fix module is imported inside the guard: its own imports of library internals are lookups too."""
    def apply() -> None:
        importlib.import_module(f"{__name__}.{module}").apply()

    return apply


FIXES = (
    LibraryFix("weasyprint-libraries", "weasyprint", "70.0", _applied("libraries")),
    LibraryFix("pydyf-page-references", "pydyf", "0.13.0", _applied("page_references")),
    LibraryFix("weasyprint-target-counters", "weasyprint", "70.0", _applied("target_counters")),
    LibraryFix("weasyprint-svg-text", "weasyprint", "70.0", _applied("svg_text")),
    LibraryFix("pyphen-parsed-patterns", "pyphen", "0.18.1", _applied("hyphenation")),
)


def install() -> dict[str, bool]:
    """Apply every fix that holds for the installed releases, once per process; return which are in force."""
    return install_fixes(FIXES)
