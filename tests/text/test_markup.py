import random

import pytest

from converter.text.formulas import formulas_to_text
from converter.text.markup import (
    _collapse,
    _parsed_text,
    _prepare,
    _simple_text,
    clean_title,
    html_to_text,
    plain_title,
    strip_trailing_period,
)


@pytest.mark.parametrize("raw, text", [
    ("<p><p>Chronic pain is a <i>universal</i> problem.</p>", "Chronic pain is a universal problem."),
    ("<div><div>First part.</div><div>Second part.</div></div>", "First part. Second part."),
    ("<jats:title>Abstract</jats:title><jats:p>H<jats:sub>2</jats:sub>O &amp; CO<sub>2</sub>.</jats:p>"
     "<jats:sec><jats:p>More.</jats:p></jats:sec>", "H2O & CO2. More."),
    ("<script>alert(1)</script>Hi<br>there<style>p{}</style>", "Hi there"),
    ("Significant (p<0.05) and a < b; x<y.", "Significant (p<0.05) and a < b; x<y."),
    ("p<0.05 <P>Upper</P><BR/>case", "p<0.05 Upper case"),
    ("plain &amp; simple &lt;tag&gt;", "plain & simple <tag>"),
    ("Line one.\n\n  Line two.", "Line one. Line two."),
    ("<p>Unclosed <b>bold", "Unclosed bold"),
    ("<p>Comment <!-- hidden --> kept</p>", "Comment kept"),
])
def test_html_to_text(raw, text):
    assert html_to_text(raw) == text


def test_abstract_heading_inside_text_is_kept():
    assert html_to_text("<p>Abstract thinking matters.</p>") == "Abstract thinking matters."


@pytest.mark.parametrize("abstract", [
    "a < b <c " * 600_000,
    "<" * 5_000_000,
    "<p" * 2_500_000,
    "<x" * 2_500_000,
    "<p>" + "x <y " * 1_000_000,
])
def test_five_megabytes_of_unbalanced_angle_brackets_stay_text(abstract):
    text = html_to_text(abstract)
    assert len(text) > len(abstract) * 0.6
    assert text.count("<") >= abstract.count("<") - 1


def test_linear_time_is_not_asserted_here():
    """Timing lives in benchmarks/; this only checks a small and a 10x input give the same text shape."""
    small = html_to_text("<p>" + "a < b " * 1000)
    large = html_to_text("<p>" + "a < b " * 10_000)
    assert large == " ".join([small] * 10)


@pytest.mark.parametrize("raw, title", [
    ("Neuroplasticity in chronic pain: insights into diagnosis and treatment.",
     "Neuroplasticity in chronic pain: insights into diagnosis and treatment"),
    ("Is it real?", "Is it real?"),
    ("Stop!", "Stop!"),
    ("Made in the U.S.", "Made in the U.S."),
    ("Wait...", "Wait..."),
    ("Smith et al.", "Smith et al."),
    ("A TITLE IN CAPITALS.", "A TITLE IN CAPITALS"),
    ("The <i>Drosophila</i> genome &amp; H<sub>2</sub>O", "The <i>Drosophila</i> genome & H<sub>2</sub>O"),
    ("Using <em>emphasis</em> and <strong>strength</strong>", "Using <i>emphasis</i> and <b>strength</b>"),
    (r"$\alpha$-Synuclein in <scp>PD</scp>.", 'α-Synuclein in <span style="font-variant:small-caps;">PD</span>'),
    ("Unbalanced </i> tag <i>here", "Unbalanced tag here"),
    ("A <mml:math>x</mml:math> formula", "A x formula"),
    ("p<0.05 matters", "p<0.05 matters"),
    ("Costs $5 in 2020", "Costs $5 in 2020"),
    ("  spaced\n title  ", "spaced title"),
])
def test_clean_title(raw, title):
    assert clean_title(raw) == title


def test_strip_trailing_period_removes_one():
    assert strip_trailing_period("Title.") == "Title"
    assert strip_trailing_period("Title") == "Title"


