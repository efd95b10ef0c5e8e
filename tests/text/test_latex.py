import pytest

from converter.text.latex import math_to_unicode


@pytest.mark.parametrize("raw, text", [
    (r"$\alpha$-synuclein", "α-synuclein"),
    (r"$\beta$-catenin and $\gamma$", "β-catenin and γ"),
    (r"$\mathrm{CO}_2$ capture", "CO<sub>2</sub> capture"),
    (r"$x^{2}$ terms", "x<sup>2</sup> terms"),
    (r"$O(n \log n)$ sorting", "O(n log n) sorting"),
    (r"$k$-means", "k-means"),
    ("costs $5 and $10", "costs $5 and $10"),
    ("a lone $ sign", "a lone $ sign"),
    ("no math", "no math"),
])
def test_math_to_unicode(raw, text):
    assert math_to_unicode(raw) == text
