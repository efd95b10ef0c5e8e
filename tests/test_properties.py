"""Property-based tests: records with arbitrary Unicode, wrong types, missing and extra keys, empty and
huge values go through every adapter and every writer; the only outcomes are output, warnings, or
ConversionError (never another exception)."""
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import converter
from converter import ConversionError
from converter.writers import WRITERS

STYLED = ("apa", "vancouver")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=40), st.text(alphabet="<>&;$\\{}%#_^~ \n\t\u00a0-–,.", max_size=40))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
names = st.one_of(st.text(max_size=30), st.sampled_from([
    "A. Turing", "Ludwig van Beethoven", "欧阳修文", "The ENCODE Consortium", "T.Chuprina", "Smith, John, Jr.",
    "Yi. Tang., Lin,", ",", "  ", "Jr.", "van", "De La", "$\\alpha$", "<i>x</i>"]))
pages = st.one_of(st.text(max_size=20), st.sampled_from(["1130-8", "20 - 8", "e1-e1", "99999999999999999999-1",
                                                         "-", " - ", "5-", "-5", "S1-S", "1-2-3"]))
dates = st.one_of(st.text(max_size=12), st.sampled_from(["2025-02-30", "0000-00-00", "9999-12-31", "2025-4-1"]))


def maybe(strategy):
    """The right type, the wrong type, or nothing at all."""
    return st.one_of(strategy, values)


s2_records = st.fixed_dictionaries({}, optional={
    "paperId": maybe(st.text(max_size=40)),
    "title": maybe(st.text(max_size=200)),
    "abstract": maybe(st.text(max_size=300)),
    "authors": maybe(st.lists(st.fixed_dictionaries({"authorId": maybe(st.text()), "name": maybe(names)}), max_size=5)),
    "journal": maybe(st.fixed_dictionaries({}, optional={"name": maybe(st.text(max_size=30)),
                                                         "volume": maybe(st.text(max_size=12)),
                                                         "pages": maybe(pages)})),
    "externalIds": maybe(st.dictionaries(st.sampled_from(["DOI", "ArXiv", "PubMed", "PubMedCentral", "MAG",
                                                          "DBLP", "CorpusId"]), values, max_size=4)),
    "publicationTypes": maybe(st.lists(st.sampled_from(["JournalArticle", "Review", "Conference", "Book",
                                                        "BookSection", "Dataset", "x"]), max_size=3)),
    "publicationDate": maybe(dates), "year": maybe(st.integers(-10, 100000)),
    "venue": maybe(st.text(max_size=30)), "publicationVenue": values, "openAccessPdf": values,
    "corpusId": values, "url": maybe(st.text(max_size=40)), "extra": values,
})
dataset_records = s2_records.map(lambda record: {key.lower(): value for key, value in record.items()} | {"corpusid": 1})
booksci_records = st.fixed_dictionaries({"PeriodicalId": st.integers()}, optional={
    "title": maybe(st.text(max_size=60)), "authors": maybe(st.text(max_size=80)), "doi": maybe(st.text(max_size=30)),
    "DOIUrl": values, "abstract": maybe(st.text(max_size=200)),
    "journal": maybe(st.fixed_dictionaries({}, optional={"name": maybe(st.text(max_size=30)),
                                                         "volume": maybe(st.text(max_size=12)),
                                                         "pages": maybe(pages)})),
    "publicationDate": maybe(dates), "EPubDate": values, "publicationTypes": values, "resultStr": values,
    "openAccessPdf": values, "PMCID": values, "PeriodicalName": values, "paperid": values, "other": values,
})
trailers = st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=60), max_size=5)


def writer_names() -> list[str]:
    names = sorted(WRITERS)
    for style in STYLED:
        try:
            converter.write([], style)
        except ConversionError:
            continue
        names.append(style)
    return names


def through_everything(text: str) -> None:
    try:
        items = converter.read(text, warnings=[], errors="skip")
    except ConversionError:
        return
    for name in writer_names():
        try:
            output = converter.write(items, name, warnings=[])
        except ConversionError:
            continue
        assert isinstance(output, str)


# CITECONV_EXAMPLES=5000 for a deeper run by hand.
SETTINGS = settings(max_examples=int(os.environ.get("CITECONV_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(s2_records)
def test_graph_api_records(record):
    through_everything(json.dumps(record))


@SETTINGS
@given(st.lists(st.one_of(st.none(), s2_records, values), max_size=4))
def test_graph_api_batches_with_junk(batch):
    through_everything(json.dumps(batch))


@SETTINGS
@given(dataset_records)
def test_dataset_lines(record):
    through_everything(json.dumps(record) + "\n" + json.dumps(record) + "\n")


@SETTINGS
@given(booksci_records, trailers)
def test_booksci_wrappers(record, trailer):
    through_everything(json.dumps(record, ensure_ascii=False) + "\n" + "\n".join(trailer))


@SETTINGS
@given(st.text(max_size=200))
def test_any_text(text):
    through_everything(text)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes(data):
    try:
        converter.read(data, warnings=[], errors="skip")
    except ConversionError:
        pass
