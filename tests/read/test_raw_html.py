"""What a document may bring in: raw HTML sanitising and the file sandbox (resources.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import PNG, ROOT, SVG, only, read, write
from publish import resources
from publish.model.document import Figure
from publish.read.raw_html import parse_tag, sanitize
from publish.resources import Sandbox, check_image, image_format, places_letters_one_by_one

# --------------------------------------------------------------------------- raw HTML


@pytest.mark.parametrize(("fragment", "named"), [
    ("<script>alert(1)</script>", "<script>"),
    ("<style>body{display:none}</style>", "<style>"),
    ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<embed src="x.swf">', "<embed>"),
    ('<form action="https://evil.example"><input></form>', "<form>"),
    ('<link rel="attachment" href="secret.pdf">', "rel=attachment"),
    ('<a rel="attachment" href="secret.pdf">x</a>', "rel=attachment"),
    ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
    ('<img src="/etc/passwd">', "/etc/passwd"),
    ('<img src="C:\\Windows\\win.ini">', "C:\\Windows\\win.ini"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:alert(1)"),
    ('<object data="/etc/passwd"></object>', "/etc/passwd"),
    ('<img src="a.png" onerror="steal()">', "onerror="),
])
def test_dangerous_html_is_removed_and_named(fragment: str, named: str) -> None:
    clean, _, dropped = sanitize(fragment)
    assert named in dropped
    assert named.strip("<>=").split("=")[0] not in clean.replace("<img", "")


def test_dropped_elements_take_their_content_with_them() -> None:
    clean, text, _ = sanitize("<p>Before<script>var secret = 1;</script> after</p>")
    assert "secret" not in clean and "secret" not in text
    assert text == "Before after"


def test_harmless_html_passes_unchanged_and_unreported() -> None:
    fragment = '<p lang="de">Ein <b>kurzer</b> <a href="https://example.org">Link</a></p>'
    clean, text, dropped = sanitize(fragment)
    assert (clean, text, dropped) == (fragment, "Ein kurzer Link", [])


def test_presentational_attributes_go_quietly() -> None:
    clean, _, dropped = sanitize('<table class="x" style="color:red" border="1"><tr><td>1</td></tr></table>')
    assert dropped == []
    assert "style" not in clean and "class" not in clean


def test_each_dropped_part_is_named_once() -> None:
    _, _, dropped = sanitize("<script>a</script><script>b</script>")
    assert dropped == ["<script>"]


def test_parse_tag_reads_one_tag_and_nothing_else() -> None:
    tag = parse_tag('<a href="https://example.org">')
    assert tag is not None and (tag.name, tag.closing, tag.attributes) == ("a", False, {"href": "https://example.org"})
    closing = parse_tag("</b>")
    assert closing is not None and (closing.name, closing.closing) == ("b", True)
    assert parse_tag("<br/>") is not None
    assert parse_tag("<!-- comment -->") is None
    assert parse_tag("&amp;") is None
    assert parse_tag("<b>two</b>") is None


# --------------------------------------------------------------------------- the sandbox


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A document folder, a theme folder, and a secret outside both."""
    document, theme = tmp_path / "doc", tmp_path / "theme"
    write(document, "images/chart.png", PNG)
    write(theme, "logo.png", PNG)
    secret = write(tmp_path, "secret.png", PNG)
    return document, theme, secret


def sandbox(folders: tuple[Path, Path, Path], allow_remote: bool = False) -> Sandbox:
    document, theme, _ = folders
    return Sandbox((document, theme), allow_remote=allow_remote)


