"""One theme styles both artifacts: the article built with every theme carries its tokens.

The deck's theme part names the theme's colours and office fonts; the PDF is
drawn in the same colours and fonts; and changing one token changes exactly
that colour in both artifacts, nothing else.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Pt

from helpers import ROOT
from publish.build import prepare, write
from publish.deck.geometry import load_geometry
from publish.deck.pptx_writer import LAYOUTS
from publish.job import BuildOptions, Job
from publish.theme import CHECKOUT_THEMES, Theme, available_themes, expand_colour, load_theme

SOURCE = ROOT / "source" / "technical-product-manager.md"
DRAWING = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
COLOUR_OPERATORS = {"rg", "RG", "sc", "SC", "scn", "SCN"}
NEW_ACCENT = "#7B3FA0"  # a purple that still passes every contrast pair of the default theme


def rgb(colour: str) -> tuple[int, int, int]:
    value = expand_colour(colour)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


@pytest.fixture(scope="module")
def job() -> Job:
    """The article, read once; each build swaps in a theme."""
    job, diagnostics = prepare(SOURCE, BuildOptions())
    assert not diagnostics
    return job


def build(job: Job, theme: Theme, folder: Path) -> dict[str, Path]:
    """The article's PDF, deck and HTML with `theme` (which may live outside themes/)."""
    themed = replace(job, theme=theme, sandbox=replace(job.sandbox, roots=(SOURCE.parent.resolve(), *theme.chain)))
    folder.mkdir(parents=True, exist_ok=True)
    paths = {fmt: folder / f"article.{fmt}" for fmt in ("pdf", "pptx", "html")}
    for path in paths.values():
        artifact, diagnostics = write(themed, path)
        assert not diagnostics, [str(d) for d in diagnostics]
        assert artifact.format == "html" or artifact.units > 0
    return paths


