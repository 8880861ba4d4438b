"""Front matter + Markdown -> Document. The only place Markdown is parsed.

Python-Markdown does the parsing; we walk its element tree once (captured
before serialisation) and build the typed model. Findings are returned as
Diagnostics; anything that makes the document unbuildable raises BuildError.

Python-Markdown keeps no source positions, so blocks are located by finding
what the author wrote, searching forward from the previous block (the tree is
walked in reading order): repeated text still gets its own line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import html
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown
import yaml
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER, FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from pymdownx.tilde import DeleteSubExtension

from publish.model.diagnostics import BuildError, Diagnostic, error
from publish.model.document import (
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
from publish.read.markdown_ext import CALLOUT_CLASS, CALLOUT_KINDS, ONLY_CLASS, PublishExtension
from publish.read.raw_html import DROPPED_WITH_CONTENT, dropped_parts, is_unsafe_url, parse_tag, sanitize
from publish.resources import Sandbox, check_image, image_format, svg_right_to_left_text

FRONT_MATTER = {
    "yaml": re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M),
    "toml": re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*$\n?", re.S | re.M),
}
FRONT_MATTER_OPENING = re.compile(r"\A(---|\+\+\+)[ \t]*\n")
PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
FENCED_CODE = re.compile(r'<pre(?: id="[^"]*")?(?: class="[^"]*")?><code(?: class="language-([^"]*)")?[^>]*>'
                         r"([^<]*)</code></pre>", re.S)
CODE_FENCE_LINE = re.compile(r"^(?:`{3,}|~{3,})", re.M)
RULE_LINE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)
SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
HTML_FIX = "use Markdown for content; scripts, frames, embeds and local file paths are never included"
IMAGE_FIX = "put the picture in the document's folder (e.g. images/) and link it with a relative path"
SVG_TEXT_FIX = "turn the picture's text into paths (Inkscape: Path > Object to Path) or save it as PNG"
LINK_FIX = "link to web pages (https://...), e-mail addresses (mailto:...) or headings in this document (#id)"
LINK_SCHEMES = ("http", "https", "mailto")

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
SOURCE_KEYS = ("name", "title", "url")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")

INLINE_STYLE_TAGS: dict[str, Style] = {
    "strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code", "kbd": "code",
    "samp": "code", "tt": "code", "del": "del", "s": "del", "strike": "del", "sup": "sup",
    "sub": "sub", "mark": "mark",
}
BLOCK_TAGS = frozenset({"p", "ul", "ol", "dl", "table", "pre", "blockquote", "div", "hr",
                        "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class _Context:
    """State of one read: the source for locating lines, findings, counters."""

    path: Path
    source: str
    sandbox: Sandbox
    stash: list[str]
    body_offset: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    footnotes: dict[str, tuple[Inline, ...]] = field(default_factory=dict)
    links: list[tuple[str, int | None]] = field(default_factory=list)
    spelled: dict[str, str] = field(default_factory=dict)  # canonical front matter key -> as written
    figure_count: int = 0
    cursor: int = 0
    skipping: str | None = None  # inside an inline <script>...</script>: its text is dropped too
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.cursor = self.body_offset
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", self.source)]

    @property
    def base(self) -> Path:
        return self.path.parent.resolve()

    def warn(self, code: str, message: str, line: int | None = None, fix: str | None = None) -> None:
        diagnostic = Diagnostic(code, message, self.path, line, fix)
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    def line_at(self, index: int) -> int:
        return bisect.bisect_right(self._line_starts, index)

    def locate(self, *needles: str, inside: bool = False) -> int | None:
        """The line of the first needle found from the cursor on; the cursor moves past it.

        A container (`inside=True`: a list, a quote) leaves the cursor on its
        needle, where its first child will find it again. Text found only
        before the cursor (a reference definition, a footnote) gets its first
        line in the body and leaves the cursor alone.
        """
        for needle in filter(None, needles):
            index = self.source.find(needle, self.cursor)
            if index >= 0:
                self.cursor = index if inside else index + len(needle)
                return self.line_at(index)
        for needle in filter(None, needles):
            index = self.source.find(needle, self.body_offset)
            if index >= 0:
                return self.line_at(index)
        return None

    def locate_pattern(self, pattern: re.Pattern[str]) -> int | None:
        match = pattern.search(self.source, self.cursor)
        if match is None:
            return None
        self.cursor = match.end()
        return self.line_at(match.start())

    def seek(self, line: int) -> None:
        self.cursor = max(self.cursor, self._line_starts[min(line, len(self._line_starts)) - 1])


# --------------------------------------------------------------------------- reading


def read_file(path: Path, sandbox: Sandbox | None = None) -> tuple[Document, list[Diagnostic]]:
    """Read a Markdown file; raises BuildError when it cannot be built."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("no-input", "the file does not exist", path, fix="check the path and the file name") from None
    except IsADirectoryError:
        raise error("no-input", "this is a folder, not a Markdown file", path, fix="name the .md file") from None
    except OSError as exc:
        raise error("unreadable", f"the file cannot be read ({exc.strerror})", path,
                    fix="check its permissions") from None
    return read_text(decode(raw, path), path, sandbox or Sandbox((path.parent.resolve(),)))


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


