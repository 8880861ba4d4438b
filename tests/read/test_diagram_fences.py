"""Diagram fences: Mermaid and Graphviz sources kept whole, numbered with the figures."""

from __future__ import annotations

from helpers import only, read
from publish.model.document import CodeBlock, Diagram, Figure


def test_a_mermaid_fence_is_a_diagram_numbered_with_the_figures() -> None:
    document, _ = read('# T\n\n![A chart](chart.png)\n\n```mermaid title="Leave flow"\nflowchart LR\n  A --> B\n```\n')
    [diagram] = only(document.blocks, Diagram)
    assert (diagram.kind, diagram.source, diagram.number, diagram.id) == ("mermaid", "flowchart LR\n  A --> B", 2,
                                                                           "figure-2")
    assert diagram.alt == "Leave flow" and diagram.line == 5


def test_dot_and_graphviz_fences_are_graphviz_diagrams() -> None:
    document, _ = read("# T\n\n```dot\ndigraph { a -> b }\n```\n\n```graphviz alt=\"Two nodes\"\ngraph { a }\n```\n")
    assert [(d.kind, d.alt) for d in only(document.blocks, Diagram)] == [("graphviz", ""), ("graphviz", "Two nodes")]


def test_a_quarto_diagram_cells_caption_and_alt_text_are_kept() -> None:
    source = "# T\n\n```{mermaid}\n%%| label: fig-flow\n%%| fig-cap: \"How leave is approved\"\n" \
             "%%| fig-alt: A request goes to the manager\nflowchart LR\n  A --> B\n```\n"
    [diagram] = only(read(source)[0].blocks, Diagram)
    assert diagram.alt == "A request goes to the manager"
    assert [t.text for t in diagram.caption] == ["How leave is approved"]
    assert diagram.source.strip().endswith("A --> B") and "%%|" not in diagram.source


def test_a_mermaid_fence_shown_inside_a_longer_fence_stays_code() -> None:
    document, _ = read("# T\n\n````md\n```mermaid\ngraph TD\n```\n````\n")
    assert not only(document.blocks, Diagram) and not only(document.blocks, Figure)
    [code] = only(document.blocks, CodeBlock)
    assert "```mermaid" in code.code
