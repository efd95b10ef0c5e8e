"""Citations of several cites with affixes and locators (converter.citeproc_fixes.collapse, the affix and
value quotes of .text, .disambiguate without the accessed date), rendered through the engine as the CSL
test-suite runner does: the exact output with each fix, a different one without it (``without(name)``).
Every expected line is citeproc-js 2.4.63's for the same style, items and citations
(``processCitationCluster`` of each citation in turn, text output, note numbers 1, 2, ...)."""
from __future__ import annotations

import io

from citeproc import Citation, formatter

from converter import citeproc_fixes
from converter.citeproc_fixes import disambiguate
from converter.citeproc_fixes.source import prepare

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0">
  <info><title>Test</title><id>test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation {citation}>
    <layout {layout}>{body}</layout>
  </citation>
</style>
"""

AUTHOR_YEAR = ('<group delimiter=" "><names variable="author"><name form="short"/></names>'
               '<date variable="issued"><date-part name="year"/></date></group>')


def book(id, family, year=None, **fields):
    item = {"id": id, "type": "book", "title": f"Book {id}", "author": [{"family": family, "given": "John"}]}
    if year:
        item["issued"] = {"date-parts": [[year]]}
    item.update(fields)
    return item


def cites(cls, citation, layout, body, items, clusters) -> list[str]:
    """Each citation of ``clusters`` (lists of cites: id, prefix, suffix, locator) in the current engine,
    in footnotes 1, 2, ..."""
    engine = citeproc_fixes.current()
    style = engine.style(io.BytesIO(STYLE.format(cls=cls, citation=citation, layout=layout, body=body).encode()))
    bibliography = engine.Bibliography(style, engine.source(prepare(items), formatter.plain), formatter.plain)
    citations = []
    for note, cluster in enumerate(clusters, 1):
        made = []
        for data in cluster:
            extra = {key: data[key] for key in ("prefix", "suffix") if key in data}
            if "locator" in data:
                extra["locator"] = engine.Locator("page", data["locator"])
            made.append(engine.CitationItem(data["id"], **extra))
        citation = Citation(made)
        citation.note_index = note
        bibliography.register(citation)
        citations.append(citation)
    disambiguate.disambiguate(bibliography)
    return [str(bibliography.cite(citation, lambda item: None)) for citation in citations]


SMITHS = [book("a", "Smith", 2000), book("b", "Smith", 2000), book("c", "Smith", 2001), book("d", "Jones", 1999)]
ALL_SMITHS = [[{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]]
YEAR = 'disambiguate-add-year-suffix="true" collapse="year"'
PARENS = 'delimiter="; " prefix="(" suffix=")"'


def test_collapsed_cites_take_the_layout_delimiter_in_a_note_style():
    assert cites("note", YEAR, PARENS, AUTHOR_YEAR, SMITHS, ALL_SMITHS) == ["(Smith 2000a; 2000b; 2001; Jones 1999)"]
    assert cites("in-text", YEAR, PARENS, AUTHOR_YEAR, SMITHS, ALL_SMITHS) == ["(Smith 2000a, 2000b, 2001; Jones 1999)"]
    with citeproc_fixes.without("collapse"):
        assert cites("note", YEAR, PARENS, AUTHOR_YEAR, SMITHS, ALL_SMITHS) == \
            ["(Smith 2000a; Smith 2000b; Smith 2001; Jones 1999)"]


def test_after_collapse_delimiter_closes_groups_and_follows_locators():
    items = [book("a", "Whittaker", 1967), book("b", "Whittaker", 1975), book("c", "Wiens", 1989),
             book("d", "Wong", 1999), book("e", "Wong", 2000)]
    clusters = [[{"id": "a"}, {"id": "b"}, {"id": "c"}], [{"id": "a"}, {"id": "c"}],
                [{"id": "d", "locator": "328"}, {"id": "e", "locator": "475"}, {"id": "c"}]]
    args = ("in-text", 'collapse="year" after-collapse-delimiter="; "', 'delimiter=", " prefix="(" suffix=")"',
            AUTHOR_YEAR + '<text variable="locator" prefix=", "/>', items, clusters)
    assert cites(*args) == ["(Whittaker 1967, 1975; Wiens 1989)", "(Whittaker 1967; Wiens 1989)",
                            "(Wong 1999, 328; 2000, 475; Wiens 1989)"]
    with citeproc_fixes.without("collapse"):
        assert cites(*args)[1] == "(Whittaker 1967, Wiens 1989)"


def test_year_suffix_delimiter_then_the_layout_delimiter():
    items = [book("a", "Doe", 2000), book("b", "Doe", 2000), book("c", "Doe", 2001)]
    args = ("note", 'collapse="year-suffix" disambiguate-add-year-suffix="true" year-suffix-delimiter=","',
            'delimiter=";"', AUTHOR_YEAR + '<text variable="year-suffix"/>', items,
            [[{"id": "a"}, {"id": "b"}, {"id": "c"}]])
    assert cites(*args) == ["Doe 2000a,b;2001"]
    with citeproc_fixes.without("collapse"):
        assert cites(*args) == ["Doe 2000a;Doe 2000b;Doe 2001"]


TITLES = [book("a", "Doe"), book("b", "Roe"), book("c", "Poe")]


def test_straight_quotes_in_cite_affixes_print_typographic():
    clusters = [[{"id": "a", "prefix": "'quote', "}], [{"id": "a", "suffix": ' And "so it goes"'}],
                [{"id": "b", "prefix": "see O'Brien's "}]]
    args = ("note", "", 'delimiter="; "', '<text variable="title"/>', TITLES, clusters)
    assert cites(*args) == ["“quote”, Book a", "Book a And “so it goes”", "see O’Brien’s Book b"]
    with citeproc_fixes.without("affix-quotes"):
        assert cites(*args) == ["'quote', Book a", 'Book a And "so it goes"', "see O'Brien's Book b"]


def test_affixes_with_punctuation_take_the_delimiter_apart():
    clusters = [[{"id": "a"}, {"id": "b", "prefix": ", cited in "}],
                [{"id": "a", "suffix": " is one source,"}, {"id": "b", "suffix": " is another"}],
                [{"id": "a", "suffix": "."}, {"id": "b"}, {"id": "c", "prefix": "; "}]]
    args = ("note", "", 'delimiter="; "', '<text variable="title"/>', TITLES, clusters)
    assert cites(*args) == ["Book a, cited in Book b", "Book a is one source, Book b is another",
                            "Book a. Book b; Book c"]
    with citeproc_fixes.without("collapse"):
        assert cites(*args)[0] == "Book a; , cited in Book b"


def test_a_term_after_a_prefix_that_ends_a_sentence_is_capitalised():
    body = '<choose><if position="ibid"><text term="ibid"/></if><else><text variable="title"/></else></choose>'
    clusters = [[{"id": "a"}], [{"id": "a", "prefix": 'He said "Please work." '}], [{"id": "a", "prefix": "And then: "}],
                [{"id": "a", "prefix": "Wow! "}], [{"id": "b"}, {"id": "b", "prefix": "Then: "}],
                [{"id": "b", "prefix": "cf. "}], [{"id": "b", "prefix": "See this. "}],
                [{"id": "a"}, {"id": "a", "prefix": "And so. "}]]
    args = ("note", "", 'delimiter="; "', body, TITLES, clusters)
    expected = ["Book a", "He said “Please work.” Ibid.", "And then: Ibid.", "Wow! ibid.", "Book b; Then: ibid.",
                "cf. Book b", "See this. Ibid.", "Book a; And so. Ibid."]
    assert cites(*args) == expected
    with citeproc_fixes.without("collapse"):
        assert cites(*args) != expected


def test_cites_that_differ_only_in_the_accessed_date_get_year_suffixes():
    body = ('<group delimiter=" "><names variable="author"><name form="short"/></names><group><choose>'
            '<if variable="issued"><date variable="issued"><date-part name="year"/></date>'
            '<text variable="year-suffix"/></if><else><text term="no date" form="short"/>'
            '<text variable="year-suffix" prefix="-"/></else></choose></group></group>'
            '<date variable="accessed" prefix=" [" suffix="]"><date-part name="year"/></date>')
    items = [book("a", "Doe", accessed={"date-parts": [[2019, 6, 1]]}),
             book("b", "Doe", accessed={"date-parts": [[2020, 6, 1]]}),
             book("c", "Roe", 2001, accessed={"date-parts": [[2019]]}),
             book("d", "Roe", 2001, accessed={"date-parts": [[2020]]})]
    args = ("in-text", 'disambiguate-add-year-suffix="true"', PARENS, body, items,
            [[{"id": "a"}, {"id": "b"}], [{"id": "c"}, {"id": "d"}]])
    assert cites(*args) == ["(Doe n.d.-a [2019]; Doe n.d.-b [2020])", "(Roe 2001a [2019]; Roe 2001b [2020])"]
    with citeproc_fixes.without("ambiguity-without-accessed"):
        assert cites(*args) == ["(Doe n.d. [2019]; Doe n.d. [2020])", "(Roe 2001 [2019]; Roe 2001 [2020])"]


def test_straight_quotes_in_style_values_print_typographic():
    body = ('<group delimiter=" | "><text value="\'friend\'"/><text value="d\'accord"/>'
            '<text value="Hello &quot;friend&quot; there" quotes="true"/>'
            '<text value="l\'Homme" prefix="&#8220;" suffix="&#8221;"/><text value="\'"/><text value="&quot;"/></group>')
    args = ("note", "", "", body, TITLES, [[{"id": "a"}]])
    expected = ["“friend” | d’accord | “Hello ‘friend’ there” | “l’Homme” | ’ | \""]
    assert cites(*args) == expected
    with citeproc_fixes.without("value-quotes"):
        assert cites(*args) == ["'friend' | d'accord | “Hello \"friend\" there” | “l'Homme” | ' | \""]
