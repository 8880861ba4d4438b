"""Front matter + Markdown -> Document. The only place Markdown is parsed.

Python-Markdown does the parsing; we walk its element tree once (captured
before serialisation) and build the typed model. Findings are returned as
Diagnostics; anything that makes the document unbuildable raises BuildError.

Python-Markdown keeps no source positions, so blocks are located by finding
what the author wrote, searching forward from the previous block (the tree is
walked in reading order): repeated text still gets its own line.
"""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from pymdownx.arithmatex import ArithmatexExtension
from pymdownx.blocks.admonition import AdmonitionExtension as BlocksAdmonitionExtension
from pymdownx.blocks.details import DetailsExtension as BlocksDetailsExtension
from pymdownx.details import DetailsExtension
from pymdownx.emoji import EmojiExtension, gemoji, to_alt
from pymdownx.highlight import HighlightExtension
from pymdownx.superfences import SuperFencesCodeExtension
from pymdownx.tabbed import TabbedExtension
from pymdownx.tasklist import TasklistExtension
from pymdownx.tilde import DeleteSubExtension

from publish.limits import MAX_SOURCE_BYTES
from publish.model.diagnostics import Diagnostic, error
from publish.model.document import Document
from publish.read.blocks import check_footnotes_cited, check_internal_links, collect_footnotes, read_blocks
from publish.read.bounds import bound_source, clean_fields, decode
from publish.read.context import Context
from publish.read.diagram_fences import DIAGRAM_FENCES
from publish.read.dialects import CALLOUT_ALIASES, page_variables
from publish.read.front_matter import normalise_fields, read_metadata, split_front_matter, take_title
from publish.read.includes import expand_includes, remap_lines
from publish.read.language import detect_language
from publish.read.markdown_ext import PublishExtension
from publish.read.slide_dialects import PAUSE, slide_level, written_as_slides
from publish.resources import Sandbox

BLOCK_KINDS = [kind for kind in CALLOUT_ALIASES if kind != "admonition"]  # `/// kind`; the generic one is built in


