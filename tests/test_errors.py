"""Clear errors: every message says file:line, what is wrong and how to fix it.

Each case runs the real command line in-process and checks the exit code, the
message, and that yesterday's artifact at the output path is untouched. Cases
that stop before any writer runs use a `.pdf` target; cases that build for
real use `.html`, the quickest artifact.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES, PNG, write
from publish import build, resources
from publish.cli import main
from publish.job import WriteResult
from publish.model.diagnostics import Diagnostic
from publish.theme import available_themes

OLD = b"%PDF-1.7 yesterday's good artifact\n"
PUBLISH = Path(sys.executable).parent / "publish"
needs_writer = pytest.mark.skipif(importlib.util.find_spec("publish.guide.html") is None,
                                  reason="the guide writer (publish.guide.html) is not there yet")


class Run:
    """One in-process run of `publish`: exit code and what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], *args: str | Path) -> None:
        self.code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        assert "Traceback" not in self.err


@pytest.fixture
def artifact(tmp_path: Path) -> Path:
    """Yesterday's good PDF, which no failed build may touch."""
    return write(tmp_path, "build/doc.pdf", OLD)


def doc(tmp_path: Path, text: str | bytes, name: str = "doc.md") -> Path:
    return write(tmp_path, name, text)


def assert_untouched(artifact: Path) -> None:
    assert artifact.read_bytes() == OLD
    assert sorted(p.name for p in artifact.parent.iterdir()) == [artifact.name]


# --------------------------------------------------------------------------- errors: exit 1, nothing written


@pytest.mark.parametrize(("front_matter", "line", "what", "fix"), [
    ('title: "Roles: an overview\nauthor: Ada\n', 2, "a quote opened on this line is never closed", "close the quote"),
    ("title: Roles: an overview\n", 2, "a value contains ': ' without quotes", "in quotes"),
    ("title: T\n\tauthor: Ada\n", 3, "it contains a tab", "indent with spaces"),
    ("title: T\nkeywords: [a, b\n", 4, "expected ',' or ']'", "quoting and indentation"),
    ("title: T\ndate: 2026-13-45\n", 3, "'2026-13-45' is not a real date", "YYYY-MM-DD"),
    ("title: T\ntitle: U\n", 3, "gives 'title' twice", "keep one 'title:' line"),
    ("- just\n- a list\n", 2, "must be 'key: value' lines", "title: My document"),
    ("title: !!python/object:os.system ls\n", 2, "constructor", "remove the '!' tag"),
])
def test_broken_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path,
                             front_matter: str, line: int, what: str, fix: str) -> None:
    source = doc(tmp_path, f"---\n{front_matter}---\n\n# T\n\nText.\n")
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert f"{source}:{line}: error: " in run.err
    assert what in run.err
    assert "fix: " in run.err and fix in run.err
    assert_untouched(artifact)


def test_an_unclosed_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path) -> None:
    source = doc(tmp_path, "---\ntitle: T\n\n# T\n\nText.\n")
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert f"{source}:1: error: the front matter starting on line 1 is never closed" in run.err
    assert "add a line with '---'" in run.err
    assert_untouched(artifact)


def test_broken_toml_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path) -> None:
    source = doc(tmp_path, '+++\ntitle = "T"\nauthor = Ada\n+++\n\nText.\n')
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert f"{source}:3: error: the front matter is not valid TOML" in run.err
    assert 'key = "value"' in run.err
    assert_untouched(artifact)


def test_a_missing_title_is_guessed_with_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   artifact: Path) -> None:
    source = doc(tmp_path, "---\nauthor: Ada\n---\n\n## Only a section\n\nText.\n")
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 0
    assert f"{source}:5: warning: the document has no title: 'Only a section' (its first main heading)" in run.err
    assert "fix: add 'title: ...' to the front matter, or start the text with a '# Title' line" in run.err


