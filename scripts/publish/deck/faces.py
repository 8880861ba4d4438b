"""What measuring needs from a font file (advances, line height, GPOS kerning), read once and kept
in the build cache as plain data: parsing a font costs 0.15-0.2 s a process, loading its cached
metrics a few milliseconds. A damaged entry is read again from the font."""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fontTools

from publish import cache as build_cache
from publish.theme import font_file

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont
# fontTools warns about odd timestamps in some fonts' head tables; that is no news for an author.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
FACE_KIND = "faces"  # the cache folder for font metrics
FACE_FORMAT = 1  # part of every face's cache key: change it whenever FaceData or a Subtable changes shape
FONT_NUMBER = 0  # the font read from a collection (.ttc)
X_ADVANCE = 0x0004  # the ValueFormat bit of a value record's x-advance
# A pair-positioning subtable as plain data, which pickles without fontTools:
GlyphPairs = dict[str, dict[str, int]]  # format 1: first glyph -> second glyph -> x-advance adjustment
# format 2: (glyphs covered as first, first glyph -> class, second glyph -> class, x-advance per [class1][class2])
ClassPairs = tuple[frozenset[str], dict[str, int], dict[str, int], tuple[tuple[int, ...], ...]]
Subtable = GlyphPairs | ClassPairs
Lookups = tuple[tuple[Subtable, ...], ...]  # the kern feature's lookups, each its pair subtables in order
# (units per em, advance per character, missing glyph's advance, line height in em, cmap, kern lookups)
FaceData = tuple[int, dict[int, int], int, float, dict[int, str], Lookups]


class Kerning:
    """The pair adjustments of a font's GPOS 'kern' feature, as a shaper applies them.

    Every lookup of the feature adds its adjustment; within a lookup the first
    subtable that matches the pair decides. Looked up on demand and remembered.
    """

    def __init__(self, glyphs: dict[int, str], lookups: Lookups) -> None:
        self.glyphs = glyphs
        self.lookups = lookups
        self.known: dict[tuple[str, str], int] = {}

    def pair(self, left: str, right: str) -> int:
        """The advance adjustment between two characters, in font units."""
        first, second = self.glyphs.get(ord(left)), self.glyphs.get(ord(right))
        if not self.lookups or first is None or second is None:
            return 0
        key = (first, second)
        if key not in self.known:
            self.known[key] = sum(_adjustment(tables, first, second) for tables in self.lookups)
        return self.known[key]


def _adjustment(tables: tuple[Subtable, ...], first: str, second: str) -> int:
    """One lookup's x-advance adjustment for a glyph pair (0 when no subtable matches)."""
    for table in tables:
        if isinstance(table, dict):  # format 1: decides only when it lists the pair
            seconds = table.get(first)
            if seconds is None or second not in seconds:
                continue
            return seconds[second]
        covered, classes1, classes2, matrix = table  # format 2: decides for every first glyph it covers
        if first in covered:
            return matrix[classes1.get(first, 0)][classes2.get(second, 0)]
    return 0


def _kern_lookups(font: TTFont) -> Lookups:
    """The pair subtables of the font's GPOS 'kern' lookups, reduced to plain data."""
    if "GPOS" not in font:
        return ()
    raw = font.getTableData("GPOS")  # before the table is parsed, or fontTools would compile it back
    gpos = font["GPOS"].table
    if gpos.FeatureList is None:
        return ()
    indices = sorted({index for record in gpos.FeatureList.FeatureRecord if record.FeatureTag == "kern"
                      for index in record.Feature.LookupListIndex})
    lookups = []
    for index in indices:
        lookup = gpos.LookupList.Lookup[index]
        tables = [(table.ExtSubTable if lookup.LookupType == 9 else table, number)
                  for number, table in enumerate(lookup.SubTable)]
        lookups.append(tuple(_plain_subtable(table, raw, index, number) for table, number in tables
                             if getattr(table, "Format", None) in (1, 2) and hasattr(table, "Coverage")
                             and (hasattr(table, "PairSet") or hasattr(table, "Class1Record"))))
    return tuple(lookups)


def _plain_subtable(table: Any, raw: bytes, lookup: int, number: int) -> Subtable:
    """A PairPos subtable as dicts and tuples; where fontTools data repeats a glyph, the first entry wins,
    as a shaper's search finds it."""
    if table.Format == 1:
        pairs: GlyphPairs = {}
        for first, pair_set in zip(table.Coverage.glyphs, table.PairSet, strict=False):
            if first in pairs:
                continue
            seconds = pairs[first] = {}
            for record in pair_set.PairValueRecord:
                seconds.setdefault(record.SecondGlyph, _x_advance(record.Value1))
        return pairs
    matrix = _raw_class_matrix(raw, lookup, number, len(table.Class1Record), table.Class2Count)
    if matrix is None:  # not where the font's offsets say: read it through fontTools (~0.3 s for Carlito)
        matrix = tuple(tuple(_x_advance(cell.Value1) for cell in row.Class2Record) for row in table.Class1Record)
    return (frozenset(table.Coverage.glyphs), dict(getattr(table.ClassDef1, "classDefs", {})),
            dict(getattr(table.ClassDef2, "classDefs", {})), matrix)


