"""The LTWA prefix trees built branch by branch equal the trees pyiso4 builds at once."""
from pyiso4 import ltwa

from converter.text.abbreviations import _lazy_ltwa


def _nodes(node, path: str = "") -> list[tuple]:
    """Every node of a tree: its path, whether it is split, and its entries in order."""
    found = [(path, node.split, [(key, p.pattern, p.replacement, tuple(p.langs), p.start_with_dash, p.end_with_dash)
                                 for key, p in node.objs])]
    for char in sorted(node.children):
        found += _nodes(node.children[char], path + "/" + char)
    return found


def test_lazy_branches_are_the_branches_of_the_whole_tree():
    whole = ltwa.Abbreviate.create()
    prefix, suffix = _lazy_ltwa()
    assert [p.pattern for p in prefix.search("journal")] == [p.pattern for p in whole.ltwa_prefix.search("journal")]
    assert "<" not in prefix.root.children and "ł" not in prefix.root.children
    for char in list(whole.ltwa_prefix.root.children):
        assert char in prefix.root.children  # builds the branch
    assert _nodes(prefix.root) == _nodes(whole.ltwa_prefix.root)
    assert _nodes(suffix.root) == _nodes(whole.ltwa_suffix.root)
