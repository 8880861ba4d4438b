"""Markdown as other tools write it is read, never refused and never printed as markup:
admonitions, Quarto callouts, lesson blocks, shortcodes, kramdown attributes, task lists,
MultiMarkdown headers, and documents without a title or a language."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import SVG, only, read, runs, texts, write
from publish.model.document import Callout, CodeBlock, Columns, Figure, Math, MathBlock, Only, Quote, Rule, plain_text


def callouts(markdown: str) -> list[tuple[str, str | None, list[str]]]:
    document, _ = read(markdown)
    return [(c.kind, c.title, texts(c.blocks)) for c in only(document.blocks, Callout)]


@pytest.mark.parametrize(("markdown", "expected"), [
    ('# T\n\n!!! warning "Mind the gap"\n    Careful.\n', ("warning", "Mind the gap", ["Careful."])),
    ("# T\n\n!!! danger\n    Stop.\n", ("caution", None, ["Stop."])),
    ("# T\n\n??? tip\n    Folded.\n", ("tip", None, ["Folded."])),
    ("# T\n\n???+ info \"Open\"\n    Unfolded.\n", ("note", "Open", ["Unfolded."])),
    ("# T\n\n/// success | Done\nIt worked.\n///\n", ("tip", "Done", ["It worked."])),
    ('# T\n\n::: {.callout-important title="Read me"}\nKey.\n:::\n', ("important", "Read me", ["Key."])),
    ("# T\n\n::: {.callout-caution}\nHot.\n:::\n", ("caution", None, ["Hot."])),
], ids=["admonition", "danger", "details", "open-details", "blocks", "quarto", "quarto-untitled"])
def test_each_dialects_callouts_become_the_themes_callouts(markdown: str, expected: tuple) -> None:
    assert callouts(markdown) == [expected]


def test_lesson_blocks_are_callouts_named_by_the_themes_lesson_labels() -> None:
    document, _ = read("# T\n\n::::: objectives\n- Learn\n:::::\n\n::: keypoints\n- Remember\n:::\n")
    found = [(c.kind, c.title, c.label, texts(c.blocks)) for c in only(document.blocks, Callout)]
    assert found == [("note", None, "objectives", ["Learn"]), ("important", None, "keypoints", ["Remember"])]


def test_a_lesson_blocks_own_title_is_kept() -> None:
    assert callouts('# T\n\n::: {.challenge title="Loops"}\nTry.\n:::\n') == [("tip", "Loops", ["Try."])]


def test_a_solution_is_printed_and_goes_to_the_speaker_notes_not_onto_a_slide() -> None:
    document, _ = read("# T\n\n:::: challenge\nTry.\n\n::: solution\nAnswer.\n:::\n::::\n")
    [print_only, notes_only] = only(document.blocks, Only)
    assert (print_only.audience, notes_only.audience) == ("print", "notes")
    assert texts(notes_only.blocks) == ["Answer."]


def test_instructor_notes_are_speaker_notes() -> None:
    document, _ = read("# T\n\n::: instructor\nPause here.\n:::\n")
    [block] = document.blocks
    assert isinstance(block, Only) and block.audience == "notes"


def test_columns_keep_their_content_without_a_warning() -> None:
    document, warnings = read('# T\n\n:::: {.columns}\n::: {.column width="40%"}\nLeft.\n:::\n::: column\nRight.\n'
                              ':::\n::::\n')
    assert texts(document.blocks) == ["Left.", "Right."]
    assert warnings == []


def test_shortcodes_are_never_printed_and_are_reported_once_by_name() -> None:
    document, [warning] = read("# T\n\nBefore {% include note.html %} after {{ site.title }}.\n\n"
                               "{{< youtube abc >}}\n\n{{< youtube def >}}\n")
    assert texts(document.blocks) == ["Before after."]
    assert warning.code == "shortcode" and warning.line == 3
    assert "{{< youtube >}} ×2" in warning.message and "{% include %}" in warning.message


def test_shortcodes_in_code_stay_as_written() -> None:
    document, warnings = read("# T\n\nWrite `{{ page.title }}`.\n\n```liquid\n{% if x %}y{% endif %}\n```\n")
    assert "{{ page.title }}" in texts(document.blocks)[0]
    assert only(document.blocks, CodeBlock)[0].code == "{% if x %}y{% endif %}"
    assert warnings == []


@pytest.mark.parametrize("shortcode", ['{% image "chart.png", "Sales, by month" %}',
                                       '{{< figure src="chart.png" alt="Sales, by month" >}}'])
def test_an_image_shortcode_is_a_figure(shortcode: str) -> None:
    document, _ = read(f"# T\n\n{shortcode}\n")
    [figure] = only(document.blocks, Figure)
    assert (figure.src, figure.alt) == ("chart.png", "Sales, by month")


def test_a_highlight_block_is_code_in_its_language() -> None:
    document, _ = read("# T\n\n{% highlight python %}\nprint('hi')\n{% endhighlight %}\n")
    [code] = only(document.blocks, CodeBlock)
    assert (code.language, code.code) == ("python", "print('hi')")


def test_a_fenced_block_shown_in_a_highlight_block_stays_inside_it() -> None:
    document, _ = read("# T\n\n{% highlight markdown %}\n```mermaid\ngraph TD;\n```\n{% endhighlight %}\n\nAfter.\n")
    [code] = only(document.blocks, CodeBlock)
    assert (code.language, code.code) == ("markdown", "```mermaid\ngraph TD;\n```")
    assert texts(document.blocks) == ["After."]


def test_kramdown_attributes_and_toc_markers_are_consumed() -> None:
    document, _ = read("# T\n\n* TOC\n{:toc}\n\n## Part {:.no_toc}\n\nText.\n{: .lead}\n")
    assert texts(document.blocks) == ["Part", "Text."]


def test_task_lists_have_boxes_that_print() -> None:
    document, warnings = read("# T\n\n- [ ] open\n- [x] done\n")
    assert texts(document.blocks) == ["\u2610\u00a0open", "\u2611\u00a0done"]
    assert warnings == []


def test_a_multimarkdown_header_is_front_matter() -> None:
    document, warnings = read("Title: Remote Work\nAuthor: HR\n\nThe policy.\n")
    assert (document.meta.title, document.meta.author) == ("Remote Work", "HR")
    assert texts(document.blocks) == ["The policy."]
    assert warnings == []


def test_a_first_line_that_merely_has_a_colon_is_text() -> None:
    document, _ = read("# Guide\n\nNote: this is text.\n")
    assert texts(document.blocks) == ["Note: this is text."]


def test_without_a_title_the_first_main_heading_names_the_document() -> None:
    document, warnings = read("Intro.\n\n## Chapter one\n\nText.\n\n# Part\n\nMore.\n")
    assert document.meta.title == "Part"
    assert [w.code for w in warnings] == ["title-guessed"]


def test_without_a_title_or_heading_the_file_name_names_the_document() -> None:
    document, warnings = read("Just text.\n", name="employee-handbook_2024.md")
    assert document.meta.title == "Employee handbook 2024"
    assert [w.code for w in warnings] == ["title-guessed"]


@pytest.mark.parametrize(("text", "lang"), [
    ("مرحبا بكم في سياسة العمل عن بعد", "ar"), ("ברוכים הבאים למדריך העובדים", "he"),
    ("従業員ハンドブックへようこそ", "ja"), ("员工手册欢迎您的到来", "zh"),
    ("직원 안내서에 오신 것을 환영합니다", "ko"),
    ("कर्मचारी पुस्तिका में आपका स्वागत है", "hi"), ("Добро пожаловать в руководство", "ru"),
])
def test_without_a_language_the_script_sets_it_with_a_warning(text: str, lang: str) -> None:
    document, warnings = read(f"# {text}\n\n{text}.\n")
    assert document.meta.lang == lang
    assert "lang-guessed" in [w.code for w in warnings]


def test_latin_text_without_a_language_keeps_the_default_silently() -> None:
    document, warnings = read("# Willkommen\n\nDas ist der Leitfaden.\n")
    assert document.meta.lang == "en"
    assert warnings == []


def test_markup_never_reaches_the_text() -> None:
    document, _ = read('# T\n\n!!! note\n    A.\n\n::: {.callout-tip}\nB.\n:::\n\n{% raw %}C{% endraw %}\n')
    printed = " ".join(plain_text(b.content) for b in document.blocks if hasattr(b, "content"))
    for markup in ("!!!", ":::", "{%", "{{"):
        assert markup not in printed


def test_a_link_to_a_document_beside_this_one_leads_to_its_pdf(tmp_path: Path) -> None:
    (tmp_path / "travel.md").write_text("# Travel\n", encoding="utf-8")
    document, warnings = read("# T\n\nSee [booking](travel.md#booking) and [gone](../gone.md).\n", tmp_path)
    links = [(text, href) for text, _, href in runs(document.blocks[0])]
    assert ("booking", "travel.pdf") in links
    assert (" and gone.", None) in links
    assert [w.code for w in warnings] == ["link-dropped"]


def test_emoji_shortcodes_are_emoji() -> None:
    document, _ = read("# T\n\nWell done :ok_hand: at 10:30:45.\n")
    assert texts(document.blocks) == ["Well done \U0001f44c at 10:30:45."]


@pytest.mark.parametrize(("markdown", "expected"), [
    ('{% alert %}\nUse the chart.\n{% endalert %}\n', ("note", None, ["Use the chart."])),
    ('{% alert "Software must be approved", "warning" %}\nAsk first.\n{% endalert %}\n',
     ("warning", "Software must be approved", ["Ask first."])),
    ('{{< notice tip "Handy" >}}\nA tip.\n{{< /notice >}}\n', ("tip", "Handy", ["A tip."])),
    ('{{% alert title="Careful" color="danger" %}}\nHot.\n{{% /alert %}}\n', ("caution", "Careful", ["Hot."])),
])
def test_a_callout_shortcode_around_text_is_a_callout(
        markdown: str, expected: tuple[str, str | None, list[str]]) -> None:
    assert callouts("# T\n\n" + markdown) == [expected]


def test_a_callout_shortcode_never_closed_is_removed_and_its_text_kept() -> None:
    document, diagnostics = read("# T\n\n{% alert %}\nStill here.\n")
    assert texts(document.blocks) == ["Still here."]
    assert [d.code for d in diagnostics] == ["shortcode"]


@pytest.mark.parametrize("markdown", ["{: .warning }\nMind the step.\n", "Mind the step.\n{: .warning }\n",
                                      "{: .warning }\n> Mind the step.\n"],
                         ids=["class-before", "class-after", "before-a-quote"])
def test_a_kramdown_class_naming_a_callout_kind_makes_a_callout(markdown: str) -> None:
    assert callouts("# T\n\nIntro.\n\n" + markdown) == [("warning", None, ["Mind the step."])]


def test_a_kramdown_class_that_is_no_callout_kind_is_consumed() -> None:
    document, _ = read("# T\n\nNew (v0.4.0)\n{: .label .label-green }\n")
    assert texts(document.blocks) == ["New (v0.4.0)"]
    assert callouts("# T\n\nNew (v0.4.0)\n{: .label .label-green }\n") == []


@pytest.mark.parametrize("markdown", ['Hugo {{% param "minVersion" %}} or later.',
                                      "Hugo {{ page.minVersion }} or later.",
                                      "Hugo {{< param minVersion >}} or later."])
def test_a_page_variable_prints_its_front_matter_value(markdown: str) -> None:
    document, warnings = read(f"---\ntitle: T\nparams:\n  minVersion: v0.158.0\n---\n\n{markdown}\n")
    assert texts(document.blocks) == ["Hugo v0.158.0 or later."]
    assert warnings == []


def test_a_pandoc_backslash_space_is_a_non_breaking_space() -> None:
    document, _ = read("# T\n\nModel:\\ f(x) and a literal \\\\ backslash.\n")
    assert texts(document.blocks) == ["Model:\u00a0f(x) and a literal \\ backslash."]


def test_a_backslash_ending_a_line_breaks_it_and_one_alone_is_space() -> None:
    document, _ = read("# T\n\nFirst line\\\nsecond line.\n\n\\\n\nNext.\n")
    assert texts(document.blocks) == ["First line\nsecond line.", "Next."]


def test_a_pandoc_inline_footnote_is_a_footnote() -> None:
    document, warnings = read("# T\n\nSome^[Well, a [suitable](https://example.com) amount.] data.\n")
    [paragraph] = document.blocks
    assert "^[" not in plain_text(paragraph.content) and "Well" not in plain_text(paragraph.content)
    assert warnings == []


def test_fenced_div_lines_inside_an_html_comment_are_commented_out() -> None:
    document, warnings = read("# T\n\n<!-- ::: {.column}\nHidden.\n::: -->\n\nShown.\n")
    assert texts(document.blocks) == ["Shown."]
    assert warnings == []


def test_authors_written_as_quarto_mappings_are_named() -> None:
    document, _ = read("---\ntitle: T\nauthors:\n  - name: Ann Akanho\n    affiliations: ICCS\n"
                       "  - name: {given: Nirav, family: Shah}\n---\n\nText.\n")
    assert document.meta.author == "Ann Akanho, Nirav Shah"


def test_a_kramdown_title_class_takes_the_blocks_first_line_as_the_callouts_title() -> None:
    found = callouts("# T\n\nIntro.\n\n{: .note-title }\n> My note title\n>\n> A paragraph.\n")
    assert found == [("note", "My note title", ["A paragraph."])]


@pytest.mark.parametrize(("fence", "language"), [("```{r}", "r"), ("```{python, echo=FALSE}", "python"),
                                                 ("```{code-cell} ipython3", "python"), ("```{.python}", "python")])
def test_an_executable_cell_is_code_in_its_language(fence: str, language: str) -> None:
    document, warnings = read(f"# T\n\n{fence}\nx = 1\n```\n")
    [code] = only(document.blocks, CodeBlock)
    assert (code.language, code.code) == (language, "x = 1")
    assert warnings == []


def test_a_quarto_cells_option_lines_are_not_shown() -> None:
    document, _ = read("# T\n\n```{r}\n#| label: setup\n#| echo: false\nlibrary(x)\n```\n")
    assert only(document.blocks, CodeBlock)[0].code == "library(x)"


@pytest.mark.parametrize("markdown", ["```{warning} Careful\n:class: dropdown\nHot.\n```\n",
                                      ":::{warning} Careful\nHot.\n:::\n"], ids=["backticks", "colons"])
def test_a_myst_admonition_is_a_callout(markdown: str) -> None:
    assert callouts("# T\n\n" + markdown) == [("warning", "Careful", ["Hot."])]


@pytest.mark.parametrize("markdown", ["<details><summary>More</summary>\n\nHidden.\n\n</details>\n",
                                      "<details>\n<summary>More</summary>\n\nHidden.\n</details>\n"],
                         ids=["one-line", "summary-below"])
def test_html_details_are_shown_open_with_the_summary_as_title(markdown: str) -> None:
    assert callouts("# T\n\n" + markdown) == [("note", "More", ["Hidden."])]


# ---------------------------------------------------------------- columns and picture attributes

COLUMNS = """\
# T

