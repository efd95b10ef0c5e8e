"""Golden tests: APA and Vancouver bibliographies and in-text citations of tests/golden/styles/items.json
identical to citeproc-js 2.4.63 with the same official CSL files (see tests/golden/styles/README.md).
APA is rendered with ``capitalize_subtitles=False``, citeconv's one deliberate difference in these files
(the APA 7 capital after a colon); a separate test pins exactly that difference."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import converter

GOLDEN = Path(__file__).parent.parent / "golden" / "styles"
ITEMS = json.loads((GOLDEN / "items.json").read_text(encoding="utf-8"))
REFERENCE = {"apa": {"capitalize_subtitles": False}, "vancouver": {}}


def lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]


def normalise_html(line: str) -> str:
    line = line.replace("&#38;", "&amp;")
    return " ".join(re.sub(r">\s+<", "><", line).split())


def test_the_golden_set_covers_the_cases():
    assert len(ITEMS) >= 40
    counts = {len(item.get("author", [])) for item in ITEMS}
    assert {1, 2, 3, 8, 21, 25} <= counts
    types = {item["type"] for item in ITEMS}
    assert {"book", "chapter", "paper-conference", "article", "thesis", "dataset", "webpage", "report"} <= types


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_bibliography_identical_to_citeproc_js(style):
    ours = converter.write(ITEMS, to=style, **REFERENCE[style]).splitlines()
    assert [" ".join(line.split()) for line in ours] == lines(GOLDEN / f"{style}.txt")


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_citations_identical_to_citeproc_js(style):
    ours = converter.write(ITEMS, to=style, cite=True, **REFERENCE[style]).splitlines()
    assert ours == lines(GOLDEN / f"{style}_cite.txt")


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_html_entries_identical_to_citeproc_js(style):
    ours = converter.write(ITEMS, to=style, format="html", **REFERENCE[style]).splitlines()[1:-1]
    expected = (GOLDEN / f"{style}.html.txt").read_text(encoding="utf-8").splitlines()
    assert [normalise_html(line) for line in ours] == [normalise_html(line) for line in expected]


def test_apa_subtitle_capital_is_the_only_difference():
    ours = converter.write(ITEMS, to="apa").splitlines()
    reference = lines(GOLDEN / "apa.txt")
    differing = [(a, b) for a, b in zip(reference, ours) if a != b]
    assert len(ours) == len(reference)
    assert differing == [
        ("Jaffal, S. M. (2025). Neuroplasticity in chronic pain: insights into diagnosis and treatment. Korean "
         "Journal of Pain, 38(2), 89–102. https://doi.org/10.3344/kjp.24393",
         "Jaffal, S. M. (2025). Neuroplasticity in chronic pain: Insights into diagnosis and treatment. Korean "
         "Journal of Pain, 38(2), 89–102. https://doi.org/10.3344/kjp.24393"),
        ("Khan, F. (2020). “Nothing about us without us”: patient involvement in research. Health Expectations, "
         "23, 1–10.",
         "Khan, F. (2020). “Nothing about us without us”: Patient involvement in research. Health Expectations, "
         "23, 1–10."),
        ("Lee, S., & Kang, D. (2024). Probiotics and anxiety: a meta-analysis. Psychiatry Research, 332, 115700.",
         "Lee, S., & Kang, D. (2024). Probiotics and anxiety: A meta-analysis. Psychiatry Research, 332, 115700."),
        ("Müller, A., & García-López, J. (2021). Sequencing DNA & RNA at 99% accuracy: a benchmark of long-read "
         "methods. Journal of Computational Biology, 28(4), 123–145. https://doi.org/10.1234/jcb.2021.0042",
         "Müller, A., & García-López, J. (2021). Sequencing DNA & RNA at 99% accuracy: A benchmark of long-read "
         "methods. Journal of Computational Biology, 28(4), 123–145. https://doi.org/10.1234/jcb.2021.0042"),
    ]
