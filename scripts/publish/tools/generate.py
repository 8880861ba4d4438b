"""Specimen documents for the benchmark: a long guide, a long deck, a catalogue, a technical lesson.

The article in source/ is one size; the performance targets are about other
sizes (300 pages, 150 slides, 20 documents). These specimens use every block
the reader knows (sections, lists, tables, figures, callouts, speaker notes)
so the writers do their usual work, and they are made from a seed so every
run measures the same text. They are written into a temporary folder at bench
time and never into source/.

    python -m publish.tools.generate guide 300 /tmp/specimens   # -> /tmp/specimens/guide-300.md
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path

# Words of the article's register, so line breaking and hyphenation look like real text.
VOCABULARY = (
    "product roadmap engineering team architecture customer value delivery requirement stakeholder "
    "release scalability performance security latency reliability feedback metric discovery "
    "specification interface service platform budget priority trade-off decision review planning "
    "design quality support market strategy iteration backlog dependency milestone risk technical "
    "debt integration deployment monitoring incident analysis outcome objective capability skill "
    "communication alignment ownership documentation workflow process system data user growth"
)
WORDS = tuple(VOCABULARY.split())
FIGURE = "images/specimen.svg"
FIGURE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675" width="1200" height="675">
  <rect width="1200" height="675" fill="#F2F6FA"/>
  <rect x="80" y="420" width="160" height="180" fill="#1F4E79"/>
  <rect x="320" y="300" width="160" height="300" fill="#2A7F8F"/>
  <rect x="560" y="200" width="160" height="400" fill="#1F4E79"/>
  <rect x="800" y="120" width="160" height="480" fill="#C05A0C"/>
  <text x="600" y="80" font-size="48" text-anchor="middle" fill="#1F2933">Quarterly delivery</text>
</svg>
"""
# Measured on the default theme (A4, 10.5 pt): one `_section` fills about a page and a half.
PAGES_PER_SECTION = 1.5
SLIDES_PER_TOPIC = 2  # a slide topic is one H2: its bullets, and a table slide after it


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 22)) for _ in range(sentences))


def _front_matter(title: str) -> str:
    return (f"---\ntitle: {title}\nsubtitle: A generated specimen for the benchmark\n"
            "author: Benchmark\norganisation: Example Corp\nversion: \"1.0\"\ndate: 2026-01-01\nlang: en\n---\n\n")


def _table(rng: random.Random, rows: int) -> str:
    lines = ["| Measure | Owner | Status |", "|---|---|---|"]
    lines += [f"| {_sentence(rng, 3)} | {rng.choice(WORDS).title()} | {rng.choice(WORDS)} |" for _ in range(rows)]
    return "\n".join(lines)


def _section(rng: random.Random, number: int) -> str:
    """A typical guide section: prose, bullets, a table, a callout, sometimes a figure, speaker notes."""
    bullets = "\n".join(f"- **{rng.choice(WORDS).title()}:** {_sentence(rng, 12)}" for _ in range(4))
    parts = [
        f"## {number}. {_sentence(rng, 4)[:-1]}",
        _paragraph(rng),
        _paragraph(rng, 4),
        bullets,
        f"### {number}.1 {_sentence(rng, 3)[:-1]}",
        _paragraph(rng),
        _table(rng, 4),
        f"> [!NOTE]\n> {_sentence(rng, 20)}",
        _paragraph(rng, 4),
    ]
    if number % 3 == 0:
        parts.append(f"![{_sentence(rng, 6)[:-1]}]({FIGURE})")
    parts.append(f"::: notes\n- {_sentence(rng, 10)}\n- {_sentence(rng, 10)}\n:::")
    return "\n\n".join(parts)


def guide(pages: int, seed: int = 7) -> str:
    """A guide of about `pages` pages on the default theme."""
    rng = random.Random(seed)
    sections = max(1, round(pages / PAGES_PER_SECTION))
    body = "\n\n".join(_section(rng, n) for n in range(1, sections + 1))
    return f"{_front_matter(f'Specimen guide of {pages} pages')}# Specimen guide\n\n{_paragraph(rng)}\n\n{body}\n"


