"""The slide plan: what each slide holds and where, as plain frozen data.

The planner produces it, tests read it, and only the writer turns it into
PowerPoint XML (pandoc's Presentation.hs between the AST and the archive).
Lengths are points; EMU appear only in the writer. A text frame carries the
font size the planner measured it at, so the writer sets sizes explicitly
and nothing depends on an application's autofit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from publish.highlight import TokenKind

LayoutKey = Literal["title", "agenda", "section", "content", "two", "three", "table", "picture", "callout", "closing"]
Role = Literal["title", "subtitle", "meta", "body", "number", "left", "middle", "right", "lead", "caption", "label",
               "footer", "picture"]
ParaKind = Literal["bullet", "number", "plain"]


@dataclass(frozen=True)
class Box:
    """A rectangle in points from the slide's top-left corner, with the text insets inside it."""

    x: float
    y: float
    w: float
    h: float
    inset: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom

    @property
    def text_width(self) -> float:
        return self.w - self.inset[0] - self.inset[2]

    @property
    def text_height(self) -> float:
        return self.h - self.inset[1] - self.inset[3]


@dataclass(frozen=True)
class Run:
    """Text in one style; `link` is a URL, or `#id` for a heading or figure of the document;
    `token` the kind of code it is, which the theme colours (publish.highlight)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None
    token: TokenKind | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph: a bullet or numbered item at `level`, or plain text aligned with that level's text.

    A plain paragraph of level n starts where level n-1's text starts (level 0: the box edge).
    """

    runs: tuple[Run, ...]
    level: int = 0
    kind: ParaKind = "bullet"
    number: int = 1

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class TextFrame:
    """Paragraphs set at one measured size inside a box."""

    role: Role
    paragraphs: tuple[Para, ...]
    size: float
    box: Box


@dataclass(frozen=True)
class TableFrame:
    """One slide's share of a table: the header rows again, then some body rows.

    `pitches` are each cell's line pitch (header rows first). Cell lines are set
    exactly that far apart: LibreOffice sets table text at the font size, where
    PowerPoint uses the font's line height, so an exact pitch is what makes both
    draw the rows as tall as planned.
    """

    header: tuple[tuple[tuple[Para, ...], ...], ...]
    rows: tuple[tuple[tuple[Para, ...], ...], ...]
    aligns: tuple[Literal["left", "center", "right"] | None, ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    size: float
    box: Box
    pitches: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class PictureFrame:
    """A figure fitted into its box keeping its proportions; `path` None draws a box with `label`,
    unless `svg` holds the drawing itself (a formula). `role` is the layout's placeholder it fills
    (a column's, on a two- or three-column slide)."""

    path: Path | None
    alt: str
    box: Box
    decorative: bool = False
    label: TextFrame | None = None
    role: Role = "picture"
    svg: str | None = None


@dataclass(frozen=True)
class Slide:
    layout: LayoutKey
    texts: tuple[TextFrame, ...] = ()
    table: TableFrame | None = None
    pictures: tuple[PictureFrame, ...] = ()
    notes: tuple[Para, ...] = ()

    def text(self, role: Role) -> TextFrame | None:
        return next((frame for frame in self.texts if frame.role == role), None)

    @property
    def title(self) -> str:
        frame = self.text("title")
        return "".join(p.text for p in frame.paragraphs) if frame else ""


CONTENT_LAYOUTS: frozenset[LayoutKey] = frozenset({"content", "two", "three", "table", "picture", "callout"})
COLUMN_ROLES: dict[int, tuple[Role, ...]] = {2: ("left", "right"), 3: ("left", "middle", "right")}
COLUMN_LAYOUTS: dict[int, LayoutKey] = {2: "two", 3: "three"}


@dataclass(frozen=True)
class Deck:
    """The slides, the footer line every content slide shows, and where `#id` links lead."""

    slides: tuple[Slide, ...]
    footer: TextFrame
    lang: str
    rtl: bool
    anchors: tuple[tuple[str, int], ...] = ()

    def anchor(self, target: str) -> int | None:
        """The index of the slide a `#id` link opens, if the deck has it."""
        return dict(self.anchors).get(target.removeprefix("#"))
