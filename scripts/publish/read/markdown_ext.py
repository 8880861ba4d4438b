"""Our Python-Markdown extensions: `:::` fenced divs (audiences, callouts, lesson blocks, columns),
`> [!NOTE]` callouts, admonitions (`!!!`, `???`, `///`) as the same callouts, and content tabs.

One feature per class, patterns as class constants (as Python-Markdown's own
admonition extension does). Problems found while parsing are appended to
`md.publish_diagnostics` as (code, message, line, fix) tuples; the reader
turns them into Diagnostics with the file name. Callout kinds are checked by
the reader, which knows where each callout is in the source.
"""

from __future__ import annotations

import difflib
import html
import re
import string
from typing import Any
from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from publish.limits import MAX_NESTING
from publish.read.dialects import CALLOUT_ALIASES, CALLOUT_CLASS, ShortcodePreprocessor

AUDIENCES = ("notes", "slides", "print")
ONLY_CLASS = "publish-only"
CONTAINER_CLASS = "publish-container"
COLUMNS_CLASS, COLUMN_CLASS = "publish-columns", "publish-column"
ATTRIBUTE = re.compile(r'(?P<key>[\w-]+)=(?P<value>"[^"]*"|\'[^\']*\'|\S+)|[#.][\w-]+')
CONTAINERS = frozenset({"div", "content-visible", "content-hidden", "panel-tabset",
                        "incremental", "nonincremental", "fragment", "center", "box"})
# The Carpentries' lesson blocks: each a callout style (their labels are the theme's); the instructor's
# go to the notes.
LESSON_BLOCKS: dict[str, str] = {
    "objectives": "note", "questions": "note", "keypoints": "important", "prereq": "note", "challenge": "tip",
    "solution": "tip", "hint": "tip", "callout": "note", "discussion": "note", "checklist": "note",
    "testimonial": "note", "spoiler": "note",
}
FLATTENED = ""  # an open fence beyond the nesting limit, written as nothing
LESSON_AUDIENCES = {"instructor": "notes", "speaker-notes": "notes", "notes-only": "notes"}


def _report(md: Markdown, code: str, message: str, line: int | None, fix: str) -> None:
    md.publish_diagnostics.append((code, message, line, fix))  # type: ignore[attr-defined]


