"""make bench: the numbers behind the performance targets, measured in one run on this machine.

Every measure is a fresh process, as `make` runs them, so imports count; each is the
median of several runs after one warm-up run (page cache, font cache, .pyc files).
Peak memory is the child's own ru_maxrss from wait4(). The specimens (a long guide,
a long deck, a catalogue) are generated into a temporary folder, never into source/.
Measures compared by a ratio are taken in turns, so load from elsewhere on the machine
falls on both sides alike, and the ratio is the median of the ratios within each turn, so a
slow minute weighs on one turn, not on one side. Each group's rows are printed as soon as it
is measured, and a group that fails is reported as such, so a broken build late in the run
loses nothing.

    .venv/bin/python -m publish.tools.bench [--runs 5] [--large-runs 3] [--only GROUP ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from operator import truediv
from pathlib import Path
from typing import Any

from publish.tools import generate
from publish.tools.timing import (
    MeasureError,
    Run,
    Sample,
    attempt,
    format_seconds,
    growth_per_page,
    measure,
    measure_side_by_side,
    paired,
    run_all,
)

ROOT = Path(__file__).resolve().parents[3]  # the checkout: the Makefile, source/ and themes/
BIN = Path(sys.executable).parent  # the venv's bin: publish, weasyprint (pandoc needs it on PATH)
PUBLISH = str(BIN / "publish")
GUIDE_SIZES = (100, 200, 300)
DECK_SLIDES = 150
CATALOGUE = 20
# A rebuild takes half a second, and this machine's speed changes in phases of several seconds:
# five saves in a row fall in one phase. Three times the runs, a pause like an author's between
# saves, spread the measure over about half a minute.
WATCH_RUNS_PER_RUN = 3
PAUSE_BETWEEN_SAVES = 0.5
# The layout `make` needs besides source/ and build/; a catalogue run links these into a temporary folder.
LAYOUT = ("Makefile", "pyproject.toml", "scripts", "themes", ".venv")


def publish(source: Path, *outputs: Path) -> list[str]:
    return [PUBLISH, str(source), *(a for o in outputs for a in ("-o", str(o)))]


def machine() -> list[str]:
    """Who measured: the lines at the top of the output."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
              if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"
    return [
        f"date:     {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine:  {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, "
        f"{kb / 1048576:.1f} GiB memory",
        f"software: Python {platform.python_version()}, WeasyPrint {version('weasyprint')}, "
        f"python-pptx {version('python-pptx')}, {_pandoc_version() or 'no pandoc'}; commit {commit}",
        f"load:     {_load()} at the start (other work on the machine skews every number)",
    ]


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _pandoc() -> str | None:
    """pandoc from pypandoc-binary (the bench extra), else one on PATH."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _pandoc_version() -> str | None:
    pandoc = _pandoc()
    if pandoc is None:
        return None
    return subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]


@dataclass(frozen=True)
class Article:
    """The article's own builds and the baselines on the same content."""

    pdf: Sample
    deck: Sample
    both: Sample
    raw: Sample
    pandoc: Sample | None


def article_measures(article: Path, work: Path, runs: int) -> Article:
    """Our builds and the baselines, taken in turns (see measure_side_by_side)."""
    pdf, deck, html = work / "article.pdf", work / "article.pptx", work / "article.html"
    run_all([publish(article, html)])
    raw = f"import weasyprint; weasyprint.HTML({str(html)!r}).write_pdf({str(work / 'raw.pdf')!r}{{}})"
    measures: list[tuple[str, Callable[[], Run]]] = [
        ("PDF of the article ({units} pages)", lambda: run_all([publish(article, pdf)])),
        ("deck of the article ({units} slides)", lambda: run_all([publish(article, deck)])),
        ("both, in parallel (2 processes, like make -j2)",
         lambda: run_all([publish(article, pdf), publish(article, deck)])),
        ("raw WeasyPrint on our HTML (import included)", lambda: run_all([[sys.executable, "-c", raw.format("")]])),
        ("  the same with our PDF/UA-1 tagging", lambda: run_all(
            [[sys.executable, "-c", raw.format(", pdf_variant='pdf/ua-1', pdf_tags=True")]])),
    ]
    pandoc = _pandoc()
    if pandoc is not None:
        env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        command = [pandoc, article.name, "-o", str(work / "pandoc.pdf"), "--pdf-engine=weasyprint"]
        measures.append(("pandoc --pdf-engine=weasyprint (same .md)",
                         lambda: run_all([command], cwd=article.parent, env=env)))
    samples = measure_side_by_side(measures, runs)
    return Article(samples[0], samples[1], samples[2], samples[3], samples[5] if pandoc is not None else None)


