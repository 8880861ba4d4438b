"""Tables on slides: column widths, row heights, rows too tall for one slide, and rows over slides.

Each column gets room between its widest word and its whole text on one
line, so no column starves and no short text wraps for want of a few points
(see `TableLayout._widths`); every cell is then measured at the font size
being tried, and a row taller than a slide is cut between lines. A table
continues by rows under its repeated header, on as few slides as its floor
size needs, shared out evenly.
"""

from __future__ import annotations

from collections.abc import Sequence

from publish.deck.fit import WIDTH_SLACK, Measure, Style, Wrapped
from publish.deck.inlines import merge, runs_of, slice_runs, text_of
from publish.deck.model import Box, Para, Run
from publish.deck.split import balanced, largest_fit, partition
from publish.model.document import Cell

Runs = tuple[Run, ...]
Row = tuple[Runs, ...]
Rows = Sequence[Row]


class TableLayout:
    """Column widths and row heights of a table at one font size."""

    def __init__(self, measure: Measure, inset: tuple[float, float, float, float], header: Rows, rows: Rows,
                 box: Box, size: float) -> None:
        self.measure = measure
        self.size = size
        self.header = header
        self.inset = inset
        self.widths = self._widths((*header, *rows), box.w)
        self.header_height = sum(self.row_height(row, bold=True) for row in header)
        self.room = box.h - self.header_height

    def _widths(self, rows: Rows, total: float) -> tuple[float, ...]:
        """Column widths from the content: each column between its longest word and its longest text.

        When every text fits on one line, each column gets room in proportion to
        its longest text. Otherwise the candidates are a browser's automatic
        layout (the spare room shared in proportion to what each column still
        wants), widths in proportion to the texts, and, for each column, the
        others on one line with this one taking what is left. The candidate that
        makes the table shortest wins; then the room its columns do not use (their
        longest lines are shorter than the columns) goes where it saves most, so
        no row gets a line it does not need.
        """
        columns = len(rows[0])
        pad = self.inset[0] + self.inset[2]
        cap = total / columns
        least, most = [], []
        for column in range(columns):
            texts = [(text_of(row[column]), index < len(self.header)) for index, row in enumerate(rows)]
            words = [(word, bold) for text, bold in texts for word in text.split()] or [("", False)]
            least.append(min(cap, max(self._line_width(w, bold) for w, bold in words) + pad))
            most.append(max(self._line_width(text, bold) for text, bold in texts) + pad)
        if sum(most) <= total:
            return tuple(w * total / sum(most) for w in most)
        spare = total - sum(least)
        stretch = sum(m - n for m, n in zip(most, least, strict=True)) or 1.0
        candidates = [tuple(n + spare * (m - n) / stretch for m, n in zip(most, least, strict=True))]
        scale = total / sum(most)
        if all(m * scale >= n for m, n in zip(most, least, strict=True)):
            candidates.append(tuple(m * scale for m in most))
        for column in range(columns):
            rest = total - (sum(most) - most[column])
            if rest >= least[column]:
                candidates.append(tuple(rest if i == column else m for i, m in enumerate(most)))
        best = min(candidates, key=lambda widths: self._total_height(rows, widths))
        used = [max(self._wrap(row[column], best[column], index < len(self.header)).widest / WIDTH_SLACK
                    for index, row in enumerate(rows)) + pad for column in range(columns)]
        free = total - sum(used)
        tightened = [tuple(u + free if i == column else u for i, u in enumerate(used)) for column in range(columns)]
        return min([best, *tightened], key=lambda widths: self._total_height(rows, widths))

    def _total_height(self, rows: Rows, widths: Sequence[float]) -> float:
        """The height of all `rows` (the header's in bold) with these column widths."""
        return sum(self._row_height(row, widths, index < len(self.header)) for index, row in enumerate(rows))

    def _line_width(self, text: str, bold: bool) -> float:
        """The column width a text needs to stay on one line."""
        return self.measure.width(text, Style("body", bold), self.size) / WIDTH_SLACK

    def _wrap(self, runs: Runs, width: float, bold: bool) -> Wrapped:
        """A cell's text as set in a column `width` wide."""
        return self.measure.wrap(runs, width - self.inset[0] - self.inset[2], Style("body", bold), self.size)

    def _row_height(self, row: Row, widths: Sequence[float], bold: bool) -> float:
        tallest = max(self._wrap(runs, widths[i], bold).height for i, runs in enumerate(row))
        return tallest + self.inset[1] + self.inset[3]

    def row_height(self, row: Row, bold: bool = False) -> float:
        return self._row_height(row, self.widths, bold)

    def breaks_words(self, rows: Rows) -> bool:
        """Whether a word in any of `rows` (the header's first) had to be broken to fit its column."""
        return any(self._wrap(runs, self.widths[i], index < len(self.header)).runs != runs
                   for index, row in enumerate(rows) for i, runs in enumerate(row))

    def heights(self, rows: Rows) -> tuple[float, ...]:
        count = len(self.header)
        return tuple(self.row_height(row, bold=index < count) for index, row in enumerate(rows))

    def cells(self, row: Row, bold: bool = False) -> tuple[tuple[Para, ...], ...]:
        """Each cell's paragraphs as set."""
        return tuple((Para(self._wrap(runs, self.widths[i], bold).runs, kind="plain"),) for i, runs in enumerate(row))

    def pitches(self, row: Row, bold: bool = False) -> tuple[float, ...]:
        """Each cell's line pitch, as measured: the writer sets the lines exactly that far apart."""
        return tuple(self._wrap(runs, self.widths[i], bold).line_height for i, runs in enumerate(row))

    def split_row(self, row: Row) -> tuple[Row, Row]:
        """The part of a too-tall row that fits under the header, and the rest (each cell cut between lines)."""
        room = self.room - self.inset[1] - self.inset[3]
        head, tail = [], []
        for column, runs in enumerate(row):
            wrapped = self._wrap(runs, self.widths[column], False)
            lines = max(1, int(room // wrapped.line_height))
            cut = wrapped.starts[lines] if wrapped.lines > lines else len(text_of(runs))
            head.append(slice_runs(runs, 0, cut))
            tail.append(slice_runs(runs, cut))
        return tuple(head), tuple(tail)


def table_pages(measure: Measure, inset: tuple[float, float, float, float], header: Rows, rows: list[Row],
                box: Box, sizes: list[float], max_rows: int) -> tuple[list[list[Row]], TableLayout]:
    """One slide at the largest size that fits (preferring one that breaks no word); else the fewest
    slides the floor size needs, at the largest size that keeps that count. The header repeats on each."""
    def attempt(size: float) -> tuple[TableLayout, bool, bool]:
        layout = TableLayout(measure, inset, header, rows, box, size)
        fits = sum(layout.row_height(row) for row in rows) <= layout.room and len(rows) <= max_rows
        return layout, fits, layout.breaks_words((*header, *rows))

    found = largest_fit(sizes, attempt)
    if found:
        return [rows], found[1]
    rows = _split_tall_rows(TableLayout(measure, inset, header, rows, box, sizes[-1]), rows)
    floor = TableLayout(measure, inset, header, rows, box, sizes[-1])
    count = len(partition([floor.row_height(row) for row in rows], [1] * len(rows), floor.room, max_rows))
    for size in sizes:
        layout = TableLayout(measure, inset, header, rows, box, size)
        heights = [layout.row_height(row) for row in rows]
        groups = balanced(heights, [1] * len(rows), layout.room, max_rows, count)
        if groups is not None:
            return [[rows[i] for i in group] for group in groups], layout
    raise AssertionError("the floor size always partitions")  # pragma: no cover


def _split_tall_rows(layout: TableLayout, rows: list[Row]) -> list[Row]:
    """Rows taller than a slide continue in a following row, cell by cell."""
    out: list[Row] = []
    queue = list(rows)
    while queue:
        row = queue.pop(0)
        if layout.row_height(row) <= layout.room:
            out.append(row)
            continue
        head, tail = layout.split_row(row)
        out.append(head)
        queue.insert(0, tail)
    return out


def table_row(cells: Sequence[Cell], columns: int) -> Row:
    """A table row's cells as runs, padded to `columns`."""
    runs = [runs_of(cell.content) for cell in cells]
    return tuple(runs + [()] * (columns - len(runs)))


def row_note(row: Row, header: list[str]) -> Para:
    """A table row read aloud: 'first cell: header two: cell two; header three: cell three'."""
    parts: list[Run] = [*row[0], Run(": ")] if row and row[0] else []
    for index, runs in enumerate(row[1:], 1):
        name = header[index] if index < len(header) else ""
        if index > 1:
            parts.append(Run("; "))
        if name:
            parts.append(Run(f"{name}: ", italic=True))
        parts.extend(runs)
    return Para(merge(parts))
