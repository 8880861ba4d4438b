"""Atomic outputs: yesterday's artifact survives a failed build and a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from publish.output import TEMP_PREFIX, atomic_path, remove_stale, write_atomic

OLD = b"%PDF-1.7 yesterday's good artifact\n"


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*"))


def dead_pid() -> int:
    """The id of a process that has finished (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_complete_write_replaces_the_artifact(tmp_path: Path) -> None:
    target = tmp_path / "guide.pdf"
    target.write_bytes(OLD)
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"new")
        assert target.read_bytes() == OLD  # nothing changes until the write is complete
    assert target.read_bytes() == b"new"
    assert temporaries(tmp_path) == []


def test_the_temporary_file_is_in_the_target_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.pptx"
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent  # same file system: the rename is atomic
        assert temporary.name.startswith(TEMP_PREFIX) and temporary.name.endswith("-deck.pptx")
        temporary.write_bytes(b"x")


def test_a_failure_inside_leaves_the_old_artifact_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "guide.pdf"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half a PDF")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == OLD
    assert temporaries(tmp_path) == []


def test_a_failure_before_any_artifact_existed_creates_none(tmp_path: Path) -> None:
    target = tmp_path / "guide.pdf"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError
    assert not target.exists()
    assert temporaries(tmp_path) == []


def test_an_existing_artifact_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "guide.pdf"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_artifact_follows_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "guide.pdf", b"new")
    finally:
        os.umask(previous)
    assert (tmp_path / "guide.pdf").stat().st_mode & 0o777 == 0o644


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}{dead_pid()}-abc_12-guide.pdf"
    stale.write_bytes(b"left by a killed build")
    write_atomic(tmp_path / "guide.pdf", b"new")
    assert not stale.exists()


def test_a_temporary_of_a_running_build_is_left_alone(tmp_path: Path) -> None:
    running = tmp_path / f"{TEMP_PREFIX}{os.getppid()}-abc_12-guide.pdf"
    running.write_bytes(b"a parallel build is writing this")
    write_atomic(tmp_path / "guide.pdf", b"new")
    assert running.exists()


def test_temporaries_of_another_target_are_left_alone(tmp_path: Path) -> None:
    pid = dead_pid()
    other = tmp_path / f"{TEMP_PREFIX}{pid}-abc_12-my-guide.pdf"
    other.write_bytes(b"not ours")
    assert remove_stale(tmp_path / "guide.pdf") == []
    assert remove_stale(tmp_path / "my-guide.pdf") == [other]


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from publish.output import atomic_path

    with atomic_path(Path(sys.argv[1])) as temporary:
        with temporary.open("wb") as handle:
            for chunk in range(10_000):
                handle.write(b"x" * 65536)
                handle.flush()
                if chunk == 3:
                    print("writing", flush=True)
                time.sleep(0.005)
""")


def test_kill_9_mid_write_leaves_the_previous_artifact_intact(tmp_path: Path) -> None:
    target = tmp_path / "guide.pdf"
    target.write_bytes(OLD)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        [partial] = temporaries(tmp_path)
        assert partial.stat().st_size > 0
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    assert temporaries(tmp_path) == [partial]  # the leftover a crash cannot clean up...
    write_atomic(target, b"next build")
    assert temporaries(tmp_path) == []  # ...is removed by the next write of that target
    assert target.read_bytes() == b"next build"
