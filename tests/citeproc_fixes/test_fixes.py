"""Each fix of converter.citeproc_fixes: the exact output with it, and a different (wrong) output without
it (``without(name)`` renders with every other fix), so no fix is dead code."""
from __future__ import annotations

import pytest
from citeproc.string import String

import converter
from converter import citeproc_fixes
from converter.citeproc_fixes import counting
from converter.citeproc_fixes.layout import collation_key
from converter.citeproc_fixes.names import initialize
from converter.citeproc_fixes.numbers import expand_range_end, is_range
from converter.citeproc_fixes.source import smart_quotes


def article(id="a", **fields):
    item = {"id": id, "type": "article-journal", "title": "Title", "author": [{"family": "Smith", "given": "Ann"}],
            "container-title": "Journal", "volume": "1", "page": "5-9", "issued": {"date-parts": [[2020]]}}
    item.update(fields)
    return {k: v for k, v in item.items() if v is not None}


SEED = article("jaffal", title="Neuroplasticity in chronic pain: insights into diagnosis and treatment",
               author=[{"family": "Jaffal", "given": "Sahar M"}], **{"container-title": "Korean Journal of Pain",
               "container-title-short": "Korean J Pain"}, volume="38", issue="2", page="89-102",
               issued={"date-parts": [[2025, 4, 1]]}, DOI="10.3344/kjp.24393")
SEED_VANCOUVER = ("1. Jaffal SM. Neuroplasticity in chronic pain: insights into diagnosis and treatment. "
                  "Korean J Pain. 2025 Apr 1;38(2):89–102. doi:10.3344/kjp.24393\n")


def apa(items, **options):
    return converter.write(items, to="apa", capitalize_subtitles=False, **options)


def vancouver(items, **options):
    return converter.write(items, to="vancouver", **options)


