"""The speed fixes (converter/citeproc_fixes/speed.py and the cache): each skips work citeproc-py does (the
test counts it, and fails without the fix), and none changes any output."""
from __future__ import annotations

import pytest
from citeproc import model

import converter
from converter import citeproc_fixes
from converter.citeproc_fixes import counting, source, speed
from converter.writers.styled import style_path, using_style

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
    with counting(model.Affixed, "wrap", plain_group, skip=("plain-markup",)) as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls


def language_reads(monkeypatch) -> list:
    """The reads of a reference's ``language`` as an attribute (an exception where it has none)."""
    reads = []
    read = source.Reference.__getattr__

    def counted(self, name):
        if name == "language":
            reads.append(self)
        return read(self, name)

    monkeypatch.setattr(source._Reference, "__getattr__", counted)  # citeconv's own class, for this test
    return reads


def test_text_reads_language_and_missing_variables_without_exceptions(monkeypatch):
    missing = lambda element, item, context: element.get("variable") in ("collection-title", "genre")  # noqa: E731
    read = language_reads(monkeypatch)
    with counting(model.Text, "_variable", missing) as chain:
        converter.write(ITEMS[:2], to="vancouver")
    assert read == [] and chain == []
    with counting(model.Text, "_variable", missing, skip=("text-process",)) as chain:
        converter.write(ITEMS[:2], to="vancouver")
    assert read and chain


def test_choose_tests_branches_without_rendering_them():
    with counting(model.If, "render") as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls == []
    with counting(model.If, "render", skip=("choose",)) as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls


def test_name_options_read_once():
    with counting(model.Name, "get_option", reaching=True) as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls == []  # only sort keys (options of their own) reach citeproc-py's get_option
    with counting(model.Name, "get_option", reaching=True, skip=("name-options",)) as calls:
        converter.write(ITEMS, to="vancouver")
    assert calls


def default_names(style: str) -> int:
    """The default cs:name elements in the style the current engine renders ``style`` with."""
    with using_style(style_path(style), citeproc_fixes.current()) as parsed:
        return sum(1 for element in parsed.root.iter() if element.tag == "Name")


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
    from citeproc.formatter import plain

    from converter.citeproc_fixes.source import prepare
    from converter.writers.styled import load_style
    engine = citeproc_fixes.current()
    style = load_style(style_path("vancouver"), engine)
    bibliography = engine.Bibliography(style, engine.source(prepare(ITEMS), plain), plain)
    bibliography.keys = CountingKeys()
    CountingKeys.searches = 0
    citations = [engine.citation([item["id"]]) for item in ITEMS + ITEMS[:1]]
    for citation in citations:
        bibliography.register(citation)
    return [citation.cites[0].number for citation in citations], CountingKeys.searches


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
