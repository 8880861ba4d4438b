"""Every real document's deck in tests/corpus/ as LibreOffice draws it: no word outside its shape."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import CORPUS
from publish.cli import main as publish
from rendering import misplaced_words, render_decks


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every corpus deck as LibreOffice draws it (one run for all)."""
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice (soffice)")
    folder = tmp_path_factory.mktemp("corpus-decks")
    decks = [folder / f"{path.parent.name}-{path.stem}.pptx" for path in CORPUS]
    for source, deck in zip(CORPUS, decks, strict=True):
        assert publish([str(source), "-o", str(deck), "-q"]) == 0
    return render_decks(decks, tmp_path_factory.mktemp("lo-profile"))


@pytest.mark.parametrize("source", CORPUS, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_no_word_is_drawn_outside_its_shape_in_libreoffice(rendered: dict[str, tuple[Path, Path]],
                                                            source: Path) -> None:
    deck, pdf = rendered[f"{source.parent.name}-{source.stem}"]
    assert misplaced_words(deck, pdf) == []
