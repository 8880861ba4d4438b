"""A theme's YAML files read once into data and the line of every key, for errors that point there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from publish.limits import MAX_DATA_DEPTH, LimitError, check_data
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
        check_data(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error("theme-yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}", file,
                    mark.line + 1 if mark else None, "check the indentation and quoting") from None
    except UnicodeDecodeError:
        raise error("theme-yaml", "is not UTF-8 text", file, None, "save it as UTF-8 text (it is YAML)") from None
    except (LimitError, RecursionError) as exc:
        problem = str(exc) if isinstance(exc, LimitError) else f"nests more than {MAX_DATA_DEPTH} deep"
        raise error("theme-yaml", problem, file, None, "a theme file holds a few hundred tokens: shorten it") from None
    except ValueError as exc:  # a number too long for Python to convert
        raise error("theme-yaml", f"holds a value that cannot be read: {exc}", file, None, "shorten it") from None
    except OSError as exc:
        raise error("theme-yaml", f"cannot be read ({exc.strerror or exc})", file, None,
                    "check that it is a readable file") from None
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
