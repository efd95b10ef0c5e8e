"""The command line for manuscripts and researchers' habits, run as real processes: Word, RTF and HTML
files by extension, styles by name, locales, -t/-f/-V, standard input, -q, --split, Ctrl-C."""
from __future__ import annotations

import io
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html
from striprtf.striprtf import rtf_to_text

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
ITEMS = ROOT / "tests" / "golden" / "styles" / "items.json"
LOCALES = ROOT / "tests" / "golden" / "styles" / "locales"


def citeconv(*args, stdin: bytes | None = None, cwd: Path | None = None, **options):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], input=stdin,
                          capture_output=True, check=False, cwd=cwd or ROOT, timeout=120, **options)


def text_lines(*args) -> list[str]:
    run = citeconv(*args)
    assert run.returncode == 0, run.stderr
    return run.stdout.decode("utf-8").splitlines()


# -- 1. Word and the web --------------------------------------------------------------------------------
@pytest.fixture
def items(tmp_path) -> Path:
    """Eight of the golden items (italics, numbers, several authors), in a file."""
    path = tmp_path / "items.json"
    path.write_text(json.dumps(json.loads(ITEMS.read_text(encoding="utf-8"))[:8]), encoding="utf-8")
    return path


def test_the_output_format_follows_the_extension(tmp_path, items):
    apa = text_lines(items, "-t", "apa")
    vancouver = text_lines(items, "-t", "vancouver")
    run = citeconv(items, "-t", "apa", "-o", tmp_path / "refs.docx")
    assert run.returncode == 0, run.stderr
    assert [p.text for p in docx.Document(str(tmp_path / "refs.docx")).paragraphs] == apa
    run = citeconv(items, "-t", "vancouver", "-o", tmp_path / "refs.rtf")
    assert run.returncode == 0, run.stderr
    rtf = (tmp_path / "refs.rtf").read_text(encoding="ascii")
    assert [line.replace("\t", " ") for line in rtf_to_text(rtf).splitlines() if line] == vancouver
    for name in ("refs.html", "refs.HTM"):
        assert citeconv(items, "-t", "apa", "-o", tmp_path / name).returncode == 0
        tree = lxml_html.document_fromstring((tmp_path / name).read_bytes())
        assert tree.find("head/meta").get("charset") == "utf-8"
        assert [e.text_content() for e in tree.find_class("csl-entry")] == apa
    assert citeconv(items, "-t", "apa", "-o", tmp_path / "refs.md").returncode == 0
    assert "*Nature Genetics*" in (tmp_path / "refs.md").read_text(encoding="utf-8")
    assert citeconv(items, "-t", "apa", "-o", tmp_path / "refs.txt").returncode == 0
    assert (tmp_path / "refs.txt").read_text(encoding="utf-8").splitlines() == apa
    # --format says otherwise: it wins over the extension
    assert citeconv(items, "-t", "apa", "--format", "markdown", "-o", tmp_path / "refs2.html").returncode == 0
    assert (tmp_path / "refs2.html").read_text(encoding="utf-8").startswith("Abbott, A.")


def test_a_format_the_writer_cannot_produce_is_a_usage_error(tmp_path, items):
    for name in ("refs.docx", "refs.rtf", "refs.html", "refs.md"):
        run = citeconv(items, "-t", "bibtex", "-o", tmp_path / name)
        assert run.returncode == 2
        assert run.stderr.decode() == (f"citeconv: -o {tmp_path / name}: the bibtex writer cannot write "
                                       f"{Path(name).suffix} files (styled output can: -t apa, -t vancouver or "
                                       "any CSL style)\n")
        assert not (tmp_path / name).exists()
    run = citeconv(items, "-t", "bibtex", "-o", tmp_path / "refs.txt")  # .txt: any text
    assert run.returncode == 0 and (tmp_path / "refs.txt").read_text(encoding="utf-8").startswith("@")
    run = citeconv(items, "-t", "ris", "--format", "docx")
    assert (run.returncode, run.stderr) == (2, b"citeconv: the ris writer does not take --format; it takes: --bom\n")
    run = citeconv(items, "-t", "apa", "--fragment")
    assert (run.returncode, run.stderr) == (2, b"citeconv: --fragment needs --format html (or -o FILE.html)\n")
    run = citeconv(items, "-t", "docx")
    assert run.returncode == 2 and run.stderr.decode().startswith(
        "citeconv: -t/--to: 'docx' is an output --format of the styled writers: e.g. -t apa --format docx")


