"""Our Python-Markdown extensions: `:::` audience blocks and `> [!NOTE]` callouts.

One feature per class, patterns as class constants (as Python-Markdown's own
admonition extension does). Problems found while parsing are appended to
`md.publish_diagnostics` as (code, message, line, fix) tuples; the reader
turns them into Diagnostics with the file name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

AUDIENCES = ("notes", "slides", "print")
CALLOUT_KINDS = ("note", "tip", "important", "warning", "caution")
ONLY_CLASS = "publish-only"
CALLOUT_CLASS = "publish-callout"


def _report(md: Markdown, code: str, message: str, line: int | None, fix: str) -> None:
    md.publish_diagnostics.append((code, message, line, fix))  # type: ignore[attr-defined]


class FencedDivPreprocessor(Preprocessor):
    """Turn pandoc-style `::: notes` ... `:::` fences into `<div markdown="1">`.

    md_in_html then parses the inside as Markdown, so the blocks nest and
    keep every other feature. Fences inside code blocks are left alone.
    """

    OPEN = re.compile(r"^ {0,3}:{3,}\s*\{?\s*\.?([\w-]+)\s*\}?\s*$")
    CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
    CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

    def __init__(self, md: Markdown, first_line: int) -> None:
        super().__init__(md)
        self.first_line = first_line

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        open_fences: list[tuple[str, int]] = []
        code_fence: str | None = None
        for index, line in enumerate(lines):
            number = index + self.first_line
            fence = self.CODE_FENCE.match(line)
            if code_fence is not None:
                if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence):
                    code_fence = None
                out.append(line)
                continue
            if fence:
                code_fence = fence.group(1)
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
                    _report(self.md, "fence-unknown", f"unknown block '::: {opening.group(1)}'", number,
                            "use '::: notes' (speaker notes), '::: slides' (slides only) or '::: print' (guide only)")
                    name = "unknown"
                open_fences.append((name, number))
                out.extend(["", f'<div class="{ONLY_CLASS}" data-audience="{name}" data-line="{number}" markdown="1">', ""])
                continue
            out.append(line)
        for name, number in open_fences:
            _report(self.md, "fence-unclosed", f"'::: {name}' is never closed", number,
                    "add a line with ':::' where the block ends")
            out.extend(["", "</div>", ""])
        return out


class CalloutTreeprocessor(Treeprocessor):
    """Turn GitHub-style alerts (`> [!NOTE]`, optional title after it) into callout divs."""

    MARKER = re.compile(r"^\s*\[!(\w+)\][ \t]*([^\n]*)\n?")

    def run(self, root: etree.Element) -> None:
        for quote in list(root.iter("blockquote")):
            first = quote[0] if len(quote) else None
            if first is None or first.tag != "p" or not first.text:
                continue
            marker = self.MARKER.match(first.text)
            if not marker:
                continue
            kind = marker.group(1).lower()
            if kind not in CALLOUT_KINDS:
                _report(self.md, "callout-unknown", f"unknown callout '[!{marker.group(1)}]'", None,
                        "use [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]")
                kind = "note"
            quote.tag = "div"
            quote.set("class", CALLOUT_CLASS)
            quote.set("data-kind", kind)
            title = marker.group(2).strip()
            if title:
                quote.set("data-title", title)
            first.text = first.text[marker.end():]
            if not first.text.strip() and len(first) == 0:
                quote.remove(first)


class TreeCapture(Treeprocessor):
    """Keep the finished tree so the reader can walk it instead of parsing HTML."""

    def run(self, root: etree.Element) -> None:
        self.md.publish_tree = root  # type: ignore[attr-defined]


class PublishExtension(Extension):
    """Register the fences, the callouts and the tree capture."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"first_line": [1, "source line of the first Markdown line (after front matter)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        md.publish_diagnostics = []  # type: ignore[attr-defined]
        md.preprocessors.register(FencedDivPreprocessor(md, int(self.getConfig("first_line"))), "publish_fences", 25)
        md.treeprocessors.register(CalloutTreeprocessor(md), "publish_callouts", 15)
        md.treeprocessors.register(TreeCapture(md), "publish_capture", 0)
