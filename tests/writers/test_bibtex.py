"""The BibTeX and BibLaTeX writers: the seed's exact entries, the type table and its fallbacks, names, titles,
escaping and verbatim fields, dates, pages, arXiv, keys and key patterns, appending to a .bib, warnings,
and the command line. Compiling with the real tools is in test_bibtex_latex.py."""
import json
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import converter
from converter import ConversionError
from converter.ids import base_key
from converter.text.latex_encode import encode, normalize
from converter.writers.bibtex_keys import key_parts
from converter.writers.bibtex_title import braced_title, title_latex

ROOT = Path(__file__).parent.parent.parent
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
FIXTURE_ITEMS = [item for path in sorted((ROOT / "fixtures").glob("*/*.expected.json"))
                 for item in json.loads(path.read_text(encoding="utf-8"))["items"]]
SEED_ABSTRACT = json.loads((ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.expected.json").read_text(
    encoding="utf-8"))["items"][0]["abstract"]

SEED_BIBTEX = f"""\
@article{{jaffal2025neuroplasticity,
  author = {{Jaffal, Sahar M}},
  title = {{Neuroplasticity in chronic pain: insights into diagnosis and treatment}},
  journal = {{Korean Journal of Pain}},
  volume = {{38}},
  number = {{2}},
  pages = {{89--102}},
  year = {{2025}},
  month = apr,
  doi = {{10.3344/kjp.24393}},
  abstract = {{{SEED_ABSTRACT}}}
}}
"""
SEED_BIBLATEX = f"""\
@article{{jaffal2025neuroplasticity,
  author = {{Jaffal, Sahar M}},
  title = {{Neuroplasticity in chronic pain: insights into diagnosis and treatment}},
  journaltitle = {{Korean Journal of Pain}},
  shortjournal = {{Korean J Pain}},
  volume = {{38}},
  number = {{2}},
  pages = {{89--102}},
  date = {{2025-04-01}},
  doi = {{10.3344/kjp.24393}},
  abstract = {{{SEED_ABSTRACT}}}
}}
"""

ARTICLE = {"id": "smith2020deep", "type": "article-journal", "title": "Deep Learning", "author": [
    {"family": "Smith", "given": "Ann"}], "container-title": "Journal", "issued": {"date-parts": [[2020, 3, 15]]}}


def write(*items: dict, to: str = "bibtex", warnings: list | None = None, **options) -> str:
    return converter.write(list(items), to, warnings=[] if warnings is None else warnings, **options)


def fields(text: str) -> dict[str, str]:
    """The fields of the one entry in ``text`` as written (enclosing braces removed)."""
    [entry] = bibtexparser.parse_string(text).entries
    return {field.key: field.value for field in entry.fields}


def item(**values) -> dict:
    return {**ARTICLE, **values}


# -- the seed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("to, expected", [("bibtex", SEED_BIBTEX), ("biblatex", SEED_BIBLATEX)])
def test_seed_entry_is_exact(to, expected):
    warnings = []
    assert converter.write(converter.read(SEED, warnings=[]), to, warnings=warnings) == expected
    assert warnings == []


@pytest.mark.parametrize("to, expected", [("bibtex", SEED_BIBTEX), ("biblatex", SEED_BIBLATEX)])
def test_seed_from_the_command_line(to, expected):
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(SEED), "--to", to], capture_output=True,
                         timeout=60)
    assert run.returncode == 0 and run.stderr == b""
    assert run.stdout.decode("utf-8") == expected


def test_no_items_give_an_empty_text():
    assert write() == "" and write(to="biblatex") == ""


def test_entries_are_separated_by_one_blank_line():
    text = write(ARTICLE, item(id="b"))
    assert text.count("\n\n@") == 1 and text.endswith("}\n") and not text.endswith("\n\n")


# -- entry types --------------------------------------------------------------------------------------

COMPLETE = {"publisher": "Springer", "container-title": "Proceedings", "author": [{"family": "Lee", "given": "Bo"}]}