def read_text(text: str, path: Path, sandbox: Sandbox) -> tuple[Document, list[Diagnostic]]:
    """Parse front matter and Markdown text into a Document."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fields, body_offset = _split_front_matter(text, path)
    body = text[body_offset:]
    first_line = text.count("\n", 0, body_offset) + 1
    if not body.strip():
        if fields.get("title"):
            raise error("empty", "the document has a title but no text", path, first_line,
                        "write the body below the front matter")
        raise error("empty", "the document is empty", path, 1,
                    "write the text in Markdown, starting with a '# Title' line")
    md = markdown.Markdown(extensions=_extensions(first_line))
    md.convert(body)
    tree: ElementTree.Element = md.publish_tree  # type: ignore[attr-defined]
    # md_in_html leaves the raw HTML inside `markdown="1"` blocks in the stash as elements.
    stash = [item if isinstance(item, str) else md.serializer(item) for item in md.htmlStash.rawHtmlBlocks]
    context = _Context(path, text, sandbox, stash, body_offset)
    for code, message, line, fix in md.publish_diagnostics:  # type: ignore[attr-defined]
        if code in ("fence-unknown", "fence-unclosed"):
            raise error(code, message, path, line, fix)
        context.warn(code, message, line, fix)
    _collect_footnotes(tree, context)
    blocks = _blocks(tree, context)
    meta_fields = _normalise_fields(fields, context)
    blocks, meta_fields = _take_title(blocks, meta_fields, path)
    if not blocks:
        raise error("empty", "the document has a title but no text", path, first_line,
                    "write the body below the title")
    meta = _metadata(meta_fields, context)
    document = Document(meta=meta, blocks=tuple(blocks), path=path, base_dir=context.base)
    _check_internal_links(document, context)
    return document, sorted(context.diagnostics, key=lambda diagnostic: diagnostic.line or 0)


def _extensions(first_line: int) -> list[Extension]:
    """"extra", "toc", "sane_lists" and GitHub's ~~strikethrough~~, then ours: as instances, because
    Python-Markdown resolves a name by scanning every installed distribution's entry points (~40 ms a
    process). A single ~ stays a tilde ("~5 days"), not a subscript."""
    extra: list[Extension] = [  # markdown.extensions.extra's list, in its order
        FencedCodeExtension(), FootnoteExtension(UNIQUE_IDS=False), AttrListExtension(), DefListExtension(),
        TableExtension(), AbbrExtension(), MarkdownInHtmlExtension()]
    return [*extra, TocExtension(slugify=slugify_unicode, permalink=False), SaneListExtension(),
            DeleteSubExtension(subscript=False), PublishExtension(first_line=first_line)]


# --------------------------------------------------------------------------- front matter


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that rejects impossible dates and remembers keys given twice."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in seen:
                self.repeated.append((key, key_node.start_mark.line))
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_date(self, node: yaml.ScalarNode) -> dt.date:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark) from None


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_date)


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], int]:
    """The front matter's fields and the offset where the Markdown starts."""
    opening = FRONT_MATTER_OPENING.match(text)
    if opening is None:
        return {}, 0
    kind = "yaml" if opening.group(1) == "---" else "toml"
    match = FRONT_MATTER[kind].match(text)
    if match is None:
        raise error("front-matter-unclosed", "the front matter starting on line 1 is never closed", path, 1,
                    f"add a line with '{opening.group(1)}' after the last front matter field")
    loaded = _load_yaml(match.group(1), path) if kind == "yaml" else _load_toml(match.group(1), path)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise error("front-matter-shape", "the front matter must be 'key: value' lines", path, 2,
                    "write each field on its own line, as 'title: My document'")
    return {str(key): value for key, value in loaded.items()}, match.end()


