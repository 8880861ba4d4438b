"""Text measurement with the real font files, so no slide ever relies on autofit.

The deck names office fonts (Calibri); the build machine has metric-compatible
files (Carlito) whose advance widths and line heights are the ones PowerPoint
and LibreOffice lay out with. Lines are wrapped greedily at spaces, as both
renderers do. Text from 12pt on is kerned with the font's GPOS 'kern' pairs,
as both renderers kern it (the deck's text styles say kern="1200"); their
extra break opportunities (after hyphens) only make their lines shorter than
ours, and a small slack absorbs their rounding, so a text that fits here fits
there. Characters a font lacks are measured in the theme's fallback fonts, as
the renderers fall back to them. The fonts' data comes from faces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from publish.deck.faces import Face, family_face, load_face
from publish.deck.inlines import text_of
from publish.deck.model import Run
from publish.model.diagnostics import error
from publish.theme import Theme

SOFT_BREAK = "\u200b"  # a zero-width space: where a broken long word may wrap
BREAK_HYPHEN = "-"
MIN_PIECE = 3  # characters a broken word keeps on its last line
WIDTH_SLACK = 0.985  # renderers round positions; keep this much of a line's width in hand
KERN_FROM = 12.0  # points: the templates' kern="1200", from which both renderers kern
# Kinsoku: characters no line starts with (closing punctuation, small kana) and none ends with (opening).
NO_LINE_START = frozenset("、。，．・：；？！ー）」』】〕〉》｝］〙〗’”,.:;?!)]}"
                          "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
NO_LINE_END = frozenset("（「『【〔〈《｛［〘〖‘“([{")
GLUED_SPACE = "\u00a0"  # a link's spaces, for finding words: LibreOffice does not break a link there
TOKEN = re.compile(f"[^ \n{SOFT_BREAK}]+| |\n|{SOFT_BREAK}")
STYLE_KEYS = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}


@dataclass(frozen=True)
class Style:
    """How a run is set: the theme font role and its weight and slant."""

    role: str  # heading, body or mono
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Wrapped:
    """A paragraph as it will be set: its runs (long words broken) and where its lines start.

    `starts` are offsets into the text as given (before any break was inserted),
    so a paragraph too tall for one slide can be split between two lines.
    """

    runs: tuple[Run, ...]
    starts: tuple[int, ...]
    line_height: float  # points
    widest: float  # the longest line's width, in points

    @property
    def lines(self) -> int:
        return len(self.starts)

    @property
    def height(self) -> float:
        return self.lines * self.line_height


class Measure:
    """Widths and wrapped heights of text in one theme's fonts."""

    def __init__(self, theme: Theme, line_spacing: float) -> None:
        self.theme = theme
        self.line_spacing = line_spacing
        self._faces: dict[Style, Face] = {}
        self._widths: dict[Style, dict[str, tuple[Face, float]]] = {}
        self._ems: dict[tuple[str, Style, bool], list[float]] = {}
        self._wrapped: dict[tuple[tuple[Run, ...], float, Style, float], Wrapped] = {}
        self._tallest: dict[tuple[tuple[Run, ...], Style], float] = {}
        self._fallbacks: tuple[str, ...] = tuple(theme.setting("fonts", "fallbacks"))

    def face_for(self, char: str, style: Style) -> Face:
        """The face that draws `char`: the style's own, else the first fallback that has it (loaded on demand).

        A control character (a line break) is in no font: looking for it would load every fallback
        (Noto Sans CJK alone takes 0.17 s) only to end with the style's own face anyway.
        """
        own = self._face(style)
        if own.has(char) or unicodedata.category(char) == "Cc":
            return own
        for family in self._fallbacks:
            face = family_face(family, False, False)
            if face is not None and face.has(char):
                return face
        return own

    def _face(self, style: Style) -> Face:
        if style not in self._faces:
            self._faces[style] = self._load(style)
        return self._faces[style]

    def _load(self, style: Style) -> Face:
        font = self.theme.font(style.role)
        if font.files:
            key = STYLE_KEYS[(style.bold, style.italic)]
            path = font.files.get(key) or font.files.get("regular") or next(iter(font.files.values()))
            return load_face(path)
        face = family_face(font.family, style.bold, style.italic) or family_face(font.family, False, False)
        if face is None:
            raise error("theme-font", f"no font file for '{font.family}' to measure slide text with",
                        fix=f"install {font.package or font.family}")
        return face

    def width(self, text: str, style: Style, size: float) -> float:
        """Advance width of `text` in points, kerned as the renderers kern it."""
        return sum(self._advances(text, style, size))

    def _advances(self, text: str, style: Style, size: float) -> list[float]:
        """Each character's advance in points, with the kerning between it and the one before."""
        return [em * size for em in self._em_advances(text, style, size >= KERN_FROM)]

    def _em_advances(self, text: str, style: Style, kern: bool) -> list[float]:
        """Each character's kerned advance in em: the same at every size, so fitting, which tries
        several sizes, measures a text once (twice when its sizes straddle KERN_FROM)."""
        key = (text, style, kern)
        if key in self._ems:
            return self._ems[key]
        out: list[float] = []
        previous: tuple[str, Face] | None = None
        for char in text:
            face, em = self._glyph(char, style)
            if kern and previous is not None and previous[1] is face:
                em += face.kerning.pair(previous[0], char) / face.units_per_em
            out.append(em)
            previous = (char, face) if em else previous
        self._ems[key] = out
        return out

    def _glyph(self, char: str, style: Style) -> tuple[Face, float]:
        """The face that draws `char` and its advance in em (zero for marks and format characters)."""
        widths = self._widths.setdefault(style, {})
        if char not in widths:
            face = self.face_for(char, style)
            width = 0.0
            if unicodedata.category(char) not in ("Mn", "Me", "Cf"):
                width = face.advances.get(ord(char), face.missing) / face.units_per_em
            widths[char] = (face, width)
        return widths[char]

    def line_height(self, runs: Sequence[Run], base: Style, size: float) -> float:
        """The tallest line any font used by the paragraph makes, in points."""
        key = (tuple(runs), base)
        if key not in self._tallest:  # the same paragraph is measured at every size tried
            tallest = self._face(base).line_height
            for run in runs:
                style = _style(run, base)
                tallest = max(tallest, self._face(style).line_height,
                              *(self.face_for(char, style).line_height for char in set(run.text)))
            self._tallest[key] = tallest
        return self._tallest[key] * size * self.line_spacing

    def wrap(self, runs: Sequence[Run], width: float, base: Style, size: float) -> Wrapped:
        """Break words wider than a line, then wrap greedily at spaces as the renderers do."""
        key = (tuple(runs), width, base, size)
        if key not in self._wrapped:
            self._wrapped[key] = self._wrap(tuple(runs), width, base, size)
        return self._wrapped[key]

    def _wrap(self, runs: tuple[Run, ...], width: float, base: Style, size: float) -> Wrapped:
        usable = width * WIDTH_SLACK
        original = tuple(runs)
        widths = self._char_widths(original, base, size)
        inserts = self._long_word_breaks(original, widths, usable, base, size)
        origin = [i for i, char in enumerate(text_of(original)) for _ in inserts.get(i, "") + char]
        if inserts:  # the hyphens and break opportunities change the text, and its kerning
            runs = _insert(original, inserts)
            widths = self._char_widths(runs, base, size)
        starts, x, pending, widest = [0], 0.0, 0.0, 0.0
        links = _link_spans(runs)
        for start, end, token in _tokens(_linked_as_words(runs), links):
            if token == "\n":
                starts.append(origin[end] if end < len(origin) else len(text_of(original)))
                widest, x, pending = max(widest, x), 0.0, 0.0
            elif token in (" ", SOFT_BREAK):
                pending += widths[start]
            else:
                w = sum(widths[start:end])
                whole = sum(widths[start:links[start]]) if start in links else w
                if x > 0 and x + pending + max(w, whole) > usable:
                    starts.append(origin[start])
                    widest, x = max(widest, x), w
                else:  # spaces before a line's first word count where a paragraph or a line break starts
                    x += pending + w  # it (code's indentation): a wrapped line has just set x to its word
                pending = 0.0
        return Wrapped(runs, tuple(starts), self.line_height(runs, base, size), max(widest, x))

    def _char_widths(self, runs: Sequence[Run], base: Style, size: float) -> list[float]:
        widths: list[float] = []
        for run in runs:
            widths.extend(self._advances(run.text, _style(run, base), size))
        return widths

    def _long_word_breaks(self, runs: tuple[Run, ...], widths: list[float], usable: float, base: Style,
                          size: float) -> dict[int, str]:
        """Where to put a hyphen and a break opportunity in every word too wide for one line."""
        text = text_of(runs)
        linked = [bool(run.link) for run in runs for _ in run.text]
        hyphens: list[float] = []
        inserts: dict[int, str] = {}
        for match in TOKEN.finditer(_linked_as_words(runs)):
            start, end = match.span()
            if match.group() in (" ", "\n", SOFT_BREAK) or sum(widths[start:end]) <= usable:
                continue
            if not hyphens:  # a hyphen goes into the run of the character after it, in that run's font
                hyphens = [self._glyph(BREAK_HYPHEN, _style(run, base))[1] * size for run in runs for _ in run.text]
            line, breaks = 0.0, []
            for i in range(start, end):
                if line > 0 and line + widths[i] + hyphens[min(i + 1, end - 1)] > usable:
                    breaks.append(i)
                    line = 0.0
                line += widths[i]
            previous = breaks[-2] if len(breaks) > 1 else start
            if breaks and end - breaks[-1] < MIN_PIECE and end - MIN_PIECE > previous:
                breaks[-1] = end - MIN_PIECE  # no lone letter on the last line
            breaks = _kinsoku(text, breaks, start)
            for i in breaks:
                hyphen = text[i - 1].isalpha() and text[i].isalpha() and not _wide(text[i]) and not linked[i]
                inserts[i] = (BREAK_HYPHEN if hyphen else "") + SOFT_BREAK
        return inserts


