"""Python-Markdown's element tree into the model's blocks: headings, paragraphs, lists, tables,
figures, callouts, code, footnotes and raw HTML blocks, each with its source line."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from markdown.extensions.toc import slugify_unicode

from publish.limits import MAX_TABLE_COLUMNS
from publish.model.diagnostics import error
from publish.model.document import (
    CALLOUT_KINDS,
    Block,
    Callout,
    Cell,
    CodeBlock,
    Column,
    Columns,
    Diagram,
    DiagramKind,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Math,
    MathBlock,
    Only,
    Paragraph,
    Quote,
    RawBlock,
    Rule,
    Table,
    Text,
    plain_text,
)
from publish.read.context import BLOCK_TAGS, PLACEHOLDER, Context
from publish.read.diagram_fences import DIAGRAM_HTML
from publish.read.dialects import CALLOUT_ALIASES, CALLOUT_CLASS, INLINE_NOTE
from publish.read.inlines import (
    HTML_FIX,
    IMAGE_FIX,
    arithmatex_tex,
    clean_inlines,
    formula,
    read_content,
    restyle,
    unstash,
    warn_right_to_left_svg_text,
)
from publish.read.markdown_ext import COLUMN_CLASS, COLUMNS_CLASS, ONLY_CLASS
from publish.read.raw_html import pictures_only, sanitize
from publish.read.slide_dialects import marp_picture, speaker_note
from publish.resources import check_image

# pymdownx.superfences' code block (fences anywhere, nested in lists and admonitions too), its
# language on the div (pymdownx.highlight's pygments_lang_class), an optional title="..." first.
SUPERFENCE = re.compile(r'<div class="language-([\w+#.-]*) highlight">(?:<span class="filename">.*?</span>)?'
                        r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*)</code></pre></div>", re.S)
TAG = re.compile(r"<[^>]+>")
FENCED_CODE = re.compile(r'<pre(?: id="[^"]*")?(?: class="[^"]*")?><code(?: class="language-([^"]*)")?[^>]*>'
                         r"([^<]*)</code></pre>", re.S)
CODE_FENCE_LINE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})", re.M)
RULE_LINE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)


def _needle(element: ElementTree.Element) -> str:
    """The element's first run of text as the author typed it, to find its line."""
    for piece in element.itertext():
        for part in PLACEHOLDER.sub("\n", piece).split("\n"):
            if part.strip():
                return part.strip()[:40]
    return ""


def check_footnotes_cited(context: Context) -> None:
    """A footnote the text never refers to is printed nowhere: say so, at its definition."""
    for label in context.footnotes:
        if label not in context.cited and not label.startswith(INLINE_NOTE):
            context.warn("footnote-unused", f"footnote [^{label}] is never referred to: it is in neither artifact",
                         context.locate(f"[^{label}]:"), f"refer to it with [^{label}] in the text, or delete it")


def collect_footnotes(tree: ElementTree.Element, context: Context) -> None:
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
                    content.extend(read_content(paragraph, context))
                context.footnotes[label] = clean_inlines(content)
            tree.remove(holder)
    context.cursor = cursor


def read_blocks(parent: ElementTree.Element, context: Context) -> list[Block]:
    blocks: list[Block] = []
    if parent.text and parent.text.strip() and parent.tag != "div":
        blocks.extend(_paragraph_text(parent.text, context))
    for element in parent:
        blocks.extend(_block(element, context))
    return blocks


