"""The RIS writer: the seed's exact record, the type and tag tables, names, dates, pages, line folding
(a value can never start a tag or a record), the BOM option and the command line."""
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rispy

import converter
from converter import ConversionError
from converter.writers.ris import LIST_TAGS

ROOT = Path(__file__).parent.parent.parent
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
SEED_ABSTRACT = (
    "Chronic pain is a universal problem that directly evolves the central nervous system, altering both "
    "its structure and function. This review discusses neuroplastic alterations in critical areas in the "
    "brain like the anterior cingulate cortex, insula, prefrontal cortex, primary (S1) and secondary (S2)"
    " somatosensory cortices, and thalamus. These regions exhibit gray matter decrease and changes in "
    "connectivity during chronic pain. Several cortical networks, mainly the central executive network, "
    "the default mode network, and the salience network exhibit neuroplasticity which reallocates "
    "cognitive and emotional resources to pain processing. Thus, it was reported that sensitivity to pain"
    " enhances emotional suffering, indicating that altered connectivity and functional reorganization of"
    " these networks support maladaptive pain processing and underpin chronic pain persistence. "
    "Neuroplasticity-focused treatments such as brain stimulation, neuro-feedback, and exercise-based "
    "therapies constitute potential interventions for preventing such negative changes. Further, "
    "innovative neuroimaging biomarkers are effective in demonstrating precise neural changes and in "
    "providing information about the diagnosis of chronic pain syndromes. This review highlights neuro-"
    "plastic changes in chronically painful patients and acknowledges the brain's plasticity as a target "
    "for chronic pain treatment. It, also, points to the diagnostic strategies and practical "
    "interventions that address these alterations."
)
SEED_RIS = f"""\
TY  - JOUR
AU  - Jaffal, Sahar M
TI  - Neuroplasticity in chronic pain: insights into diagnosis and treatment
T2  - Korean Journal of Pain
J2  - Korean J Pain
PY  - 2025
DA  - 2025/04/01/
VL  - 38
IS  - 2
SP  - 89
EP  - 102
DO  - 10.3344/kjp.24393
L1  - https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11965994/pdf/
AB  - {SEED_ABSTRACT}
ID  - jaffal2025neuroplasticity
ER  - 
"""


def ris(*items: dict, **options) -> str:
    return converter.write(list(items), "ris", warnings=[], **options)


def lines(item: dict) -> list[str]:
    """The lines of one record between TY and ER."""
    text = ris({"id": "x", **item})
    return text.splitlines()[1:-1]


def test_seed_gives_exactly_the_documented_record():
    assert ris(*converter.read(SEED, warnings=[])) == SEED_RIS


def test_seed_through_the_command_line():
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(SEED), "--to", "ris"], capture_output=True,
                         timeout=60)
    assert run.returncode == 0
    assert run.stdout == SEED_RIS.encode("utf-8")


@pytest.mark.parametrize(("csl_type", "ris_type"), [
    ("article-journal", "JOUR"), ("review", "JOUR"), ("article-magazine", "JOUR"), ("article-newspaper", "JOUR"),
    ("paper-conference", "CONF"), ("book", "BOOK"), ("chapter", "CHAP"), ("thesis", "THES"),
    ("dataset", "DATA"), ("webpage", "ELEC"), ("post-weblog", "ELEC"), ("report", "RPRT"),
    ("article", "GEN"), ("software", "GEN"), ("manuscript", "GEN"), ("no-such-type", "GEN"),
])
def test_type_table(csl_type, ris_type):
    assert ris({"id": "x", "type": csl_type}).splitlines()[0] == f"TY  - {ris_type}"


def test_arxiv_preprint_is_gen_with_publisher_and_number():
    item = {"type": "article", "title": "Sparse Routing", "publisher": "arXiv", "number": "2310.04821",
            "issued": {"date-parts": [[2023, 10, 7]]}}
    assert lines(item) == ["TI  - Sparse Routing", "PY  - 2023", "DA  - 2023/10/07/", "M1  - 2310.04821",
                           "PB  - arXiv", "ID  - x"]


