"""What reading one document carries along: its text and lines, where the walk has got to, the
sandbox its files come from, and the findings so far."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from publish.model.diagnostics import Diagnostic
from publish.model.document import Inline
from publish.resources import Sandbox

PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
BLOCK_TAGS = frozenset({"p", "ul", "ol", "dl", "table", "pre", "blockquote", "div", "hr",
                        "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Context:
    """State of one read: the source for locating lines, findings, counters."""

    path: Path
    source: str
    sandbox: Sandbox
    stash: list[str]
    body_offset: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    footnotes: dict[str, tuple[Inline, ...]] = field(default_factory=dict)
    cited: set[str] = field(default_factory=set)  # the footnotes the text refers to
    links: list[tuple[str, int | None]] = field(default_factory=list)
    spelled: dict[str, str] = field(default_factory=dict)  # canonical front matter key -> as written
    figure_count: int = 0
    slides: bool = False  # the source is written as slides: its comments are speaker notes
    cursor: int = 0
    skipping: str | None = None  # inside an inline <script>...</script>: its text is dropped too
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.cursor = self.body_offset
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", self.source)]

    @property
    def base(self) -> Path:
        return self.path.parent.resolve()

    def warn(self, code: str, message: str, line: int | None = None, fix: str | None = None) -> None:
        diagnostic = Diagnostic(code, message, self.path, line, fix)
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    def line_text(self, line: int) -> str:
        """The source's line `line` (1-based), as written."""
        starts = self._line_starts
        end = starts[line] if line < len(starts) else len(self.source)
        return self.source[starts[line - 1]:end] if 0 < line <= len(starts) else ""

    def line_at(self, index: int) -> int:
        return bisect.bisect_right(self._line_starts, index)

    def locate(self, *needles: str, inside: bool = False) -> int | None:
        """The line of the first needle found from the cursor on; the cursor moves past it.

        A container (`inside=True`: a list, a quote) leaves the cursor on its
        needle, where its first child will find it again. Text found only
        before the cursor (a reference definition, a footnote) gets its first
        line in the body and leaves the cursor alone.
        """
        for needle in filter(None, needles):
            index = self.source.find(needle, self.cursor)
            if index >= 0:
                self.cursor = index if inside else index + len(needle)
                return self.line_at(index)
        for needle in filter(None, needles):
            index = self.source.find(needle, self.body_offset)
            if index >= 0:
                return self.line_at(index)
        return None

    def locate_pattern(self, pattern: re.Pattern[str]) -> int | None:
        match = pattern.search(self.source, self.cursor)
        if match is None:
            return None
        self.cursor = match.end()
        return self.line_at(match.start())

    def seek(self, line: int) -> None:
        self.cursor = max(self.cursor, self._line_starts[min(line, len(self._line_starts)) - 1])