@pytest.mark.parametrize("csl_type, bibtex_type, biblatex_type", [
    ("article-journal", "article", "article"),
    ("review", "article", "article"),
    ("paper-conference", "inproceedings", "inproceedings"),
    ("chapter", "incollection", "incollection"),
    ("book", "book", "book"),
    ("thesis", "phdthesis", "phdthesis"),
    ("report", "techreport", "techreport"),
    ("dataset", "misc", "dataset"),
    ("webpage", "misc", "online"),
    ("software", "misc", "software"),
    ("manuscript", "unpublished", "unpublished"),
    ("article", "misc", "misc"),
    ("speech", "misc", "misc"),
])
def test_type_table(csl_type, bibtex_type, biblatex_type):
    record = item(type=csl_type, note="n", **COMPLETE)
    assert write(record).startswith(f"@{bibtex_type}{{")
    assert write(record, to="biblatex").startswith(f"@{biblatex_type}{{")


def test_a_thesis_whose_genre_names_a_masters_degree():
    record = item(type="thesis", genre="Master's thesis", publisher="ETH Zürich")
    assert write(record).startswith("@mastersthesis{")
    assert fields(write(record))["school"] == r"ETH Z{\"u}rich"
    assert fields(write(record, to="biblatex"))["institution"] == "ETH Zürich"


def test_publisher_field_by_type():
    assert "institution" in fields(write(item(type="report", publisher="WHO")))
    assert "publisher" in fields(write(item(type="book", publisher="MIT Press")))


@pytest.mark.parametrize("record, natural, written, missing", [
    (item(author=[]), "article", "misc", "author"),
    ({key: value for key, value in ARTICLE.items() if key != "title"}, "article", "misc", "title"),
    ({key: value for key, value in ARTICLE.items() if key != "container-title"}, "article", "misc", "journal"),
    (item(type="book"), "book", "booklet", "publisher"),
    (item(type="book", title=None, author=[]), "book", "misc", "author or editor and title and publisher"),
    (item(type="chapter"), "incollection", "misc", "publisher"),
    (item(type="paper-conference", author=[]), "inproceedings", "misc", "author"),
    (item(type="thesis"), "phdthesis", "misc", "school"),
])
def test_an_entry_missing_a_required_field_falls_back(record, natural, written, missing):
    warnings = []
    assert write(record, warnings=warnings).startswith(f"@{written}{{")
    assert [(warning.code, warning.record, warning.message) for warning in warnings] == [
        ("bibtex-type", record["id"], f"written as @{written}: plain and plainnat need {missing} in @{natural}")]
    assert write(record, to="biblatex").startswith(f"@{natural}{{")


def test_an_undated_entry_gets_year_nd_in_bibtex_and_no_date_in_biblatex():
    record = {key: value for key, value in ARTICLE.items() if key != "issued"}
    warnings = []
    text = write(record, warnings=warnings)
    assert text.startswith("@article{") and fields(text)["year"] == "n.d." and warnings == []
    assert "date" not in fields(write(record, to="biblatex")) and "year" not in fields(write(record, to="biblatex"))


@pytest.mark.parametrize("title, key", [
    ("Notes on the Riemann Hypothesis (Part I)", "Notes on the Riemann Hypothesis {(}Part I{)}"),
    ("Evil \\input{x} 100% & $x$ #1 _a_ ~ ^", r"Evil \textbackslash{}input\textbraceleft{}x\textbraceright{} 100\% "
                                               r"\& \$x\$ \#1 \_a\_ \textasciitilde{} \textasciicircum{}"),
    ("Η επίδραση της κλιματικής αλλαγής στη βιοποικιλότητα", r"{H} {\ensuremath{\varepsilon}}{\ensuremath{\pi}}"
     r"{\ensuremath{\acute\iota}}{\ensuremath{\delta}}{\ensuremath{\rho}}{\ensuremath{\alpha}}"
     r"{\ensuremath{\sigma}}{\ensuremath{\eta}}"),
    ("中国成人慢性病流行病学调查报告", "中国成人慢性病流行病学调查报告"),
    ("中" * 300, "Zhong" * 20),
    ("A <i>Drosophila</i> Atlas", "A Drosophila Atlas"),
])
def test_the_key_of_an_authorless_entry_is_its_title_cut_short_with_braced_parentheses(title, key):
    assert fields(write(item(author=[], title=title)))["key"] == key


