"""A theme is input too: broken or hostile themes end in a message naming the theme file, through
both writers, with nothing from outside the theme folders in any artifact.

Each case is a theme extending `default` with one thing wrong; each runs the real command line
in-process for the PDF and for the deck.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from publish.cli import main

SECRET = "SECRET-PLANTED-7f3a"
DOCUMENT = "---\ntitle: Policy\nlang: en\n---\n# Policy\n\nSome text.\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(  # nine to the ninth values from 90 lines
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True))


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(100))) + \
        chunk(b"IEND", b"")


def _theme(root: Path, name: str, yaml: str = "", files: dict[str, str | bytes] | None = None) -> None:
    folder = root / "themes" / name
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: default\n" + yaml, encoding="utf-8")
    for relative, content in (files or {}).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _link(root: Path, name: str, relative: str, target: Path) -> None:
    path = root / "themes" / name / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


FONT = "fonts:\n  body:\n    family: Brand\n    files:\n      regular: brand.ttf\n"
# name -> (how to make the theme, what the message says)
CASES: dict[str, tuple[Callable[[Path, str], None], str]] = {
    "a template reaching Python's internals": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
        "deck/master.xml.j2": "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}"}), "unsafe"),
    "a template syntax error": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": "<p>\n{% if %}", "deck/master.xml.j2": "<p>\n{% if %}"}), "syntax error"),
    "an undefined name": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": "{{ nothere }}", "deck/master.xml.j2": "{{ nothere }}"}), "is undefined"),
    "an include of an absolute path": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": '{% include "/etc/passwd" %}',
        "deck/master.xml.j2": '{% include "/etc/passwd" %}'}), "not a template inside the theme"),
    "an include leading upwards": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": '{% include "../../../secret.txt" %}',
        "deck/master.xml.j2": '{% include "../../../secret.txt" %}'}), "not a template inside the theme"),
    "a template including itself": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": '{% include "guide.html.j2" %}{% include "guide.html.j2" %}',
        "deck/master.xml.j2": '{% include "master.xml.j2" %}'}), "in a loop"),
    "a template rendering without end": (lambda root, name: _theme(root, name, files={
        "templates/guide.html.j2": "{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxx"
                                   "{% endfor %}{% endfor %}",
        "deck/master.xml.j2": "{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxx"
                              "{% endfor %}{% endfor %}"}), "renders more than"),
    "a template that is a symlink out": (lambda root, name: (
        _theme(root, name), _link(root, name, "templates/guide.html.j2", root / "secret.txt"),
        _link(root, name, "deck/master.xml.j2", root / "secret.txt")), "not a template inside the theme"),
    "a logo that is a symlink out": (lambda root, name: (
        _theme(root, name, "logo: assets/logo.svg\n"), _link(root, name, "assets/logo.svg", root / "outside.svg")),
        "leads outside the theme folders"),
    "a logo in a symlinked folder": (lambda root, name: (
        _theme(root, name, "logo: out/outside.svg\n"), _link(root, name, "out", root)),
        "leads outside the theme folders"),
    "a logo that is a PNG bomb": (lambda root, name: _theme(root, name, "logo: bomb.png\n",
                                                             {"bomb.png": _png_header(60_000, 60_000)}),
                                  "million pixels"),
    "a binary theme.yaml": (lambda root, name: (_theme(root, name), (root / "themes" / name / "theme.yaml")
                                                .write_bytes(bytes(range(256)) * 4)), "not UTF-8"),
    "a YAML alias bomb": (lambda root, name: _theme(root, name, BOMB), "aliases count"),
    "a font file of garbage": (lambda root, name: _theme(root, name, FONT, {"brand.ttf": bytes(range(256)) * 20}),
                               "is not a font"),
    "a font that is a symlink out": (lambda root, name: (_theme(root, name, FONT),
                                                         _link(root, name, "brand.ttf", root / "secret.txt")),
                                     "leads outside the theme folders"),
    "a huge font size": (lambda root, name: _theme(root, name, "sizes:\n  body: 10000pt\n"), "outside the range"),
    "a tiny slide": (lambda root, name: _theme(root, name, files={"deck/deck.yaml": "slide: [0.1in, 0.1in]\n"}),
                     "outside the range"),
}

DECK_CASES: dict[str, tuple[Callable[[Path, str], None], str]] = {
    "a layout template rendering nothing": (lambda root, name: _theme(root, name, files={
        "deck/layouts/content.xml.j2": ""}), "empty"),
    "a layout template without shapes": (lambda root, name: _theme(root, name, files={
        "deck/layouts/content.xml.j2": '<p:sldLayout xmlns:p="http://schemas.openxmlformats.org/presentationml/'
                                       '2006/main"/>'}), "no <p:cSld>"),
    "a layout template that is not XML": (lambda root, name: _theme(root, name, files={
        "deck/layouts/content.xml.j2": "hello <<<"}), "not well-formed XML"),
}


@pytest.mark.parametrize(("case", "suffix"), [(case, suffix) for case in CASES for suffix in (".pdf", ".pptx")]
                         + [(case, ".pptx") for case in DECK_CASES])
def test_a_broken_or_hostile_theme_is_refused_naming_its_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              case: str, suffix: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "outside.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
                                          f"<text>{SECRET}</text></svg>", encoding="utf-8")
    (tmp_path / "doc.md").write_text(DOCUMENT, encoding="utf-8")
    make, message = {**CASES, **DECK_CASES}[case]
    make(tmp_path, "hostile")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / f"out{suffix}"
    code = main([str(tmp_path / "doc.md"), "-o", str(target), "--themes", str(tmp_path / "themes"),
                 "--theme", "hostile"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "internal error" not in err
    assert message in err and str(tmp_path / "themes" / "hostile") in err
    assert not target.exists() and not (tmp_path / "PWNED").exists()
