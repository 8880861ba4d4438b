"""A paragraph's key point for its slide: the lead sentence, shortened at a clause boundary.

The full paragraph goes to the speaker notes; the slide shows what a trainer
would say first. Shortening drops what can go without changing the claim:
a leading connective ("Furthermore,"), then leading framing clauses ("In the
rapidly evolving landscape of ...,"), then trailing clauses (", ensuring ...").
Only when no clause boundary leaves a short enough sentence is it cut at a word
with an ellipsis. The word lists are English; other languages get the
punctuation-based steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from publish.deck.inlines import slice_runs, text_of
from publish.deck.model import Run

Runs = tuple[Run, ...]

SENTENCE_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s)|[。！？]")
ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "etc", "cf", "approx", "dr", "mr", "mrs", "ms", "prof", "st", "no",
                           "fig", "inc", "ltd", "co", "jr", "sr", "al"})
CONNECTIVE = re.compile(
    r"^(?:furthermore|moreover|however|additionally|also|finally|therefore|thus|consequently|in summary|"
    r"in short|in conclusion|in addition|in fact|indeed|overall|ultimately|meanwhile|nevertheless|nonetheless|"
    r"similarly|likewise|firstly|secondly|thirdly|lastly|next|then|instead|of course|for example|"
    r"for instance|in other words|as a result|on the other hand),\s+", re.IGNORECASE)
FRAMING = re.compile(
    r"^(?:in|at|as|while|although|though|despite|from|during|after|before|since|because|if|when|whenever|"
    r"unlike|to|for|by|with|without|given|once|until|throughout|beyond|within|across|amid|today|now)\b"
    r"[^,;:]{0,120}?,\s+", re.IGNORECASE)
TRAILING = re.compile(
    r",\s+(?=(?:which|who|whom|where|while|whereas|so that|because|since|including|such as|as well as|"
    r"especially|particularly|rather than|not only)\b)|,\s+(?=\w+ing\b)|;\s+|\s+[—–]\s+|—|:\s+")
MIN_WORDS = 4


def key_point(runs: Runs, fits: Callable[[Runs], bool]) -> Runs:
    """The lead sentence of `runs`, shortened until `fits` accepts it."""
    sentence = _strip(lead_sentence(runs))
    connective = CONNECTIVE.match(text_of(sentence))
    if connective and _words(text_of(sentence)[connective.end():]) >= MIN_WORDS:
        sentence = _capitalise(slice_runs(sentence, connective.end()))
    if fits(sentence):
        return sentence
    while (framing := FRAMING.match(text_of(sentence))) and _words(text_of(sentence)[framing.end():]) >= MIN_WORDS:
        sentence = _capitalise(slice_runs(sentence, framing.end()))
        if fits(sentence):
            return sentence
    text = text_of(sentence)
    ending = _ending(text)
    for match in reversed(list(TRAILING.finditer(text))):
        if _words(text[:match.start()]) < MIN_WORDS:
            break
        candidate = _append(slice_runs(sentence, 0, match.start()), ending)
        if fits(candidate):
            return candidate
    return _cut_at_word(sentence, fits)


def lead_sentence(runs: Runs) -> Runs:
    text = text_of(runs)
    for match in SENTENCE_END.finditer(text):
        before = text[:match.start()].split()
        previous = before[-1].lower().rstrip(".") if before else ""
        following = text[match.end():].lstrip()
        if previous in ABBREVIATIONS or (len(previous) == 1 and previous.isalpha()):
            continue
        if following and following[0].islower():
            continue
        return slice_runs(runs, 0, match.end())
    return runs


def _cut_at_word(sentence: Runs, fits: Callable[[Runs], bool]) -> Runs:
    """The longest word-prefix that fits, with an ellipsis (at least the first word)."""
    text = text_of(sentence)
    ends = [m.start() for m in re.finditer(r"\s+", text)]
    if not ends:
        return sentence
    best = _append(slice_runs(sentence, 0, ends[0]), "…")
    low, high = 1, len(ends) - 1
    while low <= high:
        middle = (low + high) // 2
        candidate = _append(slice_runs(sentence, 0, ends[middle]), "…")
        if fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _strip(runs: Runs) -> Runs:
    text = text_of(runs)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return slice_runs(runs, start, end)


def _ending(text: str) -> str:
    match = re.search(r"[.!?؟。！？]$", text.rstrip("\"'”’»)]"))
    return match.group() if match else ""


def _append(runs: Runs, tail: str) -> Runs:
    runs = _strip(runs)
    runs = slice_runs(runs, 0, len(text_of(runs).rstrip(",;:—– ")))
    if not runs or not tail:
        return runs
    return (*runs[:-1], replace(runs[-1], text=runs[-1].text + tail))


def _capitalise(runs: Runs) -> Runs:
    if not runs or not runs[0].text:
        return runs
    first = runs[0]
    return (replace(first, text=first.text[0].upper() + first.text[1:]), *runs[1:])


def _words(text: str) -> int:
    return len(text.split())
