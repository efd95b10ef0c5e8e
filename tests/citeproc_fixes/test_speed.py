"""The speed fixes (converter/citeproc_fixes/speed.py and the cache): each skips work citeproc-py does (the
test counts it, and fails without the fix), and none changes any output."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from citeproc import model
from citeproc.source import CustomDict

import converter
from converter import citeproc_fixes
from converter.citeproc_fixes import speed
from converter.writers.styled import load_style, style_path

SPEED = ["plain-markup", "text-process", "choose", "name-options", "bibliography-index"]
ITEMS = [
    {"id": "j", "type": "article-journal", "title": "Neuroplasticity in chronic pain: insights",
     "author": [{"family": "Jaffal", "given": "Sahar M"}, {"family": "Smith", "given": "John", "suffix": "Jr."}],
     "container-title": "Korean Journal of Pain", "container-title-short": "Korean J Pain", "volume": "38",
     "issue": "2", "page": "89-102", "issued": {"date-parts": [[2025, 4, 1]]}, "DOI": "10.3344/kjp.24393"},
    {"id": "c", "type": "chapter", "title": "Pain", "author": [{"family": "Woolf", "given": "Clifford"}],
     "editor": [{"family": "McMahon", "given": "Stephen"}, {"family": "Koltzenburg", "given": "Martin"}],
     "container-title": "Textbook of pain", "publisher": "Elsevier", "publisher-place": "London", "page": "1-10",
     "edition": "6", "issued": {"date-parts": [[2019]]}},
    {"id": "w", "type": "webpage", "title": "Pain facts", "container-title": "WHO", "URL": "https://who.int/pain",
     "accessed": {"date-parts": [[2024, 5, 2]]}, "issued": {"date-parts": [[2023]]}, "language": "en-GB"},
    {"id": "b", "type": "book", "title": "Pain medicine", "editor": [{"family": "Wall", "given": "Patrick"}],
     "publisher": "Springer", "number-of-pages": "336", "issued": {"date-parts": [[2006]]}},
]


def render_all() -> list[str]:
    return [converter.write(ITEMS, to=style, format=format, cite=cite)
            for style in ("apa", "vancouver") for format in ("text", "html") for cite in (False, True)]


@contextmanager
def counting(owner, name: str, wanted=lambda *args: True):
    """Count calls of ``owner.name`` (its current value) whose arguments ``wanted`` accepts."""
    calls = []
    current = owner.__dict__[name]

    def counted(*args, **kwargs):
        if wanted(*args):
            calls.append(args)
        return current(*args, **kwargs)

    setattr(owner, name, counted)
    try:
        yield calls
    finally:
        setattr(owner, name, current)


@pytest.mark.parametrize("fix", SPEED)
def test_speed_fix_changes_no_output(fix):
    expected = render_all()
    with citeproc_fixes.without(fix):
        assert render_all() == expected


def test_plain_markup_leaves_plain_elements_alone():
    plain_group = lambda element, *args: isinstance(element, model.Group) and speed.plain(element)  # noqa: E731
    with counting(model.Affixed, "wrap", plain_group) as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls == []
    with citeproc_fixes.without("plain-markup"), counting(model.Affixed, "wrap", plain_group) as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls


def test_text_reads_language_and_missing_variables_without_exceptions():
    language = lambda reference, name: name == "language"  # noqa: E731
    missing = lambda element, item, context: element.get("variable") in ("collection-title", "genre")  # noqa: E731
    with counting(CustomDict, "__getattr__", language) as read, counting(model.Text, "_variable", missing) as chain:
        converter.write(ITEMS[:2], to="vancouver")
    assert read == [] and chain == []
    with citeproc_fixes.without("text-process"), counting(CustomDict, "__getattr__", language) as read, \
            counting(model.Text, "_variable", missing) as chain:
        converter.write(ITEMS[:2], to="vancouver")
    assert read and chain


def test_choose_tests_branches_without_rendering_them():
    with counting(model.If, "render") as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls == []
    with citeproc_fixes.without("choose"), counting(model.If, "render") as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls


def test_name_options_read_once():
    converter.write(ITEMS, to="vancouver")
    calls = []
    original = citeproc_fixes.original(model.Name, "get_option")

    def counted(self, name, context=None, sort_options=None):
        calls.append(name)
        return original(self, name, context, sort_options)

    citeproc_fixes._ORIGINALS[(model.Name, "get_option")] = counted
    try:
        with citeproc_fixes.without():
            converter.write(ITEMS, to="vancouver")
            assert calls == []  # only sort keys (options of their own) reach citeproc-py's get_option
        with citeproc_fixes.without("name-options"):
            converter.write(ITEMS, to="vancouver")
            assert calls
    finally:
        citeproc_fixes._ORIGINALS[(model.Name, "get_option")] = original
        citeproc_fixes.revert()
        citeproc_fixes.apply()


def default_names(style: str) -> int:
    root = load_style(style_path(style)).root
    return sum(1 for element in root.iter() if element.tag == "Name")


def test_one_default_name_per_names_element():
    converter.write(ITEMS, to="vancouver")
    before = default_names("vancouver")
    converter.write(ITEMS * 3, to="vancouver")
    assert default_names("vancouver") == before  # citeproc-py added one to the style per entry
    with citeproc_fixes.without("cache"):
        converter.write(ITEMS, to="vancouver")
        assert default_names("vancouver") > before


class CountingKeys(list):
    """A bibliography's list of keys that counts the searches through it."""
    searches = 0

    def index(self, *args):
        CountingKeys.searches += 1
        return super().index(*args)

    def __contains__(self, key):
        CountingKeys.searches += 1
        return super().__contains__(key)


def numbers_and_searches() -> tuple[list[int], int]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.formatter import plain

    from converter.citeproc_fixes.source import Source, prepare
    bibliography = CitationStylesBibliography(load_style(style_path("vancouver")), Source(prepare(ITEMS), plain), plain)
    bibliography.keys = CountingKeys()
    CountingKeys.searches = 0
    cites = [CitationItem(item["id"]) for item in ITEMS + ITEMS[:1]]
    for cite in cites:
        bibliography.register(Citation([cite]))
    return [cite.number for cite in cites], CountingKeys.searches


def test_bibliography_index():
    assert numbers_and_searches() == ([1, 2, 3, 4, 1], 0)
    with citeproc_fixes.without("bibliography-index"):
        numbers, searches = numbers_and_searches()
        assert numbers == [1, 2, 3, 4, 1] and searches == 10


def test_seam_characters_without_joining():
    from citeproc.string import MixedString, String

    from converter.citeproc_fixes.punctuation import first_character, last_character
    piece = MixedString([String(""), MixedString([String("Ab")]), String("c."), String("")])
    assert (first_character(piece), last_character(piece)) == (str(piece)[:1], str(piece)[-1:]) == ("A", ".")
    assert first_character(MixedString([])) == last_character(String("")) == ""
    assert (first_character(12), last_character(12)) == ("1", "2")
