"""BibTeX and BibLaTeX for every fixture: the golden files, the warnings, and every value read back.

The items are the fixtures' hand-written ``*.expected.json`` items (what the adapters produce), so these tests
exercise the writers alone. The round trip parses our .bib with bibtexparser (its default parse stack, and
its name splitting), decodes the LaTeX with pylatexenc's decoder, and compares each field with the item.
"""
import json
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

import converter
from converter.text.markup import plain_title
from converter.text.pages import split_range

ROOT = Path(__file__).parent.parent.parent
FIXTURES = ROOT / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "bibtex"
EXPECTED = sorted(FIXTURES.glob("*/*.expected.json"))
DIALECTS = ("bibtex", "biblatex")
CASES = [(dialect, path) for dialect in DIALECTS for path in EXPECTED]
IDS = [f"{dialect}:{path.parent.name}/{path.name[: -len('.expected.json')]}" for dialect, path in CASES]

# (fixture, item id, code) of every warning; the BibLaTeX dialect gives none for the fixtures.
WARNINGS = {
    "booksci/empty_authors_no_abstract": [("anon2024editorial", "bibtex-type")],
    "booksci/gb18030_encoded": [("liu2024association", "latex-unencodable")],
    "booksci/han_authors_compound_surname": [("ouyang2024trends", "latex-unencodable")],
    "s2/batch_with_nulls": [("weiss2020statistical", "bibtex-type"), ("fischer2021circadian", "bibtex-type")],
    "s2/papers_paged": [("ouyang2023hierarchical", "latex-unencodable"), ("brandt2018", "bibtex-type")],
    "s2/names_initials_han_organisations": [("xishan2015jisuanjihexueniokeru", "latex-unencodable"),
                                            ("zhongguojibingyufang2018zhongguochengrenmanx", "latex-unencodable"),
                                            ("bianxiezu2017clinical", "latex-unencodable")],
    "s2/references_page_cited_paper": [("sutton1998reinforcement", "bibtex-type")],
    "s2-dataset/empty_string_journal": [("wang2021dang", "latex-unencodable")],
}


def name_of(path: Path) -> str:
    return f"{path.parent.name}/{path.name[: -len('.expected.json')]}"


def items_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["items"]


def golden_of(dialect: str, path: Path) -> Path:
    return GOLDEN / dialect / path.parent.name / (path.name[: -len(".expected.json")] + ".bib")


@pytest.mark.parametrize("dialect, path", CASES, ids=IDS)
def test_golden(dialect, path):
    warnings = []
    text = converter.write(items_of(path), dialect, warnings=warnings)
    assert text == golden_of(dialect, path).read_bytes().decode("utf-8")
    expected = WARNINGS.get(name_of(path), []) if dialect == "bibtex" else []
    assert [(warning.record, warning.code) for warning in warnings] == expected


def test_every_fixture_has_goldens_and_no_golden_is_stale():
    assert sorted(GOLDEN.glob("*/*/*.bib")) == sorted(golden_of(dialect, path) for dialect, path in CASES)


def test_the_bibtex_goldens_are_ascii_but_for_the_characters_warned_about():
    for path in EXPECTED:
        text = golden_of("bibtex", path).read_text(encoding="utf-8")
        assert text.isascii() == (not any(code == "latex-unencodable" for _, code in WARNINGS.get(name_of(path), [])))


# -- the round trip -------------------------------------------------------------------------------------


def _decoder() -> LatexNodes2Text:
    """pylatexenc's LaTeX-to-text, taught the text macros it does not know (or reads as a modifier letter)."""
    context = get_default_latex_context_db()
    context.add_context_category("citeconv-escapes", prepend=True, macros=[
        MacroTextSpec(name, text) for name, text in (
            ("textbraceleft", "{"), ("textbraceright", "}"), ("textless", "<"), ("textgreater", ">"),
            ("textbar", "|"), ("textasciicircum", "^"))])
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=True)


DECODER = _decoder()
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
CONTAINERS = ("journal", "journaltitle", "booktitle", "howpublished")
PUBLISHERS = ("publisher", "school", "institution")


def decoded(value: str) -> str:
    return " ".join(DECODER.latex_to_text(value).split())


def name_back(parts) -> dict:
    """A parsed BibTeX name as a CSL name: a braced one-token name is a literal."""
    if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 and parts.last[0][:1] == "{":
        return {"literal": decoded(parts.last[0])}
    name = {"family": decoded(" ".join(parts.von + parts.last))}
    if parts.first:
        name["given"] = decoded(" ".join(parts.first))
    if parts.jr:
        name["suffix"] = decoded(" ".join(parts.jr))
    return name


# Characters pdfLaTeX cannot set from UTF-8, which both dialects write in a form it can: Greek letters
# that look like Latin ones as those (pylatexenc's table), primes as apostrophes, Roman numerals in ASCII;
# and ℏ, which pylatexenc's decoder reads back from \hbar as ħ.
LOOKALIKES = str.maketrans({**dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοό", "ABEZHIKMNOPTYXoó")), "′": "'", "ʹ": "'", "″": "”",
                            "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "ℏ": "ħ"})


def name_expected(name: dict) -> dict:
    """A CSL name as BibTeX holds it: particles in the family name, a Han name as one literal (欧阳晓峰)."""
    if "literal" in name:
        return {"literal": name["literal"].translate(LOOKALIKES)}
    if not name["family"].isascii() and not name.get("given", "a").isascii() and name["family"][:1] > "\u2e80":
        return {"literal": name["family"] + name["given"]}
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name["family"])))
    return {"family": family, **{key: name[key] for key in ("given", "suffix") if key in name}}


