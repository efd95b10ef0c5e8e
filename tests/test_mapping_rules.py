"""One test per mapping rule of FORMATS.md section 5 (record -> CSL-JSON item), across the adapters."""
import json

import pytest

import converter


def s2(**fields) -> dict:
    """One Graph API record through the s2 adapter; returns (item, warning codes)."""
    record = {"paperId": "0" * 40, "title": "A title", **fields}
    warnings: list = []
    [item] = converter.read(json.dumps(record), warnings=warnings)
    return item, [warning.code for warning in warnings]


def booksci(fields: dict, trailer: str = "English title\nAbstract text.\n期刊介绍:\n") -> tuple[dict, list]:
    inner = json.dumps({"title": "English title", "resultStr": None})
    record = {"title": "中文标题。", "authors": "Ann Lee", "PeriodicalId": 1, "resultStr": inner, **fields}
    warnings: list = []
    [item] = converter.read(json.dumps(record, ensure_ascii=False) + "\n" + trailer, warnings=warnings)
    return item, [warning.code for warning in warnings]


# -- type ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("types, expected", [
    (["Book"], "book"), (["BookSection"], "chapter"), (["Dataset"], "dataset"),
    (["JournalArticle", "Book"], "book"),
    (["Conference"], "paper-conference"), (["JournalArticle", "Conference"], "paper-conference"),
    (["Review"], "article-journal"), (["Review", "JournalArticle"], "article-journal"),
    (["Editorial"], "article-journal"), (["LettersAndComments"], "article-journal"),
    (["CaseReport"], "article-journal"), (["ClinicalTrial"], "article-journal"),
    (["MetaAnalysis"], "article-journal"), (["Study"], "article-journal"),
])
def test_type_from_publication_types(types, expected):
    item, _ = s2(publicationTypes=types, journal={"name": "Mind"})
    assert item["type"] == expected


def test_review_is_never_csl_review():
    item, _ = s2(publicationTypes=["Review"])
    assert item["type"] == "article-journal"


def test_conference_venue_type_makes_a_conference_paper():
    item, _ = s2(publicationTypes=None, publicationVenue={"id": "x", "name": "AAAI", "type": "conference"})
    assert item["type"] == "paper-conference"
    assert item["container-title"] == "AAAI"


def test_arxiv_preprint_is_an_article_with_publisher_and_number():
    item, _ = s2(publicationTypes=["JournalArticle"], venue="arXiv.org",
                 journal={"name": "ArXiv", "volume": "abs/2404.13957"},
                 externalIds={"ArXiv": "2404.13957", "DOI": "10.48550/arXiv.2404.13957"})
    assert item["type"] == "article"
    assert item["publisher"] == "arXiv"
    assert item["number"] == "2404.13957"
    assert "volume" not in item and "container-title" not in item


def test_arxiv_id_from_the_volume_when_external_ids_lack_it():
    item, _ = s2(journal={"name": "ArXiv", "volume": "abs/1706.03762"})
    assert item["number"] == "1706.03762"


def test_arxiv_paper_with_a_conference_signal_is_a_conference_paper():
    item, _ = s2(publicationTypes=["JournalArticle", "Conference"], venue="Neural Information Processing Systems",
                 journal={"name": "ArXiv", "volume": "abs/1706.03762"}, externalIds={"ArXiv": "1706.03762"})
    assert item["type"] == "paper-conference"
    assert item["container-title"] == "Neural Information Processing Systems"
    assert "volume" not in item and "publisher" not in item
    assert item["custom"]["arXiv"] == "1706.03762"


def test_pubmed_types_map_to_journal_articles():
    item, _ = booksci({"publicationTypes": "Randomized Controlled Trial", "journal": {"name": "Pain"}})
    assert item["type"] == "article-journal"


@pytest.mark.parametrize("types", ["Journal Article, Review", "Journal Article,Review", "Journal Article; Review",
                                   ["JournalArticle", "Review"],
                                   "Research Support, N.I.H., Extramural, Journal Article"])
def test_booksci_multi_type_forms_are_accepted(types):
    item, warnings = booksci({"publicationTypes": types, "journal": {"name": "Pain"}})
    assert item["type"] == "article-journal"
    assert warnings == []


def test_no_types_with_a_journal_is_a_journal_article_and_nothing_is_an_article():
    assert s2(publicationTypes=None, journal={"name": "Mind"})[0]["type"] == "article-journal"
    assert s2(publicationTypes=None)[0]["type"] == "article"


# -- title -----------------------------------------------------------------------------------------
def test_title_english_from_resultstr_never_the_chinese_translation():
    inner = json.dumps({"title": "Pain and the brain.", "resultStr": None})
    item, warnings = booksci({"resultStr": inner})
    assert item["title"] == "Pain and the brain"
    assert "title-from-trailer" not in warnings


