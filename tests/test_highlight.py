"""Code split into the kinds of token the theme colours."""

from __future__ import annotations

from publish.highlight import highlight


def test_python_is_split_into_keywords_names_strings_numbers_and_comments() -> None:
    [first, second] = highlight('def f():  # why\n    return "x", 1', "python")
    assert first == (("def", "keyword"), (" ", None), ("f", "name"), ("():  ", None), ("# why", "comment"))
    assert second == (("    ", None), ("return", "keyword"), (" ", None), ('"x"', "string"), (", ", None),
                      ("1", "number"))


def test_the_lines_keep_the_code_exactly_as_written() -> None:
    code = "\tif x:\n\n        y = 'a'  \n"
    assert "\n".join("".join(text for text, _ in line) for line in highlight(code, "python")) == code


def test_code_without_a_known_language_is_one_colour() -> None:
    assert highlight("echo hi\n\nls", None) == ((("echo hi", None),), (), (("ls", None),))
    assert highlight("x = 1", "no-such-language") == ((("x = 1", None),),)
