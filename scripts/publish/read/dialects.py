"""Markdown as other tools write it: site-generator shortcodes, kramdown attributes, MkDocs-style
admonitions and the callout kinds they use.

Shortcodes and templating (Liquid/Jekyll/Eleventy `{% ... %}` and `{{ ... }}`, Hugo `{{< ... >}}`
and `{{% ... %}}`) mean something only to the site generator: they are never printed. Where the
meaning is plain it is kept (an image shortcode becomes a figure, `{% highlight %}` a code fence,
`{% raw %}` its content); the rest is removed and reported once, by name and count. kramdown's
attribute lists on a line of their own (`{: .class}`, `{:toc}`) and its extensions (`{::options}`)
are consumed. Lines are blanked, never removed, so every later line keeps its number; code
(fenced, indented four spaces, or in backticks) is left as written.

Admonitions come from Python-Markdown's `admonition` (`!!! kind "Title"`) and pymdown-extensions'
`details` (`??? kind`, `???+ kind`) and `blocks.admonition` (`/// kind | Title`); the callout
kinds they use are mapped here, and markdown_ext turns what they make into the same callout
elements as GitHub's `> [!NOTE]`. Decks written as slides: slide_dialects.
"""

from __future__ import annotations

import bisect
import functools
import re
import shlex
from collections import Counter
from collections.abc import Iterator

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from publish.model.document import CalloutKind
from publish.read.diagram_fences import DIAGRAM_KINDS

CALLOUT_CLASS = "publish-callout"

# The kinds authors use (MkDocs Material, Docusaurus, reStructuredText, Obsidian), onto the five styles.
CALLOUT_ALIASES: dict[str, CalloutKind] = {
    "note": "note", "info": "note", "abstract": "note", "summary": "note", "tldr": "note", "seealso": "note",
    "example": "note", "quote": "note", "cite": "note", "todo": "note", "question": "note", "help": "note",
    "faq": "note", "admonition": "note", "remark": "note", "aside": "note",
    "tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
    "important": "important", "attention": "important",
    "warning": "warning", "caution": "caution", "danger": "caution", "error": "caution",
    "failure": "caution", "fail": "caution", "missing": "caution", "bug": "caution",
    "emergency": "caution", "primary": "note", "secondary": "note", "highlight": "note", "new": "tip",
}
# Shortcodes that wrap a callout: {% alert "Title", "warning" %} ... {% endalert %} (Eleventy, USWDS),
# {{< notice warning "Title" >}} ... {{< /notice >}}, {{% alert title="x" color="info" %}} (Hugo, Docsy).
CALLOUT_SHORTCODES = frozenset({"alert", "callout", "notice", "hint", "admonition", "note", "tip", "warning",
                                "info", "important", "caution", "danger", "aside"})
WRAPPING_OPEN = re.compile(r"^ {0,3}(?:\{%-?\s*(\w+)(.*?)-?%\}|\{\{[<%]\s*(\w+)(.*?)\s*[>%]\}\})\s*$")
TAG = re.compile(r"<[^>]+>")

CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.S)
LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(?![<%])(.*?)-?\}\}")
MKDOCS_ICON = re.compile(r":(octicons|material|fontawesome|simple)-[a-z0-9-]+:")  # Material for MkDocs' icons
HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*[>%]\}\}")
KRAMDOWN_LINE = re.compile(r"^ {0,3}\{::?[^}]*\}\s*$|^ {0,3}\{:/\w*\}\s*$")
KRAMDOWN_TOC = re.compile(r"^ {0,3}\{:\s*toc\s*\}\s*$")
INDENTED_CONTAINER = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===|[*+-]|\d+[.)])[ \t]")  # admonition, tab, list item
LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)]) ")
KRAMDOWN_TRAILING = re.compile(r"\{:(?!:)[^}]*\}\s*$")
KRAMDOWN_CLASS = re.compile(r"^ {0,3}\{:\s*((?:\.[\w-]+\s*)+)\}\s*$")  # {: .warning }, a block's classes
PAGE_VARIABLE = re.compile(r"^(?:page|params|site\.params|\.Params|\.Page\.Params)\.(\w+)$", re.I)
NBSP_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\ ")  # pandoc's backslash-space: a non-breaking space
HARD_BREAK = re.compile(r"(?<!\\)((?:\\\\)*)\\$")  # a backslash at the end of a line: a line break
QUOTES = "\"'"
CELL_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*\{(?P<inner>[^}]*)\}\s*(?P<after>[\w+#.-]*)\s*$")
# Quarto's `#| label: x` (`%%|` in Mermaid cells, `//|` in Graphviz ones), MyST's `:class: tip`
CELL_OPTION = re.compile(r"^\s*(?:#\||%%\||//\||:[\w-]+:(?:\s|$))")
# A diagram cell's caption and alt text become the diagram fence's title and alt (read/diagram_fences.py).
DIAGRAM_OPTION = re.compile(r"^\s*(?:%%|//|#)\|\s*fig-(cap|alt):\s*(.+?)\s*$")
MYST_DIRECTIVE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[\w-]+)\}\s*(?P<argument>.*?)\s*$")
DETAILS_OPEN = re.compile(r"^ {0,3}<details\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?\s*$", re.I)
SUMMARY_LINE = re.compile(r"^\s*<summary\b[^>]*>(.*?)</summary>\s*$", re.I)
DETAILS_CLOSE = re.compile(r"^ {0,3}</details>\s*$", re.I)
DISPLAY_MATH_OPEN = re.compile(r"^\s{0,3}\$\$")  # a displayed formula's first line (pandoc's and MathJax's $$)
INLINE_DISPLAY_MATH = re.compile(r"(?<![$\\])\$\$(?=\S)(.+?)(?<=\S)\$\$(?!\$)")  # `text $$x$$ text`
ATTRIBUTES_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\{[^}]*\}[ \t]*$")  # pandoc's `## {background-color="x"}`
HTML_BLOCK_OPEN = re.compile(r"^ {0,3}<(blockquote|div|section|aside|article|center|figure|main)\b(?![^>]*\bmarkdown=)"
                             r"([^>]*?)\s*>\s*$", re.I)
MYST_CODE = frozenset({"code-cell", "code-block", "code", "sourcecode"})
KERNEL_LANGUAGES = {"ipython": "python", "ipython3": "python", "python3": "python"}  # Jupyter kernel names
INLINE_NOTE = "inline-note-"  # the label of a pandoc inline footnote, numbered
GAP = "\x01"  # where a shortcode was: the spaces around it close up
CLOSED_GAP = re.compile("( ?)\x01+( ?)")
INLINE_CODE = re.compile(r"(`+).+?\1")
HIGHLIGHT = "\x00highlight:"  # a {% highlight lang %} line, turned into a code fence
END_HIGHLIGHT = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
IMAGE_SHORTCODES = frozenset({"image", "img", "figure", "picture", "responsive_image", "responsive-image"})


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's arguments: positional ones and key=value pairs, quoted or not."""
    try:
        words = [word.rstrip(",") for word in shlex.split(text) if word != ","]
    except ValueError:
        words = text.split()
    positional = [word for word in words if "=" not in word]
    named = dict(word.split("=", 1) for word in words if "=" in word)
    return positional, {key.strip(): value.strip("\"'") for key, value in named.items()}


def _cell_fence(line: str) -> str | None:
    """An executable cell's opening fence as a plain code fence in its language: Quarto's and R
    Markdown's ```` ```{r} ````, ```` ```{python, echo=FALSE} ````, MyST's ```` ```{code-cell} python ````.
    None for a fence that is not one (pandoc's ```` ```{.python} ```` attributes, raw ```` ```{=html} ````)."""
    cell = CELL_FENCE.match(line)
    if cell is None or cell.group("inner").lstrip().startswith((".", "#", "=")):
        return None
    name = re.split(r"[\s,]", cell.group("inner").strip())[0]
    language = cell.group("after") if name in MYST_CODE and cell.group("after") else name
    language = KERNEL_LANGUAGES.get(language.lower(), language)
    return f"{cell.group('indent')}{cell.group('fence')}{language}"


def _with_diagram_option(fence: str, option_line: str) -> str:
    """A diagram cell's fence with its `fig-cap` or `fig-alt` option as the fence's title or alt."""
    option = DIAGRAM_OPTION.match(option_line)
    if option is None or fence.lstrip(" `~").split(" ")[0] not in DIAGRAM_KINDS:
        return fence
    name = "title" if option.group(1) == "cap" else "alt"
    return f'{fence} {name}="{option.group(2).strip(QUOTES).replace(chr(34), "&quot;")}"'