def _tokens(text: str, links: dict[int, int]) -> Iterator[tuple[int, int, str]]:
    """Words, spaces and line breaks, with a word also ending where a link starts or ends (a line may
    break there even without a space, as between CJK text and a link)."""
    edges = sorted({*links, *links.values()})
    for match in TOKEN.finditer(text):
        start, end = match.span()
        for edge in (e for e in edges if start < e < end):
            yield start, edge, text[start:edge]
            start = edge
        yield start, end, text[start:end]


def _link_spans(runs: Sequence[Run]) -> dict[int, int]:
    """Where each link starts in the text -> where it ends: a link that does not fit the rest of a line
    starts the next one whole, as LibreOffice sets it."""
    spans, offset = {}, 0
    for run in runs:
        if run.link and run.text:
            spans[offset] = offset + len(run.text)
        offset += len(run.text)
    return spans


def _linked_as_words(runs: Sequence[Run]) -> str:
    """The text with each link's spaces glued, as LibreOffice sets a link: one field, moved whole to
    the next line, broken (without a hyphen, which would change the address) only where it is wider
    than a line. Offsets are the text's."""
    return "".join(run.text.replace(" ", GLUED_SPACE) if run.link else run.text for run in runs)


def _kinsoku(text: str, breaks: list[int], start: int) -> list[int]:
    """Breaks moved back so no line starts with closing punctuation or ends with an opening one
    (the renderers push the character before along, as Japanese and Chinese typesetting does)."""
    moved: list[int] = []
    for i in breaks:
        earliest = (moved[-1] if moved else start) + 1
        while i > earliest and (text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END):
            i -= 1
        moved.append(i)
    return moved


def _insert(runs: tuple[Run, ...], inserts: dict[int, str]) -> tuple[Run, ...]:
    """Put each insert before the character at its offset, in that character's run."""
    if not inserts:
        return runs
    out: list[Run] = []
    offset = 0
    for run in runs:
        text = "".join(inserts.get(offset + i, "") + char for i, char in enumerate(run.text))
        out.append(replace(run, text=text))
        offset += len(run.text)
    return tuple(out)


def _wide(char: str) -> bool:
    """Scripts written without spaces (CJK) break anywhere, without a hyphen."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _style(run: Run, base: Style) -> Style:
    return Style("mono" if run.code else base.role, base.bold or run.bold, base.italic or run.italic)
