"""converter/text/latex_encode.py: the fast path of encode() changes nothing that the full path would."""
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.text.latex_encode import encode, has_hidden, latex, normalize

# Printable ASCII, the specials, whitespace of every kind, controls and a few non-ASCII letters.
ALPHABET = st.sampled_from(list("aZ09 .-:'\"") + list("\\{}&%$#_~^<>|") + list("\t\n\r\x0b\u00a0\u202f\u2028")
                           + list("\x00\x07\x7f\u200b\ufeff") + list("éüØ刘α"))


@settings(max_examples=500, deadline=None)
@given(st.text(ALPHABET, max_size=30), st.booleans())
def test_encode_is_normalize_then_latex(text, ascii_only):
    assert encode(text, ascii_only) == latex(normalize(text), ascii_only)


@pytest.mark.parametrize("text, ascii_only, encoded", [
    ("Plain words, digits 123 (and) punctuation!", True, "Plain words, digits 123 (and) punctuation!"),
    ("99% r&d", True, r"99\% r\&d"),
    (" padded  twice ", True, "padded twice"),
    ("Müller", True, r"M{\"u}ller"),
    ("Müller", False, "Müller"),
    ("a\\b{c}", True, r"a\textbackslash{}b\textbraceleft{}c\textbraceright{}"),
])
def test_encode(text, ascii_only, encoded):
    assert encode(text, ascii_only) == encoded


@settings(max_examples=500, deadline=None)
@given(st.text(ALPHABET | st.characters(), max_size=20))
def test_has_hidden_is_a_control_or_invisible_formatting_character_other_than_whitespace(text):
    expected = any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and not char.isspace()
                   for char in text)
    assert has_hidden(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=30), st.booleans())
def test_latex_encodes_long_texts_as_short_ones_character_by_character(text, ascii_only):
    repeated = text * (300 // len(text) + 1)  # past the length where latex() stops translating whole texts
    assert latex(repeated, ascii_only) == "".join(latex(char, ascii_only) for char in repeated)
