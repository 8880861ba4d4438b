"""Timing fresh processes for the bench: wall time and the child's own peak memory (wait4), the
median of several runs after a warm-up, measures taken in turns so their ratios stay fair, and
ratios taken turn by turn."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

UNITS = re.compile(r": (\d+) (pages|slides),")
T = TypeVar("T")


class MeasureError(Exception):
    """A measured command failed: its group of measures is reported as failed, the others go on."""


@dataclass(frozen=True)
class Run:
    """One timed process (or group of processes started together)."""

    seconds: float
    peak_mb: float
    output: str


@dataclass(frozen=True)
class Sample:
    """The runs of one measure, warm-up excluded."""

    runs: tuple[Run, ...]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def units(self) -> int:
        """Pages or slides, from the last run's report line."""
        found = UNITS.findall(self.runs[-1].output)
        return int(found[-1][0]) if found else 0


def paired(ratio: Callable[..., float], *samples: Sample) -> float:
    """The median over the turns of `ratio` of the samples' seconds in that turn (`samples` taken
    side by side): the host's speed, which drifts over minutes, is nearly the same within a turn."""
    return statistics.median(ratio(*(run.seconds for run in turn))
                             for turn in zip(*(sample.runs for sample in samples), strict=True))


def growth_per_page(small: Sample, big: Sample) -> float:
    """Seconds per page of the big guide over those of the small one, turn by turn: 1 or less when
    time grows linearly (the start-up is shared by more pages), above 1 when a page costs more the
    longer the guide. As sensitive to a quadratic cost as Δt(200→300) / Δt(100→200), but that
    ratio of differences of noisy times moves about three times as much with the host's speed."""
    return paired(lambda first, last: (last / big.units) / (first / small.units), small, big)


def run_all(commands: Sequence[Sequence[str]], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Start the commands together and wait for all: wall time, the largest peak RSS, stdout."""
    with ExitStack() as stack:
        outputs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        started = time.perf_counter()
        processes = [subprocess.Popen(c, cwd=cwd, env=env, stdout=o, stderr=subprocess.STDOUT)
                     for c, o in zip(commands, outputs, strict=True)]
        peak_kb = 0
        for process in processes:
            _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage, unlike RUSAGE_CHILDREN
            process.returncode = os.waitstatus_to_exitcode(status)
            peak_kb = max(peak_kb, usage.ru_maxrss)
        seconds = time.perf_counter() - started
        texts = []
        for output in outputs:
            output.seek(0)
            texts.append(output.read().decode(errors="replace"))
    for command, process, text in zip(commands, processes, texts, strict=True):
        if process.returncode:
            raise MeasureError(f"`{' '.join(command)}` failed ({process.returncode}):\n{text.strip()}")
    return Run(seconds, peak_kb / 1024, "\n".join(texts))


def measure(label: str, runs: int, action: Callable[[], Run], before: Callable[[], None] | None = None,
            warm_up: bool = True) -> Sample:
    """`runs` timed runs after one warm-up run, printed as one row; `before` resets state outside the
    timing. `label` may use {units} and {rate} (units per second). The large measures skip their own
    warm-up: the article's runs already warmed the same code and fonts."""
    return measure_side_by_side([(label, action)], runs, before, warm_up)[0]


def measure_side_by_side(measures: Sequence[tuple[str, Callable[[], Run]]], runs: int,
                         before: Callable[[], None] | None = None, warm_up: bool = True) -> list[Sample]:
    """Several measures taken in turns (A B C, A B C, ...), so a burst of load from elsewhere on the
    machine falls on all of them alike and their ratios stay fair; one row each."""
    results: list[list[Run]] = [[] for _ in measures]
    for _ in range(runs + warm_up):
        for (_, action), found in zip(measures, results, strict=True):
            if before:
                before()
            found.append(action())
    samples = []
    for (label, _), found in zip(measures, results, strict=True):
        sample = Sample(tuple(found[warm_up:]))
        seconds = [r.seconds for r in sample.runs]
        peak = f"{sample.peak_mb:.0f} MB" if sample.peak_mb else "-"
        name = label.format(units=sample.units, rate=sample.units / sample.median)
        print(f"{name:<50}{format_seconds(sample.median):>9}{format_seconds(min(seconds)):>9}{format_seconds(max(seconds)):>9}"
              f"{peak:>11}{len(seconds):>6}", flush=True)
        samples.append(sample)
    return samples


def attempt(group: Callable[[], T]) -> T | None:
    """Run one group of measures; a failure is printed in the table and the bench goes on."""
    try:
        return group()
    except MeasureError as exc:
        print(f"FAILED: {exc}".replace("\n", "\n    "), flush=True)
        return None


def format_seconds(value: float) -> str:
    return f"{value:.2f} s"