def test_the_fallback_keeps_the_container_where_misc_prints_it():
    text = write(item(author=[], volume="3", page="1-2"))
    assert fields(text) == {"title": "Deep Learning", "howpublished": "Journal", "volume": "3", "pages": "1--2",
                            "year": "2020", "month": "mar", "key": "Deep Learning"}


def test_biblatex_keeps_the_natural_type_and_needs_no_key():
    text = write(item(author=[]), to="biblatex")
    assert text.startswith("@article{") and "key" not in fields(text)


def test_a_book_with_an_editor_needs_no_author():
    text = write(item(type="book", author=[], editor=[{"family": "Ng", "given": "Al"}], publisher="P"))
    assert text.startswith("@book{") and fields(text)["editor"] == "Ng, Al" and "key" in fields(text)


@pytest.mark.parametrize("record, number, issue", [
    (item(volume="5", issue="2"), "2", None),
    (item(issue="2"), None, "2"),  # plain: "there's a number but no volume"
    (item(type="paper-conference", issue="21", volume="38", **{"container-title": "AAAI"}), None, "21"),
    (item(type="paper-conference", issue="21", **{"collection-title": "LNCS", "container-title": "C"}), "21", None),
])
def test_number_is_written_only_where_the_standard_styles_accept_it(record, number, issue):
    written = fields(write(record))
    assert written.get("number") == number and written.get("issue") == issue
    assert fields(write(record, to="biblatex")).get("number") == record["issue"]


# -- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, bibtex, biblatex", [
    ({"family": "Jaffal", "given": "Sahar M"}, "Jaffal, Sahar M", "Jaffal, Sahar M"),
    ({"family": "van der Berg", "given": "Jan"}, "van der Berg, Jan", "van der Berg, Jan"),
    ({"family": "Di Stefano", "given": "Maria"}, "Di Stefano, Maria", "Di Stefano, Maria"),
    ({"family": "da Costa Feitosa", "given": "Juliana"}, "da Costa Feitosa, Juliana", "da Costa Feitosa, Juliana"),
    ({"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}, "van Beethoven, Ludwig",
     "van Beethoven, Ludwig"),
    ({"family": "Muñoz y Garcia", "given": "Ana"}, r"{Mu{\~n}oz y Garcia}, Ana", "{Muñoz y Garcia}, Ana"),
    ({"family": "Ashworth", "given": "Frederick P.", "suffix": "Jr."}, "Ashworth, Jr., Frederick P.",
     "Ashworth, Jr., Frederick P."),
    ({"family": "Müller", "given": "Zoë"}, r"M{\"u}ller, Zo{\"e}", "Müller, Zoë"),
    ({"family": "Wiśniewski", "given": "Łukasz"}, r"Wi{\'s}niewski, {\L}ukasz", "Wiśniewski, Łukasz"),
    ({"family": "García-López", "given": "José"}, r"Garc{\'{i}}a-L{\'o}pez, Jos{\'e}", "García-López, José"),
    ({"family": "O'Neill", "given": "Sarah J"}, "O'Neill, Sarah J", "O'Neill, Sarah J"),
    ({"literal": "Nordic RSV Surveillance Network"}, "{Nordic RSV Surveillance Network}",
     "{Nordic RSV Surveillance Network}"),
    ({"literal": "Mausam"}, "{Mausam}", "{Mausam}"),
    ({"given": "Surya"}, "{Surya}", "{Surya}"),
    ({"family": "欧阳", "given": "晓峰"}, "{欧阳晓峰}", "{欧阳晓峰}"),
    ({"family": "Kim", "given": "Ann and Bob"}, "Kim, {Ann and Bob}", "Kim, {Ann and Bob}"),
    ({"family": "Smith, Jones", "given": "Al"}, "{Smith, Jones}, Al", "{Smith, Jones}, Al"),
    ({"family": "Lee & Co", "given": "A_b"}, r"Lee \& Co, A\_b", r"Lee \& Co, A\_b"),
])
def test_names(name, bibtex, biblatex):
    assert fields(write(item(author=[name])))["author"] == bibtex
    assert fields(write(item(author=[name]), to="biblatex"))["author"] == biblatex


