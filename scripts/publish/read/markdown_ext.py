"""Our Python-Markdown extensions: `:::` audience blocks and `> [!NOTE]` callouts.

One feature per class, patterns as class constants (as Python-Markdown's own
admonition extension does). Problems found while parsing are appended to
`md.publish_diagnostics` as (code, message, line, fix) tuples; the reader
turns them into Diagnostics with the file name. Callout kinds are checked by
the reader, which knows where each callout is in the source.
"""

from __future__ import annotations

import difflib
import re
from typing import Any
from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

AUDIENCES = ("notes", "slides", "print")
ONLY_CLASS = "publish-only"
CALLOUT_CLASS = "publish-callout"


def _report(md: Markdown, code: str, message: str, line: int | None, fix: str) -> None:
    md.publish_diagnostics.append((code, message, line, fix))  # type: ignore[attr-defined]


class FencedDivPreprocessor(Preprocessor):
    """Turn pandoc-style `::: notes` ... `:::` fences into `<div markdown="1">`.

    md_in_html then parses the inside as Markdown, so the blocks nest and
    keep every other feature. It runs before fenced_code, on the lines as the
    author wrote them, so its line numbers are true; code fences are
    recognised as fenced_code does (at the margin, closed by the same fence)
    and left alone. A code fence right under a paragraph line gets a blank
    line before it, as CommonMark reads it, instead of joining the paragraph.
    """

    OPEN = re.compile(r"^ {0,3}:{3,}\s*\{?\s*\.?([\w-]+)\s*\}?\s*$")
    CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
    CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")
    DIV = '<div class="{cls}" data-audience="{name}" data-line="{line}" markdown="1">'

    def __init__(self, md: Markdown, first_line: int) -> None:
        super().__init__(md)
        self.first_line = first_line

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        open_fences: list[tuple[str, int]] = []
        code_fence: str | None = None
        for index, line in enumerate(lines):
            number = index + self.first_line
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
                    open_fences.pop()
                    out.extend(["", "</div>", ""])
                else:
                    _report(self.md, "fence-unopened", "a closing ':::' has no opening fence", number,
                            "delete the line, or add '::: notes', '::: slides' or '::: print' above the block")
                continue
            opening = self.OPEN.match(line)
            if opening:
                name = opening.group(1).lower()
                if name not in AUDIENCES:
                    self._unknown(opening.group(1), number)
                    name = "unknown"
                open_fences.append((name, number))
                out.extend(["", self.DIV.format(cls=ONLY_CLASS, name=name, line=number), ""])
                continue
            out.append(line)
        for name, number in open_fences:
            _report(self.md, "fence-unclosed", f"'::: {name}' is never closed", number,
                    "add a line with ':::' where the block ends")
            out.extend(["", "</div>", ""])
        return out

    def _unknown(self, name: str, line: int) -> None:
        guess = difflib.get_close_matches(name.lower(), AUDIENCES, n=1, cutoff=0.5)
        hint = f"did you mean '::: {guess[0]}'? " if guess else ""
        _report(self.md, "fence-unknown", f"unknown block '::: {name}'", line,
                f"{hint}use '::: notes' (speaker notes), '::: slides' (slides only) or '::: print' (guide only)")


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
        title = marker.group(2).strip()
        if title:
            quote.set("data-title", title)
        first.text = (first.text or "")[marker.end():]
        if not first.text.strip() and len(first) == 0:
            quote.remove(first)


class TreeCapture(Treeprocessor):
    """Keep the finished tree so the reader can walk it instead of parsing HTML."""

    def run(self, root: ElementTree.Element) -> None:
        self.md.publish_tree = root  # type: ignore[attr-defined]


class PublishExtension(Extension):
    """Register the fences, the callouts and the tree capture."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"first_line": [1, "source line of the first Markdown line (after front matter)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        md.publish_diagnostics = []  # type: ignore[attr-defined]
        first_line = int(self.getConfig("first_line"))
        md.preprocessors.register(FencedDivPreprocessor(md, first_line), "publish_fences", 26)
        md.treeprocessors.register(CalloutTreeprocessor(md), "publish_callouts", 15)
        md.treeprocessors.register(TreeCapture(md), "publish_capture", 0)