def test_a_missing_title_is_an_error_when_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 artifact: Path) -> None:
    source = doc(tmp_path, "---\nauthor: Ada\n---\n\n## Only a section\n\nText.\n")
    run = Run(capsys, source, "-o", artifact, "--strict")
    assert run.code == 1
    assert_untouched(artifact)


def test_a_file_that_is_not_utf8(capsys: pytest.CaptureFixture[str], artifact: Path) -> None:
    run = Run(capsys, FIXTURES / "windows-1252.md", "-o", artifact)
    assert run.code == 1
    assert f"{FIXTURES / 'windows-1252.md'}:5: error: the file is not UTF-8: byte 0x92 at column 10" in run.err
    assert "in Windows-1252 it would be '’'" in run.err
    assert "fix: save the file as UTF-8" in run.err
    assert_untouched(artifact)


def test_a_utf16_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path) -> None:
    source = doc(tmp_path, "# Title\n\nText.\n".encode("utf-16"))
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert f"{source}:1: error: the file is UTF-16, not UTF-8" in run.err
    assert_untouched(artifact)


@pytest.mark.parametrize(("text", "message"), [
    ("", "the document is empty"),
    ("  \n\n\t\n", "the document is empty"),
    ("---\n---\n", "the document is empty"),
    ("---\ntitle: Only a title\n---\n", "the document has a title but no text"),
    ("# Only a title\n", "the document has a title but no text"),
])
def test_an_empty_document(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path,
                           text: str, message: str) -> None:
    source = doc(tmp_path, text)
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert f"error: {message}" in run.err and f"{source}:" in run.err
    assert "fix: write" in run.err
    assert_untouched(artifact)


def test_an_unknown_theme_lists_the_themes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           artifact: Path) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    run = Run(capsys, source, "-o", artifact, "--theme", "corprate")
    assert run.code == 1
    assert "error: unknown theme 'corprate'" in run.err
    themes = available_themes()
    assert "default" in themes
    assert all(name in run.err for name in themes)
    assert "fix: " in run.err
    assert_untouched(artifact)


def test_an_unknown_block_is_kept_with_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 artifact: Path) -> None:
    source = doc(tmp_path, "# T\n\nText.\n\n::: speaker-note\nSay this.\n:::\n")
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 0
    assert f"{source}:5: warning: '::: speaker-note' is not a kind of block publish knows" in run.err
    assert "fix: " in run.err and "'::: notes'" in run.err


def test_an_unclosed_block_runs_to_the_end_with_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          artifact: Path) -> None:
    source = doc(tmp_path, "# T\n\n::: notes\nSay this.\n")
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 0
    assert f"{source}:3: warning: '::: notes' is never closed" in run.err


def test_a_missing_input_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path) -> None:
    run = Run(capsys, tmp_path / "nope.md", "-o", artifact)
    assert run.code == 1
    assert "nope.md: error: the file does not exist" in run.err
    assert_untouched(artifact)


def test_an_input_that_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path) -> None:
    run = Run(capsys, tmp_path, "-o", artifact)
    assert run.code == 1
    assert "is a folder" in run.err
    assert_untouched(artifact)


def test_an_output_folder_that_cannot_exist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    blocker = write(tmp_path, "build", "a file where the folder should be")
    run = Run(capsys, source, "-o", blocker / "doc.html")
    assert run.code == 1
    assert f"{blocker / 'doc.html'}: error: cannot be written" in run.err
    assert "fix: " in run.err


# --------------------------------------------------------------------------- warnings: printed once; --strict fails


