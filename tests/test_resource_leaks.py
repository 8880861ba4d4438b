"""Nothing from the build machine or the network gets into an artifact.

One hostile document points at /etc/passwd, at a planted secret outside its
folder and at the network in every way Markdown and raw HTML allow (pictures,
links, reference definitions, symlinks, rel=attachment, <link>, <object>,
<embed>, <iframe>, inline SVG, CSS url() in style attributes and <style>).
It is built once to a PDF and a deck; the tests read both back.
"""

from __future__ import annotations

import re
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
import weasyprint.urls

from helpers import PNG, read, runs, write
from publish.cli import main as publish

PASSWD = Path("/etc/passwd")
PASSWD_LINE = b"root:x:0:0"  # the first line of every Linux /etc/passwd
MARKER = b"PLANTED-SECRET-7f3a9c"  # the planted secret's content, found nowhere else
REMOTE = "https://example.com/x.png"

HOSTILE = """\
---
title: Hostile references
lang: en
---

## Pictures

![passwd](/etc/passwd) ![passwd url](file:///etc/passwd) ![outside](../outside/secret.png)

![absolute](OUTSIDE/secret.png) ![absolute url](file://OUTSIDE/secret.png) ![symlinked](images/evil.png)

![remote](https://example.com/x.png) ![protocol relative](//example.com/y.png) ![by reference][passwd]

## Links

[passwd](/etc/passwd), [passwd url](file:///etc/passwd), [secret](OUTSIDE/secret.txt),
[symlinked](images/evil.txt) and [web](https://example.com/x.png).

[passwd]: /etc/passwd

## Raw HTML

<img src="/etc/passwd" alt="raw"> <img src="file:///etc/passwd" alt="raw url">
<img src="images/evil.png" alt="raw link">

<a rel="attachment" href="file:///etc/passwd">attached</a> <a rel="attachment" href="notes.txt">attached here</a>

<link rel="attachment" href="file:///etc/passwd"> <link rel="stylesheet" href="file:///etc/passwd">

<object data="file:///etc/passwd"></object> <embed src="/etc/passwd"> <iframe src="file:///etc/passwd"></iframe>

<p style="background: url(file:///etc/passwd)">styled</p>
<p style="background-image: url('OUTSIDE/secret.png')">styled too</p>
<p style="background: url(https://example.com/bg.png)">styled remote</p>

<style>@import url(file:///etc/passwd); body { background: url(https://example.com/bg.png) }</style>

<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>

<img src="https://example.com/x.png" alt="net"> <link rel="stylesheet" href="https://example.com/s.css">

<base href="file:///etc/"><img src="passwd" alt="based">
"""


def hostile_folder(folder: Path) -> Path:
    """The document, a harmless file beside it, a secret outside it and symlinks pointing out."""
    outside = folder / "outside"
    write(outside, "secret.txt", MARKER + b"\n")
    write(outside, "secret.png", PNG + MARKER)
    docs = folder / "docs"
    write(docs, "notes.txt", MARKER + b" (beside the document, but never attached)\n")
    (docs / "images").mkdir(parents=True)
    (docs / "images" / "evil.png").symlink_to(outside / "secret.png")
    (docs / "images" / "evil.txt").symlink_to(PASSWD if PASSWD.exists() else outside / "secret.txt")
    return write(docs, "hostile.md", HOSTILE.replace("OUTSIDE", str(outside)))


