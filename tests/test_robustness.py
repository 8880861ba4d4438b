"""Random Markdown through both writers (hypothesis): nothing crashes, both artifacts are valid,
and no slide text overflows its box.

The documents nest lists in lists in callouts in audience blocks, and carry
tables with random (and ragged) cells, long words and URLs, emoji, mixed
scripts, stray HTML and odd front matter. The only acceptable failure is a
BuildError that says what is wrong and how to fix it. Examples are drawn from
a fixed seed (derandomize) so CI sees the same documents every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation

from helpers import PNG, SCHEMA_CHECK, SVG
from publish.build import prepare
from publish.build import write as build_artifact
from publish.cli import main as publish
from publish.deck.fit import Measure, Style
from publish.deck.geometry import Geometry, load_geometry
from publish.deck.model import Box, Deck, Para, TextFrame
from publish.deck.plan import plan_deck
from publish.job import BuildOptions
from publish.model.diagnostics import BuildError
from publish.theme import Theme

# Shrinking a failure costs minutes of builds; the failing document is printed whole instead.
# PUBLISH_SHRINK=1 turns shrinking on when a smaller example is worth the wait.
PHASES = tuple(Phase) if os.environ.get("PUBLISH_SHRINK") else (Phase.explicit, Phase.generate)
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None, phases=PHASES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])
EPSILON = 0.01  # points: float noise when re-adding heights the planner added


# --------------------------------------------------------------------------- words and inlines

PLAIN = ["the", "product", "manager", "writes", "a", "roadmap", "for", "engineers", "and", "customers",
         "measures", "quality", "risk", "release", "team", "budget", "Q3", "2026", "v1.2", "API", "—", "e.g."]
SCRIPTS = ["Ελληνικά", "ποιότητα", "Русский", "качество", "العربية", "الجودة", "עברית", "איכות", "中文",
           "技术产品经理", "日本語", "テクニカル", "한국어", "हिन्दी", "ภาษาไทย", "Ünïcödé", "naïve", "façade", "straße"]
EMOJI = ["🚀", "✅", "💡", "🎉", "👩‍💻", "🇩🇪", "❤️", "👍🏽", "🧑‍🤝‍🧑", "⚠️", "1️⃣"]
STRAY = ["<b>", "</i>", "<div>", "</div>", "<br>", "<span style='color:red'>x</span>", "<script>alert(1)</script>",
         "<img src=missing.png>", "<img src='/etc/passwd'>", "<!-- note -->", "&nbsp;", "&amp;", "&#0;", "&bogus;",
         "<a href='javascript:x()'>j</a>", "<table><tr><td>t</td></tr></table>", "<iframe src=x>", "<",
         ">", "&", "*", "_", "`", "\\", "[", "]", "#", "{", "}", ":::", "[^9]", "|", "~~", "$$", "%", "\t"]
LONG_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzäöüß"), min_size=30, max_size=90)
URL = st.builds(lambda path: f"https://example.com/{path}?q=1&r=2#frag",
                st.text(st.sampled_from("abcdefghij/-_."), min_size=0, max_size=120))
WORD = st.one_of(st.sampled_from(PLAIN), st.sampled_from(PLAIN), st.sampled_from(SCRIPTS), st.sampled_from(EMOJI),
                 st.sampled_from(STRAY), LONG_WORD, URL)


LINKS = ["https://example.org", "#nowhere", "notes.txt", "mailto:a@b.c", "http://[oops", "ftp://example.org/f"]
PICTURES = ["images/chart.png", "picture.svg", "missing.png", "damaged.png", "http://[::1/a.png"]


@st.composite
def inline(draw: st.DrawFn) -> str:
    word = draw(WORD)
    kind = draw(st.sampled_from(["plain"] * 6 + ["bold", "italic", "code", "link", "picture", "anchor", "strike"]))
    return {
        "plain": word, "bold": f"**{word}**", "italic": f"*{word}*", "code": f"`{word}`", "strike": f"~~{word}~~",
        "link": f"[{word}]({draw(st.sampled_from(LINKS))})", "picture": f"![{word}]({draw(st.sampled_from(PICTURES))})",
        "anchor": f"[{word}](#{draw(st.sampled_from(['section', 'figure-1', 'x']))})",
    }[kind]


def sentence(min_size: int = 1, max_size: int = 14) -> st.SearchStrategy[str]:
    return st.lists(inline(), min_size=min_size, max_size=max_size).map(" ".join)


def cell() -> st.SearchStrategy[str]:
    return sentence(0, 6).map(lambda text: text.replace("|", "\\|").replace("\n", " "))


# --------------------------------------------------------------------------- blocks


def indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else line.rstrip() for line in text.split("\n"))


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 6))
    header = [draw(cell()) for _ in range(columns)]
    aligns = [draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in range(columns)]
    rows = [[draw(cell()) for _ in range(draw(st.integers(1, columns + 1)))] for _ in range(draw(st.integers(0, 9)))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    caption = draw(st.sampled_from(["", "\n\nTable: " + draw(sentence(1, 4))]))
    return "\n".join(lines) + caption


@st.composite
def a_list(draw: st.DrawFn, depth: int) -> str:
    ordered = draw(st.booleans())
    items = []
    for number in range(1, draw(st.integers(1, 5)) + 1):
        marker = f"{number}. " if ordered else draw(st.sampled_from(["- ", "* ", "+ "]))
        item = marker + draw(sentence())
        if depth > 0 and draw(st.integers(0, 2)) == 0:
            item += "\n\n" + indent(draw(st.one_of(a_list(depth - 1), block(depth - 1))), "    ")
        items.append(item)
    return "\n".join(items)


@st.composite
def callout(draw: st.DrawFn, depth: int) -> str:
    kind = draw(st.sampled_from(["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "NOPE", "note"]))
    title = draw(st.sampled_from(["", " " + draw(sentence(1, 4))]))
    inner = "\n\n".join(draw(st.lists(block(depth - 1), min_size=1, max_size=3)))
    return indent(f"[!{kind}]{title}\n{inner}", "> ")


@st.composite
def audience(draw: st.DrawFn, depth: int) -> str:
    name = draw(st.sampled_from(["notes", "slides", "print"] * 3 + ["handout"]))
    inner = "\n\n".join(draw(st.lists(block(depth - 1), min_size=1, max_size=3)))
    closing = draw(st.sampled_from([":::", ":::", ":::", ""]))  # sometimes left open
    return f"::: {name}\n{inner}\n{closing}"


@st.composite
def block(draw: st.DrawFn, depth: int = 3) -> str:
    simple = [
        st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 6), sentence(1, 8)),
        sentence(1, 40), sentence(1, 40), table(),
        st.builds(lambda lang, code: f"```{lang}\n{code}\n```", st.sampled_from(["", "python", "yaml"]),
                  st.text(min_size=0, max_size=200).map(lambda t: t.replace("```", "'''"))),
        st.sampled_from(STRAY).map(lambda tag: f"{tag} stray\n"),
        st.sampled_from(["---", "***", "![Chart of the quarter](images/chart.png)", "![](missing.png)",
                         "![A damaged picture](damaged.png)",
                         "![A drawing](picture.svg)", "Term\n:   Its definition.", "Text[^1].\n\n[^1]: A footnote.",
                         "> quoted " + "text " * 30]),
    ]
    if depth > 0:
        simple += [a_list(depth), callout(depth), audience(depth)]
    return draw(st.one_of(simple))


# --------------------------------------------------------------------------- front matter

LANG = st.sampled_from(["en", "de", "ar", "he-IL", "zh-CN", "ja", "ru", "el", "fr-CA", "xx", "en_GB", "not a lang",
                        "", "12"])
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=False),
                   sentence(1, 6), st.sampled_from(["", " ", "~", "null", "2026-02-30", "1.0", "yes"]))


ODD_FIELDS: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("lang", LANG), ("date", st.one_of(st.dates(), SCALAR)), ("version", SCALAR),
    ("author", st.one_of(SCALAR, st.lists(sentence(1, 3), max_size=3))),
    ("keywords", st.one_of(SCALAR, st.lists(SCALAR, max_size=4))),
    ("source", st.one_of(SCALAR, st.fixed_dictionaries({"name": SCALAR, "url": st.one_of(URL, SCALAR)}))),
    ("subtitle", SCALAR), ("classification", SCALAR), ("audience", SCALAR),
    ("pdf_variant", st.sampled_from(["pdf/ua-1", "pdf/a-3b", "pdf/x-4", "none"])),
    ("titel", SCALAR), ("theme", SCALAR), ("nested", st.dictionaries(st.text(max_size=5), SCALAR, max_size=3)),
]


@st.composite
def fields(draw: st.DrawFn, title: bool) -> dict[str, Any]:
    """Front matter keys, each present one time in four, with odd values; a title when asked for."""
    found: dict[str, Any] = {"title": draw(sentence(1, 8))} if title else {}
    for key, value in ODD_FIELDS:
        if draw(st.integers(0, 3)) == 0:
            found[key] = draw(value)
    return found


def as_yaml(values: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False) + "---\n\n"


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Any front matter: missing titles, odd values, TOML, none at all, broken or unclosed YAML."""
    values = draw(fields(title=draw(st.integers(0, 5)) > 0))
    if draw(st.integers(0, 5)) == 0:
        values["title"] = draw(SCALAR)
    style = draw(st.sampled_from(["yaml"] * 6 + ["toml", "none", "broken", "unclosed", "list", "empty"]))
    if style == "yaml":
        return as_yaml(values)
    if style == "toml":
        pairs = "".join(f'{key} = "{value!s}"\n'.replace("\\", "") for key, value in values.items()
                        if not isinstance(value, (dict, list)))
        return f"+++\n{pairs}+++\n\n"
    return {"none": "", "broken": "---\ntitle: [unclosed\n  - : :\n---\n\n", "unclosed": "---\ntitle: Open\n\n",
            "list": "---\n- a\n- b\n---\n\n", "empty": "---\n---\n\n"}[style]


