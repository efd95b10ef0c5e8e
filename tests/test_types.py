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
