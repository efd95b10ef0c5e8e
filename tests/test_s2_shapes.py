"""Every S2 response shape (converter/adapters/s2_shapes.py): the papers each holds, and the objects that
hold none, which are errors naming what they are (never an invented item), through the real command line.
The shapes' items are the goldens of fixtures/s2 (title_match_data_only, recommended_papers, …)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from converter.adapters.s2_shapes import papers_of
from converter.errors import ConversionError

ROOT = Path(__file__).parent.parent
NOT_PAPERS = ROOT / "tests" / "data" / "s2_not_papers"
FIXTURES = ROOT / "fixtures" / "s2"
P1, P2 = {"paperId": "a" * 40, "title": "One"}, {"paperId": "b" * 40, "title": "Two"}


@pytest.mark.parametrize("value, papers", [
    (P1, [P1]),
    ([P1, None, P2], [P1, None, P2]),
    ({"data": [P1, P2]}, [P1, P2]),  # title match: no total/offset
    ({"total": 2, "offset": 0, "next": 2, "data": [P1]}, [P1]),
    ({"total": 1843, "token": "PCOA3R", "data": [P1]}, [P1]),
    ({"offset": 0, "data": [P1]}, [P1]),  # author papers
    ({"total": 0, "offset": 0}, []),  # an empty search page
    ({"data": []}, []),
    ({"recommendedPapers": [P1, P2]}, [P1, P2]),
    ({"offset": 0, "next": 1, "data": [{"contexts": [], "intents": [], "isInfluential": False, "citingPaper": P1}]},
     [P1]),
    ({"data": [{"citedPaper": P2}, {"citedPaper": None}]}, [P2, None]),
    ({"contexts": ["[4]"], "citingPaper": P1}, [P1]),
    ({"authorId": "1", "name": "A. Turing", "papers": [P1, P2]}, [P1, P2]),
    ({"data": [{"authorId": "1", "name": "A", "papers": [P1]}, {"authorId": "2", "name": "B", "papers": [P2]}]},
     [P1, P2]),
    # an author without papers inside a page stays, for its record to be reported
    ({"data": [P1, {"authorId": "7", "name": "C"}]}, [P1, {"authorId": "7", "name": "C"}]),
    # not shapes: a CSL-JSON item, a page key beside other keys
    ({"id": "x", "type": "book", "title": "T"}, [{"id": "x", "type": "book", "title": "T"}]),
    ({"data": [P1], "paperId": "c" * 40}, [{"data": [P1], "paperId": "c" * 40}]),
])
def test_papers_of(value, papers):
    assert papers_of(value) == papers


@pytest.mark.parametrize("value, message", [
    ({"message": "Internal Server Error"}, "not a paper: an S2 API error response: 'Internal Server Error'"),
    ({"error": "Requested object not found"}, "not a paper: an S2 API error response: 'Requested object not found'"),
    ({"authorId": "1", "name": "A. Turing", "papers": []},
     "not a paper: an S2 author (authorId 1, 'A. Turing') whose papers list is empty"),
    ({"authorId": "1"}, "not a paper: an S2 author (authorId 1) without papers; request the author's papers "
                        "(fields=papers.title,…)"),
    (42, "expected a JSON object or array, found int"),
])
def test_objects_that_hold_no_paper_raise(value, message):
    with pytest.raises(ConversionError) as caught:
        papers_of(value)
    assert caught.value.reason == message


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True,
                          timeout=120, cwd=ROOT)


AUTHOR_HINT = "without papers; request the author's papers (fields=papers.title,…)"


@pytest.mark.parametrize("name, fmt, errors", [
    ("error_message.json", None, ["line 1: not a paper: an S2 API error response: 'Too Many Requests. Please wait "
                                  "and try again or apply for a key for higher rate limits.'"]),
    ("error_error_pretty.json", None, [" not a paper: an S2 API error response: 'Requested object not found'"]),
    ("author_no_papers.json", "s2", ["line 1: not a paper: an S2 author (authorId 1741101, 'Oren Etzioni') whose "
                                     "papers list is empty"]),
    ("author_without_papers_field.json", None, [f"line 1: not a paper: an S2 author (authorId 1741101, 'Oren "
                                                f"Etzioni') {AUTHOR_HINT}"]),
    ("datasets_release.json", "s2", ["0: not a paper: an object with no paper field (its keys: README, datasets, "
                                     "release_id)"]),
    ("datasets_release.json", None, ["0: cannot tell the record's format; name it with --from / format="]),
    ("page_with_an_author_line_and_error_line.jsonl", None, [
        f"line 1, record 1: not a paper: an S2 author (authorId 7, 'No Papers') {AUTHOR_HINT}",
        "line 2: not a paper: an S2 API error response: 'Unrecognized or unsupported fields: [foo]'"]),
])
def test_an_object_with_no_paper_is_an_error_never_an_item(name, fmt, errors):
    path = Path("tests/data/s2_not_papers") / name
    run = cli(path, "--to", "csl-json", *(["--from", fmt] if fmt else []))
    lines = run.stderr.decode("utf-8").splitlines()
    assert run.returncode == 1
    assert [line for line in lines if not line.startswith("citeconv: 1 file(s)")] == \
        [f"citeconv: {path}:{error}" for error in errors]
    items = json.loads(run.stdout)
    assert [item["title"] for item in items] == (["Kept"] if name.startswith("page_") else [])


@pytest.mark.parametrize("fmt", [None, "s2"])
def test_an_empty_search_page_is_no_record_and_exit_0(fmt):
    run = cli(FIXTURES / "empty_search_page.json", "--to", "apa", *(["--from", fmt] if fmt else []))
    assert (run.returncode, run.stdout, run.stderr) == (0, b"", b"")


@pytest.mark.parametrize("name", ["citations_page_citing_paper.json", "author_with_papers.json",
                                  "recommended_papers.json"])
def test_wrappers_never_become_an_anonymous_item_with_from_s2(name):
    run = cli(FIXTURES / name, "--to", "csl-json", "--from", "s2")
    items = json.loads(run.stdout)
    assert run.returncode == 0 and items
    assert [item for item in items if item["id"].startswith("anon") or "title" not in item] == []