def test_fragment_and_docx_on_standard_output(tmp_path):
    run = citeconv(SEED, "-t", "apa", "--format", "html", "--fragment")
    assert run.stdout.decode().startswith('<div class="csl-bib-body hanging-indent">\n  <div class="csl-entry">')
    run = citeconv(SEED, "-t", "apa", "-o", tmp_path / "refs.html", "--fragment")
    assert (tmp_path / "refs.html").read_text(encoding="utf-8").startswith("<div ")
    run = citeconv(SEED, "-t", "apa", "--format", "docx")  # standard output is a pipe here
    assert run.returncode == 0 and run.stdout[:2] == b"PK"
    assert docx.Document(io.BytesIO(run.stdout)).paragraphs[0].text.startswith("Jaffal, S. M. (2025).")


def test_docx_reports_counts_and_failures_like_any_output(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"paperId": "abc", "title": "Trunc')
    run = citeconv(SEED, bad, "-t", "apa", "-o", tmp_path / "refs.docx")
    assert run.returncode == 1
    assert run.stderr.decode().splitlines()[-1] == (
        f"citeconv: wrote {tmp_path / 'refs.docx'}: 2 file(s) (1 not read), 1 record(s): 1 written, 0 failed, "
        "0 skipped, 0 warning(s)")
    assert len(docx.Document(str(tmp_path / "refs.docx")).paragraphs) == 1


# -- 2. styles by name ------------------------------------------------------------------------------------
def test_list_styles_filters_by_words():
    run = citeconv("--list-styles", "harvard", "cite", "them")
    assert run.returncode == 0
    lines = run.stdout.decode().splitlines()
    assert lines[0].split("  ", 1)[0] == "harvard-cite-them-right"
    assert lines[0].endswith("Cite Them Right 12th edition (author-date/Harvard)")
    assert all("harvard" in line.lower() and "cite them" in line.lower() for line in lines)
    everything = citeconv("--list-styles").stdout.decode().splitlines()
    assert len(everything) > 2800 and any(line.startswith("apa ") for line in everything)
    run = citeconv("--list-styles", "no-such-words-xyz")
    assert (run.returncode, run.stderr) == (1, b"citeconv: --list-styles: no bundled style matches 'no-such-words-xyz'\n")


def test_style_ids_any_case_unknown_names_missing_and_broken_files(tmp_path):
    assert text_lines(SEED, "-t", "Harvard-Cite-Them-Right") == text_lines(SEED, "-t", "harvard-cite-them-right")
    assert text_lines(SEED, "-t", "APA") == text_lines(SEED, "-t", "apa")
    run = citeconv(SEED, "-t", "harvard")
    assert run.returncode == 2
    assert run.stderr.decode().startswith("citeconv: -t/--to: unknown output format or CSL style 'harvard'; did you "
                                          "mean harvard-cite-them-right, elsevier-harvard, ")
    assert "--list-styles" in run.stderr.decode()
    run = citeconv(SEED, "-t", tmp_path / "missing.csl")
    assert (run.returncode, run.stderr.decode()) == (2, f"citeconv: -t/--to: {tmp_path / 'missing.csl'}: no such file\n")
    broken = {"not_xml.csl": ("not xml at all", "not readable XML"),
              "html.csl": ("<html><body/></html>", "the root element is <html>, not <style> in the CSL namespace"),
              "no_citation.csl": ('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info/></style>',
                                  "no <citation> with a <layout>")}
    head = ('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>T</title>'
            "<id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>\n")
    broken["undefined_macro.csl"] = (head + '<citation><layout><text macro="nope"/></layout></citation></style>',
                                     "macro 'nope' used but not defined")
    for name, (content, reason) in broken.items():
        (tmp_path / name).write_text(content)
        run = citeconv(SEED, "-t", tmp_path / name)
        assert run.returncode == 2 and "Traceback" not in run.stderr.decode()
        assert run.stderr.decode().startswith(f"citeconv: -t/--to: {tmp_path / name}: not a valid CSL style ({reason}")
    # found by the engine, then explained by the CSL schema
    (tmp_path / "unknown_element.csl").write_text(head + '<citation><layout><foo variable="title"/></layout>'
                                                  "</citation></style>")
    run = citeconv(SEED, "-t", tmp_path / "unknown_element.csl")
    message = (f"citeconv: {tmp_path / 'unknown_element.csl'}: not a valid CSL style (line 2: Did not expect "
               "element foo there; line 2: Element layout failed to validate content; line 2: Element citation "
               "failed to validate content)\n")
    assert (run.returncode, run.stderr.decode()) == (2, message)


def test_help_says_any_style_works():
    help_text = " ".join(citeconv("--help").stdout.decode().split())
    assert "or any CSL style: a bundled style id (any case; see --list-styles) or a .csl file" in help_text


# -- 3. locales -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("style,locale", [("harvard-cite-them-right", "de-DE"), ("harvard-cite-them-right", "en-GB"),
                                          ("harvard-cite-them-right", "fr-FR"), ("apa", "en-GB"), ("apa", "de-DE"),
                                          ("apa", "fr-FR")])
