"""Batch conversion: streaming equals whole writes, workers keep the order, split, dedupe, errors file."""
import io
import json
import os
import stat
from pathlib import Path

import pytest

import converter
from converter.inputs import expand_sources
from converter.writers import STREAMS

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
RECORD = {"paperId": "a" * 40, "title": "Deep learning", "authors": [{"authorId": "1", "name": "Ann Lee"}],
          "year": 2020}


def all_items() -> list[dict]:
    return json.loads(converter.convert([FIXTURES], "csl-json").output)


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_streamed_output_equals_the_writers_output(name):
    items = all_items()
    assert converter.convert([json.dumps(items)], name).output == converter.write(items, name, warnings=[])
    assert converter.convert(["[]"], name).output == converter.write([], name, warnings=[])


def _with_id(item: dict, new_id: str) -> dict:
    return {"id": new_id, **{key: value for key, value in item.items() if key != "id"}}


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_rekeyed_entry_equals_the_entry_rendered_again(name):
    stream = STREAMS[name]()
    moved = 0
    for item in all_items():
        old = stream.entry(_with_id(item, item["id"]), [])
        rekeyed = stream.rekey(old, item["id"], item["id"] + "b")
        if rekeyed is not None:
            moved += 1
            assert rekeyed == stream.entry(_with_id(item, item["id"] + "b"), [])
    assert moved >= 70  # of the 73 fixture items: only where the text cannot show the id as it is, rendering again


@pytest.mark.parametrize(("name", "item", "old"), [
    ("bibtex", {"id": "x y", "title": "T"}, "x y"),  # the key is not the id as it is
    ("bibtex", {"id": "smith2020", "type": "book"}, "smith2020"),  # no author or title: the key is in `key`
    ("ris", {"id": " padded", "title": "T"}, " padded"),  # the ID line trims it
    ("csl-json", {"title": "T", "id": "late"}, "late"),  # id not the first key
])
def test_rekey_declines_where_the_id_is_not_only_in_its_slot(name, item, old):
    stream = STREAMS[name]()
    assert stream.rekey(stream.entry(item, []), old, old + "a") is None


def test_entries_move_to_suffixed_ids_without_rendering_again(tmp_path, monkeypatch):
    path = tmp_path / "same.jsonl"
    path.write_text((json.dumps(RECORD) + "\n") * 3)
    monkeypatch.setattr("converter.workers.ChunkConverter.render", lambda *args: pytest.fail("rendered again"))
    report = converter.convert([path], "bibtex")
    assert [line for line in report.output.splitlines() if line.startswith("@")] == [
        "@misc{lee2020deep,", "@misc{lee2020deepa,", "@misc{lee2020deepb,"]


@pytest.mark.parametrize("to", ["csl-json", "ris"])
def test_two_workers_give_the_same_output_in_the_same_order(tmp_path, to):
    one = converter.convert([FIXTURES], to, jobs=1)
    two = converter.convert([FIXTURES], to, jobs=2)
    assert two.output == one.output
    assert two.summary() == one.summary()
    assert [str(e) for e in two.errors] == [str(e) for e in one.errors]


def test_workers_over_many_chunks_with_colliding_ids(tmp_path):
    path = tmp_path / "same.jsonl"
    path.write_text((json.dumps(RECORD) + "\n") * 700)
    report = converter.convert([path], "csl-json", jobs=2)
    ids = [item["id"] for item in json.loads(report.output)]
    assert ids[:3] == ["lee2020deep", "lee2020deepa", "lee2020deepb"]
    assert len(set(ids)) == 700 and ids == [item["id"] for item in json.loads(converter.convert([path], "csl-json").output)]


def test_split_writes_one_file_per_input(tmp_path):
    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "a.json").write_text(json.dumps(RECORD))
    (sources / "b.jsonl").write_text(json.dumps(RECORD) + "\n" + json.dumps(RECORD) + "\n")
    (sources / "bad.json").write_text("{cut")
    out = tmp_path / "out"
    out.mkdir()
    report = converter.convert([sources], "ris", out, split=True)
    assert sorted(path.name for path in out.iterdir()) == ["a.ris", "b.ris"]
    assert (out / "b.ris").read_text().count("ID  - lee2020deep") == 2  # ids unique per output file
    assert "ID  - lee2020deepa" in (out / "b.ris").read_text()
    assert report.outputs == [str(out / "a.ris"), str(out / "b.ris")]
    assert (report.files_failed, report.failed) == (1, 0)


def test_split_needs_an_output_directory(tmp_path):
    with pytest.raises(converter.ConversionError, match="split needs an existing output directory"):
        converter.convert([json.dumps(RECORD)], "ris", tmp_path / "missing", split=True)


