"""SVG text laid out as whole runs in the PDF, not letter by letter.

WeasyPrint 70 lays out and draws every `<text>` and `<tspan>` of an SVG one
letter at a time: each letter is shaped alone by Pango and placed after the
previous one's advance. That is what per-letter positions (`x="10 20 30"`),
`rotate`, `letter-spacing` and `textLength` need, but for the usual label with
one position it loses kerning and ligatures, draws Arabic unjoined and Arabic
and Hebrew in reverse order, and costs a Pango layout per letter: drawing the
article's two figures (28 labels) takes 48 ms of CPU that way, 25 ms as runs.

Where no letter needs a place of its own, WeasyPrint's own text function is
handed the element's text as a single "letter", so everything else (position,
anchoring, baseline, colours, emoji, the bounding box gradients use) stays
WeasyPrint's. Text that does place letters one by one goes the upstream way.

Upstream: Kozea/WeasyPrint, SVG text is laid out letter by letter (no kerning, Arabic unjoined).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publish.resources import places_letters_one_by_one

RUN_TAGS = ("text", "tspan", "a")  # not textPath: its letters follow a path


class _Run(str):
    """The text, iterated as one item: WeasyPrint's letter loop then lays it out once."""

    def __iter__(self) -> Iterator[str]:
        yield str(self)


def runs(upstream_text: Any) -> Any:
    """WeasyPrint's SVG text function, with text that needs no per-letter placing laid out as one run."""

    def text(svg: Any, node: Any, font_size: float) -> None:
        return _as_run(upstream_text, svg, node, font_size)

    text.upstream = upstream_text  # type: ignore[attr-defined]
    return text


def _as_run(upstream_text: Any, svg: Any, node: Any, font_size: float) -> None:
    element = node._etree_node
    letters = element.text
    if node.tag not in RUN_TAGS or not letters or len(letters) == 1 or places_letters_one_by_one(node.get):
        return upstream_text(svg, node, font_size)
    element.text = _Run(letters)
    try:
        return upstream_text(svg, node, font_size)
    finally:
        element.text = letters


def apply() -> None:
    """Every tag WeasyPrint draws with its text function, and the name its text-anchor code compares with."""
    import weasyprint.svg

    upstream_text = weasyprint.svg.text
    tags = weasyprint.svg.TAGS
    if not callable(upstream_text) or not any(draw is upstream_text for draw in tags.values()):
        raise TypeError("weasyprint.svg.text is not the text drawing function")
    text = runs(upstream_text)
    tags.update({tag: text for tag, draw in tags.items() if draw is upstream_text})
    weasyprint.svg.text = text