def _load_yaml(block: str, path: Path) -> Any:
    try:
        loader = _FrontMatterLoader(block)
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML checks them first
        line = block.count("\n", 0, exc.position) + 2
        raise error("front-matter-yaml", f"the front matter contains the control character U+{exc.character:04X}",
                    path, line, "delete it (it is invisible in most editors)") from None
    try:
        loaded = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from None
    finally:
        loader.dispose()
    if loader.repeated:
        key, line = loader.repeated[0]
        raise error("front-matter-repeated", f"the front matter gives '{key}' twice", path, line + 2,
                    f"keep one '{key}:' line")
    return loaded


def _yaml_error(exc: yaml.YAMLError, path: Path) -> BuildError:
    """Turn PyYAML's complaint into what an author can act on (lines counted from the file's top)."""
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    line = mark.line + 2 if mark is not None else 2
    fix = "check the quoting and indentation of this line"
    if "'\\t'" in problem:
        problem, fix = "it contains a tab", "indent with spaces: YAML does not allow tabs"
    elif "mapping values are not allowed" in problem:
        problem = "a value contains ': ' without quotes"
        fix = "put a value that contains ': ' in quotes, e.g. title: \"Roles: an overview\""
    elif "quoted scalar" in context and context_mark is not None:
        problem, line = "a quote opened on this line is never closed", context_mark.line + 2
        fix = "close the quote at the end of the value"
    elif "not a real date" in problem:
        fix = "write the date as YYYY-MM-DD, e.g. 2026-11-26, or put it in quotes"
    elif "constructor" in problem:
        fix = "remove the '!' tag: front matter holds plain text, numbers, dates and lists"
    return error("front-matter-yaml", f"the front matter is not valid YAML: {problem}", path, line, fix)


