"""Inline content into the model's runs: styles, links (checked), pictures, line breaks,
footnote references and inline HTML, sanitised."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER

from publish.formulas import problem
from publish.model.document import (
    MARKDOWN_SUFFIXES,
    FootnoteRef,
    Inline,
    InlineImage,
    LineBreak,
    Math,
    RawInline,
    Style,
    Text,
)
from publish.read.context import PLACEHOLDER, Context
from publish.read.raw_html import DROPPED_WITH_CONTENT, dropped_parts, is_unsafe_url, parse_tag, sanitize
from publish.read.slide_dialects import marp_picture
from publish.resources import check_image, image_format, svg_right_to_left_text

SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
HTML_FIX = "use Markdown for content; scripts, frames, embeds and local file paths are never included"
IMAGE_FIX = "put the picture in the document's folder (e.g. images/) and link it with a relative path"
SVG_TEXT_FIX = "turn the picture's text into paths (Inkscape: Path > Object to Path) or save it as PNG"
LINK_FIX = "link to web pages (https://...), e-mail addresses (mailto:...) or headings in this document (#id)"
LINK_SCHEMES = ("http", "https", "mailto")
INLINE_STYLE_TAGS: dict[str, Style] = {
    "strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code", "kbd": "code",
    "samp": "code", "tt": "code", "del": "del", "s": "del", "strike": "del", "sup": "sup",
    "sub": "sub", "mark": "mark",
}
CHECKBOX = re.compile(r'<input type="checkbox"[^>]*>', re.I)
CHECKED, UNCHECKED = "\u2611\u00a0", "\u2610\u00a0"  # ☑ and ☐, kept with the task's first word


def read_content(element: ElementTree.Element, context: Context) -> tuple[Inline, ...]:
    """The inlines of one paragraph, heading, cell or list item; an unclosed inline <script> ends with it."""
    context.skipping = None
    return clean_inlines(_inlines(element, context))


def _inlines(element: ElementTree.Element, context: Context, styles: frozenset[Style] = frozenset(),
             href: str | None = None) -> list[Inline]:
    out = _text_inlines(element.text, styles, href, context)
    for child in element:
        out.extend(_inline_element(child, context, styles, href))
        out.extend(_text_inlines(child.tail, styles, href, context))
    return out


def _inline_element(child: ElementTree.Element, context: Context, styles: frozenset[Style],
                    href: str | None) -> list[Inline]:
    tag = child.tag
    anchor = child.find("a")
    if tag == "sup" and anchor is not None and anchor.get("class") == "footnote-ref":
        label = (anchor.get("href") or "").removeprefix("#fn:")
        context.cited.add(label)
        return [FootnoteRef(label, context.footnotes.get(label, ()))]
    if tag == "span" and child.get("class") == "arithmatex":
        return [formula(arithmatex_tex(child.text or ""), context, styles, href)]
    if tag == "code" and len(child) == 0 and child.text:  # Python-Markdown escapes code spans' &, < and >
        return [Text(html.unescape(child.text), styles | {"code"}, href)]
    if tag in INLINE_STYLE_TAGS:
        return _inlines(child, context, styles | {INLINE_STYLE_TAGS[tag]}, href)
    if tag == "a":
        return _inlines(child, context, styles, _link_target(child.get("href"), context) or href)
    if tag == "br":
        return [LineBreak()]
    if tag == "img":
        alt = child.get("alt") or ""
        if context.slides:
            background, alt = marp_picture(alt)
            if background == "background":
                return []
        return _inline_image(child.get("src") or "", alt, context)
    return _inlines(child, context, styles, href)


def arithmatex_tex(written: str) -> str:
    """The TeX of a formula as arithmatex wrote it, without its delimiters (`\\(x\\)`, `\\[x\\]`)."""
    return written.strip().removeprefix("\\(").removesuffix("\\)").removeprefix("\\[").removesuffix("\\]").strip()


def formula(tex: str, context: Context, styles: frozenset[Style] = frozenset(),
            href: str | None = None) -> Math | Text:
    """A formula, checked: one that cannot be drawn is shown as the TeX written, in code, with the
    parser's message."""
    trouble = problem(tex)
    if trouble is None:
        return Math(tex)
    context.warn("formula", f"the formula “{tex[:60]}” cannot be read ({trouble}); it is shown as written",
                 context.locate(tex[:40]), "check the TeX: braces in pairs, commands spelled as in LaTeX")
    return Text(tex, styles | {"code"}, href)


