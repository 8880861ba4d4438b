"""The Document model: what the reader produces and both writers consume.

Everything here is a frozen dataclass of plain values, so a Document can be
compared, hashed into a cache key and handed to any writer without the writer
ever seeing Markdown or HTML again (pandoc's Reader -> AST -> Writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

# --------------------------------------------------------------------------- inlines

Style = Literal["strong", "em", "code", "del", "sup", "sub", "mark"]


@dataclass(frozen=True)
class Text:
    """A run of text with its styles; `href` makes it (part of) a link."""

    text: str
    styles: frozenset[Style] = frozenset()
    href: str | None = None


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote call; the note's own text travels with it."""

    label: str
    content: tuple[Inline, ...]


@dataclass(frozen=True)
class InlineImage:
    """A picture inside running text (a figure is a paragraph holding only an image).

    `path` is the file the reader checked, None when it is missing (writers
    then show the alt text); like a Figure's, it is derived from `src`.
    """

    src: str
    alt: str
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RawInline:
    """Sanitised inline HTML the author wrote; `text` is its plain-text reading."""

    html: str
    text: str


@dataclass(frozen=True)
class Math:
    """A TeX formula inside running text (`$x^2$`, `\\(x^2\\)`), checked by the reader."""

    tex: str


Inline = Text | LineBreak | FootnoteRef | InlineImage | RawInline | Math
Inlines = tuple[Inline, ...]


def plain_text(inlines: Inlines) -> str:
    """The text a reader would see, without markup or footnote bodies."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, LineBreak):
            parts.append("\n")
        elif isinstance(item, RawInline):
            parts.append(item.text)
        elif isinstance(item, InlineImage):
            parts.append(item.alt)
        elif isinstance(item, Math):
            parts.append(item.tex)
    return "".join(parts)


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    level: int
    content: Inlines
    id: str
    line: int | None = None

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass(frozen=True)
class Paragraph:
    content: Inlines
    line: int | None = None


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    line: int | None = None


Align = Literal["left", "center", "right"] | None


@dataclass(frozen=True)
class Cell:
    content: Inlines
    align: Align = None


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: Inlines = ()
    line: int | None = None


@dataclass(frozen=True)
class Figure:
    """A picture with its caption.

    `src` is what the author wrote; `path` is the checked file inside the
    document folder, or None when the picture is missing or not allowed (the
    writers then show a labelled placeholder and a warning has been issued).
    """

    src: str
    alt: str
    caption: Inlines
    number: int
    id: str
    path: Path | None = None
    decorative: bool = False
    line: int | None = None
    width: float | None = None  # the share of the text width the author asked for (`{width=50%}`)


CalloutKind = Literal["note", "tip", "important", "warning", "caution"]
CALLOUT_KINDS: tuple[CalloutKind, ...] = ("note", "tip", "important", "warning", "caution")


# The Carpentries' lesson blocks -> the label that names them (theme labels, in the document's language).
LESSON_LABELS = {"objectives": "objectives", "questions": "lesson_questions", "keypoints": "keypoints",
                 "prereq": "prerequisites", "challenge": "challenge", "solution": "solution", "hint": "hint",
                 "discussion": "discussion", "checklist": "checklist", "testimonial": "testimonial",
                 "spoiler": "spoiler"}


@dataclass(frozen=True)
class Callout:
    """A boxed note of one of five kinds; `lesson` names the lesson block it was written as
    (`::: challenge`), `title` the author's own title."""

    kind: CalloutKind
    title: str | None
    blocks: tuple[Block, ...]
    line: int | None = None
    lesson: str | None = None

    @property
    def label(self) -> str:
        """The key of the theme label that names the callout when it has no title of its own."""
        return LESSON_LABELS.get(self.lesson or "", self.kind)


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    line: int | None = None


@dataclass(frozen=True)
class CodeBlock:
    code: str
    language: str | None = None
    line: int | None = None


DiagramKind = Literal["mermaid", "graphviz"]


@dataclass(frozen=True)
class Diagram:
    """A ```mermaid or ```dot block: drawn as a figure once the theme is known (publish.diagrams), its
    source kept for the notes and for showing it as code when it cannot be drawn."""

    kind: DiagramKind
    source: str
    alt: str
    caption: Inlines
    number: int
    id: str
    line: int | None = None


@dataclass(frozen=True)
class MathBlock:
    """A displayed TeX formula (`$$...$$`, `\\[...\\]`, an environment), checked by the reader."""

    tex: str
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    line: int | None = None


@dataclass(frozen=True)
class RawBlock:
    """Sanitised block HTML the author wrote; `text` is its plain-text reading."""

    html: str
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Column:
    """One column of a Columns block; `width` is its share of the row (None: an equal share of what is left)."""

    blocks: tuple[Block, ...]
    width: float | None = None


