"""Reading inputs: detection from content, encodings, gzip, JSON Lines streaming."""
import gzip
import io
import json
from pathlib import Path

import pytest

import converter
from converter.errors import ConversionError
from converter.sources import iter_raw

S2 = {"paperId": "a" * 40, "title": "Graph API paper", "authors": [{"authorId": "1", "name": "Ann Lee"}], "year": 2020}
DATASET = {"corpusid": 1, "externalids": {"DOI": None, "CorpusId": "1"}, "title": "Dataset paper", "authors": [],
           "year": 2012, "publicationtypes": None, "journal": {"name": "", "pages": "96-96", "volume": ""}}
CSL = {"id": "x1", "type": "book", "title": "A CSL book"}
SEED_PATH = Path(__file__).parent.parent / "fixtures" / "booksci" / "seed_korean_j_pain.txt"


def formats(source, format=None):
    return [raw.format for raw in iter_raw(source, format)]


def test_detection_by_content_not_name(tmp_path):
    path = tmp_path / "misleading.txt"
    path.write_text(json.dumps(DATASET))
    assert formats(path) == ["s2-dataset"]
    assert formats(json.dumps(S2)) == ["s2"]
    assert formats(json.dumps([CSL])) == ["csl-json"]
    assert formats(json.dumps({"total": 2, "offset": 0, "next": 2, "data": [S2, S2]})) == ["s2", "s2"]
    assert formats(json.dumps(S2) + "\n" + json.dumps(S2) + "\n") == ["s2", "s2"]
    assert formats(json.dumps(S2, indent=2)) == ["s2"]


def test_format_override():
    assert formats(json.dumps({"title": "Bare"}), "s2") == ["s2"]
    with pytest.raises(ConversionError, match="unknown input format"):
        converter.read(json.dumps(S2), format="endnote")


def test_unknown_shape_fails_the_record_not_the_run():
    results = list(converter.iter_results(json.dumps([{"foo": 1}, S2])))
    assert results[0].error.code == "unknown-format"
    assert results[1].item["title"] == "Graph API paper"


def test_utf8_bom_and_crlf(tmp_path):
    seed = open(SEED_PATH, "rb").read()
    path = tmp_path / "bom_crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed.replace(b"\n", b"\r\n"))
    assert converter.read(path) == converter.read(SEED_PATH)
    lines = (json.dumps(S2) + "\r\n") * 2
    assert len(converter.read(b"\xef\xbb\xbf" + lines.encode())) == 2


def test_utf16_with_bom():
    assert converter.read(json.dumps([S2]).encode("utf-16"))[0]["title"] == "Graph API paper"


def test_gb18030_booksci_is_decoded_correctly_with_a_warning(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(open(SEED_PATH, encoding="utf-8").read().encode("gb18030"))
    warnings: list = []
    assert converter.read(path, warnings=warnings) == converter.read(SEED_PATH)
    assert [w.code for w in warnings] == ["decoded-gb18030"]


def test_non_utf8_that_is_not_booksci_is_rejected_not_mojibake(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps({**S2, "title": "Müller"}, ensure_ascii=False).encode("latin-1") + b"\n\n  ")
    with pytest.raises(ConversionError, match=r"not UTF-8 text \(invalid byte 0xfc"):
        converter.read(path)


def test_a_bad_line_in_json_lines_fails_only_that_line():
    data = (json.dumps(S2) + "\n" + '{"paperId": "x", "title": "trunc\n' + json.dumps(S2) + "\n").encode()
    data += b'{"title": "\xff\xfe bad"}\n'
    results = list(converter.iter_results(data))
    assert [r.record for r in results] == ["line 1", "line 2", "line 3", "line 4"]
    assert [r.error.code if r.error else "ok" for r in results] == ["ok", "invalid-json", "ok", "encoding"]


def test_gzip_json_lines_are_streamed(tmp_path):
    path = tmp_path / "papers-part0.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        for number in range(1000):
            stream.write(json.dumps({**DATASET, "corpusid": number}) + "\n")
    iterator = converter.iter_read(path, warnings=[])
    first = next(iterator)
    assert first["custom"]["S2CorpusId"] == 0
    assert sum(1 for _ in iterator) == 999


def test_file_objects_binary_and_text():
    assert converter.read(io.BytesIO(json.dumps(S2).encode()))[0]["title"] == "Graph API paper"
    assert converter.read(io.StringIO(json.dumps(S2)))[0]["title"] == "Graph API paper"


@pytest.mark.parametrize("data, message", [
    (b"", "empty input"),
    (b"   \n", "empty input"),
    (b"hello world", "not JSON and not a booksci record"),
    (b"\x00\x01\x02\xff\xfe", "not UTF-8 text"),
    (b'{"paperId": "abc", "title": "Trunc', "invalid JSON: Unterminated string"),
    (b"[" * 10000 + b"]" * 10000, "JSON nested too deeply"),
    (b"\x1f\x8b\x08\x00garbage", "broken gzip data|cannot read"),
    (b"42", "not JSON and not a booksci record"),
])
def test_whole_input_problems_raise_one_clear_error(data, message):
    with pytest.raises(ConversionError, match=message):
        converter.read(data)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ConversionError, match="No such file"):
        converter.read(str(tmp_path / "nope.json"))
    with pytest.raises(ConversionError, match="is a directory"):
        converter.read(tmp_path)


def test_json_lines_with_a_broken_first_line_lose_only_that_line():
    data = '{"paperId": "cut\n' + json.dumps(S2) + "\n" + json.dumps(S2) + "\n"
    results = list(converter.iter_results(data))
    assert [r.record for r in results] == ["line 1", "line 2", "line 3"]
    assert [r.error.code if r.error else "ok" for r in results] == ["invalid-json", "ok", "ok"]


