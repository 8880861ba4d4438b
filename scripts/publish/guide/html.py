"""The print guide: Document -> HTML (the theme's Jinja2 templates) -> PDF.

The HTML is made once from the typed model (never from Markdown) by one
template macro per block type; `-o x.html` writes exactly the text WeasyPrint
lays out for `-o x.pdf` in the same folder. A `<base>` points at the
document's folder, so the author's relative pictures resolve from wherever
the output lands. Layout lives in guide_pdf.py, the only importer of
WeasyPrint, so an HTML build does not pay for it.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from publish import __version__
from publish.formulas import drawn
from publish.highlight import highlight
from publish.job import Job, WriteResult, build_time
from publish.model.diagnostics import Diagnostic
from publish.model.document import (
    CALLOUT_KINDS,
    Block,
    Callout,
    Heading,
    Inline,
    ListBlock,
    Only,
    Quote,
    Rule,
    Text,
    plain_text,
)
from publish.theme.templating import render

PRINTED_AUDIENCE = "print"
LINK_SCHEMES = ("http", "https", "mailto")
FONT_FACE_STYLES = {  # fonts.<role>.files keys (theme.FONT_STYLES) -> (font-weight, font-style)
    "regular": ("normal", "normal"), "bold": ("bold", "normal"),
    "italic": ("normal", "italic"), "bold_italic": ("bold", "italic"),
}

SIBLING_PDF = re.compile(r"[^/:#?]+\.pdf")


def write_html(job: Job, target: Path, final: Path) -> WriteResult:
    """Write the HTML the PDF would be made from, its URLs resolving from `final`'s folder."""
    html, diagnostics = render_html(job, final.parent)
    target.write_text(html, encoding="utf-8")
    return WriteResult(0, diagnostics)


def render_html(job: Job, folder: Path) -> tuple[str, list[Diagnostic]]:
    """The guide as one self-contained HTML text (styles inline) for a file in `folder`."""
    html, _, diagnostics = render_parts(job, folder, inline_css=True)
    return html, diagnostics


def render_parts(job: Job, folder: Path, inline_css: bool = False) -> tuple[str, str, list[Diagnostic]]:
    """The guide's HTML and its stylesheet for a file in `folder`; the HTML holds the sheet when `inline_css`.

    The PDF writer takes them apart: WeasyPrint parses a sheet given as a `CSS` object once, however
    many documents a warm process lays out with it."""
    document, theme = job.document, job.theme
    diagnostics: list[Diagnostic] = []
    created = _pdf_date(job, diagnostics)
    env = theme.environment()
    context: dict[str, Any] = {
        "meta": document.meta,
        # A deck's `---` slide breaks: the guide reads as one continuous text.
        "blocks": tuple(b for b in document.blocks if not (document.meta.slides and isinstance(b, Rule))),
        "contents": contents(document.blocks, document.section_level),
        "section_level": document.section_level,
        "colors": theme.colors,
        "sizes": theme.tokens["sizes"],
        "paper": theme.tokens["paper"],
        "paper_size": job.paper,
        "press": job.options.press,
        "labels": theme.labels(document.meta.lang),
        "fonts": theme.fonts,
        "fallbacks": theme.tokens["fonts"]["fallbacks"],
        "font_faces": _font_faces(job),
        "logo": _asset_url(theme.logo, document.base_dir) if theme.logo else None,
        "base": _folder_url(document.base_dir, folder),
        "created": created,
        "generator": f"publish {__version__}",
        "kind": lambda block: type(block).__name__,
        "highlight": lambda block: highlight(block.code, block.language),
        "formula": lambda tex, inline: drawn(tex, inline, job.theme.tokens["colors"]["text"]),
        "links": link_groups,
        "figure_url": lambda figure: _asset_url(figure.path, document.base_dir) if figure.path else None,
        "picture_url": lambda image: _asset_url(image.path, document.base_dir) if image.path else None,
    }
    context["callout_icons"] = {kind: _svg_uri(render(env, f"icons/{kind}.svg.j2", context)) for kind in CALLOUT_KINDS}
    css = render(env, "guide.css.j2", context)
    html = render(env, "guide.html.j2", {**context, "css": Markup(css if inline_css else "")})
    return html, css, diagnostics


