"""Journal abbreviations (issue 6): container-title-short from the input, a user's NLM list, or ISO 4 rules;
collisions and unknown titles leave it out with a warning."""
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import converter
from converter.errors import Notes
from converter.journals import (
    EVIDENCE_KEY,
    AbbreviationSettings,
    JournalList,
    enrich,
    full_title_of,
    load_journal_list,
    resolve_settings,
)
from converter.pipeline import convert_record
from converter.sources import iter_raw
from converter.text.abbreviations import abbreviates, compute_nlm

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(ROOT / "benchmarks"))
import abbrev_accuracy  # noqa: E402

# A small list in J_Medline.txt layout. Synthetic: entries 2 and 3 share a title on purpose (a collision).
J_MEDLINE = """\
--------------------------------------------------------
JrId: 1
JournalTitle: Lancet (London, England)
MedAbbr: Lancet
ISSN (Print): 0140-6736
ISSN (Online): 1474-547X
IsoAbbr: Lancet
NlmId:
--------------------------------------------------------
JrId: 2
JournalTitle: Acta anatomica
MedAbbr: Acta Anat (Basel)
ISSN (Print): 0001-5180
ISSN (Online):
IsoAbbr: Acta Anat (Basel)
NlmId:
--------------------------------------------------------
JrId: 3
JournalTitle: Acta anatomica
MedAbbr: Acta Anat Nippon
ISSN (Print): 0022-7722
ISSN (Online):
IsoAbbr: Kaibogaku Zasshi
NlmId:
--------------------------------------------------------
JrId: 4
JournalTitle: Journal of pain and symptom management
MedAbbr: J Pain Symptom Manage
ISSN (Print): 0885-3924
ISSN (Online): 1873-6513
IsoAbbr: J Pain Symptom Manage
NlmId:
--------------------------------------------------------
"""


def article(title, **fields):
    return {"type": "article-journal", "container-title": title, **fields}


def step(item, settings=AbbreviationSettings(), found=None):
    """(item after the abbreviation step, [(code, message)])."""
    notes = Notes()
    if found is not None:
        item = {**item, EVIDENCE_KEY: found}
    return enrich(item, settings, notes), notes.items


@pytest.fixture
def medline(tmp_path):
    path = tmp_path / "J_Medline.txt"
    path.write_text(J_MEDLINE, encoding="utf-8")
    return path


# -- must show: the seed ----------------------------------------------------------------------------
def test_seed_gets_korean_j_pain_from_its_journal_description():
    [result] = converter.iter_results(SEED)
    assert result.item["container-title-short"] == "Korean J Pain"
    assert [(w.code, w.message) for w in result.warnings] == [
        ("abbrev-from-input", "journal abbreviation 'Korean J Pain' taken from the journal description")]
    assert list(result.item)[:7] == ["id", "type", "title", "author", "container-title", "container-title-short",
                                     "volume"]


# -- must show: accuracy over the table ----------------------------------------------------------------
def test_table_has_over_a_hundred_sourced_pairs():
    rows = abbrev_accuracy.read_table()
    assert len(rows) == 107
    assert all(row["title"] and row["nlm_abbreviation"] and row["source"] for row in rows)
    assert len({row["title"] for row in rows}) == len(rows)


def test_j_medline_sample_is_the_table():
    assert (DATA / "J_Medline_sample.txt").read_text(encoding="utf-8") == \
        abbrev_accuracy.to_j_medline(abbrev_accuracy.read_table())


def test_iso4_fallback_alone_is_at_least_75_percent_exact(capsys):
    rows = abbrev_accuracy.read_table()
    share, misses = abbrev_accuracy.accuracy(rows, AbbreviationSettings())
    print(f"ISO 4 fallback alone: {len(rows) - len(misses)}/{len(rows)} = {share:.1%}")
    assert share >= 0.75
    assert len(misses) == 16  # 91/107 = 85.0% with pyiso4 0.1.6 (LTWA 2021-07-02)
    assert ("Vision Research", "Vision Res", "Vis Res") in misses


def test_with_the_j_medline_list_every_pair_is_exact():
    rows = abbrev_accuracy.read_table()
    journals = JournalList.load(DATA / "J_Medline_sample.txt")
    share, misses = abbrev_accuracy.accuracy(rows, AbbreviationSettings(journals=journals))
    print(f"with the J_Medline list: {share:.1%}")
    assert (share, misses) == (1.0, [])
    assert abbrev_accuracy.short_title("Vision Research", AbbreviationSettings(journals=journals)) == \
        ("Vision Res", ["abbrev-from-list"])


