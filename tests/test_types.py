import pytest

from converter.adapters.publication_types import csl_type, split_types


@pytest.mark.parametrize("value, types", [
    ("Journal Article", ["Journal Article"]),
    ("Journal Article, Review", ["Journal Article", "Review"]),
    ("Journal Article,Review", ["Journal Article", "Review"]),
    ("Journal Article; Review", ["Journal Article", "Review"]),
    ("Research Support, N.I.H., Extramural", ["Research Support, N.I.H., Extramural"]),
    ("Journal Article, Research Support, Non-U.S. Gov't", ["Journal Article", "Research Support, Non-U.S. Gov't"]),
    ("Something, Unknown", ["Something, Unknown"]),
    ("", []),
])
def test_split_types(value, types):
    assert split_types(value) == types


def test_order_is_not_meaningful():
    assert csl_type(["Review", "JournalArticle"], container="J", venue_type=None, arxiv=False) == \
        csl_type(["JournalArticle", "Review"], container="J", venue_type=None, arxiv=False) == "article-journal"
    assert csl_type(["JournalArticle", "Book"], container=None, venue_type=None, arxiv=False) == "book"


@pytest.mark.parametrize("types", [["JournalArticle", "Book", "Conference"], ["Book", "Conference"],
                                   ["BookSection", "Conference"], ["Dataset", "Conference"]])
def test_conference_among_the_types_wins(types):
    assert csl_type(types, container="LNCS", venue_type=None, arxiv=True) == "paper-conference"


def s2_item(doi: str | None, **fields) -> dict:
    import json

    import converter
    record = {"paperId": "a" * 40, "title": "T", "journal": {"name": "ArXiv", "volume": "abs/2106.15515"},
              "externalIds": {"ArXiv": "2106.15515", **({"DOI": doi} if doi else {})},
              "publicationVenue": {"id": "x", "name": "Biological Journal of the Linnean Society", "type": "journal"},
              "publicationTypes": ["JournalArticle"], **fields}
    [item] = converter.read(json.dumps(record), warnings=[])
    return item


@pytest.mark.parametrize("doi, journal", [
    ("10.1093/biolinnean/blab001", True), ("10.1101/gr.123.456", True),  # publishers' DOIs (CSHL's Genome Res.)
    ("10.48550/arXiv.2106.15515", False), ("10.31234/OSF.IO/3ZBNJ", False), ("10.1101/2020.01.01.123456", False),
    ("10.21203/rs.3.rs-123/v1", False), (None, False),  # preprint servers' DOIs, or no DOI: still a preprint
])
def test_a_journal_paper_s2_lists_as_arxiv(doi, journal):
    item = s2_item(doi)
    if journal:
        assert (item["type"], item["container-title"], item["custom"]["arXiv"]) == \
            ("article-journal", "Biological Journal of the Linnean Society", "2106.15515")
        assert "publisher" not in item and "volume" not in item
    else:
        assert (item["type"], item["publisher"], item["number"]) == ("article", "arXiv", "2106.15515")
        assert "container-title" not in item


@pytest.mark.parametrize("types", [["Review"], ["JournalArticle"], ["CaseReport"], None])
def test_an_arxiv_paper_with_no_container_is_a_preprint(types):
    item = s2_item(None, journal=None, publicationVenue=None, venue="", publicationTypes=types)
    assert (item["type"], item["publisher"], item["number"]) == ("article", "arXiv", "2106.15515")
