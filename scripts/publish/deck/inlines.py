"""Runs: the slide model's styled text, made from the document's inlines, measured and cut.

Footnotes are read out in the notes and left off the slides; pictures inside
text stand in as their alt text, formulas as their Unicode reading; neighbouring
runs of one style are merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from publish.deck.model import Run
from publish.formulas import as_text
from publish.model.document import FootnoteRef, InlineImage, Inlines, LineBreak, Math, RawInline, Text, plain_text

Runs = tuple[Run, ...]


def runs_of(inlines: Inlines, notes: bool = False, bold: bool = False) -> Runs:
    """Runs for inline content; footnotes are read out in the notes and left off the slide."""
    runs: list[Run] = []
    for item in inlines:
        if isinstance(item, Text):
            styles = item.styles
            runs.append(Run(item.text, bold=bold or "strong" in styles, italic="em" in styles, code="code" in styles,
                            strike="del" in styles, link=item.href))
        elif isinstance(item, LineBreak):
            runs.append(Run("\n"))
        elif isinstance(item, FootnoteRef) and notes:
            runs.append(Run(f" ({plain_text(item.content)})"))
        elif isinstance(item, (InlineImage, RawInline)):
            runs.append(Run(item.alt if isinstance(item, InlineImage) else item.text, bold=bold))
        elif isinstance(item, Math):  # as text a trainer can read and edit, in italics as TeX sets letters
            runs.append(Run(as_text(item.tex), bold=bold, italic=True))
    return merge(runs)


def merge(runs: list[Run]) -> Runs:
    """Neighbouring runs of one style as one run; empty runs dropped."""
    merged: list[Run] = []
    for run in runs:
        if merged and replace(merged[-1], text="") == replace(run, text=""):
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return tuple(merged)


def text_of(runs: Sequence[Run]) -> str:
    return "".join(run.text for run in runs)


def slice_runs(runs: Runs, start: int, end: int | None = None) -> Runs:
    """The runs covering characters [start, end) of their joined text, styles kept."""
    out: list[Run] = []
    offset = 0
    stop = len(text_of(runs)) if end is None else end
    for run in runs:
        lo, hi = max(start - offset, 0), min(stop - offset, len(run.text))
        if lo < hi:
            out.append(replace(run, text=run.text[lo:hi]))
        offset += len(run.text)
    return tuple(out)


def break_lines(runs: Runs, starts: Sequence[int]) -> Runs:
    """The runs with a line break where each line after the first starts (in place of the space before it)."""
    text = text_of(runs)
    pieces: list[Run] = []
    previous = 0
    for start in starts[1:]:
        end = start - 1 if text[start - 1] == " " else start
        pieces += [*slice_runs(runs, previous, end), Run("\n")]
        previous = start
    return merge([*pieces, *slice_runs(runs, previous)])
