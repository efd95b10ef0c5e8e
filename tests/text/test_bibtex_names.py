"""BibTeX name lists to CSL names (converter/text/bibtex_names.py)."""
import pytest

from converter.text.bibtex_names import parse_name, parse_names


@pytest.mark.parametrize("text, name", [
    ("Knuth, Donald E.", {"family": "Knuth", "given": "Donald E."}),
    ("Donald E. Knuth", {"family": "Knuth", "given": "Donald E."}),
    ("van der Berg, Jan", {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}),
    ("Ludwig van Beethoven", {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}),
    ("Smith, Jr., John", {"family": "Smith", "given": "John", "suffix": "Jr."}),
    ("Brinch Hansen, Per", {"family": "Brinch Hansen", "given": "Per"}),
    ("{World Health Organization}", {"literal": "World Health Organization"}),
    ("{Barnes and Noble}", {"literal": "Barnes and Noble"}),
    (r"M{\"u}ller, J{\"o}rg", {"family": "Müller", "given": "Jörg"}),
    (r"Bego\~{n}a Garc{\'\i}a", {"family": "García", "given": "Begoña"}),
    (r"{\relax Ch}ristopher Lee", {"family": "Lee", "given": "Christopher"}),
    ("family=Lerner, given=Rita G., prefix=de", {"family": "Lerner", "given": "Rita G.", "non-dropping-particle": "de"}),
    ("Plato", {"family": "Plato"}),
    ("Plato,", {"family": "Plato"}),
])
def test_one_name(text, name):
    assert parse_name(text) == name


def test_a_list_with_and_others():
    names, et_al = parse_names("Nguyen, Phuong and {van der Berg}, Jan and others")
    assert names == [{"family": "Nguyen", "given": "Phuong"}, {"family": "van der Berg", "given": "Jan"}]
    assert et_al


def test_and_inside_braces_does_not_split():
    assert parse_names("{Bill and Melinda Gates Foundation} and Doe, J.") == (
        [{"literal": "Bill and Melinda Gates Foundation"}, {"family": "Doe", "given": "J."}], False)


@pytest.mark.parametrize("text", ["", "   ", ",", "{}"])
def test_empty_names_are_left_out(text):
    assert parse_names(text)[0] == []
