"""URLs in styled references: no aggregator's page (semanticscholar.org, booksci.cn) and, as Zotero by
default, no URL (nor access date) for a journal, magazine or newspaper article with pages; ``include_urls``
(``--include-urls``) prints them all. The expected APA and Vancouver lists are citeproc-js 2.4.63's for
``tests/golden/styles/urls.json`` with the same rule applied to its input (``urls.*.all.txt``: without it);
see tests/golden/styles/README.md. The other writers keep every URL."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import converter
from converter.writers.styled import aggregator_page, printed_url

GOLDEN = Path(__file__).parent.parent / "golden" / "styles"
ITEMS = json.loads((GOLDEN / "urls.json").read_text(encoding="utf-8"))
AGGREGATED = ("semanticscholar.org", "booksci.cn")


def lines(name: str) -> list[str]:
    return [" ".join(line.split()) for line in (GOLDEN / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_urls_as_citeproc_js_prints_them_with_the_rule(style):
    assert converter.write(ITEMS, to=style).splitlines() == lines(f"urls.{style}.txt")
    assert [" ".join(line.split()) for line in converter.write(ITEMS, to=style, include_urls=True).splitlines()] \
        == lines(f"urls.{style}.all.txt")


@pytest.mark.parametrize("style", ["apa", "vancouver", "chicago-notes-bibliography", "ieee", "modern-language-association"])
@pytest.mark.parametrize("format", ["text", "html", "markdown"])
def test_no_aggregator_page_in_any_style_or_format(style, format):
    for cite in (False, True):
        text = converter.write(ITEMS, to=style, format=format, cite=cite)
        assert not any(site in text for site in AGGREGATED)
        assert "malariajournal.biomedcentral.com" not in text
    everything = converter.write(ITEMS, to=style, format=format, include_urls=True)
    assert all(site in everything for site in AGGREGATED)


@pytest.mark.parametrize("to", ["csl-json", "bibtex", "biblatex", "ris"])
def test_other_writers_keep_every_url(to):
    text = converter.write(ITEMS, to=to)
    assert all(item["URL"] in text for item in ITEMS)


def test_the_rule():
    assert aggregator_page("https://www.semanticscholar.org/paper/abc") and aggregator_page("http://api.booksci.cn/x")
    assert not aggregator_page("https://notsemanticscholar.org/x") and not aggregator_page("https://doi.org/10.1/x")
    article = {"type": "article-journal", "URL": "https://journal.org/1"}
    assert printed_url(article) and not printed_url(dict(article, page="1-12"))
    assert printed_url({"type": "webpage", "URL": "https://who.int", "page": "3"})
    assert not printed_url({"type": "webpage", "URL": "https://www.semanticscholar.org/paper/abc"})


def test_the_command_line_flag(tmp_path):
    source = tmp_path / "items.json"
    source.write_text(json.dumps(ITEMS), encoding="utf-8")

    def run(*extra):
        done = subprocess.run([sys.executable, "-m", "converter.cli", str(source), "--from", "csl-json", "--to", "apa",
                               *extra], capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.decode("utf-8").splitlines()

    assert run() == lines("urls.apa.txt")
    assert run("--include-urls") == lines("urls.apa.all.txt")