def _load_toml(block: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        problem = re.sub(r"\s*\(at (?:line|end of document).*\)$", "", str(exc))
        line = int(where.group(1)) + 1 if where else 2
        raise error("front-matter-toml", f"the front matter is not valid TOML: {problem}", path, line,
                    'write each field as key = "value", with text in double quotes') from None


def _key_line(context: _Context, key: str) -> int | None:
    """The line of `key:` (or `key =`) in the front matter."""
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[:=]", re.M)
    match = pattern.search(context.source, 0, context.body_offset)
    return context.line_at(match.start()) if match else None


def _normalise_fields(fields: dict[str, Any], context: _Context) -> dict[str, Any]:
    """Map every spelling to its canonical key; warn about unknown and repeated ones."""
    normalised: dict[str, Any] = {}
    spelled = context.spelled
    for key, value in fields.items():
        name = key.strip().lower().replace("-", "_").replace(" ", "_")
        canonical = KNOWN_KEYS.get(name)
        if canonical is None:
            guess = difflib.get_close_matches(name, KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(FIELD_ALIASES)}"
            context.warn("front-matter-unknown", f"unknown front matter key '{key}' is ignored",
                         _key_line(context, key), hint)
            continue
        if canonical in normalised:
            context.warn("front-matter-repeated", f"'{key}' and '{spelled[canonical]}' both give the {canonical}; "
                         f"'{key}' is ignored", _key_line(context, key), f"keep only '{spelled[canonical]}'")
            continue
        normalised[canonical] = value
        spelled[canonical] = key
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
    """The first block, when it is an H1 with the title's text (or there is no title), is the title."""
    first = blocks[0] if blocks else None
    title = _as_text(fields.get("title"))
    if isinstance(first, Heading) and first.level == 1 and (
            not title or " ".join(first.text.split()).casefold() == " ".join(title.split()).casefold()):
        fields = {**fields, "title": title or first.text}
        blocks = blocks[1:]
    if not _as_text(fields.get("title")):
        raise error("no-title", "the document has no title", path, 1,
                    "add 'title: ...' to the front matter, or start the text with a '# Title' line")
    return blocks, fields


def _keywords(value: Any) -> tuple[str, ...]:
    """Keywords from a list, a comma-separated string or a single value."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        items = [value]
    return tuple(str(item).strip() for item in items if item is not None and str(item).strip())


def _attribution(fields: dict[str, Any], context: _Context) -> Attribution | None:
    raw = fields.get("source")
    url = _as_text(fields.get("source_url"))
    if isinstance(raw, dict):
        for key in raw:
            if str(key) not in SOURCE_KEYS:
                context.warn("front-matter-unknown", f"unknown key '{key}' under 'source' is ignored",
                             _key_line(context, str(key)), f"use {', '.join(SOURCE_KEYS)}")
        name = _as_text(raw.get("name") or raw.get("title"))
        url = _as_text(raw.get("url")) or url
    else:
        name = _as_text(raw)
    problem = _link_problem(url) if url else None
    if url and (problem is not None or url.startswith("#")):
        context.warn("front-matter-source", f"source url {url} removed{problem or ''}",
                     _key_line(context, "url" if isinstance(raw, dict) and "url" in raw else "source_url"), LINK_FIX)
        url = None
    return Attribution(name, url) if name else None


def _metadata(fields: dict[str, Any], context: _Context) -> Metadata:
    spelled = context.spelled
    lang = (_as_text(fields.get("lang")) or "en").replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
        context.warn("front-matter-lang", f"'{lang}' is not a language tag; using 'en'",
                     _key_line(context, spelled.get("lang", "lang")),
                     "use a tag such as en, en-GB, de, ar, he, zh-CN, ja")
        lang = "en"
    variant = _as_text(fields.get("pdf_variant"))
    if variant is not None and variant.lower() not in PDF_VARIANTS:
        context.warn("front-matter-pdf", f"unknown PDF variant '{variant}'",
                     _key_line(context, spelled.get("pdf_variant", "pdf_variant")),
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
        keywords=_keywords(fields.get("keywords")),
        source=_attribution(fields, context),
        pdf_variant=variant.lower() if variant else None,
    )


# --------------------------------------------------------------------------- blocks


def _needle(element: ElementTree.Element) -> str:
    """The element's first run of text as the author typed it, to find its line."""
    for piece in element.itertext():
        for part in PLACEHOLDER.sub("\n", piece).split("\n"):
            if part.strip():
                return part.strip()[:40]
    return ""


def _collect_footnotes(tree: ElementTree.Element, context: _Context) -> None:
    cursor = context.cursor
    for holder in list(tree):
        if holder.tag == "div" and holder.get("class") == "footnote":
            for item in holder.iter("li"):
                label = (item.get("id") or "").removeprefix("fn:")
                paragraphs = [child for child in item if child.tag == "p"] or [item]
                content: list[Inline] = []
                for number, paragraph in enumerate(paragraphs):
                    for backref in [a for a in paragraph if a.get("class") == "footnote-backref"]:
                        paragraph.remove(backref)
                    if number:
                        content.append(Text(" "))
                    content.extend(_content(paragraph, context))
                context.footnotes[label] = _clean_inlines(content)
            tree.remove(holder)
    context.cursor = cursor


def _blocks(parent: ElementTree.Element, context: _Context) -> list[Block]:
    blocks: list[Block] = []
    if parent.text and parent.text.strip() and parent.tag != "div":
        blocks.extend(_paragraph_text(parent.text, context))
    for element in parent:
        blocks.extend(_block(element, context))
    return blocks


def _block(element: ElementTree.Element, context: _Context) -> list[Block]:
    tag = element.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return [_heading(element, context)]
    if tag == "p":
        return _paragraph(element, context)
    if tag in ("ul", "ol"):
        return [_list(element, context)]
    if tag == "dl":
        return [_definition_list(element, context)]
    if tag == "table":
        return [_table(element, context)]
    if tag == "pre":
        return [_code(element, context)]
    if tag == "blockquote":
        line = context.locate(_needle(element), inside=True)
        return [Quote(tuple(_blocks(element, context)), line)]
    if tag == "hr":
        return [Rule(context.locate_pattern(RULE_LINE))]
    if tag == "div" and element.get("class") == ONLY_CLASS:
        line = int(element.get("data-line") or 0) or None
        if line:
            context.seek(line)
        audience = element.get("data-audience") or "notes"
        return [Only(audience, tuple(_blocks(element, context)), line)]  # type: ignore[arg-type]
    if tag == "div" and element.get("class") == CALLOUT_CLASS:
        return [_callout(element, context)]
    # Any other container (an author's <div markdown="1">, <section>...) contributes its content.
    return _blocks(element, context)


def _heading(element: ElementTree.Element, context: _Context) -> Heading:
    needle = _needle(element)
    atx = re.compile(rf"^ {{0,3}}#{{1,6}}[ \t]+[^\n]*?{re.escape(needle)}", re.M)
    line = context.locate_pattern(atx) or context.locate(needle)
    content = _content(element, context)
    text = plain_text(content)
    return Heading(int(element.tag[1]), content, element.get("id") or slugify_unicode(text, "-"), line)


def _callout(element: ElementTree.Element, context: _Context) -> Callout:
    marker = element.get("data-marker") or "NOTE"
    line = context.locate(f"[!{marker}]")
    kind = marker.lower()
    if kind not in CALLOUT_KINDS:
        guess = difflib.get_close_matches(kind, CALLOUT_KINDS, n=1, cutoff=0.5)
        hint = f"did you mean [!{guess[0].upper()}]? " if guess else ""
        context.warn("callout-unknown", f"unknown callout '[!{marker}]' is shown as a note", line,
                     f"{hint}use [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]")
        kind = "note"
    return Callout(kind, element.get("data-title"), tuple(_blocks(element, context)), line)  # type: ignore[arg-type]


def _code(element: ElementTree.Element, context: _Context) -> CodeBlock:
    """An indented code block (fenced ones arrive stashed, see _raw_block)."""
    code = element.find("code")
    source = element if code is None else code
    text = _unstash("".join(source.itertext()), context).rstrip("\n")
    line = context.locate(next((part for part in text.splitlines() if part.strip()), ""))
    return CodeBlock(text, None, line)


def _paragraph(element: ElementTree.Element, context: _Context) -> list[Block]:
    text = (element.text or "").strip()
    children = list(element)
    stashed = PLACEHOLDER.fullmatch(text)
    if stashed and not children:
        return _raw_block(context.stash[int(stashed.group(1))], context)
    if not text and len(children) == 1 and children[0].tag == "img" and not (children[0].tail or "").strip():
        return [_figure(children[0], context)]
    needle = _needle(element)
    line = context.locate(needle) if needle else context.locate(*_first_reference(element, context), inside=True)
    content = _content(element, context)
    return [Paragraph(content, line)] if content else []


def _first_reference(element: ElementTree.Element, context: _Context) -> tuple[str, ...]:
    """How to find a paragraph with no text of its own (only pictures or inline HTML) in the source.

    The cursor stays on it, so the picture's or the HTML's own warning finds the same line.
    """
    def pieces(node: ElementTree.Element) -> Iterator[tuple[str, ...]]:
        for match in PLACEHOLDER.finditer(node.text or ""):
            yield (context.stash[int(match.group(1))].strip()[:30],)
        for child in node:
            if child.tag == "img" and child.get("src"):
                yield f"]({child.get('src')}", str(child.get("src"))
            yield from pieces(child)
            for match in PLACEHOLDER.finditer(child.tail or ""):
                yield (context.stash[int(match.group(1))].strip()[:30],)

    return next(pieces(element), ())


def _paragraph_text(text: str, context: _Context) -> list[Block]:
    """Loose text directly inside a container (a list item, an author's <div>)."""
    holder = ElementTree.Element("p")
    holder.text = text
    return _paragraph(holder, context)


def _raw_block(fragment: str, context: _Context) -> list[Block]:
    code = FENCED_CODE.fullmatch(fragment.strip())
    if code:
        line = context.locate_pattern(CODE_FENCE_LINE)
        return [CodeBlock(html.unescape(code.group(2)).rstrip("\n"), code.group(1), line)]
    line = context.locate(next((part.strip() for part in fragment.splitlines() if part.strip()), ""))
    clean, text, dropped = sanitize(fragment)
    if dropped:
        context.warn("html-dropped", f"raw HTML removed: {', '.join(dropped)}", line, HTML_FIX)
    if not text and not re.search(r"<(img|hr|br)\b", clean):
        return []
    return [RawBlock(clean.strip(), text, line)]


def _figure(image: ElementTree.Element, context: _Context) -> Figure:
    src = image.get("src") or ""
    alt = (image.get("alt") or "").strip()
    title = (image.get("title") or "").strip()
    decorative = "decorative" in (image.get("class") or "").split()
    line = context.locate(f"]({src}", f"![{alt}]" if alt else "", src)
    context.figure_count += 1
    path, problem = check_image(context.sandbox, src, context.base)
    if problem:
        context.warn("image", problem, line, IMAGE_FIX)
    _warn_right_to_left_svg_text(path, src, line, context)
    if not alt and not decorative:
        context.warn("image-alt", f"picture {src} has no alt text", line,
                     "describe it: ![What the picture shows](path), or mark it ![](path){.decorative}")
    caption_text = title or alt
    number = context.figure_count
    return Figure(src=src, alt=alt or title, caption=(Text(caption_text),) if caption_text else (),
                  number=number, id=f"figure-{number}", path=path, decorative=decorative, line=line)


def _list(element: ElementTree.Element, context: _Context) -> ListBlock:
    line = context.locate(_needle(element), inside=True)
    items = []
    for item in element.findall("li"):
        if not any(child.tag in BLOCK_TAGS for child in item):
            content = _content(item, context)
            items.append(ListItem((Paragraph(content),) if content else ()))
            continue
        blocks: list[Block] = []
        lead = ElementTree.Element("p")
        lead.text = item.text
        for child in item:
            if child.tag in BLOCK_TAGS:
                if (lead.text and lead.text.strip()) or len(lead):
                    blocks.extend(_paragraph(lead, context))
                    lead = ElementTree.Element("p")
                blocks.extend(_block(child, context))
                if child.tail and child.tail.strip():
                    lead.text = child.tail
            else:
                lead.append(child)
        if (lead.text and lead.text.strip()) or len(lead):
            blocks.extend(_paragraph(lead, context))
        items.append(ListItem(tuple(blocks)))
    start = int(element.get("start") or 1) if element.tag == "ol" else 1
    return ListBlock(tuple(items), ordered=element.tag == "ol", start=start, line=line)


def _definition_list(element: ElementTree.Element, context: _Context) -> ListBlock:
    """Terms in bold, each followed by its definitions, as a list of items."""
    line = context.locate(_needle(element), inside=True)
    items: list[ListItem] = []
    for child in element:
        content = _content(child, context)
        if child.tag == "dt":
            items.append(ListItem((Paragraph(tuple(_restyle(content, "strong"))),)))
        elif items:
            items[-1] = ListItem((*items[-1].blocks, Paragraph(content)))
    return ListBlock(tuple(items), line=line)


def _table(element: ElementTree.Element, context: _Context) -> Table:
    line = context.locate(_needle(element))

    def rows(section: str) -> tuple[tuple[Cell, ...], ...]:
        return tuple(tuple(Cell(_content(cell, context), _align(cell)) for cell in row)
                     for row in element.iterfind(f"{section}/tr"))

    return Table(header=rows("thead"), rows=rows("tbody"), line=line)


def _align(cell: ElementTree.Element) -> Any:
    style = cell.get("style") or cell.get("align") or ""
    for value in ("left", "center", "right"):
        if value in style:
            return value
    return None


# --------------------------------------------------------------------------- inlines


def _content(element: ElementTree.Element, context: _Context) -> tuple[Inline, ...]:
    """The inlines of one paragraph, heading, cell or list item; an unclosed inline <script> ends with it."""
    context.skipping = None
    return _clean_inlines(_inlines(element, context))


def _inlines(element: ElementTree.Element, context: _Context, styles: frozenset[Style] = frozenset(),
             href: str | None = None) -> list[Inline]:
    out = _text_inlines(element.text, styles, href, context)
    for child in element:
        out.extend(_inline_element(child, context, styles, href))
        out.extend(_text_inlines(child.tail, styles, href, context))
    return out


def _inline_element(child: ElementTree.Element, context: _Context, styles: frozenset[Style],
                    href: str | None) -> list[Inline]:
    tag = child.tag
    anchor = child.find("a")
    if tag == "sup" and anchor is not None and anchor.get("class") == "footnote-ref":
        label = (anchor.get("href") or "").removeprefix("#fn:")
        return [FootnoteRef(label, context.footnotes.get(label, ()))]
    if tag in INLINE_STYLE_TAGS:
        return _inlines(child, context, styles | {INLINE_STYLE_TAGS[tag]}, href)
    if tag == "a":
        return _inlines(child, context, styles, _link_target(child.get("href"), context) or href)
    if tag == "br":
        return [LineBreak()]
    if tag == "img":
        return _inline_image(child.get("src") or "", child.get("alt") or "", context)
    return _inlines(child, context, styles, href)


def _link_target(target: str | None, context: _Context) -> str | None:
    """A link's target if it may appear in a document; internal ones are checked at the end."""
    if not target:
        return None
    problem = _link_problem(target)
    if problem is not None:
        context.warn("link-dropped", f"link to {target} removed{problem}", context.locate(target), LINK_FIX)
        return None
    if target.startswith("#"):
        context.links.append((target, context.locate(f"]({target}", target)))
    return target


def _link_problem(target: str) -> str | None:
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


def _inline_image(src: str, alt: str, context: _Context) -> list[Inline]:
    """A picture in running text; one the sandbox refuses becomes its alt text.

    A missing one stays (the writers show its alt text), so adding the file
    later is noticed by `make watch`.
    """
    path, problem = check_image(context.sandbox, src, context.base)
    if problem:
        context.warn("image", problem, context.locate(f"]({src}", src), IMAGE_FIX)
        if not context.sandbox.allows(src, context.base):
            return [Text(alt)] if alt else []
    _warn_right_to_left_svg_text(path, src, None, context)
    return [InlineImage(src, alt, path)]


def _warn_right_to_left_svg_text(path: Path | None, src: str, line: int | None, context: _Context) -> None:
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
                  context: _Context) -> list[Inline]:
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


def _html_fragment(fragment: str, context: _Context, styles: frozenset[Style], href: str | None) -> list[Inline]:
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


def _unstash(text: str, context: _Context) -> str:
    return PLACEHOLDER.sub(lambda m: context.stash[int(m.group(1))], text)


def _restyle(content: tuple[Inline, ...], style: Style) -> list[Inline]:
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


def _clean_inlines(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Merge neighbouring runs of the same style and trim the outer whitespace."""
    merged: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text):
            text = _soft_breaks(item.text.replace(NBSP_PLACEHOLDER, "\u00a0").replace(FN_BACKLINK_TEXT, ""))
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
    ids = {h.id for h in document.headings()} | {f.id for f in document.figures()}
    for target, line in context.links:
        if target[1:] in ids:
            continue
        guess = difflib.get_close_matches(target[1:], ids, n=1)
        hint = f"did you mean #{guess[0]}? " if guess else ""
        context.warn("link-broken", f"internal link {target} points to no heading", line,
                     f"{hint}link to a heading's id; a heading's id is its text in lower case with "
                     "hyphens, or set one with '## Heading {#my-id}'")
