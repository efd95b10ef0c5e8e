"""The BibTeX/BibLaTeX reader's rules, entry by entry (converter/adapters/bibtex*.py)."""
import pytest

import converter
from converter.adapters import bibtex_library, sniff_text
from converter.adapters.bibtex_tables import TYPES
from converter.adapters.bibtex_values import date_value, page_range


def read(text: str, **kwargs) -> list[dict]:
    return converter.read(text.encode(), "bibtex", warnings=kwargs.pop("warnings", []), abbreviations=False,
                          **kwargs)


def fields(text: str) -> list[dict]:
    return [data["fields"] for _, data, _, _ in bibtex_library.split(text) if data]


def test_string_macros_concatenation_and_month_macros():
    text = '@string{ieee = "IEEE"}\n@string{conf = "Proc. " # ieee # " Conf."}\n' \
           '@inproceedings{k, booktitle = conf # { on Robots}, month = "1~" # jun, title = {T}}\n'
    assert fields(text) == [{"booktitle": "Proc. IEEE Conf. on Robots", "month": "1~June", "title": "T"}]


def test_macro_names_are_case_insensitive_and_undefined_ones_are_reported():
    warnings: list = []
    [item] = read('@string{JFoo = "Journal of Foo"}\n@article{k, journal = jfoo, publisher = nope, title = {T}}\n',
                  warnings=warnings)
    assert item["container-title"] == "Journal of Foo" and item["publisher"] == "nope"
    assert [w.code for w in warnings] == ["undefined-macro"]


def test_comments_and_preamble_are_skipped():
    text = '@comment{@article{hidden, title = {No}}}\n@preamble{"\\newcommand{\\x}{}"}\n' \
           '% @article{commented, title = {No}}\n@article{shown, title = {Yes}}\n'
    assert [item["id"] for item in read(text)] == ["shown"]


def test_crossref_biblatex_inheritance():
    text = "@proceedings{p, title = {Proc. of X}, subtitle = {Sub}, year = 2020, publisher = {ACM}, editor = {Ed, E.}}\n" \
           "@inproceedings{c, title = {Paper}, author = {Au, A.}, crossref = {p}}\n" \
           "@mvbook{mv, title = {Collected Works}, author = {Wolf, W.}}\n@book{b, title = {Volume One}, crossref = {mv}}\n" \
           "@periodical{per, title = {Journal of Y}, year = 2019}\n@article{a, title = {Art}, crossref = {per}}\n"
    items = {item["id"]: item for item in read(text)}
    assert items["c"]["container-title"] == "Proc. of X: Sub"
    assert items["c"]["title"] == "Paper" and items["c"]["publisher"] == "ACM" and items["c"]["editor"] == [
        {"family": "Ed", "given": "E."}]
    assert items["c"]["issued"] == {"date-parts": [[2020]]}
    assert items["b"]["title"] == "Volume One" and items["b"]["container-title"] == "Collected Works"
    assert items["a"]["container-title"] == "Journal of Y"


def test_xdata_fills_fields_and_is_no_item():
    text = "@xdata{pub, publisher = {P}, location = {L}}\n@book{b, title = {T}, xdata = {pub}}\n"
    warnings: list = []
    assert read(text, warnings=warnings) == [
        {"id": "b", "type": "book", "title": "T", "publisher": "P", "publisher-place": "L"}]
    assert [w.code for w in warnings] == ["not-an-item"]


@pytest.mark.parametrize("text, date", [
    ("2021-03-15", {"date-parts": [[2021, 3, 15]]}),
    ("2021-03", {"date-parts": [[2021, 3]]}),
    ("2001/2003", {"date-parts": [[2001], [2003]]}),
    ("2020-02/2020-03", {"date-parts": [[2020, 2], [2020, 3]]}),
    ("1990/", {"date-parts": [[1990]]}),
    ("1808~", {"date-parts": [[1808]], "circa": True}),
    ("1565?", {"date-parts": [[1565]]}),
    ("-0249", {"date-parts": [[-250]]}),
    ("2012-22", {"date-parts": [[2012]], "season": 2}),
    ("2021-02-30", {"literal": "2021-02-30"}),
    ("circa 1990", {"literal": "circa 1990"}),
])
def test_biblatex_dates(text, date):
    assert date_value(text) == date


@pytest.mark.parametrize("month, parts", [
    ("mar", [2020, 3]), ("{March}", [2020, 3]), ("3", [2020, 3]), ("Sept", [2020, 9]), ("sep.", [2020, 9]),
])
def test_year_and_month(month, parts):
    [item] = read(f"@article{{k, title = {{T}}, year = 2020, month = {month}}}")
    assert item["issued"] == {"date-parts": [parts]}


def test_urldate_is_accessed_and_date_wins_over_year():
    [item] = read("@online{k, title = {T}, date = {2020-05-01}, year = {1999}, urldate = {2021-01-02}}")
    assert item["issued"] == {"date-parts": [[2020, 5, 1]]} and item["accessed"] == {"date-parts": [[2021, 1, 2]]}