def test_names_are_joined_by_and_and_an_organisation_alone_is_double_braced():
    text = write(item(author=[{"literal": "The ENCODE Consortium"}, {"family": "Li", "given": "Wei"}]))
    assert "  author = {{The ENCODE Consortium} and Li, Wei},\n" in text
    assert "  author = {{OpenSurg Outcomes Collaborative}},\n" in write(
        item(author=[{"literal": "OpenSurg Outcomes Collaborative"}]))


def test_bibtexparser_splits_our_names_back_into_their_parts():
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
    text = write(item(author=[{"family": "van der Berg", "given": "Jan"}, {"family": "Smith", "given": "John",
                                                                           "suffix": "Jr."}]))
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    berg, smith = library.entries[0]["author"]
    assert (berg.von, berg.last, berg.first) == (["van", "der"], ["Berg"], ["Jan"])
    assert (smith.last, smith.jr, smith.first) == (["Smith"], ["Jr."], ["John"])


# -- titles --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("title, latex", [
    ("Neuroplasticity in chronic pain: insights into diagnosis and treatment",
     "Neuroplasticity in chronic pain: insights into diagnosis and treatment"),
    ("BERT and fMRI for COVID-19 in DNA", "{BERT} and {fMRI} for {COVID-19} in {DNA}"),
    ("Trends in the incidence of gastric cancer in China, 2005-2020",
     "Trends in the incidence of gastric cancer in {China}, 2005-2020"),
    ("Energy-Efficient Spiking Transformers via Temporal Pruning",
     "Energy-Efficient Spiking Transformers via Temporal Pruning"),
    ("RNA-seq of p53 and mRNA in iPhone Users", "{RNA-seq} of p53 and {mRNA} in {iPhone} Users"),
    ("Vitamin D and Influenza A: A Review", "Vitamin {D} and Influenza {A}: A Review"),
    ("THERMAL CONDUCTIVITY OF LAYERED PEROVSKITE CERAMICS", "THERMAL CONDUCTIVITY OF LAYERED PEROVSKITE CERAMICS"),
    ("Long-Term Outcomes of Kidney Transplantation in Brazil",
     "Long-Term Outcomes of Kidney Transplantation in {Brazil}"),
    ("Ionospheric Scintillation over West Africa", "Ionospheric Scintillation over {West} {Africa}"),
    ("Non-Gaussian Priors for Alzheimer's Disease", "Non-{Gaussian} Priors for {Alzheimer's} Disease"),
    ("Kaplan-Meier curves in non-Hodgkin lymphoma", "{Kaplan}-{Meier} curves in {non-Hodgkin} lymphoma"),
    ("Trends in Antibiotic Prescribing in the U.S.", "Trends in Antibiotic Prescribing in the {U.S}."),
    ("3D Printing of H1N1 T4 Phages", "{3D} Printing of {H1N1} {T4} Phages"),
    ("R&D in 5G: Costs", r"{R\&D} in {5G}: Costs"),
    ("Uptake of CO<sub>2</sub> by <i>Chlorella vulgaris</i> under 10<sup>4</sup> lux",
     r"Uptake of {CO}\textsubscript{2} by \textit{Chlorella vulgaris} under 10\textsuperscript{4} lux"),
    ('A <b>bold</b> <span style="font-variant:small-caps;">Claim</span> on <span class="nocase">iOS and Mac</span>',
     r"A \textbf{bold} \textsc{Claim} on {iOS and Mac}"),
    ("An <i>unclosed tag and a stray</b> one", "An unclosed tag and a stray one"),
    ("Stabilising α-Helices", r"Stabilising {\ensuremath{\alpha}}-Helices"),
])
def test_titles(title, latex):
    assert title_latex(title, ascii_only=True) == latex
    assert fields(write(item(title=title)))["title"] == latex


