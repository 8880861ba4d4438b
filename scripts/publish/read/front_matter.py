"""Front matter (YAML `---` or TOML `+++`) into the document's metadata: the spellings authors
use for each field, dates, keywords, attribution; every problem named with its line."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import markdown
import yaml
from markdown.extensions.meta import MetaExtension

from publish.limits import MAX_DATA_DEPTH, LimitError, check_data
from publish.model.diagnostics import BuildError, error
from publish.model.document import Attribution, Block, Heading, Metadata
from publish.read.context import Context
from publish.read.inlines import LINK_FIX, link_problem

FRONT_MATTER = {
    "yaml": re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M),
    "toml": re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*$\n?", re.S | re.M),
}
META_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9][A-Za-z0-9 _-]*):\s*(.*)$", re.M)
FRONT_MATTER_OPENING = re.compile(r"\A(---|\+\+\+)[ \t]*\n")
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
# Keys other tools read (Jekyll, Hugo, MkDocs, Quarto, Marp, The Carpentries): ignored without a word.
SITE_KEYS = frozenset({
    "layout", "permalink", "slug", "aliases", "draft", "weight", "nav_order", "nav_exclude", "parent",
    "grand_parent", "has_children", "sidebar", "sidebar_position", "sidebar_label", "toc", "toc_depth",
    "hide", "template", "menu", "type", "categories", "category", "series", "redirect_from", "published",
    "excerpt", "image", "thumbnail", "cover", "icon", "order", "id", "search", "comments", "share",
    "format", "execute", "jupyter", "editor", "engine", "knitr", "bibliography", "csl", "filters",
    "marp", "theme", "paginate", "class", "header", "footer", "backgroundcolor", "backgroundimage",
    "color", "size", "math", "style", "headingdivider", "transition",
    "teaching", "exercises", "questions", "objectives", "keypoints", "start", "schedule", "cspell",
    "params", "versions", "affiliations", "date-format", "output-file", "revealjs-plugins", "code-annotations",
    "number-sections", "crossref", "reference-location", "citation", "lightbox", "title-block-banner",
})
TEXT_KEYS = frozenset({"title", "subtitle", "author", "organisation", "version", "audience", "classification",
                       "subject", "keywords"})
KNOWN_KEYS = {alias: key for key, aliases in FIELD_ALIASES.items() for alias in aliases}
SOURCE_KEYS = ("name", "title", "url")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")


class FrontMatterLoader(yaml.SafeLoader):
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


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_date)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], int]:
    """The front matter's fields and the offset where the Markdown starts."""
    opening = FRONT_MATTER_OPENING.match(text)
    if opening is None:
        return _meta_header(text)
    kind = "yaml" if opening.group(1) == "---" else "toml"
    match = FRONT_MATTER[kind].match(text)
    if match is None:
        raise error("front-matter-unclosed", "the front matter starting on line 1 is never closed", path, 1,
                    f"add a line with '{opening.group(1)}' after the last front matter field")
    try:
        loaded = _load_yaml(match.group(1), path) if kind == "yaml" else _load_toml(match.group(1), path)
        check_data(loaded)
    except (LimitError, RecursionError) as exc:
        problem = str(exc) if isinstance(exc, LimitError) else f"nests more than {MAX_DATA_DEPTH} deep"
        raise error("front-matter-limit", f"the front matter {problem}", path, 2,
                    "front matter holds a document's title, author, date and a few lists: shorten it") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise error("front-matter-shape", "the front matter must be 'key: value' lines", path, 2,
                    "write each field on its own line, as 'title: My document'")
    return {str(key): value for key, value in loaded.items()}, match.end()


def _meta_header(text: str) -> tuple[dict[str, Any], int]:
    """A MultiMarkdown meta header (`Title: X` lines at the very top, as Python-Markdown's `meta`
    extension reads them), when its first key is one front matter knows; else no fields."""
    first = META_LINE.match(text)
    if first is None or first.group(1).strip().lower().replace(" ", "_") not in KNOWN_KEYS:
        return {}, 0
    end = 0
    for line in text.splitlines(keepends=True):
        if not line.strip():
            end += len(line)
            break
        if not (META_LINE.match(line) or line.startswith(("    ", "\t"))):
            break
        end += len(line)
    reader = markdown.Markdown(extensions=[MetaExtension()])
    reader.convert(text[:end])
    fields = {key: " ".join(values) if len(values) == 1 or key not in ("keywords", "tags") else values
              for key, values in reader.Meta.items()}  # type: ignore[attr-defined]
    return fields, end


