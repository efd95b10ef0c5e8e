"""RIS for every fixture: the golden files, and every value read back by rispy and by bibutils.

The items are the fixtures' hand-written ``*.expected.json`` items (what the adapters produce), so these
tests exercise the writer alone. bibutils runs as ``ris2xml -i utf8 FILE | xml2bib -o utf8 -b -w -nb -nl``
(``-nl``: BibTeX without LaTeX escapes, so values compare as text).
"""
import json
import re
import subprocess
from pathlib import Path

import pytest
import rispy

import converter
from converter.text.markup import plain_title
from converter.text.pages import split_range
from converter.writers.ris import LIST_TAGS

ROOT = Path(__file__).parent.parent.parent
FIXTURES = ROOT / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "ris"
EXPECTED = sorted(FIXTURES.glob("*/*.expected.json"))
IDS = [f"{path.parent.name}/{path.name[: -len('.expected.json')]}" for path in EXPECTED]

# What the writer's type table gives for every CSL type found in the fixtures.
RIS_TYPES = {"article-journal": "JOUR", "paper-conference": "CONF", "article": "GEN", "book": "BOOK",
             "chapter": "CHAP", "dataset": "DATA"}
# Item fields RIS carries (read back below) and fields deliberately not written (docs/RIS.md).
WRITTEN = {"id", "type", "title", "author", "container-title", "container-title-short", "volume", "issue", "page",
           "issued", "DOI", "URL", "PMID", "ISSN", "abstract", "publisher", "number", "custom"}
NOT_WRITTEN = {"PMCID"}
WRITTEN_CUSTOM = {"openAccessPdf"}


def items_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["items"]


def golden_of(path: Path) -> Path:
    return GOLDEN / path.parent.name / (path.name[: -len(".expected.json")] + ".ris")


@pytest.mark.parametrize("path", EXPECTED, ids=IDS)
def test_golden(path):
    warnings = []
    text = converter.write(items_of(path), "ris", warnings=warnings)
    assert text == golden_of(path).read_bytes().decode("utf-8")
    assert warnings == []


@pytest.mark.parametrize("path", EXPECTED, ids=IDS)
def test_the_text_is_what_rispys_writer_makes_of_the_references(path):
    from converter.writers.ris_rispy import RispyWriter, to_references

    references = to_references(items_of(path))
    assert rispy.dumps(references, implementation=RispyWriter) == golden_of(path).read_bytes().decode("utf-8")


def test_one_golden_per_fixture():
    assert sorted(GOLDEN.glob("*/*.ris")) == sorted(golden_of(path) for path in EXPECTED)


# -- rispy: every value the item had comes back, field by field -------------------------------------


def name_back(line: str) -> dict:
    """``Family, Given[, Suffix]`` → a CSL name; no comma → a literal."""
    parts = line.split(", ")
    if len(parts) == 1:
        return {"literal": line}
    name = {"family": parts[0], "given": parts[1]}
    if len(parts) == 3:
        name["suffix"] = parts[2]
    return name


def page_back(first: str, last: str | None) -> str:
    if last is None:
        return first
    return f"{first} - {last}" if "-" in first + last else f"{first}-{last}"


def issued_back(record: dict) -> dict | None:
    if "date" not in record:
        return {"date-parts": [[int(record["year"])]]} if "year" in record else None
    year, month, day, _ = record["date"].split("/")
    assert record["year"] == year
    return {"date-parts": [[int(part) for part in (year, month, day) if part]]}


def item_back(record: dict) -> dict:
    """The CSL fields a RIS record holds, read back from what rispy parsed."""
    back = {"id": record["id"], "type": record["type_of_reference"]}
    if issued := issued_back(record):
        back["issued"] = issued
    fields = {"title": "title", "container-title": "secondary_title", "container-title-short": "alternate_title1",
              "volume": "volume", "issue": "number", "DOI": "doi", "abstract": "abstract", "publisher": "publisher",
              "number": "note", "PMID": "accession_number"}
    back.update({csl: record[key] for csl, key in fields.items() if key in record})
    if "authors" in record:
        back["author"] = [name_back(line) for line in record["authors"]]
    if "start_page" in record:
        back["page"] = page_back(record["start_page"], record.get("end_page"))
    if "urls" in record:
        [back["URL"]] = record["urls"]
    if "issn" in record:
        [back["ISSN"]] = record["issn"]
    if "file_attachments1" in record:
        back["custom"] = {"openAccessPdf": record["file_attachments1"]}
    return back


def name_expected(name: dict) -> dict:
    """A CSL name as RIS holds it: a particle is part of the family name. RIS has no literal form: a literal
    with a comma (``Kyriacos, Κυριάκος, Athanasiou, Αθανασίου``, not one person) reads back as
    ``Family, Given[, Suffix]`` (a gap of the RIS writer, reported with issue 14)."""
    if ", " in name.get("literal", ""):
        parts = name["literal"].split(", ")
        return {"family": parts[0], "given": parts[1], **({"suffix": parts[2]} if len(parts) == 3 else {})}
    if "non-dropping-particle" not in name:
        return name
    particle, rest = name["non-dropping-particle"], {key: value for key, value in name.items()
                                                    if key != "non-dropping-particle"}
    return {**rest, "family": f"{particle} {name['family']}"}