def test_every_tag_in_order():
    item = {
        "type": "chapter", "title": "A <i>Drosophila</i> chapter", "container-title": "Handbook of Flies",
        "container-title-short": "Handb Flies", "collection-title": "Methods in Biology",
        "author": [{"family": "Smith", "given": "Ann"}], "editor": [{"family": "Jones", "given": "Bo"}],
        "issued": {"date-parts": [[2021, 3, 9]]}, "volume": 12, "issue": "3", "page": "113-130",
        "number": "7", "DOI": "https://doi.org/10.1234/ABC.5", "URL": "https://example.org/c",
        "custom": {"openAccessPdf": "https://example.org/c.pdf", "S2PaperId": "f" * 40},
        "abstract": "An abstract.", "keyword": "flies; genetics, wings", "ISSN": "1234-5678",
        "ISBN": "978-3-16-148410-0", "publisher": "Springer", "publisher-place": "Cham", "edition": "2",
        "language": "en", "note": "A note", "PMID": "123456", "PMCID": "PMC1",
    }
    assert lines(item) == [
        "AU  - Smith, Ann", "A2  - Jones, Bo", "TI  - A Drosophila chapter", "T2  - Handbook of Flies",
        "J2  - Handb Flies", "T3  - Methods in Biology", "PY  - 2021", "DA  - 2021/03/09/", "VL  - 12",
        "IS  - 3", "SP  - 113", "EP  - 130", "M1  - 7", "DO  - 10.1234/ABC.5", "UR  - https://example.org/c",
        "L1  - https://example.org/c.pdf", "AB  - An abstract.", "KW  - flies", "KW  - genetics", "KW  - wings",
        "SN  - 1234-5678", "SN  - 978-3-16-148410-0", "PB  - Springer", "CY  - Cham", "ET  - 2", "LA  - en",
        "N1  - A note", "AN  - 123456", "ID  - x",
    ]


def test_book_editors_go_to_a3():
    item = {"type": "book", "editor": [{"family": "Jones", "given": "Bo"}]}
    assert lines(item) == ["A3  - Jones, Bo", "ID  - x"]


@pytest.mark.parametrize(("name", "line"), [
    ({"family": "Jaffal", "given": "Sahar M"}, "AU  - Jaffal, Sahar M"),
    ({"family": "Smith", "given": "John", "suffix": "Jr."}, "AU  - Smith, John, Jr."),
    ({"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}, "AU  - van Beethoven, Ludwig"),
    ({"family": "Gogh", "given": "Vincent", "dropping-particle": "van"}, "AU  - van Gogh, Vincent"),
    ({"family": "欧阳", "given": "修文"}, "AU  - 欧阳, 修文"),
    ({"literal": "The ENCODE Consortium"}, "AU  - The ENCODE Consortium"),
    ({"family": "Mausam"}, "AU  - Mausam"),
    ({"given": "Surya"}, "AU  - Surya"),
])
def test_one_au_per_author(name, line):
    assert lines({"author": [name, {"family": "Lee", "given": "Ann"}]}) == [line, "AU  - Lee, Ann", "ID  - x"]


@pytest.mark.parametrize(("issued", "dates"), [
    ({"date-parts": [[2025, 4, 1]]}, ["PY  - 2025", "DA  - 2025/04/01/"]),
    ({"date-parts": [[2021, 9]]}, ["PY  - 2021", "DA  - 2021/09//"]),
    ({"date-parts": [[2017]]}, ["PY  - 2017"]),
    ({"date-parts": [["2019", "11", "5"]]}, ["PY  - 2019", "DA  - 2019/11/05/"]),
    ({"date-parts": [[2019, 21]]}, ["PY  - 2019"]),
    ({"date-parts": [[2019, 1, 5], [2019, 2, 1]]}, ["PY  - 2019", "DA  - 2019/01/05/"]),
    ({"date-parts": [[850]]}, ["PY  - 0850"]),
    ({"raw": "2020-05-17"}, ["PY  - 2020", "DA  - 2020/05/17/"]),
    ({"literal": "Spring 2020"}, []),
])
def test_py_and_da_with_only_the_known_parts(issued, dates):
    assert lines({"issued": issued}) == [*dates, "ID  - x"]


@pytest.mark.parametrize(("page", "pages"), [
    ("89-102", ["SP  - 89", "EP  - 102"]),
    ("e2335924", ["SP  - e2335924"]),
    ("e941209-1 - e941209-4", ["SP  - e941209-1", "EP  - e941209-4"]),
    ("286:1-286:12", ["SP  - 286:1", "EP  - 286:12"]),
    ("1255-1263.e12", ["SP  - 1255", "EP  - 1263.e12"]),
    ("S14-S31", ["SP  - S14", "EP  - S31"]),
    ("1-2-3", ["SP  - 1-2-3"]),
    ("123–145", ["SP  - 123–145"]),  # CSL-JSON input is taken as given; adapters normalise pages
])
def test_sp_and_ep_split_ranges(page, pages):
    assert lines({"page": page}) == [*pages, "ID  - x"]


def test_records_have_no_header_line_and_are_separated_by_a_blank_line():
    text = ris({"id": "a", "type": "book"}, {"id": "b", "type": "thesis"})
    assert text == "TY  - BOOK\nID  - a\nER  - \n\nTY  - THES\nID  - b\nER  - \n"
    assert ris() == ""


def test_a_long_abstract_stays_on_one_line():
    abstract = " ".join(["word"] * 2000)
    assert lines({"abstract": abstract}) == [f"AB  - {abstract}", "ID  - x"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1e"])
def test_a_line_break_can_never_start_a_tag_or_a_record(newline):
    title = f"Benign title{newline}ER  - {newline}TY  - JOUR{newline}TI  - Injected"
    warnings = []
    text = converter.write([{"id": "x", "type": "article-journal", "title": title}], "ris", warnings=warnings)
    assert text == "TY  - JOUR\nTI  - Benign title ER  - TY  - JOUR TI  - Injected\nID  - x\nER  - \n"
    [record] = rispy.loads(text, list_tags=LIST_TAGS)
    assert record["title"] == "Benign title ER  - TY  - JOUR TI  - Injected"
    assert [(warning.code, warning.record, warning.message) for warning in warnings] == [
        ("line-break", "x", "TI: line break folded into a space")]


@pytest.mark.needs_tools("ris2xml", "xml2bib")
def test_bibutils_reads_the_injected_title_as_one_record(tmp_path):
    path = tmp_path / "injected.ris"
    path.write_text(ris({"id": "x", "type": "article-journal", "title": "A\nER  - \nTY  - JOUR\nTI  - B",
                         "author": [{"family": "Lee\nER  - ", "given": "Ann"}]}), encoding="utf-8")
    xml = subprocess.run(["ris2xml", "-i", "utf8", str(path)], capture_output=True, check=True).stdout
    bib = subprocess.run(["xml2bib", "-o", "utf8", "-b", "-w", "-nb", "-nl"], input=xml, capture_output=True,
                         check=True).stdout.decode("utf-8")
    assert bib.count("@") == 1
    assert "title = \t{A ER  - TY  - JOUR TI  - B}" in bib


def test_control_characters_are_removed_and_lone_surrogates_replaced():
    warnings = []
    item = {"id": "x", "type": "book", "title": "Nul\x00 and bell\x07", "publisher": "Bad \ud800 half"}
    text = converter.write([item], "ris", warnings=warnings)
    assert text.splitlines()[1:3] == ["TI  - Nul and bell", "PB  - Bad \ufffd half"]
    text.encode("utf-8")
    assert [(warning.code, warning.message) for warning in warnings] == [
        ("control-character", "PB, TI: control character removed")]


def test_tabs_and_non_breaking_spaces_are_kept():
    assert lines({"title": "a\tb\u00a0c"}) == ["TI  - a\tb\u00a0c", "ID  - x"]


def test_bom_option():
    assert ris({"id": "x"}, bom=True) == "\ufeffTY  - GEN\nID  - x\nER  - \n"
    assert not ris({"id": "x"}).startswith("\ufeff")


def test_bom_from_the_command_line(tmp_path):
    out = tmp_path / "seed.ris"
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(SEED), "--to", "ris", "--bom", "-o", str(out)],
                         capture_output=True, timeout=60)
    assert run.returncode == 0
    assert out.read_bytes() == b"\xef\xbb\xbf" + SEED_RIS.encode("utf-8")


def test_an_option_the_ris_writer_does_not_take_is_a_usage_error():
    with pytest.raises(ConversionError, match="the ris writer does not take option\\(s\\) indent; it takes: bom"):
        converter.write([], "ris", indent=2)


TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")
NASTY = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x00", "\x1f", "\x7f", "\ud800",
         "ER  - ", "TY  - JOUR", "  ", "\t", "\u00a0", "é", "欧阳", ",", ";", "-", "–", "1", "a"]