def test_title_from_the_trailer_when_resultstr_is_null():
    item, warnings = booksci({"resultStr": None}, "Trailer title.\nAbstract.\n期刊介绍:\n")
    assert item["title"] == "Trailer title"
    assert warnings == ["title-from-trailer"]


def test_title_from_the_trailer_when_resultstr_is_malformed():
    item, warnings = booksci({"resultStr": "{not json"}, "Trailer title\n\n期刊介绍:\n")
    assert item["title"] == "Trailer title"
    assert warnings == ["title-from-trailer"]


def test_chinese_outer_title_is_never_used():
    item, warnings = booksci({"resultStr": None}, "")
    assert "title" not in item
    assert warnings == ["no-title"]


@pytest.mark.parametrize("raw, title", [
    ("Computing Machinery and Intelligence.", "Computing Machinery and Intelligence"),
    ("Why?", "Why?"), ("ALL CAPS TITLE", "ALL CAPS TITLE"), ("Tom &amp; Jerry", "Tom & Jerry"),
    ("<i>E. coli</i> growth", "<i>E. coli</i> growth"), (r"$\alpha$-synuclein", "α-synuclein"),
    ("Costs $5", "Costs $5"),
])
def test_title_rules(raw, title):
    assert s2(title=raw)[0]["title"] == title


# -- author ----------------------------------------------------------------------------------------
def test_authors_from_display_names():
    item, _ = s2(authors=[{"authorId": "1", "name": "A. Turing"}, {"authorId": None, "name": "The ENCODE Consortium"},
                          {"authorId": "2", "name": "Ludwig van Beethoven"}, {"authorId": "3", "name": "Brooks, Fred"}])
    assert item["author"] == [{"family": "Turing", "given": "A."}, {"literal": "The ENCODE Consortium"},
                              {"family": "van Beethoven", "given": "Ludwig"}, {"family": "Brooks", "given": "Fred"}]


def test_empty_author_strings_give_no_author_key():
    assert "author" not in booksci({"authors": ""})[0]
    assert "author" not in s2(authors=[])[0]
    assert "author" not in s2(authors=None)[0]
    assert "author" not in s2(authors=[{"authorId": "1", "name": ""}])[0]


def test_booksci_nbsp_separator():
    item, _ = booksci({"authors": "Bin Li,&nbsp;Shubham Gupta,&nbsp;Emmanuel Müller"})
    assert [a["family"] for a in item["author"]] == ["Li", "Gupta", "Müller"]


# -- container-title -------------------------------------------------------------------------------
def test_container_is_the_journal_name_when_it_is_a_real_container():
    item, _ = s2(venue="The Philosophy of Artificial Intelligence", journal={"name": "Mind"})
    assert item["container-title"] == "Mind"


def test_container_falls_back_to_venue_then_publication_venue():
    assert s2(venue="AAAI Conference", journal={"pages": "1-2"})[0]["container-title"] == "AAAI Conference"
    item, _ = s2(venue="", publicationVenue={"id": "x", "name": "Nature"}, journal=None)
    assert item["container-title"] == "Nature"


def test_booksci_periodical_name_with_better_capitals():
    item, _ = booksci({"journal": {"name": "IEEE transactions on biomedical circuits and systems"},
                       "PeriodicalName": "IEEE Transactions on Biomedical Circuits and Systems"})
    assert item["container-title"] == "IEEE Transactions on Biomedical Circuits and Systems"


# -- volume / issue / page -------------------------------------------------------------------------
@pytest.mark.parametrize("volume, expected", [
    ("38 2", {"volume": "38", "issue": "2"}), ("38(2)", {"volume": "38", "issue": "2"}),
    ("43 Suppl 1", {"volume": "43", "issue": "Suppl 1"}), (" 4", {"issue": "4"}), ("Suppl 1", {"issue": "Suppl 1"}),
    ("PP ", {}), ("LIX", {"volume": "LIX"}),
])
def test_volume_and_issue(volume, expected):
    item, _ = booksci({"journal": {"name": "J", "volume": volume, "pages": ""}})
    assert {key: item[key] for key in ("volume", "issue") if key in item} == expected


@pytest.mark.parametrize("pages, expected", [
    ("436 - 444", "436-444"), ("\n   487-488\n  ", "487-488"), ("1130-8", "1130-1138"), ("1194-217", "1194-1217"),
    ("20 - 8", "20-28"), ("96-96", "96"), ("e2335924", "e2335924"), ("S14-S31", "S14-S31"),
    ("1255-1263.e12", "1255-1263.e12"),
])
def test_pages(pages, expected):
    assert s2(journal={"name": "J", "pages": pages})[0]["page"] == expected


def test_reversed_pages_are_kept_with_a_warning():
    item, warnings = s2(journal={"name": "J", "pages": "199-5"})
    assert item["page"] == "199-195"
    assert warnings == ["page-order"]