@st.composite
def document(draw: st.DrawFn) -> str:
    """A buildable document, mostly: a title, odd front matter values, an intro and up to four sections."""
    head = as_yaml(draw(fields(title=True))) if draw(st.integers(0, 7)) else draw(front_matter())
    title = draw(st.sampled_from(["", "# " + draw(sentence(1, 6)) + "\n\n"]))
    sections = []
    for _ in range(draw(st.integers(0, 4))):
        blocks = draw(st.lists(block(), min_size=0, max_size=4))
        sections.append("## " + draw(sentence(1, 6)) + " {#section}\n\n" + "\n\n".join(blocks))
    intro = draw(st.lists(block(), min_size=0 if sections else 1, max_size=2))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return (head + title + "\n\n".join([*intro, *sections]) + "\n").replace("\n", newline)


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Outcome:
    pdf: Path
    deck: Path
    plan: Deck
    theme: Theme


@contextmanager
def built(markdown: str, name: str = "doc.md") -> Iterator[Outcome | BuildError]:
    """Build `markdown` to a PDF and a deck in a fresh folder with a picture, an SVG and a damaged PNG beside it."""
    with tempfile.TemporaryDirectory(prefix="robust-") as folder:
        base = Path(folder)
        (base / "images").mkdir()
        Image.new("RGB", (320, 180), "teal").save(base / "images" / "chart.png")
        (base / "picture.svg").write_text(SVG, encoding="utf-8")
        (base / "damaged.png").write_bytes(PNG)  # a PNG signature and nothing a decoder can use
        source = base / name
        source.write_bytes(markdown.encode("utf-8", "surrogatepass"))
        try:
            job, _ = prepare(source, BuildOptions())
            build_artifact(job, base / "out.pdf")
            build_artifact(job, base / "out.pptx")
        except BuildError as exc:
            yield exc
            return
        yield Outcome(base / "out.pdf", base / "out.pptx", plan_deck(job.document, job.theme)[0], job.theme)