:::: {.columns}
::: {.column width="40%"}
Left
:::
::: {.column width="60%"}
Right
:::
::::
"""


def test_columns_are_read_side_by_side_with_their_widths() -> None:
    document, warnings = read(COLUMNS)
    [row] = only(document.blocks, Columns)
    assert [(texts(column.blocks), column.width) for column in row.columns] == [(["Left"], 0.4), (["Right"], 0.6)]
    assert not warnings


def test_a_single_column_is_just_its_content() -> None:
    document, _ = read("# T\n\n:::: columns\n::: column\nAlone\n:::\n::::\n")
    assert not only(document.blocks, Columns) and texts(document.blocks) == ["Alone"]


def test_a_picture_width_is_its_share_of_the_text_width(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG)
    document, _ = read("# T\n\n![Chart](a.svg){width=50%}\n", tmp_path)
    [figure] = only(document.blocks, Figure)
    assert figure.width == 0.5


def test_fig_alt_is_the_alt_text_and_the_bracket_text_the_caption(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG)
    document, warnings = read('# T\n\n![Sales in May](a.svg){fig-alt="Bars rising from 2 to 4"}\n', tmp_path)
    [figure] = only(document.blocks, Figure)
    assert (figure.alt, plain_text(figure.caption)) == ("Bars rising from 2 to 4", "Sales in May")
    assert not warnings


def test_markdown_inside_an_html_block_is_read_as_pandoc_reads_it() -> None:
    document, _ = read("# T\n\n<blockquote style=\"font-size: 0.8em;\">\nSay **this**.\n</blockquote>\n")
    [quote] = only(document.blocks, Quote)
    assert runs(quote.blocks[0]) == [("Say ", set(), None), ("this", {"strong"}, None), (".", set(), None)]


def test_a_heading_of_attributes_only_is_a_slide_break_not_text() -> None:
    document, _ = read('# T\n\nBefore.\n\n## {background-color="white"}\n\nAfter.\n')
    assert texts(document.blocks) == ["Before.", "After."] and only(document.blocks, Rule)


# ---------------------------------------------------------------- content tabs and indented containers

def test_content_tabs_are_shown_one_after_the_other_each_under_its_label_in_bold() -> None:
    document, _ = read('# T\n\n=== "Linux"\n\n    Use apt.\n\n=== "macOS"\n\n    Use brew.\n')
    assert texts(document.blocks) == ["Linux", "Use apt.", "macOS", "Use brew."]
    assert runs(document.blocks[0]) == [("Linux", {"strong"}, None)]


def test_material_icons_are_left_out_with_the_shortcode_warning() -> None:
    document, warnings = read('# T\n\n=== ":octicons-file-code-16: `mkdocs.yml`"\n\n    Text.\n')
    assert texts(document.blocks)[0] == "mkdocs.yml"
    assert [w.code for w in warnings] == ["shortcode"] and ":octicons-…:" in warnings[0].message


def test_shortcodes_inside_an_admonition_are_handled_like_any_other() -> None:
    document, _ = read("---\ntitle: T\nteam: Payroll\n---\n!!! note\n\n    Ask {{ page.team }}.\n\n"
                       "    More from {{ page.team }}.\n")
    [callout] = only(document.blocks, Callout)
    assert texts(callout.blocks) == ["Ask Payroll.", "More from Payroll."]


def test_code_indented_inside_an_admonition_stays_code() -> None:
    document, _ = read("# T\n\n!!! note\n\n    Run:\n\n        {{ not.a.variable }}\n")
    [callout] = only(document.blocks, Callout)
    assert [b.code for b in only(callout.blocks, CodeBlock)] == ["{{ not.a.variable }}"]


MARP = "---\nmarp: true\ntitle: T\n---\n# Slide\n\nText.\n\n{picture}\n"


def test_a_marp_background_is_left_out_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG)
    document, warnings = read(MARP.format(picture="![bg opacity:.3](a.svg)"), tmp_path)
    assert not only(document.blocks, Figure) and [w.code for w in warnings] == ["marp-background"]


def test_a_marp_split_background_from_the_web_is_left_out_like_a_background() -> None:
    document, warnings = read(MARP.format(picture="![bg right](https://cdn.example.org/logo.svg)"))
    assert not only(document.blocks, Figure) and [w.code for w in warnings] == ["marp-background"]


def test_a_marp_split_background_is_a_picture_beside_the_text(tmp_path: Path) -> None:
    write(tmp_path, "a.svg", SVG)
    document, _ = read(MARP.format(picture="![bg right 40% Our logo](a.svg)"), tmp_path)
    [figure] = only(document.blocks, Figure)
    assert (figure.alt, figure.path) == ("Our logo", tmp_path / "a.svg")


# ---------------------------------------------------------------- formulas

def test_formulas_in_running_text_are_math_and_money_stays_text() -> None:
    document, warnings = read(r"# T" + "\n\nFrom $5 to $10, then $E = mc^2$ and \\(\\alpha\\).\n")
    [paragraph] = document.blocks
    assert [item.tex for item in paragraph.content if isinstance(item, Math)] == ["E = mc^2", r"\alpha"]
    assert plain_text(paragraph.content).startswith("From $5 to $10, then ") and not warnings


@pytest.mark.parametrize("block", ["$$\nx^2\n$$", "\\[\nx^2\n\\]"])
def test_a_displayed_formula_is_a_math_block(block: str) -> None:
    document, _ = read(f"# T\n\nBefore.\n\n{block}\n")
    [formula] = only(document.blocks, MathBlock)
    assert formula.tex == "x^2"


def test_a_formula_that_cannot_be_read_is_shown_as_code_with_a_warning_at_its_line() -> None:
    document, warnings = read("# T\n\nText.\n\nBad $\\frac{a}{$ here.\n")
    assert [(w.code, w.line) for w in warnings] == [("formula", 5)]
    assert runs(document.blocks[-1])[1] == ("\\frac{a}{", {"code"}, None)


def test_a_displayed_formula_inside_a_paragraph_is_set_apart_as_pandoc_reads_it() -> None:
    document, warnings = read("# T\n\n- We differentiate the model.\n$$\nL = \\frac{1}{n}\n$$\nAfter it.\n\n[x](#x)\n")
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["ListBlock", "MathBlock", "Paragraph", "Paragraph"] and [w.line for w in warnings] == [9]


def test_a_displayed_formula_written_inside_a_line_is_set_in_the_line() -> None:
    document, _ = read("# T\n\nA straight line: $$y=mx+c$$ and more.\n")
    assert [item.tex for item in document.blocks[0].content if isinstance(item, Math)] == ["y=mx+c"]