@dataclass(frozen=True)
class Columns:
    """Side-by-side columns (pandoc's and Quarto's `:::: columns` with `::: column` inside)."""

    columns: tuple[Column, ...]
    line: int | None = None

    @property
    def widths(self) -> tuple[float, ...]:
        """Each column's share of the row, scaled to add up to 1; unset widths share what the set ones leave."""
        given = sum(column.width or 0.0 for column in self.columns)
        unset = sum(1 for column in self.columns if column.width is None)
        rest = max(0.0, 1.0 - given) / unset if unset else 0.0
        shares = [column.width if column.width is not None else rest for column in self.columns]
        if not all(shares):  # set widths that fill the row leave nothing for the unset: equal shares then
            shares = [1.0] * len(shares)
        total = sum(shares)
        return tuple(share / total for share in shares)


Audience = Literal["notes", "slides", "print"]


@dataclass(frozen=True)
class Only:
    """A `::: notes`, `::: slides` or `::: print` block: content for one audience."""

    audience: Audience
    blocks: tuple[Block, ...]
    line: int | None = None


Block = (Heading | Paragraph | ListBlock | Table | Figure | Callout | Quote | CodeBlock | Rule | RawBlock | Only
         | Columns | MathBlock | Diagram)

# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class Attribution:
    """Where the text comes from (a site, a publication), shown on the cover."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Metadata:
    title: str
    subtitle: str | None = None
    author: str | None = None
    organisation: str | None = None
    version: str | None = None
    date: str | None = None
    lang: str = "en"
    audience: str | None = None
    classification: str | None = None
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    source: Attribution | None = None
    pdf_variant: str | None = None
    slides: bool = False  # written as slides (Marp, pandoc/Quarto slide formats): `---` separates them
    slide_level: int | None = None  # in such a deck, the heading level that starts a slide too

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        return "rtl" if self.lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


MARKDOWN_SUFFIXES = (".md", ".markdown", ".qmd", ".rmd")  # Markdown, Quarto's and R Markdown's documents


def markdown_files(folder: Path) -> list[Path]:
    """The Markdown documents in `folder`, by name; `_name.md` is a part other documents include
    (Quarto's and Jekyll's convention), not a document."""
    return sorted(path for path in folder.iterdir()
                  if path.suffix.lower() in MARKDOWN_SUFFIXES and not path.name.startswith("_") and path.is_file())


RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "ha", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


@dataclass(frozen=True)
class Document:
    meta: Metadata
    blocks: tuple[Block, ...]
    path: Path
    base_dir: Path = field(default_factory=Path)
    included: tuple[Path, ...] = field(default=(), compare=False)  # the files its includes brought in

    @property
    def name(self) -> str:
        """The document's name in build/: its file name without `.md` (or `.qmd`...)."""
        return self.path.stem

    @property
    def section_level(self) -> int:
        """The heading level that starts a section (H2 in most articles, H1 in some)."""
        levels = [b.level for b in walk(self.blocks) if isinstance(b, Heading)]
        return min(levels, default=2)

    def headings(self, max_level: int = 6) -> list[Heading]:
        """Every heading in reading order, including those inside audience blocks."""
        return [b for b in walk(self.blocks) if isinstance(b, Heading) and b.level <= max_level]

    def figures(self) -> list[Figure]:
        return [b for b in walk(self.blocks) if isinstance(b, Figure)]

    def formulas(self) -> frozenset[str]:
        """The TeX of every formula, displayed or in running text."""
        blocks = list(walk(self.blocks))
        return frozenset([b.tex for b in blocks if isinstance(b, MathBlock)]
                         + [item.tex for b in blocks for item in inlines_of(b) if isinstance(item, Math)])


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Yield every block, depth first, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, (Callout, Quote, Only)):
            yield from walk(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item.blocks)
        elif isinstance(block, Columns):
            for column in block.columns:
                yield from walk(column.blocks)


def map_blocks(blocks: tuple[Block, ...], change: Callable[[Block], Block]) -> tuple[Block, ...]:
    """The blocks with `change` applied to every block, inside containers too (depth first)."""
    def each(block: Block) -> Block:
        if isinstance(block, (Callout, Quote, Only)):
            block = replace(block, blocks=map_blocks(block.blocks, change))
        elif isinstance(block, ListBlock):
            block = replace(block, items=tuple(replace(item, blocks=map_blocks(item.blocks, change))
                                               for item in block.items))
        elif isinstance(block, Columns):
            block = replace(block, columns=tuple(replace(column, blocks=map_blocks(column.blocks, change))
                                                 for column in block.columns))
        return change(block)
    return tuple(each(block) for block in blocks)


def inlines_of(block: Block) -> Iterator[Inline]:
    """The inlines a block holds itself (not its child blocks'), footnote texts included."""
    contents: list[tuple[Inline, ...]] = []
    if isinstance(block, (Heading, Paragraph)):
        contents.append(block.content)
    elif isinstance(block, Table):
        contents += [block.caption, *(cell.content for row in block.header + block.rows for cell in row)]
    elif isinstance(block, Figure):
        contents.append(block.caption)
    stack = [item for content in contents for item in content]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, FootnoteRef):
            stack.extend(item.content)
