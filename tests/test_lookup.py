"""Identifiers as an input (converter.lookup, converter.Identifiers, read/convert): batches, the
records and errors they give, the disk cache, --offline, and batches the API refuses as a whole."""
import json

import pytest
from lookup_server import Canned, FakeGraphApi

import converter
from converter.lookup import NOT_FOUND_DAYS, Identifiers, lookup
from converter.s2api import FIELDS, Timing

KJP_SHA = "3f1c0e5a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e"


@pytest.fixture(autouse=True)
def no_outside_settings(monkeypatch, tmp_path):
    """No key or URL from the environment, and the user cache directory inside the test's own folder."""
    monkeypatch.delenv("S2_API_KEY", raising=False)
    monkeypatch.delenv("S2_API_URL", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def fast():
    return Timing(min_interval=0.0, backoff=0.01, jitter=lambda: 0.0)


def generated(count, start=0):
    return [f"10.5555/gen.{number}" for number in range(start, start + count)]


def test_lookup_yields_raw_s2_records_in_order_with_errors_named(api, tmp_path):
    ids = ["10.3344/kjp.24393", "PMID:1", "PMID:x", "arXiv:2106.15928"]
    records = list(lookup(ids, api_url=api.url, cache=tmp_path / "cache", timing=fast()))
    assert [(record.file, record.record, record.format) for record in records] == [
        ("<identifiers>", "10.3344/kjp.24393", "s2"), ("<identifiers>", "PMID:1", None),
        ("<identifiers>", "PMID:x", None), ("<identifiers>", "arXiv:2106.15928", "s2")]
    assert records[0].data["paperId"] == KJP_SHA
    assert str(records[1].error) == "<identifiers>:PMID:1: Semantic Scholar does not know this paper (PMID:1)"
    assert records[1].error.code == "not-found"
    assert str(records[2].error) == "<identifiers>:PMID:x: 'PMID:x' is not a valid pmid identifier (expected digits)"
    assert api.batches() == [["DOI:10.3344/kjp.24393", "PMID:1", "ARXIV:2106.15928"]]  # never the malformed one


def test_1200_identifiers_make_3_batches_of_at_most_500(api, tmp_path):
    records = list(lookup(generated(1200), api_url=api.url, cache=False, timing=fast()))
    assert [len(batch) for batch in api.batches()] == [500, 500, 200]
    assert [record.data["title"] for record in records] == [f"Generated record number {n}" for n in range(1200)]
    assert api.batches()[1][0] == "DOI:10.5555/gen.500"


def test_a_repeated_identifier_is_asked_once(api):
    records = list(lookup(["PMID:19872477", "pmid:19872477", "PMC2781234"], api_url=api.url, cache=False,
                          timing=fast()))
    assert api.batches() == [["PMID:19872477", "PMCID:2781234"]]
    assert {record.data["paperId"] for record in records} == {"9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a392817065"}


def test_a_second_run_makes_no_request(api, tmp_path):
    ids = ["10.3344/kjp.24393", "PMID:1", "arXiv:2106.15928"]
    first = [record.data for record in lookup(ids, api_url=api.url, cache=tmp_path, timing=fast())]
    second_source = Identifiers(ids, api_url=api.url, cache=tmp_path, timing=fast())
    second = [record.data for record in second_source.raw_records()]
    assert first == second and len(api.requests) == 1 and second_source.requests == 0
    assert second[1] is None  # "not found" is remembered too (for a day)


def test_the_cache_is_keyed_by_fields_and_api_url(api, tmp_path):
    other = FakeGraphApi()
    other.start()
    try:
        for api_url, fields in ((api.url, FIELDS), (api.url, "title"), (other.url, FIELDS), (api.url + "/", FIELDS),
                                (api.url, "title")):
            list(lookup(["PMID:19872477"], api_url=api_url, cache=tmp_path, timing=fast(), fields=fields))
    finally:
        other.stop()
    assert [request.query["fields"] for request in api.requests] == [[FIELDS], ["title"]]
    assert len(other.requests) == 1


def test_old_not_found_answers_and_damaged_entries_are_asked_again(api, tmp_path):
    list(lookup(["PMID:1", "PMID:19872477"], api_url=api.url, cache=tmp_path, timing=fast()))
    entries = {json.loads(path.read_text())["id"]: path for path in tmp_path.rglob("*.json")}
    assert sorted(entries) == ["PMID:1", "PMID:19872477"]
    stale = json.loads(entries["PMID:1"].read_text())
    stale["time"] -= NOT_FOUND_DAYS * 86400 + 1
    entries["PMID:1"].write_text(json.dumps(stale))
    entries["PMID:19872477"].write_text("{broken")
    list(lookup(["PMID:1", "PMID:19872477"], api_url=api.url, cache=tmp_path, timing=fast()))
    assert api.batches() == [["PMID:1", "PMID:19872477"]] * 2
    assert json.loads(entries["PMID:19872477"].read_text())["paper"]["externalIds"]["PubMed"] == "19872477"


def test_no_cache_reads_and_writes_nothing(api, tmp_path):
    for _ in range(2):
        list(lookup(["PMID:19872477"], api_url=api.url, cache=False, timing=fast()))
    assert len(api.requests) == 2
    assert not (tmp_path / "xdg-cache").exists()


def test_the_default_cache_is_the_user_cache_directory(api, tmp_path):
    list(lookup(["PMID:19872477"], api_url=api.url, timing=fast()))
    assert len(list((tmp_path / "xdg-cache" / "citeconv" / "s2").rglob("*.json"))) == 1


def test_offline_uses_the_cache_only_and_names_what_is_missing(api, tmp_path):
    list(lookup(["PMID:19872477"], api_url=api.url, cache=tmp_path, timing=fast()))
    records = list(lookup(["PMID:19872477", "10.3344/kjp.24393"], api_url=api.url, cache=tmp_path, offline=True))
    assert records[0].data["externalIds"]["PubMed"] == "19872477"
    assert records[1].error.reason == "not in the cache (DOI:10.3344/kjp.24393); offline, so not looked up"
    assert records[1].error.code == "offline-miss"
    assert len(api.requests) == 1
    with pytest.raises(converter.ConversionError, match="offline needs the cache"):
        Identifiers(["PMID:1"], offline=True, cache=False)


def test_when_retries_are_spent_the_ids_of_that_batch_fail_each_named_and_the_rest_come(api):
    api.script = [Canned(503, {"message": "Service Unavailable"})] * 2
    timing = Timing(min_interval=0.0, backoff=0.01, retries=1)
    records = list(lookup(generated(501), api_url=api.url, cache=False, timing=timing))
    assert [len(batch) for batch in api.batches()] == [500, 500, 1]
    failed = [record for record in records if record.error is not None]
    assert len(failed) == 500 and records[500].data["title"] == "Generated record number 500"
    assert failed[7].error.reason == ("lookup of DOI:10.5555/gen.7 failed: HTTP 503: Service Unavailable "
                                      "(gave up after 2 tries)")
    assert failed[7].error.code == "lookup-failed"


def test_a_batch_refused_as_a_whole_is_halved_until_the_bad_id_is_asked_alone(api):
    api.reject = {"DOI:10.5555/gen.5"}
    records = list(lookup(generated(8), api_url=api.url, cache=False, timing=fast()))
    assert [[paper_id.rsplit(".", 1)[1] for paper_id in batch] for batch in api.batches()] == [
        list("01234567"), list("0123"), list("4567"), list("45"), list("4"), list("5"), list("67")]
    assert [(request.method, request.path) for request in api.requests][-2] == (
        "GET", "/graph/v1/paper/DOI:10.5555/gen.5")  # the single GET, where batch cannot serve
    assert [record.error is None for record in records] == [True] * 5 + [False] + [True] * 2
    assert records[5].error.reason == ("lookup of DOI:10.5555/gen.5 failed: "
                                       "HTTP 400: Unacceptable paper id DOI:10.5555/gen.5")


def test_an_ids_file_names_each_line(api, tmp_path):
    ids = tmp_path / "dois.txt"
    ids.write_text("\ufeff# my reading list\n10.3344/kjp.24393\n\n  PMID:1   # unknown\nPMID:abc\n"
                   "arXiv:2106.15928\n", encoding="utf-8")
    source = Identifiers.from_file(ids, api_url=api.url, cache=False, timing=fast())
    records = list(source.raw_records())
    assert [record.record for record in records] == ["line 2", "line 4", "line 5", "line 6"]
    assert str(records[1].error) == f"{ids}:line 4: PMID:1: Semantic Scholar does not know this paper (PMID:1)"
    assert str(records[2].error) == (f"{ids}:line 5: PMID:abc: 'PMID:abc' is not a valid pmid identifier "
                                     "(expected digits)")
    assert api.batches() == [["DOI:10.3344/kjp.24393", "PMID:1", "ARXIV:2106.15928"]]


def test_read_looks_an_identifier_up_and_maps_it(api, monkeypatch):
    monkeypatch.setenv("S2_API_URL", api.url)
    [item] = converter.read("https://doi.org/10.3344/kjp.24393")
    assert (item["id"], item["DOI"], item["page"], item["container-title"]) == (
        "kim2025ultrasound", "10.3344/kjp.24393", "12-24", "The Korean Journal of Pain")
    assert api.batches() == [["DOI:10.3344/kjp.24393"]]


def test_read_raises_for_an_unknown_identifier(api, monkeypatch):
    monkeypatch.setenv("S2_API_URL", api.url)
    with pytest.raises(converter.ConversionError, match="Semantic Scholar does not know this paper"):
        converter.read("PMID:1")


def test_an_existing_file_named_like_an_identifier_is_read_as_a_file(api, tmp_path, monkeypatch):
    monkeypatch.setenv("S2_API_URL", api.url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "PMC2781234").write_text(json.dumps({"paperId": KJP_SHA, "title": "From the file"}))
    assert [item["title"] for item in converter.read("PMC2781234")] == ["From the file"]
    assert api.requests == []


def test_convert_takes_identifiers_sources(api, tmp_path):
    source = Identifiers(generated(3) + ["PMID:1"], api_url=api.url, cache=False, timing=fast())
    report = converter.convert([source], to="csl-json")
    assert (report.records, report.written, report.failed) == (4, 3, 1)
    assert [item["title"] for item in json.loads(report.output)] == [
        "Generated record number 0", "Generated record number 1", "Generated record number 2"]
    assert report.errors[0].record == "PMID:1"


def test_a_progress_bar_counts_the_ids_looked_up(api, capsys):
    source = Identifiers(generated(1200), api_url=api.url, cache=False, timing=fast(), progress=True)
    assert len(list(source.raw_records())) == 1200
    bar = capsys.readouterr().err
    assert "looking up" in bar and "1200 ids" in bar  # the final count, shown when the bar closes


def test_identifiers_work_with_worker_processes(api, tmp_path):
    source = Identifiers(generated(600), api_url=api.url, cache=False, timing=fast())
    report = converter.convert([source], to="bibtex", jobs=2)
    assert (report.written, report.failed) == (600, 0) and report.output.count("@article{") == 600
    assert [len(batch) for batch in api.batches()] == [500, 100]


def test_one_identifier_as_a_string_is_one_identifier(api):
    records = list(Identifiers("PMID:19872477", api_url=api.url, cache=False, timing=fast()).raw_records())
    assert [record.record for record in records] == ["PMID:19872477"]


def test_an_ids_file_can_be_read_twice_and_a_line_that_is_not_utf8_fails_alone(api, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_bytes(b"PMID:19872477\n10.3344/kjp.\xff24393\narXiv:2106.15928\n")
    source = Identifiers.from_file(ids, api_url=api.url, cache=tmp_path / "cache", timing=fast())
    first, second = list(source.raw_records()), list(source.raw_records())
    assert [record.format for record in first] == [record.format for record in second] == ["s2", None, "s2"]
    assert first[1].record == "line 2" and first[1].error.reason.endswith("is not UTF-8 text")
    assert len(api.requests) == 1


def test_when_every_batch_is_refused_the_halving_stops(api):
    api.reject = {f"DOI:10.5555/gen.{n}" for n in range(500)}
    records = list(lookup(generated(500), api_url=api.url, cache=False, timing=fast()))
    assert len(api.requests) == 24  # the halving stops after 24 refusals
    assert all(record.error is not None for record in records)
    assert records[0].error.reason == ("lookup of DOI:10.5555/gen.0 failed: HTTP 400: Unacceptable paper id "
                                       "DOI:10.5555/gen.0")  # asked alone (GET) before the halving stopped
    assert records[-1].error.reason == ("lookup of DOI:10.5555/gen.499 not tried: the API refused 24 requests "
                                        "(the last: HTTP 400: Unacceptable paper id DOI:10.5555/gen.5)")


def test_a_server_without_the_batch_endpoint_is_asked_one_id_at_a_time(api):
    api.no_batch = True
    records = list(lookup(["10.3344/kjp.24393", "PMID:1", "arXiv:2106.15928"], api_url=api.url, cache=False,
                          timing=fast()))
    assert [(request.method, request.path) for request in api.requests] == [
        ("POST", "/graph/v1/paper/batch"), ("GET", "/graph/v1/paper/DOI:10.3344/kjp.24393"),
        ("GET", "/graph/v1/paper/PMID:1"), ("GET", "/graph/v1/paper/ARXIV:2106.15928")]
    assert [record.format for record in records] == ["s2", None, "s2"]
    assert records[1].error.reason == "Semantic Scholar does not know this paper (PMID:1)"
