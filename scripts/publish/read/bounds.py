"""The source held within the limits every later stage can handle, line by line, before parsing.

Characters XML cannot carry (control characters, lone surrogates) are removed, since neither a
PDF's metadata nor a deck may hold them. Quotes and lists nested deeper than any real document
are flattened to the deepest level allowed; code keeps its indentation. A run of characters
with no space longer than any word or address is refused: it is pasted data, and no artifact
can lay it out. Each finding is one warning (or the error) with the first line it concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.limits import MAX_INDENT, MAX_NESTING, MAX_RUN
from publish.model.diagnostics import error

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
QUOTE_MARKERS = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A run of text: markup punctuation (emphasis, table rules, tags, brackets) separates runs.
LONG_RUN = re.compile(rf"[^\s|*_<>\[\]{{}}()#:~`=-]{{{MAX_RUN + 1},}}")
DATA_URL = re.compile(r"\(\s*<?data:[\w/+.-]+[;,]", re.I)  # ![x](data:image/png;base64,...) may be long


@dataclass
class Bounded:
    """The source within bounds, and what was changed: (code, message, first line, fix)."""

    text: str
    findings: list[tuple[str, str, int, str]] = field(default_factory=list)


def bound_source(text: str, path: Path) -> Bounded:
    """Apply the limits to `text` (front matter included: its line numbers stay true)."""
    result = Bounded(text)
    _remove_characters(result)
    lines = result.text.split("\n")
    flattened: dict[str, int] = {}
    fence: str | None = None
    for index, line in enumerate(lines):
        number = index + 1
        run = LONG_RUN.search(line)
        if run and not DATA_URL.search(line):
            raise error("limit-run", f"a run of {len(run.group()):,} characters without a space (the limit is "
                        f"{MAX_RUN:,}): no page or slide can lay it out", path, number,
                        "break it with spaces or line breaks, or link to it as a file")
        opening = FENCE.match(line)
        if fence is not None:
            fence = None if opening and opening.group(1).startswith(fence) else fence
            continue
        if opening:
            fence = opening.group(1)[0] * 3
            continue
        lines[index] = _flatten(line, number, flattened)
    result.text = "\n".join(lines)
    for what, number in flattened.items():
        result.findings.append(("limit-nesting", f"{what} nested more than {MAX_NESTING} deep are flattened to that "
                                "depth", number, "nest less deeply: a reader follows three or four levels"))
    return result


def clean_fields(fields: dict[str, Any], result: Bounded) -> dict[str, Any]:
    """Front matter values without the characters XML cannot carry (YAML's escapes can write them)."""
    removed: list[str] = []

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            removed.extend(NOT_IN_XML.findall(value))
            return NOT_IN_XML.sub("", value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    cleaned = {key: clean(value) for key, value in fields.items()}
    if removed:
        names = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in removed))
        result.findings.append(("characters", f"{len(removed)} character(s) no document may hold were removed from "
                                f"the front matter ({names})", 2, "delete the escapes that write them"))
    return cleaned


def _remove_characters(result: Bounded) -> None:
    found = NOT_IN_XML.findall(result.text)
    if not found:
        return
    first = NOT_IN_XML.search(result.text)
    assert first is not None
    names = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in found))
    result.text = NOT_IN_XML.sub("", result.text)
    result.findings.append(("characters", f"{len(found)} character(s) no document may hold were removed ({names})",
                            result.text.count("\n", 0, first.start()) + 1,
                            "delete them: they are control characters or broken text, invisible in most editors"))


def _flatten(line: str, number: int, flattened: dict[str, int]) -> str:
    """The line with quote markers beyond the limit dropped and indentation beyond it cut back."""
    markers = QUOTE_MARKERS.match(line)
    if markers and markers.group().count(">") > MAX_NESTING:
        flattened.setdefault("quotes", number)
        line = "> " * MAX_NESTING + line[markers.end():]
    indent = len(line) - len(line.lstrip(" \t"))
    if indent and len(line[:indent].expandtabs(4)) > MAX_INDENT:
        flattened.setdefault("lists", number)
        line = " " * MAX_INDENT + line[indent:]
    return line


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is dropped); any other encoding is an error that names the line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error("not-utf8", "the file is UTF-16, not UTF-8", path, 1,
                    "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        guess = bytes([byte]).decode("cp1252", "replace")
        looks = f"; in Windows-1252 it would be '{guess}'" if guess != "\ufffd" and guess.isprintable() else ""
        raise error("not-utf8", f"the file is not UTF-8: byte 0x{byte:02x} at column {column} cannot be decoded{looks}",
                    path, line, "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)") from None
