"""Paper identifiers: which strings are identifiers, how they are normalised, which are malformed."""
import pytest

from converter.errors import ConversionError
from converter.identifiers import looks_like_identifier, parse_identifier

SHA = "5c5751d45e298cea054f32b392c12c61027d2fe7"


@pytest.mark.parametrize("text, api_id", [
    ("10.3344/kjp.24393", "DOI:10.3344/kjp.24393"),
    ("doi:10.3344/kjp.24393", "DOI:10.3344/kjp.24393"),
    ("DOI: 10.1093/MIND/LIX.236.433", "DOI:10.1093/MIND/LIX.236.433"),
    ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0",
     "DOI:10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"),
    ("http://dx.doi.org/10.18653/v1/N18-3011", "DOI:10.18653/v1/N18-3011"),
    ("arXiv:2106.15928", "ARXIV:2106.15928"),
    ("arxiv:2106.15928v3", "ARXIV:2106.15928"),
    ("2106.15928", "ARXIV:2106.15928"),
    ("https://arxiv.org/abs/2106.15928v1", "ARXIV:2106.15928"),
    ("https://arxiv.org/pdf/2106.15928.pdf", "ARXIV:2106.15928"),
    ("arXiv:hep-th/9901001", "ARXIV:hep-th/9901001"),
    ("PMID:19872477", "PMID:19872477"),
    ("pmid: 19872477", "PMID:19872477"),
    ("https://pubmed.ncbi.nlm.nih.gov/19872477/", "PMID:19872477"),
    ("PMCID:PMC2323736", "PMCID:2323736"),
    ("PMCID:2323736", "PMCID:2323736"),
    ("PMC2323736", "PMCID:2323736"),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC2323736/", "PMCID:2323736"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2323736/", "PMCID:2323736"),
    ("CorpusId:215416146", "CorpusId:215416146"),
    ("CorpusID:215416146", "CorpusId:215416146"),
    ("https://api.semanticscholar.org/CorpusID:215416146", "CorpusId:215416146"),
    (SHA, SHA),
    (SHA.upper(), SHA),
    (f"https://www.semanticscholar.org/paper/Construction-of-the-Literature-Graph/{SHA}", SHA),
    (f"https://www.semanticscholar.org/paper/{SHA}", SHA),
    ("ACL:W12-3903", "ACL:W12-3903"),
    ("ACL:2020.acl-main.447", "ACL:2020.acl-main.447"),
    ("https://aclanthology.org/2020.acl-main.447.pdf", "ACL:2020.acl-main.447"),
    ("DBLP:conf/acl/LoWNKW20", "DBLP:conf/acl/LoWNKW20"),
    ("DBLP:journals/corr/abs-2404-13957", "ARXIV:2404.13957"),  # asked as the arXiv id the API documents
    ("MAG:3015453090", "MAG:3015453090"),
    ("  10.3344/kjp.24393  ", "DOI:10.3344/kjp.24393"),
])
def test_identifiers_are_normalised_to_the_api_form(text, api_id):
    assert looks_like_identifier(text)
    assert parse_identifier(text).api_id == api_id


@pytest.mark.parametrize("text, message", [
    ("PMID:12ab", "'PMID:12ab' is not a valid pmid identifier (expected digits)"),
    ("doi:10.12/x", "'doi:10.12/x' is not a valid doi identifier (expected 10.<registrant>/<suffix>)"),
    ("doi:", "'doi:' is not a valid doi identifier (expected 10.<registrant>/<suffix>)"),
    ("arXiv:21061.5928", "'arXiv:21061.5928' is not a valid arxiv identifier"),
    ("CorpusId:abc", "'CorpusId:abc' is not a valid corpusid identifier (expected digits)"),
    ("https://www.semanticscholar.org/search?q=x", "is not a valid s2 identifier"),
    ("DBLP:nonsense", "'DBLP:nonsense' is not a valid dblp identifier"),
])
def test_malformed_identifiers_are_clear_errors(text, message):
    assert looks_like_identifier(text)
    with pytest.raises(ConversionError) as caught:
        parse_identifier(text)
    assert message in caught.value.reason
    assert caught.value.code == "bad-identifier"


@pytest.mark.parametrize("text", ["paper.txt", "records/", "-", '{"paperId": "x"}', "papers.jsonl.gz",
                                  "https://example.org/paper/1", "10.5", "", "C:\\data\\x.json", "abc123"])
def test_file_names_and_other_strings_are_not_identifiers(text):
    assert not looks_like_identifier(text)


def test_a_non_identifier_names_the_accepted_forms():
    with pytest.raises(ConversionError, match="is not a paper identifier"):
        parse_identifier("paper.txt")


def test_the_cache_key_ignores_case_where_the_api_does():
    assert parse_identifier("10.1093/MIND/LIX.236.433").key == parse_identifier("doi:10.1093/mind/lix.236.433").key
    assert parse_identifier("arXiv:2106.15928v2").key == parse_identifier("https://arxiv.org/abs/2106.15928").key
    assert parse_identifier(SHA.upper()).key == parse_identifier(SHA).key
