"""Speed: fast paths for the elements every entry is made of. Each gives what citeproc-py (with the fixes
applied before it) gives, without the calls that change nothing: markup and affixes of an element that has
none, ``cs:text`` without an exception for an item's missing language or variable, ``cs:choose`` without
an exception per untaken branch, and ``cs:name`` options without one per option. What each element is
(its markup, tests, variable) is read once: a style does not change while it renders."""
from __future__ import annotations

from citeproc import CitationStylesBibliography, model
from citeproc.source import CitationItem, VariableError

from .layer import per_element
from .names import SECTION

_MARKUP = frozenset({"prefix", "suffix", "quotes", "strip-periods", "text-case", "display", "font-style", "font-variant",
                     "font-weight", "text-decoration", "vertical-align"})


@per_element
def plain(element) -> bool:
    """Whether ``element`` has no affix, quotes, case, stripped periods or formatting (once per element)."""
    return _MARKUP.isdisjoint(element.attrib.keys())


@per_element
def bare(element) -> bool:
    """Whether ``element`` has neither prefix nor suffix (once per element)."""
    return "prefix" not in element.attrib and "suffix" not in element.attrib


def _unchanged(text):
    """What ``markup`` of a plain element returns: the text (a number as a string), or None when empty."""
    if not text:
        return None
    return str(text) if isinstance(text, (int, float)) else text


def fix_plain_markup(layer):
    """``markup`` of a ``cs:text``, ``cs:group`` or ``cs:names`` without affixes or formatting returns the
    text as it is; ``wrap`` without prefix and suffix too (no seam to normalise)."""
    text_markup, group_markup, names_markup = (layer.current(cls, "markup") for cls in (model.Text, model.Group, model.Names))
    wrap = layer.current(model.Affixed, "wrap")

    def quick_text(self, text, language):
        return _unchanged(text) if plain(self) else text_markup(self, text, language)

    def quick_group(self, text):
        return _unchanged(text) if plain(self) else group_markup(self, text)

    def quick_names(self, text):
        return _unchanged(text) if plain(self) else names_markup(self, text)

    def quick_wrap(self, string):
        return string if bare(self) else wrap(self, string)

    layer.replace(model.Text, "markup", quick_text)
    layer.replace(model.Group, "markup", quick_group)
    layer.replace(model.Names, "markup", quick_names)
    layer.replace(model.Affixed, "wrap", quick_wrap)


@per_element
def _source(element) -> str | None:
    """Which attribute a ``cs:text`` renders: variable, macro, term or value (None: none of them)."""
    return next((name for name in ("variable", "macro", "term", "value") if name in element.attrib), None)


@per_element
def _default_language(root) -> str:
    return root.get("default-locale", "en")[:2]


def _language(element, item) -> str:
    """The item's language (two letters), else the style's default locale's."""
    reference = item.reference
    if dict.__contains__(reference, "language"):
        return reference.language[:2]
    return _default_language(element.get_root())


_SPECIAL = {"citation-label", "citation-number", "first-reference-note-number", "locator", "year-suffix"}


@per_element
def _keys(element) -> tuple | None:
    """The reference keys a ``cs:text variable`` reads (its ``-short`` form's too, for ``form="short"``);
    None for a variable the fixes or citeproc-py generate or format themselves (pages, numbers, labels)."""
    variable = element.get("variable")
    if variable in _SPECIAL or variable.startswith("page"):
        return None
    keys = (variable.replace("-", "_"),)
    if element.get("form") == "short":
        keys += ((variable + "-short").replace("-", "_"),)
    return keys


def _variable(element, item, context):
    """``Text._variable``; a variable the item lacks gives what it would (None when the variable was
    substituted before, else VariableError) without the fixes' chain and two exceptions."""
    keys = _keys(element)
    if keys is None or any(dict.__contains__(item.reference, key) for key in keys):
        return element._variable(item, context)
    repressed = context.get_layout().repressed
    if element.tag in repressed and element.get("variable") in repressed[element.tag]:
        return None
    raise VariableError


@per_element
def _macro(element):
    """The ``cs:macro`` a ``cs:text macro`` calls."""
    return element.get_macro(element.get("macro"))


def _text(element, source: str, item, context):
    """What ``cs:text`` renders before its markup, as ``Text.process`` finds it (its macro once per element)."""
    if source == "variable":
        return _variable(element, item, context)
    if source == "macro":
        return _macro(element).render(item, context)
    if source == "term":
        return element._term(item)
    return element.strings.String(element.preformat(element.get("value")))


