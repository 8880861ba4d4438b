"""`make check`: good artifacts pass; truncated, note-less, overflowing or mismatched ones fail clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches, Pt

from helpers import ROOT, built_artifacts, damaged_copy, need
from publish.cli import main as publish
from publish.tools import check
from publish.tools.check.compare import compare_sections, merge_continuations, same_title, squash
from publish.tools.check.deck import Box, check_deck
from publish.tools.check.pdf import ContentsEntry, check_pdf, contents_problems, pdf_sections
from publish.tools.check.report import Facts, Report
from publish.tools.rendering import layout_role

ARTICLE = ROOT / "source" / "technical-product-manager.md"






@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    need("qpdf", "soffice")
    return built_artifacts(tmp_path_factory)




def first_content_slide(deck: PresentationType) -> int:
    return next(index for index, slide in enumerate(deck.slides) if layout_role(slide.slide_layout.name) == "content")


def test_good_artifacts_pass(artifacts: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pdf, deck = artifacts
    assert check.main([str(pdf), str(deck)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert f"{pdf}: ok" in out and f"{deck}: ok" in out and "same" in out


def test_untagged_pdf_with_a_system_font_fails(tmp_path: Path) -> None:
    need("qpdf")
    path = tmp_path / "plain.pdf"
    with pikepdf.new() as pdf:
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        pdf.add_blank_page().Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        pdf.save(path)
    report, _ = check_pdf(path)
    assert report.problems == ["not tagged (no StructTreeRoot)", "not tagged (MarkInfo /Marked is not true)",
                               "no document language (/Lang)", "no title in the document information or XMP metadata",
                               "font not embedded: Helvetica", "no bookmarks (the outline is empty)"]


def outlined_pdf(tree: list[tuple[str, int, list]]) -> pikepdf.Pdf:
    """A blank PDF with bookmarks (title, 1-based page, children)."""
    pdf = pikepdf.new()
    for _ in range(4):
        pdf.add_blank_page()

    def items(nodes: list[tuple[str, int, list]]) -> list[pikepdf.OutlineItem]:
        made = []
        for title, page, children in nodes:
            item = pikepdf.OutlineItem(title, page - 1)
            item.children.extend(items(children))
            made.append(item)
        return made

    with pdf.open_outline() as outline:
        outline.root.extend(items(tree))
    return pdf


def test_sections_leave_out_the_cover_and_contents_bookmarks() -> None:
    listed = [ContentsEntry("A", 3, 3, 2), ContentsEntry("B", 4, 4, 2)]
    nested = outlined_pdf([("Guide", 1, [("Contents", 2, []), ("A", 3, []), ("B", 4, [("B.1", 4, [])])])])
    flat = outlined_pdf([("Guide", 1, []), ("Contents", 2, []), ("A", 3, []), ("B", 4, [])])
    assert pdf_sections(nested, listed) == pdf_sections(flat, listed) == ["A", "B"]
    starts_on_contents_page = [ContentsEntry("A", 2, 2, 2), ContentsEntry("B", 4, 4, 2)]
    flat = outlined_pdf([("Contents", 2, []), ("A", 2, []), ("B", 4, [])])
    assert pdf_sections(flat, starts_on_contents_page) == ["A", "B"]


def test_truncated_pdf_fails_cleanly(artifacts: tuple[Path, Path], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    broken = damaged_copy(artifacts[0], tmp_path / "article.pdf")
    assert check.main([str(broken)]) == 1
    captured = capsys.readouterr()
    assert f"{broken}: qpdf --check fails" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_truncated_deck_fails_cleanly(artifacts: tuple[Path, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    broken = damaged_copy(artifacts[1], tmp_path / "article.pptx")
    assert check.main([str(broken)]) == 1
    captured = capsys.readouterr()
    assert f"{broken}: not a valid zip package" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_deck_with_a_slide_without_notes_fails(artifacts: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    deck = Presentation(str(artifacts[1]))
    index = first_content_slide(deck)
    deck.slides[index].notes_slide.notes_text_frame.text = ""
    damaged = tmp_path / "article.pptx"
    deck.save(str(damaged))
    assert check.main([str(damaged)]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{damaged}: ")]
    assert len(problems) == 1 and problems[0].startswith(f"{damaged}: slide {index + 1} (")
    assert problems[0].endswith("): no speaker notes")


@pytest.fixture(scope="module")
def bad_deck(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """A deck built to fail: text running off its box and a picture whose alt text is its file name."""
    need("soffice")
    folder = tmp_path_factory.mktemp("bad-deck")
    Image.new("RGB", (160, 90), "teal").save(folder / "chart.png")
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])  # "Title and Content"
    slide.shapes.title.text = "Overflow"
    slide.notes_slide.notes_text_frame.text = "Notes are present."
    box = slide.shapes.add_textbox(Inches(1), Inches(6.6), Inches(3), Inches(0.5))
    box.text_frame.word_wrap = True
    box.text_frame.text = "this sentence is far too long for its little box and runs off the slide"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
    picture = slide.shapes.add_picture(str(folder / "chart.png"), Inches(6), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "images/chart.png")
    path = folder / "bad.pptx"
    deck.save(str(path))
    return check_deck(path)[0]


def test_text_outside_its_shape_is_reported_with_slide_and_words(bad_deck: Report) -> None:
    overflow = [p for p in bad_deck.problems if "text outside its shape" in p]
    assert len(overflow) == 1 and overflow[0].startswith("slide 1 ('Overflow')")
    assert "off the slide" in overflow[0] and "Overflow" not in overflow[0].split(":", 1)[1]


def test_file_path_as_alt_text_is_reported(bad_deck: Report) -> None:
    assert any("file path as alt text: 'images/chart.png'" in p for p in bad_deck.problems)


def test_right_to_left_guide_passes(tmp_path: Path) -> None:
    """Hebrew lines come out of the PDF in visual order: the contents must still be found."""
    need("qpdf")
    pdf = tmp_path / "lang-he.pdf"
    assert publish([str(ROOT / "tests" / "specimens" / "lang-he.md"), "-o", str(pdf), "-q"]) == 0
    report, facts = check_pdf(pdf)
    assert report.problems == [] and facts is not None and "Contents" not in facts.sections


def test_words_are_matched_to_their_shape_in_either_direction() -> None:
    box = Box(0, 0, 100, 100, "المسؤوليات الأساسية for management")
    assert box.says(squash("ةيساسلأا"))  # visual order, the lam-alef ligature kept logical
    assert box.says("manage")  # the first half of a hyphenated word
    assert not box.says("zebra")


def test_continuation_slides_count_once() -> None:
    assert merge_continuations(["Skills", "Skills (cont.)", "Skills (suite)", "Skills 2/3", "Skills matrix"]) == [
        "Skills", "Skills matrix"]


def test_titles_match_when_shortened_or_punctuated_differently() -> None:
    assert same_title("Technical Product Manager vs. Product Manager", "Technical product manager vs product manager")
    assert same_title("Understanding the Core Responsibilities of a TPM", "Understanding the Core…")
    assert not same_title("Second section", "Second section renamed entirely")


def test_sections_must_agree_in_order() -> None:
    guide = Facts(["Intro", "Skills", "Challenges"], "PDF bookmarks")
    assert compare_sections(guide, Facts(["Intro", "Skills", "Skills (cont.)", "Challenges"], "agenda")) == []
    swapped = compare_sections(guide, Facts(["Intro", "Challenges", "Skills"], "agenda"))
    assert swapped and all("elsewhere in the deck's agenda" in p for p in swapped)
    missing = compare_sections(guide, Facts(["Intro", "Skills", "Extra"], "section slides"))
    assert any("'Challenges' (PDF bookmarks) is missing from" in p for p in missing)
    assert any("'Extra' (section slides) is not a section of the guide" in p for p in missing)
    assert compare_sections(Facts(["Only"], "PDF bookmarks"), Facts([], "section slides")) == []
    assert compare_sections(guide, Facts([], "section slides")) == [
        "the guide has 3 sections but the deck has neither an agenda nor section slides"]


def test_contents_numbers_must_fit_and_agree() -> None:
    entries = [ContentsEntry("A", 2, 3, 2), ContentsEntry("B", 4, 5, 2), ContentsEntry("C", 5, 8, 2),
               ContentsEntry("D", 9, None, 2)]
    problems = contents_problems(entries, pages=8)
    assert problems == ["contents: 'C' says page 5 but its link goes to page 7 (as numbered on the pages)",
                        "contents: 'D' says page 9, but the document has 8 pages"]


def test_an_untagged_slides_role_comes_from_its_layout_name() -> None:
    assert [layout_role(n) for n in ("Title Slide", "Title and Content", "Section Header", "Agenda", "Closing")] == [
        "title", "content", "section", "agenda", "closing"]


def test_a_missing_tool_names_its_debian_package(artifacts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(shutil, "which", lambda tool: None)
    assert check.main([str(artifacts[0])]) == 2
    assert "install the Debian package qpdf" in capsys.readouterr().err