def assert_clear(exc: BuildError) -> None:
    """An error an author can act on: an error about a file, what is wrong and how to fix it."""
    diagnostic = exc.diagnostic
    assert diagnostic.severity == "error"
    assert diagnostic.path is not None
    assert diagnostic.message.strip() and diagnostic.fix and diagnostic.fix.strip(), str(diagnostic)
    assert "Traceback" not in diagnostic.message


def assert_valid_pdf(path: Path) -> None:
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 1
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def assert_valid_deck(path: Path, slides: int) -> None:
    assert len(Presentation(str(path)).slides) == slides
    if SCHEMA_CHECK is not None:
        check = subprocess.run([sys.executable, str(SCHEMA_CHECK), str(path)], capture_output=True, text=True,
                               check=False)
        assert check.returncode == 0, check.stdout + check.stderr


def text_width(box: Box, para: Para, geometry: Geometry) -> float:
    """The width a paragraph wraps in: its box less the indent of its level (as the planner sets it)."""
    levels = geometry.levels
    if para.kind == "plain":
        return box.text_width - (levels[para.level - 1].margin if para.level > 0 else 0.0)
    return box.text_width - levels[min(para.level, len(levels) - 1)].margin


def frame_height(frame: TextFrame, measure: Measure, geometry: Geometry) -> float:
    style = Style("heading", bold=geometry.title_bold) if frame.role in ("title", "number") else Style("body")
    heights = [measure.wrap(para.runs, text_width(frame.box, para, geometry), style, frame.size).height
               for para in frame.paragraphs]
    return sum(heights) + frame.size * geometry.paragraph_space * max(0, len(heights) - 1)