@pytest.fixture(scope="module")
def shipped(job: Job, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Every shipped theme's artifacts, built once for the module."""
    root = tmp_path_factory.mktemp("shipped")
    return {name: build(job, load_theme(name), root / name) for name in available_themes()}


def theme_part(pptx: Path) -> ET.Element:
    with zipfile.ZipFile(pptx) as archive:
        return ET.fromstring(archive.read("ppt/theme/theme1.xml"))


def scheme_colour(part: ET.Element, slot: str) -> str:
    found = part.find(f".//a:clrScheme/a:{slot}/a:srgbClr", DRAWING)
    assert found is not None, f"no {slot} colour in the theme part"
    return "#" + found.attrib["val"].upper()


def text_runs(pdf: Path) -> tuple[Counter[tuple[int, ...]], Counter[str]]:
    """How much text (in glyph bytes) each fill colour and font family draws on the pages.

    Read from the page content streams only: the author's SVG figures are
    XObjects with their own colours and fonts, which are not the theme's.
    """
    colours: Counter[tuple[int, ...]] = Counter()
    fonts: Counter[str] = Counter()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            fill, font = (0, 0, 0), ""
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "rg":
                    fill = tuple(round(float(v) * 255) for v in operands)
                elif str(operator) == "Tf":
                    base = str(page.Resources.Font[str(operands[0])].BaseFont)
                    font = base.lstrip("/").split("+")[-1].replace("-", " ")
                elif str(operator) in ("Tj", "TJ", "'", '"'):
                    shown = operands[-1] if str(operator) != "TJ" else operands[0]
                    strings = [shown] if isinstance(shown, pikepdf.String) else \
                        [item for item in shown if isinstance(item, pikepdf.String)]
                    glyph_bytes = sum(len(bytes(item)) for item in strings)
                    colours[fill] += glyph_bytes
                    fonts[font] += glyph_bytes
    return colours, fonts


# ---------------------------------------------------------------- every shipped theme

@pytest.mark.parametrize("name", available_themes())
def test_deck_theme_part_carries_the_tokens(shipped: dict[str, dict[str, Path]], name: str) -> None:
    theme, part = load_theme(name), theme_part(shipped[name]["pptx"])
    for slot, token in (("accent1", "accent"), ("dk1", "text"), ("lt1", "background"), ("dk2", "primary"),
                        ("hlink", "link")):
        assert scheme_colour(part, slot) == expand_colour(theme.colors[token]), f"{slot} is not colors.{token}"
    major = part.find(".//a:fontScheme/a:majorFont/a:latin", DRAWING)
    minor = part.find(".//a:fontScheme/a:minorFont/a:latin", DRAWING)
    assert major is not None and minor is not None
    assert major.attrib["typeface"] == theme.font("heading").office
    assert minor.attrib["typeface"] == theme.font("body").office


@pytest.mark.parametrize("name", available_themes())
def test_pdf_pages_show_the_theme_colours_and_fonts(shipped: dict[str, dict[str, Path]], name: str,
                                                    tmp_path: Path) -> None:
    theme, pdf = load_theme(name), shipped[name]["pdf"]
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = [Image.open(png).convert("RGB") for png in sorted(tmp_path.glob("page-*.png"))]

    def share(image: Image.Image, colour: str) -> float:
        """The fraction of the page's pixels in `colour` (give or take rounding)."""
        target = rgb(colour)
        counts = image.getcolors(image.width * image.height) or []
        hits = sum(n for n, pixel in counts if all(abs(a - b) <= 2 for a, b in zip(pixel, target, strict=True)))
        return hits / (image.width * image.height)

    assert share(pages[0], theme.colors["cover_background"]) > 0.5, "the cover is not in colors.cover_background"
    assert sum(share(page, theme.colors["primary"]) for page in pages) > 0.02, "colors.primary is not on the pages"

    colours, fonts = text_runs(pdf)
    assert colours.most_common(1)[0][0] == rgb(theme.colors["text"])
    for token in ("primary", "accent", "muted", "cover_accent"):
        assert colours[rgb(theme.colors[token])] > 0, f"no text in colors.{token}"
    assert fonts.most_common(1)[0][0] == theme.font("body").family
    assert fonts[f"{theme.font('heading').family} Bold"] > 0, "headings are not in fonts.heading"


def test_the_two_shipped_themes_look_different(shipped: dict[str, dict[str, Path]]) -> None:
    default, executive = load_theme("default"), load_theme("executive")
    assert scheme_colour(theme_part(shipped["default"]["pptx"]), "accent1") != \
        scheme_colour(theme_part(shipped["executive"]["pptx"]), "accent1")
    assert {f.office for f in default.fonts.values()} != {f.office for f in executive.fonts.values()}


# ---------------------------------------------------------------- one token, both artifacts, nothing else

@pytest.fixture(scope="module")
def one_token_apart(job: Job, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, Path]]:
    """The default theme (copied) and a theme extending it that changes only colors.accent."""
    root = tmp_path_factory.mktemp("themes")
    shutil.copytree(CHECKOUT_THEMES / "default", root / "base")
    (root / "accented").mkdir()
    (root / "accented" / "theme.yaml").write_text(f"extends: base\ncolors:\n  accent: '{NEW_ACCENT}'\n")
    out = tmp_path_factory.mktemp("one-token")
    return build(job, load_theme("base", root), out / "base"), build(job, load_theme("accented", root), out / "new")


def test_one_token_changes_the_css_and_nothing_else(one_token_apart: tuple[dict[str, Path], dict[str, Path]]) -> None:
    base, new = (paths["html"].read_text(encoding="utf-8") for paths in one_token_apart)
    old = load_theme("default").colors["accent"]
    assert old in base and NEW_ACCENT not in base
    assert base.replace(old, NEW_ACCENT) == new


