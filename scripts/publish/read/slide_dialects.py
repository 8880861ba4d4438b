"""Markdown written as slides: which front matter says a source is a deck (Marp's `marp: true`,
pandoc's and Quarto's slide formats), the heading level that starts a slide, and Marp's
comments (speaker notes or directives) and picture keywords."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from publish.model.document import Block, Heading

MarpBackground = Literal["background", "split"] | None
SLIDE_FORMATS = frozenset({"revealjs", "pptx", "beamer", "slidy", "slideous", "dzslides", "s5", "marp"})
PAUSE = re.compile(r"^ {0,3}\. \. \.[ \t]*$", re.M)
MARP_DIRECTIVE = re.compile(r"^\s*_?[A-Za-z][\w-]*\s*:\s*\S.*$")  # <!-- _class: lead -->, <!-- paginate: true -->
MARP_KEYWORD = re.compile(r"(?i)bg|left|right|fit|contain|cover|auto|vertical|opacity|blur|sepia|grayscale|"
                          r"brightness|contrast|drop-shadow|hue-rotate|invert|saturate|\d+(\.\d+)?%|"
                          r"(w|h|width|height|opacity|blur|sepia|grayscale|brightness|contrast|saturate):\S+")


def written_as_slides(fields: dict[str, object]) -> bool:
    """Whether the front matter says the Markdown is a slide deck: Marp's `marp: true`, or a
    pandoc/Quarto slide format (`format: revealjs`, `format: {pptx: ...}`, `output: beamer_presentation`)."""
    return fields.get("marp") is True or bool(_slide_formats(fields))


def _slide_formats(fields: dict[str, object]) -> list[object]:
    """The settings of each slide format the front matter names (`format: {revealjs: {...}}`)."""
    found: list[object] = []
    for key in ("format", "output"):
        value = fields.get(key)
        names = list(value) if isinstance(value, (dict, list)) else [value]
        for name in names:
            if isinstance(name, str) and name.split("_")[0].split("-")[0].lower() in SLIDE_FORMATS:
                found.append(value.get(name) if isinstance(value, dict) else None)
    return found


def slide_level(fields: dict[str, object], blocks: Sequence[Block]) -> int | None:
    """The heading level that starts a slide in a deck written as slides, besides `---`.

    Marp splits at headings only when `headingDivider` asks (None: `---` alone). pandoc and
    Quarto take `slide-level` from the front matter or the format's options, else Quarto's 2 for
    a `format:` deck and pandoc's rule for others (the highest heading level followed directly by
    content); headings above it open sections."""
    if fields.get("marp") is True:
        divider = fields.get("headingDivider", fields.get("headingdivider"))
        levels = divider if isinstance(divider, list) else [divider]
        return max((level for level in levels if isinstance(level, int) and 1 <= level <= 6), default=None)
    options = [fields, *(settings for settings in _slide_formats(fields) if isinstance(settings, dict))]
    for settings in options:
        for key in ("slide-level", "slide_level"):
            level = settings.get(key)
            if isinstance(level, int) and 0 <= level <= 6:
                return level or None
    if isinstance(fields.get("format"), (str, dict, list)) and _slide_formats({"format": fields["format"]}):
        return 2
    followed = [block.level for block, after in zip(blocks, [*blocks[1:], None], strict=True)
                if isinstance(block, Heading) and after is not None and not isinstance(after, Heading)]
    return min(followed, default=None)


def speaker_note(comment: str) -> str | None:
    """A slide deck's HTML comment as speaker notes, or None for a Marp directive or an empty one."""
    inner = comment.strip().removeprefix("<!--").removesuffix("-->").strip()
    lines = [line for line in inner.splitlines() if line.strip()]
    if not lines or all(MARP_DIRECTIVE.match(line) for line in lines):
        return None
    return inner


def marp_picture(alt: str) -> tuple[MarpBackground, str]:
    """Marp's picture keywords, read off the alt text: whether it is a slide background (`bg`, which
    neither the guide nor an editable deck shows as content) or a split one (`bg left`, `bg right`:
    a picture beside the text, content), and the alt text without the keywords (`w:200`,
    `h:1.5em`, `60%`, `right`, `opacity` ...)."""
    words = alt.split()
    kind: MarpBackground = None
    if words and words[0].lower() == "bg":
        kind = "split" if any(word.lower() in ("left", "right") for word in words[1:]) else "background"
    kept = [word for word in words if not MARP_KEYWORD.fullmatch(word)]
    return kind, " ".join(kept)
