"""A module imported within `until_used` runs only when first used, and only its importer's
own bindings ever see it unrun."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables.TupleVariation import TupleVariation

from publish.guide.weasyprint_fixes.deferred_imports import until_used

RARE = "rarely_used_module"
COUNTER = "rarely_used_module_runs"


@pytest.fixture
def rare_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A module that records each time its body runs, and offers a function and a constant."""
    (tmp_path / f"{COUNTER}.py").write_text("runs = []\n")
    (tmp_path / f"{RARE}.py").write_text(
        f"import {COUNTER}\n{COUNTER}.runs.append('ran')\n"
        "LIMIT = 7\n"
        "def double(value):\n    return 2 * value\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(COUNTER).runs
    for name in (RARE, COUNTER):
        sys.modules.pop(name, None)
INSTALL_FIXES = "from publish.guide import weasyprint_fixes; weasyprint_fixes.install()"


def test_a_module_imported_within_the_block_does_not_run(rare_module: list[str]) -> None:
    with until_used({RARE: ()}):
        import rarely_used_module  # noqa: F401
    assert rare_module == []


def test_its_first_attribute_use_runs_it_and_answers_from_it(rare_module: list[str]) -> None:
    with until_used({RARE: ()}):
        import rarely_used_module
    assert rarely_used_module.LIMIT == 7
    assert rarely_used_module.double(4) == 8
    assert rare_module == ["ran"]


def test_a_function_imported_by_name_runs_the_module_when_first_called(rare_module: list[str]) -> None:
    with until_used({RARE: ("double",)}):
        from rarely_used_module import double
    assert rare_module == []
    assert double(5) == 10
    assert double(6) == 12
    assert rare_module == ["ran"]


def test_after_the_block_importing_it_gives_the_real_module(rare_module: list[str]) -> None:
    with until_used({RARE: ("double",)}):
        from rarely_used_module import double  # noqa: F401
    real = importlib.import_module(RARE)
    assert real.__file__ is not None and real.__file__.endswith(f"{RARE}.py")
    assert rare_module == ["ran"]


def test_used_within_the_block_it_runs_once_and_stays_imported(rare_module: list[str]) -> None:
    with until_used({RARE: ()}):
        import rarely_used_module
        assert rarely_used_module.LIMIT == 7
        assert importlib.import_module(RARE).LIMIT == 7
    assert importlib.import_module(RARE).LIMIT == 7
    assert rare_module == ["ran"]


def test_a_module_already_imported_is_left_as_it_is(rare_module: list[str]) -> None:
    real = importlib.import_module(RARE)
    with until_used({RARE: ("double",)}):
        from rarely_used_module import double
    assert double is real.double
    assert rare_module == ["ran"]


# --------------------------------------------------------------- WeasyPrint's seldom used modules

SELDOM_USED_STATE = """
import sys
print(*[type(sys.modules.get(name)).__name__ for name in ("fontTools.subset", "fontTools.varLib.instancer")])
"""


def pdf_digest_code(html: str, before: str = "", after_import: str = "") -> str:
    return (f"{before}\nimport hashlib, weasyprint\n{after_import}\n"
            f"print(hashlib.sha256(weasyprint.HTML(string={html!r}).write_pdf()).hexdigest())\n"
            + SELDOM_USED_STATE)


def run_python(code: str) -> list[str]:
    pinned = os.environ | {"SOURCE_DATE_EPOCH": "1790000000"}  # fontTools stamps the fonts it rewrites
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                            env=pinned)
    return result.stdout.split()


def variable_font(path: Path) -> Path:
    """A one-glyph variable font whose "A" widens along the weight axis."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    pen = TTGlyphPen(None)
    for x, y in ((100, 0), (100, 700), (200, 700)):
        pen.lineTo((x, y)) if (x, y) != (100, 0) else pen.moveTo((x, y))
    pen.lineTo((200, 0))
    pen.closePath()
    builder.setupGlyf({".notdef": pen.glyph(), "A": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (600, 100), "A": (600, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Widening", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.setupFvar([("wght", 100, 400, 900, "Weight")], [])
    right_edge_moves = [(0, 0), (0, 0), (300, 0), (300, 0)] + [(0, 0)] * 4  # 4 points, 4 phantom points
    builder.setupGvar({"A": [TupleVariation({"wght": (0, 1.0, 1.0)}, right_edge_moves)], ".notdef": []})
    builder.save(path)
    return path


def test_the_pdf_writer_imports_neither_the_subsetter_nor_the_instancer() -> None:
    build_the_article = """
from pathlib import Path
import tempfile
from publish.build import prepare, write
from publish.job import BuildOptions
job, _ = prepare(Path("source/technical-product-manager.md"), BuildOptions())
write(job, Path(tempfile.mkdtemp()) / "guide.pdf")
"""
    assert run_python(build_the_article + SELDOM_USED_STATE) == ["NoneType", "NoneType"]


def test_a_variable_font_is_instanced_as_weasyprint_alone_does(tmp_path: Path) -> None:
    font = variable_font(tmp_path / "Widening.ttf")
    html = f"<style>@font-face {{ font-family: W; src: url({font.as_uri()}) }} p {{ font: 900 40px W }}</style><p>AA"
    ours = run_python(pdf_digest_code(html, before=INSTALL_FIXES))
    theirs = run_python(pdf_digest_code(html))
    assert ours[2] == "module"  # the instancer was imported when the font needed it
    assert ours[0] == theirs[0]


def test_without_harfbuzz_subsetting_fonttools_subsets_as_for_weasyprint_alone() -> None:
    html = "<p>Text <b>bold</b>, مرحبا, 中文</p>"
    no_harfbuzz_subset = "import weasyprint.pdf.fonts\nweasyprint.pdf.fonts.harfbuzz_subset = None"
    ours = run_python(pdf_digest_code(html, before=INSTALL_FIXES, after_import=no_harfbuzz_subset))
    theirs = run_python(pdf_digest_code(html, after_import=no_harfbuzz_subset))
    assert ours[1:] == ["module", "NoneType"]
    assert ours[0] == theirs[0]
