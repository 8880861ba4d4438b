"""make watch: which artifacts a change affects, and the watcher rebuilding for real.

No timing is asserted here: speed is measured by `make bench`, not by tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from publish.build import prepare
from publish.job import BuildOptions
from publish.tools.watch import Catalogue, Watcher, affected, used_files

BOTH = ("pdf", "pptx")
ARTICLE = """---
title: Watched
---

# Watched

A short paragraph with a picture.

![A chart of the quarter](images/chart.svg)
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n'


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    source = tmp_path / "source"
    return Catalogue(source, (tmp_path / "themes" / "brand", tmp_path / "themes" / "default"), {
        "guide": frozenset({source / "images" / "chart.svg", source / "images" / "logo.png"}),
        "handbook": frozenset({source / "images" / "logo.png"}),
        "broken": frozenset(),  # known but failed to read: a theme change still retries it
    })


def watch_command(source: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "publish.tools.watch", str(source), "--out", str(out)]


def test_a_source_change_rebuilds_that_document_only(catalogue: Catalogue) -> None:
    assert affected([catalogue.source_dir / "guide.md"], catalogue) == {("guide", "pdf"), ("guide", "pptx")}


def test_a_new_source_is_built(catalogue: Catalogue) -> None:
    assert affected([catalogue.source_dir / "new.md"], catalogue) == {("new", "pdf"), ("new", "pptx")}


def test_a_theme_change_rebuilds_every_document(catalogue: Catalogue) -> None:
    changed = [catalogue.theme_dirs[1] / "templates" / "guide.css.j2"]
    assert affected(changed, catalogue) == {(name, fmt) for name in ("guide", "handbook", "broken") for fmt in BOTH}


def test_a_picture_change_rebuilds_the_documents_using_it(catalogue: Catalogue) -> None:
    images = catalogue.source_dir / "images"
    assert affected([images / "chart.svg"], catalogue) == {("guide", "pdf"), ("guide", "pptx")}
    assert {name for name, _ in affected([images / "logo.png"], catalogue)} == {"guide", "handbook"}


def test_unrelated_files_rebuild_nothing(catalogue: Catalogue) -> None:
    source = catalogue.source_dir
    assert affected([source / "images" / "unused.png", source / "notes.txt", source / "drafts" / "old.md"],
                    catalogue) == set()


def test_changes_add_up_and_formats_can_be_limited(catalogue: Catalogue) -> None:
    changed = [catalogue.source_dir / "handbook.md", catalogue.source_dir / "images" / "chart.svg"]
    assert affected(changed, catalogue, formats=("pdf",)) == {("guide", "pdf"), ("handbook", "pdf")}


