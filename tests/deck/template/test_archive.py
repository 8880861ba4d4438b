"""A template's archive made a safe presentation: what python-pptx and PowerPoint will open."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from helpers import TEMPLATES, macro_enabled, part, rewritten
from publish.deck.template.archive import PRESENTATION_TYPE, clean_package
from publish.model.diagnostics import BuildError

DEFAULT = TEMPLATES / "python-pptx-default.pptx"
LAYOUT = "ppt/slideLayouts/slideLayout1.xml"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
LINKED_PICTURE = (b'<p:pic><p:nvPicPr><p:cNvPr id="99" name="Linked logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
                  b'<p:blipFill><a:blip r:link="rId9"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
                  b'<a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect">'
                  b'<a:avLst/></a:prstGeom></p:spPr></p:pic>')


def test_a_potx_becomes_a_presentation_python_pptx_opens() -> None:
    package = clean_package(TEMPLATES / "rstudio.potx")
    types = zipfile.ZipFile(io.BytesIO(package.data)).read("[Content_Types].xml").decode()
    assert PRESENTATION_TYPE in types and "template.main" not in types
    assert len(Presentation(io.BytesIO(package.data)).slide_layouts) == 4


def test_the_sample_slides_of_a_pptx_are_dropped_with_everything_only_they_used() -> None:
    package = clean_package(TEMPLATES / "pandoc-reference.pptx")
    assert package.sample_slides == 4
    saved = io.BytesIO()
    Presentation(io.BytesIO(package.data)).save(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert not [n for n in names if n.startswith(("ppt/slides/", "ppt/notesSlides/"))]


def test_macros_are_never_kept(tmp_path: Path) -> None:
    package = clean_package(macro_enabled(tmp_path))
    assert package.macros
    saved = io.BytesIO()
    Presentation(io.BytesIO(package.data)).save(saved)
    assert not [n for n in zipfile.ZipFile(saved).namelist() if "vba" in n.lower()]


def test_a_picture_linked_from_outside_the_template_is_cut_with_its_reference(tmp_path: Path) -> None:
    rels = part(DEFAULT, LAYOUT_RELS).replace(
        b"</Relationships>", b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="http://example.com/logo.png" TargetMode="External"/></Relationships>')
    layout = part(DEFAULT, LAYOUT).replace(b"</p:spTree>", LINKED_PICTURE + b"</p:spTree>")
    package = clean_package(rewritten(DEFAULT, tmp_path / "linked.pptx", {LAYOUT_RELS: rels, LAYOUT: layout}))
    assert package.external == ["http://example.com/logo.png"]
    cleaned = zipfile.ZipFile(io.BytesIO(package.data))
    assert b"example.com" not in cleaned.read(LAYOUT_RELS)
    assert b'r:link="rId9"' not in cleaned.read(LAYOUT)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = rewritten(DEFAULT, tmp_path / "bomb.pptx", {"ppt/media/huge.bin": bytes(30 * 2**20)})
    with pytest.raises(BuildError, match="zip bomb"):
        clean_package(bomb)


def test_a_file_that_is_not_a_zip_is_refused_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "brand.potx").write_text("not a template")
    with pytest.raises(BuildError, match="not a PowerPoint file") as raised:
        clean_package(tmp_path / "brand.potx")
    assert "Save As" in str(raised.value.diagnostic.fix)


def test_a_zip_that_is_not_an_office_document_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "brand.potx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(BuildError, match="not an Office document"):
        clean_package(tmp_path / "brand.potx")


def test_a_word_document_is_not_taken_for_a_template(tmp_path: Path) -> None:
    types = part(DEFAULT, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    with pytest.raises(BuildError, match=r"main part is a application/vnd\.openxmlformats-officedocument\.word"):
        clean_package(rewritten(DEFAULT, tmp_path / "letter.potx", {"[Content_Types].xml": types}))
