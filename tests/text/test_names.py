import pytest

from converter.text.names import family_key, name_guess, parse_name, split_authors


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
    ("Marwa El Halabi", {"family": "El Halabi", "given": "Marwa"}),
    ("M. Udin Harun Al Rasyid", {"family": "Al Rasyid", "given": "M. Udin Harun"}),
    ("R. St. Amant", {"family": "St. Amant", "given": "R."}),
    ("M. V. Vander Heiden", {"family": "Vander Heiden", "given": "M. V."}),
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
    # after initials too, the last token is the family name (a given name may follow an initial)
    ("A Michael Lincoff", {"family": "Lincoff", "given": "A Michael"}),
    ("R Andrew Moore", {"family": "Moore", "given": "R Andrew"}),
    ("G Kees Hovingh", {"family": "Hovingh", "given": "G Kees"}),
    ("J. Muñoz Sabater", {"family": "Sabater", "given": "J. Muñoz"}),
    # Han script and Hangul
    ("张伟", {"family": "张", "given": "伟"}),
    ("欧阳修文", {"family": "欧阳", "given": "修文"}),
    ("张 伟", {"family": "张", "given": "伟"}),
    ("김민수", {"family": "김", "given": "민수"}),
    # Han or kana with a space: family first, split there, no space kept
    ("西山 友子", {"family": "西山", "given": "友子"}),
    ("浅野 哲夫", {"family": "浅野", "given": "哲夫"}),
    ("さくら ももこ", {"family": "さくら", "given": "ももこ"}),
    ("歐陽 修", {"family": "歐陽", "given": "修"}),
    # literals: organisations and mononyms
    ("The ENCODE Consortium", {"literal": "The ENCODE Consortium"}),
    ("World Health Organization", {"literal": "World Health Organization"}),
    ("COVIDSurg Collaborative", {"literal": "COVIDSurg Collaborative"}),
    ("Ginni", {"literal": "Ginni"}),
    ("The Banco de España", {"literal": "The Banco de España"}),
    ("Deutsche Bundesbank", {"literal": "Deutsche Bundesbank"}),
    ("European Central Bank", {"literal": "European Central Bank"}),
    ("Universidad de Chile", {"literal": "Universidad de Chile"}),
    ("中国疾病预防控制中心", {"literal": "中国疾病预防控制中心"}),
    ("中华医学会", {"literal": "中华医学会"}),
    ("北京协和医院", {"literal": "北京协和医院"}),
    ("国家卫生健康委员会", {"literal": "国家卫生健康委员会"}),
    ("中国疾病预防控制中心慢性病流行病学组", {"literal": "中国疾病预防控制中心慢性病流行病学组"}),
    # guesses (each gives a warning, see test_name_guesses): not one person
    ("Kyriacos, Κυριάκος, Athanasiou, Αθανασίου", {"literal": "Kyriacos, Κυριάκος, Athanasiou, Αθανασίου"}),
    ("流行病学组", {"literal": "流行病学组"}),
    ("编写组", {"literal": "编写组"}),
    ("Ann Lee and Bo Chen", {"literal": "Ann Lee and Bo Chen"}),
    ("Department of Health and Human Services", {"literal": "Department of Health and Human Services"}),
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
    assert family_key({"literal": "The ENCODE Consortium"}) == "ENCODE"  # a leading article is not the name


def test_a_remembered_name_comes_back_as_a_fresh_dict():
    first = parse_name("Ludwig van Beethoven")
    first["family"] = "changed"
    assert parse_name("Ludwig van Beethoven") == {"family": "van Beethoven", "given": "Ludwig"}
    assert parse_name(", ,") == {"literal": ""} and parse_name("欧阳修") == {"family": "欧阳", "given": "修"}


@pytest.mark.parametrize("display, guessed", [
    ("Kyriacos, Κυριάκος, Athanasiou, Αθανασίου", "author 'Kyriacos, Κυριάκος, Athanasiou, Αθανασίου' has 3 commas, "
                                                 "so it is not one person's name; kept whole"),
    ("流行病学组流行病学组", "author '流行病学组流行病学组' is too long for a personal name in Han script; kept whole"),
    ("编写组", "author '编写组' ends like an organisation's name; kept whole"),
    ("Ann Lee and Bo Chen", "author 'Ann Lee and Bo Chen' joins more than one name; kept whole"),
    ("Lee, Ann; Chen, Bo", "author 'Lee, Ann; Chen, Bo' has 2 commas, so it is not one person's name; kept whole"),
    ("Ann Lee; Bo Chen", "author 'Ann Lee; Bo Chen' joins more than one name; kept whole"),
    ("Department of Health and Human Services", None),
    ("やまだたろう", "author 'やまだたろう' is too long for a personal name in Han script; kept whole"),
    ("山田たろ", "author '山田たろ' mixes kana and kanji without a space between family and given name; kept whole"),
    # rules, not guesses
    ("Smith, John, Jr.", None), ("The Banco de España", None), ("中国疾病预防控制中心", None), ("张伟", None),
    ("买买提·艾力木", None),
    ("西山 友子", None), ("A Michael Lincoff", None),
])
def test_name_guesses(display, guessed):
    assert name_guess(display) == guessed
