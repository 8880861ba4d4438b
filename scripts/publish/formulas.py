"""TeX formulas: checked once by the reader, drawn as vector SVG for the guide and written as
readable Unicode text on the slides.

ziamath (pure Python: latex2mathml, then its own STIX Two Math glyphs as SVG paths) draws a
formula the way a textbook prints it, so the PDF holds vector outlines, not a raster. A slide
shows the formula as text (pylatexenc's Unicode reading, `x^2 + α`), which a trainer can edit.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache

SIZE = 20.0  # the size formulas are drawn at; the guide scales them to the text (em)
UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")  # a command latex2mathml passed through as text
VIEW_BOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
SUPERSCRIPTS = str.maketrans("0123456789+-=()abcdefghijklmnoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")
SUBSCRIPTS = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
SCRIPT = re.compile(r"([\^_])(\{[^{}]*\}|[0-9a-zA-Z+\-=()])")


@dataclass(frozen=True)
class Drawn:
    """A formula as SVG, with its box in em of the surrounding text: `depth` below the baseline."""

    svg: str
    width: float
    height: float
    depth: float

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")


def problem(tex: str) -> str | None:
    """Why the formula cannot be drawn (the parser's message), or None when it can."""
    try:
        drawn(tex, inline=False, colour="#000000")
    except FormulaError as exc:
        return str(exc)
    return None


class FormulaError(ValueError):
    """A formula the parser cannot read, or with a command it does not know."""


@lru_cache(maxsize=512)
def drawn(tex: str, inline: bool, colour: str) -> Drawn:
    """The formula drawn in `colour`, set smaller in running text (`inline`) as TeX does; the
    reader has checked it (FormulaError otherwise)."""
    import ziamath  # 0.2 s to load: only for documents with formulas

    try:
        formula = ziamath.Latex(tex, size=SIZE, color=colour, inline=inline)
        mathml = formula.mathmlstr()
        svg = formula.svg()
    except Exception as exc:  # latex2mathml raises many kinds for what it cannot read
        raise FormulaError(f"{type(exc).__name__}{': ' + str(exc) if str(exc) else ''}") from None
    unknown = UNKNOWN_COMMAND.search(mathml)
    if unknown:
        raise FormulaError(f"unknown command {unknown.group()}")
    box = VIEW_BOX.search(svg)
    if box is None:
        raise FormulaError("the formula drew nothing")
    _, top, width, height = (float(value) for value in box.groups())
    depth = max(0.0, top + height)  # the baseline is y = 0: what lies below it
    return Drawn(svg, width / SIZE, height / SIZE, depth / SIZE)


@lru_cache(maxsize=512)
def as_text(tex: str) -> str:
    """The formula as Unicode text: Greek letters and operators as themselves, exponents and indices
    raised and lowered where Unicode has the characters (x², aᵢ, ∑ᵢ₌₁ⁿ; `x_{\\text{MSE}}` stays)."""
    from pylatexenc.latex2text import LatexNodes2Text

    scripted = SCRIPT.sub(_script, tex)
    return " ".join(LatexNodes2Text(math_mode="text").latex_to_text(scripted).split())


def _script(match: re.Match[str]) -> str:
    marker, body = match.group(1), match.group(2).strip("{}")
    table = SUPERSCRIPTS if marker == "^" else SUBSCRIPTS
    mapped = body.translate(table)
    if any(char == original for char, original in zip(mapped, body, strict=True)):
        return match.group(0)  # a character Unicode has no raised or lowered form of: as written
    return "{}" + mapped  # {} ends a command before it (\\sum{}ᵢ, not a command \\sumᵢ)
