"""Bounded memory: a 2,000-row table and a 500-page document build both artifacts within a fixed budget.

Each document is generated into a temporary folder. Its PDF and its deck are
built side by side by the real command line in two child processes, as
`make -j2` does; a small parent around each reports its child's peak
resident memory (getrusage RUSAGE_CHILDREN), so nothing else the test run
did is counted.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pptx import Presentation

MEMORY_LIMIT_MB = 1536  # generous: a 500-page PDF needs about half of it (WeasyPrint holds every page)
TABLE_ROWS = 2000
PAGES = 500
SECTIONS = 155  # about 3.3 A4 pages each in the default theme

# Runs the command line given as arguments as a child process, then prints the child's peak RSS (kB on Linux).
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
status = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"status": status.returncode, "stderr": status.stderr[-3000:],
                  "seconds": time.perf_counter() - started,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

WORDS = ("product", "manager", "engineer", "customer", "roadmap", "release", "quality", "metric", "stakeholder",
         "backlog", "budget", "risk", "decision", "review", "sprint", "latency", "feature", "layout", "measure",
         "trainer", "team", "outcome", "market", "strategy", "architecture", "security", "platform", "integration",
         "service", "interface", "delivery", "priority", "experiment")


@dataclass(frozen=True)
class Build:
    """One artifact's build: exit status, what it said, how long it took and its peak memory."""

    path: Path
    status: int
    stderr: str
    seconds: float
    peak_mb: float

    def __str__(self) -> str:
        return f"{self.path.name}: {self.seconds:.0f} s, peak {self.peak_mb:.0f} MB"


def build(source: Path) -> dict[str, Build]:
    """Build `source` to a PDF and a deck in two measured child processes at once; wait for both."""
    running = {}
    for suffix in ("pdf", "pptx"):
        target = source.with_suffix(f".{suffix}")
        command = [sys.executable, "-m", "publish", str(source), "-o", str(target), "-q"]
        running[suffix] = (target, subprocess.Popen([sys.executable, "-c", MEASURE, *command],
                                                    stdout=subprocess.PIPE, text=True))
    builds = {}
    for suffix, (target, process) in running.items():
        out, _ = process.communicate(timeout=900)
        report = json.loads(out)
        builds[suffix] = Build(target, report["status"], report["stderr"], report["seconds"],
                               report["peak_kb"] / 1024)
    return builds


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(4, 8)))


def front_matter(title: str) -> str:
    return f"---\ntitle: {title}\nauthor: Test Author\nversion: \"1.0\"\ndate: 2026-01-15\nlang: en\n---\n\n"


def table_document(folder: Path) -> Path:
    """One section holding a four-column table of TABLE_ROWS rows."""
    rng = random.Random(2000)
    rows = [f"| {n} | Team {rng.choice(WORDS)} | {sentence(rng, rng.randint(3, 12))} | {rng.randint(1, 99)} % |"
            for n in range(1, TABLE_ROWS + 1)]
    body = ("## Every step of the plan\n\nThe table lists each step, who owns it and how far it is.\n\n"
            "| Step | Owner | What happens | Done |\n|---:|---|---|--:|\n" + "\n".join(rows) + "\n")
    source = folder / "table.md"
    source.write_text(front_matter("A two-thousand-row table") + body, encoding="utf-8")
    return source


def long_document(folder: Path) -> Path:
    """Sections of paragraphs, lists, small tables and callouts: about PAGES pages of A4."""
    rng = random.Random(500)
    parts = [front_matter("A five-hundred-page guide")]
    for section in range(1, SECTIONS + 1):
        parts.append(f"## Part {section}: {sentence(rng, 3)[:-1]}\n\n{paragraph(rng)}\n\n")
        for sub in range(1, 4):
            parts.append(f"### Topic {section}.{sub}\n\n")
            parts.extend(f"{paragraph(rng)}\n\n" for _ in range(rng.randint(3, 5)))
            parts.append("".join(f"- {sentence(rng, rng.randint(4, 12))}\n" for _ in range(rng.randint(3, 6))) + "\n")
        parts.append("| Metric | Target | Owner |\n|---|--:|---|\n" + "".join(
            f"| {sentence(rng, 3)} | {rng.randint(1, 99)} % | {rng.choice(WORDS)} |\n" for _ in range(6)) + "\n")
        parts.append(f"> [!TIP]\n> {sentence(rng, 14)}\n\n")
    source = folder / "long.md"
    source.write_text("".join(parts), encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def table_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    return build(table_document(tmp_path_factory.mktemp("large-table")))


@pytest.fixture(scope="module")
def long_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    return build(long_document(tmp_path_factory.mktemp("large-document")))


def pages(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def slides(path: Path) -> int:
    return len(Presentation(str(path)).slides)


@pytest.mark.slow
def test_a_2000_row_table_builds_both_artifacts(table_builds: dict[str, Build]) -> None:
    assert [b.stderr for b in table_builds.values() if b.status] == []
    assert pages(table_builds["pdf"].path) > 1 and slides(table_builds["pptx"].path) > 1


@pytest.mark.slow
def test_a_2000_row_table_builds_within_the_memory_budget(table_builds: dict[str, Build]) -> None:
    print(*table_builds.values(), sep="\n")  # the figures, shown by pytest -rP
    assert all(b.peak_mb < MEMORY_LIMIT_MB for b in table_builds.values()), [str(b) for b in table_builds.values()]


@pytest.mark.slow
def test_a_500_page_document_builds_both_artifacts(long_builds: dict[str, Build]) -> None:
    assert [b.stderr for b in long_builds.values() if b.status] == []
    assert pages(long_builds["pdf"].path) >= PAGES
    assert slides(long_builds["pptx"].path) > PAGES


@pytest.mark.slow
def test_a_500_page_document_builds_within_the_memory_budget(long_builds: dict[str, Build]) -> None:
    print(*long_builds.values(), sep="\n")  # the figures, shown by pytest -rP
    assert all(b.peak_mb < MEMORY_LIMIT_MB for b in long_builds.values()), [str(b) for b in long_builds.values()]


def test_the_measure_counts_only_the_build(tmp_path: Path) -> None:
    """The parent reports its child's peak, not its own: a child holding 200 MB reports at least that."""
    hog = [sys.executable, "-c", "data = bytearray(200 * 1024 * 1024); data[::4096] = b'x' * len(data[::4096])"]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *hog], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["status"] == 0 and report["peak_kb"] / 1024 >= 200
    assert time.perf_counter() - started < 30