# (fix, render, items, expected with the fix)
CASES = [
    ("second-field-align", vancouver, [SEED], SEED_VANCOUVER),
    ("date-delimiter", vancouver, [SEED], SEED_VANCOUVER),
    ("page-range", vancouver, [article(page="1-10")], "1. Smith A. Title. Journal. 2020;1:1–10.\n"),
    ("page-range", vancouver, [article(page="321-28")], "1. Smith A. Title. Journal. 2020;1:321–8.\n"),
    ("page-range-detection", apa, [article(page="e00123-21")], "Smith, A. (2020). Title. Journal, 1, e00123-21.\n"),
    ("initials", apa, [article(author=[{"family": "Park", "given": "Ji-ho"}])], "Park, J. (2020). Title. Journal, 1, 5–9.\n"),
    ("cjk-names", vancouver, [article(author=[{"family": "张", "given": "伟"}])], "1. 张伟. Title. Journal. 2020;1:5–9.\n"),
    ("suffix-periods", vancouver, [article(author=[{"family": "Smith", "given": "John", "suffix": "Jr."},
                                                   {"family": "King", "given": "Martin"}])],
     "1. Smith J Jr, King M. Title. Journal. 2020;1:5–9.\n"),
    ("text-case-language", apa, [{"id": "c", "type": "chapter", "title": "Pain", "author": [{"family": "Woolf", "given": "Clifford"}],
                                  "editor": [{"family": "McMahon", "given": "Stephen"}, {"family": "Koltzenburg", "given": "Martin"}],
                                  "container-title": "Textbook of pain", "publisher": "Elsevier", "page": "1-10",
                                  "issued": {"date-parts": [[2019]]}}],
     "Woolf, C. (2019). Pain. In S. McMahon & M. Koltzenburg (Eds.), Textbook of pain (pp. 1–10). Elsevier.\n"),
    ("group-suppression", apa, [{"id": "t", "type": "thesis", "title": "Itch", "author": [{"family": "Andersson", "given": "Björn"}],
                                 "genre": "Doctoral dissertation", "publisher": "Karolinska Institutet", "issued": {"date-parts": [[2020]]}}],
     "Andersson, B. (2020). Itch [Doctoral dissertation]. Karolinska Institutet.\n"),
    ("substitute-suppression", apa, [article(author=None, title="Measles outbreaks in Europe")],
     "Measles outbreaks in Europe. (2020). Journal, 1, 5–9.\n"),
    ("substitute-suppression", apa, [{"id": "b", "type": "book", "title": "Handbook of pain scales",
                                      "compiler": [{"family": "Turk", "given": "Dennis C."}], "publisher": "Guilford Press",
                                      "issued": {"date-parts": [[2011]]}}],
     "Turk, D. C. (Compiler). (2011). Handbook of pain scales. Guilford Press.\n"),
    ("name-variables", apa, [{"id": "b", "type": "book", "title": "Handbook of pain scales",
                              "compiler": [{"family": "Turk", "given": "Dennis C."}], "publisher": "Guilford Press",
                              "issued": {"date-parts": [[2011]]}}],
     "Turk, D. C. (Compiler). (2011). Handbook of pain scales. Guilford Press.\n"),
    ("quotes", apa, [article(author=None, title="Measles outbreaks in Europe")], "(“Measles Outbreaks in Europe,” 2020)\n"),
    ("quotes", apa, [article(author=None, title='Living with "long COVID" in Europe')],
     "(“Living with ‘Long COVID’ in Europe,” 2020)\n"),
    ("capitalize-first", apa, [article(author=None, title='Living with "long COVID" in Europe')],
     "(“Living with ‘Long COVID’ in Europe,” 2020)\n"),
    ("label-number-of", vancouver, [{"id": "p", "type": "book", "title": "Pain medicine", "author": [{"family": "Wall", "given": "Patrick"}],
                                     "publisher": "Springer", "publisher-place": "Berlin", "number-of-pages": "336",
                                     "issued": {"date-parts": [[2006]]}}],
     "1. Wall P. Pain medicine. Berlin: Springer; 2006. 336 p.\n"),
    ("is-numeric", vancouver, [{"id": "e", "type": "book", "title": "Atlas", "author": [{"family": "Netter", "given": "Frank"}],
                                "edition": "3 & 4", "publisher": "Elsevier", "issued": {"date-parts": [[2019]]}}],
     "1. Netter F. Atlas. 3rd & 4th eds. Elsevier; 2019.\n"),
    ("sort-collation", apa, [article("w", author=[{"family": "World", "given": "Wes"}]),
                             article("o", author=[{"family": "Ørsted", "given": "Hans"}]),
                             article("p", author=[{"family": "Peters", "given": "Pia"}])],
     "Ørsted, H. (2020). Title. Journal, 1, 5–9.\nPeters, P. (2020). Title. Journal, 1, 5–9.\nWorld, W. (2020). Title. Journal, 1, 5–9.\n"),
    ("sort-options-in-macros", apa, [article("j", author=[{"family": "Smith", "given": "John", "suffix": "Jr."}, {"family": "Adams", "given": "Martin"}]),
                                     article("w", author=[{"family": "Smith", "given": "John"}, {"family": "White", "given": "Emma"}]),
                                     article("b", author=[{"family": "Smith", "given": "John"}, {"family": "Brown", "given": "Laura"}])],
     "Smith, J., Jr., & Adams, M. (2020). Title. Journal, 1, 5–9.\nSmith, J., & Brown, L. (2020). Title. Journal, 1, 5–9.\n"
     "Smith, J., & White, E. (2020). Title. Journal, 1, 5–9.\n"),
    ("disambiguation", apa, [article("x", author=[{"family": "Lee", "given": "Min"}]), article("y", author=[{"family": "Lee", "given": "Soo"}])],
     "(M. Lee, 2020)\n(S. Lee, 2020)\n"),
]


