"""Derived data kept between runs, so a rebuild does not redo slow work whose answer cannot change.

What is kept (each kind in its own folder of `~/.cache/publish`, or `$XDG_CACHE_HOME/publish`):
compiled Jinja2 templates, WeasyPrint's C declarations compiled by cffi, parsed hyphenation
dictionaries, SVGs rasterised for the deck and the font metrics the slide planner measures with. An
entry is named by a hash of everything that decides its content (the input's bytes or the file's
path, size and mtime, and the versions of the libraries that made it), so a stale entry is never
found, only left behind; entries unused for PRUNE_AFTER are deleted, at most once a day. Entries are
written atomically, so parallel builds (`make -j`) share the folder safely. A cache that cannot be
used (no home folder, read-only, a damaged entry) costs speed, never a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
PRUNE_AFTER = 30 * 86400  # seconds without use
PRUNE_MARK = ".pruned"  # its mtime: when the folder was last pruned
TOUCH_AFTER = 86400  # an entry's mtime records use at this granularity (one utime a day, not a read)


def _as_is(value: Any) -> Any:
    return value


def root() -> Path | None:
    """The cache folder, or None when there is no usable one (never the working directory)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publish"
    return base if base.is_absolute() else None


def folder(kind: str) -> Path | None:
    """The writable folder for one kind of entry, created on demand; None when there is none."""
    base = root()
    if base is None:
        return None
    path = base / kind
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(path, os.W_OK):
        return None
    prune(base)
    return path


def key(*parts: object) -> str:
    """An entry name from everything that decides the entry (bytes, strings, numbers, tuples)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def file_identity(path: Path) -> tuple[str, int, int]:
    """What names a file's content cheaply: its resolved path, size and modification time."""
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def load(kind: str, name: str) -> bytes | None:
    where = folder(kind)
    if where is None:
        return None
    entry = where / name
    try:
        data = entry.read_bytes()
        if time.time() - entry.stat().st_mtime > TOUCH_AFTER:
            os.utime(entry)
    except OSError:
        return None
    return data


def store(kind: str, name: str, data: bytes) -> None:
    where = folder(kind)
    if where is None:
        return
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, where / name)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def remembered(kind: str, name: str, compute: Callable[[], Any], use: Callable[[Any], T] = _as_is) -> T:
    """`use(compute())`, with compute's value from the cache when an entry exists (pickled). An entry
    that does not unpickle, or that `use` rejects by raising, is computed again and replaced."""
    data = load(kind, name)
    if data is not None:
        try:
            return use(pickle.loads(data))  # the user's own folder, written by this module
        except Exception:  # a truncated or foreign entry
            pass
    value = compute()
    store(kind, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return use(value)


def prune(base: Path) -> None:
    """Delete entries unused for PRUNE_AFTER, in every kind's folder; at most once a day."""
    mark = base / PRUNE_MARK
    now = time.time()
    try:
        if now - mark.stat().st_mtime < TOUCH_AFTER:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        mark.touch()
        for entry in base.glob("*/*"):
            if entry.is_file() and now - entry.stat().st_mtime > PRUNE_AFTER:
                entry.unlink(missing_ok=True)
    except OSError:
        return