def test_benchmark_script_prints_both_figures():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "abbrev_accuracy.py")], capture_output=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode().splitlines() == [
        "107 journals (tests/data/journal_abbreviations.csv)",
        "ISO 4 fallback alone:       91/107 exact = 85.0%",
        "with a J_Medline.txt list:  107/107 exact = 100.0%"]


# -- must show: collisions and unknown titles -----------------------------------------------------------
def test_title_collision_leaves_the_field_out_with_a_warning_and_no_iso4_guess(medline):
    settings = resolve_settings(True, medline)
    item, notes = step(article("Acta Anatomica"), settings)
    assert "container-title-short" not in item
    assert [code for code, _ in notes] == ["abbrev-collision"]
    assert notes[0][1] == ("the journal list gives different abbreviations for title 'Acta Anatomica'; "
                           "container-title-short left out")


def test_issn_collision_leaves_the_field_out(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("title,abbreviation,issn\nJournal A,J A,1234-5678\nJournal B,J B,1234-5678\n", encoding="utf-8")
    item, notes = step(article("Journal A", ISSN="1234-5678"), resolve_settings(True, path))
    assert "container-title-short" not in item
    assert [code for code, _ in notes] == ["abbrev-collision"]


def test_issn_disambiguates_a_title_collision(medline):
    item, notes = step(article("Acta anatomica", ISSN="0001-5180"), resolve_settings(True, medline))
    assert item["container-title-short"] == "Acta Anat (Basel)"
    assert notes == [("abbrev-from-list", "journal abbreviation 'Acta Anat (Basel)' from the journal list "
                                          "(ISSN 0001-5180)")]


def test_unknown_title_leaves_the_field_out_with_a_warning():
    item, notes = step(article("中华医学杂志"))
    assert "container-title-short" not in item
    assert notes == [("abbrev-unknown", "no abbreviation known for '中华医学杂志'; container-title-short left out")]


def test_title_missing_from_the_list_without_iso4_is_unknown(medline):
    settings = AbbreviationSettings(journals=load_journal_list(medline), compute=False)
    item, notes = step(article("Korean Journal of Pain"), settings)
    assert "container-title-short" not in item
    assert [code for code, _ in notes] == ["abbrev-unknown"]


# -- the journal list ---------------------------------------------------------------------------------------
def test_j_medline_is_read_with_issn_and_title_indexes(medline):
    journals = JournalList.load(medline)
    assert len(journals) == 4
    assert journals.lookup("Something else", ["1474-547X"]) == ("found", "Lancet", "ISSN 1474-547X")
    assert journals.lookup("The Lancet", []) == ("found", "Lancet", "title 'The Lancet'")  # via the main title
    assert journals.lookup("Journal of Pain & Symptom Management", []) == \
        ("found", "J Pain Symptom Manage", "title 'Journal of Pain & Symptom Management'")
    assert journals.lookup("Acta Anatomica", []) == ("collision", None, "title 'Acta Anatomica'")
    assert journals.lookup("Nature", []) == ("missing", None, "")


def test_list_beats_iso4_and_issn_comes_from_the_item(medline):
    settings = resolve_settings(True, medline)
    assert step(article("Journal of Pain and Symptom Management"))[0]["container-title-short"] == "J Pain Symptom Manag"
    item, notes = step(article("J. pain symptom manag.", ISSN="0885-3924"), settings)
    assert item["container-title-short"] == "J Pain Symptom Manage"
    assert notes[0][0] == "abbrev-from-list"


@pytest.mark.parametrize("text", [
    "title,abbreviation\nKorean Journal of Pain,Korean J Pain\n",
    "Korean Journal of Pain,Korean J Pain\n",
    "Korean Journal of Pain\tKorean J Pain\n",
    "Korean Journal of Pain;Korean J Pain\n",
])
def test_two_column_csv(tmp_path, text):
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    journals = JournalList.load(path)
    assert len(journals) == 1
    assert journals.lookup("Korean journal of pain", []) == ("found", "Korean J Pain", "title 'Korean journal of pain'")


def test_unreadable_or_empty_list_is_a_usage_error(tmp_path):
    with pytest.raises(converter.ConversionError) as error:
        JournalList.load(tmp_path / "missing.txt")
    assert error.value.code == "usage" and "cannot read the journal list" in error.value.reason
    (tmp_path / "empty.csv").write_text("just one column\n", encoding="utf-8")
    with pytest.raises(converter.ConversionError, match="holds no journal"):
        JournalList.load(tmp_path / "empty.csv")


def test_list_is_loaded_once_per_convert(medline, monkeypatch):
    import converter.journals as journals

    calls = []

    class Loaded(dict):  # the cache of loaded lists, counting what it is given (a load each)
        def __setitem__(self, key, value):
            calls.append(key)
            super().__setitem__(key, value)

    # the cache, not JournalList.load, is replaced: a class of the compiled build takes no new attribute
    monkeypatch.setattr(journals, "_LOADED", Loaded())
    report = converter.convert([SEED, SEED, SEED], "csl-json", journals=medline)
    assert report.written == 3 and len(calls) == 1
    converter.read(SEED, journals=medline)
    assert len(calls) == 1  # cached by path, size and modification time


def test_environment_variable_names_the_list(medline, monkeypatch):
    record = json.dumps({"paperId": "1" * 40, "title": "T", "journal": {"name": "Journal of pain and symptom management"}})
    monkeypatch.setenv("CITECONV_JOURNALS", str(medline))
    assert converter.read(record)[0]["container-title-short"] == "J Pain Symptom Manage"
    assert converter.read(record, journals=DATA / "J_Medline_sample.txt")[0]["container-title-short"] == \
        "J Pain Symptom Manag"  # an explicit list wins; not in it, so ISO 4
    monkeypatch.delenv("CITECONV_JOURNALS")
    assert converter.read(record)[0]["container-title-short"] == "J Pain Symptom Manag"


# -- evidence from the input ------------------------------------------------------------------------------
def s2_result(**fields):
    [result] = converter.iter_results(json.dumps({"paperId": "2" * 40, "title": "T", **fields}))
    return result.item, [(w.code, w.message) for w in result.warnings]


def test_s2_alternate_names_abbreviation():
    item, notes = s2_result(journal={"name": "Eurosurveillance"}, venue="Eurosurveillance",
                            publicationVenue={"id": "x", "name": "Eurosurveillance", "type": "journal",
                                              "alternate_names": ["Euro surveill", "Euro Surveill"]})
    assert item["container-title-short"] == "Euro Surveill"
    assert notes == [("abbrev-from-input", "journal abbreviation 'Euro Surveill' taken from the venue's alternate names")]
    assert EVIDENCE_KEY not in item


def test_s2_journal_name_that_is_already_an_abbreviation():
    item, notes = s2_result(journal={"name": "Artif. Intell. Rev."}, venue="Artificial Intelligence Review")
    assert (item["container-title"], item["container-title-short"]) == ("Artificial Intelligence Review",
                                                                        "Artif Intell Rev")
    assert notes == [("abbrev-from-input", "journal name 'Artif. Intell. Rev.' abbreviates the venue 'Artificial "
                                           "Intelligence Review': the venue is the container title, 'Artif Intell "
                                           "Rev' the short title")]


def test_s2_full_journal_name_from_the_venue_kept_without_the_abbreviation_step():
    [item] = converter.read(json.dumps({"paperId": "2" * 40, "title": "T", "journal": {"name": "Discret. Appl. Math."},
                                        "publicationVenue": {"id": "x", "name": "Discrete Applied Mathematics",
                                                             "type": "journal"}}), abbreviations=False)
    assert (item["container-title"], item["container-title-short"]) == ("Discrete Applied Mathematics",
                                                                        "Discret Appl Math")


@pytest.mark.parametrize("journal_name, venue, alternates, full", [
    ("Artif. Intell. Rev.", "Artificial Intelligence Review", [], "Artificial Intelligence Review"),
    ("Comput. Hum. Behav.", "Computers in Human Behavior", [], "Computers in Human Behavior"),
    ("J Comput Syst Sci", "Journal of computer and system sciences (Print)", [],
     "Journal of computer and system sciences"),
    ("PNAS", "Proceedings of the National Academy of Sciences", ["PNAS", "Proc Natl Acad Sci U S A"],
     "Proceedings of the National Academy of Sciences"),
    # not abbreviations: a merged venue's full alternate name, a plural variant, an NLM qualifier, an acronym
    # that is not listed
    ("Molecular Cell", "Molecules and Cells", ["Molecular Cell"], None),
    ("Journal of Communication", "Journal of Communications", [], None),
    ("Nutrition", "Nutrition (Burbank, Los Angeles County, Calif.)", [], None),
    ("Mind", "The Philosophy of Artificial Intelligence", [], None),
    ("TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", [], None),
])
def test_full_title_of(journal_name, venue, alternates, full):
    assert full_title_of(journal_name, [venue], alternates) == full


def test_s2_alternate_names_that_are_not_abbreviations_are_ignored():
    item, notes = s2_result(journal=None, publicationVenue={"id": "x", "name": "PLoS ONE", "type": "journal",
                                                            "alternate_names": ["Plo ONE", "PLOS ONE", "PLoS One"]})
    assert item["container-title-short"] == "PLoS ONE"
    assert [code for code, _ in notes] == ["abbrev-computed"]


def test_s2_alternate_names_that_disagree_give_no_input_abbreviation():
    item, notes = s2_result(journal={"name": "Journal of Pain Research"},
                            publicationVenue={"id": "x", "name": "Journal of Pain Research",
                                              "alternate_names": ["J Pain Res", "J Pain Resear"]})
    assert item["container-title-short"] == "J Pain Res"
    assert [code for code, _ in notes] == ["abbrev-computed"]


def test_booksci_description_acronym_alone_is_not_an_abbreviation():
    text = SEED.read_text(encoding="utf-8").replace("(Korean J Pain, KJP)", "(KJP)")
    [result] = converter.iter_results(text)
    assert result.item["container-title-short"] == "Korean J Pain"
    assert [w.code for w in result.warnings] == ["abbrev-computed"]


def test_input_abbreviation_beats_the_list(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Korean Journal of Pain,Wrong Abbr\n", encoding="utf-8")
    [result] = converter.iter_results(SEED, journals=path)
    assert result.item["container-title-short"] == "Korean J Pain"


@pytest.mark.parametrize("candidate, title, expected", [
    ("Korean J Pain", "Korean Journal of Pain", True),
    ("KJP", "Korean Journal of Pain", False),
    ("Korean J", "Korean Journal of Pain", False),
    ("Korean Journal of Pain", "Korean Journal of Pain", False),
    ("J Natl Cancer Inst", "Journal of the National Cancer Institute", True),
    ("Euro Surveill", "Eurosurveillance", True),
    ("Plo ONE", "PLoS ONE", False),
    ("Annu Meet Assoc Comput Linguistics", "Annual Meeting of the Association for Computational Linguistics", True),
    ("Meet Assoc Comput Linguistics", "Annual Meeting of the Association for Computational Linguistics", False),
    ("ISSN 2077-0383", "Journal of Clinical Medicine", False),
])
def test_abbreviates(candidate, title, expected):
    assert abbreviates(candidate, title) is expected


@pytest.mark.parametrize("title, expected", [
    ("Korean Journal of Pain", "Korean J Pain"),
    ("IEEE transactions on neural systems and rehabilitation engineering", "IEEE Trans Neural Syst Rehabil Eng"),
    ("Academic medicine : journal of the Association of American Medical Colleges", "Acad Med"),
    ("Journal of Public Health Policy", "J Public Health Policy"),  # "health" is not abbreviated (LTWA)
    ("Family Process", "Fam Process"),  # pyiso4 alone raises IndexError here
    ("Acta Paediatrica. Supplement", "Acta Paediatr Suppl"),
    ("Ticks and Tick-borne Diseases", "Ticks Tick Borne Dis"),
    ("Nature", "Nature"),
    ("中华医学杂志", None),
])
def test_compute_nlm(title, expected):
    assert compute_nlm(title) == expected


# -- options, types, purity -----------------------------------------------------------------------------------
def test_abbreviations_off():
    [result] = converter.iter_results(SEED, abbreviations=False)
    assert "container-title-short" not in result.item and EVIDENCE_KEY not in result.item
    assert result.warnings == []
    assert "container-title-short" not in converter.read(SEED, abbreviations=False)[0]


def test_existing_short_title_and_non_journal_types_are_left_alone():
    item, notes = step(article("Korean Journal of Pain", **{"container-title-short": "KJP"}))
    assert (item["container-title-short"], notes) == ("KJP", [])
    item, notes = step({"type": "paper-conference", "container-title": "Annual Meeting of the ACL"})
    assert ("container-title-short" not in item, notes) == (True, [])


def test_evidence_never_reaches_an_item():
    for path in sorted((ROOT / "fixtures").glob("*/*")):
        if path.name.endswith(".expected.json") or path.suffix in (".md", ".golden"):
            continue
        for abbreviations in (True, False):  # errors="skip": fixtures/bibtex holds an entry broken on purpose
            for item in converter.read(path, warnings=[], abbreviations=abbreviations, errors="skip"):
                assert EVIDENCE_KEY not in item


def test_read_does_not_report_the_notes_but_iter_results_does():
    warnings: list = []
    converter.read(SEED, warnings=warnings)
    assert warnings == []
    report = converter.convert(SEED, "csl-json")
    assert [w.code for w in report.warnings] == ["abbrev-from-input"]
    assert report.summary().endswith("0 warning(s)")


def test_convert_record_with_a_list_is_picklable(medline):
    [raw] = list(iter_raw(SEED))
    settings = resolve_settings(True, medline)
    function = pickle.loads(pickle.dumps(convert_record))
    result = function(pickle.loads(pickle.dumps(raw)), pickle.loads(pickle.dumps(settings)))
    assert result.item == convert_record(raw, settings).item
    assert result.item["container-title-short"] == "Korean J Pain"


# -- command line ---------------------------------------------------------------------------------------------
def citeconv(*args, env=None):
    environment = {key: value for key, value in os.environ.items() if key != "CITECONV_JOURNALS"}
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True,
                          cwd=ROOT, timeout=60, env={**environment, **(env or {})})


def test_cli_journals_verbose_and_no_abbreviations(medline, tmp_path):
    record = tmp_path / "in.json"
    record.write_text(json.dumps({"paperId": "3" * 40, "title": "T",
                                  "journal": {"name": "Journal of pain and symptom management"}}))
    run = citeconv(record, "--to", "csl-json", "--journals", medline, "-v")
    assert run.returncode == 0
    assert json.loads(run.stdout)[0]["container-title-short"] == "J Pain Symptom Manage"
    assert run.stderr.decode() == (f"citeconv: {record}:line 1: note: journal abbreviation 'J Pain Symptom Manage' "
                                   "from the journal list (title 'Journal of pain and symptom management') "
                                   "[abbrev-from-list]\n")
    run = citeconv(record, "--to", "csl-json", env={"CITECONV_JOURNALS": str(medline)})
    assert (json.loads(run.stdout)[0]["container-title-short"], run.stderr) == ("J Pain Symptom Manage", b"")
    run = citeconv(record, "--to", "csl-json", "--no-abbreviations", "--journals", medline)
    assert "container-title-short" not in json.loads(run.stdout)[0]


def test_cli_collision_is_printed_and_a_missing_list_is_a_usage_error(medline, tmp_path):
    record = tmp_path / "in.json"
    record.write_text(json.dumps({"paperId": "4" * 40, "title": "T", "journal": {"name": "Acta anatomica"}}))
    run = citeconv(record, "--to", "csl-json", "--journals", medline)
    assert run.returncode == 0 and "container-title-short" not in json.loads(run.stdout)[0]
    assert run.stderr.decode() == (f"citeconv: {record}:line 1: warning: the journal list gives different abbreviations "
                                   "for title 'Acta anatomica'; container-title-short left out [abbrev-collision]\n")
    run = citeconv(record, "--to", "csl-json", "--journals", tmp_path / "nope.txt")
    assert run.returncode == 2
    assert run.stderr.decode() == f"citeconv: --journals {tmp_path / 'nope.txt'}: no such file\n"


def test_an_output_that_prints_no_abbreviation_skips_the_step(tmp_path):
    """BibTeX prints no journal abbreviation: the batch does not look one up, so a journal with none known
    gives no abbrev-unknown warning there, while RIS (J2) still gets it."""
    import converter

    source = tmp_path / "one.json"
    source.write_text(json.dumps({"paperId": "a" * 40, "title": "T", "year": 2020, "venue": "中华医学杂志",
                                  "publicationTypes": ["JournalArticle"], "journal": {"name": "中华医学杂志"}}),
                      encoding="utf-8")
    codes = {to: converter.convert([source], to=to, out=None).warning_counts for to in ("bibtex", "ris")}
    assert "abbrev-unknown" not in codes["bibtex"]
    assert codes["ris"]["abbrev-unknown"] == 1