def _load_yaml(block: str, path: Path) -> Any:
    try:
        loader = FrontMatterLoader(block)
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML checks them first
        line = block.count("\n", 0, exc.position) + 2
        raise error("front-matter-yaml", f"the front matter contains the control character U+{exc.character:04X}",
                    path, line, "delete it (it is invisible in most editors)") from None
    try:
        loaded = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from None
    except ValueError as exc:  # a number too long for Python to convert
        raise error("front-matter-yaml", f"the front matter holds a value that cannot be read: {exc}", path, 2,
                    "quote long numbers, or shorten them") from None
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
    except ValueError as exc:  # TOMLDecodeError, or a number too long for Python to convert
        if not isinstance(exc, tomllib.TOMLDecodeError):
            raise error("front-matter-toml", f"the front matter holds a value that cannot be read: {exc}", path, 2,
                        "quote long numbers, or shorten them") from None
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        problem = re.sub(r"\s*\(at (?:line|end of document).*\)$", "", str(exc))
        line = int(where.group(1)) + 1 if where else 2
        raise error("front-matter-toml", f"the front matter is not valid TOML: {problem}", path, line,
                    'write each field as key = "value", with text in double quotes') from None


def _key_line(context: Context, key: str) -> int | None:
    """The line of `key:` (or `key =`) in the front matter."""
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[:=]", re.M)
    match = pattern.search(context.source, 0, context.body_offset)
    return context.line_at(match.start()) if match else None


def normalise_fields(fields: dict[str, Any], context: Context) -> dict[str, Any]:
    """Map every spelling to its canonical key; warn about unknown and repeated ones."""
    normalised: dict[str, Any] = {}
    spelled = context.spelled
    for key, value in fields.items():
        name = key.strip().lower().replace("-", "_").replace(" ", "_")
        canonical = KNOWN_KEYS.get(name)
        if canonical is None and (name in SITE_KEYS or name.startswith("_")):
            continue  # what a site generator, a slide tool or a lesson template reads: nothing to print
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
        problem = _not_text(value) if canonical in TEXT_KEYS else None
        if problem:
            context.warn("front-matter-type", f"'{key}' is {problem}, not text: it is ignored",
                         _key_line(context, key), f"write it as text, e.g. {key}: \"...\" (in quotes)")
            continue
        normalised[canonical] = value
        spelled[canonical] = key
    return normalised


def _not_text(value: Any) -> str | None:
    """What a value meant as text is instead (YAML reads `false`, `.nan`, `!!binary`, `{a: 1}` as
    other things), or None when it reads as text: text, numbers, dates, lists of them, or a
    mapping with a name (an author written as {name: ..., email: ...})."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, float) and not math.isfinite(value):
        return "not a number"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, str) and value and not any(unicodedata.category(char)[0] in "LNPS" for char in value):
        return "only invisible characters"
    if isinstance(value, dict):
        return None if isinstance(value.get("name"), (str, dict)) else "a mapping without a name"
    if isinstance(value, list):
        return next((f"a list holding {found}" for item in value if (found := _not_text(item))), None)
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(text for item in value if (text := _as_text(item))) or None
    if isinstance(value, dict):  # an author as {name: ...}; Quarto's name as {given: ..., family: ...}
        name = value.get("name", value)
        if isinstance(name, dict):
            name = name.get("literal") or " ".join(str(name[part]) for part in ("given", "family") if name.get(part))
        return _as_text(name) if not isinstance(name, dict) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip() or None


def take_title(blocks: list[Block], fields: dict[str, Any], context: Context) -> tuple[list[Block], dict[str, Any]]:
    """The first block, when it is an H1 with the title's text (or there is no title), is the title.
    Without one, the first heading of the highest level names the document, else its file name
    (with a warning: a guessed title is still a title)."""
    first = blocks[0] if blocks else None
    title = _as_text(fields.get("title"))
    if isinstance(first, Heading) and first.level == 1 and (
            not title or " ".join(first.text.split()).casefold() == " ".join(title.split()).casefold()):
        fields = {**fields, "title": title or first.text}
        blocks = blocks[1:]
    if not _as_text(fields.get("title")):
        headings = [block for block in blocks if isinstance(block, Heading) and block.text.strip()]
        top = min(headings, key=lambda heading: heading.level) if headings else None
        guessed = " ".join(top.text.split()) if top else _words(context.path.stem)
        where = "its first main heading" if top else "its file name"
        context.warn("title-guessed", f"the document has no title: '{guessed}' ({where}) is used", top.line if top
                     else 1, "add 'title: ...' to the front matter, or start the text with a '# Title' line")
        fields = {**fields, "title": guessed}
    return blocks, fields


def _words(stem: str) -> str:
    """A file name as a title: `employee-handbook_2024` -> `Employee handbook 2024`."""
    words = " ".join(re.split(r"[-_.\s]+", stem)).strip() or "Untitled"
    return words[0].upper() + words[1:]


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


def _attribution(fields: dict[str, Any], context: Context) -> Attribution | None:
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
    problem = link_problem(url) if url else None
    if url and (problem is not None or url.startswith("#")):
        context.warn("front-matter-source", f"source url {url} removed{problem or ''}",
                     _key_line(context, "url" if isinstance(raw, dict) and "url" in raw else "source_url"), LINK_FIX)
        url = None
    return Attribution(name, url) if name else None


def read_metadata(fields: dict[str, Any], context: Context) -> Metadata:
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