def test_files_inside_the_document_folder_are_allowed(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    assert sandbox(folders).local_path("images/chart.png", document) == (document / "images/chart.png").resolve()


def test_files_inside_the_theme_folder_are_allowed(folders: tuple[Path, Path, Path]) -> None:
    theme = folders[1]
    assert sandbox(folders).local_path((theme / "logo.png").as_uri(), theme) == (theme / "logo.png").resolve()


def test_a_dot_dot_escape_is_refused(folders: tuple[Path, Path, Path]) -> None:
    with pytest.raises(PermissionError, match="outside the document and theme folders"):
        sandbox(folders).local_path("../secret.png", folders[0])


def test_an_encoded_dot_dot_escape_is_refused(folders: tuple[Path, Path, Path]) -> None:
    with pytest.raises(PermissionError, match="outside"):
        sandbox(folders).local_path("images/..%2F..%2Fsecret.png", folders[0])


def test_an_absolute_path_is_refused_even_inside_the_folder(folders: tuple[Path, Path, Path]) -> None:
    inside = folders[0] / "images/chart.png"
    with pytest.raises(PermissionError, match="absolute path"):
        sandbox(folders).local_path(str(inside), folders[0])
    with pytest.raises(PermissionError, match="absolute path"):
        sandbox(folders).local_path("/etc/passwd", folders[0])


def test_a_file_url_outside_the_roots_is_refused(folders: tuple[Path, Path, Path]) -> None:
    with pytest.raises(PermissionError, match="outside"):
        sandbox(folders).local_path("file:///etc/passwd", folders[0])
    with pytest.raises(PermissionError, match="outside"):
        sandbox(folders).local_path(folders[2].as_uri(), folders[0])


def test_a_file_url_with_a_host_is_judged_by_its_path(folders: tuple[Path, Path, Path]) -> None:
    with pytest.raises(PermissionError, match="outside"):
        sandbox(folders).local_path("file://evil.example/etc/passwd", folders[0])


@pytest.mark.parametrize("url", ["data:image/png;base64,AAAA", "ftp://example.org/a.png", "javascript:alert(1)"])
def test_other_schemes_are_refused(folders: tuple[Path, Path, Path], url: str) -> None:
    with pytest.raises(PermissionError, match="URLs are not allowed"):
        sandbox(folders).local_path(url, folders[0])


@pytest.mark.parametrize("url", ["https://example.org/a.png", "http://example.org/a.png", "//example.org/a.png"])
def test_the_network_is_refused_without_allow_remote(folders: tuple[Path, Path, Path], url: str) -> None:
    assert sandbox(folders).is_remote(url)
    with pytest.raises(PermissionError, match="--allow-remote"):
        sandbox(folders).local_path(url, folders[0])
    path, problem = check_image(sandbox(folders), url, folders[0])
    assert path is None and problem is not None and "--allow-remote" in problem


def test_allows_says_whether_a_url_may_be_loaded_at_all(folders: tuple[Path, Path, Path]) -> None:
    box, document = sandbox(folders), folders[0]
    assert box.allows("images/chart.png", document) and box.allows("images/not-yet.png", document)
    assert not box.allows("../secret.png", document) and not box.allows("https://example.org/a.png", document)
    assert sandbox(folders, allow_remote=True).allows("https://example.org/a.png", document)


def test_allow_remote_lets_remote_pictures_through(folders: tuple[Path, Path, Path]) -> None:
    assert check_image(sandbox(folders, allow_remote=True), "https://example.org/a.png", folders[0]) == (None, None)


def test_a_symlink_pointing_outside_is_refused(folders: tuple[Path, Path, Path]) -> None:
    document, _, secret = folders
    (document / "innocent.png").symlink_to(secret)
    with pytest.raises(PermissionError, match="outside"):
        sandbox(folders).local_path("innocent.png", document)


def test_a_symlinked_folder_pointing_outside_is_refused(folders: tuple[Path, Path, Path]) -> None:
    document, _, secret = folders
    (document / "linked").symlink_to(secret.parent)
    with pytest.raises(PermissionError, match="outside"):
        sandbox(folders).local_path("linked/secret.png", document)


def test_a_symlink_inside_the_folder_is_fine(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    (document / "alias.png").symlink_to(document / "images/chart.png")
    assert sandbox(folders).local_path("alias.png", document) == (document / "images/chart.png").resolve()


def test_a_symlink_loop_is_refused_not_crashed(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    (document / "loop.png").symlink_to(document / "loop.png")
    path, problem = check_image(sandbox(folders), "loop.png", document)
    assert path is None and problem


def test_a_null_byte_is_refused(folders: tuple[Path, Path, Path]) -> None:
    with pytest.raises(PermissionError, match="not a valid path"):
        sandbox(folders).local_path("images/chart.png%00.svg", folders[0])


# --------------------------------------------------------------------------- pictures


@pytest.mark.parametrize(("content", "expected"), [
    (PNG, "png"), (b"\xff\xd8\xff\xe0" + bytes(8), "jpeg"), (b"GIF89a" + bytes(8), "gif"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "webp"), (SVG.encode(), "svg"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
    (b"BM" + bytes(30), None), (b"II*\0" + bytes(8), None), (b"plain text", None),
])
def test_the_format_comes_from_the_bytes(tmp_path: Path, content: bytes, expected: str | None) -> None:
    assert image_format(write(tmp_path, "picture.png", content)) == expected


def test_an_unsupported_format_is_named(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    write(document, "scan.tiff", b"II*\0" + bytes(8))
    path, problem = check_image(sandbox(folders), "scan.tiff", document)
    assert path is None and problem is not None and "not a supported format" in problem


def test_a_picture_named_png_that_is_not_one_is_refused(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    write(document, "fake.png", "<html>not a picture</html>")
    _, problem = check_image(sandbox(folders), "fake.png", document)
    assert problem is not None and "not a supported format" in problem


def test_a_folder_is_not_a_picture(folders: tuple[Path, Path, Path]) -> None:
    _, problem = check_image(sandbox(folders), "images", folders[0])
    assert problem == "picture images does not exist"


def test_an_unreadable_picture_says_so(folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(resources, "image_format", refuse)
    _, problem = check_image(sandbox(folders), "images/chart.png", folders[0])
    assert problem == "picture images/chart.png cannot be read (Permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_picture_without_read_permission_says_so(folders: tuple[Path, Path, Path]) -> None:
    picture = folders[0] / "images/chart.png"
    picture.chmod(0)
    try:
        _, problem = check_image(sandbox(folders), "images/chart.png", folders[0])
    finally:
        picture.chmod(0o644)
    assert problem is not None and "cannot be read" in problem


@pytest.mark.parametrize("reference", [
    '<image href="file:///etc/passwd"/>',
    '<image xlink:href="/etc/passwd"/>',
    '<image href="../../secret.png"/>',
    '<image href="https://example.org/tracker.png"/>',
    "<style>@import url(https://example.org/x.css);</style>",
    '<rect style="fill: url(file:///etc/passwd)"/>',
])
def test_an_svg_that_loads_outside_files_is_refused(folders: tuple[Path, Path, Path], reference: str) -> None:
    document = folders[0]
    write(document, "images/bad.svg", f'<svg xmlns="http://www.w3.org/2000/svg">{reference}</svg>')
    path, problem = check_image(sandbox(folders), "images/bad.svg", document)
    assert path is None and problem is not None and "refers to" in problem


def test_an_svg_declaring_entities_is_refused(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    write(document, "x.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                             '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
    _, problem = check_image(sandbox(folders), "x.svg", document)
    assert problem is not None and "entities" in problem


def test_an_svg_with_its_own_references_and_links_is_fine(folders: tuple[Path, Path, Path]) -> None:
    document = folders[0]
    write(document, "images/ok.svg", '<svg xmlns="http://www.w3.org/2000/svg" '
                                     'xmlns:xlink="http://www.w3.org/1999/xlink">'
                                     '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/>'
                                     '<use xlink:href="#g"/><image href="chart.png"/>'
                                     '<a href="https://example.org"><text>site</text></a></svg>')
    path, problem = check_image(sandbox(folders), "images/ok.svg", document)
    assert problem is None and path is not None


def test_the_article_pictures_pass_the_sandbox() -> None:
    source = ROOT / "source"
    box = Sandbox((source,))
    for name in ("images/tpm-bridge.svg", "images/metrics-review.svg"):
        assert check_image(box, name, source)[1] is None


@pytest.mark.parametrize(("attributes", "one_by_one"), [
    ({}, False),
    ({"x": "10", "y": "20", "dx": "1.5", "dy": "-2"}, False),
    ({"rotate": "0", "letter-spacing": "0px"}, False),
    ({"letter-spacing": "normal"}, False),
    ({"x": "10 20 30"}, True),
    ({"dy": "1,2"}, True),
    ({"y": "10-5"}, True),
    ({"rotate": "15"}, True),
    ({"letter-spacing": "0.1em"}, True),
    ({"textLength": "200"}, True),
])
def test_svg_text_places_its_letters_one_by_one_only_when_its_attributes_say_so(
        attributes: dict[str, str], one_by_one: bool) -> None:
    assert places_letters_one_by_one(attributes.get) is one_by_one


def test_a_block_of_html_showing_only_a_local_picture_is_a_figure(tmp_path: Path) -> None:
    write(tmp_path, "logo.svg", SVG)
    document, _ = read('# T\n\nText.\n\n<p align="center"><img src="logo.svg" alt="Our logo"></p>\n', tmp_path)
    [figure] = only(document.blocks, Figure)
    assert (figure.alt, figure.path, figure.line) == ("Our logo", tmp_path / "logo.svg", 5)


def test_a_block_of_html_with_remote_badges_stays_html() -> None:
    document, _ = read('# T\n\n<p><img src="https://img.shields.io/badge/x" alt="build"></p>\n')
    assert not only(document.blocks, Figure)