def _link_target(target: str | None, context: Context) -> str | None:
    """A link's target if it may appear in a document; internal ones are checked at the end."""
    if not target:
        return None
    sibling = _sibling_document(target, context)
    if sibling is not None:
        return sibling
    problem = link_problem(target)
    if problem is not None:
        context.warn("link-dropped", f"link to {target} removed{problem}", context.locate(target), LINK_FIX)
        return None
    if target.startswith("#"):
        context.links.append((target, context.locate(f"]({target}", target)))
    return target


def _sibling_document(target: str, context: Context) -> str | None:
    """A link to another Markdown document in this one's folder, as a link to that document's PDF
    (built beside this one, so the relative link works wherever the two travel together)."""
    try:
        parts = urlsplit(target.strip())
    except ValueError:  # not an address at all: link_problem says so
        return None
    if parts.scheme or parts.netloc or not parts.path.lower().endswith(MARKDOWN_SUFFIXES):
        return None
    document = (context.base / unquote(parts.path)).resolve()
    if document.parent != context.base.resolve() or not document.is_file():
        return None
    return quote(document.with_suffix(".pdf").name)


def link_problem(target: str) -> str | None:
    """Why a link cannot be kept ('' when no more need be said), or None when it can.

    Both artifacts travel by e-mail: only web, mail and in-document links work
    wherever they are opened; a path means a file on the machine that built them.
    """
    if is_unsafe_url(target):
        return ""
    if target.startswith("#"):
        return None
    try:
        scheme = urlsplit(target.strip()).scheme.lower()
    except ValueError:  # an unclosed IPv6 bracket: http://[oops
        return ": it is not a valid address"
    if scheme in LINK_SCHEMES:
        return None
    if not scheme:
        return ": a link to a file works only on the computer that built the document"
    return f": '{scheme}:' links are not kept"


def _inline_image(src: str, alt: str, context: Context) -> list[Inline]:
    """A picture in running text; one the sandbox refuses becomes its alt text.

    A missing one stays (the writers show its alt text), so adding the file
    later is noticed by `make watch`.
    """
    path, problem = check_image(context.sandbox, src, context.base)
    if problem:
        context.warn("image", problem, context.locate(f"]({src}", src), IMAGE_FIX)
        if not context.sandbox.allows(src, context.base):
            return [Text(alt)] if alt else []
    warn_right_to_left_svg_text(path, src, None, context)
    return [InlineImage(src, alt, path)]


def warn_right_to_left_svg_text(path: Path | None, src: str, line: int | None, context: Context) -> None:
    if path is None or image_format(path) != "svg":
        return
    found = svg_right_to_left_text(path)
    if found is None:
        return
    quoted = f"picture {src} has right-to-left text ('{found.text[:40]}')"
    problem = (f"{quoted} whose letters are placed one by one: the PDF and the slides draw them unjoined and in "
               "reverse order" if found.letter_by_letter else
               f"{quoted}, which the slides' SVG renderer does not lay out: on the slides it may come out reversed "
               "or run off the picture (the PDF lays it out)")
    context.warn("svg-text", problem, line if line is not None else context.locate(f"]({src}", src), SVG_TEXT_FIX)


