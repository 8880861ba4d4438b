"""WCAG 2.2 contrast between the colour tokens a theme puts text on.

Pure colour arithmetic plus the one list of text/background pairs the guide
and the deck use, so a theme can be checked from its tokens alone, before
anything is rendered. theme.py runs it on every load; tests run it on every
shipped theme.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from publish.highlight import TOKEN_KINDS

SizeClass = Literal["body", "large"]
# WCAG 2.2 SC 1.4.3 (AA): 4.5:1 for text, 3:1 for large text (18pt, or 14pt bold).
REQUIRED: dict[SizeClass, float] = {"body": 4.5, "large": 3.0}


@dataclass(frozen=True)
class Pair:
    """Text drawn in colour token `text` on colour token `background`, and where."""

    text: str
    background: str
    size: SizeClass
    use: str

    @property
    def required(self) -> float:
        return REQUIRED[self.size]


# Every text/background pairing the guide's CSS (templates/guide.css.j2) and
# the deck's master and layouts (deck/*.xml.j2) draw. "large" only where the
# text is never below 18pt (or 14pt bold) in either output; footers, captions
# and labels make most pairs body text.
PAIRS: tuple[Pair, ...] = (
    Pair("text", "background", "body", "running text; deck notes"),
    Pair("muted", "background", "body", "running heads, page numbers, captions, URLs"),
    Pair("link", "background", "body", "links"),
    Pair("accent", "background", "body", "classification in the footer, footnote marks"),
    Pair("primary", "background", "body", "headings, table and figure captions, contents"),
    Pair("secondary", "background", "body", "h3 headings, list numbers"),
    Pair("text", "callout_background", "body", "highlighted (marked) text"),
    Pair("callout_text", "callout_background", "body", "callout text, guide and deck"),
    Pair("accent", "callout_background", "body", "callout titles (small, bold)"),
    Pair("table_header_text", "table_header_background", "body", "table header cells, guide and deck"),
    Pair("text", "table_stripe", "body", "striped table rows, inline code, code blocks"),
    Pair("primary", "table_stripe", "body", "first column of striped table rows"),
    Pair("muted", "table_stripe", "body", "missing-picture boxes, guide and deck"),
    Pair("cover_text", "cover_background", "body", "cover and closing-slide titles, document facts"),
    Pair("cover_accent", "cover_background", "body", "cover labels and subtitle, title-slide subtitle"),
    Pair("slide_title", "slide_background", "large", "slide titles (slides.title_min and up)"),
    Pair("slide_text", "slide_background", "body", "slide bullets and tables"),
    Pair("text", "slide_background", "body", "text boxes a trainer adds (the master's other style)"),
    Pair("muted", "slide_background", "body", "slide footers, numbers and picture captions"),
    Pair("accent", "slide_background", "large", "agenda numbers (slides.body_size)"),
    Pair("slide_text", "table_stripe", "body", "striped rows of deck tables"),
    Pair("section_text", "section_background", "body", "section slide titles and their footers"),
    Pair("cover_accent", "section_background", "large", "section slide numbers (sizes.cover_title)"),
    *(Pair(f"code_{kind}", background, "body", f"{kind} tokens of code, {where}")
      for kind in TOKEN_KINDS
      for background, where in (("table_stripe", "guide"), ("slide_background", "deck"))),
)


@dataclass(frozen=True)
class Check:
    """One pair measured in one theme."""

    pair: Pair
    ratio: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.pair.required

    def __str__(self) -> str:
        p = self.pair
        verdict = "ok" if self.passes else f"needs {p.required:g}:1 ({p.size} text)"
        # Truncated, not rounded: 4.499 must not print as a passing "4.50".
        shown = math.floor(self.ratio * 100) / 100
        return f"colors.{p.text} on colors.{p.background}: {shown:.2f}:1, {verdict} - {p.use}"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of '#RGB' or '#RRGGBB' (0 black .. 1 white)."""
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 (same) .. 21 (black on white); order does not matter."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check(colors: Mapping[str, str], pairs: tuple[Pair, ...] = PAIRS) -> list[Check]:
    """Measure every pair in a theme's colour tokens."""
    return [Check(p, contrast_ratio(colors[p.text], colors[p.background])) for p in pairs]


def suggest(colors: Mapping[str, str], token: str, pairs: tuple[Pair, ...] = PAIRS) -> str | None:
    """The colour nearest colors[token] that passes every pair it is the text of.

    Mixes toward black or white, whichever gets there in fewer steps, so the
    hue stays recognisable: a fix the author can paste. None when no mix
    passes (the backgrounds themselves are too close).
    """
    needs = [(colors[p.background], p.required) for p in pairs if p.text == token]
    start = _rgb(colors[token])
    for step in range(101):
        for target in ((0, 0, 0), (255, 255, 255)):
            mixed = (round(s + (t - s) * step / 100) for s, t in zip(start, target, strict=True))
            candidate = "#{:02X}{:02X}{:02X}".format(*mixed)
            if all(contrast_ratio(candidate, background) >= required for background, required in needs):
                return candidate
    return None
