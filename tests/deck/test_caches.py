"""What the deck keeps in the build cache: SVGs drawn as PNGs and fonts read for measuring.

A cached answer must be the answer: the same bytes, the same numbers, and never
one that belongs to a changed input. Every test has its own cache folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from helpers import SVG, write
from publish.deck import faces, pictures
from publish.deck.faces import Face, load_face
from publish.theme import font_file

CARLITO = font_file("Carlito")
CARLITO_BOLD = font_file("Carlito", bold=True)
# Latin, Latin-1 and Latin Extended-A: the letters an English or European deck kerns.
LATIN = [chr(code) for code in range(0x20, 0x180)]
ASCII = [chr(code) for code in range(0x20, 0x7F)]
DRAW = """
import sys
from pathlib import Path
from publish.deck.pictures import embeddable
png, _ = embeddable(Path(sys.argv[1]), 2.0, 150)
sys.stdout.buffer.write(png)
sys.stderr.write("cairosvg imported" if "cairosvg" in sys.modules else "cairosvg not imported")
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private, empty cache folder, and no answers remembered in this process yet."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(pictures, "_RASTERS", {})
    load_face.cache_clear()
    yield home / "publish"
    load_face.cache_clear()


def entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


def fresh_face(path: Path) -> Face:
    """The face as a new process would load it (only the build cache remembers)."""
    load_face.cache_clear()
    return load_face(path)