def _fence_around(lines: list[str], start: int) -> str:
    """A code fence longer than any inside the {% highlight %} block opening at `start` (a page that
    shows a fenced block as code, such as a ```mermaid example, must not close it early)."""
    longest = 2
    for line in lines[start + 1:]:
        if END_HIGHLIGHT.search(line):
            break
        opening = re.match(r"\s*(`{3,})", line)
        longest = max(longest, len(opening.group(1)) if opening else 0)
    return "`" * (longest + 1)


@functools.lru_cache(maxsize=16)
def _html_closing(tag: str) -> re.Pattern[str]:
    """An HTML block's closing tag on a line of its own."""
    return re.compile(rf"^\s*</{tag}\s*>\s*$", re.I)


def _figure(positional: list[str], named: dict[str, str]) -> str:
    src = named.get("src") or named.get("path") or named.get("url") or (positional[0] if positional else "")
    alt = named.get("alt") or (positional[1] if len(positional) > 1 else "") or named.get("title", "")
    caption = named.get("caption") or named.get("title") or ""
    title = f' "{caption}"' if caption and caption != alt else ""
    return f"![{alt}]({src}{title})" if src else ""


class ShortcodePreprocessor(Preprocessor):
    r"""Site-generator shortcodes, kramdown's extensions and pandoc's inline extras out of the
    Markdown, their meaning kept where it is plain; `removed` counts the rest by name for the
    reader's one warning.

    The page's own variables (`{{ page.title }}`, Hugo's `{{% param "x" %}}`) are written out from
    `variables`, the front matter's plain values. A kramdown class line naming a callout kind
    (`{: .warning }`, just-the-docs' callouts) makes the block it touches a callout. pandoc's
    `\ ` is a non-breaking space, a backslash ending a line a line break, `^[...]` a footnote."""

    def __init__(self, md: Markdown, first_line: int, variables: dict[str, str]) -> None:
        super().__init__(md)
        self.first_line = first_line
        self.variables = {key.lower(): value for key, value in variables.items()}
        self.removed: Counter[str] = Counter()
        self.first_removed: int | None = None
        self.inline_notes: list[str] = []
        self.closings: dict[str, list[int]] = {}  # a closing pattern -> the lines it matches, this run

    def run(self, lines: list[str]) -> list[str]:
        self.removed.clear()
        self.closings = {}
        self.first_removed = None
        self.inline_notes = []
        out: list[str] = []
        fence: str | None = None  # the code fence open, or HIGHLIGHT inside {% highlight %}
        in_comment = False
        wrapping: list[re.Pattern[str]] = []  # the closing lines of the callout shortcodes open
        ahead: dict[int, str] = {}  # later lines a kramdown callout rewrites: its closing, its title line
        cell_options = False  # at the top of an executable cell or a MyST directive, where options go
        containers: list[int] = []  # the content indents of the admonitions, tabs and list items open
        in_display = False  # inside a displayed formula's `$$ ... $$` lines
        in_code = False  # inside an indented code block
        cell_at = 0  # where the open executable cell's fence line is in `out`
        highlight_fence = "```"  # the fence a {% highlight %} block became
        for index, line in enumerate(lines):
            if fence is None and index in ahead:
                out.append(ahead[index])
                continue
            if fence == HIGHLIGHT:
                ends = END_HIGHLIGHT.search(line)
                out.append(highlight_fence if ends else line)
                fence = None if ends else fence
                continue
            if fence is not None:
                if cell_options and CELL_OPTION.match(line):
                    out.append("")  # a Quarto cell's `#| echo: false`, a MyST directive's `:class: x`
                    out[cell_at] = _with_diagram_option(out[cell_at], line)
                    continue
                cell_options = False
                out.append(line)
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = None
                continue
            wrapped = self._callout_fence(lines, index, wrapping, ahead)
            if wrapped is not None:
                out.append(wrapped)
                cell_options = wrapped.startswith(":::") and wrapped != ":::" and MYST_DIRECTIVE.match(line) is not None
                continue
            if cell_options and CELL_OPTION.match(line):
                out.append("")
                continue
            cell_options = False
            width = len(line.expandtabs(4)) - len(line.lstrip(" \t"))  # the line's indentation, tabs as four
            if line.strip():
                while containers and width < containers[-1]:
                    containers.pop()
            base = min(containers[-1] if containers else 0, width)
            opening = CODE_FENCE.match(line[base:])
            if opening:
                fence = opening.group(1)
                cell = _cell_fence(line)
                cell_options = cell is not None
                cell_at = len(out)
                out.append(cell or line)
                continue
            if line.strip() and width - base >= 4 and (in_code or not out or not out[-1].strip()):
                in_code = True
                out.append(line)  # an indented code block (indented past its container's content)
                continue
            if line.strip():
                in_code = False
            if INDENTED_CONTAINER.match(line):  # what follows, indented, is its content (not code)
                containers.append(width + 4)
            if KRAMDOWN_TOC.match(line) and out and LIST_ITEM.match(out[-1]):
                out[-1] = ""  # kramdown's "* TOC" placeholder: the guide has its own contents
            if self._kramdown_callout(lines, index, out, ahead):
                continue
            if ATTRIBUTES_HEADING.match(line):  # a heading of attributes only: an untitled slide's break
                out.append("* * *")
                continue
            html_block = HTML_BLOCK_OPEN.match(line)
            if html_block and self._closed_later(lines, index, _html_closing(html_block.group(1).lower())):
                # pandoc reads Markdown inside HTML blocks; md_in_html does where markdown="1" says so
                out.append(f'<{html_block.group(1)}{html_block.group(2)} markdown="1">')
                continue
            if in_display or DISPLAY_MATH_OPEN.match(line):
                in_display = self._display_math(line, out, in_display)
                continue
            converted, in_comment = self._line(line, index + self.first_line, in_comment)
            if converted.startswith(HIGHLIGHT):
                highlight_fence = _fence_around(lines, index)
                fence, converted = HIGHLIGHT, highlight_fence + converted[len(HIGHLIGHT):]
            out.append(converted)
        if len(lines) in ahead:
            out.append(ahead[len(lines)])
        if self.inline_notes:
            out.extend(["", *(f"[^{INLINE_NOTE}{n}]: {text}" for n, text in enumerate(self.inline_notes, 1))])
        if self.removed:
            listed = ", ".join(f"{name} ×{count}" if count > 1 else name for name, count in self.removed.most_common())
            self.md.publish_diagnostics.append((  # type: ignore[attr-defined]
                "shortcode", f"site-generator shortcodes mean nothing on paper or slides and were left out: {listed}",
                self.first_removed, "write what they stand for as Markdown, or ignore this if nothing is missing"))
        return out

    @staticmethod
    def _display_math(line: str, out: list[str], inside: bool) -> bool:
        """A displayed formula's lines as written, set apart from the text around it as pandoc reads
        `$$` even inside a paragraph (a blank line joins the line before, one the closing line:
        every line keeps its number). Whether the formula is still open after this line."""
        stripped = line.strip()
        if not inside and out and out[-1].strip():
            out[-1] += "\n"
        closes = stripped.endswith("$$") and (inside or len(stripped) > 2)
        out.append(line + "\n" if closes else line)
        return not closes

    def _closed_later(self, lines: list[str], index: int, closing: re.Pattern[str]) -> bool:
        """Whether a line after `index` matches `closing`: each closing pattern scans the lines once
        per run (a document of many unclosed openers stays linear)."""
        if closing.pattern not in self.closings:
            self.closings[closing.pattern] = [n for n, line in enumerate(lines) if closing.match(line)]
        found = self.closings[closing.pattern]
        return bisect.bisect_right(found, index) < len(found)

    def _callout_fence(self, lines: list[str], index: int, wrapping: list[re.Pattern[str]],
                       ahead: dict[int, str]) -> str | None:
        """A callout shortcode, a MyST admonition or an HTML `<details>` on a line of its own, as the
        fenced div line it stands for: its opening (when its closing follows) as
        `::: {.callout-kind title="..."}`, its closing as `:::`."""
        line = lines[index]
        if wrapping and wrapping[-1].match(line):
            wrapping.pop()
            return ":::"
        details = DETAILS_OPEN.match(line)
        if details and self._closed_later(lines, index, DETAILS_CLOSE):
            wrapping.append(DETAILS_CLOSE)
            summary = details.group(1)
            following = SUMMARY_LINE.match(lines[index + 1]) if summary is None and index + 1 < len(lines) else None
            if following:
                summary = following.group(1)
                ahead[index + 1] = ""
            title = " ".join(TAG.sub("", summary or "").replace('"', "'").split())
            return f'::: {{.callout-note title="{title}"}}' if title else "::: {.callout-note}"
        directive = MYST_DIRECTIVE.match(line)
        name = directive.group("name").lower() if directive else ""
        if directive and (name in CALLOUT_ALIASES or name == "admonition"):
            wrapping.append(re.compile(rf"^ {{0,3}}{re.escape(directive.group('fence'))}\s*$"))
            title = " ".join(directive.group("argument").replace('"', "'").split())
            kind = name if name in CALLOUT_ALIASES else "note"
            return f'::: {{.callout-{kind} title="{title}"}}' if title else f"::: {{.callout-{kind}}}"
        opening = WRAPPING_OPEN.match(line)
        name = (opening.group(1) or opening.group(3) or "").lower() if opening else ""
        if opening is None or name not in CALLOUT_SHORTCODES:
            return None
        closing = re.compile(rf"^ {{0,3}}(?:\{{%-?\s*end{name}\s*-?%\}}|\{{\{{[<%]\s*/\s*{name}\s*[>%]\}}\}})\s*$",
                             re.I)
        if not self._closed_later(lines, index, closing):
            return None
        wrapping.append(closing)
        positional, named = _arguments(opening.group(2) or opening.group(4) or "")
        words = [word for word in positional if word]
        kind = next((word.lower() for word in [named.get("color", ""), named.get("type", ""), *words]
                     if word.lower() in CALLOUT_ALIASES), name if name in CALLOUT_ALIASES else "note")
        title = named.get("title") or next((word for word in words if word.lower() not in CALLOUT_ALIASES
                                            and word.lower() not in ("slim", "no-icon")), "")
        title = " ".join(TAG.sub("", title).replace('"', "'").split())
        return f'::: {{.callout-{kind} title="{title}"}}' if title else f"::: {{.callout-{kind}}}"

    @staticmethod
    def _kramdown_callout(lines: list[str], index: int, out: list[str], ahead: dict[int, str]) -> bool:
        """A `{: .kind }` line naming a callout kind, as the fence lines of a callout around the block
        it touches: the one right above it, else the one right below (as kramdown reads it). With
        just-the-docs' `{: .kind-title }` the block's first line is the callout's title."""
        classes = KRAMDOWN_CLASS.match(lines[index])
        kinds = [name[1:].lower() for name in classes.group(1).split()] if classes else []
        kind = next((name.removesuffix("-title") for name in kinds if name.removesuffix("-title") in CALLOUT_ALIASES),
                    None)
        if kind is None:
            return False
        titled = f"{kind}-title" in kinds and index + 1 < len(lines) and bool(lines[index + 1].strip())
        title = " ".join(lines[index + 1].lstrip(" >").replace('"', "'").split()) if titled else ""
        opening = f'::: {{.callout-{kind} title="{title}"}}' if title else f"::: {{.callout-{kind}}}"
        if out and out[-1].strip() and not titled:
            start = max((n for n, text in enumerate(out) if not text.strip()), default=None)
            if start is None:
                return False  # a block on the first line has no blank line to open the callout on
            out[start] = opening
            out.append(":::")
            return True
        if index + 1 >= len(lines) or not lines[index + 1].strip():
            return False
        ahead[next((n for n in range(index + 1, len(lines)) if not lines[n].strip()), len(lines))] = ":::"
        if title:
            ahead[index + 1] = ">" if lines[index + 1].lstrip().startswith(">") else ""
        out.append(opening)
        return True

    def _line(self, line: str, number: int, in_comment: bool) -> tuple[str, bool]:
        """The line with its shortcodes handled, and whether a `{% comment %}` is still open."""
        if KRAMDOWN_LINE.match(line) or line.strip() == "\\":
            return "", in_comment
        text = "".join(piece if code else self._pandoc(self._shortcodes(piece, number))
                       for piece, code in self._outside_code(line))
        text = HARD_BREAK.sub(r"\1  ", text)
        kept = []
        for part in re.split("(\x00(?:end)?comment)", text):
            if part in ("\x00comment", "\x00endcomment"):
                in_comment = part == "\x00comment"
            elif not in_comment:
                kept.append(part)
        return KRAMDOWN_TRAILING.sub("", "".join(kept)), in_comment

    @staticmethod
    def _outside_code(line: str) -> Iterator[tuple[str, bool]]:
        """The line in pieces, each marked whether it is inline code."""
        position = 0
        for match in INLINE_CODE.finditer(line):
            yield line[position:match.start()], False
            yield match.group(0), True
            position = match.end()
        yield line[position:], False

    def _pandoc(self, text: str) -> str:
        """pandoc's non-breaking `\\ `, a displayed formula inside a line (`$$x$$`, set inline) and
        inline footnotes `^[...]` (brackets may nest)."""
        text = INLINE_DISPLAY_MATH.sub(r"$\1$", NBSP_ESCAPE.sub("\\1\u00a0", text))
        start = text.find("^[")
        while start != -1:
            depth, end = 0, None
            for position in range(start + 1, len(text)):
                depth += {"[": 1, "]": -1}.get(text[position], 0)
                if depth == 0:
                    end = position
                    break
            if end is None:
                break
            self.inline_notes.append(text[start + 2:end])
            text = f"{text[:start]}[^{INLINE_NOTE}{len(self.inline_notes)}]{text[end + 1:]}"
            start = text.find("^[", start + 1)
        return text

    def _variable(self, expression: str) -> str | None:
        """A page variable's value: `page.title`, `params.minVersion`; None for anything else."""
        found = PAGE_VARIABLE.match(expression.split("|")[0].strip())
        return self.variables.get(found.group(1).lower()) if found else None

    def _note(self, name: str, number: int) -> None:
        self.removed[name] += 1
        if self.first_removed is None:
            self.first_removed = number

    def _shortcodes(self, text: str, number: int) -> str:
        def liquid(match: re.Match[str]) -> str:
            name, arguments = match.group(1).lower(), match.group(2)
            if name in ("raw", "endraw"):
                return ""
            if name in ("comment", "endcomment"):
                return f"\x00{name}"
            if name == "highlight":
                language = arguments.split()[0] if arguments.split() else ""
                return f"{HIGHLIGHT}{language}"
            if name in IMAGE_SHORTCODES:
                figure = _figure(*_arguments(arguments))
                if figure:
                    return figure
            self._note(f"{{% {name} %}}", number)
            return GAP

        def hugo(match: re.Match[str]) -> str:
            closing, name, arguments = match.group(2), match.group(3), match.group(4)
            if name in IMAGE_SHORTCODES and not closing:
                figure = _figure(*_arguments(arguments))
                if figure:
                    return figure
            if name == "param" and not closing:
                positional, _ = _arguments(arguments)
                value = self.variables.get(positional[0].lower()) if positional else None
                if value is not None:
                    return value
            if not closing:
                self._note(f"{{{{< {name} >}}}}", number)
            return GAP

        def output(match: re.Match[str]) -> str:
            value = self._variable(match.group(1))
            if value is not None:
                return value
            self._note("{{ " + match.group(1).split("|")[0].strip().split(".")[0] + " }}", number)
            return GAP

        def icon(match: re.Match[str]) -> str:
            self._note(f":{match.group(1)}-…:", number)
            return GAP

        text = MKDOCS_ICON.sub(icon, LIQUID_OUTPUT.sub(output, LIQUID_TAG.sub(liquid, HUGO.sub(hugo, text))))
        return CLOSED_GAP.sub(lambda gap: " " if gap.group(1) and gap.group(2) else "", text)


def page_variables(fields: dict[str, object]) -> dict[str, str]:
    """The front matter's plain values, which `{{ page.x }}` and `{{% param "x" %}}` print; Hugo's
    `params:` among them."""
    params = fields.get("params")
    found = {**fields, **(params if isinstance(params, dict) else {})}
    return {str(key): str(value) for key, value in found.items()
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)}