@pytest.mark.parametrize("title, latex", [
    ("folding robust fmri r&d", r"folding robust fmri r\&d"),
    ("Bayesian inference of rna", "{Bayesian} inference of rna"),
    ("RNA-seq of mice", "{RNA-seq} of mice"),
    ("X-ray crystallography", "X-ray crystallography"),
])
def test_titles_with_no_capital_after_the_first_character(title, latex):
    assert title_latex(title, ascii_only=True) == latex


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["deep", "Deep", "DNA", "fMRI", "Bayesian", "china", "China", "of", "R&D",
                                 "x-ray", "X-ray", "α-helix", "Müller", ":", "a", "T4", "non-Hodgkin", "<i>",
                                 "</i>", "99%"]), min_size=1, max_size=8), st.booleans())
def test_the_fast_path_for_titles_changes_nothing(words, ascii_only):
    title = " ".join(words)
    assert title_latex(title, ascii_only) == braced_title(normalize(title), ascii_only)


def test_a_biblatex_title_keeps_utf8_but_not_math():
    assert title_latex("Müller’s α-Helices in China: a note", ascii_only=False) == \
        r"Müller’s {\ensuremath{\alpha}}-Helices in {China}: a note"
    assert title_latex("Müller’s α-Helices in China: a note", ascii_only=True) == \
        r"M{\"u}ller{\textquoteright}s {\ensuremath{\alpha}}-Helices in {China}: a note"


# -- escaping and verbatim fields ----------------------------------------------------------------------

EVIL = r"Evil \input{/etc/passwd} \write18{touch pwned} 100% & $x$ #1 _a_ ~ ^"
EVIL_LATEX = (r"Evil \textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{} \textbackslash{}write18"
              r"\textbraceleft{}touch pwned\textbraceright{} 100\% \& \$x\$ \#1 \_a\_ \textasciitilde{} "
              r"\textasciicircum{}")


@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_every_special_character_is_escaped_in_every_text_field(to):
    record = item(title=EVIL, abstract=EVIL, publisher=EVIL, note=EVIL, volume="<1|2>",
                  **{"container-title": EVIL}, author=[{"family": "B\\ad", "given": "{x}"}])
    written = fields(write(record, to=to))
    container = "journal" if to == "bibtex" else "journaltitle"
    assert [written[name] for name in ("title", "abstract", "publisher", "note", container)] == [EVIL_LATEX] * 5
    assert written["volume"] == r"\textless{}1\textbar{}2\textgreater{}"
    assert written["author"] == r"B\textbackslash{}ad, \textbraceleft{}x\textbraceright{}"


def test_verbatim_fields_are_not_escaped_but_cannot_break_out():
    record = item(DOI="10.1000/a_b%c#d", URL="https://x.org/a_b%20c?q=1&r=2#frag",
                  custom={"arXiv": "2101.00123"})
    written = fields(write(record))
    assert written["doi"] == "10.1000/a_b%c#d"
    assert written["url"] == "https://x.org/a_b%20c?q=1&r=2#frag"
    assert written["eprint"] == "2101.00123"
    hostile = fields(write(item(URL="https://x.org/}\\input{/etc/passwd} é", DOI="10.1/x}y")))
    assert hostile["url"] == "https://x.org/%7D%5Cinput%7B/etc/passwd%7D%20%C3%A9"
    assert hostile["doi"] == "10.1/x%7Dy"
    assert fields(write(item(URL="https://x.org/é"), to="biblatex"))["url"] == "https://x.org/é"


def test_doi_loses_its_resolver_prefix():
    assert fields(write(item(DOI="https://doi.org/10.3344/KJP.24393")))["doi"] == "10.3344/KJP.24393"


