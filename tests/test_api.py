"""The library API: read, iter_read, write, convert, and the error and warning objects."""
import json
import warnings as python_warnings

import pytest

import converter
from converter import CiteconvWarning, ConversionError

S2 = {"paperId": "a" * 40, "title": "Deep learning", "authors": [{"authorId": "1", "name": "Ann Lee"}], "year": 2020}


def test_read_returns_plain_dicts_with_unique_ids():
    items = converter.read(json.dumps([S2, S2, S2]))
    assert [item["id"] for item in items] == ["lee2020deep", "lee2020deepa", "lee2020deepb"]
    assert all(type(item) is dict for item in items)


def test_iter_read_is_lazy():
    lines = "\n".join(json.dumps(S2) for _ in range(3)) + "\n" + "{broken\n"
    iterator = converter.iter_read(lines)
    assert next(iterator)["id"] == "lee2020deep"
    assert next(iterator)["id"] == "lee2020deepa"


def test_bad_record_raises_by_default_or_is_skipped():
    text = json.dumps([S2, 5, S2])
    with pytest.raises(ConversionError) as caught:
        converter.read(text)
    assert (caught.value.file, caught.value.record, caught.value.code) == ("<text>", 1, "not-an-object")
    assert str(caught.value) == "<text>:1: expected an object, found int"
    assert len(converter.read(text, errors="skip")) == 2


def test_warnings_go_to_a_list_or_to_python_warnings():
    text = json.dumps([None, S2])
    collected: list = []
    converter.read(text, warnings=collected)
    assert [(w.file, w.record, w.code) for w in collected] == [("<text>", 0, "null-record")]
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        converter.read(text)
    assert [str(w.message) for w in caught if w.category is CiteconvWarning] == [
        "<text>:0: warning: null record (an id not found); skipped [null-record]"]


def test_write_csl_json_and_unknown_writer():
    text = converter.write([{"id": "a", "type": "book", "issued": {"date-parts": [[2020, 1]]}}], to="csl-json")
    assert text == '[\n  {\n    "id": "a",\n    "type": "book",\n    "issued": {\n      "date-parts": [[2020, 1]]\n    }\n  }\n]\n'
    with pytest.raises(ConversionError, match="unknown output format 'docx'"):
        converter.write([], to="docx")


def test_csl_json_layout_never_touches_string_values():
    item = {"id": "a", "type": "book", "title": "[1, 2]\n[\n 3\n]"}
    assert json.loads(converter.write([item], to="csl-json")) == [item]


def test_convert_collects_errors_and_keeps_good_records(tmp_path):
    (tmp_path / "good.json").write_text(json.dumps(S2))
    (tmp_path / "bad.json").write_text("{truncated")
    (tmp_path / "mixed.jsonl").write_text(json.dumps(S2) + "\n[1]\n")
    (tmp_path / "notes.md").write_text("not an input")
    (tmp_path / "good.expected.json").write_text("[]")
    out = tmp_path / "out.json"
    report = converter.convert([tmp_path], "csl-json", out)
    assert (report.files, report.files_failed, report.records, report.written, report.failed) == (3, 1, 3, 2, 1)
    assert sorted(str(error).split(": ", 1)[1] for error in report.errors) == [
        "expected an object, found list", "invalid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"]
    assert [item["id"] for item in json.loads(out.read_text())] == ["lee2020deep", "lee2020deepa"]
    assert report.output is None and report.outputs == [str(out)]  # streamed to the file, not kept
    assert report.summary() == "3 file(s) (1 not read), 3 record(s): 2 written, 1 failed, 0 skipped, 0 warning(s)"


def test_convert_ids_unique_across_files(tmp_path):
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(S2))
    report = converter.convert([tmp_path / "a.json", tmp_path / "b.json"], "csl-json")
    assert [item["id"] for item in json.loads(report.output)] == ["lee2020deep", "lee2020deepa"]


def test_convert_writes_atomically_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "out.json"
    out.write_text("previous")

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", explode)
    with pytest.raises(converter.ConversionError) as raised:
        converter.convert([json.dumps(S2)], "csl-json", out)
    assert (raised.value.code, raised.value.reason) == ("output", f"cannot write {out}: disk full")
    assert out.read_text() == "previous"
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"]


def test_convert_record_is_picklable_and_pure():
    import pickle

    from converter.sources import iter_raw

    [raw] = list(iter_raw(json.dumps(S2)))
    function = pickle.loads(pickle.dumps(converter.convert_record))
    assert function(pickle.loads(pickle.dumps(raw))).item == converter.convert_record(raw).item


def test_writer_options_are_checked_before_reading():
    with pytest.raises(ConversionError, match="the csl-json writer does not take option\\(s\\) bom; it takes: indent"):
        converter.convert(["does-not-exist.json"], "csl-json", bom=True)


def test_writer_warnings_reach_the_caller(monkeypatch):
    from converter.errors import ConversionWarning
    from converter.writers import WRITERS

    def noisy(items, *, warnings):
        warnings.append(ConversionWarning("lossy", "dropped something", None, items[0]["id"]))
        return "x"

    monkeypatch.setitem(WRITERS, "noisy", noisy)
    collected: list = []
    assert converter.write([{"id": "a", "type": "book"}], "noisy", warnings=collected) == "x"
    assert [(w.code, w.record) for w in collected] == [("lossy", "a")]
    report = converter.convert([json.dumps(S2)], "noisy")
    assert [(w.code, w.record) for w in report.warnings] == [("lossy", "lee2020deep")]


def test_a_one_line_bibtex_or_ris_string_is_text_not_a_path(tmp_path, monkeypatch):
    assert converter.read("@article{k, title={T}, year=2020}", warnings=[]) == [
        {"id": "k", "type": "article-journal", "title": "T", "issued": {"date-parts": [[2020]]}}]
    assert converter.read("TY  - BOOK", warnings=[])[0]["type"] == "book"
    monkeypatch.chdir(tmp_path)  # a file of that name is still a path
    (tmp_path / "@misc{x,}").write_text('{"paperId": "' + "a" * 40 + '", "title": "From the file"}', encoding="utf-8")
    assert converter.read("@misc{x,}", warnings=[])[0]["title"] == "From the file"
