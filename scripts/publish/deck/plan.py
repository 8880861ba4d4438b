"""Document + Theme -> Deck: which slides, what each shows, what the presenter reads.

A pure function of its inputs (it reads font and picture files, never writes):
the writer only draws what is planned here. The shape of a deck:

- a title slide from the front matter; the text before the first section;
  an agenda of the sections; a section slide per section when there are at
  least `slides.section_slides_from`; a closing slide (summary, questions);
- in a section, paragraphs show their key point and go whole into the notes,
  lists become bullets with their levels, unless a `::: slides` block says
  what the slide shows; a lead-in (a paragraph ending in a colon) stays with
  what follows, without a bullet; tables, figures and callouts get slides of
  their own (a figure shares one with short text before it);
- every text is measured in its box with the real font metrics. Text that
  fits one slide at some size from the largest down to its floor, with at most
  `slides.max_bullets` points (a lead-in is not one), is never split: it is
  set at the largest size that fits. Otherwise it continues on slides titled
  "... (cont.)", all at one size: as few slides as the floor size needs, and
  one more when that lifts the text off the floor; the text is shared out so
  that the fullest slide is as empty as it can be (heights and item counts
  come out even), and a paragraph taller than a slide is cut between lines
  into pieces of equal length, so no slide is left with a line or two. A
  table continues by rows under its repeated header, on as few slides as its
  floor size needs, shared out the same way;
- a heading too long for its title box grows the box (the body gives up that
  room); only beyond `text.title_growth` is a text cut, with a warning. A title
  of two lines breaks after a colon (or dash) when it can, one of more lines
  where its lines come out even.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from publish.deck.fit import Measure, Style
from publish.deck.geometry import Geometry, load_geometry
from publish.deck.inlines import break_lines, runs_of, slice_runs, text_of
from publish.deck.keypoints import key_point, lead_sentence
from publish.deck.model import (
    CONTENT_LAYOUTS,
    Box,
    Deck,
    LayoutKey,
    Para,
    PictureFrame,
    Role,
    Run,
    Slide,
    TableFrame,
    TextFrame,
)
from publish.deck.pictures import aspect_ratio
from publish.deck.split import balanced, largest_fit, partition
from publish.deck.tables import TableLayout, row_note, table_row
from publish.model.diagnostics import Diagnostic
from publish.model.document import (
    Block,
    Callout,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Only,
    Paragraph,
    Quote,
    RawBlock,
    Rule,
    Table,
    plain_text,
    walk,
)
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
KEY_POINT_LINES = 2  # a key point is at most this many lines at the body size
BIG_TITLE_LAYOUTS: frozenset[LayoutKey] = frozenset({"title", "section", "closing"})
ELLIPSIS = "…"
CLAUSE_BREAK = re.compile(r"[:;?!–—] (?=\S)")  # where a two-line title breaks best: after a clause

Runs = tuple[Run, ...]


@dataclass(frozen=True)
class _Unit:
    """Paragraphs that go onto a slide together, and what the notes say about them."""

    body: tuple[Para, ...]
    notes: tuple[Para, ...] = ()
    keep_with_next: bool = False
    bullets: int = 0  # counted against slides.max_bullets
    heading: bool = False
    anchors: tuple[str, ...] = ()
    lead_in: bool = False  # "... the following strategies:": a list right after it goes under it


@dataclass(frozen=True)
class _Measured:
    unit: _Unit
    height: float  # including the space above each paragraph


def plan_deck(document: Document, theme: Theme) -> tuple[Deck, list[Diagnostic]]:
    """Plan every slide of the deck; return the plan and its warnings."""
    planner = _Planner(document, theme)
    return planner.plan(), planner.diagnostics


class _Planner:
    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.geometry: Geometry = load_geometry(theme)
        self.measure = Measure(theme, self.geometry.line_spacing)
        self.labels: dict[str, str] = theme.labels(document.meta.lang)
        self.max_bullets = int(theme.setting("slides", "max_bullets"))
        self.max_rows = int(theme.setting("slides", "max_table_rows"))
        self.slides: list[Slide] = []
        self.anchors: dict[str, int] = {}
        self.diagnostics: list[Diagnostic] = []
        self.carry: list[Para] = []  # notes waiting for the next content slide
        self.next_title: str | None = None  # a sub-heading waiting to title the next slide
        self.line: int | None = None  # the source line of the block being planned

    # ------------------------------------------------------------------ deck structure

    def plan(self) -> Deck:
        meta = self.document.meta
        level = self.document.section_level
        intro, sections = _sections(self.document.blocks, level)
        self._title_slide()
        if intro:
            self._topic(meta.title, intro)
        if len(sections) > 1:
            self._agenda(sections)
        with_section_slides = len(sections) >= int(self.theme.setting("slides", "section_slides_from"))
        for number, (heading, blocks) in enumerate(sections, 1):
            self.line = heading.line
            self.anchors.setdefault(heading.id, len(self.slides))
            made = len(self.slides)
            if with_section_slides:
                self._section_slide(number, heading, blocks)
            self._topic(heading.text, blocks)
            if len(self.slides) == made:
                self._section_slide(number, heading, blocks)
        if self.carry:  # notes after the last content slide
            self.slides[-1] = replace(self.slides[-1], notes=self.slides[-1].notes + tuple(self.carry))
        self._closing(sections)
        return Deck(tuple(self.slides), self._footer(), meta.lang, meta.direction == "rtl",
                    tuple(sorted(self.anchors.items(), key=lambda item: item[1])))

    def _title_slide(self) -> None:
        meta = self.document.meta
        labels = self.labels
        lines = [
            " · ".join(filter(None, (meta.author, meta.organisation))),
            " · ".join(filter(None, (f"{labels['version']} {meta.version}" if meta.version else None,
                                     meta.date, meta.classification))),
            f"{labels['audience']}: {meta.audience}" if meta.audience else "",
        ]
        meta_paras = [Para((Run(line),), kind="plain") for line in lines if line]
        if meta.source:
            meta_paras.append(Para((Run(f"{labels['source']}: "), Run(meta.source.name, link=meta.source.url)),
                                   kind="plain"))
        texts = [self._single("title", "title", [Para((Run(meta.title),), kind="plain")], "cover")]
        if meta.subtitle:
            texts.append(self._single("title", "subtitle", [Para((Run(meta.subtitle),), kind="plain")], "body"))
        if meta_paras:
            texts.append(self._single("title", "meta", meta_paras, "caption"))
        self._add(Slide("title", tuple(texts)))

    def _agenda(self, sections: list[tuple[Heading, tuple[Block, ...]]]) -> None:
        units = [_Unit((Para(runs_of(heading.content), kind="number", number=n),), _preview(n, heading, blocks),
                       bullets=1) for n, (heading, blocks) in enumerate(sections, 1)]
        self._text_slides("agenda", self.labels["agenda"], units)

    def _section_slide(self, number: int, heading: Heading, blocks: Sequence[Block]) -> None:
        title = self._single("section", "title", [Para(runs_of(heading.content), kind="plain")], "cover")
        count = self._single("section", "number", [Para((Run(str(number)),), kind="plain")], "number")
        self._add(Slide("section", (count, title), notes=_section_notes(heading, blocks)))

    def _closing(self, sections: list[tuple[Heading, tuple[Block, ...]]]) -> None:
        summary = [_Unit((Para((Run(self.labels["summary"], bold=True),), kind="plain"),), keep_with_next=True)]
        summary += [_Unit((Para(runs_of(heading.content)),), bullets=1)
                    for heading, _ in sections]
        title = self._single("closing", "title", [Para((Run(self.labels["questions"]),), kind="plain")], "cover")
        box = self.geometry.box("closing", "body")
        fitted = self._fit(summary, box, "body", chunks=1) if len(summary) > 1 else None
        if fitted is None and len(summary) > 1:
            self._text_slides("content", self.labels["summary"], summary[1:])
        texts = [title]
        if fitted is not None:
            size, [chunk] = fitted
            texts.append(TextFrame("body", _paras(chunk), size, box))
        recap = tuple(note for n, (heading, blocks) in enumerate(sections, 1) for note in _preview(n, heading, blocks))
        self._add(Slide("closing", tuple(texts), notes=recap))

    def _footer(self) -> TextFrame:
        """The document's title and version, the title cut short if the line needs it."""
        meta = self.document.meta
        tail = f" · {self.labels['version']} {meta.version}" if meta.version else ""
        box = self.geometry.box("content", "footer")
        size = self._sizes("footer")[-1]
        runs = self._cut((Run(meta.title),), lambda r: self._fits_lines((*r, Run(tail)), box.text_width,
                                                                         Style("body"), size, 1))
        text = text_of(runs) + tail
        return TextFrame("footer", (Para((Run(text),), kind="plain"),), size, box)

    # ------------------------------------------------------------------ one section

    def _topic(self, title: str, blocks: Sequence[Block]) -> None:
        """The slides of one section (or of the text before the first one)."""
        slides_mode = any(isinstance(b, Only) and b.audience == "slides" for b in blocks)
        first = len(self.slides)
        pending: list[_Unit] = []
        for block in blocks:
            self.line = getattr(block, "line", None) or self.line
            if isinstance(block, Only):
                if block.audience == "notes":
                    notes = self._notes(block.blocks)
                    if pending:
                        pending[-1] = replace(pending[-1], notes=pending[-1].notes + notes)
                    elif len(self.slides) > first:
                        last = self.slides[-1]
                        self.slides[-1] = replace(last, notes=last.notes + notes)
                    else:
                        self.carry.extend(notes)
                elif block.audience == "slides":  # the body; the section's own text is in the notes
                    pending.extend(replace(unit, notes=()) for unit in self._units(block.blocks, full=True))
                continue
            if isinstance(block, (Paragraph, ListBlock, CodeBlock, RawBlock, Heading)):
                units = self._units((block,), full=False, under_lead_in=bool(pending) and pending[-1].lead_in)
                if slides_mode:
                    units = [_Unit((), unit.notes, anchors=unit.anchors) for unit in units]
                pending.extend(units)
            elif isinstance(block, Figure) and self._two(title, pending, block):
                pending = []
            elif isinstance(block, Table):
                self._table(title, block, pending)
                pending = []
            else:
                self._flush(title, pending)
                pending = []
                if isinstance(block, Figure):
                    self._picture(title, block)
                elif isinstance(block, (Callout, Quote)):
                    self._callout(title, block)
        self._flush(title, pending)

    def _flush(self, title: str, units: list[_Unit]) -> None:
        """Put waiting text on slides; a sub-heading with nothing after it titles the next slide."""
        shown = [unit for unit in units if unit.body]
        if not shown:
            self.carry.extend(note for unit in units for note in unit.notes)
            return
        if all(unit.heading for unit in shown):
            self.next_title = "".join(p.text for p in shown[-1].body)
            self.carry.extend(note for unit in units for note in unit.notes)
            return
        self._text_slides("content", title, units)

    def _take_title(self, title: str) -> str:
        taken, self.next_title = self.next_title, None
        return taken or title

    # ------------------------------------------------------------------ kinds of slides

    def _text_slides(self, layout: LayoutKey, title: str, units: list[_Unit], hug: bool = False) -> None:
        """As many slides as the text needs, the later ones titled '... (cont.)'; `hug` fits the box to the text."""
        titles, growth = self._titles(layout, title)
        box = _shrink_top(self.geometry.box(layout, "body"), growth)
        size, chunks = self._fit(units, box, "body") or (0.0, [])
        for index, chunk in enumerate(chunks):
            paras = _paras(chunk)
            frame_box = self._hug(box, paras, size, centre=True) if hug else box
            texts = (titles[min(index, 1)], TextFrame("body", paras, size, frame_box))
            notes = tuple(note for unit in chunk for note in unit.notes)
            self._add(Slide(layout, texts, notes=notes), [a for unit in chunk for a in unit.anchors])

    def _two(self, title: str, units: list[_Unit], figure: Figure) -> bool:
        """Short text and the figure after it side by side, when the text fits its half."""
        if figure.path is None or not _shows_text(units):
            return False
        titles, growth = self._titles("two", title)
        box = _shrink_top(self.geometry.box("two", "left"), growth)
        fitted = self._fit(units, box, "body", chunks=1)
        if fitted is None:
            return False
        size, [chunk] = fitted
        picture = self._picture_frame(figure, _shrink_top(self.geometry.box("two", "right"), growth))
        notes = tuple(note for unit in chunk for note in unit.notes) + self._figure_notes(figure)
        self._add(Slide("two", (titles[0], TextFrame("left", _paras(chunk), size, box)), picture=picture,
                        notes=notes), [*(a for unit in chunk for a in unit.anchors), figure.id])
        return True

    def _picture(self, title: str, figure: Figure) -> None:
        titles, growth = self._titles("picture", self._take_title(title))
        texts = [titles[0]]
        if figure.caption:
            caption = [Para(runs_of(figure.caption), kind="plain")]
            texts.append(self._single("picture", "caption", caption, "caption"))
        box = _shrink_top(self.geometry.box("picture", "picture"), growth)
        self._add(Slide("picture", tuple(texts), picture=self._picture_frame(figure, box),
                        notes=self._figure_notes(figure)), [figure.id])

    def _picture_frame(self, figure: Figure, box: Box) -> PictureFrame:
        """The picture fitted into `box`; a labelled placeholder when there is none to show."""
        aspect = aspect_ratio(figure.path) if figure.path else None
        if figure.path is not None and aspect is None:
            self.diagnostics.append(Diagnostic(
                "image", f"picture {figure.src} cannot be read", self.document.path, figure.line,
                "open it in an image editor and save it again as PNG, JPEG or SVG"))
        if aspect is None:
            text = f"{self.labels['missing_picture']}: {figure.alt}" if figure.alt else self.labels["missing_picture"]
            label = self._single_in(box, "label", [Para((Run(text),), kind="plain")], "body")
            return PictureFrame(None, figure.alt, box, figure.decorative, label)
        return PictureFrame(figure.path, figure.alt, _contain(box, aspect), figure.decorative)

    def _figure_notes(self, figure: Figure) -> tuple[Para, ...]:
        lead = Run(f"{self.labels['figure']} {figure.number}: ", bold=True)
        caption = runs_of(figure.caption) or (Run(figure.alt),)
        notes = [Para((lead, *caption), kind="plain")]
        if figure.alt and figure.alt != plain_text(figure.caption):
            notes.append(Para((Run(figure.alt),), kind="plain"))
        if figure.path is None:
            notes.append(Para((Run(self.labels["missing_picture"]),), kind="plain"))
        return tuple(notes)

    def _callout(self, title: str, block: Callout | Quote) -> None:
        units = [replace(unit, notes=unit.body) for unit in self._units(block.blocks, full=True)]
        if isinstance(block, Callout):
            # The icon stays in the notes: office suites lack a colour emoji font as often as not.
            label = block.title or self.labels[block.kind]
            icon = self.theme.tokens["callout_icons"][block.kind]
            units.insert(0, _Unit((Para((Run(label, bold=True),), kind="plain"),),
                                  (Para((Run(f"{icon} {label}", bold=True),), kind="plain"),), keep_with_next=True))
        self._text_slides("callout", self._take_title(title), units, hug=True)

    # ------------------------------------------------------------------ tables

    def _table(self, title: str, table: Table, pending: list[_Unit]) -> None:
        """A native table, led by the short text before it; rows that do not fit continue
        on the next slide under the same header."""
        leads = _shows_text(pending)
        if not leads:
            self._flush(title, pending)  # a sub-heading before the table titles it
        titles, growth = self._titles("table", self._take_title(title))
        table_box, lead_box = self.geometry.box("table", "table"), self.geometry.box("table", "lead")
        # Without a lead text the table may start where the lead would.
        box = _shrink_top(replace(table_box, y=lead_box.y, h=table_box.y + table_box.h - lead_box.y), growth)
        lead = self._lead(pending, replace(lead_box, y=box.y)) if leads else None
        if lead is not None:
            self.carry.extend(note for unit in pending for note in unit.notes)
            box = _shrink_top(box, lead.box.h + self._space(lead.size))
        elif leads:
            self._flush(title, pending)  # too long to lead the table: slides of its own first
        columns = max(len(row) for row in table.header + table.rows)
        header = tuple(table_row(row, columns) for row in table.header)
        rows = [table_row(row, columns) for row in table.rows]
        aligns = tuple(next((row[i].align for row in table.header + table.rows if i < len(row) and row[i].align),
                            None) for i in range(columns))
        sizes = self._sizes("table")
        chunks, layout = self._table_chunks(header, rows, box, sizes)
        notes_header = [text_of(cell) for cell in header[-1]] if header else []
        for index, chunk in enumerate(chunks):
            heights = layout.heights(header + tuple(chunk))
            frame = TableFrame(
                header=tuple(layout.cells(row, bold=True) for row in header),
                rows=tuple(layout.cells(row) for row in chunk),
                aligns=aligns, widths=layout.widths, heights=heights, size=layout.size,
                box=replace(box, h=sum(heights)),
                pitches=tuple(layout.pitches(row, bold=True) for row in header) + tuple(map(layout.pitches, chunk)))
            notes = tuple(row_note(row, notes_header) for row in chunk)
            texts = (titles[0], lead) if index == 0 and lead else (titles[min(index, 1)],)
            self._add(Slide("table", texts, table=frame, notes=notes))

    def _lead(self, units: list[_Unit], box: Box) -> TextFrame | None:
        """The text before a table, set above it when it fits the layout's lead box."""
        fitted = self._fit(units, box, "body", chunks=1)
        if fitted is None:
            return None
        size, [chunk] = fitted
        return TextFrame("lead", _paras(chunk), size, self._hug(box, _paras(chunk), size, centre=False))

    def _hug(self, box: Box, paras: tuple[Para, ...], size: float, centre: bool) -> Box:
        """`box` cut down to the height its text takes (centred in the old box, or at its top)."""
        height = self._set(paras, box, Style("body"), size)[1] - self._space(size) + box.inset[1] + box.inset[3]
        top = box.y + (box.h - height) / 2 if centre else box.y
        return replace(box, y=top, h=min(height, box.h))

    def _table_chunks(self, header: tuple[tuple[Runs, ...], ...], rows: list[tuple[Runs, ...]], box: Box,
                      sizes: list[float]) -> tuple[list[list[tuple[Runs, ...]]], TableLayout]:
        """One slide at the largest size that fits (preferring one that breaks no word); else the fewest
        slides the floor size needs, at the largest size that keeps that count. The header repeats on each."""
        def attempt(size: float) -> tuple[TableLayout, bool, bool]:
            layout = TableLayout(self.measure, self.geometry.cell_inset, header, rows, box, size)
            fits = sum(layout.row_height(row) for row in rows) <= layout.room and len(rows) <= self.max_rows
            return layout, fits, layout.breaks_words((*header, *rows))

        found = largest_fit(sizes, attempt)
        if found:
            return [rows], found[1]
        rows = self._split_tall_rows(header, rows, box, sizes[-1])
        floor = TableLayout(self.measure, self.geometry.cell_inset, header, rows, box, sizes[-1])
        count = len(partition([floor.row_height(row) for row in rows], [1] * len(rows), floor.room, self.max_rows))
        for size in sizes:
            layout = TableLayout(self.measure, self.geometry.cell_inset, header, rows, box, size)
            heights = [layout.row_height(row) for row in rows]
            groups = balanced(heights, [1] * len(rows), layout.room, self.max_rows, count)
            if groups is not None:
                return [[rows[i] for i in group] for group in groups], layout
        raise AssertionError("the floor size always partitions")  # pragma: no cover

    def _split_tall_rows(self, header: tuple[tuple[Runs, ...], ...], rows: list[tuple[Runs, ...]], box: Box,
                         size: float) -> list[tuple[Runs, ...]]:
        """Rows taller than a slide continue in a following row, cell by cell."""
        layout = TableLayout(self.measure, self.geometry.cell_inset, header, rows, box, size)
        out: list[tuple[Runs, ...]] = []
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

    # ------------------------------------------------------------------ blocks to paragraphs

    def _units(self, blocks: Iterable[Block], full: bool, under_lead_in: bool = False) -> list[_Unit]:
        """Slide paragraphs and notes for text blocks; `full` shows paragraphs whole, else their key point.
        A list right after a lead-in is nested under it (`under_lead_in`: the first block's list is)."""
        units: list[_Unit] = []
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
                units.append(_Unit((para,), notes, keep_with_next=lead_in, bullets=0 if lead_in else 1,
                                   lead_in=lead_in and not full))
                under_lead_in = lead_in and not full
            elif isinstance(block, Heading):
                para = Para(runs_of(block.content, bold=True), kind="plain")
                units.append(_Unit((para,), (para,), keep_with_next=True, heading=True, anchors=(block.id,)))
            elif isinstance(block, ListBlock):
                for offset, item in enumerate(block.items):
                    paras = self._item(item, level, block.ordered, block.start + offset)
                    units.append(_Unit(paras, paras, bullets=1))
            elif isinstance(block, CodeBlock):
                lines = tuple(Para((Run(line or " ", code=True),), kind="plain") for line in block.code.split("\n"))
                units.append(_Unit(lines, lines, bullets=1))
            elif isinstance(block, Only):
                if block.audience == "slides":
                    units.extend(self._units(block.blocks, full=True))
                elif block.audience == "notes":
                    units.append(_Unit((), self._notes(block.blocks)))
            elif not isinstance(block, Rule):
                text = " ".join(_block_text(b) for b in walk((block,)) if _block_text(b))
                para = Para((Run(text),), kind="plain")
                units.append(_Unit((para,), (para,), bullets=1))
        return units

    def _item(self, item: ListItem, level: int, ordered: bool, number: int) -> tuple[Para, ...]:
        """A list item and what it contains, levels kept (capped at the deepest the theme styles)."""
        deepest = len(self.geometry.levels) - 1
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
                text = runs_of(block.content) if isinstance(block, Paragraph) else (Run(_block_text(block)),)
                paras.append(Para(text, min(level + 1, deepest), "plain"))
        return (lead, *paras)

    def _notes(self, blocks: Iterable[Block]) -> tuple[Para, ...]:
        """Speaker notes from blocks: paragraphs whole, lists as lists, emphasis kept."""
        notes: list[Para] = []
        for unit in self._units(blocks, full=True):
            notes.extend(unit.notes)
        return tuple(notes)

    def _key_point_fits(self, runs: Runs) -> bool:
        box = self.geometry.box("content", "body")
        width = box.text_width - self.geometry.levels[0].margin
        return self._fits_lines(runs, width, Style("body"), self._sizes("body")[0], KEY_POINT_LINES)

    # ------------------------------------------------------------------ measuring and fitting

    def _sizes(self, kind: str) -> list[float]:
        (section, key), (floor_section, floor_key) = SIZES[kind]
        largest = self.theme.length_pt(section, key)
        floor = min(self.theme.length_pt(floor_section, floor_key), largest)
        sizes = []
        size = largest
        while size > floor:
            sizes.append(size)
            size -= self.geometry.size_step
        return [*sizes, floor]

    def _style(self, role: Role) -> Style:
        if role in ("title", "number"):
            return Style("heading", bold=self.geometry.title_bold)
        return Style("body")

    def _fits_lines(self, runs: Runs, width: float, style: Style, size: float, lines: int) -> bool:
        return self.measure.wrap(runs, width, style, size).lines <= lines

    def _width(self, box: Box, para: Para) -> float:
        levels = self.geometry.levels
        if para.kind == "plain":
            indent = levels[para.level - 1].margin if para.level > 0 else 0.0
        else:
            indent = levels[min(para.level, len(levels) - 1)].margin
        return box.text_width - indent

    def _space(self, size: float) -> float:
        return size * self.geometry.paragraph_space

    def _set(self, paras: Sequence[Para], box: Box, style: Style, size: float) -> tuple[tuple[Para, ...], float]:
        """The paragraphs as set at `size` (long words broken) and the height they take."""
        set_paras: list[Para] = []
        height = 0.0
        for para in paras:
            wrapped = self.measure.wrap(para.runs, self._width(box, para), style, size)
            set_paras.append(replace(para, runs=wrapped.runs))
            height += wrapped.height + self._space(size)
        return tuple(set_paras), height

    def _single(self, layout: LayoutKey, role: Role, paras: list[Para], kind: str) -> TextFrame:
        """A text that must fit its layout box on its own: shrink to the floor, then cut with a warning."""
        return self._single_in(self.geometry.box(layout, role), role, paras, kind)

    def _single_in(self, box: Box, role: Role, paras: list[Para], kind: str) -> TextFrame:
        style = self._style(role)
        sizes = self._sizes(kind)

        def attempt(size: float) -> tuple[tuple[Para, ...], bool, bool]:
            set_paras, height = self._set(paras, box, style, size)
            return set_paras, height - self._space(size) <= box.text_height, _broken(paras, set_paras)

        found = largest_fit(sizes, attempt)
        if found and role == "title":  # one paragraph
            size, (para,) = found
            return TextFrame(role, (replace(para, runs=self._balance(para.runs, box.text_width, style, size)),),
                             size, box)
        if found:
            return TextFrame(role, found[1], found[0], box)
        floor = sizes[-1]
        self._warn(f"{''.join(p.text for p in paras)[:60]!r} is too long for its box on the slide and was cut",
                   "shorten it")
        cut = self._cut_paras(paras, box, style, floor)
        return TextFrame(role, self._set(cut, box, style, floor)[0], floor, box)

    def _cut_paras(self, paras: list[Para], box: Box, style: Style, size: float) -> list[Para]:
        kept: list[Para] = []
        for para in paras:
            def fits(runs: Runs, para: Para = para) -> bool:
                trial = [*kept, replace(para, runs=runs)]
                return self._set(trial, box, style, size)[1] - self._space(size) <= box.text_height
            if fits(para.runs):
                kept.append(para)
                continue
            kept.append(replace(para, runs=self._cut(para.runs, fits)))
            break
        return kept

    def _cut(self, runs: Runs, fits: Callable[[Runs], bool]) -> Runs:
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

    def _titles(self, layout: LayoutKey, title: str) -> tuple[tuple[TextFrame, TextFrame], float]:
        """The title and its continuation variant, and how much their box had to grow for them."""
        box = self.geometry.box(layout, "title")
        style = self._style("title")
        sizes = self._sizes("cover" if layout in BIG_TITLE_LAYOUTS else "title")
        variants = [(Run(title),), (Run(f"{title} {self.labels['continued']}"),)]
        needed = 0.0
        for runs in variants:
            wrapped = self.measure.wrap(runs, box.text_width, style, sizes[-1])
            needed = max(needed, wrapped.height)
        growth = max(0.0, min(needed - box.text_height, self.geometry.title_growth))
        grown = replace(box, h=box.h + growth)
        frames = tuple(self._title_frame(grown, runs, style, sizes) for runs in variants)
        return (frames[0], frames[1]), growth

    def _title_frame(self, box: Box, runs: Runs, style: Style, sizes: list[float]) -> TextFrame:
        def attempt(size: float) -> tuple[Runs, bool, bool]:
            wrapped = self.measure.wrap(runs, box.text_width, style, size)
            return wrapped.runs, wrapped.height <= box.text_height, wrapped.runs != runs

        found = largest_fit(sizes, attempt)
        if found:
            runs = self._balance(found[1], box.text_width, style, found[0])
            return TextFrame("title", (Para(runs, kind="plain"),), found[0], box)
        floor = sizes[-1]
        self._warn(f"the heading {''.join(r.text for r in runs)[:60]!r} is too long for a slide title and was cut",
                   "shorten the heading")
        cut = self._cut(runs, lambda r: self.measure.wrap(r, box.text_width, style, floor).height <= box.text_height)
        return TextFrame("title", (Para(self.measure.wrap(cut, box.text_width, style, floor).runs, kind="plain"),),
                         floor, box)

    def _balance(self, runs: Runs, width: float, style: Style, size: float) -> Runs:
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
            broken = break_lines(runs, (0, start))
            if self.measure.wrap(broken, width, style, size).lines == 2:
                return broken
        low, high = 0.0, width
        for _ in range(12):
            middle = (low + high) / 2
            trial = self.measure.wrap(runs, middle, style, size)
            if trial.lines == wrapped.lines and trial.runs == runs:
                high = middle
            else:
                low = middle
        return break_lines(runs, self.measure.wrap(runs, high, style, size).starts)

    def _measure_units(self, units: Sequence[_Unit], box: Box, size: float) -> list[_Measured]:
        style = Style("body")
        out = []
        for unit in units:
            paras, height = self._set(unit.body, box, style, size)
            out.append(_Measured(replace(unit, body=paras), height))
        return out

    def _fit(self, units: list[_Unit], box: Box, kind: str, chunks: int | None = None
             ) -> tuple[float, list[list[_Unit]]] | None:
        """One slide at the largest size that fits, else continuation slides, as the module docstring
        sets out; `chunks=1` asks for one slide only (None when the text does not fit on one)."""
        sizes = self._sizes(kind)

        def attempt(size: float) -> tuple[list[_Unit], bool, bool]:
            measured = self._measure_units(units, box, size)
            fits = self._total(measured, size) <= box.text_height and _bullets(measured) <= self.max_bullets
            return [m.unit for m in measured], fits, _broken(_paras(units), _paras([m.unit for m in measured]))

        if chunks == 1 and not attempt(sizes[-1])[1]:
            return None  # text only grows with its size: what misses at the smallest misses at all
        found = largest_fit(sizes, attempt)
        if found:
            return found[0], [found[1]]
        if chunks == 1:
            return None
        floor = sizes[-1]
        _, heights, bullets = self._pieces(units, box, floor)
        count = len(partition(heights, bullets, box.text_height + self._space(floor), self.max_bullets))
        split = self._split(units, box, sizes, count)
        if split is None:  # pragma: no cover - the floor size always partitions into `count` slides
            raise AssertionError(f"{count} slides do not hold the text at {floor}pt")
        if split[0] == floor:  # one slide more, when that lifts the text off the floor
            split = self._split(units, box, sizes[:-1], count + 1) or split
        return split

    def _split(self, units: list[_Unit], box: Box, sizes: list[float], count: int
               ) -> tuple[float, list[list[_Unit]]] | None:
        """The largest of `sizes` at which the units share out over `count` slides, as evenly as their
        heights allow (the fullest slide as empty as it can be), with the units as set at that size."""
        for size in sizes:
            groups, heights, bullets = self._pieces(units, box, size)
            parts = balanced(heights, bullets, box.text_height + self._space(size), self.max_bullets, count)
            if parts is not None:
                return size, [[m.unit for i in part for m in self._measure_units(groups[i], box, size)]
                              for part in parts]
        return None

    def _pieces(self, units: list[_Unit], box: Box, size: float) -> tuple[list[list[_Unit]], list[float], list[int]]:
        """What may not be parted at `size` (units that must share a slide; a group taller than a
        slide falls apart into its units), with the height and the points of each."""
        room = box.text_height + self._space(size)
        groups = [piece for group in _groups(self._split_tall(units, box, size)) for piece in
                  ([group] if self._group_height(group, box, size) <= room else [[unit] for unit in group])]
        return (groups, [self._group_height(group, box, size) for group in groups],
                [sum(unit.bullets for unit in group) for group in groups])

    def _total(self, measured: list[_Measured], size: float) -> float:
        total = sum(m.height for m in measured)
        return total - self._space(size) if total else 0.0

    def _group_height(self, group: list[_Unit], box: Box, size: float) -> float:
        return sum(m.height for m in self._measure_units(group, box, size))

    def _split_tall(self, units: list[_Unit], box: Box, size: float) -> list[_Unit]:
        """Units taller than a whole slide are split by paragraph, paragraphs between lines."""
        room = box.text_height
        out: list[_Unit] = []
        for unit in units:
            if self._group_height([unit], box, size) - self._space(size) <= room:
                out.append(unit)
                continue
            for index, para in enumerate(unit.body):
                for piece_index, piece in enumerate(self._split_para(para, box, size, room)):
                    first = index == 0 and piece_index == 0
                    out.append(_Unit((piece,), unit.notes if first else (), bullets=unit.bullets if first else 0,
                                     anchors=unit.anchors if first else ()))
        return out

    def _split_para(self, para: Para, box: Box, size: float, room: float) -> list[Para]:
        """A paragraph taller than `room` in as few pieces as fit, of (nearly) equal lines, so that no
        slide is left with a line or two; the pieces after the first go on without a bullet."""
        wrapped = self.measure.wrap(para.runs, self._width(box, para), Style("body"), size)
        per_slide = max(1, int(room // wrapped.line_height))
        if wrapped.lines <= per_slide:
            return [para]
        pieces = -(-wrapped.lines // per_slide)
        cut = wrapped.starts[-(-wrapped.lines // pieces)]
        head = replace(para, runs=slice_runs(para.runs, 0, cut))
        rest_kind = "plain" if para.kind != "plain" else para.kind
        rest_level = para.level + 1 if para.kind != "plain" else para.level
        rest = Para(slice_runs(para.runs, cut), min(rest_level, len(self.geometry.levels) - 1), rest_kind)
        return [head, *self._split_para(rest, box, size, room)]

    # ------------------------------------------------------------------ bookkeeping

    def _add(self, slide: Slide, anchors: Iterable[str] = ()) -> None:
        if slide.layout in CONTENT_LAYOUTS:
            notes = (*self.carry, *slide.notes) or tuple(p for frame in slide.texts[1:] for p in frame.paragraphs)
            slide = replace(slide, notes=notes)
            self.carry = []
        for anchor in anchors:
            self.anchors.setdefault(anchor, len(self.slides))
        self.slides.append(slide)

    def _warn(self, message: str, fix: str) -> None:
        self.diagnostics.append(Diagnostic("deck-text-cut", message, self.document.path, self.line, fix))


# ---------------------------------------------------------------------- helpers


def _opening(blocks: Iterable[Block]) -> tuple[Run, ...] | None:
    """The first sentence of a section's first paragraph: what it is about, in the author's words."""
    first = next((block for block in blocks if isinstance(block, Paragraph)), None)
    return lead_sentence(runs_of(first.content, notes=True)) if first is not None else None


def _preview(number: int, heading: Heading, blocks: Sequence[Block]) -> tuple[Para, ...]:
    """Agenda and closing notes for one section: its number and title, then its opening sentence."""
    opening = _opening(blocks)
    title = Para(runs_of(heading.content, notes=True), kind="number", number=number)
    return (title, Para(opening, level=1, kind="plain")) if opening else (title,)


def _section_notes(heading: Heading, blocks: Sequence[Block]) -> tuple[Para, ...]:
    """A section slide's notes: the parts of the section to come, else its opening sentence."""
    parts = [Para(runs_of(block.content, notes=True), kind="plain") for block in blocks
             if isinstance(block, Heading) and block.level == heading.level + 1]
    if parts:
        return tuple(parts)
    opening = _opening(blocks)
    return (Para(opening, kind="plain"),) if opening else ()


def _sections(blocks: tuple[Block, ...], level: int) -> tuple[list[Block], list[tuple[Heading, tuple[Block, ...]]]]:
    """The blocks before the first section heading, and each section heading with its blocks."""
    intro: list[Block] = []
    sections: list[tuple[Heading, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= level:
            sections.append((block, []))
        elif sections:
            sections[-1][1].append(block)
        else:
            intro.append(block)
    return intro, [(heading, tuple(body)) for heading, body in sections]


def _block_text(block: Block) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return plain_text(block.content)
    if isinstance(block, (CodeBlock, RawBlock)):
        return block.code if isinstance(block, CodeBlock) else block.text
    if isinstance(block, Table):
        return " ".join(plain_text(cell.content) for row in block.header + block.rows for cell in row)
    if isinstance(block, Figure):
        return block.alt
    return ""


def _broken(before: Sequence[Para], after: Sequence[Para]) -> bool:
    return any(a.text != b.text for a, b in zip(before, after, strict=True))


def _shows_text(units: Sequence[_Unit]) -> bool:
    """Whether the units put more than sub-headings on a slide."""
    return any(unit.body and not unit.heading for unit in units)


def _paras(units: Sequence[_Unit]) -> tuple[Para, ...]:
    return tuple(para for unit in units for para in unit.body)


def _bullets(measured: list[_Measured]) -> int:
    return sum(m.unit.bullets for m in measured)


def _groups(units: list[_Unit]) -> list[list[_Unit]]:
    """Units that must share a slide: a heading or lead-in with what follows, notes with their text."""
    groups: list[list[_Unit]] = []
    glue = False
    for unit in units:
        if groups and (glue or not unit.body):
            groups[-1].append(unit)
        else:
            groups.append([unit])
        glue = unit.keep_with_next or (glue and not unit.body)
    return groups


def _shrink_top(box: Box, growth: float) -> Box:
    return replace(box, y=box.y + growth, h=box.h - growth)


def _contain(box: Box, aspect: float) -> Box:
    """The largest box of this aspect ratio centred in `box`."""
    width, height = box.w, box.w / aspect
    if height > box.h:
        width, height = box.h * aspect, box.h
    return replace(box, x=box.x + (box.w - width) / 2, y=box.y + (box.h - height) / 2, w=width, h=height)
