"""Front matter + Markdown -> Document. The only place Markdown is parsed.

Python-Markdown does the parsing; we walk its element tree once (captured
before serialisation) and build the typed model. Findings are returned as
Diagnostics; anything that makes the document unbuildable raises BuildError.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.extensions.toc import slugify_unicode

from .diagnostics import Diagnostic, error, line_of
from .document import (
    Attribution,
    Block,
    Callout,
    Cell,
    CodeBlock,
    Document,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    InlineImage,
    LineBreak,
    ListBlock,
    ListItem,
    Metadata,
    Only,
    Paragraph,
    Quote,
    RawBlock,
    RawInline,
    Rule,
    Style,
    Table,
    Text,
    plain_text,
)
from .markdown_ext import CALLOUT_CLASS, ONLY_CLASS, PublishExtension
from .resources import Sandbox, check_image
from .sanitize import sanitize

FRONT_MATTER_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
HTML_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)[^>]*?(/?)\s*>")

# Front matter: canonical key -> the spellings authors use for it.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "subtitle": ("subtitle", "description", "summary"),
    "author": ("author", "authors", "owner", "owners", "by"),
    "organisation": ("organisation", "organization", "company", "org", "publisher"),
    "version": ("version", "revision", "rev"),
    "date": ("date", "updated", "last_updated", "published"),
    "lang": ("lang", "language", "locale"),
    "audience": ("audience",),
    "classification": ("classification", "confidentiality", "security"),
    "subject": ("subject",),
    "keywords": ("keywords", "tags", "keyword"),
    "source": ("source", "attribution", "source_name"),
    "source_url": ("source_url", "url"),
    "pdf_variant": ("pdf_variant", "pdf"),
}
KNOWN_KEYS = {alias: key for key, aliases in FIELD_ALIASES.items() for alias in aliases}
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")

INLINE_STYLE_TAGS: dict[str, Style] = {
    "strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code", "kbd": "code",
    "samp": "code", "tt": "code", "del": "del", "s": "del", "strike": "del", "sup": "sup",
    "sub": "sub", "mark": "mark",
}


@dataclass
class _Context:
    """State of one read: the source for locating lines, findings, counters."""

    path: Path
    source: str
    sandbox: Sandbox
    stash: list[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    footnotes: dict[str, tuple[Inline, ...]] = field(default_factory=dict)
    figure_count: int = 0

    def warn(self, code: str, message: str, line: int | None = None, fix: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.path, line, fix))


def read_file(path: Path, sandbox: Sandbox | None = None) -> tuple[Document, list[Diagnostic]]:
    """Read a Markdown file; raises BuildError when it cannot be built."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("no-input", "file not found", path, fix="check the path") from None
    except OSError as exc:
        raise error("unreadable", f"cannot be read ({exc.strerror})", path, fix="check its permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("not-utf8", f"is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)", path, line,
                    "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)") from None
    base = path.parent.resolve()
    return read_text(text, path, sandbox or Sandbox((base,)))


