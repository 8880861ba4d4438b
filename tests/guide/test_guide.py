"""The print guide, checked from the PDF itself (pikepdf, pdfplumber, qpdf, pdffonts).

The article is built once per module; small specimens cover what the article
does not have (footnotes, links, scripts, missing and low-resolution pictures,
hostile paths).
"""

from __future__ import annotations

import base64
import copy
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from helpers import ARTICLE, SVG, write
from publish.build import prepare
from publish.build import write as build_artifact
from publish.guide.html import contents, render_html, render_parts
from publish.job import BuildOptions
from publish.model.diagnostics import Diagnostic
from publish.model.document import Callout, Figure, Table, plain_text
from publish.resources import Sandbox
from publish.theme import load_theme, to_points

THEME = load_theme("default")
LABELS = THEME.tokens["labels"]
MM = 72 / 25.4
HEADER_BOTTOM = to_points(THEME.tokens["paper"]["margin_top"])  # the running header lives above this
HEADING_SIZE = to_points(THEME.tokens["sizes"]["h3"]) - 0.5  # H2 and H3 are at least this big


# --------------------------------------------------------------------------- building


def build(source: Path, target: Path, **options: object) -> list[Diagnostic]:
    """Build like the command line does; return every warning."""
    job, found = prepare(source, BuildOptions(**options))  # type: ignore[arg-type]
    _, written = build_artifact(job, target)
    return found + written


def squash(text: str) -> str:
    """Text without spaces and hyphens, so line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u2010]+", "", text)


def page_texts(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Diagnostic]]:
    target = tmp_path_factory.mktemp("article") / "guide.pdf"
    return target, build(ARTICLE, target)


@pytest.fixture(scope="module")
def article_pdf(article: tuple[Path, list[Diagnostic]]) -> Path:
    return article[0]


@pytest.fixture(scope="module")
def document():
    job, _ = prepare(ARTICLE, BuildOptions())
    return job.document


SPECIMEN = """\
---
title: Specimen
lang: en
version: "2"
classification: Confidential
date: 2026-01-02
---

# Specimen

## Scripts

Greek Ωμέγα, Cyrillic Привет, CJK 中文字, Arabic مرحبا, Hebrew שלום, emoji 🎉 ✅, digits 0123456789.[^1]

[^1]: The note text sits at the page bottom.

## Links