def test_dedupe_by_doi_s2_id_and_corpus_id():
    records = [
        {**RECORD, "paperId": "1" * 40, "externalIds": {"DOI": "10.1000/X"}},
        {**RECORD, "paperId": "2" * 40, "externalIds": {"DOI": "10.1000/x"}},  # same DOI, other case
        {**RECORD, "paperId": "1" * 40},  # same S2 paper id
        {**RECORD, "paperId": "3" * 40, "corpusId": 9},
        {**RECORD, "paperId": "4" * 40, "corpusId": 9},  # same corpus id
        {**RECORD, "paperId": "5" * 40},
    ]
    report = converter.convert([json.dumps(records)], "csl-json", dedupe=True)
    assert [item["custom"]["S2PaperId"][0] for item in json.loads(report.output)] == ["1", "3", "5"]
    assert report.duplicates == 3
    assert [(w.record, w.message) for w in report.warnings if w.code == "duplicate"] == [
        (1, "duplicate of lee2020deep; left out"), (2, "duplicate of lee2020deep; left out"),
        (4, "duplicate of lee2020deepa; left out")]


def test_errors_file_has_one_json_line_per_failed_record(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(RECORD) + "\n" + '{"paperId": "zz", "title": "cut\n' + "[1]\n"
                    + json.dumps({"paperId": "yy", "title": "x", "journal": 5, "authors": [{"name": 3}]}) + "\n")
    errors = tmp_path / "errors.jsonl"
    report = converter.convert([path], "csl-json", errors_to=errors)
    lines = [json.loads(line) for line in errors.read_text().splitlines()]
    assert lines == [
        {"file": str(path), "record": "line 2", "reason": "invalid JSON: Unterminated string starting at "
         "(line 1, column 28)", "code": "invalid-json", "id": None},
        {"file": str(path), "record": "line 3", "reason": "expected an object, found list", "code": "not-an-object",
         "id": None},
    ]
    assert report.written == 2
    csl = tmp_path / "items.json"
    csl.write_text(json.dumps([{"id": "ok", "type": "book"}, {"id": "bad1", "type": "book", "issued": "2020"}]))
    converter.convert([csl], "csl-json", errors_to=errors)
    [line] = [json.loads(line) for line in errors.read_text().splitlines()]
    assert (line["record"], line["code"], line["id"]) == (1, "invalid-csl", "bad1")


def test_warnings_streamed_to_a_callback_are_counted_not_kept():
    seen = []
    report = converter.convert([json.dumps([None, None, RECORD])], "csl-json", on_warning=seen.append)
    assert [w.code for w in seen] == ["null-record", "null-record"]
    assert report.warnings == [] and report.warning_counts == {"null-record": 2}
    assert report.summary().endswith("2 warning(s): null-record 2")


