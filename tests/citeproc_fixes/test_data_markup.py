"""Inline markup in the data (converter.citeproc_fixes.source: which tags pair up; .flipflop: only where
the output is HTML). The expected outputs are citeproc-js 2.4.63's (``render.js STYLE items.json`` and
``--format html``, the same style and titles), its ``&#60;`` written ``&lt;`` by citeproc-py's formatter."""
from __future__ import annotations

import converter
from converter import citeproc_fixes

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>
"""

TITLES = ["One TwoF</i> Three", "One <i>Two Three", "A <b>bold</i> c", "A </b> b <b>c</b>", "x <i>y</b> z</i>",
          "p </span> q", "a <sc>b</sc> </sc>"]


def render(tmp_path, format):
    path = tmp_path / "title.csl"
    path.write_text(STYLE, encoding="utf-8")
    items = [{"id": str(n), "type": "book", "title": title} for n, title in enumerate(TITLES)]
    return converter.write(items, to=str(path), format=format).splitlines()


def test_tags_that_do_not_pair_up_print_as_text(tmp_path):
    assert render(tmp_path, "html")[1:-1] == [
        '  <div class="csl-entry">One TwoF&lt;/i&gt; Three</div>',
        '  <div class="csl-entry">One &lt;i&gt;Two Three</div>',
        '  <div class="csl-entry">A &lt;b&gt;bold&lt;/i&gt; c</div>',
        '  <div class="csl-entry">A &lt;/b&gt; b <b>c</b></div>',
        '  <div class="csl-entry">x &lt;i&gt;y&lt;/b&gt; z&lt;/i&gt;</div>',
        '  <div class="csl-entry">p &lt;/span&gt; q</div>',
        '  <div class="csl-entry">a <span style="font-variant:small-caps;">b</span> &lt;/sc&gt;</div>']


def test_plain_text_keeps_the_tags_of_the_data_as_they_are(tmp_path):
    expected = ["One TwoF</i> Three", "One <i>Two Three", "A <b>bold</i> c", "A </b> b c", "x <i>y</b> z</i>",
                "p </span> q", "a b </sc>"]
    assert render(tmp_path, "text") == expected
    with citeproc_fixes.without("flip-flop"):  # the flip-flop of HTML markup is not for plain text
        assert render(tmp_path, "text") == expected