def read_file(path: Path, sandbox: Sandbox | None = None) -> tuple[Document, list[Diagnostic]]:
    """Read a Markdown file; raises BuildError when it cannot be built."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise error("no-input", "this is a folder, not a Markdown file", path, fix="name the .md file")
        if not stat.S_ISREG(status.st_mode):
            raise error("no-input", "this is not a Markdown file (a device or a pipe)", path, fix="name the .md file")
        if status.st_size > MAX_SOURCE_BYTES:
            raise error("limit-size", f"the file is {status.st_size / 1e6:.0f} MB; a document may be at most "
                        f"{MAX_SOURCE_BYTES // 1_000_000} MB of Markdown", path, fix="split it into several documents")
        raw = path.read_bytes()
    except RuntimeError:  # a symlink loop
        raise error("no-input", "the path is a symlink loop", path, fix="point the link at the Markdown file") from None
    except FileNotFoundError:
        raise error("no-input", "the file does not exist", path, fix="check the path and the file name") from None
    except OSError as exc:
        raise error("unreadable", f"the file cannot be read ({exc.strerror})", path,
                    fix="check its permissions") from None
    return read_text(decode(raw, path), path, sandbox or Sandbox((path.parent.resolve(),)))


def read_text(text: str, path: Path, sandbox: Sandbox) -> tuple[Document, list[Diagnostic]]:
    """Parse front matter and Markdown text into a Document."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bounded = bound_source(text, path)
    text = bounded.text
    fields, body_offset = split_front_matter(text, path)
    fields = clean_fields(fields, bounded)
    expanded = expand_includes(text, body_offset, path, sandbox)
    text = expanded.text
    body = text[body_offset:]
    first_line = text.count("\n", 0, body_offset) + 1
    if not body.strip():
        if fields.get("title"):
            raise error("empty", "the document has a title but no text", path, first_line,
                        "write the body below the front matter")
        raise error("empty", "the document is empty", path, 1,
                    "write the text in Markdown, starting with a '# Title' line")
    slides = written_as_slides(fields)
    if slides:
        body = PAUSE.sub("", body)  # a pause between a slide's parts: nothing to print
    md = markdown.Markdown(extensions=_extensions(first_line, page_variables(fields)))
    md.convert(body)
    tree: ElementTree.Element = md.publish_tree  # type: ignore[attr-defined]
    # md_in_html leaves the raw HTML inside `markdown="1"` blocks in the stash as elements.
    stash = [item if isinstance(item, str) else md.serializer(item) for item in md.htmlStash.rawHtmlBlocks]
    context = Context(path, text, sandbox, stash, body_offset, slides=slides)
    for code, message, line, fix in [*bounded.findings, *md.publish_diagnostics]:  # type: ignore[attr-defined]
        context.warn(code, message, line, fix)
    collect_footnotes(tree, context)
    blocks = read_blocks(tree, context)
    check_footnotes_cited(context)
    meta_fields = normalise_fields(fields, context)
    if not meta_fields.get("lang"):
        guessed = detect_language(body)
        if guessed:
            context.warn("lang-guessed", f"no 'lang' given: the text is mostly in a script written in '{guessed}', "
                         "which sets the layout direction, hyphenation and labels", 1,
                         f"add 'lang: {guessed}' (or the right language) to the front matter")
            meta_fields = {**meta_fields, "lang": guessed}
    blocks, meta_fields = take_title(blocks, meta_fields, context)
    if not blocks:
        raise error("empty", "the document has a title but no text", path, first_line,
                    "write the body below the title")
    meta = read_metadata(meta_fields, context)
    level = slide_level(fields, blocks) if slides else None
    document = Document(meta=replace(meta, slides=slides, slide_level=level), blocks=tuple(blocks), path=path,
                        base_dir=context.base, included=expanded.files)
    check_internal_links(document, context)
    diagnostics = context.diagnostics
    if expanded.changed:  # lines counted in the text with its includes: back to the document's
        document = replace(document, blocks=remap_lines(document.blocks, expanded.lines))
        diagnostics = list(remap_lines(tuple(diagnostics), expanded.lines))
    diagnostics += [Diagnostic(code, message, path, line, fix) for code, message, line, fix in expanded.findings]
    return document, sorted(diagnostics, key=lambda diagnostic: diagnostic.line or 0)


def _extensions(first_line: int, variables: dict[str, str]) -> list[Extension]:
    """"extra", "toc", "sane_lists" and GitHub's ~~strikethrough~~, then ours: as instances, because
    Python-Markdown resolves a name by scanning every installed distribution's entry points (~40 ms a
    process). A single ~ stays a tilde ("~5 days"), not a subscript."""
    extra: list[Extension] = [  # markdown.extensions.extra's list, in its order
        SuperFencesCodeExtension(custom_fences=DIAGRAM_FENCES), HighlightExtension(pygments_lang_class=True),
        FootnoteExtension(UNIQUE_IDS=False), AttrListExtension(), DefListExtension(),
        TableExtension(), AbbrExtension(), MarkdownInHtmlExtension()]
    dialects: list[Extension] = [  # MkDocs' admonitions, collapsible and `///` blocks; task lists
        AdmonitionExtension(), DetailsExtension(), BlocksAdmonitionExtension(types=BLOCK_KINDS),
        BlocksDetailsExtension(), TabbedExtension(alternate_style=True),
        ArithmatexExtension(generic=True),  # $...$, $$...$$, \(...\), \[...\]; "$5 and $10" stays text
        TasklistExtension(custom_checkbox=False, clickable_checkbox=False),
        EmojiExtension(emoji_index=gemoji, emoji_generator=to_alt)]  # GitHub's :ok_hand: shortcodes
    return [*extra, TocExtension(slugify=slugify_unicode, permalink=False), SaneListExtension(),
            DeleteSubExtension(subscript=False), *dialects,
            PublishExtension(first_line=first_line, variables=variables)]