def test_pictures_include_missing_ones_so_adding_them_rebuilds(tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text(ARTICLE + "\nInline ![icon](images/icon.png) too.\n", encoding="utf-8")
    job, _ = prepare(source, BuildOptions())
    images = (tmp_path / "images").resolve()
    assert used_files(job) == {images / "chart.svg", images / "icon.png"}


def test_an_included_part_rebuilds_the_documents_including_it(tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# T\n\n{{< include _part.md >}}\n", encoding="utf-8")
    (tmp_path / "_part.md").write_text("Shared text.\n", encoding="utf-8")
    job, _ = prepare(source, BuildOptions())
    catalogue = Catalogue(tmp_path.resolve(), (), {"doc": used_files(job)})
    assert affected([tmp_path / "_part.md"], catalogue) == {("doc", "pdf"), ("doc", "pptx")}


def test_each_rebuilt_artifacts_line_counts_the_documents_warnings_as_publish_does(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "doc.md").write_text("# T\n\n![A](missing.png)\n", encoding="utf-8")
    lines: list[str] = []
    watcher = Watcher(source, tmp_path / "build", BuildOptions(), report=lines.append)
    assert watcher.build({("doc", "pdf"), ("doc", "pptx")}) == 2
    assert sum("missing.png does not exist" in line for line in lines) == 1
    assert [line.endswith("1 warning(s)") for line in lines if line.startswith(str(tmp_path / "build"))] == [True, True]


def _wait(condition: Callable[[], bool], nudge: Callable[[], None] | None = None, timeout: float = 90) -> None:
    """Poll until `condition`; `nudge` repeats the edit, in case the first one came before the watching."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the watcher did not react in time"
        if nudge:
            nudge()
        time.sleep(0.5)


def _ctrl_c_delivered() -> None:
    """Ctrl-C reaches the watcher even when these tests run in the background (where SIGINT is ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_the_watcher_rebuilds_after_an_edit_and_survives_bad_input(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "images").mkdir(parents=True)
    (source / "images" / "chart.svg").write_text(SVG, encoding="utf-8")
    document = source / "watched.md"
    document.write_text(ARTICLE, encoding="utf-8")
    pdf, deck = tmp_path / "build" / "watched.pdf", tmp_path / "build" / "watched.pptx"
    watcher = subprocess.Popen(watch_command(source, tmp_path / "build"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=_ctrl_c_delivered)
    lines: list[str] = []

    def read() -> None:
        for line in watcher.stdout:  # type: ignore[union-attr]
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        _wait(lambda: any(line.startswith("watching ") for line in lines))
        assert pdf.is_file() and deck.is_file(), lines  # the first build made what was missing
        first = pdf.stat().st_mtime_ns, deck.stat().st_mtime_ns

        _wait(lambda: any("not UTF-8" in line for line in lines),
              lambda: document.write_bytes(b"# Caf\xe9\n"))
        assert (pdf.stat().st_mtime_ns, deck.stat().st_mtime_ns) == first  # the last good artifacts stay

        _wait(lambda: pdf.stat().st_mtime_ns != first[0] and deck.stat().st_mtime_ns != first[1],
              lambda: document.write_text(ARTICLE + "\nAn edit.\n", encoding="utf-8"))
        _wait(lambda: any(line.startswith("watch: 2 of 2 artifact(s) rebuilt") for line in lines))
        assert any(line.startswith(f"{pdf}: ") and "pages" in line for line in lines), lines
    finally:
        watcher.send_signal(signal.SIGINT)
        try:
            watcher.wait(timeout=30)
        finally:
            watcher.kill()
    assert watcher.returncode == 0, lines


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_kill_or_a_closed_terminal_stops_the_watcher_and_its_workers(tmp_path: Path, stop: signal.Signals) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "watched.md").write_text(ARTICLE, encoding="utf-8")
    watcher = subprocess.Popen(watch_command(source, tmp_path / "build"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in watcher.stdout:  # type: ignore[union-attr]
            if line.startswith("watching "):
                break
        workers = _children(watcher.pid)
        assert workers  # the PDF and deck writers
        watcher.send_signal(stop)
        watcher.communicate(timeout=60)  # read what it still says: a full pipe would hold it up
    finally:
        watcher.kill()
    assert watcher.returncode == 0
    _wait(lambda: not any(_running(pid) for pid in workers), timeout=30)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_workers_end_when_the_watcher_is_killed_outright(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "watched.md").write_text(ARTICLE, encoding="utf-8")
    watcher = subprocess.Popen(watch_command(source, tmp_path / "build"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    workers: list[int] = []
    try:
        for line in watcher.stdout:  # type: ignore[union-attr]
            if line.startswith("watching "):
                break
        workers = _children(watcher.pid)
        assert workers
        watcher.kill()  # SIGKILL: no handler runs, nothing is shut down
        watcher.wait(timeout=30)
        _wait(lambda: not any(_running(pid) for pid in workers), timeout=30)
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state, parent, ...); [] when it is gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _children(pid: int) -> list[int]:
    return [int(path.name) for path in Path("/proc").glob("[0-9]*") if _stat(int(path.name))[1:2] == [str(pid)]]


def _running(pid: int) -> bool:
    state = _stat(pid)[:1]
    return bool(state) and state != ["Z"]