def test_a_broken_pretty_printed_document_is_one_error():
    with pytest.raises(ConversionError, match=r"invalid JSON: .*\(line 3, column 1\)"):
        converter.read('{\n  "paperId": "x",\n}\n')


def test_json_lines_come_in_unparsed_chunks_numbered_as_iter_raw_numbers_them(tmp_path):
    from converter.sources import Lines, iter_chunks

    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"paperId": "a"}\n\n{cut\nnull\n{"data": [{"paperId": "b"}], "total": 1}\n'
                     b'{"paperId": "c"}\n')
    chunks = list(iter_chunks(path, None, 2))
    assert all(isinstance(chunk, Lines) for chunk in chunks)
    assert [(chunk.first, len(chunk.lines)) for chunk in chunks] == [(1, 2), (3, 2), (5, 2)]
    records = [raw for chunk in chunks for raw in chunk.records()]
    assert [(r.record, r.format, r.data, r.error and r.error.code) for r in records] == [
        (r.record, r.format, r.data, r.error and r.error.code) for r in iter_raw(path)]
    assert [r.record for r in records] == ["line 1", "line 3", "line 4", "line 5, record 0", "line 6"]


def test_other_inputs_come_in_chunks_of_parsed_records():
    from converter.sources import iter_chunks

    chunks = list(iter_chunks(json.dumps([{"paperId": str(n)} for n in range(5)]), None, 2))
    assert [[raw.record for raw in chunk] for chunk in chunks] == [[0, 1], [2, 3], [4]]


@pytest.mark.parametrize("text", [
    '{"id": "a", "n": -9223372036854775809, "m": 123456789012345678901234567890, "f": 1e400, "g": NaN, "h": 0.1}',
    '{"id": "a", "s": "\\ud83d\\ude00 and \\ud800", "t": "\\u00e9"}',
    '\ufeff{"id": "a", "x": [1, 2.5, {"y": null}]}',
])
def test_json_is_read_as_the_json_module_reads_it(text):
    """Values orjson would read otherwise (large integers as floats) or refuses (NaN, 1e400, lone
    surrogates, a BOM) come as json reads them, in a line and in a document."""
    expected = json.loads(text.lstrip("\ufeff").replace("\\ud800", "\\ufffd"))  # a lone surrogate is replaced
    line = next(iter_raw((text + "\n" + text + "\n").encode("utf-8")))
    document = next(iter_raw(("[" + text.lstrip("\ufeff") + "]").encode("utf-8")))
    for value in (line.data, document.data):
        assert repr(value) == repr(expected)
        assert [type(v) for v in value.values()] == [type(v) for v in expected.values()]


# -- chunks a worker process reads from the file itself -------------------------------------------------
def _chunks(source, **options):
    from converter.sources import iter_chunks

    return list(iter_chunks(source, size=3, **options))


def test_chunks_of_a_regular_file_say_where_their_lines_lie_and_read_back_the_same(tmp_path):
    from converter.json_records import LineRange

    path = tmp_path / "in.jsonl"
    lines = [json.dumps({**S2, "title": f"T{n}"}).encode() + end for n, end in enumerate([b"\n", b"\r\n", b"\n"] * 3)]
    lines += [b"\n", b"   \n", json.dumps(S2).encode()]  # blank lines, and a last line with no line end
    path.write_bytes(b"".join(lines))
    chunks = _chunks(path)
    assert [chunk.lines for chunk in chunks] == [lines[i:i + 3] for i in range(0, 12, 3)]
    assert [(chunk.span.offset, chunk.span.length) for chunk in chunks] == [
        (sum(map(len, lines[:i])), sum(map(len, lines[i:i + 3]))) for i in range(0, 12, 3)]
    for chunk in chunks:
        sent = chunk.sendable()
        assert isinstance(sent, LineRange) and sent.read() == chunk.lines
        assert [(raw.record, raw.data) for raw in sent.records()] == [(raw.record, raw.data) for raw in chunk.records()]


def test_chunks_of_gzip_data_and_of_streams_carry_their_lines(tmp_path):
    data = b"".join(json.dumps(S2).encode() + b"\n" for _ in range(7))
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(data))
    for source in (tmp_path / "in.jsonl.gz", io.BytesIO(data), data):
        chunks = _chunks(source)
        assert len(chunks) == 3 and {chunk.span for chunk in chunks} == {None}
        assert [chunk.sendable() for chunk in chunks] == chunks


def test_after_a_line_too_large_to_read_the_chunks_carry_their_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    line = json.dumps(S2).encode() + b"\n"
    path.write_bytes(line * 4 + b'{"title": "' + b"x" * 5000 + b'"}\n' + line * 4)
    chunks = _chunks(path, limit=1000)
    assert [chunk.span is not None for chunk in chunks] == [True, False, False]
    assert isinstance(chunks[1].lines[1], ConversionError)


def test_a_range_of_a_file_that_changed_is_not_read(tmp_path):
    from converter.json_records import InputChanged

    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(json.dumps({**S2, "year": 2000 + n}).encode() + b"\n" for n in range(6)))
    ranges = [chunk.sendable() for chunk in _chunks(path)]
    path.write_bytes(path.read_bytes().replace(b"2001", b"1999"))  # same size, another modification time
    import os

    os.utime(path, ns=(1, 1))
    for sent in ranges:
        with pytest.raises(InputChanged, match="in.jsonl changed while it was converted"):
            sent.read()
