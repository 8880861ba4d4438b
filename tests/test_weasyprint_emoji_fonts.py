"""A colour emoji font is made ready for the PDF (its pictures removed) once per set of emoji;
later builds take it from the cache and embed the same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import weasyprint
import weasyprint.pdf.fonts

from publish import weasyprint_emoji_fonts
from publish.guide_pdf import Rendering  # noqa: F401  (installs the cached cleaning, as every PDF build does)
from publish.weasyprint_emoji_fonts import CACHE_KIND, MEASURED_VERSION, upstream_clean

pytestmark = pytest.mark.skipif(weasyprint.__version__ != MEASURED_VERSION,
                                reason="applied to the WeasyPrint version measured only")

EMOJI = '<p style="font-family: \'Noto Color Emoji\'">Tip 💡 Warning ⚠️</p>'
PLAIN = "<p>Tip, warning</p>"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "publish" / CACHE_KIND


@pytest.fixture
def removals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fonts whose pictures WeasyPrint itself removes."""
    made: list[str] = []

    def counting(font: Any, to_unicode: Any, hinting: bool) -> None:
        if font.png or font.svg or font.colr:
            made.append(font.family)
        upstream_clean(font, to_unicode, hinting)

    monkeypatch.setattr(weasyprint_emoji_fonts, "upstream_clean", counting)
    return made


def pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf()


def test_an_emoji_font_is_cleaned_once_then_taken_from_the_cache(cache_home: Path, removals: list[str]) -> None:
    pdf(EMOJI)
    pdf(EMOJI)
    assert removals == ["Noto Color Emoji"]
    assert len(list(cache_home.iterdir())) == 1


def test_the_pdf_is_the_one_weasyprint_makes_whether_the_font_came_from_the_cache_or_not(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = pdf(EMOJI), pdf(EMOJI)
    monkeypatch.setattr(weasyprint.pdf.fonts.Font, "clean", upstream_clean)
    assert first == second == pdf(EMOJI)


def test_other_emoji_are_another_entry(cache_home: Path, removals: list[str]) -> None:
    pdf(EMOJI)
    pdf(EMOJI.replace("💡", "🚀"))
    assert len(removals) == 2
    assert len(list(cache_home.iterdir())) == 2


def test_a_font_stamped_with_another_time_is_another_entry(
        cache_home: Path, removals: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = pdf(EMOJI)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # fontTools stamps the font it saves with it
    later = pdf(EMOJI)
    assert len(removals) == 2
    monkeypatch.setattr(weasyprint.pdf.fonts.Font, "clean", upstream_clean)
    assert later == pdf(EMOJI) != first


def test_a_damaged_entry_is_made_again(cache_home: Path, removals: list[str]) -> None:
    whole = pdf(EMOJI)
    (entry,) = cache_home.iterdir()
    entry.write_bytes(entry.read_bytes()[:-100])  # a disk that filled up mid-write, say
    assert pdf(EMOJI) == whole
    assert len(removals) == 2


def test_fonts_without_pictures_are_not_kept(cache_home: Path) -> None:
    pdf(PLAIN)
    assert not cache_home.exists() or not list(cache_home.iterdir())