def overflows(deck: Deck, theme: Theme) -> list[str]:
    """Every planned text taller than its box, every cell taller than its row, every box off the slide."""
    geometry = load_geometry(theme)
    measure = Measure(theme, geometry.line_spacing)
    width, height = geometry.slide
    found = []
    footer = deck.footer
    for para in footer.paragraphs:
        if measure.wrap(para.runs, footer.box.text_width, Style("body"), footer.size).lines > 1:
            found.append(f"the footer {para.text!r} needs more than one line")
    for number, slide in enumerate(deck.slides, 1):
        frames = [*slide.texts, *(p.label for p in slide.pictures if p.label)]
        for frame in frames:
            used = frame_height(frame, measure, geometry)
            if used > frame.box.text_height + EPSILON:
                found.append(f"slide {number} {frame.role}: text {used:.1f} pt in {frame.box.text_height:.1f} pt")
        boxes = [frame.box for frame in frames] + ([slide.table.box] if slide.table else [])
        for box in boxes:
            if min(box.x, box.y) < -EPSILON or box.x + box.w > width + EPSILON or box.y + box.h > height + EPSILON:
                found.append(f"slide {number}: box {box} leaves the slide")
        table = slide.table
        if table is not None:
            left, top, right, bottom = geometry.cell_inset
            rows = [(row, True) for row in table.header] + [(row, False) for row in table.rows]
            for (row, bold), row_height in zip(rows, table.heights, strict=True):
                for column, paras in enumerate(row):
                    cell_width = table.widths[column] - left - right
                    used = sum(measure.wrap(p.runs, cell_width, Style("body", bold), table.size).height for p in paras)
                    if used + top + bottom > row_height + EPSILON:
                        found.append(f"slide {number} table cell {column}: {used:.1f} pt in a {row_height:.1f} pt row")
            limit = geometry.box("table", "table")
            if table.box.y + table.box.h > limit.y + limit.h + EPSILON:
                found.append(f"slide {number}: the table runs below its placeholder")
    return found