class FencedDivPreprocessor(Preprocessor):
    """Turn pandoc-style fenced divs (`::: notes`, `::: {.callout-tip title="x"}`, `:::: {#id .class}`)
    into `<div markdown="1">`.

    md_in_html then parses the inside as Markdown, so the blocks nest and keep every other
    feature. The first class decides what the block is: an audience (notes, slides, print), a
    callout (Quarto's `callout-<kind>`, the admonition kinds, The Carpentries' lesson blocks), or
    else a plain container whose content is kept (one warning per unknown kind). It runs before
    fenced_code, on the lines as the author wrote them, so its line numbers are true; code fences
    are recognised as fenced_code does and left alone. A code fence right under a paragraph line
    gets a blank line before it, as CommonMark reads it, instead of joining the paragraph.
    """

    OPEN = re.compile(r"^ {0,3}:{3,}\s*(?P<spec>[^:\s].*?)\s*:*\s*$")
    CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
    CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")

    def __init__(self, md: Markdown, first_line: int) -> None:
        super().__init__(md)
        self.first_line = first_line
        self.unknown: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        self.unknown = set()
        out: list[str] = []
        open_fences: list[tuple[str, int]] = []
        code_fence: str | None = None
        in_comment = False  # fences inside an HTML comment are commented out
        for index, line in enumerate(lines):
            number = index + self.first_line
            if in_comment or (code_fence is None and "<!--" in line):
                out.append(line)
                in_comment = line.rfind("<!--") > line.rfind("-->") if "<!--" in line else "-->" not in line
                continue
            if code_fence is not None:
                out.append(line)
                if line.rstrip(" ") == code_fence:
                    code_fence = None
                    out.append("")
                continue
            fence = self.CODE_FENCE.match(line)
            if fence:
                code_fence = fence.group(1)
                if out and out[-1].strip():
                    out.append("")
                out.append(line)
                continue
            if self.CLOSE.match(line):
                if open_fences:
                    name, _ = open_fences.pop()
                    out.extend(["", "</div>", ""] if name != FLATTENED else [""])
                else:
                    _report(self.md, "fence-unopened", "a closing ':::' has no opening fence", number,
                            "delete the line, or add an opening line such as '::: notes' above the block")
                continue
            opening = self.OPEN.match(line)
            if opening and len(open_fences) >= MAX_NESTING:  # deeper blocks: their content, without the block
                if all(name != FLATTENED for name, _ in open_fences):
                    _report(self.md, "limit-nesting", f"fenced divs nested more than {MAX_NESTING} deep are "
                            "flattened to that depth", number, "nest less deeply")
                open_fences.append((FLATTENED, number))
                out.append("")
                continue
            if opening:
                name, attributes = fence_attributes(opening.group("spec"))
                self._check_audience(name, open_fences, number)
                open_fences.append((name, number))
                out.extend(["", self._div(name, attributes, number), ""])
                continue
            out.append(line)
        for name, number in open_fences:
            if name == FLATTENED:
                continue
            _report(self.md, "fence-unclosed", f"'::: {name}' is never closed: it runs to the end", number,
                    "add a line with ':::' where the block ends")
            out.extend(["", "</div>", ""])
        return out

    def _check_audience(self, name: str, open_fences: list[tuple[str, int]], line: int) -> None:
        """A print block inside a notes or slides block, or one of those inside a print block, reaches
        neither artifact (the guide skips the deck's blocks, the deck the guide's): say so."""
        audience = LESSON_AUDIENCES.get(name, name)
        if audience not in AUDIENCES:
            return
        outer = next((LESSON_AUDIENCES.get(n, n) for n, _ in reversed(open_fences)
                      if LESSON_AUDIENCES.get(n, n) in AUDIENCES), None)
        if outer is not None and outer != audience and "print" in (outer, audience):
            _report(self.md, "fence-nested-audience", f"'::: {name}' inside '::: {outer}' reaches neither artifact: "
                    "each shows only its own", line, f"move the '::: {name}' block out of the '::: {outer}' block")

    def _div(self, name: str, attributes: dict[str, str], line: int) -> str:
        kind = name.removeprefix("callout-") if name.startswith("callout-") else name
        if name in AUDIENCES or name in LESSON_AUDIENCES:
            audience = LESSON_AUDIENCES.get(name, name)
            return f'<div class="{ONLY_CLASS}" data-audience="{audience}" data-line="{line}" markdown="1">'
        if name == "columns":
            return f'<div class="{COLUMNS_CLASS}" data-line="{line}" markdown="1">'
        if name == "column":
            width = html.escape(attributes.get("width", ""))
            return f'<div class="{COLUMN_CLASS}" data-width="{width}" markdown="1">'
        if kind in CALLOUT_ALIASES or name in LESSON_BLOCKS:
            marker = LESSON_BLOCKS.get(name, kind)
            title = attributes.get("title", "")
            extra = f' data-title="{html.escape(title)}"' if title else ""
            lesson = f' data-lesson="{name}"' if name in LESSON_BLOCKS else ""
            return (f'<div class="{CALLOUT_CLASS}" data-marker="{marker}"{extra}{lesson} data-line="{line}" '
                    'markdown="1">')
        if name not in CONTAINERS and name not in self.unknown:
            self.unknown.add(name)
            guess = difflib.get_close_matches(name, [*AUDIENCES, *LESSON_BLOCKS], n=1, cutoff=0.6)
            hint = f"did you mean '::: {guess[0]}'? " if guess else "ignore this if that is what you want; "
            _report(self.md, "fence-unknown", f"'::: {name}' is not a kind of block publish knows: its content "
                    "is kept as ordinary text", line, f"{hint}'::: notes', '::: slides' and '::: print' choose "
                    "the artifact, '::: {.callout-tip}' makes a callout")
        return f'<div class="{CONTAINER_CLASS}" data-kind="{html.escape(name)}" markdown="1">'


def fence_attributes(spec: str) -> tuple[str, dict[str, str]]:
    """A fenced div's kind (its first class, or its bare word) and its key=value attributes:
    `notes`, `{.callout-tip title="Try it"}`, `Warning {#id .big}`."""
    word, _, braces = spec.partition("{")
    classes = [word.strip().lower()] if word.strip() else []
    attributes: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(braces.rstrip("} ")):
        token, key, value = match.group(0), match.group("key"), match.group("value")
        if key:
            attributes[key.lower()] = value.strip("\"'")
        elif token.startswith("."):
            classes.append(token[1:].lower())
    return (classes[0] if classes else "div"), attributes