def item_expected(item: dict) -> dict:
    """The item as RIS represents it: particles in the family name, plain-text title, RIS type."""
    expected = {key: value for key, value in item.items() if key in WRITTEN}
    expected["type"] = RIS_TYPES[item["type"]]
    if "title" in item:
        expected["title"] = plain_title(item["title"])
    if "author" in item:
        expected["author"] = [name_expected(name) for name in item["author"]]
    custom = {key: value for key, value in item.get("custom", {}).items() if key in WRITTEN_CUSTOM}
    expected.pop("custom", None)
    if custom:
        expected["custom"] = custom
    return expected


@pytest.mark.parametrize("path", EXPECTED, ids=IDS)
def test_rispy_reads_every_value_back(path):
    items = items_of(path)
    records = rispy.loads(golden_of(path).read_text(encoding="utf-8"), list_tags=LIST_TAGS)
    assert len(records) == len(items)
    for item, record in zip(items, records):
        assert item.keys() <= WRITTEN | NOT_WRITTEN
        assert item_back(record) == item_expected(item)


# -- bibutils: ris2xml | xml2bib gives the same values ----------------------------------------------

needs_bibutils = pytest.mark.needs_tools("ris2xml", "xml2bib")
_ENTRY = re.compile(r"^@(\w+)\{([^,\n]*),\n", re.MULTILINE)
_FIELD = re.compile(r"\s*(\w+)\s*=\s*\{")
# A DOI bibutils 7.2 keeps: it drops one whose registrant code is not four digits (10.18653/…, 10.48550/…).
_BIBUTILS_DOI = re.compile(r"^10\.\d{4}/")


def bibutils(path: Path) -> str:
    xml = subprocess.run(["ris2xml", "-i", "utf8", str(path)], capture_output=True, check=True).stdout
    return subprocess.run(["xml2bib", "-o", "utf8", "-b", "-w", "-nb", "-nl"], input=xml, capture_output=True,
                          check=True).stdout.decode("utf-8")


def parse_bib(text: str) -> dict[str, dict[str, list[str]]]:
    """xml2bib's output as {key: {field: [values]}} (bibutils repeats ``url``)."""
    entries: dict[str, dict[str, list[str]]] = {}
    for entry in _ENTRY.finditer(text):
        fields: dict[str, list[str]] = {}
        position = entry.end()
        while field := _FIELD.match(text, position):
            depth, end = 1, field.end()
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            fields.setdefault(field.group(1).lower(), []).append(text[field.end(): end - 1])
            position = end + (text[end: end + 1] == ",")
        entries[entry.group(2)] = fields
    return entries


def words(text: str) -> list[str]:
    return sorted(re.findall(r"\w+", text))


def author_matches(name: dict, bib_name: str) -> bool:
    """bibutils inverts a literal as if it were a person (``Network, Nordic RSV Surveillance``), adds a
    period to a bare initial (``Sahar M.``) and moves a suffix (``Smith Jr., John,``): compare words."""
    if "literal" in name:
        return words(bib_name) == words(name["literal"])
    family = " ".join(filter(None, (name.get("non-dropping-particle"), name["family"])))
    expected = " ".join(filter(None, (family, name.get("given"), name.get("suffix"))))
    return bib_name.startswith(family) and words(bib_name) == words(expected)


@needs_bibutils
@pytest.mark.parametrize("path", EXPECTED, ids=IDS)
def test_bibutils_reads_every_value_back(path):
    items = items_of(path)
    entries = parse_bib(bibutils(golden_of(path)))
    assert list(entries) == [item["id"] for item in items]
    for item in items:
        bib = entries[item["id"]]
        one = {field: values[0] for field, values in bib.items()}
        assert one.get("title") == (plain_title(item["title"]) if "title" in item else None)
        authors = re.split(r"\s+and\s+", one["author"]) if "author" in one else []
        assert len(authors) == len(item.get("author", []))
        assert all(author_matches(name, text) for name, text in zip(item.get("author", []), authors))
        assert one.get("year") == (str(item["issued"]["date-parts"][0][0]) if "issued" in item else None)
        # bibutils puts a JOUR's T2 in `journal`, a CONF's or CHAP's in `series` (and their J2 in `booktitle`).
        containers = [one[field] for field in ("journal", "booktitle", "series") if field in one]
        assert ("container-title" not in item) or item["container-title"] in containers
        assert set(containers) <= {item.get("container-title"), item.get("container-title-short")}
        assert one.get("volume") == item.get("volume")
        assert one.get("number") == item.get("issue")
        first, last = split_range(item["page"]) if "page" in item else (None, None)
        assert one.get("pages") == (f"{first}--{last}" if last else first)
        if "DOI" in item and not _BIBUTILS_DOI.match(item["DOI"]):
            assert one.get("doi") in (item["DOI"], None)  # bibutils 7.2 drops it
        else:
            assert one.get("doi") == item.get("DOI")
        links = [link for link in (item.get("URL"), item.get("custom", {}).get("openAccessPdf")) if link]
        assert [url for url in bib.get("url", []) if not url.startswith("https://doi.org/")] == links
        assert one.get("abstract") == item.get("abstract")