def fix_text_process(layer):
    """``cs:text`` without sort options: its language is read without raising an exception for an item
    that has none (and not at all when the element has no markup that could use it), and what it renders
    is looked up once per element."""
    process, render = layer.current(model.Text, "process"), layer.current(model.Text, "render")  # the fixes' (sort options reach macros)

    def quick_process(self, item, context=None, **kwargs):
        source = _source(self)
        if source is None or kwargs.get("sort_options") is not None:
            return process(self, item, context=context, **kwargs)
        language = _language(self, item)
        return _text(self, source, item, self if context is None else context), language

    def quick_render(self, item, context=None, **kwargs):
        source = _source(self)
        if source is None or kwargs.get("sort_options") is not None or not plain(self):
            return render(self, item, context=context, **kwargs)
        return _unchanged(_text(self, source, item, self if context is None else context))

    layer.replace(model.Text, "process", quick_process)
    layer.replace(model.Text, "render", quick_render)


@per_element
def _inherited_option(owner, name: str):
    """What a ``cs:name`` option inherits from the ``cs:citation`` or ``cs:bibliography`` around ``owner``."""
    parent = owner.xpath_search(SECTION)[0]
    return parent.get_option("name-" + name if name in ("form", "delimiter") else name)


def fix_name_options(layer):
    """A ``cs:name`` option without sort options is read without raising and catching a TypeError, and
    what it inherits from ``cs:citation`` or ``cs:bibliography`` (or the style) is read once per element."""
    get_option = layer.current(model.Name, "get_option")

    def quick_option(self, name, context=None, sort_options=None):
        if sort_options is not None:
            return get_option(self, name, context, sort_options)
        value = self.get(name, _inherited_option(self if context is None else context, name))
        if name in ("initialize-with-hyphen", "et-al-use-last"):
            return value.lower() == "true"
        return int(value) if name.startswith("et-al") else value

    layer.replace(model.Name, "get_option", quick_option)


_TESTS = (("type", "_type"), ("variable", "_variable"), ("is-numeric", "_is_numeric"),
          ("is-uncertain-date", "_is_uncertain_date"), ("locator", "_locator"))


@per_element
def conditions(branch) -> tuple | None:
    """(test methods, position test, match) of a ``cs:if``/``cs:else-if`` (``()`` for ``cs:else``), once
    per element; None for a branch with a ``disambiguate`` test (its own ``render`` decides)."""
    if isinstance(branch, model.Else):
        return ()
    if "disambiguate" in branch.attrib:
        return None
    tests = tuple(method for attribute, method in _TESTS if attribute in branch.attrib)
    return tests, "position" in branch.attrib, branch.get("match")


def holds(branch, found: tuple, item, context=None) -> bool:
    """Whether the branch's tests (``conditions(branch)``) hold for ``item``, as ``cs:if`` decides."""
    if not found:
        return True
    tests, position, match = found
    results = []
    for method in tests:
        results += getattr(branch, method)(item)
    if position:
        results += branch._position(item, context)
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


@per_element
def _branches(choose) -> tuple:
    """((branch, its conditions), ...) of a ``cs:choose``, once per element."""
    return tuple((branch, conditions(branch)) for branch in choose.getchildren())


def fix_choose(layer):
    """``cs:choose`` tests its branches without an exception per untaken branch and renders the taken
    one's children directly (a branch with a ``disambiguate`` test still renders itself)."""

    def quick_choose(self, item, context=None, delimiter="", **kwargs):
        for branch, found in _branches(self):
            if found is None:
                try:
                    return branch.render(item, context=context, delimiter=delimiter, **kwargs)
                except model.ConditionFailed:
                    continue
            if holds(branch, found, item, context):
                return branch.render_children(item, context=context, delimiter=delimiter, **kwargs)
        return None

    layer.replace(model.Choose, "render", quick_choose)


def _positions(bibliography) -> dict:
    """key -> index in ``bibliography.keys``, rebuilt when the list is replaced (sorting) or grows."""
    keys = bibliography.keys
    found = bibliography.__dict__.get("_cc_positions")
    if found is None or found[0] is not keys or len(found[1]) != len(keys):
        found = bibliography._cc_positions = (keys, {key: index for index, key in enumerate(keys)})
    return found[1]


def fix_bibliography_index(layer):
    """Registering a cite and an item's citation number look its key up in a dict, not in the list of
    the bibliography's keys (quadratic in the number of entries)."""

    def register(self, citation, callback=None):
        citation.bibliography = self
        for item in citation.cites:
            if item.key in self.source:
                if item.key not in _positions(self):
                    _positions(self)[item.key] = len(self.keys)
                    self.keys.append(item.key)
                    self.items.append(item)
            elif callback is not None:
                callback(item)

    def number(self):
        position = _positions(self.bibliography).get(self.key)
        if position is None:
            raise ValueError(f"{self.key!r} is not in list")  # as list.index says
        return position + 1

    layer.replace(CitationStylesBibliography, "register", register)
    layer.replace(CitationItem, "number", property(number))
