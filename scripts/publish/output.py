"""Atomic artifacts: a build either replaces the old file whole or leaves it alone.

Writers get a temporary path in the target's own folder (same file system, so
the final rename is atomic); only a complete file is renamed into place. A
crash or `kill -9` mid-write leaves the previous artifact intact and at most
a stale temporary file, which the next build of that target removes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_PREFIX = ".publish-tmp-"


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path; on success move it over `target`, else delete it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f"{TEMP_PREFIX}*-{target.name}"):
        if stale.is_file():
            stale.unlink(missing_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}", suffix=f"-{target.name}", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