@pytest.mark.parametrize("fix, render, items, expected", CASES, ids=[case[0] for case in CASES])
def test_fix_gives_the_reference_output_and_is_needed(fix, render, items, expected):
    cite = expected.startswith("(")
    assert render(items, cite=cite) == expected
    with citeproc_fixes.without(fix):
        try:
            unfixed = render(items, cite=cite)
        except Exception as error:  # citeproc-py alone crashes on some of these
            unfixed = repr(error)
        assert unfixed != expected
    assert render(items, cite=cite) == expected


def test_the_two_differences_of_the_reference_comparison():
    # citeproc-js 2.4.63 with the official styles: "Such" is capitalised (its two-word stop phrases never
    # apply) and a shortened page range drops the prefix of its end (only "expanded" keeps it)
    assert apa([article(author=None, title="Tools such as ChatGPT in writing")], cite=True) == \
        "(“Tools Such as ChatGPT in Writing,” 2020)\n"
    assert vancouver([article(page="S14-S31")]) == "1. Smith A. Title. Journal. 2020;1:S14–31.\n"
    assert apa([article(page="S14-S31")]) == "Smith, A. (2020). Title. Journal, 1, S14–S31.\n"
    assert vancouver([article(page="N110-N115")]) == "1. Smith A. Title. Journal. 2020;1:N110–5.\n"


def test_year_suffixes_and_their_order():
    items = [article("b", title="Machine learning"), article("a", title="Explainable models")]
    assert apa(items) == ("Smith, A. (2020a). Explainable models. Journal, 1, 5–9.\n"
                          "Smith, A. (2020b). Machine learning. Journal, 1, 5–9.\n")
    assert apa(items, cite=True) == "(Smith, 2020b)\n(Smith, 2020a)\n"
    with citeproc_fixes.without("disambiguation"):
        assert apa(items, cite=True) == "(Smith, 2020)\n(Smith, 2020)\n"


def test_add_names_disambiguates_et_al():
    first = [{"family": "Abbott", "given": "Alice"}, {"family": "Baker", "given": "Ben"}, {"family": "Carter", "given": "Cara"}]
    other = [{"family": "Abbott", "given": "Alice"}, {"family": "Dawson", "given": "Dan"}, {"family": "Ellis", "given": "Eve"}]
    items = [article("a", author=first), article("b", author=other)]
    assert apa(items, cite=True) == "(Abbott, Baker, et al., 2020)\n(Abbott, Dawson, et al., 2020)\n"


def test_collapsing_groups_of_citations():
    items = [article("b", title="Machine learning"), article("a", title="Explainable models"),
             article("c", author=[{"family": "Zhou", "given": "Li"}])]
    assert apa(items, cite=[["a", "b"], ["c", "b", "a"]]) == "(Smith, 2020a, 2020b)\n(Smith, 2020a, 2020b; Zhou, 2020)\n"
    numbered = [article(str(n), title=f"T{n}") for n in range(1, 6)]
    assert vancouver(numbered, cite=[["1", "2", "3"], ["1", "2"], ["5", "3", "1", "2"], ["4"]]) == "(1–3)\n(1,2)\n(1–3,5)\n(4)\n"
    with citeproc_fixes.without("collapse"):
        assert vancouver(numbered, cite=[["1", "2", "3"]]) == "(1,2,3)\n"
        assert apa(items, cite=[["a", "b"]]) == "(Smith, 2020a; Smith, 2020b)\n"


def test_capitalize_first_leaves_mixed_case_words():
    string = citeproc_fixes.engine().strings.String
    assert str(string("arXiv preprint").capitalize_first()) == "arXiv preprint"
    assert str(string("npj digital").capitalize_first()) == "Npj digital"
    assert str(String("arXiv preprint").capitalize_first()) == "ArXiv preprint"  # citeproc-py's own: as it was
    string = citeproc_fixes.engine(frozenset({"capitalize-first"})).strings.String
    assert str(string("arXiv preprint").capitalize_first()) == "ArXiv preprint"