# What the encoder may write after a backslash: its escapes, the commands of title markup, and the macros
# of the non-ASCII letters in the alphabet below (é, α).
_OWN_COMMANDS = re.compile(r"\\(?:(?:textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum|"
                           r"textless|textgreater|textbar)\{\}|[&%$#_]|(?:textit|textbf|textsubscript|"
                           r"textsuperscript|textsc)\{|'(?=e\})|ensuremath\{\\alpha(?=\}))")


@given(st.lists(st.sampled_from([*map(chr, range(128)), "é", "α", "刘", "\u200b", "<i>", "</i>", "<sub>", "</b>",
                                 '<span class="nocase">', "</span>"]), max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_no_text_can_reach_latex_as_a_command_or_unbalance_a_field(text):
    """Every backslash in the output starts an escape or a markup command of ours, no LaTeX special is
    left bare, and braces balance, for fields and titles alike."""
    for ascii_only in (True, False):
        for latex in (encode(text, ascii_only), title_latex(text, ascii_only)):
            bare = _OWN_COMMANDS.sub("", latex)
            assert "\\" not in bare and not re.search(r"[%#&_$~^]", bare)
            depth = 0
            for char in latex:
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0
            assert depth == 0


# -- dates and pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("parts, bibtex, biblatex", [
    ([2025, 4, 1], {"year": "2025", "month": "apr"}, "2025-04-01"),
    ([2019, 12], {"year": "2019", "month": "dec"}, "2019-12"),
    ([1810], {"year": "1810"}, "1810"),
    ([2020, 13], {"year": "2020"}, "2020"),
])
def test_dates(parts, bibtex, biblatex):
    record = item(issued={"date-parts": [parts]})
    written = fields(write(record))
    assert {name: written[name] for name in ("year", "month") if name in written} == bibtex
    assert fields(write(record, to="biblatex"))["date"] == biblatex


def test_the_month_is_a_bare_macro():
    assert write(ARTICLE).endswith("  year = {2020},\n  month = mar\n}\n")
    assert all(write(item(issued={"date-parts": [[2020, number]]})).endswith(f"  month = {month}\n}}\n")
               for number, month in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1))


@pytest.mark.parametrize("page, pages", [
    ("89-102", "89--102"), ("e2335924", "e2335924"), ("S14-S31", "S14--S31"), ("286:1-286:12", "286:1--286:12"),
    ("e941209-1 - e941209-4", "e941209-1--e941209-4"), ("1-5, 7-9", "1--5, 7--9"), ("1255-1263.e12", "1255--1263.e12"),
])
def test_pages(page, pages):
    assert fields(write(item(page=page)))["pages"] == pages


# -- arXiv ----------------------------------------------------------------------------------------------

PREPRINT = {"id": "andrade2020scaling", "type": "article", "title": "Scaling Laws", "author": [
    {"family": "Andrade", "given": "Felipe"}], "publisher": "arXiv", "number": "2005.09876",
    "issued": {"date-parts": [[2020, 5, 20]]}, "custom": {"arXiv": "2005.09876"}}


def test_an_arxiv_preprint():
    assert write(PREPRINT) == """\
@misc{andrade2020scaling,
  author = {Andrade, Felipe},
  title = {Scaling Laws},
  howpublished = {arXiv:2005.09876},
  year = {2020},
  month = may,
  eprint = {2005.09876},
  archiveprefix = {arXiv}
}
"""
    assert write(PREPRINT, to="biblatex") == """\
@online{andrade2020scaling,
  author = {Andrade, Felipe},
  title = {Scaling Laws},
  date = {2020-05-20},
  eprint = {2005.09876},
  eprinttype = {arxiv}
}
"""


def test_an_old_style_arxiv_id_gives_the_primary_class():
    written = fields(write({**PREPRINT, "custom": {"arXiv": "hep-th/9901001"}}))
    assert (written["eprint"], written["primaryclass"]) == ("hep-th/9901001", "hep-th")
    assert fields(write({**PREPRINT, "custom": {"arXiv": "math.AG/0601001"}}, to="biblatex"))["eprintclass"] == \
        "math.AG"