@pytest.mark.parametrize("pages, page", [
    ("89--102", "89-102"), ("89-102", "89-102"), ("e941209-1--e941209-4", "e941209-1 - e941209-4"),
    ("1--5, 7--9", "1-5, 7-9"), ("S14\\textendash S31", "S14-S31"), ("412:1--412:13", "412:1-412:13"), ("42", "42"),
])
def test_pages(pages, page):
    assert page_range(pages) == page


def test_every_standard_entry_type_has_a_csl_type():
    bibtex = {"article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
              "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"}
    biblatex = {"article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet", "collection",
                "mvcollection", "incollection", "suppcollection", "dataset", "manual", "misc", "online", "patent",
                "periodical", "suppperiodical", "proceedings", "mvproceedings", "inproceedings", "reference",
                "mvreference", "inreference", "report", "software", "thesis", "unpublished", "artwork", "audio",
                "image", "jurisdiction", "legal", "legislation", "letter", "movie", "music", "performance", "review",
                "standard", "video"}
    assert bibtex | biblatex <= TYPES.keys()


@pytest.mark.parametrize("entry, csl", [
    ("@misc{k, title = {T}, eprint = {2101.00001}, archiveprefix = {arXiv}, primaryclass = {cs.LG}}",
     {"type": "article", "publisher": "arXiv", "number": "2101.00001", "custom": {"arXiv": "2101.00001"}}),
    ("@article{k, title = {T}, journal = {arXiv preprint arXiv:2101.00001}}",
     {"type": "article", "publisher": "arXiv", "number": "2101.00001", "custom": {"arXiv": "2101.00001"}}),
    ("@article{k, title = {T}, journal = {CoRR}, volume = {abs/2101.00001}}",
     {"type": "article", "publisher": "arXiv", "number": "2101.00001", "custom": {"arXiv": "2101.00001"}}),
    ("@article{k, title = {T}, journaltitle = {Nature}, eprint = {2101.00001}, eprinttype = {arxiv}}",
     {"type": "article-journal", "container-title": "Nature", "custom": {"arXiv": "2101.00001"}}),
    ("@article{k, title = {T}, eprint = {123456}, eprinttype = {pubmed}, doi = {https://doi.org/10.1000/a%7Bb%7D}}",
     {"type": "article-journal", "DOI": "10.1000/a{b}", "PMID": "123456"}),
])
def test_identifiers_and_arxiv(entry, csl):
    [item] = read(entry)
    assert {key: item[key] for key in csl} == csl
    assert ("container-title" in item) == ("container-title" in csl)


def test_types_and_their_numbers():
    text = "@book{b, title = {B}, series = {S}, number = {12}}\n@book{c, title = {C}, number = {3}}\n" \
           "@techreport{r, title = {R}, number = {TR-7}, institution = {MIT}}\n" \
           "@phdthesis{t, title = {Th}, school = {ETH}}\n@mastersthesis{m, title = {M}, school = {KTH}}\n" \
           "@unpublished{u, title = {Talk}, eventtitle = {Conf}}\n"
    items = {item["id"]: item for item in read(text)}
    assert items["b"]["collection-number"] == "12" and items["c"]["issue"] == "3"
    assert items["r"]["number"] == "TR-7" and items["r"]["publisher"] == "MIT" and items["r"]["type"] == "report"
    assert (items["t"]["genre"], items["t"]["publisher"]) == ("PhD thesis", "ETH")
    assert items["m"]["genre"] == "Master's thesis"
    assert items["u"]["type"] == "speech" and items["u"]["event-title"] == "Conf"


def test_fields_without_a_csl_place_are_named_in_one_warning():
    warnings: list = []
    read("@article{k, title = {T}, timestamp = {x}, biburl = {y}, file = {z}}", warnings=warnings)
    assert [(w.code, w.message) for w in warnings] == [
        ("unmapped-field", "no CSL place for field(s) biburl, file, timestamp; dropped")]


def test_the_citation_key_is_the_id_unchanged():
    assert read("@article{Smith:2020:A/b.c, title = {T}}")[0]["id"] == "Smith:2020:A/b.c"


def test_a_duplicate_key_warns_and_gets_a_unique_id():
    warnings: list = []
    items = read("@article{k, title = {A}}\n@article{k, title = {B}}\n", warnings=warnings)
    assert [item["id"] for item in items] == ["k", "ka"]
    assert [(w.record, w.code) for w in warnings] == [("line 2, key k", "duplicate-key")]


def test_a_broken_entry_fails_alone():
    results = list(converter.iter_results(b"@article{a, title = {A}}\n@article{b title = {B}}\n@article{c, title = {C}}\n"))
    assert [r.item["id"] if r.item else (r.error.record, r.error.code) for r in results] == [
        "a", ("line 2, key b", "invalid-bibtex"), "c"]


@pytest.mark.parametrize("text, format", [
    ("@article{k, title = {T}}", "bibtex"), ("% comment\n\n  @Article{k, title = {T}}", "bibtex"),
    ("@article{k, journaltitle = {J}}", "biblatex"), ("@online{k, title = {T}}", "biblatex"),
    ("TY  - JOUR\nER  - \n", "ris"), ("Text\n@misc{k,}", "bibtex"), ("hello", None),
])
def test_sniffing(text, format):
    assert sniff_text(text) == format
