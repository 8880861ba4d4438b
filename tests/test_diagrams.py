"""Diagrams drawn offline in the theme's colours: figures in both artifacts, code when they cannot be."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from helpers import only, read, write
from publish import diagrams
from publish.cli import main as publish
from publish.diagrams import description, draw_diagrams
from publish.model.document import CodeBlock, Diagram, Figure
from publish.theme import load_theme

THEME = load_theme("default")
GRAPH = "# Flows\n\n```dot\ndigraph { request -> approve }\n```\n"
FLOW = "# Flows\n\n```mermaid\nflowchart LR\n  A[Request leave] --> B{Manager approves?}\n```\n"
needs_dot = pytest.mark.skipif(diagrams._renderer("graphviz") is None, reason="needs Graphviz (make installs it)")
needs_mermaid = pytest.mark.skipif(diagrams._renderer("mermaid") is None, reason="needs mermaid-cli (make)")


def drawn(markdown: str, folder: Path) -> tuple[list, list[str]]:
    document, _ = read(markdown)
    document, found, _ = draw_diagrams(document, THEME, folder)
    return list(document.blocks), [d.message for d in found]


@needs_dot
def test_a_graphviz_diagram_becomes_an_svg_figure_in_the_themes_colours_and_font(tmp_path: Path) -> None:
    blocks, found = drawn(GRAPH, tmp_path)
    [figure] = only(tuple(blocks), Figure)
    svg = figure.path.read_text()
    assert found == [] and figure.number == 1
    assert THEME.colors["primary"].lower() in svg.lower() and THEME.font("body").family in svg


def test_a_diagram_nobody_described_is_described_by_its_labels() -> None:
    [diagram] = only(read(FLOW)[0].blocks, Diagram)
    assert description(diagram, "Figure") == "Figure (mermaid): Request leave, Manager approves?"


def test_mermaids_own_accessible_title_and_description_are_its_alt_text() -> None:
    source = "# T\n\n```mermaid\ngraph TD;\n  accTitle: the diamond\n  accDescr: four nodes\n  A-->B;\n```\n"
    [diagram] = only(read(source)[0].blocks, Diagram)
    assert description(diagram, "Figure") == "the diamond: four nodes"


@needs_dot
def test_a_diagram_with_a_syntax_error_is_shown_as_code_with_its_line(tmp_path: Path) -> None:
    blocks, _ = drawn("# Flows\n\n```dot\ndigraph {\n  a -> -> b\n}\n```\n", tmp_path)
    document, _ = read("# Flows\n\n```dot\ndigraph {\n  a -> -> b\n}\n```\n")
    _, found, _ = draw_diagrams(document, THEME, tmp_path)
    [code] = only(tuple(blocks), CodeBlock)
    assert code.language == "graphviz" and "a -> -> b" in code.code
    [problem] = found
    assert "cannot be drawn: Error: <stdin>: syntax error in line 2" in problem.message
    assert problem.line == 5


def test_without_its_renderer_a_diagram_is_shown_as_code_with_one_warning(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diagrams, "_renderer", lambda kind: None)
    blocks, found = drawn(FLOW + FLOW.replace("# Flows", ""), tmp_path)
    assert len(only(tuple(blocks), CodeBlock)) == 2
    assert found == ["mermaid-cli (mmdc) is not installed: mermaid diagrams are shown as their source"]


@needs_dot
def test_a_diagram_is_drawn_once_per_source_and_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn(GRAPH, tmp_path)

    def no_renderer(*args: object, **kwargs: object) -> None:
        raise AssertionError("the renderer ran again")

    monkeypatch.setattr(subprocess, "run", no_renderer)
    [figure] = only(tuple(drawn(GRAPH, tmp_path)[0]), Figure)
    assert figure.path.is_file()


@needs_mermaid
def test_mermaid_labels_are_svg_text_at_the_size_they_were_drawn(tmp_path: Path) -> None:
    [figure] = only(tuple(drawn(FLOW, tmp_path)[0]), Figure)
    svg = figure.path.read_text()
    assert "foreignObject" not in svg and 'width="100%"' not in svg
    assert ">Request<" in svg and "> leave<" in svg  # SVG text, a word per tspan


@needs_dot
def test_a_diagram_is_a_described_picture_in_both_artifacts(tmp_path: Path) -> None:
    source = write(tmp_path, "flows.md", "---\ntitle: Flows\n---\n" + GRAPH.replace("```dot", '```dot alt="Two steps"'))
    pdf, deck = tmp_path / "flows.pdf", tmp_path / "flows.pptx"
    assert publish([str(source), "-o", str(pdf), "-o", str(deck), "-q"]) == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "request" in text and "digraph" not in text  # the drawing's words are text; its source is gone
    pictures = [s._element for slide in Presentation(str(deck)).slides for s in slide.shapes
                if s._element.tag.endswith("}pic")]
    assert [p.nvPicPr.cNvPr.get("descr") for p in pictures] == ["Two steps"]
