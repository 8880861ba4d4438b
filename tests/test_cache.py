"""The cache between runs: found when its inputs are the same, redone when damaged, never a failure."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from publish import cache


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "publish"


def counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def test_a_remembered_value_is_computed_once_then_read_back() -> None:
    calls, compute = counting({"patterns": (1, 2)})
    assert cache.remembered("kind", "entry", compute) == {"patterns": (1, 2)}
    assert cache.remembered("kind", "entry", compute) == {"patterns": (1, 2)}
    assert len(calls) == 1


def test_a_damaged_entry_is_computed_again_and_replaced(home: Path) -> None:
    cache.store("kind", "entry", b"not a pickle")
    calls, compute = counting([3])
    assert cache.remembered("kind", "entry", compute) == [3]
    assert pickle.loads((home / "kind" / "entry").read_bytes()) == [3]
    assert len(calls) == 1


def test_without_a_writable_folder_values_are_computed_and_nothing_fails(home: Path) -> None:
    home.parent.mkdir(parents=True)
    home.write_text("a file where the folder should be")
    calls, compute = counting(7)
    assert cache.remembered("kind", "entry", compute) == 7
    assert cache.remembered("kind", "entry", compute) == 7
    assert len(calls) == 2


def test_a_relative_cache_home_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/folder")
    monkeypatch.setenv("HOME", "relative")
    assert cache.folder("kind") is None


def test_the_key_changes_with_any_part() -> None:
    base = cache.key("pyphen", "0.17", ("/dic", 10, 20))
    assert base == cache.key("pyphen", "0.17", ("/dic", 10, 20))
    assert base != cache.key("pyphen", "0.18", ("/dic", 10, 20))
    assert base != cache.key("pyphen", "0.17", ("/dic", 10, 21))
    assert base != cache.key(b"pyphen", "0.17", ("/dic", 10, 20))


def test_a_changed_file_has_another_identity(tmp_path: Path) -> None:
    path = tmp_path / "font.ttf"
    path.write_bytes(b"one")
    before = cache.file_identity(path)
    path.write_bytes(b"other")
    os.utime(path, ns=(before[2] + 1_000_000, before[2] + 1_000_000))
    assert cache.file_identity(path) != before


def test_entries_unused_for_a_month_are_pruned_and_recent_ones_kept(home: Path) -> None:
    cache.store("kind", "old", b"1")
    cache.store("kind", "recent", b"2")
    month_ago = time.time() - cache.PRUNE_AFTER - 3600
    os.utime(home / "kind" / "old", (month_ago, month_ago))
    os.utime(home / cache.PRUNE_MARK, (month_ago, month_ago))
    cache.folder("kind")
    assert not (home / "kind" / "old").exists()
    assert (home / "kind" / "recent").exists()


def test_pruning_runs_at_most_once_a_day(home: Path) -> None:
    cache.store("kind", "old", b"1")
    month_ago = time.time() - cache.PRUNE_AFTER - 3600
    os.utime(home / "kind" / "old", (month_ago, month_ago))
    cache.folder("kind")  # the mark was set by the store above, minutes ago
    assert (home / "kind" / "old").exists()


def test_reading_an_entry_keeps_it_from_being_pruned(home: Path) -> None:
    cache.store("kind", "used", b"1")
    two_days_ago = time.time() - 2 * 86400
    os.utime(home / "kind" / "used", (two_days_ago, two_days_ago))
    assert cache.load("kind", "used") == b"1"
    assert time.time() - (home / "kind" / "used").stat().st_mtime < 60
