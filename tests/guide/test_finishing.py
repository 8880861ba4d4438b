"""The guide is made for every reader: each table header cell says whether it heads its column or
its row (/Scope), a PDF/UA-1 rule checker finds nothing in the guides we make, and a link to a
sibling document still works once the PDFs are moved together."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from helpers import ARTICLE, FIXTURES, SPECIMENS, write
from publish.build import prepare
from publish.build import write as build_artifact
from publish.job import BuildOptions

TABLES = """
    # Tables

    | Role | Owner |
    |------|-------|
    | Plan | Ana   |

    <table><tr><th>Week</th><th>Goal</th></tr><tr><th>1</th><td>Meet the team</td></tr></table>
    """


def header_scopes(path: Path) -> list[str]:
    """(text order) the /Scope of each /TH in the structure tree."""
    scopes = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
                scopes.append(str(obj.get("/A", pikepdf.Dictionary()).get("/Scope", "none")))
    return scopes


def test_markdown_headers_head_columns_and_a_body_header_heads_its_row(tmp_path: Path) -> None:
    source = write(tmp_path, "tables.md", TABLES)
    job, _ = prepare(source, BuildOptions())
    build_artifact(job, tmp_path / "tables.pdf")
    assert sorted(header_scopes(tmp_path / "tables.pdf")) == ["/Column"] * 4 + ["/Row"]


GUIDES = [ARTICLE, FIXTURES / "kitchen-sink.md", FIXTURES / "rtl-arabic.md", SPECIMENS / "lang-ja.md"]


@pytest.mark.parametrize("source", GUIDES, ids=lambda path: path.stem)
def test_a_pdf_ua_checker_finds_nothing(source: Path, tmp_path: Path) -> None:
    job, _ = prepare(source, BuildOptions())
    build_artifact(job, tmp_path / "guide.pdf")
    checked = subprocess.run([sys.executable, "-m", "pdfua", "check", str(tmp_path / "guide.pdf")],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout


def test_a_link_to_a_sibling_document_opens_its_pdf_by_a_relative_name(tmp_path: Path) -> None:
    write(tmp_path, "travel.md", "# Travel\n\nBook early.\n")
    source = write(tmp_path, "handbook.md", "# Handbook\n\nSee [booking](travel.md).\n")
    job, _ = prepare(source, BuildOptions())
    build_artifact(job, tmp_path / "out" / "handbook.pdf")
    with pikepdf.open(tmp_path / "out" / "handbook.pdf") as pdf:
        actions = [annotation.A for page in pdf.pages for annotation in page.get("/Annots", [])]
    assert [(str(action.S), str(action.F)) for action in actions] == [("/GoToR", "travel.pdf")]
