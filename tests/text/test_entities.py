"""converter.text.entities.unescape is html.unescape."""
import html
import random
import re
from html.entities import html5

from converter.text.entities import unescape


def test_every_html5_name_starts_as_the_shortcut_expects():
    assert min(map(len, html5)) >= 2
    assert all(re.match(r"[A-Za-z][A-Za-z0-9]", name) for name in html5)


def test_text_with_no_reference_that_changes_comes_back_itself():
    for text in ["R&D and Q&A", "a & b", "&", "&&", "x&;", "&1", "&é", "no ampersand"]:
        assert unescape(text) is text
        assert html.unescape(text) == text


def test_it_equals_html_unescape_on_generated_text():
    rng = random.Random(7)
    names = sorted(html5)
    pieces = ["&", "&#", "&#x", "#", ";", " ", "a", "b", "1", "9", "x", "X", "é", "\n", "<", "R&D", "&amp", "&AMP",
              "&lt", "&gt;", "&not", "&notit;", "&#38;", "&#x26", "&#0;", "&#xD800;", "&#1114112;", "&frac12"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) if rng.random() < 0.8 else "&" + rng.choice(names)[:rng.randint(1, 6)]
                       for _ in range(rng.randint(1, 8)))
        assert unescape(text) == html.unescape(text), text
