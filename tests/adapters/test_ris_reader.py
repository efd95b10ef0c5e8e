"""The RIS reader's rules (converter/adapters/ris.py)."""
import pytest

import converter
from converter.adapters import ris
from converter.adapters.ris import TYPES


def read(text: str, warnings: list | None = None) -> list[dict]:
    return converter.read(text.encode(), "ris", warnings=[] if warnings is None else warnings, abbreviations=False)


def record(*lines: str) -> str:
    return "\n".join(["TY  - JOUR", *lines, "ER  - ", ""])


def test_every_type_of_the_ris_specification_has_a_csl_type():
    spec = """ABST ADVS AGGR ANCIENT ART BILL BLOG BOOK CASE CHAP CHART CLSWK COMP CONF CPAPER CTLG DATA DBASE DICT
    EBOOK ECHAP EDBOOK EJOUR ELEC ENCYC EQUA FIGURE GEN GOVDOC GRANT HEAR ICOMM INPR JFULL JOUR LEGAL MANSCPT MAP
    MGZN MPCT MULTI MUSIC NEWS PAMP PAT PCOMM RPRT SER SLIDE SOUND STAND STAT STD THES UNBILL UNPB VIDEO WEB"""
    assert set(spec.split()) <= TYPES.keys()


@pytest.mark.parametrize("ty, roles", [
    ("CHAP", {"editor": "A2", "collection-editor": "A3"}),
    ("CONF", {"editor": "A2", "collection-editor": "A3"}),
    ("BOOK", {"editor": "A3", "collection-editor": "A2"}),
])
def test_editors_by_type(ty, roles):
    [item] = read(f"TY  - {ty}\nTI  - T\nAU  - Au, A\nA2  - Two, B\nA3  - Three, C\nER  - \n")
    tags = {"A2": [{"family": "Two", "given": "B"}], "A3": [{"family": "Three", "given": "C"}]}
    assert {role: item[role] for role in roles} == {role: tags[tag] for role, tag in roles.items()}
    assert item["author"] == [{"family": "Au", "given": "A"}]


def test_ed_and_a1_and_suffixes():
    [item] = read(record("A1  - Smith, John, Jr.", "ED  - Lee, Ann", "T1  - T"))
    assert item["author"] == [{"family": "Smith", "given": "John", "suffix": "Jr."}]
    assert item["editor"] == [{"family": "Lee", "given": "Ann"}]


@pytest.mark.parametrize("lines, container, short", [
    (("T2  - Journal A", "J2  - J A"), "Journal A", "J A"),
    (("JF  - Journal B", "JA  - J B"), "Journal B", "J B"),
    (("JO  - Journal C",), "Journal C", None),
    (("BT  - Book D",), "Book D", None),
])
def test_container_tags(lines, container, short):
    [item] = read(record("TI  - T", *lines))
    assert item.get("container-title") == container and item.get("container-title-short") == short


@pytest.mark.parametrize("lines, issued", [
    (("PY  - 2019",), [2019]), (("PY  - 2019/07/09",), [2019, 7, 9]), (("Y1  - 2018///",), [2018]),
    (("DA  - 2021/05//", "PY  - 2021"), [2021, 5]), (("DA  - 2021/05/15/Spring",), [2021, 5, 15]),
    (("DA  - SEP", "PY  - 2019"), [2019, 9]), (("Y1  - 6-8 Oct. 2016",), [2016, 10]), (("PY  - 2020-03-01",), [2020, 3, 1]),
])
def test_dates(lines, issued):
    [item] = read(record("TI  - T", *lines))
    assert item["issued"] == {"date-parts": [issued]}


@pytest.mark.parametrize("lines, page", [
    (("SP  - 125", "EP  - 134"), "125-134"), (("SP  - 125", "EP  - 34"), "125-134"), (("SP  - 123-145",), "123-145"),
    (("SP  - e941209-1", "EP  - e941209-4"), "e941209-1 - e941209-4"), (("SP  - 42",), "42"),
])
def test_pages(lines, page):
    assert read(record("TI  - T", *lines))[0]["page"] == page


def test_serial_numbers_by_form_and_dois_wherever_they_are():
    [item] = read(record("TI  - T", "SN  - 1533-4406 (Electronic)", "SN  - 0028-4793; 978-3-16-148410-0",
                         "M3  - doi: 10.1000/xyz"))
    assert (item["ISSN"], item["ISBN"], item["DOI"]) == ("1533-4406, 0028-4793", "978-3-16-148410-0", "10.1000/xyz")
    [item] = read(record("TI  - T", "UR  - https://doi.org/10.1000/abc"))
    assert item["DOI"] == "10.1000/abc" and item["URL"] == "https://doi.org/10.1000/abc"


def test_text_tags():
    [item] = read(record("TI  - T", "AB  - Abstract", "N2  - Other", "PB  - Pub", "CY  - City", "KW  - a", "KW  - b; c",
                         "N1  - one", "N1  - two", "ET  - 2", "LA  - en", "VL  - 7", "IS  - 3", "AN  - 31234567",
                         "ID  - key1", "Y2  - 2024/06/01/"))
    assert item == {
        "id": "key1", "type": "article-journal", "title": "T", "publisher": "Pub", "publisher-place": "City",
        "volume": "7", "issue": "3", "PMID": "31234567", "abstract": "Abstract", "keyword": "a, b, c",
        "language": "en", "note": "one\ntwo", "edition": "2", "accessed": {"date-parts": [[2024, 6, 1]]}}


def test_unknown_and_unmapped_tags_are_named():
    warnings: list = []
    read(record("TI  - T", "ZZ  - ?", "AD  - Address", "AN  - WOS:0001"), warnings)
    assert sorted((w.code, w.message) for w in warnings) == [
        ("unknown-tag", "unknown RIS tag(s) ZZ; dropped"),
        ("unmapped-tag", "AN 'WOS:0001' is an accession number, not a PubMed id; dropped"),
        ("unmapped-tag", "no CSL place for tag(s) AD; dropped")]


def test_bom_crlf_continuation_lines_junk_and_a_missing_last_er():
    text = "\ufeff1.\r\nTY  - JOUR\r\nTI  - A title on\r\n   two lines\r\nER  - \r\nRecord 2\r\nTY  - BOOK\r\nTI  - B"
    records = list(ris.split(text))
    assert [place for place, _, _, _ in records] == ["line 2", "line 7"]
    assert [item["title"] for item in read(text)] == ["A title on two lines", "B"]


def test_a_missing_er_between_records_is_reported():
    warnings: list = []
    items = read("TY  - JOUR\nTI  - A\nTY  - JOUR\nTI  - B\nER  - \n", warnings)
    assert [item["title"] for item in items] == ["A", "B"]
    assert [(w.record, w.code) for w in warnings] == [("line 1", "missing-er")]


def test_the_id_tag_is_the_id_and_names_the_record():
    results = list(converter.iter_results(b"TY  - JOUR\nID  - smith2020\nTI  - T\nER  - \n"))
    assert results[0].item["id"] == "smith2020" and results[0].record == "line 1, ID smith2020"
