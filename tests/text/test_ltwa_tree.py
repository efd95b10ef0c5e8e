"""The LTWA prefix trees built node by node as searches reach them equal the trees pyiso4 builds at once."""
from pyiso4 import ltwa

from converter.text.ltwa_tree import lazy_trees


def _nodes(node, path: str = "") -> list[tuple]:
    """Every node of a tree: its path, whether it is split, and its entries in order."""
    found = [(path, node.split, [(key, p.pattern, p.replacement, tuple(p.langs), p.start_with_dash, p.end_with_dash)
                                 for key, p in node.objs])]
    for char in sorted(node.children):
        found += _nodes(node.children[char], path + "/" + char)
    return found


def test_lazy_nodes_are_the_nodes_of_the_whole_tree():
    whole = ltwa.Abbreviate.create()
    prefix, suffix = lazy_trees()
    assert [p.pattern for p in prefix.search("journal")] == [p.pattern for p in whole.ltwa_prefix.search("journal")]
    assert "<" not in prefix.root.children and "ł" not in prefix.root.children
    for char in list(whole.ltwa_prefix.root.children):
        assert char in prefix.root.children  # builds the branch
    assert _nodes(prefix.root) == _nodes(whole.ltwa_prefix.root)
    assert _nodes(suffix.root) == _nodes(whole.ltwa_suffix.root)


def _built(node) -> int:
    """How many nodes under ``node`` (itself included) have been built."""
    if "split" not in vars(node):
        return 0
    return 1 + sum(_built(child) for child in node.children.values())


WORDS = ["journal", "physics", "zeitschrift", "medicine", "a", "ökologie", "x", "internationale", "zzz", ""]


def test_a_search_builds_only_the_nodes_it_reaches():
    prefix, _ = lazy_trees()
    prefix.search("journal")
    assert 1 < _built(prefix.root) < 40  # the root, then a node per character of the path and its splits


def test_searches_from_threads_build_the_same_tree():
    import threading

    whole = ltwa.Abbreviate.create().ltwa_prefix
    expected = {word: [p.pattern for p in whole.search(word)] for word in WORDS}
    prefix, _ = lazy_trees()
    found: list[dict] = []
    barrier = threading.Barrier(4)

    def search() -> None:
        barrier.wait()
        found.append({word: [p.pattern for p in prefix.search(word)] for word in WORDS * 3})

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 4
