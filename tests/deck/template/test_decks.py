"""Decks built on an organisation's own template: its design untouched, our slides on its layouts."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from helpers import ARTICLE, SCHEMA_CHECK, TEMPLATES, macro_enabled, write
from publish.build import prepare
from publish.build import write as build
from publish.cli import main as publish
from publish.deck.geometry import load_geometry
from publish.deck.plan import plan_deck
from publish.job import BuildOptions
from publish.model.diagnostics import BuildError
from publish.theme import load_theme

EPOCH = "1764115200"
ALL = sorted(TEMPLATES.iterdir())
RSTUDIO = TEMPLATES / "rstudio.potx"
LESSON = """---
title: Release training
author: Ann Author
date: 2026-03-02
---
# Release training

## Before the release

Check the dashboards before you ship.

| Role | Task |
|---|---|
| Engineer | Merges the change |
| TPM | Announces the release |

## Wrap-up

Ship small changes often.
"""


def deck_on(template: Path, source: Path, target: Path, **options: object) -> tuple[Path, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        job, found = prepare(source, BuildOptions(deck_template=template, **options))  # type: ignore[arg-type]
        _, more = build(job, target)
    return target, [d.message for d in [*found, *more]]


@pytest.fixture(scope="module")
def article_decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("template-decks")
    return {t.name: deck_on(t, ARTICLE, folder / f"{t.stem}.pptx")[0] for t in ALL}


def design(path: Path) -> tuple[list[list[str]], list[bytes]]:
    """The masters' layout names and the masters' theme colour schemes, as a trainer's PowerPoint shows them."""
    prs = Presentation(io.BytesIO(path.read_bytes()) if path.suffix != ".potx" else _as_pptx(path))
    names = [[layout.name for layout in master.slide_layouts] for master in prs.slide_masters]
    schemes = []
    for master in prs.slide_masters:
        theme = next(rel.target_part for rel in master.part.rels.values() if rel.reltype.endswith("/theme"))
        start = theme.blob.index(b"<a:clrScheme")
        schemes.append(theme.blob[start:theme.blob.index(b"</a:clrScheme>") + 14])
    return names, schemes


def _as_pptx(path: Path) -> io.BytesIO:
    from publish.deck.template.archive import clean_package

    return io.BytesIO(clean_package(path).data)


@pytest.mark.parametrize("template", ALL, ids=lambda p: p.name)
def test_the_deck_keeps_the_templates_masters_layouts_and_colours(article_decks: dict[str, Path],
                                                                  template: Path) -> None:
    assert design(article_decks[template.name]) == design(template)


@pytest.mark.parametrize("template", ALL, ids=lambda p: p.name)
def test_the_deck_is_schema_valid_and_round_trips_through_python_pptx(article_decks: dict[str, Path],
                                                                      template: Path) -> None:
    deck = article_decks[template.name]
    again = io.BytesIO()
    Presentation(str(deck)).save(again)
    assert len(Presentation(again).slides) == len(Presentation(str(deck)).slides)
    if SCHEMA_CHECK is not None:
        check = subprocess.run([sys.executable, str(SCHEMA_CHECK), str(deck)], capture_output=True, text=True,
                               check=False)
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("template", ALL, ids=lambda p: p.name)
def test_each_slide_is_on_the_layout_chosen_for_its_kind(article_decks: dict[str, Path], template: Path) -> None:
    job, _ = prepare(ARTICLE, BuildOptions(deck_template=template))
    plan, _ = plan_deck(job.document, job.theme)
    geometry = load_geometry(job.theme)
    slides = Presentation(str(article_decks[template.name])).slides
    assert [str(s.slide_layout.part.partname) for s in slides] == [geometry.layout_part(p.layout) for p in plan.slides]


def test_office_layouts_serve_the_kinds_they_are_made_for(article_decks: dict[str, Path]) -> None:
    names = [s.slide_layout.name for s in Presentation(str(article_decks["python-pptx-default.pptx"])).slides]
    assert names[0] == "Title Slide"
    assert names.count("Section Header") == 6
    assert set(names) == {"Title Slide", "Section Header", "Title and Content", "Two Content"}


def test_the_templates_footer_slide_number_and_date_are_filled(tmp_path: Path) -> None:
    deck, _ = deck_on(RSTUDIO, write(tmp_path, "lesson.md", LESSON), tmp_path / "lesson.pptx")
    second = Presentation(str(deck)).slides[1]
    texts = {p.placeholder_format.type: p.text_frame.text for p in second.placeholders}
    assert texts[PP_PLACEHOLDER.FOOTER] == "Release training"
    assert texts[PP_PLACEHOLDER.SLIDE_NUMBER] == "2"
    assert texts[PP_PLACEHOLDER.DATE] == "2026-03-02"


