"""Labels in the document's language: the themes' labels/<lang>.yaml files along the chain."""

from __future__ import annotations

from pathlib import Path

from publish.theme.reading import read_yaml
from publish.theme.schema import SCHEMA, validate

LABELS_DIR = "labels"
TRADITIONAL_CHINESE = {"hant", "tw", "hk", "mo"}  # script or regions that read Traditional characters


def label_files(lang: str) -> list[str]:
    """The labels/<name>.yaml names (lower-cased) for a language tag, least specific first:
    'de-CH' -> de, de-ch; Chinese of Taiwan, Hong Kong or Macao -> zh, zh-hant, then the tag."""
    parts = lang.replace("_", "-").lower().split("-")
    names = [parts[0]]
    if parts[0] == "zh" and TRADITIONAL_CHINESE & set(parts[1:]):
        names.append("zh-hant")
    return list(dict.fromkeys([*names, "-".join(parts)]))


def translated_labels(chain: tuple[Path, ...], lang: str) -> dict[str, str]:
    """Labels translated for `lang` by the themes' labels/<lang>.yaml files: the theme extended
    first, so a nearer theme's file wins, and within a theme the most specific tag. Read per
    build (a few small files), so make watch sees an edit to them."""
    found: dict[str, str] = {}
    for folder in reversed(chain):
        files = {path.stem.lower(): path for path in (folder / LABELS_DIR).glob("*.yaml")}
        for name in label_files(lang):
            if name in files:
                shape = "labels are a mapping of label names to text, e.g. contents: Inhalt"
                raw, lines = read_yaml(files[name], shape)
                validate(raw, SCHEMA["labels"], files[name], lines, "the labels", root=SCHEMA["labels"])
                found.update(raw)
    return found