def _text_inlines(text: str | None, styles: frozenset[Style], href: str | None,
                  context: Context) -> list[Inline]:
    """Text with stashed inline HTML: harmless tags become styles and links, the rest goes."""
    if not text:
        return []
    out: list[Inline] = []
    active, link = set(styles), href
    position = 0
    for match in [*PLACEHOLDER.finditer(text), None]:
        end = match.start() if match else len(text)
        if end > position and context.skipping is None:
            out.append(Text(text[position:end], frozenset(active), link))
        if match is None:
            break
        position = match.end()
        fragment = context.stash[int(match.group(1))]
        if CHECKBOX.fullmatch(fragment.strip()):  # a task list's box (pymdownx.tasklist): a character
            out.append(Text(CHECKED if " checked" in fragment else UNCHECKED, frozenset(active), link))
            continue
        tag = parse_tag(fragment)
        if tag is None:
            out.extend(_html_fragment(fragment, context, frozenset(active), link))
            continue
        if context.skipping is not None:
            if tag.closing and tag.name == context.skipping:
                context.skipping = None
            continue
        if tag.closing:
            if tag.name in INLINE_STYLE_TAGS:
                active.discard(INLINE_STYLE_TAGS[tag.name])
            elif tag.name == "a":
                link = href
            continue
        dropped = dropped_parts([tag])
        if dropped:
            context.warn("html-dropped", f"raw HTML removed: {', '.join(dropped)}",
                         context.locate(fragment.strip()[:30]), HTML_FIX)
        if tag.name in DROPPED_WITH_CONTENT:
            context.skipping = tag.name
        elif tag.name == "br":
            out.append(LineBreak())
        elif tag.name in INLINE_STYLE_TAGS:
            active.add(INLINE_STYLE_TAGS[tag.name])
        elif tag.name == "a":
            target = tag.attributes.get("href", "")
            link = _link_target(target, context) if target and not is_unsafe_url(target) else href
        elif tag.name == "img":
            src, alt = tag.attributes.get("src", ""), tag.attributes.get("alt", "")
            out.extend([Text(alt)] if is_unsafe_url(src) else _inline_image(src, alt, context))
    return out


def _html_fragment(fragment: str, context: Context, styles: frozenset[Style], href: str | None) -> list[Inline]:
    """An entity, a comment or a run of several tags written inline."""
    if context.skipping is not None:
        return []
    if "<" not in fragment:
        return [Text(html.unescape(fragment), styles, href)]
    clean, plain, dropped = sanitize(fragment)
    if dropped:
        context.warn("html-dropped", f"raw HTML removed: {', '.join(dropped)}",
                     context.locate(fragment.strip()[:30]), HTML_FIX)
    return [RawInline(clean, plain)] if plain else []


def unstash(text: str, context: Context) -> str:
    return PLACEHOLDER.sub(lambda m: context.stash[int(m.group(1))], text)


def restyle(content: tuple[Inline, ...], style: Style) -> list[Inline]:
    return [Text(i.text, i.styles | {style}, i.href) if isinstance(i, Text) else i for i in content]


def _joins_without_space(before: str, after: str) -> bool:
    """CSS Text's rule: a line break between two wide East Asian characters (not Hangul) vanishes."""
    def wide(char: str) -> bool:
        return unicodedata.east_asian_width(char) in ("W", "F", "H") and "HANGUL" not in unicodedata.name(char, "")

    return bool(before) and bool(after) and wide(before) and wide(after)


def _soft_breaks(text: str) -> str:
    """Source line breaks inside a paragraph read as spaces (none between CJK characters)."""
    def join(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return "" if _joins_without_space(before, after) else " "

    return SOFT_BREAK.sub(join, text)


def clean_inlines(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Merge neighbouring runs of the same style and trim the outer whitespace, and the spaces
    around a line break (the source's line end)."""
    merged: list[Inline] = []
    for item in inlines:
        if isinstance(item, LineBreak) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text.rstrip(" "), merged[-1].styles, merged[-1].href)
        if isinstance(item, Text):
            text = _soft_breaks(item.text.replace(NBSP_PLACEHOLDER, "\u00a0").replace(FN_BACKLINK_TEXT, ""))
            if merged and isinstance(merged[-1], LineBreak):
                text = text.lstrip(" ")
            if not text:
                continue
            item = Text(text, item.styles, item.href)
            last = merged[-1] if merged else None
            if isinstance(last, Text) and last.styles == item.styles and last.href == item.href:
                merged[-1] = Text(last.text + item.text, item.styles, item.href)
                continue
        merged.append(item)
    if merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip(), merged[0].styles, merged[0].href)
    if merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip(), merged[-1].styles, merged[-1].href)
    return tuple(item for item in merged if not (isinstance(item, Text) and not item.text))
