"""The document language's hyphenation patterns loaded parsed, not parsed in every process.

pyphen parses a language's patterns (a text file) when WeasyPrint first hyphenates in it: about
0.1 s a process. The parsed dictionary is kept in the build cache and placed in pyphen's own
dictionary cache (`pyphen.hdcache`, keyed by the patterns' path) before WeasyPrint asks for it;
pyphen then finds it there. A damaged entry is parsed again.

Upstream: pyphen keeps parsed dictionaries per process only.
"""

from __future__ import annotations

from publish import cache

_active = False


def apply() -> None:
    global _active
    import pyphen

    for name in ("hdcache", "LANGUAGES", "language_fallback", "HyphDict"):
        getattr(pyphen, name)
    _active = True


def preload(lang: str | None) -> None:
    """Put `lang`'s parsed patterns in pyphen's cache, from the build cache where they were kept."""
    if not _active or not lang:
        return
    import pyphen

    name = pyphen.language_fallback(lang)
    path = pyphen.LANGUAGES.get(name) if name else None
    if path is None or path in pyphen.hdcache:
        return
    entry = cache.key("pyphen", pyphen.__version__, cache.file_identity(path))
    pyphen.hdcache[path] = cache.remembered("hyphenation", entry, lambda: pyphen.HyphDict(path))
