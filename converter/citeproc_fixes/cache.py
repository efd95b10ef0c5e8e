"""Speed: cache what is fixed per style. citeproc-py walks the style tree with repeated XPath queries
(macro look-ups by name, ancestor look-ups for options and delimiters) and looks every reference up
through several dictionary layers; the style tree does not change while rendering, so each query is
answered once per element."""
from __future__ import annotations

from citeproc import model
from citeproc.source import CitationItem

from . import original, patch

_XPATH: dict = {}
_MACROS: dict = {}


def fix_cache():
    """Cache ``xpath_search`` per (element, expression), macros per (style, name), each element's root and
    named children, and a citation item's reference; read the item type once per ``type`` test
    and the types it lists once per element."""
    xpath_search = original(model.CitationStylesElement, "xpath_search")
    get_macro = original(model.CitationStylesElement, "get_macro")

    def cached_xpath_search(self, expression):
        key = (self, expression)  # the key keeps the element's proxy alive, so it stays the same object
        found = _XPATH.get(key)
        if found is None:
            found = _XPATH[key] = xpath_search(self, expression)
        return found

    def cached_get_macro(self, name):
        root = self.get_root()
        key = (root, name)
        found = _MACROS.get(key)
        if found is None:
            found = _MACROS[key] = get_macro(self, name)
        return found

    reference = original(CitationItem, "reference")

    def cached_reference(self):
        found = dict.get(self, "_cc_reference")
        if found is None:
            found = reference.fget(self)
            dict.__setitem__(self, "_cc_reference", found)
        return found

    roots: dict = {}

    def cached_get_root(self):
        root = roots.get(self)
        if root is None:
            root = roots[self] = self.getroottree().getroot()
        return root

    types: dict = {}

    def type_test(self, item):
        reference = item.reference
        kind = dict.__getitem__(reference, "type") if dict.__contains__(reference, "type") else reference.type
        wanted = types.get(self)
        if wanted is None:
            wanted = types[self] = tuple(typ.lower() for typ in self.get("type").split())
        return [typ == kind for typ in wanted]

    find_child = original(model.SomewhatObjectifiedElement, "__getattr__")
    children: dict = {}

    def cached_child(self, name):
        """``element.name`` (the first ``cs:name`` child), once per element: lxml's ``find`` with a namespace
        map costs tens of microseconds. A missing ``cs:name`` is not remembered: citeproc-py adds a default
        one then, which is found from then on (no CSL look-up finds it, so it added one per entry)."""
        key = (self, name)
        if key in children:
            return children[key]
        found = find_child(self, name)
        if found is None and name == "name" and len(self) and inserted(self[0]):
            found = self[0]
        if found is not None or name != "name":
            children[key] = found
        return found

    format_text = original(model.Formatted, "format")
    styling = {"font-style", "font-variant", "font-weight", "text-decoration", "vertical-align"}

    def quick_format(self, string):
        if styling.isdisjoint(self.attrib.keys()):  # nothing to apply: skip five formatter look-ups
            return str(string) if isinstance(string, (int, float)) else string
        return format_text(self, string)

    patch(model.Formatted, "format", quick_format)
    patch(model.CitationStylesElement, "get_root", cached_get_root)
    patch(model.SomewhatObjectifiedElement, "__getattr__", cached_child)
    patch(model.If, "_type", type_test)
    patch(model.CitationStylesElement, "xpath_search", cached_xpath_search)
    patch(model.CitationStylesElement, "get_macro", cached_get_macro)
    patch(CitationItem, "reference", property(cached_reference))


def inserted(element) -> bool:
    """Whether ``element`` is the default ``cs:name`` citeproc-py inserts into a ``cs:names`` without one
    (its tag is its class name: no CSL look-up finds it, and the style file has none)."""
    return isinstance(element, model.Name) and element.tag == "Name"


def clear() -> None:
    _XPATH.clear()
    _MACROS.clear()