def read_text(text: str, path: Path, sandbox: Sandbox) -> tuple[Document, list[Diagnostic]]:
    """Parse front matter and Markdown text into a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, body, first_line = _split_front_matter(text, path)
    if not body.strip() and not fields:
        raise error("empty", "the document is empty", path, 1,
                    "write the text in Markdown, starting with a '# Title' line")
    md = markdown.Markdown(
        extensions=["extra", "toc", "sane_lists", PublishExtension(first_line=first_line)],
        extension_configs={"toc": {"slugify": slugify_unicode, "permalink": False},
                           "footnotes": {"UNIQUE_IDS": False}},
    )
    md.convert(body)
    tree: etree.Element = md.publish_tree  # type: ignore[attr-defined]
    context = _Context(path, text, sandbox, list(md.htmlStash.rawHtmlBlocks))
    for code, message, line, fix in md.publish_diagnostics:  # type: ignore[attr-defined]
        if code in ("fence-unknown", "fence-unclosed"):
            raise error(code, message, path, line, fix)
        context.warn(code, message, line, fix)
    _collect_footnotes(tree, context)
    blocks = _blocks(tree, context)
    meta_fields = _normalise_fields(fields, path, text, context)
    blocks, meta_fields = _take_title(blocks, meta_fields, path)
    if not blocks:
        raise error("empty", "the document has a title but no text", path, first_line,
                    "write the body below the front matter")
    meta = _metadata(meta_fields, path, text, context)
    document = Document(meta=meta, blocks=tuple(blocks), path=path, base_dir=path.parent.resolve())
    _check_internal_links(document, context)
    return document, context.diagnostics


# --------------------------------------------------------------------------- front matter


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    match = FRONT_MATTER_FENCE.match(text)
    if not match:
        if text.lstrip("\ufeff").startswith("---\n"):
            raise error("front-matter-unclosed", "the front matter starting on line 1 is never closed", path, 1,
                        "add a line with '---' after the last front matter field")
        return {}, text, 1
    try:
        loaded = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error("front-matter-yaml", f"the front matter is not valid YAML: {problem}", path, line,
                    "check the quoting and indentation; a value containing ': ' must be quoted") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise error("front-matter-shape", "the front matter must be 'key: value' lines", path, 2,
                    "write each field as 'title: My document'")
    body_start = text.count("\n", 0, match.end()) + 1
    return {str(key): value for key, value in loaded.items()}, text[match.end():], body_start


def _normalise_fields(fields: dict[str, Any], path: Path, source: str, context: _Context) -> dict[str, Any]:
    normalised: dict[str, Any] = {}
    for key, value in fields.items():
        canonical = KNOWN_KEYS.get(key.strip().lower().replace("-", "_").replace(" ", "_"))
        if canonical is None:
            guess = difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(FIELD_ALIASES)}"
            context.warn("front-matter-unknown", f"unknown front matter key '{key}' is ignored",
                         line_of(source, f"{key}:"), hint)
            continue
        normalised[canonical] = value
    return normalised


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value if item is not None) or None
    if isinstance(value, dict):
        return str(value.get("name") or ", ".join(str(v) for v in value.values()))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip() or None


def _take_title(blocks: list[Block], fields: dict[str, Any], path: Path) -> tuple[list[Block], dict[str, Any]]:
    """The first block, when it is an H1, is the title and not a section."""
    first = blocks[0] if blocks else None
    if isinstance(first, Heading) and first.level == 1 and (
            not fields.get("title") or first.text.strip() == str(fields.get("title")).strip()):
        fields = {**fields, "title": fields.get("title") or first.text}
        blocks = blocks[1:]
    if not _as_text(fields.get("title")):
        raise error("no-title", "the document has no title", path, 1,
                    "add 'title: ...' to the front matter, or start the text with a '# Title' line")
    return blocks, fields


def _metadata(fields: dict[str, Any], path: Path, source: str, context: _Context) -> Metadata:
    keywords = fields.get("keywords") or ()
    if isinstance(keywords, str):
        keywords = [part.strip() for part in keywords.split(",")]
    raw_source = fields.get("source")
    attribution = None
    if isinstance(raw_source, dict):
        name = _as_text(raw_source.get("name") or raw_source.get("title"))
        attribution = Attribution(name, _as_text(raw_source.get("url"))) if name else None
    elif raw_source is not None:
        attribution = Attribution(str(raw_source), _as_text(fields.get("source_url")))
    lang = (_as_text(fields.get("lang")) or "en").replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
        context.warn("front-matter-lang", f"'{lang}' is not a language tag; using 'en'",
                     line_of(source, "lang"), "use a tag such as en, en-GB, de, ar, he, zh-CN, ja")
        lang = "en"
    variant = _as_text(fields.get("pdf_variant"))
    if variant is not None and variant.lower() not in PDF_VARIANTS:
        context.warn("front-matter-pdf", f"unknown PDF variant '{variant}'", line_of(source, variant),
                     f"use one of {', '.join(PDF_VARIANTS)}")
        variant = None
    return Metadata(
        title=_as_text(fields["title"]) or "",
        subtitle=_as_text(fields.get("subtitle")),
        author=_as_text(fields.get("author")),
        organisation=_as_text(fields.get("organisation")),
        version=_as_text(fields.get("version")),
        date=_as_text(fields.get("date")),
        lang=lang,
        audience=_as_text(fields.get("audience")),
        classification=_as_text(fields.get("classification")),
        subject=_as_text(fields.get("subject")) or _as_text(fields.get("subtitle")),
        keywords=tuple(str(k) for k in keywords if k is not None and str(k).strip()),
        source=attribution,
        pdf_variant=variant.lower() if variant else None,
    )


# --------------------------------------------------------------------------- blocks


def _collect_footnotes(tree: etree.Element, context: _Context) -> None:
    for holder in list(tree):
        if holder.tag == "div" and holder.get("class") == "footnote":
            for item in holder.iter("li"):
                label = (item.get("id") or "").removeprefix("fn:")
                paragraphs = [child for child in item if child.tag == "p"] or [item]
                content: list[Inline] = []
                for paragraph in paragraphs:
                    for backref in [a for a in paragraph if a.get("class") == "footnote-backref"]:
                        paragraph.remove(backref)
                    content.extend(_inlines(paragraph, context))
                context.footnotes[label] = _clean_inlines(content)
            tree.remove(holder)


def _blocks(parent: etree.Element, context: _Context) -> list[Block]:
    blocks: list[Block] = []
    if parent.text and parent.text.strip() and parent.tag not in ("div",):
        blocks.append(Paragraph(_clean_inlines(_text_inlines(parent.text, frozenset(), None, context))))
    for element in parent:
        blocks.extend(_block(element, context))
    return blocks


def _block(element: etree.Element, context: _Context) -> list[Block]:
    tag = element.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        content = _clean_inlines(_inlines(element, context))
        text = plain_text(content)
        return [Heading(int(tag[1]), content, element.get("id") or slugify_unicode(text, "-"),
                        line_of(context.source, text))]
    if tag == "p":
        return _paragraph(element, context)
    if tag in ("ul", "ol"):
        return [_list(element, context)]
    if tag == "dl":
        return [_definition_list(element, context)]
    if tag == "table":
        return [_table(element, context)]
    if tag == "pre":
        code = element.find("code")
        source = element if code is None else code
        language = None
        if code is not None:
            language = next((c.removeprefix("language-") for c in (code.get("class") or "").split()
                             if c.startswith("language-")), None)
        return [CodeBlock(_unstash("".join(source.itertext()), context).rstrip("\n"), language)]
    if tag == "blockquote":
        return [Quote(tuple(_blocks(element, context)))]
    if tag == "hr":
        return [Rule()]
    if tag == "div" and element.get("class") == ONLY_CLASS:
        audience = element.get("data-audience") or "notes"
        line = int(element.get("data-line") or 0) or None
        return [Only(audience, tuple(_blocks(element, context)), line)]  # type: ignore[arg-type]
    if tag == "div" and element.get("class") == CALLOUT_CLASS:
        first_text = "".join(element.itertext()).strip()[:40]
        return [Callout(element.get("data-kind") or "note", element.get("data-title"),  # type: ignore[arg-type]
                        tuple(_blocks(element, context)), line_of(context.source, first_text))]
    # Any other container (an author's <div markdown="1">, <section>...) contributes its content.
    return _blocks(element, context)


def _paragraph(element: etree.Element, context: _Context) -> list[Block]:
    text = (element.text or "").strip()
    children = list(element)
    stashed = PLACEHOLDER.fullmatch(text)
    if stashed and not children:
        return _raw_block(context.stash[int(stashed.group(1))], context)
    if not text and len(children) == 1 and children[0].tag == "img" and not (children[0].tail or "").strip():
        return [_figure(children[0], context)]
    content = _clean_inlines(_inlines(element, context))
    return [Paragraph(content)] if content else []


def _raw_block(fragment: str, context: _Context) -> list[Block]:
    clean, text, dropped = sanitize(fragment)
    line = line_of(context.source, fragment.strip().splitlines()[0] if fragment.strip() else "")
    if dropped:
        context.warn("html-dropped", f"raw HTML removed: {', '.join(dropped)}", line,
                     "use Markdown for content; scripts, frames, embeds and local file paths are never included")
    if not text and not re.search(r"<(img|hr|br)\b", clean):
        return []
    return [RawBlock(clean, text, line)]


def _figure(image: etree.Element, context: _Context) -> Figure:
    src = image.get("src") or ""
    alt = (image.get("alt") or "").strip()
    title = (image.get("title") or "").strip()
    decorative = "decorative" in (image.get("class") or "").split()
    line = line_of(context.source, f"]({src}") or line_of(context.source, src)
    context.figure_count += 1
    path, problem = check_image(context.sandbox, src, context.path.parent.resolve())
    if problem:
        context.warn("image", problem, line, "put the picture in the document's folder (e.g. images/) and "
                     "link it with a relative path")
    if not alt and not decorative:
        context.warn("image-alt", f"picture {src} has no alt text", line,
                     "describe it: ![What the picture shows](path), or mark it ![](path){.decorative}")
    caption_text = title or alt
    number = context.figure_count
    return Figure(src=src, alt=alt or title, caption=(Text(caption_text),) if caption_text else (),
                  number=number, id=f"figure-{number}", path=path, decorative=decorative, line=line)


def _list(element: etree.Element, context: _Context) -> ListBlock:
    items = []
    for item in element.findall("li"):
        block_children = [c for c in item if c.tag in BLOCK_TAGS]
        if not block_children:
            content = _clean_inlines(_inlines(item, context))
            items.append(ListItem((Paragraph(content),) if content else ()))
            continue
        blocks: list[Block] = []
        lead = etree.Element("p")
        lead.text = item.text
        for child in item:
            if child.tag in BLOCK_TAGS:
                if lead.text and lead.text.strip() or len(lead):
                    blocks.extend(_paragraph(lead, context))
                    lead = etree.Element("p")
                blocks.extend(_block(child, context))
                if child.tail and child.tail.strip():
                    lead.text = child.tail
            else:
                lead.append(child)
        if lead.text and lead.text.strip() or len(lead):
            blocks.extend(_paragraph(lead, context))
        items.append(ListItem(tuple(blocks)))
    start = int(element.get("start") or 1) if element.tag == "ol" else 1
    return ListBlock(tuple(items), ordered=element.tag == "ol", start=start)


def _definition_list(element: etree.Element, context: _Context) -> ListBlock:
    items: list[ListItem] = []
    for child in element:
        content = _clean_inlines(_inlines(child, context))
        if child.tag == "dt":
            items.append(ListItem((Paragraph(tuple(_restyle(content, "strong"))),)))
        elif items:
            items[-1] = ListItem(items[-1].blocks + (Paragraph(content),))
    return ListBlock(tuple(items))


def _table(element: etree.Element, context: _Context) -> Table:
    def rows(section: str) -> tuple[tuple[Cell, ...], ...]:
        found = []
        for row in element.iterfind(f"{section}/tr"):
            found.append(tuple(Cell(_clean_inlines(_inlines(cell, context)), _align(cell)) for cell in row))
        return tuple(found)

    header, body = rows("thead"), rows("tbody")
    first_cell = next((plain_text(c.content) for row in header + body for c in row if c.content), "")
    return Table(header=header, rows=body, line=line_of(context.source, f"| {first_cell}"))


def _align(cell: etree.Element) -> Any:
    style = cell.get("style") or cell.get("align") or ""
    for value in ("left", "center", "right"):
        if value in style:
            return value
    return None


BLOCK_TAGS = frozenset({"p", "ul", "ol", "dl", "table", "pre", "blockquote", "div", "hr",
                        "h1", "h2", "h3", "h4", "h5", "h6"})

# --------------------------------------------------------------------------- inlines


def _inlines(element: etree.Element, context: _Context, styles: frozenset[Style] = frozenset(),
             href: str | None = None) -> list[Inline]:
    out = _text_inlines(element.text, styles, href, context)
    for child in element:
        out.extend(_inline_element(child, context, styles, href))
        out.extend(_text_inlines(child.tail, styles, href, context))
    return out


def _inline_element(child: etree.Element, context: _Context, styles: frozenset[Style],
                    href: str | None) -> list[Inline]:
    tag = child.tag
    if tag == "sup" and child.find("a") is not None and child.find("a").get("class") == "footnote-ref":  # type: ignore[union-attr]
        label = (child.find("a").get("href") or "").removeprefix("#fn:")  # type: ignore[union-attr]
        return [FootnoteRef(label, context.footnotes.get(label, ()))]
    if tag in INLINE_STYLE_TAGS:
        return _inlines(child, context, styles | {INLINE_STYLE_TAGS[tag]}, href)
    if tag == "a":
        target = child.get("href")
        if target and _unsafe_link(target):
            context.warn("link-dropped", f"link to {target} removed", line_of(context.source, target),
                         "link to web pages (https://...) or to headings in this document (#id)")
            target = None
        return _inlines(child, context, styles, target or href)
    if tag == "br":
        return [LineBreak()]
    if tag == "img":
        return [InlineImage(child.get("src") or "", child.get("alt") or "")]
    return _inlines(child, context, styles, href)


def _unsafe_link(target: str) -> bool:
    lowered = target.strip().lower()
    return lowered.startswith(("javascript:", "file:", "data:", "vbscript:", "/", "\\"))


def _text_inlines(text: str | None, styles: frozenset[Style], href: str | None,
                  context: _Context) -> list[Inline]:
    """Text with stashed inline HTML: harmless tags become styles, the rest goes."""
    if not text:
        return []
    out: list[Inline] = []
    active = set(styles)
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            out.append(Text(text[position:match.start()], frozenset(active), href))
        position = match.end()
        fragment = context.stash[int(match.group(1))]
        tag = HTML_TAG.fullmatch(fragment.strip())
        if tag is None:
            clean, plain, dropped = sanitize(fragment)
            if dropped:
                context.warn("html-dropped", f"raw HTML removed: {', '.join(dropped)}",
                             line_of(context.source, fragment.strip()[:30]),
                             "use Markdown for content; scripts, frames and local file paths are never included")
            if plain or clean:
                out.append(RawInline(clean, plain))
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name == "br":
            out.append(LineBreak())
        elif name in INLINE_STYLE_TAGS:
            style = INLINE_STYLE_TAGS[name]
            active.discard(style) if closing else active.add(style)
        elif name not in ("span", "a", "abbr", "u", "small", "cite", "q", "wbr", "bdi", "bdo", "time", "var"):
            context.warn("html-dropped", f"raw HTML removed: <{name}>", line_of(context.source, f"<{name}"),
                         "use Markdown for content; scripts, frames and local file paths are never included")
    if position < len(text):
        out.append(Text(text[position:], frozenset(active), href))
    return out


def _unstash(text: str, context: _Context) -> str:
    return PLACEHOLDER.sub(lambda m: context.stash[int(m.group(1))], text)


def _restyle(content: tuple[Inline, ...], style: Style) -> list[Inline]:
    return [Text(i.text, i.styles | {style}, i.href) if isinstance(i, Text) else i for i in content]


def _clean_inlines(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Merge neighbouring runs of the same style and trim the outer whitespace."""
    merged: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text):
            text = item.text.replace(NBSP_PLACEHOLDER, "\u00a0").replace(FN_BACKLINK_TEXT, "")
            text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
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


def _check_internal_links(document: Document, context: _Context) -> None:
    from .document import walk

    ids = {h.id for h in document.headings()} | {f.id for f in document.figures()}
    for block in walk(document.blocks):
        for content in _block_inlines(block):
            for item in content:
                if isinstance(item, Text) and item.href and item.href.startswith("#") and item.href[1:] not in ids:
                    context.warn("link-broken", f"internal link {item.href} points to no heading",
                                 line_of(context.source, f"]({item.href})"),
                                 f"use one of the heading ids: {', '.join(sorted(ids)[:8])}")


def _block_inlines(block: Block) -> list[tuple[Inline, ...]]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.content]
    if isinstance(block, Table):
        return [cell.content for row in block.header + block.rows for cell in row]
    if isinstance(block, Figure):
        return [block.caption]
    return []
