import pytest

from converter.text.names import family_key, parse_name, split_authors


@pytest.mark.parametrize("display, expected", [
    ("Sahar M Jaffal", {"family": "Jaffal", "given": "Sahar M"}),
    ("A. Turing", {"family": "Turing", "given": "A."}),
    ("Geoffrey E. Hinton", {"family": "Hinton", "given": "Geoffrey E."}),
    ("Ayşe Koç Apuhan", {"family": "Apuhan", "given": "Ayşe Koç"}),
    ("Wei Zhang", {"family": "Zhang", "given": "Wei"}),
    ("Di Wu", {"family": "Wu", "given": "Di"}),
    ("Jean-Luc Picard", {"family": "Picard", "given": "Jean-Luc"}),
    ("J. R. R. Tolkien", {"family": "Tolkien", "given": "J. R. R."}),
    # particles stay in the family name
    ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
    ("Johannes van der Waals", {"family": "van der Waals", "given": "Johannes"}),
    ("Juan de la Cruz", {"family": "de la Cruz", "given": "Juan"}),
    ("Juliana da Costa Feitosa", {"family": "da Costa Feitosa", "given": "Juliana"}),
    ("Maria Di Stefano", {"family": "Di Stefano", "given": "Maria"}),
    ("Ana De La Cruz", {"family": "De La Cruz", "given": "Ana"}),
    ("Marine Le Pen", {"family": "Le Pen", "given": "Marine"}),
    # suffixes
    ("Frederick P. Brooks Jr.", {"family": "Brooks", "given": "Frederick P.", "suffix": "Jr."}),
    ("Martin Luther King III", {"family": "King", "given": "Martin Luther", "suffix": "III"}),
    ("John Smith, Jr.", {"family": "Smith", "given": "John", "suffix": "Jr."}),
    ("Smith, John, Jr.", {"family": "Smith", "given": "John", "suffix": "Jr."}),
    # a comma means Family, Given; a trailing comma is noise
    ("Smith, John", {"family": "Smith", "given": "John"}),
    ("Ming. Chuan., Wang", {"family": "Ming. Chuan.", "given": "Wang"}),
    ("Yi. Tang., Lin,", {"family": "Yi. Tang.", "given": "Lin"}),
    # glued initials
    ("T.Chuprina", {"family": "Chuprina", "given": "T."}),
    ("V.Nigam", {"family": "Nigam", "given": "V."}),
    ("A.B.Smith", {"family": "Smith", "given": "A.B."}),
    # compound surname after initials
    ("J. Muñoz Sabater", {"family": "Muñoz Sabater", "given": "J."}),
    # Han script and Hangul
    ("张伟", {"family": "张", "given": "伟"}),
    ("欧阳修文", {"family": "欧阳", "given": "修文"}),
    ("张 伟", {"family": "张", "given": "伟"}),
    ("김민수", {"family": "김", "given": "민수"}),
    # literals: organisations and mononyms
    ("The ENCODE Consortium", {"literal": "The ENCODE Consortium"}),
    ("World Health Organization", {"literal": "World Health Organization"}),
    ("COVIDSurg Collaborative", {"literal": "COVIDSurg Collaborative"}),
    ("Ginni", {"literal": "Ginni"}),
    ("Mausam", {"literal": "Mausam"}),
    # entities and NBSP
    ("Emmanuel&nbsp;Müller", {"family": "Müller", "given": "Emmanuel"}),
    ("  Anna\u00a0  Smith ", {"family": "Smith", "given": "Anna"}),
])
def test_parse_name(display, expected):
    assert parse_name(display) == expected


@pytest.mark.parametrize("display", ["", "   ", ",", "&nbsp;"])
def test_empty_names_give_nothing(display):
    assert parse_name(display) is None


def test_split_authors_on_comma_space_and_nbsp_entity():
    assert split_authors("Jin Li, Ye Luo, Xiaowei Zhang") == ["Jin Li", "Ye Luo", "Xiaowei Zhang"]
    assert split_authors("Bin Li,&nbsp;Shubham Gupta,&nbsp;Emmanuel Müller") == [
        "Bin Li", "Shubham Gupta", "Emmanuel Müller"]
    assert split_authors("Santosh T.Y.S.S, Avirup Saha") == ["Santosh T.Y.S.S", "Avirup Saha"]


def test_split_authors_never_on_periods_or_bare_spaces():
    assert split_authors("Matthew L. Johnston") == ["Matthew L. Johnston"]
    assert split_authors("") == []


def test_family_key_drops_leading_lowercase_particles():
    assert family_key({"family": "van der Waals", "given": "J"}) == "Waals"
    assert family_key({"family": "Di Stefano"}) == "DiStefano"
    assert family_key({"literal": "The ENCODE Consortium"}) == "The"


def test_a_remembered_name_comes_back_as_a_fresh_dict():
    first = parse_name("Ludwig van Beethoven")
    first["family"] = "changed"
    assert parse_name("Ludwig van Beethoven") == {"family": "van Beethoven", "given": "Ludwig"}
    assert parse_name(", ,") == {"literal": ""} and parse_name("欧阳修") == {"family": "欧阳", "given": "修"}
