"""The document's language when the author did not say: the script most of its letters are in.

Right-to-left layout, hyphenation, fonts and the labels follow the language, so a document in
Arabic, Hebrew or Japanese without `lang:` should not be set as English. Only the script is
read, never the words, so Latin-script text (which could be any of dozens of languages) keeps
the default; so does text where no script clearly dominates.
"""

from __future__ import annotations

from collections import Counter

# (first, last) code points of a script's letters -> the language written in it most.
SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x06FF, "ar"), (0x0750, 0x077F, "ar"), (0xFB50, 0xFDFF, "ar"), (0xFE70, 0xFEFF, "ar"),
    (0x0590, 0x05FF, "he"), (0x3040, 0x30FF, "ja"), (0xAC00, 0xD7AF, "ko"), (0x1100, 0x11FF, "ko"),
    (0x4E00, 0x9FFF, "zh"), (0x3400, 0x4DBF, "zh"), (0x0900, 0x097F, "hi"), (0x0980, 0x09FF, "bn"),
    (0x0B80, 0x0BFF, "ta"), (0x0400, 0x04FF, "ru"), (0x0370, 0x03FF, "el"), (0x0E00, 0x0E7F, "th"),
    (0x10A0, 0x10FF, "ka"), (0x0530, 0x058F, "hy"),
)
PERSIAN, URDU = set("پچژگکی"), set("ٹڈڑںےہ")
UKRAINIAN = set("іїєґІЇЄҐ")
DOMINANT = 0.3  # the share of letters a script needs to decide
SAMPLE = 20_000  # characters read: a long document's script is clear long before its end


def detect_language(text: str) -> str | None:
    """The language the text's dominant non-Latin script suggests, or None."""
    counts: Counter[str] = Counter()
    letters = 0
    text = text[:SAMPLE]
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        for first, last, language in SCRIPTS:
            if first <= code <= last:
                counts[language] += 1
                break
    if not counts or not letters:
        return None
    if counts["ja"] and counts["ja"] + counts["zh"] >= DOMINANT * letters:  # kana: Japanese, with its kanji
        return "ja"
    language, found = counts.most_common(1)[0]
    if found < DOMINANT * letters:
        return None
    if language == "ar":
        if sum(text.count(char) for char in URDU) > found * 0.02:
            return "ur"
        if sum(text.count(char) for char in PERSIAN) > found * 0.02:
            return "fa"
    if language == "ru" and any(char in UKRAINIAN for char in text):
        return "uk"
    return language
