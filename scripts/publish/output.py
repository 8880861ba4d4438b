"""Atomic artifacts: a build either replaces the old file whole or leaves it alone.

Writers get a temporary path in the target's own folder (same file system, so
the final rename is atomic); only a complete file is renamed into place. A
crash or `kill -9` mid-write leaves the previous artifact intact and at most
a stale temporary file, which the next build of that target removes.

Temporary names carry the writer's process id (`.publish-tmp-<pid>-<random>-<name>`),
so a build removes only the leftovers of processes that are gone, never the
file a parallel build (`make -j`) is still writing.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publish.stopping import raise_if_stopped

TEMP_PREFIX = ".publish-tmp-"


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path; on success move it over `target`, else delete it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=f"-{target.name}",
                                    dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        raise_if_stopped()
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
        _sync_folder(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def remove_stale(target: Path) -> list[Path]:
    """Delete temporary files of `target` left by processes that no longer run."""
    pattern = re.compile(rf"{re.escape(TEMP_PREFIX)}(\d+)-[a-z0-9_]+-{re.escape(target.name)}")
    removed = []
    for candidate in target.parent.glob(f"{TEMP_PREFIX}*"):
        match = pattern.fullmatch(candidate.name)
        if match and candidate.is_file() and not _running(int(match.group(1))):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _mode_for(target: Path) -> int:
    """Keep an existing artifact's permissions; a new one gets the usual 0o666 minus the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