def test_cache_answers_each_query_once():
    from citeproc import model
    with counting(model.CitationStylesElement, "xpath_search", reaching=True) as calls:
        converter.write([article()], to="apa")
        first = len(calls)
        assert first
        converter.write([article("b")], to="apa")
        assert len(calls) == first  # the second render asks nothing new (the same parsed style)
    with counting(model.CitationStylesElement, "xpath_search", reaching=True, skip=("cache",)) as calls:
        converter.write([article()], to="apa")
        first = len(calls)
        converter.write([article("b")], to="apa")
        assert len(calls) > first  # without the cache the second render asks again


def test_cache_finds_each_named_child_once():
    from citeproc import model

    from converter.writers.styled import load_style, style_path
    with counting(model.SomewhatObjectifiedElement, "__getattr__", lambda element, name: True,
                  reaching=True) as calls:
        root = load_style(style_path("vancouver"), citeproc_fixes.current()).root
        calls.clear()
        assert root.bibliography is root.bibliography is not None
        assert calls == [(root, "bibliography")]
        calls.clear()
        assert root.missing is None and root.missing is None  # a missing child is remembered too
        assert calls == [(root, "missing")]


@pytest.mark.parametrize("given, mark, hyphen, expected", [
    ("Sahar M", ". ", True, "S. M."), ("Sahar M", "", False, "SM"), ("Jean-Luc", ". ", True, "J.-L."),
    ("Ji-ho", ". ", True, "J."), ("Ji ho", "", False, "J ho"), ("Rachel A.", ". ", True, "R. A."),
])
def test_initialize(given, mark, hyphen, expected):
    assert initialize(given, mark, hyphen) == expected


def test_page_helpers():
    assert expand_range_end("321", "28") == "328"
    assert expand_range_end("96", "102") == "102"
    assert is_range("12", "15") and is_range("S12", "S15")
    assert not is_range("e00123", "21") and not is_range("A", "B")


def test_smart_quotes_and_collation():
    assert smart_quotes("Patients' experiences of O'Brien's 'hidden curriculum' and \"us\"") == \
        "Patients’ experiences of O’Brien’s “hidden curriculum” and “us”"
    names = ["World", "Ørsted", "O’Brien", "Okafor", "Émile", "Zhang"]
    assert sorted(names, key=collation_key) == ["Émile", "O’Brien", "Okafor", "Ørsted", "World", "Zhang"]


def test_collation_compares_numbers_by_value():
    # citeproc-js collates with numeric ordering: "Part 2" before "Part 10" (each a word of its own)
    titles = ["Result 10 of a search", "Result 2 of a search", "Result 100", "Result 1b", "Result 1"]
    assert sorted(titles, key=collation_key) == [
        "Result 1", "Result 1b", "Result 2 of a search", "Result 10 of a search", "Result 100"]
    items = [article(str(n), title=f"Result {n} of a search") for n in (10, 2, 1)]
    assert [line.split(". ")[2] for line in apa(items).splitlines()] == [
        "Result 1 of a search", "Result 2 of a search", "Result 10 of a search"]


def test_date_sort_keys_in_macros(tmp_path):
    style = tmp_path / "dates.csl"
    style.write_text("""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <macro name="date"><date variable="issued"><date-part name="year"/></date></macro>
  <citation><sort><key macro="date"/></sort><layout delimiter=", "><text variable="title"/></layout></citation>
</style>""", encoding="utf-8")
    items = [article(str(year), title=f"T{year}", issued={"date-parts": [[year]]}) for year in (68, -100, 1999, -44)]
    assert converter.write(items, to=str(style), cite=[[item["id"] for item in items]]) == "T-100, T-44, T68, T1999\n"
    with citeproc_fixes.without("date-sort-keys"):  # the text of the date: "-100", "-44", "1999", "68"
        assert converter.write(items, to=str(style), cite=[[item["id"] for item in items]]) != "T-100, T-44, T68, T1999\n"