def test_a_conference_paper_keeps_its_arxiv_id_and_a_preprint_is_found_by_its_doi():
    written = fields(write(item(type="paper-conference", custom={"arXiv": "2310.18921"})))
    assert (written["eprint"], written["archiveprefix"]) == ("2310.18921", "arXiv")
    preprint = item(type="article", DOI="10.48550/arXiv.1911.04321")
    del preprint["container-title"]
    assert write(preprint).startswith("@misc{") and fields(write(preprint))["eprint"] == "1911.04321"


# -- keys ------------------------------------------------------------------------------------------------


def test_the_key_is_the_item_id():
    assert write(ARTICLE).startswith("@article{smith2020deep,\n")


def test_keys_are_made_safe_and_unique_ignoring_case_with_a_warning():
    warnings = []
    text = write(item(id="Smith 2020 (deep)!"), item(id="smith2020deep"), item(id="SMITH2020DEEP"),
                 item(id="Müller2021"), item(id=""), warnings=warnings)
    assert [entry.key for entry in bibtexparser.parse_string(text).entries] == [
        "Smith2020deep", "smith2020deepa", "SMITH2020DEEPb", "Muller2021", "smith2020deepc"]
    assert [(warning.code, warning.record, warning.message) for warning in warnings] == [
        ("key-changed", "Smith 2020 (deep)!", "written with key Smith2020deep"),
        ("key-changed", "smith2020deep", "written with key smith2020deepa"),
        ("key-changed", "SMITH2020DEEP", "written with key SMITH2020DEEPb"),
        ("key-changed", "Müller2021", "written with key Muller2021"),
        ("key-changed", "", "written with key smith2020deepc")]


def test_key_pattern_parts_are_those_of_the_default_ids():
    assert all("".join(key_parts(record).values()) == base_key(record) for record in FIXTURE_ITEMS)


def test_key_pattern():
    records = [item(), item(id="x"), item(author=[{"family": "van der Berg", "given": "J"}], title="The Ü-Boot")]
    text = write(*records, key_pattern="{auth}_{year}:{title}")
    assert [entry.key for entry in bibtexparser.parse_string(text).entries] == [
        "smith_2020:deep", "smith_2020:deepa", "berg_2020:u"]


@pytest.mark.parametrize("pattern", ["{author}{year}", "static", "{auth}{}"])
def test_a_key_pattern_without_known_placeholders_is_a_usage_error(pattern):
    with pytest.raises(ConversionError, match="placeholders {auth}, {year}, {title}") as raised:
        write(ARTICLE, key_pattern=pattern)
    assert raised.value.code == "usage"


# -- appending to an existing .bib -------------------------------------------------------------------------

EXISTING = """% my library
@article{smith2020deep,
  title = {Older},
  doi = {https://doi.org/10.1000/ABC}
}
"""


