"""Colour emoji fonts made ready for the PDF once per set of emoji, then kept in the cache.

WeasyPrint draws colour emoji as pictures and embeds the emoji font for the text layer
only, without its pictures: after subsetting such a font (HarfBuzz), it loads the subset
with fontTools, empties every glyph, deletes the picture tables (CBDT, CBLC, SVG, COLR)
and saves it again. The article's callout icons make that about 25 ms of CPU in every
build, and in a fresh process another 70 ms importing the fontTools table modules it
needs. The outcome depends only on the subset's bytes and the time fontTools stamps it
with (SOURCE_DATE_EPOCH, which the PDF writer pins), so it is kept (cache kind
"emoji-fonts", named by those and the WeasyPrint and fontTools versions) and a build
that finds it does neither. Subsetting stays WeasyPrint's; so does everything
about fonts without pictures, and variable ones.

Applied to the WeasyPrint version read and measured only: another may clean fonts
differently.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import fontTools
import weasyprint
import weasyprint.pdf.fonts

from . import cache

MEASURED_VERSION = "70.0"
CACHE_KIND = "emoji-fonts"
DIGEST = 32  # an entry is the font's SHA-256, then the font

upstream_clean = weasyprint.pdf.fonts.Font.clean


def clean(font: Any, to_unicode: Any, hinting: bool) -> None:
    """`Font.clean`: WeasyPrint's subset, then its picture removal from the cache when it was made before."""
    if not (font.png or font.svg or font.colr) or "fvar" in font.tables:
        return upstream_clean(font, to_unicode, hinting)
    font.subset(to_unicode, hinting)
    subset = font.file_content
    entry = cache.key(CACHE_KIND, weasyprint.__version__, fontTools.version, subset, font.index,
                      "loca" in font.tables, "glyf" in font.tables, os.environ.get("SOURCE_DATE_EPOCH"))
    kept = cache.load(CACHE_KIND, entry) or b""
    if hashlib.sha256(kept[DIGEST:]).digest() == kept[:DIGEST]:  # not a damaged entry
        font.file_content = kept[DIGEST:]
        return None
    upstream_clean(font, (), hinting)  # no glyphs to keep: WeasyPrint skips subsetting, done above
    if font.file_content != subset:  # not when fontTools could not save it: that warns on every build
        cache.store(CACHE_KIND, entry, hashlib.sha256(font.file_content).digest() + font.file_content)
    return None


if weasyprint.__version__ == MEASURED_VERSION:
    weasyprint.pdf.fonts.Font.clean = clean