def nasty_text(rng) -> str:
    return "".join(rng.choice(NASTY) for _ in range(rng.randint(0, 12)))


def nasty_item(rng, number: int) -> dict:
    item = {field: nasty_text(rng) for field in ("title", "container-title", "volume", "issue", "page", "DOI",
                                                  "URL", "abstract", "keyword", "publisher", "note", "ISSN")}
    item.update(id=f"id{number}", type=rng.choice(["article-journal", "book", "article", "chapter"]),
                author=[{"family": nasty_text(rng), "given": nasty_text(rng)}, {"literal": nasty_text(rng)}],
                editor=[{"family": nasty_text(rng)}], issued={"date-parts": [[rng.randint(-50, 3000)]]},
                custom={"openAccessPdf": nasty_text(rng)})
    return item


def test_any_text_gives_one_record_per_item_and_only_tag_lines():
    rng = random.Random(4)
    items = [nasty_item(rng, number) for number in range(300)]
    text = ris(*items)
    text.encode("utf-8")
    assert text.splitlines() == text.split("\n")[:-1]  # no other line separator anywhere
    assert all(line == "" or TAG_LINE.match(line) for line in text.splitlines())
    assert sum(line.startswith("TY  - ") for line in text.splitlines()) == len(items)
    assert text.count("\nER  - \n") == len(items)
    assert [record["id"] for record in rispy.loads(text, list_tags=LIST_TAGS)] == [item["id"] for item in items]