def reads_of(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every font file parsed from now on."""
    read: list[Path] = []
    parse = faces._read_face

    def spy(path: Path) -> faces.FaceData:
        read.append(path)
        return parse(path)

    monkeypatch.setattr(faces, "_read_face", spy)
    return read


def shaper_kerning(path: Path) -> Callable[[str, str], int]:
    """A glyph pair's GPOS 'kern' adjustment, walked in fontTools' own objects: lookups add, and within a
    lookup the first subtable that covers the pair decides (all of a class-pair subtable's first glyphs)."""
    font = TTFont(str(path))
    cmap, gpos = font.getBestCmap(), font["GPOS"].table
    indices = sorted({index for record in gpos.FeatureList.FeatureRecord if record.FeatureTag == "kern"
                      for index in record.Feature.LookupListIndex})
    lookups = [[(table, set(table.Coverage.glyphs)) for table in
                (sub.ExtSubTable if lookup.LookupType == 9 else sub for sub in lookup.SubTable)]
               for lookup in (gpos.LookupList.Lookup[index] for index in indices)]

    def adjustment(tables: list, first: str, second: str) -> int:
        for table, covered in tables:
            if first not in covered:
                continue
            if table.Format == 1:
                pairs = table.PairSet[table.Coverage.glyphs.index(first)].PairValueRecord
                record = next((r for r in pairs if r.SecondGlyph == second), None)
                if record is None:
                    continue
                return getattr(record.Value1, "XAdvance", 0) or 0
            row = table.Class1Record[table.ClassDef1.classDefs.get(first, 0)]
            return getattr(row.Class2Record[table.ClassDef2.classDefs.get(second, 0)].Value1, "XAdvance", 0) or 0
        return 0

    def pair(left: str, right: str) -> int:
        first, second = cmap.get(ord(left)), cmap.get(ord(right))
        if first is None or second is None:
            return 0
        return sum(adjustment(tables, first, second) for tables in lookups)

    return pair


def kerned_pairs(face: Face, characters: list[str]) -> dict[tuple[str, str], int]:
    return {(left, right): face.kerning.pair(left, right) for left in characters for right in characters}


# ---------------------------------------------------------------- pictures

def test_a_second_rasterisation_of_the_same_svg_at_the_same_width_does_not_import_cairosvg(tmp_path: Path) -> None:
    figure = write(tmp_path, "figure.svg", SVG)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, second = (subprocess.run([sys.executable, "-c", DRAW, str(figure)], capture_output=True, env=env,
                                    timeout=60, check=True) for _ in range(2))
    assert first.stderr.endswith(b"cairosvg imported") and not first.stderr.endswith(b"not imported")
    assert second.stderr.endswith(b"cairosvg not imported")
    assert second.stdout == first.stdout and first.stdout.startswith(b"\x89PNG")


def test_a_damaged_raster_entry_is_drawn_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = pictures._rasterise(SVG.encode(), 300)
    [entry] = entries(cache_home / pictures.RASTER_KIND)
    entry.write_bytes(drawn[: len(drawn) // 2])  # as a full disk or a crash might leave it
    monkeypatch.setattr(pictures, "_RASTERS", {})
    assert pictures._rasterise(SVG.encode(), 300) == drawn
    assert entry.read_bytes() == drawn


def test_a_raster_cached_at_one_width_is_not_served_for_another(cache_home: Path) -> None:
    narrow = pictures._rasterise(SVG.encode(), 100)
    wide = pictures._rasterise(SVG.encode(), 200)
    assert narrow != wide
    assert len(entries(cache_home / pictures.RASTER_KIND)) == 2


def test_a_cached_raster_is_the_png_cairosvg_draws(cache_home: Path) -> None:
    import cairosvg

    pictures._rasterise(SVG.encode(), 160)
    [entry] = entries(cache_home / pictures.RASTER_KIND)
    assert entry.read_bytes() == cairosvg.svg2png(bytestring=SVG.encode(), output_width=160, unsafe=False)


def test_a_raster_drawn_by_another_cairo_is_not_served(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgraded system cairo (the library, not the Python packages) draws the picture afresh."""
    pictures._rasterise(SVG.encode(), 120)
    pictures._drawing_versions.cache_clear()
    monkeypatch.setattr(pictures, "_cairo_version", lambda: "99999")
    monkeypatch.setattr(pictures, "_RASTERS", {})
    try:
        pictures._rasterise(SVG.encode(), 120)
    finally:
        pictures._drawing_versions.cache_clear()
    assert len(entries(cache_home / pictures.RASTER_KIND)) == 2


def test_a_raster_drawn_before_fonts_were_installed_or_removed_is_not_served(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An SVG's text is drawn with the installed fonts: another set of families draws it afresh."""
    pictures._rasterise(SVG.encode(), 140)
    monkeypatch.setattr(pictures, "installed_families", lambda: frozenset({"carlito", "a newly installed font"}))
    monkeypatch.setattr(pictures, "_RASTERS", {})
    pictures._rasterise(SVG.encode(), 140)
    assert len(entries(cache_home / pictures.RASTER_KIND)) == 2


def test_the_system_cairo_version_is_read_from_the_library() -> None:
    import cairocffi

    assert pictures._cairo_version() == str(cairocffi.cairo_version())


# ---------------------------------------------------------------- fonts

def test_kerning_from_a_cached_face_equals_kerning_from_the_font(cache_home: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert CARLITO is not None
    load_face(CARLITO)
    read = reads_of(monkeypatch)
    cached = fresh_face(CARLITO)
    assert read == []  # served from the cache
    shaper = shaper_kerning(CARLITO)
    expected = {(left, right): shaper(left, right) for left in LATIN for right in LATIN}
    assert kerned_pairs(cached, LATIN) == expected
    assert sum(1 for value in expected.values() if value) > 1000  # the comparison covers real kerning


def test_a_cached_face_measures_as_the_font_file_does(cache_home: Path) -> None:
    assert CARLITO is not None
    read = load_face(CARLITO)
    cached = fresh_face(CARLITO)
    assert cached is not read
    assert (cached.units_per_em, cached.advances, cached.missing, cached.line_height) == (
        read.units_per_em, read.advances, read.missing, read.line_height)


def test_kerning_is_the_same_when_the_class_matrix_cannot_be_read_from_the_bytes(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert CARLITO is not None
    direct = kerned_pairs(load_face(CARLITO), ASCII)
    monkeypatch.setattr(faces, "_raw_class_matrix", lambda *_: None)
    monkeypatch.setattr(faces, "FACE_FORMAT", -1)  # a cache entry of its own
    assert kerned_pairs(fresh_face(CARLITO), ASCII) == direct


def test_a_changed_font_file_is_not_served_from_the_cache(cache_home: Path, tmp_path: Path) -> None:
    assert CARLITO is not None and CARLITO_BOLD is not None
    font = tmp_path / "font.ttf"
    shutil.copyfile(CARLITO, font)
    regular = load_face(font)
    shutil.copyfile(CARLITO_BOLD, font)  # another size and modification time at the same path
    bold = fresh_face(font)
    assert bold.advances == fresh_face(CARLITO_BOLD).advances != regular.advances


def test_a_font_file_touched_since_it_was_read_is_read_again(cache_home: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert CARLITO is not None
    font = tmp_path / "font.ttf"
    shutil.copyfile(CARLITO, font)
    load_face(font)
    read = reads_of(monkeypatch)
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    fresh_face(font)
    assert read == [font]


def test_a_damaged_face_entry_is_read_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert CARLITO is not None
    read_first = load_face(CARLITO)
    [entry] = entries(cache_home / faces.FACE_KIND)
    entry.write_bytes(entry.read_bytes()[:100])
    read = reads_of(monkeypatch)
    again = fresh_face(CARLITO)
    assert read == [CARLITO]
    assert again.advances == read_first.advances
    assert fresh_face(CARLITO).advances == read_first.advances  # the entry was replaced: no third read
    assert read == [CARLITO]
