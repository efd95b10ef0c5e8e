import pytest

from converter.ids import KeyRegistry, _first_significant_word, base_key


@pytest.mark.parametrize("item, key", [
    ({"author": [{"family": "Jaffal", "given": "Sahar M"}], "issued": {"date-parts": [[2025, 4, 1]]},
      "title": "Neuroplasticity in chronic pain: insights"}, "jaffal2025neuroplasticity"),
    ({"author": [{"family": "Müller"}], "issued": {"date-parts": [[2021]]}, "title": "The DNA of it"}, "muller2021dna"),
    ({"author": [{"family": "van der Waals"}], "title": "On the continuity"}, "waalscontinuity"),
    ({"author": [{"family": "张", "given": "伟"}], "issued": {"date-parts": [[2012]]}, "title": "当商业模式"},
     "zhang2012dangshangyemoshi"),
    ({"author": [{"literal": "WHO Consortium"}], "issued": {"date-parts": [[2020]]}, "title": "COVID-19 report"},
     "who2020covid"),
    ({"title": "A <i>Drosophila</i> study"}, "anondrosophila"),
    ({}, "anon"),
])
def test_base_key(item, key):
    assert base_key(item) == key


def test_registry_suffixes_repeats_and_skips_taken_keys():
    registry = KeyRegistry()
    keys = [registry.unique(key) for key in ["smith2020deep", "smith2020deep", "smith2020deepb", "smith2020deep"]]
    assert keys == ["smith2020deep", "smith2020deepa", "smith2020deepb", "smith2020deepc"]


def test_registry_keeps_an_items_own_id_and_generates_missing_ones():
    registry = KeyRegistry()
    assert registry.assign({"id": "mine", "type": "book"})["id"] == "mine"
    assert registry.assign({"id": "mine", "type": "book"})["id"] == "minea"
    assert registry.assign({"id": "", "type": "book", "title": "Deep nets"})["id"] == "anondeep"


def test_suffixes_go_past_z():
    registry = KeyRegistry()
    keys = [registry.unique("k") for _ in range(30)]
    assert keys[26] == "kz" and keys[27] == "kaa" and len(set(keys)) == 30


def test_registry_over_many_keys_stays_exact():
    registry = KeyRegistry()
    keys = [registry.unique(f"key{number % 5000}") for number in range(20_000)]
    assert len(set(keys)) == 20_000
    assert keys[:2] == ["key0", "key1"] and keys[5000] == "key0a" and keys[15000] == "key0c"


@pytest.mark.parametrize("title, word", [
    ("The Role of the Gut", "role"), ("Of and the", ""), ("", ""), ("Über die Physik", "uber"),
    ("深度学习", "shenduxuexi"), ("3D printing", "3d"), ("don't stop", "don"), ("  the  naïve Bayes", "naive"),
])
def test_first_significant_word_of_a_title(title, word):
    assert _first_significant_word(title) == word
