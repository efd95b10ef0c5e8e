import pytest

from converter.text.pages import is_reversed, normalize_pages, split_range


@pytest.mark.parametrize("raw, pages", [
    ("433-460", "433-460"),
    ("436 - 444", "436-444"),
    ("\n          487-488\n        ", "487-488"),
    ("89\u2013102", "89-102"),
    ("20 - 8", "20-28"),
    ("1130-8", "1130-1138"),
    ("1194-217", "1194-1217"),
    ("96-96", "96"),
    ("42", "42"),
    ("105197", "105197"),
    ("e2335924", "e2335924"),
    ("286:1-286:12", "286:1-286:12"),
    ("127861S - 127861S-12", "127861S - 127861S-12"),
    ("e941209-1 - e941209-4", "e941209-1 - e941209-4"),
    ("S14-S31", "S14-S31"),
    ("1255-1263.e12", "1255-1263.e12"),
])
def test_normalize_pages(raw, pages):
    assert normalize_pages(raw) == pages


def test_reversed_range_is_detected_not_changed():
    assert normalize_pages("199-5") == "199-195"
    assert is_reversed("199-195")
    assert not is_reversed("89-102")
    assert not is_reversed("e2335924")


@pytest.mark.parametrize("pages, parts", [
    ("89-102", ("89", "102")), ("e2335924", ("e2335924", None)),
    ("e941209-1 - e941209-4", ("e941209-1", "e941209-4")), ("S14-S31", ("S14", "S31")),
])
def test_split_range(pages, parts):
    assert split_range(pages) == parts
