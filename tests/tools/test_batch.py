"""What `make` runs: every document of a folder built by name, rebuilt only when out of date, and a
Makefile that no file name or variable can make run code."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT
from publish.tools.batch import main

DOCUMENT = "---\ntitle: Odd\nlang: en\n---\n# Odd\n\nText.\n"
ODD_NAMES = ["my policy.md", "$(touch${IFS}PWNED).md", "`touch PWNED`.md", "Ürlaub; rm -rf x.md", "'quote'.md"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_documents_with_any_name_are_built_and_run_nothing(project: Path) -> None:
    for name in ODD_NAMES:
        (project / "source" / name).write_text(DOCUMENT, encoding="utf-8")
    assert main(["source", "build"]) == 0
    built = sorted(path.name for path in (project / "build").iterdir() if not path.name.startswith("."))
    assert built == sorted(f"{Path(name).stem}{suffix}" for name in ODD_NAMES for suffix in (".pdf", ".pptx"))
    assert not list(project.rglob("PWNED"))


def test_only_what_is_out_of_date_is_rebuilt(project: Path) -> None:
    for name in ("a.md", "b.md"):
        (project / "source" / name).write_text(DOCUMENT, encoding="utf-8")
    assert main(["source", "build", "--formats", "pdf"]) == 0
    before = {name: (project / "build" / name).stat().st_mtime_ns for name in ("a.pdf", "b.pdf")}
    later = before["a.pdf"] / 1e9 + 5
    os.utime(project / "source" / "a.md", (later, later))
    assert main(["source", "build", "--formats", "pdf"]) == 0
    assert (project / "build" / "a.pdf").stat().st_mtime_ns != before["a.pdf"]
    assert (project / "build" / "b.pdf").stat().st_mtime_ns == before["b.pdf"]


def test_a_picture_in_a_folder_of_the_sources_makes_everything_stale(project: Path) -> None:
    (project / "source" / "a.md").write_text(DOCUMENT, encoding="utf-8")
    assert main(["source", "build", "--formats", "pptx"]) == 0
    built = (project / "build" / "a.pptx").stat().st_mtime_ns
    picture = project / "source" / "my pictures" / "chart 1.svg"
    picture.parent.mkdir()
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8")
    later = built / 1e9 + 5
    os.utime(picture, (later, later))
    assert main(["source", "build", "--formats", "pptx"]) == 0
    assert (project / "build" / "a.pptx").stat().st_mtime_ns != built


def test_changed_options_rebuild_and_a_failed_document_does_not_stop_the_others(project: Path) -> None:
    (project / "source" / "good.md").write_text(DOCUMENT, encoding="utf-8")
    (project / "source" / "bad.md").write_text("", encoding="utf-8")
    assert main(["source", "build", "--formats", "pdf"]) == 1
    assert (project / "build" / "good.pdf").is_file() and not (project / "build" / "bad.pdf").exists()
    assert (project / "build" / ".options").read_text(encoding="utf-8") == "--theme default\n"
    main(["source", "build", "--formats", "pdf", "--paper", "letter"])
    assert (project / "build" / ".options").read_text(encoding="utf-8") == "--theme default --paper letter\n"


@pytest.mark.parametrize("variable", ["THEME=x;touch PWNED", "THEME=$$(touch PWNED)", "PAPER=a4;touch PWNED",
                                      "THEME=default executive"])
def test_make_refuses_a_theme_or_paper_that_is_not_one_before_any_shell_sees_it(tmp_path: Path,
                                                                                  variable: str) -> None:
    result = subprocess.run(["make", "-n", "-C", str(ROOT), variable], capture_output=True, text=True, cwd=tmp_path,
                            check=False)
    assert result.returncode != 0 and ("THEME must be" in result.stderr or "PAPER must be" in result.stderr)
    assert not list(tmp_path.rglob("PWNED")) and not (ROOT / "PWNED").exists()