def test_globs_are_expanded_when_no_file_has_that_name(tmp_path):
    for name in ("a.json", "b.json", "c.txt"):
        (tmp_path / name).write_text("{}")
    assert list(expand_sources([str(tmp_path / "*.json")])) == [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    assert list(expand_sources([str(tmp_path / "none-*.json")])) == [str(tmp_path / "none-*.json")]


def test_errors_cross_worker_processes_intact(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("{cut\n" + (json.dumps(RECORD) + "\n") * 600 + "[2]\n")
    one = converter.convert([path], "csl-json", jobs=1)
    two = converter.convert([path], "csl-json", jobs=2)
    assert [str(error) for error in two.errors] == [str(error) for error in one.errors] == [
        f"{path}:line 1: invalid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
        f"{path}:line 602: expected an object, found list"]
    assert two.output == one.output


def test_conversion_error_pickles_with_its_fields():
    import pickle

    error = converter.ConversionError("bad", file="f.json", record=3, code="x")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.file, copy.record, copy.code, str(copy)) == ("bad", "f.json", 3, "x", "f.json:3: bad")


def test_writing_to_a_device_writes_in_place_and_never_replaces_it():
    before = os.stat(os.devnull)
    report = converter.convert([json.dumps(RECORD)], "csl-json", os.devnull)
    after = os.stat(os.devnull)
    assert report.written == 1
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_output_files_get_ordinary_permissions(tmp_path):
    new = tmp_path / "new.json"
    converter.convert([json.dumps(RECORD)], "csl-json", new)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    existing = tmp_path / "existing.json"
    existing.write_text("old")
    existing.chmod(0o640)
    converter.convert([json.dumps(RECORD)], "csl-json", existing)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640


def _mixed_lines() -> str:
    """JSON Lines with colliding ids, duplicates, bad lines, nulls and a search response."""
    lines = []
    for number in range(60):
        record = {**RECORD, "paperId": f"{number % 9:040d}", "externalIds": {"DOI": f"10.1000/{number % 13}"},
                  "year": 2020 + number % 2, "journal": {"name": "Journal of Pain", "pages": "12-3"}}
        lines.append(json.dumps(record))
        if number % 11 == 0:
            lines += ["{cut", "null", "[3]", "", json.dumps({"data": [RECORD, None], "total": 2})]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("to, options", [("bibtex", {}), ("ris", {}), ("csl-json", {}),
                                         ("bibtex", {"key_pattern": "{auth}{year}"})])
@pytest.mark.parametrize("dedupe", [False, True])
def test_two_workers_equal_one_across_small_chunks(tmp_path, monkeypatch, to, options, dedupe):
    monkeypatch.setattr("converter.batch.CHUNK_SIZE", 7)
    path = tmp_path / "mixed.jsonl"
    path.write_text(_mixed_lines())
    runs = [converter.convert([path, str(tmp_path / "missing.jsonl"), path], to, jobs=jobs, dedupe=dedupe, **options)
            for jobs in (1, 2)]
    one, two = runs
    assert two.output == one.output and any(key in one.output for key in ("lee2020deepa", "lee2020a"))
    assert [str(w) for w in two.warnings] == [str(w) for w in one.warnings]
    assert [str(e) for e in two.errors] == [str(e) for e in one.errors]
    assert two.summary() == one.summary()
    assert [e.file for e in one.errors if e.record is None] == [str(tmp_path / "missing.jsonl")]


def test_an_unreadable_input_is_reported_in_its_place_among_the_records(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text("{cut\n" + json.dumps(RECORD) + "\n")
    for jobs in (1, 2):
        report = converter.convert([good, str(tmp_path / "missing.json"), good], "ris", jobs=jobs)
        assert [(e.record, e.code) for e in report.errors] == [("line 1", "invalid-json"), (None, "io"),
                                                               ("line 1", "invalid-json")]


def test_workers_pass_items_nested_as_deep_as_json_allows(tmp_path):
    nested: object = "x"
    for _ in range(900):
        nested = [nested]
    path = tmp_path / "deep.jsonl"
    path.write_text((json.dumps({"id": "a", "type": "book", "custom": {"deep": nested}}) + "\n") * 2)
    one = converter.convert([path], "csl-json", jobs=1)
    two = converter.convert([path], "csl-json", jobs=2)
    assert two.output == one.output and two.written == 2 and two.ok


def test_jobs_default_to_the_cores_from_parallel_bytes_of_input(tmp_path):
    from converter.batch import PARALLEL_BYTES, default_jobs
    from converter.cores import available_cores

    line = json.dumps(RECORD) + "\n"
    small, big, packed = tmp_path / "small.jsonl", tmp_path / "big.jsonl", tmp_path / "packed.jsonl.gz"
    small.write_text(line * 10, encoding="utf-8")
    big.write_text(line * (PARALLEL_BYTES // len(line) + 1), encoding="utf-8")
    packed.write_bytes(os.urandom(PARALLEL_BYTES // 4))  # counted at four times its size
    assert default_jobs([str(small)]) == 1
    assert default_jobs([str(big)]) == default_jobs([str(small)] * 2 + [str(packed)]) == available_cores() >= 1
    assert default_jobs([line * 100_000, str(tmp_path / "missing.jsonl")]) == 1  # text and missing files: small
    assert converter.convert([big], "ris").output == converter.convert([big], "ris", jobs=1).output


def test_convert_writes_a_docx_like_write(tmp_path):
    """A binary output through the batch: to a path, to a text stream's byte buffer and, with no out, as the
    report's bytes; each the same document that ``write`` makes of the same items."""
    import io

    import docx

    source = Path(__file__).parent.parent / "fixtures" / "s2" / "batch_with_nulls.json"
    items = converter.read(source, warnings=[])
    expected = [p.text for p in docx.Document(io.BytesIO(converter.write(items, to="apa", format="docx"))).paragraphs]
    report = converter.convert([source], to="apa", out=tmp_path / "refs.docx", writer_options={"format": "docx"})
    assert report.written == len(items) > 0
    assert [p.text for p in docx.Document(str(tmp_path / "refs.docx")).paragraphs] == expected
    kept = converter.convert([source], to="apa", writer_options={"format": "docx"}).output
    assert isinstance(kept, bytes) and [p.text for p in docx.Document(io.BytesIO(kept)).paragraphs] == expected
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8")
    converter.convert([source], to="apa", out=text, writer_options={"format": "docx"})
    assert [p.text for p in docx.Document(io.BytesIO(raw.getvalue())).paragraphs] == expected


def test_a_docx_into_a_text_only_stream_is_a_usage_error_before_reading(tmp_path):
    with pytest.raises(converter.ConversionError, match="a docx output is binary") as caught:
        converter.convert([tmp_path / "not-read.json"], to="apa", out=io.StringIO(), writer_options={"format": "docx"})
    assert caught.value.code == "usage"


def test_split_names_an_input_that_is_no_file_by_a_plain_word(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    report = converter.convert([io.BytesIO(b'{"paperId": "' + b"a" * 40 + b'", "title": "T"}')], to="bibtex",
                               out=out, split=True)
    assert report.outputs == [str(out / "stream.bib")]
    from converter.inputs import output_stem
    assert output_stem("<command line>") == "command-line"