def test_locale_matches_citeproc_js(style, locale):
    expected = (LOCALES / f"{style}.{locale}.txt").read_text(encoding="utf-8").splitlines()
    assert text_lines(LOCALES / "items.json", "-t", style, "--locale", locale) == expected


def test_locale_tags_default_and_errors():
    german = (LOCALES / "harvard-cite-them-right.de-DE.txt").read_text(encoding="utf-8").splitlines()
    assert text_lines(LOCALES / "items.json", "-t", "harvard-cite-them-right", "--locale", "de") == german
    assert text_lines(LOCALES / "items.json", "-t", "harvard-cite-them-right", "--locale", "DE_de") == german
    assert text_lines(LOCALES / "items.json", "-t", "din-1505-2") == \
        (LOCALES / "din-1505-2.default.txt").read_text(encoding="utf-8").splitlines()  # the style's default-locale
    run = citeconv(LOCALES / "items.json", "-t", "apa", "--locale", "xx-YY")
    assert run.returncode == 2
    assert run.stderr.decode().startswith("citeconv: --locale: unknown locale 'xx-YY'; available: af-ZA, ar, ")
    assert "de-DE, " in run.stderr.decode() and "zh-TW\n" in run.stderr.decode()
    run = citeconv(LOCALES / "items.json", "-t", "bibtex", "--locale", "de")
    assert run.returncode == 2 and b"the bibtex writer does not take --locale" in run.stderr


def test_in_text_citations_in_a_locale():
    assert text_lines(LOCALES / "items.json", "-t", "harvard-cite-them-right", "--locale", "de-DE", "--cite") == \
        (LOCALES / "harvard-cite-them-right.de-DE.cite.txt").read_text(encoding="utf-8").splitlines()


# -- 5. habits --------------------------------------------------------------------------------------------
def test_short_flags_and_version():
    assert citeconv(SEED, "-t", "csl-json").stdout == citeconv(SEED, "--to", "csl-json").stdout
    assert citeconv(SEED, "-f", "booksci", "-t", "ris").stdout == citeconv(SEED, "--from", "booksci", "--to", "ris").stdout
    run = citeconv("-V")
    assert run.returncode == 0 and run.stdout.startswith(b"citeconv ")


def test_standard_input_without_input_argument():
    run = citeconv("-t", "csl-json", stdin=SEED.read_bytes())
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["DOI"] == "10.3344/kjp.24393"