class CalloutTreeprocessor(Treeprocessor):
    """Turn GitHub-style alerts (`> [!NOTE]`, optional title after it) into callout divs.

    Python-Markdown joins quotes separated only by a blank line into one; a
    paragraph that starts with a marker therefore starts a new callout.
    The marker as written goes into `data-marker`; the reader checks it.
    """

    MARKER = re.compile(r"^\s*\[!(\w+)\][ \t]*([^\n]*)\n?")

    def run(self, root: ElementTree.Element) -> None:
        for quote in list(root.iter("blockquote")):
            parent = next((element for element in root.iter() if quote in list(element)), None)
            if parent is None:
                continue
            position = list(parent).index(quote)
            for offset, group in enumerate(self._split(quote)):
                if offset:
                    parent.insert(position + offset, group)
                self._mark(group)

    def _starts_callout(self, element: ElementTree.Element) -> bool:
        return element.tag == "p" and bool(element.text) and bool(self.MARKER.match(element.text or ""))

    def _split(self, quote: ElementTree.Element) -> list[ElementTree.Element]:
        """The quote itself plus one new quote per later paragraph that opens with a marker."""
        groups = [quote]
        for child in list(quote)[1:]:
            if self._starts_callout(child):
                groups.append(ElementTree.Element("blockquote"))
            if len(groups) > 1:
                quote.remove(child)
                groups[-1].append(child)
        return groups

    def _mark(self, quote: ElementTree.Element) -> None:
        first = quote[0] if len(quote) else None
        if first is None or not self._starts_callout(first):
            return
        marker = self.MARKER.match(first.text or "")
        assert marker is not None
        quote.tag = "div"
        quote.set("class", CALLOUT_CLASS)
        quote.set("data-marker", marker.group(1))
        quote.set("data-alert", "1")
        title = marker.group(2).strip()
        if title:
            quote.set("data-title", title)
        first.text = (first.text or "")[marker.end():]
        if not first.text.strip() and len(first) == 0:
            quote.remove(first)


class AdmonitionTreeprocessor(Treeprocessor):
    """Admonitions (`!!!`, `???`, `///`) into callout elements: `data-marker` the kind as written,
    `data-title` the title when the author gave one."""

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            classes = (element.get("class") or "").split()
            if element.tag == "div" and "admonition" in classes:
                self._callout(element, [c for c in classes if c != "admonition"], "p", "admonition-title")
            elif element.tag == "details":
                self._callout(element, classes, "summary", None)

    @staticmethod
    def _callout(element: ElementTree.Element, classes: list[str], title_tag: str, title_class: str | None) -> None:
        kind = next((c for c in classes if c.lower() in CALLOUT_ALIASES), classes[0] if classes else "note")
        title_element = next((child for child in element if child.tag == title_tag and
                              (title_class is None or title_class in (child.get("class") or ""))), None)
        title = "".join(title_element.itertext()).strip() if title_element is not None else ""
        if title_element is not None:
            element.remove(title_element)
        element.tag = "div"
        element.attrib.clear()
        element.set("class", CALLOUT_CLASS)
        element.set("data-marker", kind)
        if title and title.casefold() != kind.casefold():
            element.set("data-title", title)


class TabsTreeprocessor(Treeprocessor):
    """Content tabs (pymdownx.tabbed's `=== "Label"`) one after the other, as paper and slides show
    them: each tab's label in bold, then its content."""

    def run(self, root: ElementTree.Element) -> None:
        for element in list(root.iter("div")):
            if "tabbed-set" not in (element.get("class") or "").split():
                continue
            labels = [child for holder in element if "tabbed-labels" in (holder.get("class") or "")
                      for child in holder if child.tag == "label"]
            blocks = [child for holder in element if "tabbed-content" in (holder.get("class") or "")
                      for child in holder]
            for child in list(element):
                element.remove(child)
            element.attrib.clear()
            for label, block in zip(labels, blocks, strict=False):
                lead = ElementTree.SubElement(element, "p")
                strong = ElementTree.SubElement(lead, "strong")
                strong.text, strong[:] = label.text, list(label)
                element.extend(list(block))


class TreeCapture(Treeprocessor):
    """Keep the finished tree so the reader can walk it instead of parsing HTML."""

    def run(self, root: ElementTree.Element) -> None:
        self.md.publish_tree = root  # type: ignore[attr-defined]


class PublishExtension(Extension):
    """Register the fences, the callouts and the tree capture."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"first_line": [1, "source line of the first Markdown line (after front matter)"],
                       "variables": [{}, "the page's variables for its shortcodes: name -> text"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        md.publish_diagnostics = []  # type: ignore[attr-defined]
        # pandoc and CommonMark escape any ASCII punctuation (`\@`, `\~`, `\|`), Python-Markdown fewer
        md.ESCAPED_CHARS.extend(char for char in string.punctuation if char not in md.ESCAPED_CHARS)
        first_line = int(self.getConfig("first_line"))
        shortcodes = ShortcodePreprocessor(md, first_line, self.getConfig("variables"))
        md.preprocessors.register(shortcodes, "publish_shortcodes", 30)
        md.preprocessors.register(FencedDivPreprocessor(md, first_line), "publish_fences", 26)
        md.treeprocessors.register(CalloutTreeprocessor(md), "publish_callouts", 15)
        md.treeprocessors.register(AdmonitionTreeprocessor(md), "publish_admonitions", 14)
        md.treeprocessors.register(TabsTreeprocessor(md), "publish_tabs", 13)
        md.treeprocessors.register(TreeCapture(md), "publish_capture", 0)
