"""A warm process parses a document's stylesheet once and gives every later rendering of it the
same sheet, with the @page rules, layers, counter styles and warnings a fresh parse would give."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from weasyprint.logger import LOGGER
from weasyprint.text.fonts import FontConfiguration

from helpers import ARTICLE
from publish import guide_pdf, weasyprint_stylesheets
from publish.build import BuildOptions, prepare
from publish.build import write as build_artifact
from publish.weasyprint_stylesheets import MEASURED_VERSION, KeptStylesheets, reusing

pytestmark = pytest.mark.skipif(weasyprint.__version__ != MEASURED_VERSION,
                                reason="applied to the WeasyPrint version measured only")

STYLE = """
@page { size: A6; margin: 15mm; @bottom-center { content: "Page " counter(page) } }
@layer base { p { color: #800000 } }
@counter-style ticks { system: cyclic; symbols: "✓"; suffix: " "; }
ol { list-style: ticks }
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stylesheet texts WeasyPrint parses from now on."""
    parsed: list[str] = []
    upstream = weasyprint_stylesheets.upstream_css

    def counting(*args: Any, **arguments: Any) -> weasyprint.CSS:
        parsed.append(str(arguments.get("string") or arguments.get("url")))
        return upstream(*args, **arguments)

    monkeypatch.setattr(weasyprint_stylesheets, "upstream_css", counting)
    return parsed


@pytest.fixture
def warnings() -> Iterator[list[str]]:
    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    messages: list[str] = []
    handler = Collect(logging.WARNING)
    LOGGER.addHandler(handler)
    yield messages
    LOGGER.removeHandler(handler)


def pdf(style: str, fonts: FontConfiguration, base: Path | None = None) -> bytes:
    html = f"<style>{style}</style><ol><li>One</li><li>Two</li></ol><p>Text</p>"
    return weasyprint.HTML(string=html, base_url=str(base) if base else None).write_pdf(font_config=fonts)


def test_a_warm_process_parses_the_guides_stylesheet_once(parses: list[str], tmp_path: Path) -> None:
    job, _ = prepare(ARTICLE, BuildOptions())
    guide_pdf.keep_warm()
    try:
        build_artifact(job, tmp_path / "first.pdf")
        build_artifact(job, tmp_path / "second.pdf")
    finally:
        guide_pdf._warm = None
    assert len(parses) == 1


def test_a_kept_sheet_gives_the_pages_layers_and_counter_styles_a_fresh_parse_gives(parses: list[str]) -> None:
    fonts = FontConfiguration()
    fresh = pdf(STYLE, fonts)
    with reusing(KeptStylesheets()):
        first, second = pdf(STYLE, fonts), pdf(STYLE, fonts)
    assert len(parses) == 2  # the fresh one, then once for both warm renderings
    assert first == fresh
    assert second == fresh


def test_a_kept_sheets_warnings_are_given_on_every_rendering(warnings: list[str]) -> None:
    fonts = FontConfiguration()
    with reusing(KeptStylesheets()):
        pdf("p { colr: red }", fonts)
        pdf("p { colr: red }", fonts)
    assert len([message for message in warnings if "colr" in message]) == 2


def test_a_changed_sheet_is_parsed_again(parses: list[str]) -> None:
    fonts = FontConfiguration()
    with reusing(KeptStylesheets()):
        pdf("p { color: red }", fonts)
        pdf("p { color: blue }", fonts)
    assert len(parses) == 2


def test_a_sheet_is_parsed_again_for_other_fonts(parses: list[str]) -> None:
    with reusing(KeptStylesheets()):
        pdf("p { color: red }", FontConfiguration())
        pdf("p { color: red }", FontConfiguration())
    assert len(parses) == 2


def test_a_sheet_that_loads_files_is_parsed_every_time(parses: list[str], tmp_path: Path) -> None:
    (tmp_path / "more.css").write_text("p { color: red }", encoding="utf-8")
    fonts = FontConfiguration()
    with reusing(KeptStylesheets()):
        pdf('@import "more.css";', fonts, tmp_path)
        pdf('@import "more.css";', fonts, tmp_path)
    assert len([text for text in parses if "@import" in text]) == 2


def test_outside_a_warm_process_every_rendering_parses(parses: list[str]) -> None:
    fonts = FontConfiguration()
    pdf("p { color: red }", fonts)
    pdf("p { color: red }", fonts)
    assert len(parses) == 2
