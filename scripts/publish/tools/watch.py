"""`make watch`: one warm process rebuilds only what an edit affects.

A cold `publish` spends most of its time importing WeasyPrint and python-pptx
and setting up fonts; an author who saves every minute wants the PDF and the
deck back in well under a second. This process stays up with all of that
loaded and, on each change, rebuilds only the artifacts the changed files
feed: a source -> that document's PDF and deck; a theme file -> every
artifact; a picture -> the documents that use it. A build that fails prints
its error and leaves the last good artifacts in place (writes are atomic);
the watching goes on.

    python -m publish.tools.watch [SOURCE_DIR] [--out build] [--theme NAME] [--paper a4] [--strict]
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from publish.build import prepare, write
from publish.job import Artifact, BuildOptions, Job
from publish.model.diagnostics import BuildError, Diagnostic
from publish.model.document import (
    MARKDOWN_SUFFIXES,
    Figure,
    InlineImage,
    inlines_of,
    markdown_files,
    walk,
)
from publish.report import report_line
from publish.theme import PAPER_SIZES, load_theme, theme_roots

FORMATS = ("pdf", "pptx")
SETTLE_MS = 20
Target = tuple[str, str]  # (document name, format): build/<name>.<format>


@dataclass
class Catalogue:
    """What the watcher knows between changes: the folders and each document's pictures and included files."""

    source_dir: Path
    theme_dirs: tuple[Path, ...]
    uses: dict[str, frozenset[Path]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.source_dir = self.source_dir.resolve()
        self.theme_dirs = tuple(folder.resolve() for folder in self.theme_dirs)

    def documents(self) -> list[str]:
        return [path.stem for path in markdown_files(self.source_dir)]

    def source(self, name: str) -> Path:
        return next((path for path in markdown_files(self.source_dir) if path.stem == name),
                    self.source_dir / f"{name}.md")


def affected(changed: Iterable[Path], catalogue: Catalogue, formats: Sequence[str] = FORMATS) -> set[Target]:
    """The artifacts to rebuild after `changed` files were modified, added or deleted.

    Decided from the catalogue alone, without reading any document, so it is
    testable without watching: a source names its own document (a new or
    deleted one too: building then finds out which); a theme file means every
    known document; any other file means the documents whose last read used
    it as a picture or included it.
    """
    names: set[str] = set()
    for path in (Path(p).resolve() for p in changed):
        if any(path.is_relative_to(folder) for folder in catalogue.theme_dirs):
            names |= set(catalogue.uses)
        elif (path.parent == catalogue.source_dir and path.suffix.lower() in MARKDOWN_SUFFIXES
              and not path.name.startswith("_")):
            names.add(path.stem)
        else:
            names |= {name for name, used in catalogue.uses.items() if path in used}
    return {(name, fmt) for name in names for fmt in formats}


def used_files(job: Job) -> frozenset[Path]:
    """Every local picture the document links to, whether or not it exists yet (so adding it rebuilds),
    and the files it includes."""
    document = job.document
    blocks = list(walk(document.blocks))
    sources = [block.src for block in blocks if isinstance(block, Figure)]
    sources += [item.src for block in blocks for item in inlines_of(block) if isinstance(item, InlineImage)]
    found = set()
    for src in sources:
        try:
            found.add(job.sandbox.local_path(src, document.base_dir))
        except PermissionError:  # remote or outside the folders: nothing to watch
            continue
    return frozenset(found | set(document.included))


@dataclass(frozen=True)
class Outcome:
    """What writing one artifact gave, as plain data a worker process can send back."""

    diagnostics: tuple[Diagnostic, ...] = ()
    artifact: Artifact | None = None  # when written
    problem: str | None = None  # why not, when it failed


def write_artifact(job: Job, target: Path) -> Outcome:
    """Write one artifact (in a worker); failures come back as an Outcome, never as an exception."""
    try:
        artifact, found = write(job, target)
    except BuildError as exc:
        return Outcome(problem=f"{exc.diagnostic}\n  ({target} keeps its last good version; watching on)")
    except Exception as exc:  # a bug of ours must not end the session: say so and go on
        return Outcome(problem=f"{job.document.path}: error: internal error while writing {target} "
                               f"({type(exc).__name__}: {exc}); it keeps its last good version")
    return Outcome(tuple(found), artifact)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # kill, a closed terminal: stop as Ctrl-C does
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _prepare_worker(watcher: int) -> None:
    """Workers leave Ctrl-C (and kill, and a closed terminal) to the watcher, which shuts them down.

    A watcher killed outright (kill -9, out of memory) cannot: on Linux the kernel then sends
    its workers SIGTERM, instead of leaving two idle orphans of 100+ MB each behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != watcher:  # it died before the request was made
            os._exit(0)


class Watcher:
    """Rebuilds targets and keeps the catalogue current; `run` adds the watching.

    Each document is read once, here; its PDF and deck are then written side by
    side by two worker processes forked after the first build, so they start
    warm (imports, fonts, templates) and a change costs the slower artifact,
    not the sum. Without fork (or before the first build) writing happens here.
    """

    def __init__(self, source_dir: Path, out_dir: Path, options: BuildOptions, formats: Sequence[str] = FORMATS,
                 report: Callable[[str], None] = print) -> None:
        theme = load_theme(options.theme, theme_roots(options.themes))
        self.catalogue = Catalogue(source_dir, theme.chain)
        self.out_dir = out_dir
        self.options = options
        self.formats = tuple(formats)
        self.report = report
        self.pool: ProcessPoolExecutor | None = None

    def target_path(self, name: str, fmt: str) -> Path:
        return self.out_dir / f"{name}.{fmt}"

    def build(self, targets: set[Target]) -> int:
        """Rebuild `targets`; errors are reported, never raised. Returns how many artifacts were written."""
        pending: list[tuple[Future[Outcome], list[Diagnostic]]] = []
        shown: set[Diagnostic] = set()
        for name in sorted({name for name, _ in targets}):
            read = self._read(name, shown)
            if read is not None:
                job, diagnostics = read
                pending += [(self._submit(job, self.target_path(name, fmt)), diagnostics)
                            for fmt in self.formats if (name, fmt) in targets]
        written = 0
        for future, diagnostics in pending:
            try:
                outcome = future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): carry on without the pool
                self.report("watch: a worker process died; building in this process from now on")
                self.pool = None
                continue
            self._show(outcome.diagnostics, shown)
            if outcome.artifact is None:
                self.report(outcome.problem or "")
                continue
            self.report(report_line(outcome.artifact, [*diagnostics, *outcome.diagnostics]))
            written += 1
        return written

    def _read(self, name: str, shown: set[Diagnostic]) -> tuple[Job, list[Diagnostic]] | None:
        source = self.catalogue.source(name)
        if not source.is_file():  # deleted or renamed: forget it, keep its artifacts
            self.catalogue.uses.pop(name, None)
            return None
        self.catalogue.uses.setdefault(name, frozenset())  # known, so a theme change retries it
        try:
            job, diagnostics = prepare(source, self.options)
        except BuildError as exc:
            self.report(f"{exc.diagnostic}\n  (the last good artifacts stay; watching on)")
            return None
        except Exception as exc:  # a bug of ours must not end the session
            self.report(f"{source}: error: internal error while reading ({type(exc).__name__}: {exc}); "
                        "the last good artifacts stay")
            return None
        self.catalogue.uses[name] = used_files(job)
        self._show(diagnostics, shown)
        return job, diagnostics

    def _submit(self, job: Job, target: Path) -> Future[Outcome]:
        if self.pool is not None:
            return self.pool.submit(write_artifact, job, target)
        done: Future[Outcome] = Future()
        done.set_result(write_artifact(job, target))
        return done

    def _show(self, diagnostics: Iterable[Diagnostic], shown: set[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            if diagnostic not in shown:
                shown.add(diagnostic)
                self.report(str(diagnostic))

    def stale(self) -> set[Target]:
        """Targets missing or older than their source, pictures or theme files (what `make` would build,
        code and options aside); reads every document once to learn its pictures."""
        theme_files = [p for folder in self.catalogue.theme_dirs for p in folder.rglob("*") if p.is_file()]
        theme_time = max((p.stat().st_mtime for p in theme_files), default=0.0)
        targets: set[Target] = set()
        for name in self.catalogue.documents():
            try:
                job, _ = prepare(self.catalogue.source(name), self.options)
            except BuildError:
                self.catalogue.uses[name] = frozenset()
                targets |= {(name, fmt) for fmt in self.formats}  # building reports why
                continue
            self.catalogue.uses[name] = used_files(job)
            inputs = [self.catalogue.source(name), *(p for p in self.catalogue.uses[name] if p.exists())]
            newest = max([theme_time, *(p.stat().st_mtime for p in inputs)])
            for fmt in self.formats:
                path = self.target_path(name, fmt)
                if not path.exists() or path.stat().st_mtime < newest:
                    targets.add((name, fmt))
        return targets

    def warm_up(self) -> None:
        """Build the first document into a throwaway folder, so the workers forked next start with
        WeasyPrint, python-pptx, the fonts and the templates loaded."""
        documents = self.catalogue.documents()
        if not documents:
            return
        with tempfile.TemporaryDirectory(prefix="publish-watch-") as folder:
            try:
                job, _ = prepare(self.catalogue.source(documents[0]), self.options)
            except BuildError:  # the first real build reports it
                return
            for fmt in self.formats:
                write_artifact(job, Path(folder) / f"{documents[0]}.{fmt}")

    def start_workers(self) -> None:
        """Fork the writers now, warm and before any watching thread exists (fork only: elsewhere they
        would start cold, and building here is as fast)."""
        if "fork" in multiprocessing.get_all_start_methods() and len(self.formats) > 1:
            gc.freeze()  # the warm objects stay shared with the workers instead of copied on their first collection
            self.pool = ProcessPoolExecutor(len(self.formats), multiprocessing.get_context("fork"),
                                            initializer=_prepare_worker, initargs=(os.getpid(),))
            self.pool.submit(int).result()  # with fork, the first task starts every worker

    def run(self) -> None:
        """Bring the artifacts up to date, then rebuild on every change until Ctrl-C (SIGINT)."""
        import watchfiles

        from publish.guide.pdf import keep_warm

        keep_warm()  # before the first build: the workers forked later inherit its fonts
        try:
            targets = self.stale()
            if targets:
                self.build(targets)
            else:
                self.warm_up()
            self.start_workers()
            folders = [self.catalogue.source_dir, *self.catalogue.theme_dirs]
            self.report(f"watching {', '.join(str(f) for f in folders)} (Ctrl-C to stop)")
            # step: how long to wait for an editor's save to finish (write, rename) before building
            for changes in watchfiles.watch(*folders, step=SETTLE_MS, raise_interrupt=False):
                started = time.perf_counter()
                targets = affected((Path(path) for _, path in changes), self.catalogue, self.formats)
                if targets:
                    written = self.build(targets)
                    self.report(f"watch: {written} of {len(targets)} artifact(s) rebuilt, "
                                f"{time.perf_counter() - started:.2f} s after the change")
        except KeyboardInterrupt:  # Ctrl-C mid-build: artifacts are written atomically, nothing is half done
            pass
        finally:
            self.stop_workers()

    def stop_workers(self) -> None:
        """End the workers now, even mid-build (their writes are atomic): a stop that waited for them
        could hang when the interrupt came while a result was being handed over."""
        if self.pool is None:
            return
        self.pool.shutdown(wait=False, cancel_futures=True)
        workers = multiprocessing.active_children()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=10)
        self.pool = None


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m publish.tools.watch", description=__doc__.splitlines()[0])
    p.add_argument("source_dir", type=Path, nargs="?", default=Path("source"), help="folder of the *.md sources")
    p.add_argument("--out", type=Path, default=Path("build"), help="where the artifacts go (default: build)")
    p.add_argument("--theme", default="default", metavar="NAME", help="the theme's name (default: default)")
    p.add_argument("--themes", type=Path, metavar="DIR", help="look for themes in DIR first")
    p.add_argument("--paper", choices=PAPER_SIZES, help="paper size for the PDF (default: the theme's)")
    p.add_argument("--strict", action="store_true", help="treat every warning as an error")
    args = p.parse_args(argv)
    options = BuildOptions(theme=args.theme, paper=args.paper, strict=args.strict, themes=args.themes)
    for stop in STOP_SIGNALS:  # without this the workers, holding each other's pipes open, would outlive it
        signal.signal(stop, _stop)
    try:  # flushed lines: make and pipes show each rebuild as it happens
        watcher = Watcher(args.source_dir, args.out, options, report=functools.partial(print, flush=True))
    except BuildError as exc:  # an unusable theme: nothing to watch with
        print(exc.diagnostic)
        return 1
    watcher.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
