"""python-pptx's XPath queries are compiled once, and answer exactly as python-pptx's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.xmlchemy import BaseOxmlElement

from helpers import ARTICLE
from publish.build import prepare
from publish.build import write as build
from publish.deck import pptx_fixes
from publish.job import BuildOptions

pptx_fixes.install()
COMPILED = BaseOxmlElement.xpath
QUERIES = ("./p:cSld/p:spTree/p:sp", "//@id", "count(//p:sp)", "//p:cNvPr/@name",
           "string(//p:sp/p:nvSpPr/p:cNvPr/@name)")


def deck_bytes(target: Path) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764115200")
        job, _ = prepare(ARTICLE, BuildOptions())
        build(job, target)
    return target.read_bytes()


def test_the_fix_is_in_force() -> None:
    assert hasattr(COMPILED, "upstream")


def test_the_deck_is_the_same_with_compiled_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = deck_bytes(tmp_path / "compiled.pptx")
    monkeypatch.setattr(BaseOxmlElement, "xpath", COMPILED.upstream)
    assert deck_bytes(tmp_path / "upstream.pptx") == compiled


def test_each_query_is_compiled_once_however_often_it_is_asked(tmp_path: Path) -> None:
    COMPILED.query.cache_clear()
    deck_bytes(tmp_path / "deck.pptx")
    asked = COMPILED.query.cache_info()
    assert asked.misses < 40 < asked.hits


@pytest.mark.parametrize("query", QUERIES)
def test_a_compiled_query_answers_as_python_pptx_does(query: str) -> None:
    layout = Presentation().slide_layouts[0]._element
    answer, expected = COMPILED(layout, query), COMPILED.upstream(layout, query)
    assert answer == expected
    assert answer  # the query finds something to compare