def check(markdown: str, name: str = "doc.md") -> None:
    """The property: a clear BuildError, or a valid PDF and a valid deck whose slides do not overflow."""
    with built(markdown, name) as outcome:
        if isinstance(outcome, BuildError):
            event(f"refused: {outcome.diagnostic.code}")
            assert_clear(outcome)
            return
        event("built")
        assert_valid_pdf(outcome.pdf)
        assert_valid_deck(outcome.deck, len(outcome.plan.slides))
        assert overflows(outcome.plan, outcome.theme) == []


# --------------------------------------------------------------------------- the properties


DEEP_NESTING = """\
---
title: Nesting
---

## Lists in lists in callouts in audience blocks

::: slides
> [!TIP] Nested 🚀
> - one
>     - two with `a_very_long_identifier_that_cannot_break_anywhere_at_all_on_a_slide`
>         - three
>             - four
>                 - five https://example.com/a/very/long/address/that/goes/on/and/on/and/on/for/ever
> - back to one
:::

::: notes
> [!WARNING]
> 1. first
>     1. inner ❤️ and Ελληνικά
>         - deeper, with עברית and العربية
:::

::: print
> [!NOTE]
> - printed only
>     - and nested
:::
"""

WIDE_TABLE = "---\ntitle: Wide\n---\n\n## Table\n\n" + "| " + " | ".join(
    f"Column {n} Donaudampfschifffahrtsgesellschaft" for n in range(12)) + " |\n|" + "---|" * 12 + "\n" + "".join(
    f"| {n} | 中文中文中文中文中文中文中文中文 | 🚀 |\n" for n in range(20))


@pytest.mark.slow
@SETTINGS
@given(document())
@example(DEEP_NESTING)
@example(WIDE_TABLE)
def test_random_documents_build_valid_artifacts_without_overflow(markdown: str) -> None:
    check(markdown)


TWENTY_KEYWORDS = "---\ntitle: Keywords\nkeywords: [" + ", ".join(f"keyword {n}" for n in range(1, 21)) + "]\n---\n\n"


@SETTINGS
@example("---\ntitle: Before 1904 🎉\ndate: 1900-01-01\n---\n\n", "doc.md")
@example(TWENTY_KEYWORDS, "doc.md")
@given(front_matter(), st.sampled_from(["doc.md", "guide with spaces.md", "Ünïcode-指南.md", "-dash.md"]))
def test_odd_front_matter_and_file_names_build_or_fail_clearly(head: str, name: str) -> None:
    check(head + "## Section\n\nSome text for the slide.\n", name)


def test_the_schema_check_is_available() -> None:
    """The deck XML is validated only when pptx_schema_check.py is found; say so loudly when it is not."""
    if SCHEMA_CHECK is None:
        pytest.skip("pptx_schema_check.py not found (set PPTX_SCHEMA_CHECK, or put shared/ beside the clone): "
                    "decks were opened with python-pptx but not validated against the ECMA-376 schemas")


# --------------------------------------------------------------------------- what the properties found


def test_an_address_no_url_parser_accepts_is_a_warning_not_a_crash(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.md"
    source.write_text("---\ntitle: T\n---\n\n## S\n\nSee [x](http://[oops) and ![pic](http://[::1/a.png).\n",
                      encoding="utf-8")
    assert publish([str(source), "-o", str(tmp_path / "doc.pdf"), "-o", str(tmp_path / "doc.pptx"), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"{source}:7: warning: link to http://[oops removed: it is not a valid address" in err
    assert f"{source}:7: warning: http://[::1/a.png is not a valid address" in err


def test_a_paragraph_of_missing_pictures_warns_once_per_picture_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.md"
    source.write_text("---\ntitle: T\n---\n\n## S\n\nText.\n\n![a](a.png) ![b](b.png)\n", encoding="utf-8")
    assert publish([str(source), "-o", str(tmp_path / "doc.pdf"), "-o", str(tmp_path / "doc.pptx"), "-q"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert warnings == [f"{source}:9: warning: picture a.png does not exist",
                        f"{source}:9: warning: picture b.png does not exist"]
