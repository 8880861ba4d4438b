"""Hostile and unusual documents, generated: each class of input that once hung a build, blew its
memory or ended in a traceback. The robustness tests build every one through both writers.

Each document has a text before and after the hostile part (BEFORE, AFTER), so a test can check
that a build that succeeds kept the rest of the document.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable

BEFORE = "Text before the hostile part."
AFTER = "Text after the hostile part."
HEAD = f"---\ntitle: Hostile\nlang: en\n---\n# Hostile\n\n{BEFORE}\n\n"
TAIL = f"\n\n{AFTER}\n"


def _png(width: int, height: int, body: bytes = bytes(100)) -> bytes:
    """A PNG whose header claims width × height; its pixels are `body` (a few bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b"")


def _gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b"\x3b"


def _nested_uses(depth: int, fan: int) -> str:
    groups = ['<g id="g0"><rect width="1" height="1"/></g>']
    for level in range(1, depth + 1):
        uses = "".join(f'<use href="#g{level - 1}"/>' for _ in range(fan))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>{"".join(groups)}</defs>'
            f'<use href="#g{depth}"/></svg>')


def _nested_list(depth: int) -> str:
    return "\n".join("  " * level + f"- item {level}" for level in range(depth))


def _svg(view_box: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}"><rect width="10" height="10"/></svg>'


Files = dict[str, bytes]
# name -> (the Markdown between HEAD and TAIL, the files beside it)
DOCUMENTS: dict[str, Callable[[], tuple[str, Files]]] = {
    "a list nested 100 deep": lambda: (_nested_list(100), {}),
    "a list nested 500 deep": lambda: (_nested_list(500), {}),
    "a list nested 5,000 deep": lambda: (_nested_list(5000), {}),
    "blockquotes nested 100 deep": lambda: ("> " * 100 + "deep", {}),
    "blockquotes nested 1,000 deep": lambda: ("> " * 1000 + "deep", {}),
    "emphasis nested 5,000 deep": lambda: ("*_" * 2500 + "x" + "_*" * 2500, {}),
    "HTML divs nested 3,000 deep": lambda: ("<div>" * 3000 + "deep" + "</div>" * 3000, {}),
    "fenced divs nested 500 deep": lambda: ("\n\n".join([":::: box"] * 500 + ["deep"] + ["::::"] * 500), {}),
    "a line of a million characters": lambda: ("x" * 1_000_000, {}),
    "a heading of a million characters": lambda: ("## " + "x" * 1_000_000, {}),
    "a code line of a million characters": lambda: ("```\n" + "x" * 1_000_000 + "\n```", {}),
    "a URL of a million characters": lambda: (f"[link](https://example.com/{'x' * 1_000_000})", {}),
    "a table of 3,000 columns": lambda: ("| " + " | ".join(f"c{i}" for i in range(3000)) + " |\n|"
                                         + "---|" * 3000 + "\n| " + " | ".join("v" for _ in range(3000)) + " |",
                                         {}),
    "a PNG claiming 30,000 × 30,000 pixels": lambda: ("![bomb](bomb.png)", {"bomb.png": _png(30_000, 30_000)}),
    "a PNG claiming 60,000 × 60,000 pixels": lambda: ("![bomb](bomb.png)", {"bomb.png": _png(60_000, 60_000)}),
    "a GIF screen of 65,535 × 65,535": lambda: ("![bomb](bomb.gif)", {"bomb.gif": _gif(65_535, 65_535)}),
    "a truncated PNG": lambda: ("![cut](cut.png)", {"cut.png": _png(100, 100, random.Random(0).randbytes(30_100))
                                                    [:3000]}),
    "an SVG of nested uses": lambda: ("![uses](uses.svg)", {"uses.svg": _nested_uses(9, 10).encode()}),
    "an SVG with a bad viewBox number": lambda: ("![bad](bad.svg)", {"bad.svg": _svg("0 0 1e999x 10").encode()}),
    "an SVG with a NaN viewBox": lambda: ("![nan](nan.svg)", {"nan.svg": _svg("0 0 nan nan").encode()}),
    "an SVG of absurd size": lambda: ("![huge](huge.svg)", {"huge.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="1e30" height="1e30"><rect width="5" height="5"/>'
        b"</svg>")}),
    "control characters in the text": lambda: ("text \x01\x02\x0b\x1b end", {}),
    "an ordered list starting at 0": lambda: ("0. zero\n1. one", {}),
    "an ordered list starting at a 20-digit number": lambda: ("12345678901234567890. big\n", {}),
}

# name -> the whole document (the front matter is the hostile part)
FRONT_MATTERS: dict[str, str] = {
    "a billion-laughs title": "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
        + "title: *i\nlang: en\n---\n# T\n",
    "billion-laughs keywords": "---\ntitle: T\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
        + "keywords: *i\nlang: en\n---\n# T\n",
    "a 5,000-digit integer": "---\ntitle: T\nversion: " + "9" * 5000 + "\n---\n# T\n",
    "YAML nested 5,000 deep": "---\ntitle: T\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n# T\n",
    "TOML nested 5,000 deep": '+++\ntitle = "T"\nx = ' + "[" * 5000 + "]" * 5000 + "\n+++\n# T\n",
    "a title with lone surrogates": '---\ntitle: "A \\ud800 title"\nlang: en\n---\n# T\n',
    "a title with control characters": '---\ntitle: "A \\x01\\x02 title"\nlang: en\n---\n# T\n',
}