Visit [our site](https://example.com/path) or <https://example.org>.

![Org chart of the team](images/missing.png)

![Small raster picture](images/small.png)
"""


@pytest.fixture(scope="module")
def specimen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("specimen")
    (folder / "images").mkdir()
    Image.new("RGB", (300, 200), (30, 80, 120)).save(folder / "images" / "small.png")
    return write(folder, "specimen.md", SPECIMEN)


@pytest.fixture(scope="module")
def specimen_build(specimen: Path) -> tuple[Path, list[Diagnostic]]:
    target = specimen.parent / "out" / "specimen.pdf"
    return target, build(specimen, target)


@pytest.fixture(scope="module")
def press_build(specimen: Path) -> tuple[Path, list[Diagnostic]]:
    target = specimen.parent / "out" / "specimen-press.pdf"
    return target, build(specimen, target, press=True)


# --------------------------------------------------------------------------- the article


def test_the_article_builds_without_warnings(article: tuple[Path, list[Diagnostic]]) -> None:
    assert article[1] == []


def test_the_pdf_passes_qpdf_check(article_pdf: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(article_pdf)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bookmarks_mirror_the_title_the_contents_and_headings_down_to_h3(article_pdf: Path, document) -> None:
    expected = [(1, document.meta.title), (2, LABELS["contents"])]
    expected += [(h.level, h.text) for h in contents(document.blocks, 2)]
    found: list[tuple[int, str]] = []

    def walk(items, level: int) -> None:
        for item in items:
            found.append((level, item.title))
            walk(item.children, level + 1)

    with pikepdf.open(article_pdf) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 1)
    assert found == expected


def test_a4_is_the_default_paper(article_pdf: Path) -> None:
    with pikepdf.open(article_pdf) as pdf:
        assert [round(float(v) / MM) for v in pdf.pages[1].MediaBox] == [0, 0, 210, 297]


def test_the_pdf_is_tagged_with_language_title_and_display_doc_title(article_pdf: Path) -> None:
    with pikepdf.open(article_pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Technical Product Manager"


def test_the_pdf_declares_pdf_ua_1_by_default(article_pdf: Path) -> None:
    with pikepdf.open(article_pdf) as pdf:
        assert pdf.open_metadata().get("pdfuaid:part") == "1"


def test_metadata_carries_author_subject_keywords_and_the_front_matter_date(article_pdf: Path) -> None:
    with pikepdf.open(article_pdf) as pdf:
        info = {key: str(value) for key, value in pdf.docinfo.items()}
    assert info["/Author"] == "People & Learning team"
    assert info["/Subject"].startswith("Role, responsibilities and skills")
    assert "technical product manager" in info["/Keywords"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261126000000Z"


def test_every_font_is_embedded_and_subset(article_pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(article_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows, listing
    for row in rows:
        embedded, subset = row[-5], row[-4]
        assert (embedded, subset) == ("yes", "yes"), row


def test_every_figure_has_its_alt_text_in_the_structure_tree(article_pdf: Path, document) -> None:
    def figures(element) -> Iterator[str]:
        if isinstance(element, pikepdf.Dictionary):
            if element.get("/S") == "/Figure":
                yield str(element.get("/Alt", ""))
            kids = element.get("/K")
            yield from figures(kids) if kids is not None else ()
        elif isinstance(element, pikepdf.Array):
            for kid in element:
                yield from figures(kid)

    with pikepdf.open(article_pdf) as pdf:
        alts = list(figures(pdf.Root.StructTreeRoot))
    assert alts == [f.alt for f in document.figures()]


def test_each_contents_line_reads_as_the_heading_and_the_page_where_it_is(article_pdf: Path, document) -> None:
    """The dot leaders are drawn, not text: a reader copying or hearing the contents gets title and number."""
    with pdfplumber.open(article_pdf) as pdf:
        lines = pdf.pages[1].extract_text().splitlines()
        headings = [squash("".join(c["text"] for c in page.chars if c["size"] >= HEADING_SIZE)) for page in pdf.pages]
    entries = contents(document.blocks, 2)
    assert len(entries) == 9
    for entry in entries:
        number = next(m[1] for line in lines if (m := re.fullmatch(rf"{re.escape(entry.text)} (\d+)", line)))
        assert int(number) == next(i for i, text in enumerate(headings, 1) if squash(entry.text) in text), entry.text


def test_each_contents_entry_links_to_its_heading(article_pdf: Path, document) -> None:
    with pikepdf.open(article_pdf) as pdf:
        targets = {str(a.Dest) for a in pdf.pages[1].Annots if "/Dest" in a}
        destinations = {str(name) for name in pdf.Root.Names.Dests.Names[::2]}
    ids = {h.id for h in contents(document.blocks, 2)}
    assert targets == ids and ids <= destinations


def test_page_n_of_m_is_on_every_page_after_the_cover_and_not_on_it(article_pdf: Path) -> None:
    texts = page_texts(article_pdf)
    footer = re.compile(rf"{LABELS['page']} (\d+) {LABELS['of']} (\d+)")
    assert not footer.search(texts[0])
    for number, text in enumerate(texts[1:], 2):
        assert footer.findall(text) == [(str(number), str(len(texts)))]


def test_the_footer_carries_version_and_classification(article_pdf: Path) -> None:
    for text in page_texts(article_pdf)[1:]:
        assert f"{LABELS['version']} 1.0" in text
        assert "INTERNAL" in text


def test_the_running_header_names_the_document_and_the_current_section(article_pdf: Path, document) -> None:
    sections = [LABELS["contents"]] + [h.text for h in document.headings(2) if h.level == 2]
    current = ""
    with pdfplumber.open(article_pdf) as pdf:
        for page in pdf.pages[1:]:
            big = squash("".join(c["text"] for c in page.chars if c["size"] >= HEADING_SIZE))
            starting = [s for s in sections if squash(s) in big]
            current = starting[0] if starting else current
            header = page.crop((0, 0, page.width, HEADER_BOTTOM)).extract_text()
            assert header == f"{document.meta.title} {current}"
            current = starting[-1] if starting else current


def test_the_cover_shows_who_and_what_the_guide_is_for(article_pdf: Path) -> None:
    cover = page_texts(article_pdf)[0]
    for text in ("Technical Product Manager", "Role, responsibilities and skills", "Product, engineering and HR staff",
                 "People & Learning team", "1.0", "2026-11-26", "Example Corp", f"{LABELS['source']}: Indeed"):
        assert text in cover


def test_every_table_cell_is_printed_in_its_column(article_pdf: Path, document) -> None:
    table = next(b for b in document.blocks if isinstance(b, Table))
    header = [plain_text(cell.content) for cell in table.header[0]]
    with pdfplumber.open(article_pdf) as pdf:
        page = next(p for p in pdf.pages if p.search(header[0]))
        top = page.search(header[0])[0]["top"]
        lefts = [next(hit for hit in page.search(name) if abs(hit["top"] - top) < 1)["x0"] for name in header]
        edges = [*lefts, page.width]
        columns = [squash(page.crop((left - 1, top - 1, right - 1, page.height)).extract_text())
                   for left, right in pairwise(edges)]
    for row in table.header + table.rows:
        for column, cell in zip(columns, row, strict=True):
            assert squash(plain_text(cell.content)) in column


def test_figure_captions_are_numbered(article_pdf: Path, document) -> None:
    text = squash("".join(page_texts(article_pdf)))
    for figure in document.figures():
        assert squash(f"{LABELS['figure']} {figure.number}: {plain_text(figure.caption)}") in text


def test_both_callouts_are_printed_with_their_label(article_pdf: Path, document) -> None:
    text = squash("".join(page_texts(article_pdf)))
    callouts = [b for b in document.blocks if isinstance(b, Callout)]
    assert len(callouts) == 2
    for callout in callouts:
        assert squash(plain_text(callout.blocks[0].content)) in text
    assert text.count(LABELS["note"].upper()) == 2


def test_speaker_notes_are_not_printed(article_pdf: Path) -> None:
    assert "Ask the room" not in "".join(page_texts(article_pdf))


def test_the_article_stays_under_one_megabyte(article_pdf: Path) -> None:
    assert article_pdf.stat().st_size < 1_000_000


def test_two_builds_are_byte_identical(article_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "guide.pdf"
    build(ARTICLE, again)
    assert again.read_bytes() == article_pdf.read_bytes()


# --------------------------------------------------------------------------- specimens


def test_scripts_and_emoji_print_without_missing_glyphs(specimen_build: tuple[Path, list[Diagnostic]]) -> None:
    pdf_path, diagnostics = specimen_build
    assert "missing-glyph" not in [d.code for d in diagnostics]
    listing = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "Emoji" in listing and "CJK" in listing


def test_digits_stay_in_the_text_font_beside_emoji(specimen_build: tuple[Path, list[Diagnostic]]) -> None:
    with pdfplumber.open(specimen_build[0]) as pdf:
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars if c["text"].isdigit()}
    assert fonts <= {"Carlito", "Carlito-Bold"}


def test_a_footnote_sits_at_the_bottom_of_the_page_of_its_call(specimen_build: tuple[Path, list[Diagnostic]]) -> None:
    with pdfplumber.open(specimen_build[0]) as pdf:
        page = next(p for p in pdf.pages if "Greek" in (p.extract_text() or ""))
        call = page.search("0123456789.")[0]
        note = page.search("The note text sits at the page bottom.")
        assert note and note[0]["top"] > page.height * 0.75 > call["top"]


def test_external_links_are_clickable_and_show_their_address_when_the_text_differs(
        specimen_build: tuple[Path, list[Diagnostic]]) -> None:
    with pikepdf.open(specimen_build[0]) as pdf:
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/URI" in a.get("/A", {})}
    assert {"https://example.com/path", "https://example.org"} <= uris
    text = "".join(page_texts(specimen_build[0]))
    assert "our site (https://example.com/path)" in text
    assert "(https://example.org)" not in text


def test_a_missing_picture_prints_a_labelled_placeholder_and_warns(
        specimen_build: tuple[Path, list[Diagnostic]]) -> None:
    pdf_path, diagnostics = specimen_build
    text = "".join(page_texts(pdf_path))
    assert LABELS["missing_picture"] in text and "Org chart of the team" in text
    assert any(d.code == "image" and "images/missing.png" in d.message for d in diagnostics)


def test_characters_no_font_has_are_named_in_a_warning(tmp_path: Path) -> None:
    source = write(tmp_path, "doc.md", "# Glyphs\n\n## Section\n\nAn unassigned code point: \u0378.\n")
    diagnostics = build(source, tmp_path / "doc.pdf")
    assert [d.message for d in diagnostics if d.code == "missing-glyph"] == [
        "no installed font has \u0378 (U+0378): printed as empty boxes"]


def test_source_date_epoch_sets_the_pdf_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    source = write(tmp_path, "doc.md", "---\ndate: 2020-01-01\n---\n# Dated\n\n## Section\n\nText.\n")
    build(source, tmp_path / "doc.pdf")
    with pikepdf.open(tmp_path / "doc.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320Z"


def test_letter_paper_and_the_pdf_a_3b_variant(specimen: Path) -> None:
    target = specimen.parent / "out" / "letter.pdf"
    build(specimen, target, paper="letter", pdf_variant="pdf/a-3b")
    with pikepdf.open(target) as pdf:
        assert [float(v) for v in pdf.pages[1].MediaBox] == [0, 0, 612, 792]
        metadata = pdf.open_metadata()
        assert (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")) == ("3", "B")
        assert "/StructTreeRoot" in pdf.Root


def test_the_press_variant_has_trim_and_bleed_boxes_3mm_apart(press_build: tuple[Path, list[Diagnostic]]) -> None:
    with pikepdf.open(press_build[0]) as pdf:
        for page in pdf.pages:
            trim, bleed = [float(v) for v in page.TrimBox], [float(v) for v in page.BleedBox]
            assert [round((t - b) / MM, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [3, 3]
            assert [round((b - t) / MM, 2) for t, b in zip(trim[2:], bleed[2:], strict=True)] == [3, 3]


def test_the_press_variant_names_pictures_under_300_dpi(press_build: tuple[Path, list[Diagnostic]]) -> None:
    warnings = [d.message for d in press_build[1] if d.code == "low-resolution"]
    assert warnings == ["picture images/small.png prints at 96 dpi (79 × 53 mm); print shops need 300 dpi"]


def test_the_screen_variant_does_not_check_resolution(specimen_build: tuple[Path, list[Diagnostic]]) -> None:
    assert "low-resolution" not in [d.code for d in specimen_build[1]]


# --------------------------------------------------------------------------- the sandbox


def test_a_document_pointing_at_etc_passwd_embeds_and_prints_nothing_of_it(tmp_path: Path) -> None:
    secret = Path("/etc/passwd")
    if not secret.is_file():
        pytest.skip("no /etc/passwd here")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "evil.png").symlink_to(secret)
    source = write(tmp_path, "probe.md", """\
        # Probe

        ## Section

        ![Secret](/etc/passwd) ![Secret too](file:///etc/passwd) ![Linked](images/evil.png)

        [passwd](/etc/passwd) and [again](file:///etc/passwd).

        <p><img src="file:///etc/passwd" alt="raw"> <img src="images/evil.png" alt="raw link">
        <a href="images/evil.png" rel="attachment">attach</a></p>
        """)
    target = tmp_path / "probe.pdf"
    build(source, target)
    first_line = secret.read_bytes().split(b"\n", 1)[0]
    with pikepdf.open(target) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        for obj in pdf.objects:
            assert not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") in ("/Filespec", "/EmbeddedFile"))
            if isinstance(obj, pikepdf.Stream):
                assert first_line not in obj.read_bytes()
    assert first_line.decode() not in "".join(page_texts(target))


def test_the_fetcher_serves_only_files_inside_the_sandbox(tmp_path: Path) -> None:
    from publish.guide.pdf import SandboxFetcher

    picture = write(tmp_path, "picture.svg", SVG)
    fetcher = SandboxFetcher(Sandbox((tmp_path,)))
    assert fetcher.fetch(picture.as_uri()).read() == SVG.encode()
    assert fetcher.fetch("data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()).read() == SVG.encode()
    for url in ("file:///etc/passwd", "https://example.com/a.png", "data:text/plain,hello", "ftp://example.com/a"):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)


# --------------------------------------------------------------------------- the HTML


def test_the_html_resolves_pictures_and_logo_from_where_it_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out" / "guide.html"
    job, _ = prepare(ARTICLE, BuildOptions())
    build_artifact(job, target)
    html = target.read_text(encoding="utf-8")
    base = target.parent / re.search(r'<base href="([^"]+)">', html).group(1)
    pictures = [url for url in re.findall(r'<img src="([^"]+)"', html) + re.findall(r'url\("([^"]+)"\)', html)
                if not url.startswith("data:image/svg+xml;base64,")]  # the callout icons travel in the sheet
    assert len(pictures) == 3
    for url in pictures:
        assert (base / url).resolve().is_file(), url


def test_the_html_is_what_weasyprint_lays_out(tmp_path: Path) -> None:
    job, _ = prepare(ARTICLE, BuildOptions())
    build_artifact(job, tmp_path / "guide.html")
    assert (tmp_path / "guide.html").read_text(encoding="utf-8") == render_html(job, tmp_path)[0]


def test_right_to_left_languages_get_dir_rtl(tmp_path: Path) -> None:
    source = write(tmp_path, "he.md", "---\nlang: he\n---\n# מדריך\n\n## פרק\n\nשלום.\n")
    job, _ = prepare(source, BuildOptions())
    html, _ = render_html(job, tmp_path)
    assert '<html lang="he" dir="rtl">' in html


def test_figures_keep_their_number_when_a_slides_only_figure_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG)
    source = write(tmp_path, "doc.md", """\
        # Figures

        ## Section

        ::: slides
        ![Only on slides](a.svg)
        :::

        ::: print
        ![Printed](a.svg)
        :::
        """)
    target = tmp_path / "doc.pdf"
    build(source, target)
    text = "".join(page_texts(target))
    assert f"{LABELS['figure']} 1: Printed" in text and "Only on slides" not in text


def test_a_long_table_repeats_its_header_row_on_every_page(tmp_path: Path) -> None:
    rows = "\n".join(f"| Item {n} | Value {n} |" for n in range(90))
    source = write(tmp_path, "table.md", f"# Table\n\n## Data\n\n| Name | Amount |\n|---|---|\n{rows}\n")
    target = tmp_path / "table.pdf"
    build(source, target)
    pages = [text for text in page_texts(target) if "Item" in text]
    assert len(pages) >= 2
    assert all("Name Amount" in text for text in pages)


def test_a_document_without_sections_has_no_contents_and_starts_after_the_cover(tmp_path: Path) -> None:
    source = write(tmp_path, "memo.md", "# Memo\n\nJust one paragraph.\n")
    target = tmp_path / "memo.pdf"
    build(source, target)
    texts = page_texts(target)
    assert len(texts) == 2 and "Just one paragraph." in texts[1]
    assert LABELS["contents"] not in "".join(texts)


def test_font_files_a_theme_ships_are_declared_with_font_face(tmp_path: Path) -> None:
    job, _ = prepare(ARTICLE, BuildOptions())
    font = write(tmp_path, "fonts/Brand-Bold.ttf", b"")
    tokens = copy.deepcopy(job.theme.tokens)
    tokens["fonts"]["heading"] = {"family": "Brand", "files": {"bold": str(font)}}
    job = replace(job, theme=replace(job.theme, tokens=tokens))
    html, _ = render_html(job, tmp_path / "out")
    base = tmp_path / "out" / re.search(r'<base href="([^"]+)">', html).group(1)
    face = re.search(r'@font-face \{ font-family: "Brand"; src: url\("([^"]+)"\); font-weight: bold;', html)
    assert face and (base / face.group(1)).resolve() == font


def test_decorative_pictures_are_not_figures_in_the_structure_tree(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG)
    source = write(tmp_path, "doc.md", "# Ornament\n\n## Section\n\n![](a.svg){.decorative}\n\nText.\n")
    job, _ = prepare(source, BuildOptions())
    assert next(b for b in job.document.blocks if isinstance(b, Figure)).decorative
    target = tmp_path / "doc.pdf"
    build_artifact(job, target)
    with pikepdf.open(target) as pdf:
        assert b"/Figure" not in b"".join(
            obj.unparse() for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/S"))


def test_each_callout_kind_has_the_themes_own_icon_drawn_in_its_border_colour() -> None:
    job, _ = prepare(ARTICLE, BuildOptions())
    _, css, _ = render_parts(job, ARTICLE.parent, inline_css=False)
    icons = re.findall(r'\.callout-(\w+) \.callout-title::before \{ background-image: url\("data:image/svg\+xml;base64,'
                       r'([^"]+)"\); \}', css)
    assert [kind for kind, _ in icons] == ["note", "tip", "important", "warning", "caution"]
    colour = job.theme.colors["callout_border"]
    assert all(colour in base64.b64decode(svg).decode() for _, svg in icons)


def test_columns_are_printed_side_by_side_in_their_shares(tmp_path: Path) -> None:
    source = write(tmp_path, "doc.md", '# T\n\n:::: columns\n::: {.column width="30%"}\nLeft\n:::\n'
                   '::: {.column width="70%"}\nRight\n:::\n::::\n')
    target = tmp_path / "doc.pdf"
    build(source, target)
    with pdfplumber.open(target) as pdf:
        words = {w["text"]: w for page in pdf.pages for w in page.extract_words()}
    assert words["Left"]["top"] == pytest.approx(words["Right"]["top"], abs=1)
    assert words["Right"]["x0"] - words["Left"]["x0"] == pytest.approx(0.3 * (to_points("210mm") - 2 * 72), rel=0.25)


def test_a_picture_is_printed_at_the_width_share_it_asks_for(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG.replace('width="40" height="20"', 'width="4000" height="2000"'))
    source = write(tmp_path, "doc.md", "# T\n\n![Chart](a.svg){width=50%}\n")
    job, _ = prepare(source, BuildOptions())
    html, _ = render_html(job, tmp_path)
    assert 'alt="Chart" style="width: 50.0%"' in html


def test_lesson_blocks_are_labelled_in_the_documents_language(tmp_path: Path) -> None:
    source = write(tmp_path, "doc.md", "---\nlang: de\n---\n# Schleifen\n\n::: keypoints\n- Wiederholen.\n:::\n")
    job, _ = prepare(source, BuildOptions())
    html, _ = render_html(job, tmp_path)
    assert '<p class="callout-title">Kernpunkte</p>' in html


def test_code_is_highlighted_in_the_themes_code_colours(tmp_path: Path) -> None:
    source = write(tmp_path, "doc.md", "# T\n\n```python\nreturn 1\n```\n")
    job, _ = prepare(source, BuildOptions())
    html, _ = render_html(job, tmp_path)
    assert '<span class="code-keyword">return</span> <span class="code-number">1</span>' in html
    assert f".code-keyword {{ color: {job.theme.tokens['colors']['code_keyword']}; }}" in html


def test_formulas_are_printed_as_vector_drawings_tagged_as_formulas_with_their_tex(tmp_path: Path) -> None:
    source = write(tmp_path, "doc.md", "# T\n\n## S\n\nThe energy $E = mc^2$:\n\n$$\n\\frac{a}{b}\n$$\n")
    target = tmp_path / "doc.pdf"
    assert build(source, target) == []
    text = "".join(page_texts(target))
    assert "$" not in text and "\\frac" not in text and "mc^2" not in text
    with pikepdf.open(target) as pdf:
        tagged = {(str(obj.get("/S")), str(obj.get("/Alt"))) for obj in pdf.objects
                  if isinstance(obj, pikepdf.Dictionary) and obj.get("/Alt")}
    assert {("/Formula", "E = mc^2"), ("/Formula", "\\frac{a}{b}")} <= tagged
