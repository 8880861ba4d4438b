"""Code as both artifacts colour it: Pygments splits a code block into tokens, and each token
falls into one of a few kinds the theme gives a colour (`colors.code_<kind>`).

A block without a language, or in one Pygments does not know, stays one colour: guessing the
language colours prose and shell output at random.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Name, Number, Operator, String
from pygments.util import ClassNotFound

TokenKind = Literal["keyword", "string", "comment", "number", "name"]
TOKEN_KINDS: tuple[TokenKind, ...] = ("keyword", "string", "comment", "number", "name")
Piece = tuple[str, TokenKind | None]
Line = tuple[Piece, ...]

# Pygments token types -> kinds, most specific first (Name.Builtin before the Name others stay plain).
KINDS: tuple[tuple[Any, TokenKind], ...] = (  # Any: Pygments' token types have no public class
    (Comment, "comment"), (String, "string"), (Number, "number"), (Keyword, "keyword"),
    (Operator.Word, "keyword"), (Name.Builtin, "name"), (Name.Function, "name"), (Name.Class, "name"),
    (Name.Decorator, "name"), (Name.Tag, "name"), (Name.Exception, "name"),
)


@lru_cache(maxsize=1024)
def highlight(code: str, language: str | None) -> tuple[Line, ...]:
    """The code's lines as (text, kind) pieces; kind None is the code's ordinary colour."""
    lexer = _lexer(language)
    if lexer is None:
        return tuple(((line, None),) if line else () for line in code.split("\n"))
    lines: list[list[Piece]] = [[]]
    for token, text in lexer.get_tokens(code):
        kind = next((kind for parent, kind in KINDS if token in parent), None)
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                _add(lines[-1], part, kind)
    return tuple(tuple(line) for line in lines)


def _add(line: list[Piece], text: str, kind: TokenKind | None) -> None:
    """Append a piece, joining it to the one before when they are of one kind (fewer spans and runs)."""
    if line and line[-1][1] == kind:
        line[-1] = (line[-1][0] + text, kind)
    else:
        line.append((text, kind))


@lru_cache(maxsize=64)
def _lexer(language: str | None) -> Lexer | None:
    if not language:
        return None
    try:  # the text exactly as written: no newline added or stripped, tabs kept
        return get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False, tabsize=0)
    except ClassNotFound:
        return None
