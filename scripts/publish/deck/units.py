"""Text blocks into units: the paragraphs that go onto a slide together, and what the speaker
notes say about them. A paragraph shows its key point and goes whole into the notes; lists keep
their levels; a lead-in (a paragraph ending in a colon) stays with what follows, without a bullet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from publish.deck.fit import Style
from publish.deck.inlines import runs_of, text_of
from publish.deck.keypoints import key_point
from publish.deck.model import Para, Run
from publish.deck.typeset import Runs, Typesetter
from publish.formulas import as_text
from publish.highlight import highlight
from publish.model.document import (
    Block,
    Callout,
    CodeBlock,
    Columns,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    MathBlock,
    Only,
    Paragraph,
    Quote,
    RawBlock,
    Rule,
    Table,
    plain_text,
    walk,
)

KEY_POINT_LINES = 2  # a key point is at most this many lines at the body size


@dataclass(frozen=True)
class Unit:
    """Paragraphs that go onto a slide together, and what the notes say about them."""

    body: tuple[Para, ...]
    notes: tuple[Para, ...] = ()
    keep_with_next: bool = False
    bullets: int = 0  # counted against slides.max_bullets
    heading: bool = False
    anchors: tuple[str, ...] = ()
    lead_in: bool = False  # "... the following strategies:": a list right after it goes under it


class UnitMaker:
    """Units from blocks, key points measured against the content layout's body box; `labels`
    name the callouts nested in other blocks."""

    def __init__(self, setter: Typesetter, labels: dict[str, str]) -> None:
        self.setter = setter
        self.levels = setter.geometry.levels
        self.labels = labels

    def units(self, blocks: Iterable[Block], full: bool, under_lead_in: bool = False) -> list[Unit]:
        """Slide paragraphs and notes for text blocks; `full` shows paragraphs whole, else their key point.
        A list right after a lead-in is nested under it (`under_lead_in`: the first block's list is)."""
        units: list[Unit] = []
        for block in blocks:
            level = int(under_lead_in)
            under_lead_in = False
            if isinstance(block, (Paragraph, RawBlock)):
                runs = runs_of(block.content) if isinstance(block, Paragraph) else (Run(block.text),)
                notes = (Para(runs_of(block.content, notes=True) if isinstance(block, Paragraph) else runs,
                              kind="plain"),)
                shown = runs if full else key_point(runs, self._key_point_fits)
                lead_in = text_of(shown).rstrip().endswith(":")  # introduces what follows: not counted as a point
                para = Para(shown, kind="plain" if full else "bullet")
                units.append(Unit((para,), notes, keep_with_next=lead_in, bullets=0 if lead_in else 1,
                                  lead_in=lead_in and not full))
                under_lead_in = lead_in and not full
            elif isinstance(block, Heading):
                para = Para(runs_of(block.content, bold=True), kind="plain")
                units.append(Unit((para,), (para,), keep_with_next=True, heading=True, anchors=(block.id,)))
            elif isinstance(block, ListBlock):
                for offset, item in enumerate(block.items):
                    paras = self._item(item, level, block.ordered, block.start + offset)
                    units.append(Unit(paras, paras, bullets=1))
            elif isinstance(block, MathBlock):  # a displayed formula: its own line, as text
                para = Para((Run(as_text(block.tex), italic=True),), kind="plain")
                units.append(Unit((para,), (para,), bullets=1))
            elif isinstance(block, CodeBlock):
                lines = tuple(Para(tuple(Run(text, code=True, italic=token == "comment", token=token)
                                         for text, token in line) or (Run(" ", code=True),), kind="plain")
                              for line in highlight(block.code, block.language))
                units.append(Unit(lines, lines, bullets=1))
            elif isinstance(block, Columns):  # side by side where a slide has room (the planner's); else in turn
                units.extend(self.units([b for column in block.columns for b in column.blocks], full))
            elif isinstance(block, Quote):  # a quotation among other text (a column's): its paragraphs, styled
                units.extend(self.units(block.blocks, full=True))
            elif isinstance(block, Callout):  # inside another callout or a column: its label, then its text
                units.append(self.label(block))
                units.extend(self.units(block.blocks, full=True))
            elif isinstance(block, Only):
                if block.audience == "slides":
                    units.extend(self.units(block.blocks, full=True))
                elif block.audience == "notes":
                    units.append(Unit((), self.notes(block.blocks)))
            elif not isinstance(block, Rule):
                text = " ".join(block_text(b) for b in walk((block,)) if block_text(b))
                para = Para((Run(text),), kind="plain")
                units.append(Unit((para,), (para,), bullets=1))
        return units

    def label(self, callout: Callout, heading: bool = False) -> Unit:
        """A callout's title (else its kind's label, in the document's language), in bold, kept with
        what follows; `heading` when it heads a part of a slide's text."""
        para = Para((Run(callout.title or self.labels[callout.label], bold=True),), kind="plain")
        return Unit((para,), (para,), keep_with_next=True, heading=heading)

    def notes(self, blocks: Iterable[Block]) -> tuple[Para, ...]:
        """Speaker notes from blocks: paragraphs whole, lists as lists, emphasis kept."""
        notes: list[Para] = []
        for unit in self.units(blocks, full=True):
            notes.extend(unit.notes)
        return tuple(notes)

    def _item(self, item: ListItem, level: int, ordered: bool, number: int) -> tuple[Para, ...]:
        """A list item and what it contains, levels kept (capped at the deepest the theme styles)."""
        deepest = len(self.levels) - 1
        level = min(level, deepest)
        lead = Para((), level, "number" if ordered else "bullet", number)
        paras: list[Para] = []
        for block in item.blocks:
            if isinstance(block, ListBlock):
                for offset, sub in enumerate(block.items):
                    paras.extend(self._item(sub, level + 1, block.ordered, block.start + offset))
            elif isinstance(block, Paragraph) and not lead.runs and not paras:
                lead = replace(lead, runs=runs_of(block.content))
            else:
                text = runs_of(block.content) if isinstance(block, Paragraph) else (Run(block_text(block)),)
                paras.append(Para(text, min(level + 1, deepest), "plain"))
        return (lead, *paras)

    def _key_point_fits(self, runs: Runs) -> bool:
        setter = self.setter
        box = setter.geometry.box("content", "body")
        width = box.text_width - self.levels[0].margin
        return setter.fits_lines(runs, width, Style("body"), setter.sizes("body")[0], KEY_POINT_LINES)


def block_text(block: Block) -> str:
    """A block's text on one line, for what a slide shows of blocks it has no form for."""
    if isinstance(block, (Paragraph, Heading)):
        return plain_text(block.content)
    if isinstance(block, (CodeBlock, RawBlock)):
        return block.code if isinstance(block, CodeBlock) else block.text
    if isinstance(block, MathBlock):
        return as_text(block.tex)
    if isinstance(block, Table):
        return " ".join(plain_text(cell.content) for row in block.header + block.rows for cell in row)
    if isinstance(block, Figure):
        return block.alt
    return ""


def shows_text(units: Sequence[Unit]) -> bool:
    """Whether the units put more than sub-headings on a slide."""
    return any(unit.body and not unit.heading for unit in units)


def paras(units: Sequence[Unit]) -> tuple[Para, ...]:
    return tuple(para for unit in units for para in unit.body)


def notes_of(units: Iterable[Unit]) -> tuple[Para, ...]:
    return tuple(note for unit in units for note in unit.notes)
