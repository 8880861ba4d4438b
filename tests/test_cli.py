"""The command line: pandoc's convention (`publish IN.md -o OUT.ext`), exit codes 0/1/2, one line per artifact."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import write
from publish import __version__, build
from publish.cli import main
from publish.job import WriteResult
from publish.model.diagnostics import Diagnostic


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write(tmp_path, "doc.md", "# A guide\n\nSome text.\n")


@pytest.fixture
def writers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path]]:
    """Stand-in writers that record what they were asked to write (fast, no WeasyPrint)."""
    calls: list[tuple[str, Path]] = []

    def fake(fmt: str):
        def writer(job: build.Job, temporary: Path, target: Path) -> WriteResult:
            calls.append((fmt, target))
            temporary.write_bytes(f"{fmt} of {job.document.meta.title}".encode())
            return WriteResult(units=3)
        return writer

    for fmt in ("pdf", "html", "pptx"):
        monkeypatch.setitem(build._WRITERS, fmt, fake(fmt))
    return calls


def test_help_exits_0_and_explains_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "-o OUTPUT" in out and "--strict" in out and "--theme" in out
    assert "2 wrong usage" in " ".join(out.split())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"publish {__version__}")


def test_no_output_is_wrong_usage(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    code, _, err = run(capsys, source)
    assert code == 2
    assert "the following arguments are required: -o/--output" in err


def test_an_unknown_extension_is_wrong_usage(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    code, _, err = run(capsys, source, "-o", "guide.docx")
    assert code == 2
    assert "cannot tell the format of 'guide.docx': name it .htm, .html, .pdf, .pptx" in err


def test_a_folder_as_output_is_wrong_usage(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out.pdf"
    folder.mkdir()
    code, _, err = run(capsys, source, "-o", folder)
    assert code == 2
    assert "is a folder" in err


@pytest.mark.parametrize("option", [["--paper", "a3"], ["--pdf-variant", "pdf/x"], ["--bogus"]])
def test_bad_options_are_wrong_usage(capsys: pytest.CaptureFixture[str], source: Path, option: list[str]) -> None:
    code, _, err = run(capsys, source, "-o", "x.pdf", *option)
    assert code == 2
    assert "usage: publish" in err


def test_the_format_follows_the_extension(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path,
                                          writers: list[tuple[str, Path]]) -> None:
    targets = [tmp_path / "out/a.pdf", tmp_path / "out/a.PPTX", tmp_path / "out/a.html", tmp_path / "out/b.htm"]
    code, _, _ = run(capsys, source, *[arg for target in targets for arg in ("-o", target)])
    assert code == 0
    assert writers == [("pdf", targets[0]), ("pptx", targets[1]), ("html", targets[2]), ("html", targets[3])]
    assert targets[0].read_bytes() == b"pdf of A guide"


def test_one_line_per_artifact(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path,
                               writers: list[tuple[str, Path]]) -> None:
    code, out, err = run(capsys, source, "-o", tmp_path / "a.pdf", "-o", tmp_path / "a.pptx")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert re.fullmatch(rf"{re.escape(str(tmp_path / 'a.pdf'))}: 3 pages, \d+ KB, \d+\.\d\d s, 0 warning\(s\)", first)
    assert second.startswith(f"{tmp_path / 'a.pptx'}: 3 slides, ")


def test_quiet_prints_nothing_on_success(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path,
                                         writers: list[tuple[str, Path]]) -> None:
    assert run(capsys, source, "-o", tmp_path / "a.pdf", "-q") == (0, "", "")


def test_quiet_still_prints_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     writers: list[tuple[str, Path]]) -> None:
    source = write(tmp_path, "doc.md", "# T\n\n![A](missing.png)\n")
    code, out, err = run(capsys, source, "-o", tmp_path / "a.pdf", "-q")
    assert (code, out) == (0, "")
    assert "warning: picture missing.png does not exist" in err


def test_warnings_are_counted_on_each_artifact_line_and_printed_once(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, writers: list[tuple[str, Path]]) -> None:
    source = write(tmp_path, "doc.md", "# T\n\n![A](missing.png)\n")
    code, out, err = run(capsys, source, "-o", tmp_path / "a.pdf", "-o", tmp_path / "a.pptx")
    assert code == 0
    assert err.count("missing.png does not exist") == 1
    assert [line.endswith("1 warning(s)") for line in out.splitlines()] == [True, True]


def test_the_output_folder_is_created(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path,
                                      writers: list[tuple[str, Path]]) -> None:
    target = tmp_path / "build" / "default" / "doc.pdf"
    assert run(capsys, source, "-o", target, "-q")[0] == 0
    assert target.is_file()


def test_allow_remote_reaches_the_sandbox(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          writers: list[tuple[str, Path]]) -> None:
    source = write(tmp_path, "doc.md", "# T\n\n![A logo](https://example.org/logo.png)\n")
    code, _, err = run(capsys, source, "-o", tmp_path / "a.pdf", "--strict")
    assert code == 1 and "--allow-remote" in err
    code, _, err = run(capsys, source, "-o", tmp_path / "a.pdf", "--strict", "--allow-remote")
    assert (code, err) == (0, "")


def test_html_output_is_real_html(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    target = tmp_path / "doc.html"
    code, out, _ = run(capsys, source, "-o", target)
    assert code == 0
    assert out.startswith(f"{target}: ")
    assert "Some text." in target.read_text(encoding="utf-8")


def test_python_dash_m_publish_runs_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "publish", "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, f"publish {__version__}")


def test_a_warning_repeated_by_a_writer_is_printed_and_counted_once(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path, "doc.md", "# T\n\nPress ![gear](gear.png) now.\n")

    def writer(job: build.Job, temporary: Path, target: Path) -> WriteResult:
        temporary.write_bytes(b"pdf")
        again = Diagnostic("picture", "picture gear.png does not exist", source, 3, "another wording of the fix")
        return WriteResult(units=1, diagnostics=[again])

    monkeypatch.setitem(build._WRITERS, "pdf", writer)
    code, out, err = run(capsys, source, "-o", tmp_path / "a.pdf")
    assert code == 0
    assert err.count("picture gear.png does not exist") == 1
    assert out.rstrip().endswith("1 warning(s)")


def test_a_theme_in_a_themes_folder_is_found_and_extends_a_shipped_one(
        capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    themes = tmp_path / "our-themes"
    write(themes / "brand", "theme.yaml", 'name: Brand\nextends: default\ncolors:\n  accent: "#8A2BE2"\n')
    target = tmp_path / "doc.html"
    code, _, err = run(capsys, source, "-o", target, "--theme", "brand", "--themes", themes)
    assert code == 0, err
    assert "#8A2BE2" in target.read_text(encoding="utf-8")


def test_a_themes_folder_that_does_not_exist_is_wrong_usage(
        capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, source, "-o", tmp_path / "doc.pdf", "--themes", tmp_path / "nowhere")
    assert code == 2
    assert "nowhere: no such folder" in err
