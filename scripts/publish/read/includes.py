"""Includes: a line that is only an include shortcode is replaced by the Markdown file it names.

Jekyll's `{% include x.md %}` (looked for in `_includes/` of the document's folder and the folders
above it, then beside the document), `{% include_relative x.md %}`, Eleventy's `{% include "x.md" %}`,
Quarto's `{{< include _x.qmd >}}` and Hugo's `{{% include "x.md" %}}` (beside the document). Only
Markdown files inside the build's sandbox are read; an included file's front matter is dropped and
its own includes are followed, to a depth and without loops. Every expanded line remembers the
line of the document it stands for, so later findings name the include's line. An include of a
Markdown file that cannot be followed is left out with a warning saying why; one of a site's HTML
template stays for the shortcode step, which leaves it out with its own warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from publish.limits import MAX_SOURCE_BYTES
from publish.model.document import MARKDOWN_SUFFIXES
from publish.read.bounds import bound_source, decode
from publish.read.front_matter import split_front_matter
from publish.resources import Sandbox

MAX_INCLUDE_DEPTH = 8
INCLUDE = re.compile(
    r"^\s*(?:\{%-?\s*(?P<liquid>include|include_relative)\s+(?P<liquid_path>\"[^\"]+\"|'[^']+'|[^\s%]+)[^%]*-?%\}"
    r"|\{\{[<%]\s*include\s+(?P<hugo_path>\"[^\"]+\"|'[^']+'|[^\s>%]+)\s*[>%]\}\})\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
T = TypeVar("T")


@dataclass
class Expanded:
    """The source with its includes in place; `lines[i]` is the document line that line i+1 stands for."""

    text: str
    lines: list[int]
    findings: list[tuple[str, str, int, str]] = field(default_factory=list)
    files: tuple[Path, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether any line moved: only a file brought in moves lines (one left out leaves a blank)."""
        return bool(self.files)


def expand_includes(text: str, body_offset: int, path: Path, sandbox: Sandbox) -> Expanded:
    """`text` (the whole source) with the includes of its body expanded."""
    head_lines = text.count("\n", 0, body_offset)
    expander = _Expander(sandbox)
    expanded = expander.lines(text[body_offset:], path.resolve(), (path.resolve(),), None, head_lines)
    head = text[:body_offset]
    body = "\n".join(line for line, _ in expanded)
    lines = [*range(1, head_lines + 1), *(number for _, number in expanded)]
    return Expanded(head + body, lines, expander.findings, tuple(dict.fromkeys(expander.files)))


class _Expander:
    """Follows includes, keeping count of the bytes read and what could not be followed."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.size = 0
        self.findings: list[tuple[str, str, int, str]] = []
        self.files: list[Path] = []

    def lines(self, text: str, path: Path, chain: tuple[Path, ...], at: int | None,
              offset: int = 0) -> list[tuple[str, int]]:
        """Each line of `text` with the document line it stands for: its own (after `offset` lines)
        in the document itself, the include's line `at` in an included file."""
        out: list[tuple[str, int]] = []
        fence: str | None = None
        for index, line in enumerate(text.split("\n")):
            number = at if at is not None else offset + index + 1
            opening = FENCE.match(line)
            if fence is None and opening:
                fence = opening.group(1)[0] * 3
            elif fence is not None:
                fence = None if opening and opening.group(1).startswith(fence) else fence
            include = INCLUDE.match(line) if fence is None and not opening else None
            reported = len(self.findings)
            found = self._file(include, path, chain, number) if include else None
            if found is None:  # a reported include is left out; an HTML one stays for the shortcode step
                out.append(("" if len(self.findings) > reported else line, number))
            else:
                out.extend(self.lines(found[1], found[0], (*chain, found[0]), number))
        return out

    def _file(self, include: re.Match[str], path: Path, chain: tuple[Path, ...],
              number: int) -> tuple[Path, str] | None:
        """The file an include names and its Markdown body, or None (with a finding) when it cannot be read."""
        written = (include.group("liquid_path") or include.group("hugo_path") or "").strip("\"'")
        if Path(written).suffix.lower() not in MARKDOWN_SUFFIXES:
            return None  # an HTML template of the site's: the shortcode step leaves it out
        candidates = [(written, path.parent)]  # (relative path, folder it is relative to)
        if include.group("liquid") == "include":
            candidates = [(f"_includes/{written}", folder) for folder in path.parents] + candidates
        target = next((found for relative, folder in candidates
                       if (found := self._readable(relative, folder)) is not None), None)
        problem = self._problem(written, target, chain)
        if problem is not None or target is None:
            message, fix = problem or ("", "")
            self.findings.append(("include", message, number, fix))
            return None
        raw = target.read_bytes()
        self.size += len(raw)
        self.files.append(target)
        text = bound_source(decode(raw, target).replace("\r\n", "\n").replace("\r", "\n"), target).text
        _, body_offset = split_front_matter(text, target)
        return target, text[body_offset:].rstrip("\n")

    def _problem(self, written: str, target: Path | None, chain: tuple[Path, ...]) -> tuple[str, str] | None:
        """Why the include cannot be followed (message, fix), or None."""
        if target is None:
            return (f"the included file {written} is not beside the document (or in an _includes folder)",
                    "put the file beside the document, or paste its text here")
        if target in chain:
            return f"{written} includes itself, through the files it includes", "remove the include that leads back"
        if len(chain) > MAX_INCLUDE_DEPTH:
            return (f"includes nested more than {MAX_INCLUDE_DEPTH} deep are not followed",
                    "include the files from the document itself")
        if self.size + target.stat().st_size > MAX_SOURCE_BYTES:
            return f"the included files add up to more than {MAX_SOURCE_BYTES // 1_000_000} MB", "split the document"
        return None

    def _readable(self, relative: str, folder: Path) -> Path | None:
        """The file, when it exists inside the sandbox's folders (the sandbox decides, as for pictures)."""
        try:
            found = self.sandbox.local_path(relative, folder)
        except PermissionError:
            return None
        return found if found.is_file() else None


def remap_lines(value: T, lines: list[int]) -> T:
    """`value` (blocks, diagnostics) with every `line` turned from expanded to document numbering."""
    if isinstance(value, tuple):
        return tuple(remap_lines(item, lines) for item in value)  # type: ignore[return-value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for item in fields(value):
        current = getattr(value, item.name)
        if item.name == "line" and isinstance(current, int) and 0 < current <= len(lines):
            changes[item.name] = lines[current - 1]
        elif isinstance(current, tuple) or (is_dataclass(current) and not isinstance(current, type)):
            changes[item.name] = remap_lines(current, lines)
    return replace(value, **changes)
