"""Decks on real templates as LibreOffice draws them: no word outside its shape, 16:9 and 4:3 alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ARTICLE, CORPUS, TEMPLATES
from publish.cli import main as publish
from rendering import misplaced_words, render_decks

pytestmark = pytest.mark.slow
SOURCES = [ARTICLE, *(p for p in CORPUS if p.stem in ("code-of-conduct-2.1.ar", "code-of-conduct-2.1.ja", "05-loop"))]
CASES = [(template, source) for template in sorted(TEMPLATES.iterdir()) for source in SOURCES]


def name(template: Path, source: Path) -> str:
    return f"{template.stem}-{source.stem}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice (soffice)")
    folder = tmp_path_factory.mktemp("template-decks")
    decks = []
    for template, source in CASES:
        deck = folder / f"{name(template, source)}.pptx"
        assert publish([str(source), "-o", str(deck), "--deck-template", str(template), "-q"]) == 0
        decks.append(deck)
    return render_decks(decks, tmp_path_factory.mktemp("lo-profile"))


@pytest.mark.parametrize(("template", "source"), CASES, ids=[name(t, s) for t, s in CASES])
def test_no_word_is_drawn_outside_its_shape_in_libreoffice(rendered: dict[str, tuple[Path, Path]], template: Path,
                                                            source: Path) -> None:
    deck, pdf = rendered[name(template, source)]
    assert misplaced_words(deck, pdf) == []
