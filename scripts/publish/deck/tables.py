"""Tables on slides: column widths, row heights and rows too tall for one slide.

A table is laid out like a browser's automatic table layout: each column
gets the room its content asks for between its widest word and its whole
text on one line, so no column starves; every cell is then measured at the
font size being tried, and a row taller than a slide is cut between lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..document import Cell
from .fit import WIDTH_SLACK, Measure, Style
from .inlines import merge, runs_of, slice_runs, text_of
from .model import Box, Para, Run

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
        self.widths = self._widths(header + tuple(rows), box.w)
        self.header_height = sum(self.row_height(row, bold=True) for row in header)
        self.room = box.h - self.header_height

    def _widths(self, rows: Rows, total: float) -> tuple[float, ...]:
        """Like a browser's automatic table layout: wide content gets room, no column starves."""
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
        return tuple(n + spare * (m - n) / stretch for m, n in zip(most, least, strict=True))

    def _line_width(self, text: str, bold: bool) -> float:
        """The column width a text needs to stay on one line."""
        return self.measure.width(text, Style("body", bold), self.size) / WIDTH_SLACK

    def _cell(self, runs: Runs, column: int, bold: bool) -> tuple[Para, float]:
        width = self.widths[column] - self.inset[0] - self.inset[2]
        wrapped = self.measure.wrap(runs, width, Style("body", bold), self.size)
        return Para(wrapped.runs, kind="plain"), wrapped.height

    def row_height(self, row: Row, bold: bool = False) -> float:
        tallest = max(self._cell(runs, i, bold)[1] for i, runs in enumerate(row))
        return tallest + self.inset[1] + self.inset[3]

    def heights(self, rows: Rows) -> tuple[float, ...]:
        count = len(self.header)
        return tuple(self.row_height(row, bold=index < count) for index, row in enumerate(rows))

    def cells(self, row: Row, bold: bool = False) -> tuple[tuple[Para, ...], ...]:
        return tuple((self._cell(runs, i, bold)[0],) for i, runs in enumerate(row))

    def split_row(self, row: Row) -> tuple[Row, Row]:
        """The part of a too-tall row that fits under the header, and the rest (each cell cut between lines)."""
        room = self.room - self.inset[1] - self.inset[3]
        head, tail = [], []
        for column, runs in enumerate(row):
            width = self.widths[column] - self.inset[0] - self.inset[2]
            wrapped = self.measure.wrap(runs, width, Style("body"), self.size)
            lines = max(1, int(room // wrapped.line_height))
            cut = wrapped.starts[lines] if wrapped.lines > lines else len(text_of(runs))
            head.append(slice_runs(runs, 0, cut))
            tail.append(slice_runs(runs, cut))
        return tuple(head), tuple(tail)


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