# Fields the writers may use beyond those entry_back reads: an anonymous work's sort key and the markers.
MARKERS = {"key", "month", "archiveprefix", "eprinttype"}


def entry_back(entry, dialect: str) -> dict:
    """The CSL values a parsed entry holds."""
    fields = {field.key: field.value for field in entry.fields}
    read = {"author", "editor", "title", *CONTAINERS, "volume", "number", "issue", "abstract", "issn", "pmid",
            "pmcid", "shortjournal", *PUBLISHERS, "pages", "year", "date", "doi", "url", "eprint"}
    assert set(fields) <= read | MARKERS, f"{entry.key}: fields nobody reads back: {set(fields) - read - MARKERS}"
    back = {"id": entry.key}
    for name in ("author", "editor"):
        if name in fields:
            back[name] = [name_back(parts) for parts in fields[name]]
    if "title" in fields:
        back["title"] = decoded(fields["title"])
    containers = [decoded(fields[name]) for name in CONTAINERS if name in fields]
    if containers and not fields.get("howpublished", "").startswith("arXiv:"):
        [back["container-title"]] = containers
    for field, csl in (("volume", "volume"), ("number", "issue"), ("issue", "issue"), ("abstract", "abstract"),
                       ("issn", "ISSN"), ("pmid", "PMID"), ("pmcid", "PMCID"),
                       ("shortjournal", "container-title-short")):
        if field in fields:
            back[csl] = decoded(fields[field])
    publishers = [decoded(fields[name]) for name in PUBLISHERS if name in fields]
    if publishers:
        [back["publisher"]] = publishers
    if "pages" in fields:
        back["page"] = tuple(fields["pages"].split("--"))
    if dialect == "bibtex":  # an undated entry has year n.d.
        back["issued"] = [] if fields["year"] == "n.d." else \
            [int(fields["year"])] + ([MONTHS.index(fields["month"]) + 1] if "month" in fields else [])
    else:
        back["issued"] = [int(part) for part in fields["date"].split("-")] if "date" in fields else []
    for field, csl in (("doi", "DOI"), ("url", "URL"), ("eprint", "arXiv")):
        if field in fields:
            back[csl] = fields[field]
    return back


def item_expected(item: dict, dialect: str) -> dict:
    """What of the item the .bib holds: every field the writers write (docs/BIBTEX.md), in plain text."""
    expected = {"id": item["id"]}
    for name in ("author", "editor"):
        if item.get(name):
            expected[name] = [name_expected(person) for person in item[name]]
    if "title" in item:
        expected["title"] = plain_title(item["title"]).translate(LOOKALIKES)
    for csl in ("container-title", "volume", "issue", "abstract", "ISSN", "PMID", "PMCID", "DOI", "URL"):
        if csl in item:
            expected[csl] = item[csl]
    if dialect == "biblatex" and "container-title-short" in item and item["type"] == "article-journal":
        expected["container-title-short"] = item["container-title-short"]
    if item.get("publisher") and item["publisher"] != "arXiv":
        expected["publisher"] = item["publisher"]
    if "page" in item:
        expected["page"] = tuple(part for part in split_range(item["page"]) if part)
    parts = item["issued"]["date-parts"][0] if "issued" in item else []
    expected["issued"] = parts[:2] if dialect == "bibtex" else parts
    if "arXiv" in item.get("custom", {}):
        expected["arXiv"] = item["custom"]["arXiv"]
    return expected


@pytest.mark.parametrize("dialect, path", CASES, ids=IDS)
def test_bibtexparser_reads_every_value_back(dialect, path):
    library = bibtexparser.parse_string(golden_of(dialect, path).read_text(encoding="utf-8"),
                                        append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    items = items_of(path)
    assert library.failed_blocks == [] and len(library.entries) == len(items)
    for item, entry in zip(items, library.entries):
        assert entry_back(entry, dialect) == item_expected(item, dialect)


# -- the layout is bibtexparser's -----------------------------------------------------------------------


@pytest.mark.parametrize("dialect, path", CASES, ids=IDS)
def test_the_text_is_what_bibtexparsers_writer_makes_of_the_library(dialect, path):
    from converter.writers.bibtex import (
        BIBTEXPARSER_ENCLOSING,
        BIBTEXPARSER_LAYOUT,
        to_library,
    )

    library = to_library(items_of(path), dialect)
    written = bibtexparser.write_string(library, unparse_stack=[BIBTEXPARSER_ENCLOSING],
                                        bibtex_format=BIBTEXPARSER_LAYOUT)
    assert written == golden_of(dialect, path).read_bytes().decode("utf-8")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_entry_without_fields_is_laid_out_as_bibtexparser_lays_it_out(dialect):
    from converter.writers.bibtex import (
        BIBTEXPARSER_ENCLOSING,
        BIBTEXPARSER_LAYOUT,
        to_library,
    )

    items = [{"id": "x", "type": "dataset"}, {"id": "y", "type": "book", "title": "T"}]
    written = bibtexparser.write_string(to_library(items, dialect), unparse_stack=[BIBTEXPARSER_ENCLOSING],
                                        bibtex_format=BIBTEXPARSER_LAYOUT)
    assert converter.write(items, dialect, warnings=[]) == written
    assert written.startswith({"bibtex": "@misc{x,\n  year = {n.d.},\n  key = {x}\n}\n",
                               "biblatex": "@dataset{x,\n}\n"}[dialect])