def test_year_suffixes_go_on_past_zz():
    from converter.citeproc_fixes.disambiguate import year_suffix
    assert [year_suffix(i) for i in (0, 25, 26, 51, 52, 701, 702, 703, 4999, 18277, 18278)] == [
        "a", "z", "aa", "az", "ba", "zz", "aaa", "aab", "gjh", "zzz", "aaaa"]


def test_collation_compares_word_by_word():
    # citeproc-js's order (2,000 generated APA entries): a word that starts another sorts first.
    keys = ["Adeyemi, J.-L.", "Adeyemi, J., Natarajan, Ł.", "Adeyemi, J., Dubois, I.", "Adeyemi, J.",
            "Dalebout, K.", "Dale, J.", "Adeyemi, A. B.", "Adeyemi, A., Adeyemi, T."]
    assert sorted(keys, key=collation_key) == [
        "Adeyemi, A., Adeyemi, T.", "Adeyemi, A. B.", "Adeyemi, J.", "Adeyemi, J., Dubois, I.",
        "Adeyemi, J., Natarajan, Ł.", "Adeyemi, J.-L.", "Dale, J.", "Dalebout, K."]


def test_pinned_version():
    import citeproc
    assert citeproc.__version__ == citeproc_fixes.PINNED == "0.11.1"


MINIMAL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Author-date without year-suffix</title><id>minimal</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true" collapse="year">
    <layout prefix="(" suffix=")" delimiter="; ">
      <group delimiter=" "><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date></group>
    </layout>
  </citation>
  <bibliography>
    <layout><names variable="author"><name/></names><date variable="issued" prefix=" "><date-part name="year"/></date></layout>
  </bibliography>
</style>
"""


def test_implicit_year_suffix(tmp_path):
    style = tmp_path / "minimal.csl"
    style.write_text(MINIMAL_STYLE, encoding="utf-8")
    items = [article("a", title="A"), article("b", title="B")]
    assert converter.write(items, to=str(style)) == "Ann Smith 2020a\nAnn Smith 2020b\n"
    assert converter.write(items, to=str(style), cite=[["a", "b"]]) == "(Smith 2020a, 2020b)\n"
    with citeproc_fixes.without("implicit-year-suffix"):
        assert converter.write(items, to=str(style)) == "Ann Smith 2020\nAnn Smith 2020\n"


def test_ordinals_in_the_output_language():
    book = {"type": "book", "page": None, "volume": None, "container-title": None}
    items = [article("e", edition="2", publisher="Springer", **book),
             article("f", edition="1", publisher="Dunod", title="Other", author=[{"family": "Dupont", "given": "Jean"}], **book)]
    expected = {  # citeproc-js 2.4.63 with citeproc-py's locale files (render.js --locale ... --lang ...)
        "de-DE": "Dupont, J. (2020). Other (1. Aufl.). Dunod.\nSmith, A. (2020). Title (2. Aufl.). Springer.\n",
        "fr-FR": "Dupont, J. (2020). Other (1ʳᵉ éd.). Dunod.\nSmith, A. (2020). Title (2ᵉ éd.). Springer.\n",
        "en-US": "Dupont, J. (2020). Other (1st ed.). Dunod.\nSmith, A. (2020). Title (2nd ed.). Springer.\n"}
    for locale, text in expected.items():
        assert apa(items, locale=locale) == text, locale
    with citeproc_fixes.without("ordinal-language"):
        assert apa(items, locale="de-DE") == \
            "Dupont, J. (2020). Other (1st Aufl.). Dunod.\nSmith, A. (2020). Title (2nd Aufl.). Springer.\n"
        assert apa(items, locale="fr-FR") == \
            "Dupont, J. (2020). Other (1ʳᵉ éd.). Dunod.\nSmith, A. (2020). Title (2nd éd.). Springer.\n"