WARNINGS = {
    "unknown-key": ("---\ntitle: T\nsubtilte: Typo\n---\n\nText.\n", 3,
                    "unknown front matter key 'subtilte' is ignored", "did you mean 'subtitle'?"),
    "missing-image": ("# T\n\nText.\n\n![A chart](images/chart.png)\n", 5,
                      "picture images/chart.png does not exist", "relative path"),
    "image-outside": ("# T\n\n![Passwords](../../etc/passwd)\n", 3,
                      "../../etc/passwd is outside the document and theme folders", "relative path"),
    "image-site-root": ("# T\n\n![Passwords](/etc/passwd)\n", 3,
                        "picture /etc/passwd does not exist (a path starting with / is read from the document's "
                        "folder)", "relative path"),
    "unsupported-image": ("# T\n\n![A scan](scan.png)\n", 3,
                          "picture scan.png is not a supported format", "relative path"),
    "broken-link": ("# T\n\n## Duties\n\nSee [duties](#dutys).\n", 5,
                    "internal link #dutys points to no heading", "did you mean #duties?"),
    "raw-html": ("# T\n\nText.\n\n<script>alert(1)</script>\n", 5,
                 "raw HTML removed: <script>", "Markdown"),
}


@pytest.fixture(params=sorted(WARNINGS))
def warned(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, int, str, str]:
    text, line, message, fix = WARNINGS[request.param]
    write(tmp_path, "scan.png", b"BM" + bytes(40))  # a BMP named .png
    return doc(tmp_path, text), line, message, fix


@needs_writer
def test_a_warning_is_printed_once_and_the_build_succeeds(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          warned: tuple[Path, int, str, str]) -> None:
    source, line, message, fix = warned
    first, second = tmp_path / "out/a.html", tmp_path / "out/b.html"
    run = Run(capsys, source, "-o", first, "-o", second)
    assert run.code == 0
    assert run.err.count(message) == 1
    assert f"{source}:{line}: warning: {message}" in run.err
    assert fix in run.err
    assert first.is_file() and second.is_file()
    assert "1 warning(s)" in run.out


def test_strict_turns_a_warning_into_an_error_and_keeps_the_artifact(
        capsys: pytest.CaptureFixture[str], artifact: Path, warned: tuple[Path, int, str, str]) -> None:
    source, line, message, fix = warned
    run = Run(capsys, source, "-o", artifact, "--strict")
    assert run.code == 1
    assert run.err.count(message) == 1
    assert f"{source}:{line}: error: {message}" in run.err
    assert fix in run.err
    assert "1 warning and --strict treats warnings as errors; nothing was written" in run.err
    assert_untouched(artifact)


def test_an_unreadable_picture_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(resources, "image_format", refuse)
    write(tmp_path, "chart.png", PNG)
    source = doc(tmp_path, "# T\n\n![A chart](chart.png)\n")
    run = Run(capsys, source, "-o", artifact, "--strict")
    assert run.code == 1
    assert f"{source}:3: error: picture chart.png cannot be read (Permission denied)" in run.err
    assert_untouched(artifact)


def test_strict_lists_every_warning_before_the_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       artifact: Path) -> None:
    source = doc(tmp_path, "---\ntitle: T\ncolour: red\n---\n\n![A](a.png)\n\n[x](#nowhere)\n")
    run = Run(capsys, source, "-o", artifact, "--strict")
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if not line.startswith("  fix:")]
    assert lines == [
        f"{source}:3: error: unknown front matter key 'colour' is ignored",
        f"{source}:6: error: picture a.png does not exist",
        f"{source}:8: error: internal link #nowhere points to no heading",
        f"{source}: error: 3 warnings and --strict treats warnings as errors; nothing was written",
    ]
    assert_untouched(artifact)


