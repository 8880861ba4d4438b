"""Document + Theme -> Deck: which slides, what each shows, what the presenter reads.

A pure function of its inputs (it reads font and picture files, never writes):
the writer only draws what is planned here. The shape of a deck:

- a title slide from the front matter; the text before the first section;
  an agenda of the sections; a section slide per section when there are at
  least `slides.section_slides_from`; a closing slide (summary, questions);
- in a section, text becomes units (see units), unless a `::: slides` block
  says what the slide shows; tables, figures and callouts get slides of their
  own (a figure shares one with short text before it);
- every text is measured in its box with the real font metrics (typeset) and
  shared out over slides titled "... (cont.)" when it does not fit one
  (paginate; tables: tables.table_pages); titles grow their box before they
  are cut (titles).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import replace

from publish.deck.fit import Measure
from publish.deck.geometry import Geometry, load_geometry
from publish.deck.inlines import runs_of
from publish.deck.model import (
    COLUMN_LAYOUTS,
    COLUMN_ROLES,
    CONTENT_LAYOUTS,
    Box,
    Deck,
    LayoutKey,
    Para,
    PictureFrame,
    Role,
    Run,
    Slide,
    TextFrame,
)
from publish.deck.paginate import Paginator
from publish.deck.slides import (
    figure_notes,
    footer,
    formula_frame,
    formula_notes,
    picture_frame,
    section_slide,
    table_slides,
    title_slide,
)
from publish.deck.structure import Section, lesson_frame, preview, sections, slide_parts
from publish.deck.template import deck_theme
from publish.deck.titles import shrink_top, titles
from publish.deck.typeset import Typesetter
from publish.deck.units import Unit, UnitMaker, notes_of, paras, shows_text
from publish.model.diagnostics import Diagnostic
from publish.model.document import (
    Block,
    Callout,
    CodeBlock,
    Columns,
    Document,
    Figure,
    Heading,
    ListBlock,
    MathBlock,
    Metadata,
    Only,
    Paragraph,
    Quote,
    RawBlock,
    Table,
    plain_text,
)
from publish.theme import Theme


def plan_deck(document: Document, theme: Theme) -> tuple[Deck, list[Diagnostic]]:
    """Plan every slide of the deck; return the plan and its warnings (the template's first)."""
    theme, notes = deck_theme(theme)
    planner = _Planner(document, theme)
    return planner.plan(), [*notes, *planner.diagnostics]


class _Planner:
    """The slides of one deck, in order, with the notes waiting for the next content slide."""

    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.geometry: Geometry = load_geometry(theme)
        self.setter = Typesetter(theme, self.geometry, Measure(theme, self.geometry.line_spacing), self._warn)
        self.pages = Paginator(self.setter, int(theme.setting("slides", "max_bullets")))
        self.labels: dict[str, str] = theme.labels(document.meta.lang)
        self.units = UnitMaker(self.setter, self.labels)
        self.max_rows = int(theme.setting("slides", "max_table_rows"))
        self.slides: list[Slide] = []
        self.anchors: dict[str, int] = {}
        self.diagnostics: list[Diagnostic] = []
        self.carry: list[Para] = []  # notes waiting for the next content slide
        self.next_title: str | None = None  # a sub-heading waiting to title the next slide
        self.line: int | None = None  # the source line of the block being planned

    # ------------------------------------------------------------------ deck structure

    def plan(self) -> Deck:
        if self.document.meta.slides:
            return self._authors_slides()
        meta = self.document.meta
        blocks, opening, closing = lesson_frame(self.document.blocks)
        intro, parts = sections(blocks, self.document.section_level)
        self._add(title_slide(self.setter, meta, self.labels))
        self._lesson_slides(opening)
        if intro:
            self._topic(meta.title, intro)
        if len(parts) > 1:
            self._agenda(parts)
        with_section_slides = len(parts) >= int(self.theme.setting("slides", "section_slides_from"))
        for number, (heading, blocks) in enumerate(parts, 1):
            self.line = heading.line
            self.anchors.setdefault(heading.id, len(self.slides))
            made = len(self.slides)
            if with_section_slides:
                self._add(section_slide(self.setter, number, heading, blocks))
            self._topic(heading.text, blocks)
            if len(self.slides) == made:
                self._add(section_slide(self.setter, number, heading, blocks))
        self._lesson_slides(closing)
        self._flush_notes()
        self._closing(parts)
        return self._deck(meta)

    def _authors_slides(self) -> Deck:
        """A source written as slides keeps them one to one: a slide per `---` part, titled by its
        first heading (else the one before), its text whole; no agenda, dividers or closing added.
        A first part without a heading is the title slide's (its text the subtitle, its notes kept);
        a part that is only a heading above the slide level opens a section, as pandoc shows it."""
        meta = self.document.meta
        level = meta.slide_level
        parts = slide_parts(self.document.blocks, level)
        title = meta.title
        first = parts[0] if parts else []
        notes: tuple[Para, ...] = ()
        if not any(isinstance(block, Heading) for block in first):
            shown = [b for b in first if isinstance(b, Paragraph)]
            if shown and not meta.subtitle:
                meta = replace(meta, subtitle=plain_text(shown[0].content))
            notes = self.units.notes([b for b in first if isinstance(b, Only) and b.audience == "notes"])
            parts = parts[1:]
        self._add(replace(title_slide(self.setter, meta, self.labels), notes=notes))
        sections = 0
        for blocks in parts:
            heading = next((block for block in blocks if isinstance(block, Heading)), None)
            if (heading is not None and level is not None and heading.level < level
                    and all(isinstance(block, Heading) for block in blocks)):
                sections += 1
                title = heading.text
                self.anchors.setdefault(heading.id, len(self.slides))
                self._add(section_slide(self.setter, sections, heading, blocks[1:]))
                continue
            if heading is not None:
                title = heading.text or title  # an empty `##` hides the title on the web; a slide keeps one
                self.anchors.setdefault(heading.id, len(self.slides))
                blocks = [block for block in blocks if block is not heading]
            figures = [block for block in blocks if isinstance(block, Figure)]
            if len(figures) == 1:  # one picture on a slide goes beside its text, wherever it was written
                blocks = [*(block for block in blocks if block is not figures[0]), figures[0]]
            made = len(self.slides)
            self._topic(title, blocks)
            if len(self.slides) == made:  # only headings: they are the slide's text
                self.next_title = None
                units = [replace(unit, heading=False, keep_with_next=False, bullets=1)
                         for unit in self.units.units(blocks, full=True) if unit.body]
                self._text_slides("content", title, units)
        self._flush_notes()
        return self._deck(meta)

    def _flush_notes(self) -> None:
        """Notes after the last content slide go onto it."""
        if self.carry:
            self.slides[-1] = replace(self.slides[-1], notes=self.slides[-1].notes + tuple(self.carry))
            self.carry = []

    def _deck(self, meta: Metadata) -> Deck:
        return Deck(tuple(self.slides), footer(self.setter, meta, self.labels), meta.lang, meta.direction == "rtl",
                    tuple(sorted(self.anchors.items(), key=lambda item: item[1])))

    def _agenda(self, parts: list[Section]) -> None:
        units = [Unit((Para(runs_of(heading.content), kind="number", number=n),), preview(n, heading, blocks),
                      bullets=1) for n, (heading, blocks) in enumerate(parts, 1)]
        self._text_slides("agenda", self.labels["agenda"], units)

    def _lesson_slides(self, callouts: Sequence[Callout]) -> None:
        """A lesson's objectives and questions (at the start) or key points (at the end) on slides
        of their own, titled "Learning objectives" or "Key points"; each further kind under its label."""
        if not callouts:
            return
        first = callouts[0]
        title = self.labels["learning_objectives" if first.lesson == "objectives" else first.label]
        units: list[Unit] = []
        for callout in callouts:
            if callout is not first or callout.title:
                units.append(self.units.label(callout, heading=True))
            units.extend(self.units.units(callout.blocks, full=True))
        self.line = first.line
        self._text_slides("content", title, units)

    def _closing(self, parts: list[Section]) -> None:
        summary = [Unit((Para((Run(self.labels["summary"], bold=True),), kind="plain"),), keep_with_next=True)]
        summary += [Unit((Para(runs_of(heading.content)),), bullets=1) for heading, _ in parts]
        title = self.setter.single("closing", "title", [Para((Run(self.labels["questions"]),), kind="plain")],
                                   "cover")
        box = self.geometry.box("closing", "body")
        fitted = self.pages.fit(summary, box, "body", chunks=1) if len(summary) > 1 else None
        if fitted is None and len(summary) > 1:
            self._text_slides("content", self.labels["summary"], summary[1:])
        texts = [title]
        if fitted is not None:
            size, [chunk] = fitted
            texts.append(TextFrame("body", paras(chunk), size, box))
        recap = tuple(note for n, (heading, blocks) in enumerate(parts, 1) for note in preview(n, heading, blocks))
        self._add(Slide("closing", tuple(texts), notes=recap))

    # ------------------------------------------------------------------ one section

    def _topic(self, title: str, blocks: Sequence[Block]) -> None:
        """The slides of one section (or of the text before the first one)."""
        slides_mode = any(isinstance(b, Only) and b.audience == "slides" for b in blocks)
        first = len(self.slides)
        pending: list[Unit] = []
        queue = deque(blocks)
        while queue:
            block = queue.popleft()
            self.line = getattr(block, "line", None) or self.line
            if isinstance(block, Only):
                if block.audience == "notes":
                    notes = self.units.notes(block.blocks)
                    if pending:
                        pending[-1] = replace(pending[-1], notes=pending[-1].notes + notes)
                    elif len(self.slides) > first:
                        last = self.slides[-1]
                        self.slides[-1] = replace(last, notes=last.notes + notes)
                    else:
                        self.carry.extend(notes)
                elif block.audience == "slides":  # the body; the section's own text is in the notes
                    pending.extend(replace(unit, notes=()) for unit in self.units.units(block.blocks, full=True))
                continue
            if isinstance(block, (Paragraph, ListBlock, CodeBlock, RawBlock, Heading)):
                units = self.units.units((block,), full=self.document.meta.slides,
                                         under_lead_in=bool(pending) and pending[-1].lead_in)
                if self.document.meta.slides:  # the author's slide: its notes are the author's comments
                    units = [replace(unit, notes=()) for unit in units]
                if slides_mode:
                    units = [Unit((), unit.notes, anchors=unit.anchors) for unit in units]
                pending.extend(units)
            elif isinstance(block, (Figure, MathBlock)) and self._two(title, pending, block):
                pending = []
            elif isinstance(block, Table):
                self._table(title, block, pending)
                pending = []
            elif isinstance(block, Columns):
                self._flush(title, pending)
                pending = []
                if not self._columns(title, block):  # no room side by side: one column after the other
                    queue.extendleft(reversed([b for column in block.columns for b in column.blocks]))
            else:
                self._flush(title, pending)
                pending = []
                if isinstance(block, (Figure, MathBlock)):
                    self._picture(title, block)
                elif isinstance(block, (Callout, Quote)):
                    self._callout(title, block)
        self._flush(title, pending)

    def _flush(self, title: str, units: list[Unit]) -> None:
        """Put waiting text on slides; a sub-heading with nothing after it titles the next slide."""
        shown = [unit for unit in units if unit.body]
        if not shown or all(unit.heading for unit in shown):
            if shown:
                self.next_title = "".join(p.text for p in shown[-1].body)
            self.carry.extend(notes_of(units))
            return
        self._text_slides("content", title, units)

    def _take_title(self, title: str) -> str:
        taken, self.next_title = self.next_title, None
        return taken or title

    def _picture_frame(self, figure: Figure | MathBlock, box: Box, role: Role = "picture") -> PictureFrame:
        if isinstance(figure, MathBlock):
            frame = formula_frame(self.setter, figure, box, self.theme.tokens["colors"]["slide_text"])
        else:
            frame = picture_frame(self.setter, figure, box, self.labels, self.diagnostics, self.document.path)
        return replace(frame, role=role)

    def _titles(self, layout: LayoutKey, title: str) -> tuple[tuple[TextFrame, TextFrame], float]:
        return titles(self.setter, layout, title, self.labels["continued"])

    # ------------------------------------------------------------------ kinds of slides

    def _text_slides(self, layout: LayoutKey, title: str, units: list[Unit], hug: bool = False) -> None:
        """As many slides as the text needs, the later ones titled '... (cont.)'; `hug` fits the box to the text."""
        frames, growth = self._titles(layout, title)
        box = shrink_top(self.geometry.box(layout, "body"), growth)
        size, chunks = self.pages.fit(units, box, "body") or (0.0, [])
        for index, chunk in enumerate(chunks):
            shown = paras(chunk)
            frame_box = self.setter.hug(box, shown, size, centre=True) if hug else box
            texts = (frames[min(index, 1)], TextFrame("body", shown, size, frame_box))
            self._add(Slide(layout, texts, notes=notes_of(chunk)), [a for unit in chunk for a in unit.anchors])

    def _two(self, title: str, units: list[Unit], figure: Figure | MathBlock) -> bool:
        """Short text and the figure (or formula) after it side by side, when the text fits its half."""
        if (isinstance(figure, Figure) and figure.path is None) or not shows_text(units):
            return False
        frames, growth = self._titles("two", title)
        box = shrink_top(self.geometry.box("two", "left"), growth)
        fitted = self.pages.fit(units, box, "body", chunks=1)
        if fitted is None:
            return False
        size, [chunk] = fitted
        picture = self._picture_frame(figure, shrink_top(self.geometry.box("two", "right"), growth), "right")
        notes = notes_of(chunk) + self._visual_notes(figure)
        anchors = [figure.id] if isinstance(figure, Figure) else []
        self._add(Slide("two", (frames[0], TextFrame("left", paras(chunk), size, box)), pictures=(picture,),
                        notes=notes), [*(a for unit in chunk for a in unit.anchors), *anchors])
        return True

    def _columns(self, title: str, block: Columns) -> bool:
        """Two or three columns side by side on the layout of as many, each a text (quotations too) or
        one picture, the texts at one size; False when they do not fit one slide so (or hold a table,
        a callout)."""
        roles = COLUMN_ROLES.get(len(block.columns))
        if roles is None:
            return False
        layout = COLUMN_LAYOUTS[len(block.columns)]
        frames, growth = self._titles(layout, self.next_title or title)
        boxes = self._column_boxes(layout, roles, block.widths, growth)
        pictures: list[PictureFrame] = []
        texts: list[tuple[Role, Box, list[Unit], float]] = []
        notes: list[Para] = []
        anchors: list[str] = []
        for column, role, box in zip(block.columns, roles, boxes, strict=True):
            shown = [b for b in column.blocks if not (isinstance(b, Only) and b.audience == "notes")]
            if len(shown) == 1 and isinstance(shown[0], Figure) and shown[0].path is not None:
                figure = shown[0]
                frame = self._picture_frame(figure, box, role)
                pictures.append(replace(frame, box=replace(frame.box, y=box.y)))  # level with the texts' tops
                notes.extend(figure_notes(figure, self.labels))
                anchors.append(figure.id)
                continue
            if any(isinstance(b, (Figure, Table, Callout, Columns)) for b in shown):
                return False
            units = self.units.units(column.blocks, full=self.document.meta.slides)
            if self.document.meta.slides:  # the author's slide: its notes are the author's comments
                units = [replace(unit, notes=()) if unit.body else unit for unit in units]
            fitted = self.pages.fit(units, box, "body", chunks=1) if shows_text(units) else None
            if fitted is None:
                return False
            size, [chunk] = fitted
            texts.append((role, box, chunk, size))
            notes.extend(notes_of(chunk))
            anchors.extend(a for unit in chunk for a in unit.anchors)
        size = min((size for *_, size in texts), default=0.0)  # one size on the slide: the smallest that fits
        frames_shown = tuple(TextFrame(role, paras(chunk), size, box) for role, box, chunk, _ in texts)
        self._take_title(title)
        self._add(Slide(layout, (frames[0], *frames_shown), pictures=tuple(pictures), notes=tuple(notes)), anchors)
        return True

    def _column_boxes(self, layout: LayoutKey, roles: Sequence[Role], widths: Sequence[float],
                      growth: float) -> list[Box]:
        """The layout's column boxes, resized to the columns' shares of the row, gaps kept."""
        boxes = [shrink_top(self.geometry.box(layout, role), growth) for role in roles]
        gap = boxes[1].x - boxes[0].x - boxes[0].w
        room = boxes[-1].x + boxes[-1].w - boxes[0].x - gap * (len(boxes) - 1)
        placed, x = [], boxes[0].x
        for box, share in zip(boxes, widths, strict=True):
            placed.append(replace(box, x=x, w=room * share))
            x += room * share + gap
        return placed

    def _picture(self, title: str, figure: Figure | MathBlock) -> None:
        frames, growth = self._titles("picture", self._take_title(title))
        texts = [frames[0]]
        if isinstance(figure, Figure) and figure.caption:
            caption = [Para(runs_of(figure.caption), kind="plain")]
            texts.append(self.setter.single("picture", "caption", caption, "caption"))
        box = shrink_top(self.geometry.box("picture", "picture"), growth)
        self._add(Slide("picture", tuple(texts), pictures=(self._picture_frame(figure, box),),
                        notes=self._visual_notes(figure)), [figure.id] if isinstance(figure, Figure) else [])

    def _visual_notes(self, shown: Figure | MathBlock) -> tuple[Para, ...]:
        return figure_notes(shown, self.labels) if isinstance(shown, Figure) else formula_notes(shown)

    def _callout(self, title: str, block: Callout | Quote) -> None:
        """A callout on the callout layout; a lesson's challenge is an exercise slide titled by its heading."""
        blocks = block.blocks
        if isinstance(block, Callout) and block.lesson == "challenge" and blocks and isinstance(blocks[0], Heading):
            self.next_title, blocks = blocks[0].text, blocks[1:]
        units = [replace(unit, notes=unit.body or unit.notes) for unit in self.units.units(blocks, full=True)]
        if isinstance(block, Callout):
            units.insert(0, self.units.label(block))
        self._text_slides("callout", self._take_title(title), units, hug=True)

    def _table(self, title: str, table: Table, pending: list[Unit]) -> None:
        """A native table, led by the short text before it; rows that do not fit continue
        on the next slide under the same header."""
        leads = shows_text(pending)
        if not leads:
            self._flush(title, pending)  # a sub-heading before the table titles it
        frames, growth = self._titles("table", self._take_title(title))
        table_box, lead_box = self.geometry.box("table", "table"), self.geometry.box("table", "lead")
        # Without a lead text the table may start where the lead would.
        box = shrink_top(replace(table_box, y=lead_box.y, h=table_box.y + table_box.h - lead_box.y), growth)
        lead = self._lead(pending, replace(lead_box, y=box.y)) if leads else None
        if lead is not None:
            self.carry.extend(notes_of(pending))
            box = shrink_top(box, lead.box.h + self.setter.space(lead.size))
        elif leads:
            self._flush(title, pending)  # too long to lead the table: slides of its own first
        for slide in table_slides(self.setter, table, box, frames, lead, self.max_rows):
            self._add(slide)

    def _lead(self, units: list[Unit], box: Box) -> TextFrame | None:
        """The text before a table, set above it when it fits the layout's lead box."""
        fitted = self.pages.fit(units, box, "body", chunks=1)
        if fitted is None:
            return None
        size, [chunk] = fitted
        return TextFrame("lead", paras(chunk), size, self.setter.hug(box, paras(chunk), size, centre=False))

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

