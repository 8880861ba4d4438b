"""The shape of a deck, from the document alone: the text before the first section, the sections,
and what the agenda, section and closing slides tell the presenter about each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from publish.deck.inlines import runs_of
from publish.deck.keypoints import lead_sentence
from publish.deck.model import Para, Run
from publish.model.document import Block, Callout, Heading, Paragraph, Rule

Section = tuple[Heading, tuple[Block, ...]]


def sections(blocks: tuple[Block, ...], level: int) -> tuple[list[Block], list[Section]]:
    """The blocks before the first section heading, and each section heading with its blocks."""
    intro: list[Block] = []
    found: list[tuple[Heading, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= level:
            found.append((block, []))
        elif found:
            found[-1][1].append(block)
        else:
            intro.append(block)
    return intro, [(heading, tuple(body)) for heading, body in found]


LESSON_OPENING = ("objectives", "questions")  # The Carpentries' blocks that open a lesson's deck
LESSON_CLOSING = ("keypoints",)  # and the one that ends it


def lesson_frame(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[Callout], list[Callout]]:
    """The blocks without a lesson's objectives, questions and key points, and those callouts:
    the deck opens with the first two and ends with the last, wherever the lesson put them."""
    opening = [b for b in blocks if isinstance(b, Callout) and b.lesson in LESSON_OPENING]
    closing = [b for b in blocks if isinstance(b, Callout) and b.lesson in LESSON_CLOSING]
    opening.sort(key=lambda callout: LESSON_OPENING.index(callout.lesson or ""))
    taken = {id(callout) for callout in (*opening, *closing)}
    rest = tuple(b for b in blocks if id(b) not in taken)
    return rest, opening, closing


def slide_parts(blocks: tuple[Block, ...], level: int | None = None) -> list[list[Block]]:
    """A deck written as slides, split at its `---` rules and before each heading of `level` or
    above (pandoc's slide level); empty parts dropped."""
    parts: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, Rule):
            parts.append([])
        elif level is not None and isinstance(block, Heading) and block.level <= level:
            parts.append([block])
        else:
            parts[-1].append(block)
    return [part for part in parts if part]


def preview(number: int, heading: Heading, blocks: Sequence[Block]) -> tuple[Para, ...]:
    """Agenda and closing notes for one section: its number and title, then its opening sentence."""
    opening = _opening(blocks)
    title = Para(runs_of(heading.content, notes=True), kind="number", number=number)
    return (title, Para(opening, level=1, kind="plain")) if opening else (title,)


def section_notes(heading: Heading, blocks: Sequence[Block]) -> tuple[Para, ...]:
    """A section slide's notes: the parts of the section to come, else its opening sentence."""
    parts = [Para(runs_of(block.content, notes=True), kind="plain") for block in blocks
             if isinstance(block, Heading) and block.level == heading.level + 1]
    if parts:
        return tuple(parts)
    opening = _opening(blocks)
    return (Para(opening, kind="plain"),) if opening else ()


def _opening(blocks: Iterable[Block]) -> tuple[Run, ...] | None:
    """The first sentence of a section's first paragraph: what it is about, in the author's words."""
    first = next((block for block in blocks if isinstance(block, Paragraph)), None)
    return lead_sentence(runs_of(first.content, notes=True)) if first is not None else None