# --------------------------------------------------------------------------- what is printed


def printed(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block the guide prints, depth first: `::: notes` and `::: slides` are skipped."""
    for block in blocks:
        if isinstance(block, Only):
            if block.audience == PRINTED_AUDIENCE:
                yield from printed(block.blocks)
            continue
        yield block
        if isinstance(block, (Callout, Quote)):
            yield from printed(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from printed(item.blocks)


def contents(blocks: tuple[Block, ...], section_level: int) -> list[Heading]:
    """The headings the contents lists: sections and the level below them (H2 and H3)."""
    return [b for b in printed(blocks) if isinstance(b, Heading) and section_level <= b.level <= section_level + 1]


# --------------------------------------------------------------------------- links


@dataclass(frozen=True)
class LinkGroup:
    """Neighbouring inlines sharing one link target (or none), rendered as one <a>."""

    href: str | None
    items: tuple[Inline, ...]

    @property
    def internal(self) -> bool:
        return bool(self.href and self.href.startswith("#"))

    @property
    def printed_url(self) -> str | None:
        """The address shown after an external link on paper, when the text does not already say it."""
        if not self.href or self.internal:
            return None
        shown = self.href.removeprefix("mailto:")
        text = plain_text(self.items).strip()
        return None if text in (shown, self.href) or text.rstrip("/") == shown.rstrip("/") else shown


def link_groups(content: tuple[Inline, ...]) -> list[LinkGroup]:
    """Group runs by link so a link split by styles is one link; unusable targets become text."""
    groups: list[LinkGroup] = []
    for item in content:
        href = item.href if isinstance(item, Text) and item.href and _printable_link(item.href) else None
        if groups and groups[-1].href == href:
            groups[-1] = LinkGroup(href, (*groups[-1].items, item))
        else:
            groups.append(LinkGroup(href, (item,)))
    return groups


def _printable_link(href: str) -> bool:
    """Web, mail and in-document links, and a sibling document's PDF (the reader only makes those
    for documents built beside this one); any other file link means nothing in an emailed PDF."""
    return href.startswith("#") or urlsplit(href).scheme.lower() in LINK_SCHEMES or bool(SIBLING_PDF.fullmatch(href))


# --------------------------------------------------------------------------- files and dates


def _svg_uri(svg: str) -> str:
    """A data: URI for an SVG the theme renders (the stylesheet carries it: no file to fetch or leave behind)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.strip().encode()).decode("ascii")


def _folder_url(target: Path, start: Path) -> str:
    """The document folder as seen from the output folder, for <base href>."""
    relative = Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    return "./" if relative == "." else quote(relative) + "/"


def _asset_url(path: Path, base_dir: Path) -> str:
    return quote(Path(os.path.relpath(path.resolve(), base_dir.resolve())).as_posix())


def _font_faces(job: Job) -> list[dict[str, str]]:
    """@font-face rules for fonts a theme ships as files instead of installing them."""
    faces = []
    for font in job.theme.fonts.values():
        for style, path in sorted((font.files or {}).items()):
            weight, slant = FONT_FACE_STYLES[style]
            faces.append({"family": font.family, "url": _asset_url(path, job.document.base_dir),
                          "weight": weight, "style": slant})
    return faces


def _pdf_date(job: Job, diagnostics: list[Diagnostic]) -> str | None:
    """The PDF's creation date (W3C form) from build_time: never the clock."""
    when = build_time(job.document)
    if when is None and job.document.meta.date:
        diagnostics.append(Diagnostic("front-matter-date", f"date '{job.document.meta.date}' is not YYYY-MM-DD; "
                                      "the PDF has no creation date", job.document.path, None,
                                      "write the date as 2026-11-26, or set SOURCE_DATE_EPOCH"))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None
