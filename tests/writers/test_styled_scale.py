"""Thousands of items by one author in one year (bulk search pages with few fields): every one gets a
year suffix, past ``z`` and ``zz`` (``aa``…, ``aaa``…), as citeproc-js 2.4.63 prints them
(``tests/golden/styles/same_author_year.*.txt.gz``, made by ``tests/golden/styles/regen.py --scale``).
citeconv's patched layer stopped at ``zz``: 703 such items or more crashed APA, Chicago and Harvard."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import converter

GOLDEN = Path(__file__).parent.parent / "golden" / "styles"


def same_author_and_year(count: int) -> list[dict]:
    """As ``regen.py`` makes them."""
    return [{"id": f"r{index}", "type": "article-journal", "title": f"Result number {index} of a bulk search",
             "author": [{"family": "Nguyen", "given": "Pham"}], "issued": {"date-parts": [[2022]]}}
            for index in range(count)]


def golden(name: str) -> list[str]:
    return gzip.decompress((GOLDEN / name).read_bytes()).decode("utf-8").splitlines()


def test_five_thousand_items_as_citeproc_js():
    lines = converter.write(same_author_and_year(5000), to="apa").splitlines()
    assert lines == golden("same_author_year.apa.txt.gz")
    assert lines[-1] == "Nguyen, P. (2022gjh). Result number 4999 of a bulk search."


@pytest.mark.parametrize("style, cite", [("apa", True), ("chicago-author-date", False), ("harvard-cite-them-right", False)])
def test_past_zz_in_other_styles_as_citeproc_js(style, cite):
    name = f"same_author_year.{style}{'_cite' if cite else ''}.txt.gz"
    assert converter.write(same_author_and_year(800), to=style, cite=cite).splitlines() == golden(name)