def test_a_terminal_on_standard_input_gets_the_usage_message():
    main, secondary = pty.openpty()
    try:
        run = subprocess.run([sys.executable, "-m", "converter.cli", "-t", "csl-json"], stdin=secondary,
                             capture_output=True, cwd=ROOT, timeout=60, check=False)
    finally:
        os.close(main)
        os.close(secondary)
    assert run.returncode == 2
    lines = run.stderr.decode().splitlines()
    assert lines[0].startswith("usage: citeconv")
    assert lines[-1] == "citeconv: no INPUT: name files or directories, or pipe records into standard input"


def test_quiet_prints_nothing_but_errors(tmp_path):
    run = citeconv(SEED, "-t", "apa", "-o", tmp_path / "refs.docx", "-q")
    assert (run.returncode, run.stdout, run.stderr) == (0, b"", b"")
    bad = tmp_path / "bad.json"
    bad.write_text('{"paperId": "abc", "title": "Trunc')
    run = citeconv(SEED, bad, "-t", "csl-json", "-o", tmp_path / "out.json", "-q")
    assert run.returncode == 1
    assert run.stderr.decode() == f"citeconv: {bad}: invalid JSON: Unterminated string starting at (line 1, column 29)\n"


def test_split_creates_the_directory(tmp_path):
    target = tmp_path / "new" / "dir"
    run = citeconv(SEED, ROOT / "fixtures" / "csl-json" / "single_item.json", "-t", "csl-json", "--split", "-o", target)
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in target.iterdir()) == ["seed_korean_j_pain.json", "single_item.json"]
    (tmp_path / "file").write_text("x")
    run = citeconv(SEED, "-t", "csl-json", "--split", "-o", tmp_path / "file")
    message = f"citeconv: --split: -o {tmp_path / 'file'} exists and is not a directory\n"
    assert (run.returncode, run.stderr.decode()) == (2, message)


def test_option_messages_name_flags():
    run = citeconv(SEED, "-t", "apa", "--key-pattern", "x")
    assert run.stderr == (b"citeconv: the apa writer does not take --key-pattern; it takes: --format, --cite, "
                          b"--no-capitalize-subtitles, --locale, --fragment, --include-urls\n")
    run = citeconv(SEED, "-t", "csl-json", "-j", "0")
    assert (run.returncode, run.stderr) == (2, b"citeconv: -j/--jobs must be at least 1\n")
    for args, message in (
            (("-t", "csl-json", "--journals", "/no/such/list.txt"), "--journals /no/such/list.txt: no such file"),
            (("-t", "bibtex", "--append-to", "/no/such.bib"), "--append-to /no/such.bib: no such file"),
            (("-t", "csl-json", "--errors", "/no/dir/errors.jsonl"),
             "--errors /no/dir/errors.jsonl: the directory does not exist"),
            (("-t", "bibtex", "--key-pattern", "[x"),
             "--key-pattern: key pattern '[x': use the placeholders {auth}, {year}, {title}")):
        run = citeconv(SEED, *args)
        assert (run.returncode, run.stderr.decode()) == (2, f"citeconv: {message}\n")


def _many_records(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps({"paperId": f"{number:040x}", "title": f"Paper {number}", "year": 2020,
                                     "authors": [{"authorId": "1", "name": "Ann Lee"}]}) + "\n")


@pytest.mark.parametrize("existing", [True, False])
def test_ctrl_c_leaves_the_output_and_exits_130(tmp_path, existing):
    source = tmp_path / "many.jsonl"
    _many_records(source, 200_000)
    out = tmp_path / "out.json"
    if existing:
        out.write_text("previous")
    process = subprocess.Popen([sys.executable, "-m", "converter.cli", str(source), "-t", "csl-json", "-o", str(out)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and not any(
            path.stat().st_size for path in tmp_path.glob(".out.json.*.tmp")):
        time.sleep(0.05)  # until the conversion has written part of its temporary file
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    expected = f"citeconv: interrupted; {out} unchanged" if existing else "citeconv: interrupted; nothing written"
    assert stderr.decode().splitlines() == [expected]
    assert (out.read_text() == "previous") if existing else not out.exists()
    assert not list(tmp_path.glob(".out.json.*"))