class NetworkSpy:
    """Records every attempt to resolve a name or open a connection, and refuses it."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            self.attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network access during a build: {what}")
        return refused


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Build the hostile document to PDF and deck with the network and the PDF fetcher watched."""
    folder = tmp_path_factory.mktemp("hostile")
    source = hostile_folder(folder)
    spy, fetched = NetworkSpy(), []
    real_fetch = weasyprint.urls.URLFetcher.fetch

    def fetch(self: Any, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return real_fetch(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", spy.refuse("socket.connect"))
        patch.setattr(socket.socket, "connect_ex", spy.refuse("socket.connect_ex"))
        patch.setattr(socket, "create_connection", spy.refuse("create_connection"))
        patch.setattr(socket, "getaddrinfo", spy.refuse("getaddrinfo"))
        patch.setattr(weasyprint.urls.URLFetcher, "fetch", fetch)
        pdf, deck = folder / "out" / "hostile.pdf", folder / "out" / "hostile.pptx"
        pdf.parent.mkdir()
        status = publish([str(source), "-o", str(pdf), "-o", str(deck), "-q"])
    yield {"status": status, "pdf": pdf, "deck": deck, "network": spy.attempts, "fetched": fetched,
           "docs": source.parent}


def secrets() -> list[bytes]:
    return [MARKER, PASSWD_LINE] if PASSWD.is_file() else [MARKER]


def pdf_streams(path: Path) -> Iterator[bytes]:
    """Every stream of the PDF, decompressed (undecodable ones raw)."""
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    yield obj.read_bytes()
                except pikepdf.PdfError:
                    yield obj.read_raw_bytes()


def test_the_hostile_document_builds_with_warnings_not_errors(built: dict[str, Any]) -> None:
    assert built["status"] == 0
    assert built["pdf"].stat().st_size > 0 and built["deck"].stat().st_size > 0


def test_the_pdf_has_no_embedded_files(built: dict[str, Any]) -> None:
    with pikepdf.open(built["pdf"]) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", pikepdf.Dictionary())
        assert "/AF" not in pdf.Root
        kinds = {str(obj.get("/Type")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)}
        assert not kinds & {"/Filespec", "/EmbeddedFile"}


def test_the_pdf_has_no_file_attachment_annotations(built: dict[str, Any]) -> None:
    with pikepdf.open(built["pdf"]) as pdf:
        subtypes = {str(annot.get("/Subtype")) for page in pdf.pages for annot in page.get("/Annots", [])}
    assert "/FileAttachment" not in subtypes


def test_the_pdf_links_to_no_local_file(built: dict[str, Any]) -> None:
    with pikepdf.open(built["pdf"]) as pdf:
        uris = [str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A]
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in uris), uris


def test_the_pdf_has_no_picture(built: dict[str, Any]) -> None:
    """The document has no picture it may use, so any image XObject came from somewhere it must not."""
    with pikepdf.open(built["pdf"]) as pdf:
        images = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
    assert images == []


def test_no_secret_is_in_the_pdf_text(built: dict[str, Any]) -> None:
    with pdfplumber.open(built["pdf"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for secret in secrets():
        assert secret.decode() not in text


def test_no_secret_is_in_any_pdf_stream(built: dict[str, Any]) -> None:
    for data in pdf_streams(built["pdf"]):
        for secret in secrets():
            assert secret not in data


def test_no_secret_is_in_the_raw_pdf_bytes(built: dict[str, Any]) -> None:
    data = built["pdf"].read_bytes()
    for secret in secrets():
        assert secret not in data


def test_no_secret_is_in_any_part_of_the_deck(built: dict[str, Any]) -> None:
    with zipfile.ZipFile(built["deck"]) as package:
        for name in package.namelist():
            data = package.read(name)
            for secret in secrets():
                assert secret not in data, name


def test_the_deck_carries_no_picture_but_the_theme_logo(built: dict[str, Any], tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.md", "---\ntitle: Hostile references\nlang: en\n---\n\n## Pictures\n\nNone.\n")
    assert publish([str(clean), "-o", str(tmp_path / "clean.pptx"), "-q"]) == 0

    def media(deck: Path) -> set[bytes]:
        with zipfile.ZipFile(deck) as package:
            return {package.read(name) for name in package.namelist() if name.startswith("ppt/media/")}

    assert media(built["deck"]) <= media(tmp_path / "clean.pptx")


def test_the_deck_links_to_no_local_file(built: dict[str, Any]) -> None:
    with zipfile.ZipFile(built["deck"]) as package:
        rels = "".join(package.read(name).decode() for name in package.namelist() if name.endswith(".rels"))
    external = re.findall(r'Target="([^"]*)" TargetMode="External"', rels)
    assert all(target.startswith(("https://", "http://", "mailto:")) for target in external), external


def test_no_build_step_touches_the_network(built: dict[str, Any]) -> None:
    assert built["network"] == []


def test_the_pdf_writer_fetches_only_files_inside_the_document_and_theme_folders(built: dict[str, Any]) -> None:
    from publish.theme import load_theme

    roots = [built["docs"].resolve().as_uri(), *(folder.resolve().as_uri() for folder in load_theme("default").chain)]
    strays = [url for url in built["fetched"] if not any(url.startswith(root + "/") for root in roots)]
    assert strays == []


def test_a_link_to_a_file_beside_the_document_is_dropped_with_its_reason(tmp_path: Path) -> None:
    """Both artifacts travel by e-mail, where a path means a file on the machine that built them."""
    document, [warning] = read("# T\n\nSee [the notes](notes.txt) and [the site](https://example.org).\n", tmp_path)
    assert {href for _, _, href in runs(document.blocks[0])} == {None, "https://example.org"}
    assert (warning.code, warning.line) == ("link-dropped", 3)
    assert "notes.txt" in warning.message and "only on the computer that built" in warning.message


def test_a_source_url_pointing_at_a_local_file_is_dropped_with_a_warning(tmp_path: Path) -> None:
    document, [warning] = read("---\ntitle: T\nsource:\n  name: Secrets\n  url: file:///etc/passwd\n---\n\nText.\n",
                               tmp_path)
    assert document.meta.source is not None and document.meta.source.url is None
    assert (warning.code, warning.line) == ("front-matter-source", 5)