def _block(element: ElementTree.Element, context: Context) -> list[Block]:
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
        return [Quote(tuple(read_blocks(element, context)), line)]
    if tag == "hr":
        return [Rule(context.locate_pattern(RULE_LINE))]
    if tag == "div" and element.get("class") == ONLY_CLASS:
        line = int(element.get("data-line") or 0) or None
        if line:
            context.seek(line)
        audience = element.get("data-audience") or "notes"
        return [Only(audience, tuple(read_blocks(element, context)), line)]  # type: ignore[arg-type]
    if tag == "div" and element.get("class") == CALLOUT_CLASS:
        callout = _callout(element, context)
        if element.get("data-lesson") == "solution":  # printed; on a slide it would spoil the exercise
            return [Only("print", (callout,), callout.line), Only("notes", callout.blocks, callout.line)]
        return [callout]
    if tag == "div" and element.get("class") == "arithmatex":
        return [_math_block(element.text or "", context)]
    if tag == "div" and element.get("class") == COLUMNS_CLASS:
        return _columns(element, context)
    # Any other container (an author's <div markdown="1">, <section>...) contributes its content.
    return read_blocks(element, context)


def _math_block(written: str, context: Context) -> Block:
    """A displayed formula; one that cannot be drawn is its TeX as code (the reader has warned)."""
    tex = arithmatex_tex(written)
    line = context.locate(tex.split("\n")[0][:40], "$$", "\\[")
    shown = formula(tex, context)
    return MathBlock(shown.tex, line) if isinstance(shown, Math) else CodeBlock(shown.text, "latex", line)


def _columns(element: ElementTree.Element, context: Context) -> list[Block]:
    """Side-by-side columns; content between the columns is a column of its own, and a row of
    fewer than two columns is just its content."""
    line = int(element.get("data-line") or 0) or None
    if line:
        context.seek(line)
    columns: list[Column] = []
    for child in element:
        width = css_share(child.get("data-width") or "") if child.get("class") == COLUMN_CLASS else None
        blocks = tuple(read_blocks(child, context) if child.get("class") == COLUMN_CLASS else _block(child, context))
        if blocks:
            columns.append(Column(blocks, width))
    if len(columns) < 2:
        return [block for column in columns for block in column.blocks]
    return [Columns(tuple(columns), line)]


def css_share(width: str) -> float | None:
    """A width written as a share of the text width (`40%`, `0.4`) as a fraction; None for any other."""
    share = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", width)
    if share is None:
        return None
    value = float(share.group(1)) / (100 if share.group(2) else 1)
    return value if 0 < value <= 1 else None


def _heading(element: ElementTree.Element, context: Context) -> Heading:
    needle = _needle(element)
    atx = re.compile(rf"^ {{0,3}}#{{1,6}}[ \t]+[^\n]*?{re.escape(needle)}", re.M)
    line = context.locate_pattern(atx) or context.locate(needle)
    content = read_content(element, context)
    text = plain_text(content)
    return Heading(int(element.tag[1]), content, element.get("id") or slugify_unicode(text, "-"), line)


def _callout(element: ElementTree.Element, context: Context) -> Callout:
    marker = element.get("data-marker") or "NOTE"
    written = int(element.get("data-line") or 0) or None
    line = written or context.locate(f"[!{marker}]") or context.locate(_needle(element))
    if written:
        context.seek(written)
    kind = CALLOUT_ALIASES.get(marker.lower())
    if kind is None:
        guess = difflib.get_close_matches(marker.lower(), CALLOUT_KINDS, n=1, cutoff=0.5)
        if element.get("data-alert"):  # GitHub's syntax: answer in it
            hint = f"did you mean [!{guess[0].upper()}]? " if guess else ""
            context.warn("callout-unknown", f"unknown callout '[!{marker}]' is shown as a note", line,
                         f"{hint}use [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]")
        else:
            hint = f"did you mean '{guess[0]}'? " if guess else ""
            context.warn("callout-unknown", f"unknown callout kind '{marker}' is shown as a note", line,
                         f"{hint}use note, tip, important, warning or caution")
        kind = "note"
    blocks = read_blocks(element, context)
    if len(blocks) == 1 and isinstance(blocks[0], Quote):  # a quote styled as a callout (kramdown): the callout
        blocks = list(blocks[0].blocks)
    return Callout(kind, element.get("data-title"), tuple(blocks), line, element.get("data-lesson"))