def _raw_class_matrix(raw: bytes, lookup: int, number: int, rows: int,
                      columns: int) -> tuple[tuple[int, ...], ...] | None:
    """The first-glyph x-advances of a class-pair (format 2) subtable, read from the GPOS bytes.

    fontTools decompiles each of a matrix's records as an object (Carlito has 36,000 of them): reading
    the one number needed straight from the bytes, as the OpenType layout says, takes milliseconds.
    None when the bytes do not hold the subtable fontTools read (the caller then asks fontTools).
    """
    try:
        lookup_list = _u16(raw, 8)
        start = lookup_list + _u16(raw, lookup_list + 2 + 2 * lookup)
        kind = _u16(raw, start)
        subtable = start + _u16(raw, start + 6 + 2 * number)
        if kind == 9:  # an extension lookup: its subtable holds a 32-bit offset to the real one
            subtable += struct.unpack_from(">L", raw, subtable + 4)[0]
        form, _, format1, format2, _, _, count1, count2 = struct.unpack_from(">8H", raw, subtable)
        if (form, count1, count2) != (2, rows, columns):
            return None
        size1, size2 = 2 * format1.bit_count(), 2 * format2.bit_count()  # a value record: 2 bytes a field
        record, first = size1 + size2, subtable + 16
        if not format1 & X_ADVANCE:
            return tuple((0,) * columns for _ in range(rows))
        skip = 2 * (format1 & (X_ADVANCE - 1)).bit_count()  # x-advance follows x- and y-placement
        cell = struct.Struct(f">{skip}xh{record - skip - 2}x")
        row_size = columns * record
        if first + rows * row_size > len(raw):
            return None
        return tuple(tuple(value for (value,) in cell.iter_unpack(raw[first + row * row_size:
                                                                       first + (row + 1) * row_size]))
                     for row in range(rows))
    except struct.error:
        return None


def _u16(data: bytes, offset: int) -> int:
    value: int = struct.unpack_from(">H", data, offset)[0]
    return value


def _x_advance(value: Any) -> int:
    """A ValueRecord's x-advance (records without one, or absent records, adjust nothing)."""
    return int(getattr(value, "XAdvance", 0) or 0)


@dataclass(frozen=True)
class Face:
    """What measuring needs from one font file: advances per character, kerning and the line height."""

    units_per_em: int
    advances: dict[int, int]
    missing: int
    line_height: float  # in em
    kerning: Kerning

    def has(self, char: str) -> bool:
        return ord(char) in self.advances


@cache
def load_face(path: Path) -> Face:
    """The measuring data of a font file, from the build cache unless the file changed since it was read."""
    name = build_cache.key(FACE_FORMAT, build_cache.file_identity(path), FONT_NUMBER, fontTools.version)
    return build_cache.remembered(FACE_KIND, name, lambda: _read_face(path), _face)


def _read_face(path: Path) -> FaceData:
    """Parse a font file for what measuring needs (fontTools and its tables load only here)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=FONT_NUMBER)
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap() or {}
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
    upm = font["head"].unitsPerEm
    hhea, os2 = font["hhea"], font.get("OS/2")
    heights = [hhea.ascent - hhea.descent + hhea.lineGap]
    if os2 is not None:
        heights += [os2.usWinAscent + os2.usWinDescent]
    return upm, advances, metrics[font.getGlyphOrder()[0]][0], max(heights) / upm, dict(cmap), _kern_lookups(font)


def _face(data: FaceData) -> Face:
    """A Face from its plain data; checks the shape, so a damaged cache entry raises here, not mid-measure."""
    upm, advances, missing, line_height, glyphs, lookups = data
    if not (isinstance(upm, int) and upm > 0 and isinstance(advances, dict) and isinstance(missing, int)
            and isinstance(line_height, float) and isinstance(glyphs, dict) and isinstance(lookups, tuple)):
        raise ValueError("not a face")
    return Face(upm, advances, missing, line_height, Kerning(glyphs, lookups))


@cache
def family_face(family: str, bold: bool, italic: bool) -> Face | None:
    path = font_file(family, bold, italic)
    return load_face(path) if path else None