# -- DOI, URL, issued, ids, abstract ----------------------------------------------------------------
@pytest.mark.parametrize("doi", ["10.1093/MIND/LIX.236.433", "https://doi.org/10.1093/MIND/LIX.236.433",
                                 "doi:10.1093/MIND/LIX.236.433", " 10.1093/MIND/LIX.236.433\n"])
def test_doi_is_bare_and_keeps_its_case(doi):
    assert s2(externalIds={"DOI": doi})[0]["DOI"] == "10.1093/MIND/LIX.236.433"


def test_booksci_doi_from_doiurl_when_doi_is_missing():
    assert booksci({"doi": None, "DOIUrl": "10.1016/j.x.2020.1"})[0]["DOI"] == "10.1016/j.x.2020.1"
    assert booksci({"doi": None, "DOIUrl": "https://doi.org/10.1/abc"})[0].get("DOI") is None


def test_bad_doi_is_dropped_with_a_warning():
    item, warnings = s2(externalIds={"DOI": "not-a-doi"})
    assert "DOI" not in item and warnings == ["bad-doi"]


def test_url_is_the_landing_page_never_a_pdf():
    item, _ = s2(url="https://www.semanticscholar.org/paper/" + "0" * 40,
                 openAccessPdf={"url": "https://example.org/paper.pdf", "status": "GREEN"})
    assert item["URL"] == "https://www.semanticscholar.org/paper/" + "0" * 40
    assert item["custom"]["openAccessPdf"] == "https://example.org/paper.pdf"
    assert "URL" not in booksci({"openAccessPdf": "https://example.org/a.pdf"})[0]


@pytest.mark.parametrize("fields, issued", [
    ({"publicationDate": "2024-04-22", "year": 2024}, [2024, 4, 22]),
    ({"publicationDate": None, "year": 1937}, [1937]),
    ({"publicationDate": "2024-04"}, [2024, 4]),
])
def test_issued(fields, issued):
    assert s2(**fields)[0]["issued"] == {"date-parts": [issued]}


def test_issued_absent_without_any_date():
    assert "issued" not in s2(publicationDate=None, year=None)[0]


def test_year_disagreeing_with_the_date_warns_and_the_date_wins():
    item, warnings = s2(publicationDate="2024-04-29", year=1997)
    assert item["issued"] == {"date-parts": [[2024, 4, 29]]}
    assert warnings == ["year-mismatch"]


def test_booksci_epubdate_when_publication_date_is_empty():
    assert booksci({"publicationDate": "", "EPubDate": "2023-11-05"})[0]["issued"] == {"date-parts": [[2023, 11, 5]]}


def test_pmid_pmcid_issn():
    item, _ = s2(externalIds={"PubMed": "123", "PubMedCentral": "7121658"},
                 publicationVenue={"id": "x", "name": "Mind", "issn": "0026-4423"})
    assert (item["PMID"], item["PMCID"], item["ISSN"]) == ("123", "PMC7121658", "0026-4423")
    assert booksci({"PMCID": "PMC11965994"})[0]["PMCID"] == "PMC11965994"


def test_abstract_is_plain_text_and_tldr_is_never_used():
    item, _ = s2(abstract="<jats:p>Block one.</jats:p><jats:p>H<sub>2</sub>O.</jats:p>",
                 tldr={"model": "tldr@v2.0.0", "text": "Summary."})
    assert item["abstract"] == "Block one. H2O."
    assert "abstract" not in s2(abstract=None, tldr={"model": "m", "text": "Summary."})[0]
    assert "abstract" not in s2(abstract="  ")[0]


def test_booksci_abstract_from_json_else_the_trailer():
    assert booksci({"abstract": "<p><p>From JSON.</p>"})[0]["abstract"] == "From JSON."
    assert booksci({"abstract": ""}, "T\nFrom trailer.\n期刊介绍:\n")[0]["abstract"] == "From trailer."


# -- entities in every field (issue 14) -----------------------------------------------------------------
def test_entities_are_decoded_in_every_field_before_abbreviations_and_ids():
    item, codes = s2(title="Mixing &amp; Matching", venue="Random Struct. &amp; Algorithms",
                     journal={"name": "Random Structures &amp; Algorithms", "volume": "55&#160;", "pages": "301&ndash;330"},
                     publicationVenue={"id": "x", "name": "Random Structures &amp; Algorithms", "type": "journal"},
                     authors=[{"authorId": "1", "name": "Ren&eacute;e O&#39;Brien"}],
                     externalIds={"DOI": "10.1002/rsa.20870"}, year=2019)
    assert item["title"] == "Mixing & Matching"
    assert item["container-title"] == "Random Structures & Algorithms"
    assert item["container-title-short"] == "Random Struct Algorithms"  # not "Random Struct Amp"
    assert (item["volume"], item["page"]) == ("55", "301-330")
    assert item["author"] == [{"family": "O'Brien", "given": "Renée"}]
    assert item["id"] == "obrien2019mixing"
    assert "wrong-type" not in codes
