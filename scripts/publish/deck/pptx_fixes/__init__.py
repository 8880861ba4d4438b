"""Guarded fixes for python-pptx, installed by the deck writer (see publish.fixes).

    xpath   python-pptx's XPath queries compiled once per process, not on every call
"""

from __future__ import annotations

from publish.fixes import LibraryFix
from publish.fixes import install as install_fixes


def _xpath() -> None:
    from publish.deck.pptx_fixes import xpath

    xpath.apply()


FIXES = (LibraryFix("pptx-compiled-xpath", "python-pptx", "1.0.2", _xpath),)


def install() -> dict[str, bool]:
    return install_fixes(FIXES)