def noop_make(runs: int) -> Sample:
    """`make` in the repository with everything built (the warm-up run builds what is stale)."""
    return measure("no-op make", runs, lambda: run_all([["make", "-C", str(ROOT)]]))


def watch_rebuild(article: Path, work: Path, runs: int) -> Sample:
    """`make watch` on a copy of the article's folder: from saving an edit to both artifacts replaced,
    notification included (what the author waits for)."""
    source = work / "watch" / "source"
    shutil.copytree(article.parent, source)
    out = work / "watch" / "build"
    log = work / "watch" / "log"
    targets = [out / f"{article.stem}.pdf", out / f"{article.stem}.pptx"]
    text = article.read_text(encoding="utf-8")
    edits = iter(range(1_000_000))

    def edit() -> Run:
        before = [target.stat().st_mtime_ns for target in targets]
        started = time.perf_counter()
        (source / article.name).write_text(f"{text}\nEdit {next(edits)}.\n", encoding="utf-8")
        while any(target.stat().st_mtime_ns == mtime for target, mtime in zip(targets, before, strict=True)):
            if time.perf_counter() - started > 60:
                raise MeasureError(f"the watcher did not rebuild within a minute:\n{log.read_text()}")
            time.sleep(0.005)
        return Run(time.perf_counter() - started, 0.0, "")

    with log.open("w") as output:
        watcher = subprocess.Popen([sys.executable, "-m", "publish.tools.watch", str(source), "--out", str(out)],
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while "watching " not in log.read_text():
                if watcher.poll() is not None:
                    raise MeasureError(f"the watcher stopped:\n{log.read_text()}")
                time.sleep(0.1)
            return measure("make watch: save -> PDF and deck replaced", runs * WATCH_RUNS_PER_RUN, edit,
                           before=lambda: time.sleep(PAUSE_BETWEEN_SAVES))
        finally:  # SIGTERM, not Ctrl-C's SIGINT: a bench started in the background inherits SIGINT ignored
            watcher.send_signal(signal.SIGTERM)
            try:
                watcher.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(watcher.pid, signal.SIGKILL)  # its workers too (the kernel ends them with it on Linux only)
                raise MeasureError(f"the watcher did not stop within 30 s of SIGTERM:\n{log.read_text()}") from None


def large_guides(work: Path, runs: int) -> dict[int, Sample]:
    """The three sizes in turns, so the growth ratio compares runs taken under the same load."""
    folder = work / "guides"
    sources = {n: generate.write(folder, f"guide-{n}", generate.guide(n)) for n in GUIDE_SIZES}
    samples = measure_side_by_side(
        [("guide of {units} pages ({rate:.1f} pages/s)", functools.partial(build_guide, source))
         for source in sources.values()], runs, warm_up=False)
    return dict(zip(sources, samples, strict=True))


def build_guide(source: Path) -> Run:
    return run_all([publish(source, source.with_suffix(".pdf"))])


def large_deck(work: Path, runs: int) -> Sample:
    source = generate.write(work / "decks", f"deck-{DECK_SLIDES}", generate.deck(DECK_SLIDES))
    return measure("deck of {units} slides", runs, lambda: run_all([publish(source, source.with_suffix(".pptx"))]))


def catalogue(work: Path, runs: int) -> dict[int, Sample]:
    """The Makefile itself on 20 documents: a temporary folder laid out like the repository."""
    layout = work / "catalogue"
    layout.mkdir()
    for name in LAYOUT:
        (layout / name).symlink_to(ROOT / name)
    generate.catalogue(layout / "source", CATALOGUE)

    def clean() -> None:
        shutil.rmtree(layout / "build", ignore_errors=True)

    # -o: never run the setup step from the copy: pip would point the shared venv at this temporary folder.
    samples = measure_side_by_side(
        [(f"catalogue of {CATALOGUE} (PDF + deck each), make -j{jobs}",
          functools.partial(run_all, [["make", f"-j{jobs}", "-s", "-o", ".venv/.installed"]], cwd=layout))
         for jobs in (1, 2)], runs, before=clean, warm_up=False)
    return dict(zip((1, 2), samples, strict=True))


def technical(work: Path, runs: int) -> tuple[Sample, Sample]:
    """Both artifacts of a lesson with 20 formulas, 10 code blocks and 3 diagrams, and of the same text
    without them, in turns: what formulas, highlighting and (already drawn) diagrams cost."""
    folder = work / "technical"
    rich = generate.write(folder, "lesson", generate.technical())
    plain = generate.write(folder, "lesson-plain", generate.technical(plain=True))
    first, second = measure_side_by_side(
        [(f"lesson, {name}", functools.partial(run_all, [publish(
            source, source.with_suffix(".pdf"), source.with_suffix(".pptx"))]))
         for name, source in (("20 formulas, 10 code blocks, 3 diagrams", rich),
                              ("the same without them", plain))],
        runs, warm_up=True)
    return first, second


GROUPS = ("article", "noop", "watch", "guides", "deck", "catalogue", "technical")


def verdict(label: str, measured: str, target: str, ok: bool | None) -> str:
    result = "FAIL (not measured)" if ok is None else "PASS" if ok else "MISS"
    return f"{label:<50}{measured:>16}   {target:<12}{result}"


def targets_table(found: dict[str, Any]) -> list[str]:
    """One verdict per target of the groups that ran (`found[group]` is None when the group failed)."""
    lines = [f"{'target':<50}{'measured':>16}   {'target':<12}result"]
    if "article" in found:
        article: Article | None = found["article"]
        ratio = paired(truediv, article.pdf, article.raw) if article else 0.0
        lines.append(verdict("PDF / raw WeasyPrint on the same HTML", f"{ratio:.2f}×" if article else "-",
                             "≤ 1.10×", ratio <= 1.10 if article else None))
        if article is not None and article.pandoc is None:
            lines.append(f"{'both in parallel / pandoc PDF':<50}{'no pandoc':>16}   {'≤ 1.00×':<12}SKIP")
        else:
            ratio = paired(truediv, article.both, article.pandoc) if article and article.pandoc else 0.0
            lines.append(verdict("both in parallel / pandoc's PDF", f"{ratio:.2f}×" if article else "-",
                                 "≤ 1.00×", ratio <= 1.0 if article else None))
    for group, label, limit in (("noop", "no-op make", 0.2),
                                ("watch", "make watch: article rebuilt after a save", 0.6)):
        if group in found:
            sample: Sample | None = found[group]
            lines.append(verdict(label, format_seconds(sample.median) if sample else "-", f"≤ {limit:.2f} s",
                                 sample.median <= limit if sample else None))
    if "guides" in found:
        guides: dict[int, Sample] | None = found["guides"]
        if guides is None:
            lines += [verdict(f"{max(GUIDE_SIZES)}-page guide: {what}", "-", target, None) for what, target in
                      (("pages per second", "≥ 9"), ("peak memory", "≤ 1024 MB"), ("growth per page", "≤ 1.25"))]
        else:
            big = guides[max(GUIDE_SIZES)]
            rate = big.units / big.median
            small = guides[min(GUIDE_SIZES)]
            growth = growth_per_page(small, big)
            differences = paired(lambda first, second, third: (third - second) / (second - first),
                                 *(guides[n] for n in GUIDE_SIZES))
            lines += [
                verdict(f"{big.units}-page guide: pages per second", f"{rate:.1f} pages/s", "≥ 9", rate >= 9),
                verdict(f"{big.units}-page guide: peak memory", f"{big.peak_mb:.0f} MB", "≤ 1024 MB",
                        big.peak_mb <= 1024),
                verdict(f"guide growth: s/page at {big.units} / at {small.units} pages", f"{growth:.2f}", "≤ 1.25",
                        growth <= 1.25),
                f"{'  (as Δt(200→300) / Δt(100→200), noisier)':<50}{differences:>16.2f}   for information",
            ]
    if "deck" in found:
        deck: Sample | None = found["deck"]
        lines.append(verdict(f"{deck.units if deck else DECK_SLIDES}-slide deck",
                             format_seconds(deck.median) if deck else "-", "≤ 3.00 s",
                             deck.median <= 3.0 if deck else None))
    if "technical" in found:
        pair: tuple[Sample, Sample] | None = found["technical"]
        cost = paired(truediv, *pair) if pair else 0.0
        lines.append(verdict("lesson: formulas, code, diagrams / without", f"{cost:.2f}×" if pair else "-",
                             "≤ 2.00×", cost <= 2.0 if pair else None))
    if "catalogue" in found:
        cat: dict[int, Sample] | None = found["catalogue"]
        speedup = paired(truediv, cat[1], cat[2]) if cat else 0.0
        lines.append(verdict(f"catalogue of {CATALOGUE}: make -j1 / make -j2", f"{speedup:.2f}×" if cat else "-",
                             "≥ 1.70×", speedup >= 1.7 if cat else None))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="timed runs per measure after the warm-up (default 5)")
    p.add_argument("--large-runs", type=int, default=5,
                   help="timed runs for the 100/200/300-page guides and the catalogue (default 5; the whole "
                        "bench then takes about 10 minutes on 2 cores)")
    p.add_argument("--article", type=Path, default=None, help="the document to measure (default: first source/*.md)")
    p.add_argument("--only", action="append", choices=GROUPS, metavar="GROUP",
                   help=f"measure only this group (repeatable): {', '.join(GROUPS)}")
    args = p.parse_args(argv)
    article = (args.article or sorted((ROOT / "source").glob("*.md"))[0]).resolve()
    started = time.perf_counter()
    shown = article.relative_to(ROOT) if article.is_relative_to(ROOT) else article
    print("\n".join([*machine(), f"article:  {shown}", "",
                     f"{'measure':<50}{'median':>9}{'min':>9}{'max':>9}{'peak RSS':>11}{'runs':>6}"]), flush=True)
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        work = Path(tmp)
        groups: dict[str, Callable[[], Any]] = {
            "article": lambda: article_measures(article, work, args.runs),
            "noop": lambda: noop_make(args.runs),
            "watch": lambda: watch_rebuild(article, work, args.runs),
            "guides": lambda: large_guides(work, args.large_runs),
            "deck": lambda: large_deck(work, args.runs),
            "catalogue": lambda: catalogue(work, args.large_runs),
            "technical": lambda: technical(work, args.runs),
        }
        found = {name: attempt(group) for name, group in groups.items() if not args.only or name in args.only}
    print("\n".join(["", *targets_table(found), "",
                     f"bench took {time.perf_counter() - started:.0f} s; load {_load()} at the end"]))
    return 0 if None not in found.values() else 1


if __name__ == "__main__":
    raise SystemExit(main())
