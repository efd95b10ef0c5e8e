import pytest

from converter.text.doi import normalize_doi


@pytest.mark.parametrize("raw, doi", [
    ("10.3344/kjp.24393", "10.3344/kjp.24393"),
    ("https://doi.org/10.3344/kjp.24393", "10.3344/kjp.24393"),
    ("http://dx.doi.org/10.1002%2Fabc.123", "10.1002/abc.123"),
    ("doi:10.1000/xyz", "10.1000/xyz"),
    ("DOI: 10.1000/xyz", "10.1000/xyz"),
    (" 10.1000/ xyz \n", "10.1000/xyz"),
    ("10.1093/MIND/LIX.236.433", "10.1093/MIND/LIX.236.433"),
    ("10.48550/arXiv.2404.13957", "10.48550/arXiv.2404.13957"),
])
def test_normalize_doi(raw, doi):
    assert normalize_doi(raw) == doi


@pytest.mark.parametrize("raw", ["", "n/a", "https://example.org/paper", "11.1000/x", "10.1000"])
def test_not_a_doi(raw):
    assert normalize_doi(raw) is None
