import pytest

from converter.text.volumes import arxiv_id_from_volume, split_volume_issue


@pytest.mark.parametrize("raw, parts", [
    ("38 2", ("38", "2")), ("92 5", ("92", "5")), ("38(2)", ("38", "2")), ("38 (Suppl 1)", ("38", "Suppl 1")),
    ("43 Suppl 1", ("43", "Suppl 1")), (" 4", (None, "4")), ("Suppl 1", (None, "Suppl 1")),
    ("PP ", (None, None)), ("PP", (None, None)), ("abs/2404.13957", (None, None)), ("", (None, None)),
    ("LIX", ("LIX", None)), ("38", ("38", None)), ("12 Pt 2", ("12", "Pt 2")),
])
def test_split_volume_issue(raw, parts):
    assert split_volume_issue(raw) == parts


def test_arxiv_id_from_volume():
    assert arxiv_id_from_volume("abs/2404.13957") == "2404.13957"
    assert arxiv_id_from_volume("38") is None