def test_append_keeps_the_file_and_repeats_no_key_and_no_doi(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(EXISTING, encoding="utf-8")
    warnings = []
    text = write(item(DOI="10.1000/abc"), item(), item(id="new", DOI="10.2000/x"), item(id="twin", DOI="10.2000/X"),
                 append_to=str(bib), warnings=warnings)
    assert text.startswith(EXISTING + "\n@article{smith2020deepa,\n")
    assert [entry.key for entry in bibtexparser.parse_string(text).entries] == ["smith2020deep", "smith2020deepa",
                                                                                 "new"]
    assert [(warning.code, warning.record) for warning in warnings] == [
        ("duplicate-doi", "smith2020deep"), ("key-changed", "smith2020deep"), ("duplicate-doi", "twin")]
    assert [warning.message for warning in warnings] == [
        f"not written: DOI 10.1000/abc is already in {bib} as smith2020deep", "written with key smith2020deepa",
        "not written: DOI 10.2000/X is already in this output as new"]


def test_append_with_nothing_new_gives_the_file_unchanged(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(EXISTING, encoding="utf-8")
    assert write(item(DOI="10.1000/abc"), append_to=bib) == EXISTING


def test_append_to_a_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(ConversionError, match="cannot read") as raised:
        write(ARTICLE, append_to=str(tmp_path / "missing.bib"))
    assert raised.value.code == "usage"


def test_append_and_key_pattern_from_the_command_line(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(EXISTING, encoding="utf-8")
    command = [sys.executable, "-m", "converter.cli", str(SEED), "--to", "bibtex", "--append-to", str(bib),
               "--key-pattern", "{auth}{year}", "-o", str(bib)]
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    text = bib.read_text(encoding="utf-8")
    assert text.startswith(EXISTING + "\n@article{jaffal2025,\n")
    again = subprocess.run(command, capture_output=True, timeout=60)
    assert again.returncode == 0 and bib.read_text(encoding="utf-8") == text
    assert "is already in" in again.stderr.decode() and "[duplicate-doi]" in again.stderr.decode()


@pytest.mark.parametrize("option, message", [
    (["--key-pattern", "{author}"],
     "citeconv: --key-pattern: key pattern '{author}': use the placeholders {auth}, {year}, {title}"),
    (["--append-to", "/nonexistent/refs.bib"], "citeconv: --append-to /nonexistent/refs.bib: no such file"),
])
def test_bad_options_are_usage_errors_on_the_command_line(option, message):
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(SEED), "--to", "bibtex", *option],
                         capture_output=True, timeout=60)
    assert (run.returncode, run.stdout, run.stderr.decode().strip()) == (2, b"", message)


# -- warnings -------------------------------------------------------------------------------------------------


def test_cjk_is_kept_as_utf8_with_a_warning_in_bibtex_only():
    record = item(author=[{"family": "王", "given": "磊"}], title="当“社区团购”遇上“乡村振兴” 😀")
    warnings = []
    written = fields(write(record, warnings=warnings))
    assert written["author"] == "{王磊}"
    assert written["title"] == r"当{\textquotedblleft}社区团购{\textquotedblright}遇上{\textquotedblleft}乡村振兴" \
                               r"{\textquotedblright} 😀"
    [warning] = warnings
    assert (warning.code, warning.message) == (
        "latex-unencodable", "kept as UTF-8, no LaTeX macro exists: author 王磊; title 当社区团购遇上乡村振兴😀")
    warnings = []
    write(record, to="biblatex", warnings=warnings)
    assert warnings == []


def test_control_and_invisible_characters_are_removed_with_a_warning():
    warnings = []
    written = fields(write(item(title="Zero\u200bwidth\x07 bell\nand\ttab", abstract="a\x00b"), warnings=warnings))
    assert (written["title"], written["abstract"]) == ("Zerowidth bell and tab", "ab")
    assert [warning.code for warning in warnings] == ["control-character"]


def test_the_other_fields():
    record = item(type="chapter", editor=[{"family": "Ng", "given": "Al"}], publisher="Springer",
                  **{"publisher-place": "Cham", "collection-title": "LNCS", "container-title": "Handbook"},
                  edition="2", ISBN="978-3-030-12345-6", keyword="deep learning; DNA, pain",
                  accessed={"date-parts": [[2024, 5, 2]]}, URL="https://x.org")
    assert fields(write(record)) == {
        "author": "Smith, Ann", "editor": "Ng, Al", "title": "Deep Learning", "booktitle": "Handbook",
        "series": "LNCS", "publisher": "Springer", "address": "Cham", "edition": "2", "year": "2020",
        "month": "mar", "url": "https://x.org", "isbn": "978-3-030-12345-6", "keywords": "deep learning, DNA, pain"}
    written = fields(write(record, to="biblatex"))
    assert (written["location"], written["date"], written["urldate"]) == ("Cham", "2020-03-15", "2024-05-02")
    assert "address" not in written


def test_our_output_parses_without_failed_blocks():
    for to in ("bibtex", "biblatex"):
        library = bibtexparser.parse_string(write(*FIXTURE_ITEMS, to=to))
        assert library.failed_blocks == [] and len(library.entries) == len(FIXTURE_ITEMS)