def _code(element: ElementTree.Element, context: Context) -> CodeBlock:
    """An indented code block (fenced ones arrive stashed, see _raw_block)."""
    code = element.find("code")
    source = element if code is None else code
    text = unstash("".join(source.itertext()), context).rstrip("\n")
    line = context.locate(next((part for part in text.splitlines() if part.strip()), ""))
    return CodeBlock(text, None, line)


def _paragraph(element: ElementTree.Element, context: Context) -> list[Block]:
    text = (element.text or "").strip()
    children = list(element)
    stashed = PLACEHOLDER.fullmatch(text)
    if stashed and not children:
        return _raw_block(context.stash[int(stashed.group(1))], context)
    if not text and len(children) == 1 and children[0].tag == "img" and not (children[0].tail or "").strip():
        src = children[0].get("src") or ""
        background, _ = marp_picture(children[0].get("alt") or "")
        # a split background beside the text is content, unless it is a logo from the web
        remote_split = background == "split" and context.sandbox.is_remote(src)
        if context.slides and (background == "background" or remote_split):
            context.warn("marp-background", "slide backgrounds (Marp's ![bg](...)) are left out of both artifacts "
                         "(a split one, ![bg right](...), is shown)",
                         context.locate(f"]({src}"), "put a picture meant as content in "
                         "its own paragraph without 'bg'")
            return []
        return [_figure(children[0], context)]
    needle = _needle(element)
    line = context.locate(needle) if needle else context.locate(*_first_reference(element, context), inside=True)
    content = read_content(element, context)
    return [Paragraph(content, line)] if content else []


def _first_reference(element: ElementTree.Element, context: Context) -> tuple[str, ...]:
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


def _paragraph_text(text: str, context: Context) -> list[Block]:
    """Loose text directly inside a container (a list item, an author's <div>)."""
    holder = ElementTree.Element("p")
    holder.text = text
    return _paragraph(holder, context)


def _diagram(found: re.Match[str], context: Context) -> Diagram:
    """A diagram fence, numbered with the figures (it becomes one when drawn)."""
    kind, title, alt, source = (html.unescape(group) for group in found.groups())
    context.figure_count += 1
    number = context.figure_count
    line = _code_line(source.split("\n", 1)[0], context)
    shape: DiagramKind = "mermaid" if kind == "mermaid" else "graphviz"
    return Diagram(shape, source.rstrip("\n"), alt or title, (Text(title),) if title else (), number,
                   f"figure-{number}", line)


def _raw_block(fragment: str, context: Context) -> list[Block]:
    diagram = DIAGRAM_HTML.fullmatch(fragment.strip())
    if diagram:
        return [_diagram(diagram, context)]
    if context.slides and fragment.strip().startswith("<!--") and fragment.strip().endswith("-->"):
        return _comment_notes(fragment, context)
    fenced = SUPERFENCE.fullmatch(fragment.strip())
    if fenced:
        text = html.unescape(TAG.sub("", fenced.group(2))).rstrip("\n")
        line = _code_line(text, context)
        language = fenced.group(1) if fenced.group(1) not in ("", "text") else None
        return [CodeBlock(text, language, line)]
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
    pictures = pictures_only(clean)
    if pictures and not any(context.sandbox.is_remote(p.get("src", "")) for p in pictures):
        # an HTML picture of the document's is a figure like a Markdown one: in both artifacts, checked alike
        return [_figure(ElementTree.Element("img", attributes), context, line) for attributes in pictures]
    return [RawBlock(clean.strip(), text, line)]


def _code_line(code: str, context: Context) -> int | None:
    """A code block's line: its opening fence, or (indented code) its first line."""
    first = next((part.strip() for part in code.splitlines() if part.strip()), "")
    line = context.locate(first) if first else context.locate_pattern(CODE_FENCE_LINE)
    if line is not None and line > 1 and CODE_FENCE_LINE.match(context.line_text(line - 1)):
        return line - 1
    return line