def test_a_role_the_layout_has_no_placeholder_for_is_a_text_box_beside_them(tmp_path: Path) -> None:
    deck, _ = deck_on(RSTUDIO, write(tmp_path, "lesson.md", LESSON), tmp_path / "lesson.pptx")
    table_slide = next(s for s in Presentation(str(deck)).slides if any(sh.has_table for sh in s.shapes))
    [lead] = [s for s in table_slide.shapes if not s.is_placeholder and s.has_text_frame]
    assert lead.text_frame.text == "Check the dashboards before you ship."
    [table] = [s for s in table_slide.shapes if s.has_table]
    assert table.is_placeholder  # in the layout's content placeholder, as PowerPoint's Insert Table puts it


def test_two_builds_on_a_template_are_byte_identical(tmp_path: Path) -> None:
    source = write(tmp_path, "lesson.md", LESSON)
    first, _ = deck_on(RSTUDIO, source, tmp_path / "one.pptx")
    second, _ = deck_on(RSTUDIO, source, tmp_path / "two.pptx")
    assert first.read_bytes() == second.read_bytes()


def test_the_template_is_named_in_the_theme(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "brand"
    theme.mkdir(parents=True)
    (theme / "brand.potx").write_bytes(RSTUDIO.read_bytes())
    (theme / "theme.yaml").write_text("extends: default\ndeck:\n  template: brand.potx\n")
    source = write(tmp_path, "lesson.md", LESSON)
    assert publish([str(source), "-o", str(tmp_path / "lesson.pptx"), "--themes", str(tmp_path / "themes"),
                    "--theme", "brand", "-q"]) == 0
    assert Presentation(str(tmp_path / "lesson.pptx")).slides[0].slide_layout.name == "Title Slide"


def test_a_theme_template_that_is_missing_is_an_error_on_its_line(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "brand"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\ndeck:\n  template: brand.potx\n")
    with pytest.raises(BuildError, match=r"deck template brand\.potx does not exist") as raised:
        prepare(write(tmp_path, "lesson.md", LESSON), BuildOptions(theme="brand", themes=tmp_path / "themes"))
    assert raised.value.diagnostic.line == 3


def test_a_theme_template_linked_from_outside_the_theme_is_refused(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "brand"
    theme.mkdir(parents=True)
    (theme / "brand.potx").symlink_to(RSTUDIO)
    (theme / "theme.yaml").write_text("extends: default\ndeck:\n  template: brand.potx\n")
    with pytest.raises(BuildError, match="leads outside the theme folders"):
        prepare(write(tmp_path, "lesson.md", LESSON), BuildOptions(theme="brand", themes=tmp_path / "themes"))


def test_macros_in_the_template_are_left_out_with_a_warning(tmp_path: Path) -> None:
    deck, messages = deck_on(macro_enabled(tmp_path), write(tmp_path, "lesson.md", LESSON), tmp_path / "l.pptx")
    assert "the template's macros were left out of the deck" in messages
    assert not [n for n in zipfile.ZipFile(deck).namelist() if "vba" in n.lower()]


def test_a_missing_deck_template_on_the_command_line_is_a_usage_error(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "lesson.md", LESSON)
    assert publish([str(source), "-o", str(tmp_path / "l.pptx"), "--deck-template", "brand.potx"]) == 2
    assert "--deck-template brand.potx: no such file" in capsys.readouterr().err


def test_the_pdf_ignores_the_deck_template(tmp_path: Path) -> None:
    source = write(tmp_path, "lesson.md", LESSON)
    assert publish([str(source), "-o", str(tmp_path / "l.pdf"), "--deck-template", str(RSTUDIO), "-q"]) == 0


def test_each_slide_carries_its_kind_for_checks_whatever_the_layouts_are_called(article_decks: dict[str, Path]) -> None:
    from publish.tools.rendering import slide_role

    slides = Presentation(str(article_decks["mecanon-ufrj.potx"])).slides
    roles = [slide_role(slide) for slide in slides]
    assert roles[0] == "title" and roles[2] == "agenda" and roles[-1] == "closing"
    assert roles.count("section") == 6  # on the template's title layout, named in Portuguese


def test_a_callout_is_drawn_in_the_themes_callout_colours_on_any_template(tmp_path: Path) -> None:
    source = write(tmp_path, "lesson.md", LESSON + "\n> [!TIP]\n> Release on a Tuesday.\n")
    deck, _ = deck_on(RSTUDIO, source, tmp_path / "lesson.pptx")  # a dark template: white text on blue-grey
    colours = load_theme("default").colors
    callout = next(shape for slide in Presentation(str(deck)).slides for shape in slide.shapes
                   if shape.has_text_frame and "Tuesday" in shape.text_frame.text)
    assert str(callout.fill.fore_color.rgb) == colours["callout_background"].lstrip("#")
    runs = [run for p in callout.text_frame.paragraphs for run in p.runs]
    assert {str(run.font.color.rgb) for run in runs} == {colours["callout_text"].lstrip("#")}
