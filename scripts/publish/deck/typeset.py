"""Setting text in slide boxes: the sizes a kind of text may take, how paragraphs wrap and how tall
they are at a size, a text that must fit its box alone (shrunk to its floor, then cut with a
warning), and titles of several lines broken where they read best.

Measurement is injected (a `Measure` over the theme's real font files), so the rules here are
the same whatever measures them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from publish.deck.fit import Measure, Style
from publish.deck.geometry import Geometry
from publish.deck.inlines import break_lines, slice_runs, text_of
from publish.deck.model import Box, LayoutKey, Para, Role, Run, TextFrame
from publish.deck.split import largest_fit
from publish.theme import Theme

# Each kind of text: (largest size, floor), as theme tokens (section, key).
SIZES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "title": (("slides", "title_size"), ("slides", "title_min")),
    "cover": (("sizes", "cover_title"), ("slides", "title_min")),
    "number": (("sizes", "cover_title"), ("sizes", "cover_title")),
    "body": (("slides", "body_size"), ("slides", "body_min")),
    "table": (("slides", "table_size"), ("slides", "table_min")),
    "caption": (("slides", "caption_size"), ("slides", "table_min")),
    "footer": (("slides", "footer_size"), ("slides", "footer_size")),
}
ELLIPSIS = "…"
CLAUSE_BREAK = re.compile(r"[:;?!–—] (?=\S)")  # where a two-line title breaks best: after a clause

Runs = tuple[Run, ...]
Warn = Callable[[str, str], None]  # (message, fix): a text had to be cut


class Typesetter:
    """Sizes, widths and heights of slide text, as the theme and its layouts set them."""

    def __init__(self, theme: Theme, geometry: Geometry, measure: Measure, warn: Warn) -> None:
        self.theme = theme
        self.geometry = geometry
        self.measure = measure
        self.warn = warn

    def sizes(self, kind: str) -> list[float]:
        """From the largest size of a kind of text down to its floor, in the theme's steps."""
        (section, key), (floor_section, floor_key) = SIZES[kind]
        largest = self.theme.length_pt(section, key)
        floor = min(self.theme.length_pt(floor_section, floor_key), largest)
        sizes = []
        size = largest
        while size > floor:
            sizes.append(size)
            size -= self.geometry.size_step
        return [*sizes, floor]

    def style(self, role: Role) -> Style:
        if role in ("title", "number"):
            return Style("heading", bold=self.geometry.title_bold)
        return Style("body")

    def fits_lines(self, runs: Runs, width: float, style: Style, size: float, lines: int) -> bool:
        return self.measure.wrap(runs, width, style, size).lines <= lines

    def width(self, box: Box, para: Para) -> float:
        """The width a paragraph wraps in: its box's, less its level's indent."""
        levels = self.geometry.levels
        if para.kind == "plain":
            indent = levels[para.level - 1].margin if para.level > 0 else 0.0
        else:
            indent = levels[min(para.level, len(levels) - 1)].margin
        return box.text_width - indent

    def space(self, size: float) -> float:
        return size * self.geometry.paragraph_space

    def set(self, paras: Sequence[Para], box: Box, style: Style, size: float) -> tuple[tuple[Para, ...], float]:
        """The paragraphs as set at `size` (long words broken) and the height they take."""
        set_paras: list[Para] = []
        height = 0.0
        for para in paras:
            wrapped = self.measure.wrap(para.runs, self.width(box, para), style, size)
            set_paras.append(replace(para, runs=wrapped.runs))
            height += wrapped.height + self.space(size)
        return tuple(set_paras), height

    def hug(self, box: Box, paras: tuple[Para, ...], size: float, centre: bool) -> Box:
        """`box` cut down to the height its text takes (centred in the old box, or at its top)."""
        height = self.set(paras, box, Style("body"), size)[1] - self.space(size) + box.inset[1] + box.inset[3]
        top = box.y + (box.h - height) / 2 if centre else box.y
        return replace(box, y=top, h=min(height, box.h))

    def single(self, layout: LayoutKey, role: Role, paras: list[Para], kind: str) -> TextFrame:
        """A text that must fit its layout box on its own: shrink to the floor, then cut with a warning.
        Where the layout sets the role in capitals, the text is measured (and written) in capitals."""
        if self.geometry.caps(layout, role):
            paras = [capitals(para) for para in paras]
        return self.single_in(self.geometry.box(layout, role), role, paras, kind)

    def single_in(self, box: Box, role: Role, paras: list[Para], kind: str) -> TextFrame:
        style = self.style(role)
        sizes = self.sizes(kind)

        def attempt(size: float) -> tuple[tuple[Para, ...], bool, bool]:
            set_paras, height = self.set(paras, box, style, size)
            return set_paras, height - self.space(size) <= box.text_height, broken(paras, set_paras)

        found = largest_fit(sizes, attempt)
        if found and role == "title":  # one paragraph
            size, (para,) = found
            return TextFrame(role, (replace(para, runs=self.balance(para.runs, box.text_width, style, size)),),
                             size, box)
        if found:
            return TextFrame(role, found[1], found[0], box)
        floor = sizes[-1]
        self.warn(f"{''.join(p.text for p in paras)[:60]!r} is too long for its box on the slide and was cut",
                  "shorten it")
        cut = self.cut_paras(paras, box, style, floor)
        return TextFrame(role, self.set(cut, box, style, floor)[0], floor, box)

    def cut_paras(self, paras: list[Para], box: Box, style: Style, size: float) -> list[Para]:
        """As many paragraphs as fit the box, the last one cut short."""
        kept: list[Para] = []
        for para in paras:
            def fits(runs: Runs, para: Para = para) -> bool:
                trial = [*kept, replace(para, runs=runs)]
                return self.set(trial, box, style, size)[1] - self.space(size) <= box.text_height
            if fits(para.runs):
                kept.append(para)
                continue
            kept.append(replace(para, runs=cut(para.runs, fits)))
            break
        return kept

    def balance(self, runs: Runs, width: float, style: Style, size: float) -> Runs:
        """A title of several lines broken where it reads best: a two-line title after a colon (or a
        dash, ...) nearest its middle when both parts fit their line, else where the lines come out
        even (at the narrowest width that keeps their number) rather than full lines over a short
        last one. An author's own breaks, and titles whose long words had to be broken, stay as they are."""
        wrapped = self.measure.wrap(runs, width, style, size)
        if wrapped.lines < 2 or wrapped.runs != runs or "\n" in text_of(runs):
            return wrapped.runs
        text = text_of(runs)
        clauses = sorted((m.end() for m in CLAUSE_BREAK.finditer(text)), key=lambda i: abs(2 * i - len(text)))
        for start in clauses if wrapped.lines == 2 else ():
            broken_runs = break_lines(runs, (0, start))
            if self.measure.wrap(broken_runs, width, style, size).lines == 2:
                return broken_runs
        low, high = 0.0, width
        for _ in range(12):
            middle = (low + high) / 2
            trial = self.measure.wrap(runs, middle, style, size)
            if trial.lines == wrapped.lines and trial.runs == runs:
                high = middle
            else:
                low = middle
        return break_lines(runs, self.measure.wrap(runs, high, style, size).starts)


def capitals(para: Para) -> Para:
    """The paragraph as a layout that sets its text in capitals draws it."""
    return replace(para, runs=tuple(replace(run, text=run.text.upper()) for run in para.runs))


def cut(runs: Runs, fits: Callable[[Runs], bool]) -> Runs:
    """The longest prefix of `runs` that fits, ending in an ellipsis when anything was cut."""
    text = text_of(runs)
    if fits(runs):
        return runs
    best: Runs = (Run(ELLIPSIS),)
    low, high = 0, len(text)
    while low <= high:
        middle = (low + high) // 2
        candidate = (*slice_runs(runs, 0, middle), Run(ELLIPSIS))
        if fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def broken(before: Sequence[Para], after: Sequence[Para]) -> bool:
    """Whether setting the paragraphs had to break a word."""
    return any(a.text != b.text for a, b in zip(before, after, strict=True))