def _comment_notes(comment: str, context: Context) -> list[Block]:
    """A slide deck's comment: that slide's speaker notes, a paragraph per paragraph written."""
    note = speaker_note(comment)
    if note is None:
        return []
    line = context.locate(comment.strip()[:40])
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", note) if part.strip()]
    return [Only("notes", tuple(Paragraph((Text(text),), line) for text in paragraphs), line)]


def _figure(image: ElementTree.Element, context: Context, line: int | None = None) -> Figure:
    """A picture with its caption; `line` where an HTML block put it (a Markdown one is looked for)."""
    src = image.get("src") or ""
    alt = (image.get("alt") or "").strip()
    if context.slides:
        alt = marp_picture(alt)[1]
    title = (image.get("title") or "").strip()
    decorative = "decorative" in (image.get("class") or "").split()
    line = line or context.locate(f"]({src}", f"![{alt}]" if alt else "", src)
    context.figure_count += 1
    path, problem = check_image(context.sandbox, src, context.base)
    if problem:
        context.warn("image", problem, line, IMAGE_FIX)
    warn_right_to_left_svg_text(path, src, line, context)
    described = (image.get("fig-alt") or "").strip()  # Quarto: the bracket text is the caption, fig-alt the alt text
    if not alt and not described and not decorative:
        context.warn("image-alt", f"picture {src} has no alt text", line,
                     "describe it: ![What the picture shows](path), or mark it ![](path){.decorative}")
    caption_text = title or alt
    number = context.figure_count
    return Figure(src=src, alt=described or alt or title, caption=(Text(caption_text),) if caption_text else (),
                  number=number, id=f"figure-{number}", path=path, decorative=decorative, line=line,
                  width=css_share(image.get("width") or ""))


def _list(element: ElementTree.Element, context: Context) -> ListBlock:
    line = context.locate(_needle(element), inside=True)
    items = []
    for item in element.findall("li"):
        if not any(child.tag in BLOCK_TAGS for child in item):
            content = read_content(item, context)
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


def _definition_list(element: ElementTree.Element, context: Context) -> ListBlock:
    """Terms in bold, each followed by its definitions, as a list of items."""
    line = context.locate(_needle(element), inside=True)
    items: list[ListItem] = []
    for child in element:
        content = read_content(child, context)
        if child.tag == "dt":
            items.append(ListItem((Paragraph(tuple(restyle(content, "strong"))),)))
        elif items:
            items[-1] = ListItem((*items[-1].blocks, Paragraph(content)))
    return ListBlock(tuple(items), line=line)


def _table(element: ElementTree.Element, context: Context) -> Table:
    line = context.locate(_needle(element))
    columns = max((len(row) for row in element.iter("tr")), default=0)
    if columns > MAX_TABLE_COLUMNS:
        raise error("limit-table", f"the table has {columns:,} columns; a page or a slide shows at most "
                    f"{MAX_TABLE_COLUMNS}", context.path, line,
                    "split it into tables of fewer columns, or turn its rows into a list")

    def rows(section: str) -> tuple[tuple[Cell, ...], ...]:
        return tuple(tuple(Cell(read_content(cell, context), _align(cell)) for cell in row)
                     for row in element.iterfind(f"{section}/tr"))

    return Table(header=rows("thead"), rows=rows("tbody"), line=line)


def _align(cell: ElementTree.Element) -> Any:
    style = cell.get("style") or cell.get("align") or ""
    for value in ("left", "center", "right"):
        if value in style:
            return value
    return None


def check_internal_links(document: Document, context: Context) -> None:
    ids = {h.id for h in document.headings()} | {f.id for f in document.figures()}
    for target, line in context.links:
        if target[1:] in ids:
            continue
        guess = difflib.get_close_matches(target[1:], ids, n=1)
        hint = f"did you mean #{guess[0]}? " if guess else ""
        context.warn("link-broken", f"internal link {target} points to no heading", line,
                     f"{hint}link to a heading's id; a heading's id is its text in lower case with "
                     "hyphens, or set one with '## Heading {#my-id}'")
