"""The styled writers: apa, vancouver and any CSL style; text, html and markdown; in-text citations."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import converter
from converter.errors import ConversionError
from converter.writers import find_writer
from converter.writers.styled import capitalize_subtitle, style_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
APA_SEED = ("Jaffal, S. M. (2025). Neuroplasticity in chronic pain: Insights into diagnosis and treatment. Korean "
            "Journal of Pain, 38(2), 89–102. https://doi.org/10.3344/kjp.24393")
APA_SEED_REFERENCE = APA_SEED.replace("Insights", "insights")  # citeproc-js, REFERENCE-OUTPUTS.md
VANCOUVER_SEED = ("1. Jaffal SM. Neuroplasticity in chronic pain: insights into diagnosis and treatment. Korean J Pain. "
                  "2025 Apr 1;38(2):89–102. doi:10.3344/kjp.24393")


@pytest.fixture(scope="module")
def seed():
    return converter.read(SEED)


def item(id, family, title, **fields):
    data = {"id": id, "type": "article-journal", "title": title, "author": [{"family": family, "given": "Ann"}],
            "container-title": "Journal", "volume": "1", "page": "5-9", "issued": {"date-parts": [[2020]]}}
    data.update(fields)
    return data


def test_seed_lines(seed):
    assert converter.write(seed, to="apa") == APA_SEED + "\n"
    assert converter.write(seed, to="apa", capitalize_subtitles=False) == APA_SEED_REFERENCE + "\n"
    assert converter.write(seed, to="vancouver") == VANCOUVER_SEED + "\n"


def test_seed_vancouver_without_a_journal_abbreviation_prints_the_full_name(seed):
    item = {k: v for k, v in seed[0].items() if k != "container-title-short"}
    assert converter.write([item], to="vancouver") == VANCOUVER_SEED.replace("Korean J Pain", "Korean Journal of Pain") + "\n"


def test_seed_in_text(seed):
    assert converter.write(seed, to="apa", cite=True) == "(Jaffal, 2025)\n"
    assert converter.write(seed, to="vancouver", cite=True) == "(1)\n"


def test_html(seed):
    assert converter.write(seed, to="apa", format="html") == (
        '<div class="csl-bib-body hanging-indent">\n'
        '  <div class="csl-entry">Jaffal, S. M. (2025). Neuroplasticity in chronic pain: Insights into diagnosis and '
        'treatment. <i>Korean Journal of Pain</i>, <i>38</i>(2), 89–102. https://doi.org/10.3344/kjp.24393</div>\n'
        '</div>\n')
    assert converter.write(seed, to="vancouver", format="html") == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry"><div class="csl-left-margin">1.</div><div class="csl-right-inline">'
        + VANCOUVER_SEED[3:] + '</div></div>\n</div>\n')
    assert converter.write(seed, to="apa", format="html", cite=True) == '<span class="citation">(Jaffal, 2025)</span>\n'


def test_html_escapes_data_and_keeps_title_markup():
    items = [item("x", "Smith", "<i>E. coli</i> & <script>alert(1)</script> <b>bold</b> at 99% <sup>2</sup>",
                  **{"container-title": "R&D <Reports>"})]
    html = converter.write(items, to="apa", format="html")
    assert ("Smith, A. (2020). <i>E. coli</i> &amp; &lt;script&gt;alert(1)&lt;/script&gt; <b>bold</b> at 99% "
            "<sup>2</sup>. <i>R&amp;D &lt;Reports&gt;</i>, <i>1</i>, 5–9.") in html
    text = converter.write(items, to="apa")
    assert text == "Smith, A. (2020). E. coli & <script>alert(1)</script> bold at 99% ². R&D <Reports>, 1, 5–9.\n"


def test_markdown(seed):
    assert converter.write(seed, to="apa", format="markdown") == (
        "Jaffal, S. M. (2025). Neuroplasticity in chronic pain: Insights into diagnosis and treatment. "
        "*Korean Journal of Pain*, *38*(2), 89–102. https://doi.org/10.3344/kjp.24393\n")
    items = [item("x", "Smith", "Stars *and* under_scores in <i>vivo</i>"), item("y", "Jones", "Second")]
    assert converter.write(items, to="apa", format="markdown") == (
        "Jones, A. (2020). Second. *Journal*, *1*, 5–9.\n\n"
        "Smith, A. (2020). Stars \\*and\\* under\\_scores in *vivo*. *Journal*, *1*, 5–9.\n")


def test_order_apa_alphabetical_with_collation_vancouver_in_input_order():
    items = [item("w", "World", "W"), item("o", "Ørsted", "O"), item("b", "O'Brien", "B"), item("k", "Okafor", "K")]
    assert [line.split(",")[0] for line in converter.write(items, to="apa").splitlines()] == \
        ["O’Brien", "Okafor", "Ørsted", "World"]
    assert [line.split(" ")[1] for line in converter.write(items, to="vancouver").splitlines()] == \
        ["World", "Ørsted", "O’Brien", "Okafor"]


def test_citation_groups():
    items = [item("p1", "Park", "Machine"), item("p2", "Park", "Explainable"), item("z", "Zhou", "Z")]
    assert converter.write(items, to="apa", cite=[["p1", "p2"], ["z", "p1"]]) == \
        "(Park, 2020a, 2020b)\n(Park, 2020b; Zhou, 2020)\n"
    assert converter.write(items, to="vancouver", cite=[["p1", "p2", "z"], ["z", "p1"]]) == "(1–3)\n(1,3)\n"


def test_subtitle_capital():
    assert capitalize_subtitle("Pain: insights into mRNA") == "Pain: Insights into mRNA"
    assert capitalize_subtitle("Pain: mRNA vaccines") == "Pain: mRNA vaccines"
    assert capitalize_subtitle("Pain: COVID-19 and E. coli") == "Pain: COVID-19 and E. coli"
    assert capitalize_subtitle("Why? a question — and an answer") == "Why? A question — And an answer"


def test_any_style_by_name_file_name_path_and_id(seed, tmp_path):
    by_name = converter.write(seed, to="nlm-citation-sequence")
    assert by_name == VANCOUVER_SEED + "\n"
    assert converter.write(seed, to="nlm-citation-sequence.csl") == by_name
    assert converter.write(seed, to="http://www.zotero.org/styles/nlm-citation-sequence") == by_name
    copy = tmp_path / "mine.csl"
    copy.write_bytes(Path(style_path("vancouver")).read_bytes())
    assert converter.write(seed, to=str(copy)) == by_name
    assert converter.write(seed, to="apa.csl") == APA_SEED + "\n"
    assert converter.write(seed, to="harvard-cite-them-right").startswith("Jaffal, S.M. (2025)")


def test_unknown_style_and_bad_options(seed):
    assert find_writer("no-such-style-xyz") is None
    with pytest.raises(ConversionError, match="unknown output format"):
        converter.write(seed, to="no-such-style-xyz")
    with pytest.raises(ConversionError, match="does not take"):
        converter.write(seed, to="vancouver", capitalize_subtitles=False)
    with pytest.raises(ConversionError, match="format must be") as caught:
        converter.write(seed, to="apa", format="pdf")
    assert caught.value.code == "usage"


def test_no_items():
    assert converter.write([], to="apa") == ""
    assert converter.write([], to="vancouver", format="html") == '<div class="csl-bib-body">\n</div>\n'


def test_nothing_left_behind_between_calls():
    # disambiguation marks must not leak from one call into the next
    pair = [item("a", "Lee", "A", author=[{"family": "Lee", "given": "Min"}]),
            item("b", "Lee", "B", author=[{"family": "Lee", "given": "Soo"}])]
    assert converter.write(pair, to="apa", cite=True) == "(M. Lee, 2020)\n(S. Lee, 2020)\n"
    assert converter.write(pair[:1], to="apa", cite=True) == "(Lee, 2020)\n"


def run(*args):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_cli():
    result = run(SEED, "--to", "apa")
    assert (result.returncode, result.stdout) == (0, APA_SEED + "\n")
    result = run(SEED, "--to", "vancouver", "--cite")
    assert (result.returncode, result.stdout) == (0, "(1)\n")
    result = run(SEED, "--to", "nlm-citation-sequence.csl")
    assert (result.returncode, result.stdout) == (0, VANCOUVER_SEED + "\n")


def test_cli_switches_subtitle_capitals_off_for_apa_only():
    result = run(SEED, "--to", "apa", "--no-capitalize-subtitles")
    assert (result.returncode, result.stdout) == (0, APA_SEED_REFERENCE + "\n")
    result = run(SEED, "--to", "vancouver", "--no-capitalize-subtitles")
    assert result.returncode == 2
    assert result.stderr == ("citeconv: the vancouver writer does not take --no-capitalize-subtitles; it takes: "
                             "--format, --cite, --locale, --fragment, --include-urls\n")


def test_cli_format():
    result = run(SEED, "--to", "apa", "--format", "markdown")
    assert "*Korean Journal of Pain*, *38*(2)" in result.stdout
    result = run(SEED, "--to", "nlm-citation-sequence.csl", "--format", "html")
    assert '<div class="csl-left-margin">1.</div>' in result.stdout