def test_plain_title():
    assert plain_title("The <i>Drosophila</i> H<sub>2</sub>O") == "The Drosophila H2O"


@pytest.mark.parametrize("text", [
    "no tag at all, formula", "<p>plain</p>", "<p>a Formula here</p>", "<p>TEX-MATH</p>", "<p>mathematics</p>",
    "<p>the math</p>", "<p>MATH.</p>", "<p>Alternatives</p>", "<p>ALTERNATIVEſ</p>", "<p>ƒormula é</p>",
    "<p>é formula</p>", "<inline-formula><tex-math>x</tex-math></inline-formula>", "<p>aftermath x</p>",
])
def test_the_formula_gate_agrees_with_the_markers_regex(text):
    from converter.text.formulas import MARKERS, may_hold_formulas

    assert may_hold_formulas(text) == ("<" in text and MARKERS.search(text) is not None)


@pytest.mark.parametrize("text", [
    "one two", " one two", "one two ", "one  two", "one\ttwo", "one\ntwo", "one\u00a0two", "one\u2028two",
    "one\u3000two", "one\x1ctwo", "one\x85two", "", " ", "\u200bzero\u200bwidth", "tab\t", "é ü ß",
])
def test_collapse_fast_path_equals_split_and_join(text):
    assert _collapse(text) == " ".join(text.split())


# Markup generated from these pieces: the fast path (_simple_text) must give what the parser gives whenever it
# answers, and answer for ordinary JATS.
_FUZZ_TAGS = ["p", "sec", "title", "italic", "bold", "sub", "sup", "i", "b", "em", "sc", "list-item", "u", "P", "Title",
              "jats:p", "jats:title", "jats:italic", "h1", "br", "span", "xref", "table", "td", "li", "script", "style",
              "foo", "textarea"]
_FUZZ_PIECES = ["Abstract", "abstract:", "Summary", "Background", "word", "p<0.05", "a < b", "x>y", "R&d", "&amp;",
                "&amp", "&copy", "&copy;", "&#128;", "&#x41;", "&#1", "&lt;", "&foo;", "& ", "&", "é", "—", "\u00a0",
                " ", "  ", "\n", "\t", "\r\n", "$\\alpha$", "\x0b", "\x00", "\u200b", "<!-- c -->", "<!--", "<3",
                "</ ", "<>", "&quot;", "😀", "<br/>", '<a href="x>y">', "<i class='x'>"]


def _markup(rng, tags, pieces) -> str:
    parts = []
    for _ in range(rng.randint(1, 14)):
        if rng.random() < 0.45:
            tag = rng.choice(tags)
            parts.append(f"</{tag}>" if rng.random() < 0.45 else f"<{tag}>")
        else:
            parts.append(rng.choice(pieces))
    return "".join(parts)


@pytest.mark.parametrize("simple_only", [False, True])
def test_simple_markup_without_the_parser_gives_the_parsers_text(simple_only):
    rng = random.Random(18)
    tags = _FUZZ_TAGS[:18] if simple_only else _FUZZ_TAGS
    pieces = [p for p in _FUZZ_PIECES if "&#" not in p and p not in ("\x0b", "\x00")] if simple_only else _FUZZ_PIECES
    answered = 0
    for _ in range(4000):
        text = formulas_to_text(_markup(rng, tags, pieces))
        prepared = _prepare(text)
        if "<" in prepared and (fast := _simple_text(prepared)) is not None:
            answered += 1
            assert fast == _parsed_text(prepared, text), text
    assert answered > (1500 if simple_only else 300)


def test_jats_abstract_takes_the_fast_path():
    jats = ("<jats:title>Abstract</jats:title><jats:sec><jats:title>Background</jats:title><jats:p>CO<jats:sub>2"
            "</jats:sub> &amp; <jats:italic>in vivo</jats:italic> R&D.</jats:p></jats:sec>")
    assert _simple_text(_prepare(jats)) == html_to_text(jats) == "Background CO2 & in vivo R&D."