def deck(slides: int, seed: int = 11) -> str:
    """A training deck of about `slides` slides: short sections of bullets, tables and notes."""
    rng = random.Random(seed)
    topics = []
    for number in range(1, max(1, slides // SLIDES_PER_TOPIC) + 1):
        bullets = "\n".join(f"- {_sentence(rng, 7)}" for _ in range(4))
        topics.append(f"## {_sentence(rng, 4)[:-1]} {number}\n\n{bullets}\n\n"
                      f"::: notes\n- {_sentence(rng, 12)}\n:::\n\n### In numbers\n\n{_table(rng, 3)}")
    return f"{_front_matter(f'Specimen deck of {slides} slides')}# Specimen deck\n\n" + "\n\n".join(topics) + "\n"


FORMULAS = (r"E = mc^2", r"\frac{a + b}{2}", r"\sum_{i=1}^{n} x_i^2", r"\sqrt{x^2 + y^2}",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\int_0^1 f(x)\,dx",
            r"\begin{cases} x + y = 1 \\ x - y = 0 \end{cases}", r"\alpha \leq \beta_k")
CODE = (
    "def release(version: str) -> bool:\n    # ship only what passed review\n"
    "    return checks.passed(version) and version.startswith(\"v\")\n",
)


DIAGRAMS = (
    "```dot\ndigraph { rankdir=LR; draft -> review -> release; review -> draft [label=\"changes\"] }\n```",
    "```mermaid\nflowchart LR\n  A[Request] --> B{Approved?}\n  B -->|yes| C[Release]\n  B -->|no| A\n```",
    "```graphviz\ngraph { team -- lead; team -- trainer; lead -- HR }\n```",
)


def technical(formulas: int = 20, code_blocks: int = 10, plain: bool = False, seed: int = 13) -> str:
    """A training text with `formulas` formulas (half displayed), `code_blocks` highlighted code
    blocks and three diagrams; `plain` gives the same text with them left out, the baseline their
    cost is measured against."""
    rng = random.Random(seed)
    sections = []
    for number in range(1, code_blocks + 1):
        parts = [f"## {_sentence(rng, 3)[:-1]} {number}", _paragraph(rng, 3)]
        for index in range(formulas // code_blocks):
            tex, sentence = FORMULAS[(number + index) % len(FORMULAS)], _sentence(rng, 8)[:-1]
            if index % 2 == 0:  # a formula in running text: the sentence stays in the baseline
                parts.append(f"{sentence}." if plain else f"{sentence} ${tex}$.")
            elif not plain:
                parts.append(f"$$\n{tex}\n$$")
        if not plain:
            parts.append(f"```python\n{CODE[0]}```")
            if number <= len(DIAGRAMS):
                parts.append(DIAGRAMS[number - 1])
        parts.append(_paragraph(rng, 2))
        sections.append("\n\n".join(parts))
    return f"{_front_matter('Specimen lesson')}# Specimen lesson\n\n" + "\n\n".join(sections) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    """Write one specimen and the picture it links to; return the Markdown file."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / FIGURE).write_text(FIGURE_SVG, encoding="utf-8")
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def catalogue(folder: Path, count: int = 20, pages: int = 6) -> list[Path]:
    """`count` different article-sized documents, as an HR library holds them."""
    return [write(folder, f"doc-{n:02d}", guide(pages, seed=n)) for n in range(1, count + 1)]


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m publish.tools.generate", description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=("guide", "deck", "catalogue"))
    p.add_argument("size", type=int, help="pages (guide, catalogue documents), slides (deck)")
    p.add_argument("folder", type=Path)
    args = p.parse_args(argv)
    if args.kind == "catalogue":
        paths = catalogue(args.folder, pages=args.size)
    else:
        maker = guide if args.kind == "guide" else deck
        paths = [write(args.folder, f"{args.kind}-{args.size}", maker(args.size))]
    print("\n".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
