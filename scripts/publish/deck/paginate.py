"""Text over slides. Text that fits one slide at some size from the largest down to its floor, with
at most `slides.max_bullets` points (a lead-in is not one), is never split: it is set at the largest
size that fits. Otherwise it continues on further slides, all at one size: as few as the floor size
needs, and one more when that lifts the text off the floor; the text is shared out so that the
fullest slide is as empty as it can be (heights and item counts come out even), and a paragraph
taller than a slide is cut between lines into pieces of equal length, so no slide is left with a
line or two."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from publish.deck.fit import Style
from publish.deck.inlines import slice_runs
from publish.deck.model import Box, Para
from publish.deck.split import balanced, largest_fit, partition
from publish.deck.typeset import Typesetter, broken
from publish.deck.units import Unit, paras


@dataclass(frozen=True)
class Measured:
    unit: Unit
    height: float  # including the space above each paragraph


class Paginator:
    """Units shared out over as few, as evenly filled slides as the text allows."""

    def __init__(self, setter: Typesetter, max_bullets: int) -> None:
        self.setter = setter
        self.max_bullets = max_bullets

    def fit(self, units: list[Unit], box: Box, kind: str, chunks: int | None = None
            ) -> tuple[float, list[list[Unit]]] | None:
        """One slide at the largest size that fits, else continuation slides, as the module docstring
        sets out; `chunks=1` asks for one slide only (None when the text does not fit on one)."""
        sizes = self.setter.sizes(kind)

        def attempt(size: float) -> tuple[list[Unit], bool, bool]:
            measured = self._measure(units, box, size)
            fits = self._total(measured, size) <= box.text_height and _bullets(measured) <= self.max_bullets
            return [m.unit for m in measured], fits, broken(paras(units), paras([m.unit for m in measured]))

        if chunks == 1 and not attempt(sizes[-1])[1]:
            return None  # text only grows with its size: what misses at the smallest misses at all
        found = largest_fit(sizes, attempt)
        if found:
            return found[0], [found[1]]
        if chunks == 1:
            return None
        floor = sizes[-1]
        _, heights, bullets = self._pieces(units, box, floor)
        count = len(partition(heights, bullets, box.text_height + self.setter.space(floor), self.max_bullets))
        split = self._split(units, box, sizes, count)
        if split is None:  # pragma: no cover - the floor size always partitions into `count` slides
            raise AssertionError(f"{count} slides do not hold the text at {floor}pt")
        if split[0] == floor:  # one slide more, when that lifts the text off the floor
            split = self._split(units, box, sizes[:-1], count + 1) or split
        return split

    def _measure(self, units: Sequence[Unit], box: Box, size: float) -> list[Measured]:
        style = Style("body")
        out = []
        for unit in units:
            set_paras, height = self.setter.set(unit.body, box, style, size)
            out.append(Measured(replace(unit, body=set_paras), height))
        return out

    def _split(self, units: list[Unit], box: Box, sizes: list[float], count: int
               ) -> tuple[float, list[list[Unit]]] | None:
        """The largest of `sizes` at which the units share out over `count` slides, as evenly as their
        heights allow (the fullest slide as empty as it can be), with the units as set at that size."""
        for size in sizes:
            groups, heights, bullets = self._pieces(units, box, size)
            parts = balanced(heights, bullets, box.text_height + self.setter.space(size), self.max_bullets, count)
            if parts is not None:
                return size, [[m.unit for i in part for m in self._measure(groups[i], box, size)]
                              for part in parts]
        return None

    def _pieces(self, units: list[Unit], box: Box, size: float) -> tuple[list[list[Unit]], list[float], list[int]]:
        """What may not be parted at `size` (units that must share a slide; a group taller than a
        slide falls apart into its units), with the height and the points of each."""
        room = box.text_height + self.setter.space(size)
        groups = [piece for group in _groups(self._split_tall(units, box, size)) for piece in
                  ([group] if self._group_height(group, box, size) <= room else [[unit] for unit in group])]
        return (groups, [self._group_height(group, box, size) for group in groups],
                [sum(unit.bullets for unit in group) for group in groups])

    def _total(self, measured: list[Measured], size: float) -> float:
        total = sum(m.height for m in measured)
        return total - self.setter.space(size) if total else 0.0

    def _group_height(self, group: list[Unit], box: Box, size: float) -> float:
        return sum(m.height for m in self._measure(group, box, size))

    def _split_tall(self, units: list[Unit], box: Box, size: float) -> list[Unit]:
        """Units taller than a whole slide are split by paragraph, paragraphs between lines."""
        room = box.text_height
        out: list[Unit] = []
        for unit in units:
            if self._group_height([unit], box, size) - self.setter.space(size) <= room:
                out.append(unit)
                continue
            for index, para in enumerate(unit.body):
                for piece_index, piece in enumerate(self._split_para(para, box, size, room)):
                    first = index == 0 and piece_index == 0
                    out.append(Unit((piece,), unit.notes if first else (), bullets=unit.bullets if first else 0,
                                    anchors=unit.anchors if first else ()))
        return out

    def _split_para(self, para: Para, box: Box, size: float, room: float) -> list[Para]:
        """A paragraph taller than `room` in as few pieces as fit, of (nearly) equal lines, so that no
        slide is left with a line or two; the pieces after the first go on without a bullet."""
        setter = self.setter
        wrapped = setter.measure.wrap(para.runs, setter.width(box, para), Style("body"), size)
        per_slide = max(1, int(room // wrapped.line_height))
        if wrapped.lines <= per_slide:
            return [para]
        pieces = -(-wrapped.lines // per_slide)
        cut = wrapped.starts[-(-wrapped.lines // pieces)]
        head = replace(para, runs=slice_runs(para.runs, 0, cut))
        rest_kind = "plain" if para.kind != "plain" else para.kind
        rest_level = para.level + 1 if para.kind != "plain" else para.level
        rest = Para(slice_runs(para.runs, cut), min(rest_level, len(setter.geometry.levels) - 1), rest_kind)
        return [head, *self._split_para(rest, box, size, room)]


def _bullets(measured: list[Measured]) -> int:
    return sum(m.unit.bullets for m in measured)


def _groups(units: list[Unit]) -> list[list[Unit]]:
    """Units that must share a slide: a heading or lead-in with what follows, notes with their text."""
    groups: list[list[Unit]] = []
    glue = False
    for unit in units:
        if groups and (glue or not unit.body):
            groups[-1].append(unit)
        else:
            groups.append([unit])
        glue = unit.keep_with_next or (glue and not unit.body)
    return groups
