"""`publish theme from-template`: a theme in the template's brand, for the PDF and the deck alike."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import ARTICLE, TEMPLATES
from publish.cli import main as publish
from publish.theme import load_theme, theme_roots
from publish.theme.contrast import PAIRS, check

MECANON = TEMPLATES / "mecanon-ufrj.potx"


@pytest.fixture(scope="module")
def themes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("themes")
    for template, name in ((MECANON, "mecanon"), (TEMPLATES / "rstudio.potx", "rstudio")):
        assert publish(["theme", "from-template", str(template), name, "--themes", str(folder)]) == 0
    return folder


def tokens(themes: Path, name: str) -> dict:
    return yaml.safe_load((themes / name / "theme.yaml").read_text())


def test_the_theme_extends_default_and_builds_its_deck_on_a_copy_of_the_template(themes: Path) -> None:
    written = tokens(themes, "mecanon")
    assert written["extends"] == "default"
    assert written["deck"] == {"template": "mecanon-ufrj.potx"}
    assert (themes / "mecanon" / "mecanon-ufrj.potx").read_bytes() == MECANON.read_bytes()


def test_the_colours_are_the_templates_theme_colours(themes: Path) -> None:
    colours = tokens(themes, "mecanon")["colors"]
    assert colours["text"] == "#000000"  # dk1
    assert colours["secondary"] == "#881620"  # accent2
    assert colours["cover_background"] == "#881620"  # the first accent white text can be read on


def test_a_colour_that_would_be_hard_to_read_gets_the_suggested_one_and_says_so(themes: Path) -> None:
    text = (themes / "mecanon" / "theme.yaml").read_text()
    assert 'primary: "#A3521B"  # accent1 #D76C23 darkened to pass WCAG AA' in text
    theme = load_theme("mecanon", theme_roots(themes))
    assert all(c.passes for c in check(theme.colors, PAIRS))


def test_the_fonts_are_the_templates_in_their_metric_compatible_families(themes: Path) -> None:
    fonts = tokens(themes, "rstudio")["fonts"]
    assert fonts["heading"] == {"family": "Carlito", "office": "Calibri Light", "package": "fonts-crosextra-carlito"}
    assert fonts["body"]["office"] == "Calibri"


def test_the_logo_on_the_templates_title_layout_becomes_the_themes(themes: Path) -> None:
    written = tokens(themes, "mecanon")
    assert (themes / "mecanon" / written["logo"]).stat().st_size > 0
    assert "logo" not in tokens(themes, "rstudio")  # its master holds no picture


def test_the_article_builds_in_the_brand(themes: Path, tmp_path: Path) -> None:
    outputs = [tmp_path / "guide.pdf", tmp_path / "deck.pptx"]
    assert publish([str(ARTICLE), *(f"-o{o}" for o in outputs), "--themes", str(themes), "--theme", "rstudio",
                    "-q"]) == 0
    assert all(o.stat().st_size for o in outputs)


def test_an_existing_theme_is_never_overwritten(themes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert publish(["theme", "from-template", str(MECANON), "mecanon", "--themes", str(themes)]) == 2
    assert "exists already" in capsys.readouterr().err


def test_a_file_that_is_not_a_template_leaves_no_theme_behind(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "brand.potx").write_text("not a template")
    assert publish(["theme", "from-template", str(tmp_path / "brand.potx"), "brand", "--themes", str(tmp_path)]) == 1
    assert "not a PowerPoint file" in capsys.readouterr().err
    assert not (tmp_path / "brand").exists()
