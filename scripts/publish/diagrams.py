"""Diagrams drawn offline, in the theme's colours and font: Mermaid through mermaid-cli in Debian's
headless Chromium, Graphviz through `dot`. Each becomes an SVG figure (vector, its text selectable in
the PDF; the deck draws it as a picture), made once per source and theme: the file is named by a
hash of both, so a rebuild that changed no diagram starts no browser.

    document, found, folder = draw_diagrams(document, theme)   # folder: a sandbox root for both writers

A diagram that cannot be drawn (a syntax error, a renderer that is not installed) is shown as its
source code, with a warning naming the block's line and the renderer's message.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from publish import cache as build_cache
from publish.model.diagnostics import Diagnostic
from publish.model.document import Block, CodeBlock, Diagram, DiagramKind, Document, Figure, map_blocks, walk
from publish.theme import Theme

CACHE_KIND = "diagrams"
RENDER_TIMEOUT = 90.0  # seconds: Chromium's first start on a cold machine takes a few
CHECKOUT = Path(__file__).resolve().parents[2]  # node_modules/ sits beside scripts/ in a checkout
LABEL = re.compile(r'\["?([^\]"]+)"?\]|\{"?([^}"]+)"?\}|\(\("?([^)"]+)"?\)\)|\("?([^)"]+)"?\)|label\s*=\s*"([^"]+)"')
ACCESSIBLE = re.compile(r"^\s*(accTitle|accDescr)\s*:\s*(.+?)\s*$", re.M)
ERROR_LINE = re.compile(r"(?:line|Line) (\d+)")
VIEW_BOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
MAX_LABELS = 8  # node labels named in a diagram's description


@dataclass(frozen=True)
class Drawn:
    svg: Path | None
    problem: str | None = None  # the renderer's message when it failed
    line: int | None = None  # the diagram's own line the message points at


def diagram_folder() -> Path:
    """Where drawn diagrams are kept: the build cache, else a folder removed when the process ends."""
    folder = build_cache.folder(CACHE_KIND)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="publish-diagrams-"))
        atexit.register(shutil.rmtree, folder, True)
    return folder.resolve()


def draw_diagrams(document: Document, theme: Theme, folder: Path | None = None
                  ) -> tuple[Document, list[Diagnostic], Path | None]:
    """The document with every diagram drawn as a figure (or shown as code), what went wrong, and the
    folder the drawings are in (None for a document without diagrams: no folder is made)."""
    if not any(isinstance(block, Diagram) for block in walk(document.blocks)):
        return document, [], None
    folder = folder or diagram_folder()
    found: list[Diagnostic] = []
    missing: set[str] = set()
    describe = theme.labels(document.meta.lang)["figure"]

    def change(block: Block) -> Block:
        if not isinstance(block, Diagram):
            return block
        renderer = _renderer(block.kind)
        if renderer is None:
            if block.kind not in missing:
                missing.add(block.kind)
                found.append(Diagnostic("diagram-renderer", f"{RENDERERS[block.kind]} is not installed: "
                                        f"{block.kind} diagrams are shown as their source", document.path,
                                        block.line, "run `make` (it installs the diagram renderers)"))
            return CodeBlock(block.source, block.kind, block.line)
        drawn = _drawn(block.kind, block.source, theme, folder, renderer)
        if drawn.svg is None:
            line = block.line + drawn.line if block.line and drawn.line else block.line
            found.append(Diagnostic("diagram", f"the {block.kind} diagram cannot be drawn: {drawn.problem}",
                                    document.path, line, "correct the diagram (it is shown as code meanwhile)"))
            return CodeBlock(block.source, block.kind, block.line)
        alt = block.alt or description(block, describe)
        return Figure(src=f"{block.kind} diagram", alt=alt, caption=block.caption, number=block.number,
                      id=block.id, path=drawn.svg, line=block.line)

    return replace(document, blocks=map_blocks(document.blocks, change)), found, folder


def description(diagram: Diagram, figure: str) -> str:
    """Alt text for a diagram its author did not describe: Mermaid's own accessible title and
    description when the source has them, else what kind it is and its labels."""
    accessible = [m.group(2).strip() for m in ACCESSIBLE.finditer(diagram.source)]
    if accessible:
        return ": ".join(accessible)
    labels = [next(group for group in match.groups() if group) for match in LABEL.finditer(diagram.source)]
    named = ", ".join(dict.fromkeys(label.strip() for label in labels if label.strip()))
    shown = ", ".join(named.split(", ")[:MAX_LABELS])
    return f"{figure} ({diagram.kind}): {shown}" if shown else f"{figure} ({diagram.kind})"


# ---------------------------------------------------------------------- the renderers

RENDERERS: dict[DiagramKind, str] = {"mermaid": "mermaid-cli (mmdc)", "graphviz": "Graphviz (dot)"}


@cache
def _renderer(kind: DiagramKind) -> list[str] | None:
    """The command that draws `kind`, or None when it is not installed."""
    if kind == "graphviz":
        dot = shutil.which("dot")
        return [dot] if dot else None
    local = CHECKOUT / "node_modules" / ".bin" / "mmdc"
    mmdc = os.environ.get("PUBLISH_MMDC") or (str(local) if local.is_file() else shutil.which("mmdc"))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    return [mmdc, browser] if mmdc and browser else None


def _drawn(kind: DiagramKind, source: str, theme: Theme, folder: Path, renderer: list[str]) -> Drawn:
    colours, font = theme.colors, theme.font("body").family
    name = build_cache.key(kind, source, sorted(colours.items()), font, renderer[0])
    target = folder / f"{name}.svg"
    if target.is_file():
        return Drawn(target)
    try:
        svg = _graphviz(source, colours, font, renderer) if kind == "graphviz" else \
            _mermaid(source, colours, font, renderer)
        if "<svg" not in svg:
            raise RenderError("it drew nothing (is the diagram empty?)")
    except RenderError as failed:
        return Drawn(None, failed.message, failed.line)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(svg, encoding="utf-8")
    partial.replace(target)  # atomic: parallel builds share the folder
    return Drawn(target)


class RenderError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        first = next((line.strip() for line in message.splitlines() if line.strip()), "it failed")
        self.message = first[:200]
        found = ERROR_LINE.search(message)
        self.line = int(found.group(1)) if found else None


def _run(command: list[str], source: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(command, input=source, capture_output=True, text=True, timeout=RENDER_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"the renderer took more than {RENDER_TIMEOUT:.0f} seconds") from None
    except OSError as exc:
        raise RenderError(f"the renderer cannot run ({exc})") from None
    if done.returncode:
        raise RenderError(done.stderr or done.stdout or f"exit status {done.returncode}")
    return done


def _graphviz(source: str, colours: dict[str, str], font: str, renderer: list[str]) -> str:
    style = {"-G": {"bgcolor": "transparent", "fontname": font, "fontcolor": colours["text"]},
             "-N": {"fontname": font, "fontcolor": colours["text"], "color": colours["primary"]},
             "-E": {"fontname": font, "fontcolor": colours["text"], "color": colours["muted"]}}
    options = [f"{flag}{name}={value}" for flag, values in style.items() for name, value in values.items()]
    return _run([renderer[0], "-Tsvg", *options], source).stdout


def _mermaid(source: str, colours: dict[str, str], font: str, renderer: list[str]) -> str:
    """Mermaid with SVG text labels (not HTML in foreignObject, which neither WeasyPrint nor the deck's
    rasteriser draws), in the theme's colours."""
    config = {"theme": "base", "htmlLabels": False, "flowchart": {"htmlLabels": False},
              "themeVariables": {"fontFamily": font, "primaryColor": colours["callout_background"],
                                 "primaryBorderColor": colours["primary"], "primaryTextColor": colours["text"],
                                 "lineColor": colours["muted"], "secondaryColor": colours["table_stripe"],
                                 "tertiaryColor": colours["background"]}}
    browser = {"executablePath": renderer[1], "args": ["--no-sandbox", "--disable-gpu"]}
    with tempfile.TemporaryDirectory(prefix="publish-mermaid-") as work:
        folder = Path(work)
        (folder / "diagram.mmd").write_text(source, encoding="utf-8")
        (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
        (folder / "browser.json").write_text(json.dumps(browser), encoding="utf-8")
        _run([renderer[0], "-q", "-i", str(folder / "diagram.mmd"), "-o", str(folder / "diagram.svg"),
              "-c", str(folder / "config.json"), "-p", str(folder / "browser.json"), "-b", "transparent"])
        svg = (folder / "diagram.svg").read_text(encoding="utf-8")
    return _sized(svg)


def _sized(svg: str) -> str:
    """Mermaid sizes its drawing to the page (width="100%"): give it the size it was drawn at."""
    end = svg.find(">")
    head, box = svg[:end], VIEW_BOX.search(svg[:end])
    if box is None or 'width="100%"' not in head:
        return svg
    return head.replace('width="100%"', f'width="{box.group(1)}" height="{box.group(2)}"', 1) + svg[end:]