def test_one_token_changes_the_deck_and_nothing_else(one_token_apart: tuple[dict[str, Path], dict[str, Path]]) -> None:
    parts = []
    for paths in one_token_apart:
        with zipfile.ZipFile(paths["pptx"]) as archive:
            parts.append({name: archive.read(name) for name in archive.namelist()})
    base, new = parts
    old_hex, new_hex = (expand_colour(c)[1:].encode() for c in (load_theme("default").colors["accent"], NEW_ACCENT))
    changed = sorted(name for name in base if base[name] != new.get(name))
    assert base.keys() == new.keys()
    assert "ppt/theme/theme1.xml" in changed and "ppt/slideMasters/slideMaster1.xml" in changed
    for name in changed:
        assert base[name].replace(old_hex, new_hex) == new[name], f"{name} changed beyond the accent"


def test_one_token_changes_the_pdf_and_nothing_else(one_token_apart: tuple[dict[str, Path], dict[str, Path]]) -> None:
    old, new = ([Decimal(v) / 255 for v in rgb(c)] for c in (load_theme("default").colors["accent"], NEW_ACCENT))

    def near(operands: list[object], colour: list[Decimal]) -> bool:
        return len(operands) == 3 and all(abs(Decimal(str(o)) - c) < Decimal("0.002")
                                          for o, c in zip(operands, colour, strict=True))

    recoloured = 0
    with pikepdf.open(one_token_apart[0]["pdf"]) as first, pikepdf.open(one_token_apart[1]["pdf"]) as second:
        assert len(first.pages) == len(second.pages)
        for number, (page_a, page_b) in enumerate(zip(first.pages, second.pages, strict=True), 1):
            ops_a, ops_b = pikepdf.parse_content_stream(page_a), pikepdf.parse_content_stream(page_b)
            assert len(ops_a) == len(ops_b), f"page {number} draws something else"
            for a, b in zip(ops_a, ops_b, strict=True):
                operands_a, operands_b = list(a.operands), list(b.operands)
                assert a.operator == b.operator, f"page {number}: {a.operator} became {b.operator}"
                if operands_a != operands_b:
                    assert str(a.operator) in COLOUR_OPERATORS, f"page {number}: {a.operator} {operands_a} changed"
                    assert near(operands_a, old) and near(operands_b, new), f"page {number}: another colour changed"
                    recoloured += 1
    assert recoloured > 0, "the accent colour is not drawn in the PDF"


# ---------------------------------------------------------------- a logo of another shape

def test_a_logo_keeps_its_shape_and_ends_at_the_margin_on_its_side(job: Job, tmp_path: Path) -> None:
    """A square logo in the default theme's wide logo boxes: never stretched; on the title slide
    against the left margin, on the closing slide against the right one."""
    shutil.copytree(CHECKOUT_THEMES / "default", tmp_path / "themes" / "default")
    theme_folder = tmp_path / "themes" / "square"
    (theme_folder / "assets").mkdir(parents=True)
    Image.new("RGB", (120, 120), "#F2A65A").save(theme_folder / "assets" / "square.png")
    (theme_folder / "theme.yaml").write_text("extends: default\nlogo: assets/square.png\n")
    deck = Presentation(str(build(job, load_theme("square", tmp_path / "themes"), tmp_path / "out")["pptx"]))
    geometry = load_geometry(load_theme("default"))
    for layout in deck.slide_layouts:
        key = next(key for key in LAYOUTS if geometry.layout_name(key) == layout.name)
        for logo in (shape for shape in layout.shapes if shape.name == "Logo"):
            box = geometry.box(key, "logo")
            assert logo.width == pytest.approx(logo.height, abs=2)
            assert logo.height == pytest.approx(Pt(box.h), abs=2)
            edge = logo.left if box.x + box.w / 2 < geometry.slide[0] / 2 else logo.left + logo.width
            expected = Pt(box.x) if box.x + box.w / 2 < geometry.slide[0] / 2 else Pt(box.x + box.w)
            assert edge == pytest.approx(expected, abs=2), layout.name
