"""A theme's YAML files read once into data and the line of every key, for errors that point there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from publish.model.diagnostics import error
from publish.theme.schema import TokenPath

# libyaml's safe loader is ~20x faster than PyYAML's pure-Python one, and as safe; not every build has it.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(file: Path, shape: str) -> tuple[dict[str, Any], dict[TokenPath, int]]:
    """A theme file's mapping and the line of each of its keys; `shape` says what it should hold.

    Parsed once, into nodes: the data is constructed from them and the key
    lines are read off them.
    """
    try:
        loader = SAFE_LOADER(file.read_text(encoding="utf-8"))  # PyYAML's own loader checks characters here
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error("theme-yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}", file,
                    mark.line + 1 if mark else None, "check the indentation and quoting") from None
    if not isinstance(data, dict) or not isinstance(node, yaml.Node):
        raise error("theme-yaml", shape, file, 1)
    return data, _key_lines(file, node)


def _key_lines(file: Path, root: yaml.Node) -> dict[TokenPath, int]:
    """The line of every key (and list item) by its path, e.g. ('fonts', 'body', 'family') -> 31.

    YAML silently keeps the last of two equal keys; an author who wrote
    `colors:` twice lost the first half, so a duplicate is an error here.
    """
    lines: dict[TokenPath, int] = {}

    def walk(node: yaml.Node, path: TokenPath) -> None:
        if isinstance(node, yaml.SequenceNode):  # items by their index, e.g. ('text', 'levels', '0', 'margin')
            for index, item in enumerate(node.value):
                lines.setdefault((*path, str(index)), item.start_mark.line + 1)
                walk(item, (*path, str(index)))
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            here = (*path, str(key.value))
            line = key.start_mark.line + 1
            if here in lines:
                raise error("theme-key", f"'{'.'.join(here)}' is set twice (first on line {lines[here]})",
                            file, line, "keep one of them")
            lines[here] = line
            walk(value, here)

    walk(root, ())
    return lines
