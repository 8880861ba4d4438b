"""Includes: a line that is only an include shortcode brings in the Markdown file it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import read, texts, write


@pytest.mark.parametrize("line", ["{{< include _part.qmd >}}", '{{% include "_part.qmd" %}}',
                                  "{% include_relative _part.qmd %}"])
def test_an_include_beside_the_document_is_read_in_its_place(tmp_path: Path, line: str) -> None:
    write(tmp_path, "_part.qmd", "Included **text**.\n")
    document, warnings = read(f"# T\n\nBefore.\n\n{line}\n\nAfter.\n", tmp_path)
    assert texts(document.blocks) == ["Before.", "Included text.", "After."] and not warnings


def test_a_jekyll_include_is_looked_for_in_the_includes_folder(tmp_path: Path) -> None:
    write(tmp_path, "_includes/note.md", "> [!TIP]\n> Shared tip.\n")
    document, _ = read("# T\n\n{% include note.md %}\n", tmp_path)
    assert texts(document.blocks) == ["Shared tip."]


def test_an_included_files_front_matter_is_left_out(tmp_path: Path) -> None:
    write(tmp_path, "_part.md", "---\ntitle: Part\n---\nPart text.\n")
    document, _ = read("# T\n\n{{< include _part.md >}}\n", tmp_path)
    assert texts(document.blocks) == ["Part text."]


def test_lines_after_an_include_keep_their_numbers_in_the_document(tmp_path: Path) -> None:
    write(tmp_path, "_part.md", "one\n\ntwo\n\nthree\n")
    _, warnings = read("# T\n\n{{< include _part.md >}}\n\n![](missing.png)\n", tmp_path)
    [warning] = [w for w in warnings if w.code == "image"]
    assert warning.line == 5


def test_a_problem_inside_an_included_file_names_the_include_line(tmp_path: Path) -> None:
    write(tmp_path, "_part.md", "Text.\n\n![](missing.png)\n")
    _, warnings = read("# T\n\nIntro.\n\n{{< include _part.md >}}\n", tmp_path)
    assert [w.line for w in warnings if w.code == "image"] == [5]


def test_a_missing_include_is_left_out_with_a_warning_naming_it(tmp_path: Path) -> None:
    document, warnings = read("# T\n\nText.\n\n{{< include _gone.md >}}\n", tmp_path)
    assert texts(document.blocks) == ["Text."]
    assert [(w.code, w.line) for w in warnings] == [("include", 5)] and "_gone.md" in warnings[0].message


def test_an_include_loop_is_followed_once(tmp_path: Path) -> None:
    write(tmp_path, "_a.md", "A.\n\n{{< include _b.md >}}\n")
    write(tmp_path, "_b.md", "B.\n\n{{< include _a.md >}}\n")
    document, warnings = read("# T\n\n{{< include _a.md >}}\n", tmp_path)
    assert texts(document.blocks) == ["A.", "B."] and [w.code for w in warnings] == ["include"]


def test_an_include_outside_the_documents_folder_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "secret.md", "Secret.\n")
    document, warnings = read("# T\n\nText.\n\n{{< include ../secret.md >}}\n", tmp_path / "docs")
    assert "Secret." not in texts(document.blocks) and [w.code for w in warnings] == ["include"]


def test_an_include_inside_a_code_fence_is_code(tmp_path: Path) -> None:
    write(tmp_path, "_part.md", "Included.\n")
    document, _ = read("# T\n\n```\n{{< include _part.md >}}\n```\n", tmp_path)
    assert "Included." not in texts(document.blocks)
