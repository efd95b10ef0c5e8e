"""Speed: cache what is fixed per style. citeproc-py walks the style tree with repeated XPath queries
(macro look-ups by name, ancestor look-ups for options and delimiters) and looks every reference up
through several dictionary layers; the style tree does not change while rendering, so each query is
answered once per element."""
from __future__ import annotations

from citeproc import model
from citeproc.source import CitationItem

from .layer import per_element


def fix_cache(layer):
    """Cache ``xpath_search`` per (element, expression), macros per (style, name), each element's root and
    named children, and a citation item's reference; read the item type once per ``type`` test
    and the types it lists once per element (all kept on the elements of the style being rendered)."""
    xpath_search = layer.original(model.CitationStylesElement, "xpath_search")
    get_macro = layer.original(model.CitationStylesElement, "get_macro")
    get_root = layer.original(model.CitationStylesElement, "get_root")
    find_child = layer.original(model.SomewhatObjectifiedElement, "__getattr__")
    reference = layer.original(CitationItem, "reference")

    @per_element
    def cached_xpath_search(self, expression):
        return xpath_search(self, expression)

    @per_element
    def cached_get_macro(self, name):
        return get_macro(self, name)

    def macro_of_root(self, name):
        return cached_get_macro(self.get_root(), name)

    def cached_reference(self):
        found = dict.get(self, "_cc_reference")
        if found is None:
            found = reference.fget(self)
            dict.__setitem__(self, "_cc_reference", found)
        return found

    def cached_get_root(self):
        root = self.__dict__.get("_root")
        if root is None:
            root = self.__dict__["_root"] = get_root(self)
        return root

    @per_element
    def wanted_types(self):
        return tuple(typ.lower() for typ in self.get("type").split())

    def type_test(self, item):
        reference = item.reference
        kind = dict.__getitem__(reference, "type") if dict.__contains__(reference, "type") else reference.type
        return [typ == kind for typ in wanted_types(self)]

    def cached_child(self, name):
        """``element.name`` (the first ``cs:name`` child), once per element: lxml's ``find`` with a namespace
        map costs tens of microseconds. A missing ``cs:name`` is not remembered: citeproc-py adds a default
        one then, which is found from then on (no CSL look-up finds it, so it added one per entry)."""
        children = self.__dict__.get("_children")
        if children is None:
            children = self.__dict__["_children"] = {}
        if name in children:
            return children[name]
        found = find_child(self, name)
        if found is None and name == "name" and len(self) and inserted(self[0]):
            found = self[0]
        if found is not None or name != "name":
            children[name] = found
        return found

    format_text = layer.original(model.Formatted, "format")
    styling = {"font-style", "font-variant", "font-weight", "text-decoration", "vertical-align"}

    def quick_format(self, string):
        if styling.isdisjoint(self.attrib.keys()):  # nothing to apply: skip five formatter look-ups
            return str(string) if isinstance(string, (int, float)) else string
        return format_text(self, string)

    layer.replace(model.Formatted, "format", quick_format)
    layer.replace(model.CitationStylesElement, "get_root", cached_get_root)
    layer.replace(model.SomewhatObjectifiedElement, "__getattr__", cached_child)
    layer.replace(model.If, "_type", type_test)
    layer.replace(model.CitationStylesElement, "xpath_search", cached_xpath_search)
    layer.replace(model.CitationStylesElement, "get_macro", macro_of_root)
    layer.replace(CitationItem, "reference", property(cached_reference))


def inserted(element) -> bool:
    """Whether ``element`` is the default ``cs:name`` citeproc-py inserts into a ``cs:names`` without one
    (its tag is its class name: no CSL look-up finds it, and the style file has none)."""
    return isinstance(element, model.Name) and element.tag == "Name"
