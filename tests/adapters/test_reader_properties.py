"""Any text through the BibTeX and RIS readers: items, warnings or ConversionError, never another exception
or a hang (hypothesis)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import converter
from converter import ConversionError

BIB_PIECES = st.sampled_from([
    "@article{", "@string{", "@comment{", "@preamble{", "@xdata{", "}", "{", "(", ")", '"', "#", ",", "=", "%",
    "\\", "\\'", '\\"{', "$", "$_", "~", "--", " and ", "others", "crossref", "xdata", "title", "author", "date",
    "year", "month", "jan", "pages", "\n", " ", "k1", "k2", "x", "é", "\\textit{", "\\url{", "{\\em ", "@"])
RIS_PIECES = st.sampled_from([
    "TY  - ", "ER  - ", "AU  - ", "TI  - ", "DA  - ", "PY  - ", "SP  - ", "EP  - ", "SN  - ", "KW  - ", "XX  - ",
    "JOUR", "BOOK", "\n", "\r\n", " ", ",", "/", "2020", "10.1/x", "\ufeff", "-", "é"])


def read_all(text: str) -> None:
    try:
        converter.read(text.encode("utf-8", "surrogatepass"), warnings=[], errors="skip", abbreviations=False)
    except ConversionError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BIB_PIECES, max_size=60).map("".join))
def test_any_bib_text(text):
    read_all("@misc{start, title = {T}}\n" + text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RIS_PIECES, max_size=60).map("".join))
def test_any_ris_text(text):
    read_all("TY  - GEN\n" + text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_field_value(value):
    read_all("@article{k, title = {" + value.replace("}", "") + "}, author = {" + value.replace("}", "") + "}}")