@needs_writer
def test_a_failed_strict_build_leaves_the_earlier_real_artifact_byte_for_byte(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = doc(tmp_path, "# Guide\n\nGood text.\n")
    target = tmp_path / "build/guide.html"
    assert Run(capsys, source, "-o", target).code == 0
    before = target.read_bytes()
    doc(tmp_path, "# Guide\n\nNew text with a broken picture.\n\n![Gone](gone.png)\n")
    run = Run(capsys, source, "-o", target, "--strict")
    assert run.code == 1
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["guide.html"]


def fake_writer(diagnostics: list[Diagnostic] | None = None, fail: Exception | None = None):
    """A writer that writes a new artifact, then warns or fails as told."""
    def writer(job: build.Job, temporary: Path, target: Path) -> WriteResult:
        temporary.write_bytes(b"%PDF-1.7 today's artifact")
        if fail is not None:
            raise fail
        return WriteResult(units=1, diagnostics=list(diagnostics or []))

    return writer


def test_a_writer_warning_in_strict_mode_keeps_the_old_artifact(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path, artifact: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    overflow = Diagnostic("overflow", "a table is wider than the page", source, 3, "split the table")
    monkeypatch.setitem(build._WRITERS, "pdf", fake_writer([overflow]))
    run = Run(capsys, source, "-o", artifact, "--strict")
    assert run.code == 1
    assert f"{source}:3: error: a table is wider than the page" in run.err
    assert f"--strict treats warnings as errors; {artifact} keeps its previous version" in run.err
    assert_untouched(artifact)


def test_a_writer_warning_without_strict_replaces_the_artifact(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path, artifact: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    overflow = Diagnostic("overflow", "a table is wider than the page", source, 3, "split the table")
    monkeypatch.setitem(build._WRITERS, "pdf", fake_writer([overflow]))
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 0
    assert run.err.count("a table is wider than the page") == 1
    assert artifact.read_bytes() == b"%PDF-1.7 today's artifact"


def test_a_crashing_writer_is_reported_plainly_and_keeps_the_old_artifact(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, artifact: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    monkeypatch.setitem(build._WRITERS, "pdf", fake_writer(fail=ValueError("bad glyph table")))
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert "internal error while building (ValueError: bad glyph table); earlier artifacts are untouched" in run.err
    assert "PUBLISH_DEBUG=1" in run.err
    assert_untouched(artifact)


def test_a_writer_that_writes_nothing_keeps_the_old_artifact(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              artifact: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    monkeypatch.setitem(build._WRITERS, "pdf", lambda job, temporary, target: WriteResult(units=0))
    run = Run(capsys, source, "-o", artifact)
    assert run.code == 1
    assert "writer produced an empty file" in run.err
    assert_untouched(artifact)


# --------------------------------------------------------------------------- the real program


def test_the_installed_command_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    source = doc(tmp_path, '---\ntitle: "Unclosed\n---\n\nText.\n')
    artifact = write(tmp_path, "build/doc.pdf", OLD)
    done = subprocess.run([PUBLISH, source, "-o", artifact], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{source}:2: error: the front matter is not valid YAML")
    assert "\n  fix: " in done.stderr
    assert "Traceback" not in done.stderr
    assert_untouched(artifact)


def test_the_installed_command_strict_mode_exits_1_and_keeps_the_artifact(tmp_path: Path) -> None:
    source = doc(tmp_path, "# T\n\n![A chart](missing.png)\n")
    artifact = write(tmp_path, "build/doc.pdf", OLD)
    done = subprocess.run([PUBLISH, source, "-o", artifact, "--strict"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"{source}:3: error: picture missing.png does not exist" in done.stderr
    assert "Traceback" not in done.stderr
    assert_untouched(artifact)


def test_the_installed_command_exits_2_on_wrong_usage(tmp_path: Path) -> None:
    source = doc(tmp_path, "# T\n\nText.\n")
    for arguments in ([source], [source, "-o", tmp_path / "doc.docx"]):
        done = subprocess.run([PUBLISH, *arguments], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert "usage: publish" in done.stderr and "Traceback" not in done.stderr


def test_an_input_that_is_a_pipe_is_refused_at_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pipe = tmp_path / "doc.md"
    os.mkfifo(pipe)
    run = Run(capsys, pipe, "-o", tmp_path / "doc.pdf")
    assert run.code == 1 and "not a Markdown file" in run.err


def test_an_input_that_is_a_symlink_loop_is_wrong_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    run = Run(capsys, tmp_path / "a.md", "-o", tmp_path / "doc.pdf")
    assert run.code == 2 and "Symlink loop" in run.err
