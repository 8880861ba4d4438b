"""A guide and its deck tell the same story: section titles compared as a reader would
(case, punctuation, a shortened title, a continuation slide)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from publish.tools.check.report import Facts

ELLIPSIS = re.compile(r"\s*(…|\.\.\.)\s*$")
# What a continuation slide adds to its section's title, in any language: "(cont.)", "(suite)", "2/3".
CONTINUATION = re.compile(r"^\s*(\(.*\)|\[.*\]|[-–—:]?\s*\d+(\s*/\s*\d+)?)\s*$")


def squash(text: str) -> str:
    """Letters and digits only, case-folded: how PDF words and shape text are compared."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def same_title(a: str, b: str) -> bool:
    """Section titles match when equal, nearly equal, or one is the other shortened with an ellipsis."""
    sa, sb = squash(a), squash(b)
    if sa == sb or (sa and sb and difflib.SequenceMatcher(None, sa, sb).ratio() >= 0.85):
        return True
    for short, full in ((a, sb), (b, sa)):
        stem = squash(ELLIPSIS.sub("", short))
        if ELLIPSIS.search(short) and stem and full.startswith(stem):
            return True
    return False


def merge_continuations(titles: list[str]) -> list[str]:
    """Drop continuation slides: the previous title plus "(cont.)", "(2/3)" or the like is the same section."""
    merged: list[str] = []
    for title in titles:
        previous = " ".join(merged[-1].casefold().split()) if merged else None
        current = " ".join(title.casefold().split())
        if previous and current.startswith(previous) and CONTINUATION.match(current[len(previous):]):
            continue
        merged.append(title)
    return merged


def compare_sections(guide: Facts, deck: Facts) -> list[str]:
    """Both artifacts teach the same sections in the same order (titles compared leniently)."""
    titles = merge_continuations(deck.sections)
    if not titles:
        return [] if len(guide.sections) <= 1 else [
            f"the guide has {len(guide.sections)} sections but the deck has neither an agenda nor section slides"]
    guide_keys = [squash(title) for title in guide.sections]
    # Each deck title stands for the guide title it matches, so a shortened title counts as equal.
    deck_keys = [next((squash(g) for g in guide.sections if same_title(g, d)), squash(d)) for d in titles]
    problems = []
    matcher = difflib.SequenceMatcher(None, guide_keys, deck_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for index in range(i1, i2):
            where = "elsewhere in" if guide_keys[index] in deck_keys else "missing from"
            problems.append(f"section {index + 1} '{shorten(guide.sections[index])}' ({guide.source}) is {where} "
                            f"the deck's {deck.source}")
        for index in range(j1, j2):
            if deck_keys[index] not in guide_keys:
                problems.append(f"'{shorten(titles[index])}' ({deck.source}) is not a section of the guide")
    return problems
