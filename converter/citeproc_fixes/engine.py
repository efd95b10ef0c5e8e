"""An engine: citeproc-py's classes with a set of fixes, as subclasses of ours. Styles parsed by an engine
are made of its element classes (through lxml's element class lookup, as citeproc-py's own parser does),
and renderings use its bibliography, citation item, locator and string classes; citeproc-py itself is
never changed, so its other users in the process see it as it is.

A style tree keeps state while it renders (citeproc-py's ``repressed`` and ``cites``, the name options
the fixes set for a moment), so one tree serves one rendering at a time; what a rendering needs lives in
its bibliography's :class:`.layer.RenderState`."""
from __future__ import annotations

import os
from collections.abc import Callable

from citeproc import (
    LANGUAGE_NAMES,
    LOCALES_PATH,
    PRIMARY_DIALECTS,
    CitationStylesBibliography,
    model,
)
from citeproc import string as upstream
from citeproc.frontend import CitationStylesStyle
from citeproc.source import Citation, CitationItem, Locator, VariableError
from lxml import etree

from .layer import UNKNOWN, Layer, RenderState
from .names import NEW_NAMES, NEW_VARIABLES
from .source import Source
from .strings import Strings, build, plain_add

CSL = "http://purl.org/net/xbiblio/csl"


def _tag(cls: type) -> str:
    return cls.__name__.replace("_", "-").lower()


class Engine:
    """citeproc-py with the fixes ``fixes`` (name -> function of a :class:`.layer.Layer`), applied in order."""

    def __init__(self, fixes: dict[str, Callable[[Layer], None]], originals: dict | None = None):
        """``originals``: (class, attribute) -> a stand-in for citeproc-py's own (tests count calls)."""
        self.fixes = tuple(fixes)
        layer = Layer(originals)
        layer.fix = "engine"
        self._base(layer)
        for name, fix in fixes.items():
            layer.fix = name
            fix(layer)
        self.composition = layer.composition()
        self.strings: Strings = build(layer.current(upstream.MixedString, "__add__"),
                                      layer.current(upstream.String, "capitalize_first"),
                                      layer.current(upstream.MixedString, "_seam").__func__)
        common = {"strings": self.strings, "engine": self}
        self.elements = layer.classes(common)
        self.Name = self.elements[model.Name]
        self.CitationItem = layer.subclass(CitationItem)
        self.Locator = layer.subclass(Locator)
        self.Bibliography = layer.subclass(CitationStylesBibliography, {"__init__": _bibliography_init,
                                                                        "engine": self})

    def has(self, fix: str) -> bool:
        return fix in self.fixes

    def parser(self) -> etree.XMLParser:
        """A parser making this engine's elements (a new one each time: lxml parsers are not shared
        between threads)."""
        lookup = etree.ElementNamespaceClassLookup()
        namespace = lookup.get_namespace(CSL)
        namespace[None] = self.elements[UNKNOWN]
        for base, cls in self.elements.items():
            if base is not UNKNOWN:
                namespace[_tag(base)] = cls
        lookup.get_namespace(None)["Name"] = self.Name  # the default cs:name citeproc-py inserts
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(lookup)
        return parser

    def style(self, source, locale: str | None = None) -> Style:
        """The style at ``source`` (a path or a file object), with its locales, in this engine's classes."""
        return Style(self, source, locale)

    def locale(self, name: str):
        """The root of the locale file ``name`` (``en-US``) in this engine's classes."""
        path = os.path.join(LOCALES_PATH, f"locales-{name}.xml")
        try:
            return etree.parse(path, self.parser()).getroot()
        except OSError:
            raise ValueError(f"'{name}' is not a known locale") from None

    def source(self, items: list[dict], formatter) -> Source:
        """The items (prepared by :func:`.source.prepare`) as references of this engine; with the
        ``name-variables`` fix the CSL 1.0.2 variables are known, its name variables parsed as names."""
        if self.has("name-variables"):
            return Source(items, formatter, self.strings, NEW_NAMES, NEW_VARIABLES)
        return Source(items, formatter, self.strings)

    def citation(self, keys, **options) -> Citation:
        """A citation of the items ``keys`` (one cite each)."""
        return Citation([self.CitationItem(str(key)) for key in keys], **options)

    def _base(self, layer: Layer) -> None:
        """What every engine has, the fixes or not: its own classes where citeproc-py names its classes or
        functions in code (the default cs:name, locales, strings of terms, joins and affixes)."""
        engine = self
        layer.replace(upstream.MixedString, "_seam", staticmethod(upstream.normalize_seam))
        layer.replace(upstream.MixedString, "__add__", plain_add(upstream.normalize_seam))
        names_process = layer.current(model.Names, "process")

        def process_with_own_name(self, item, names_context=None, context=None, **kwargs):
            owner = self if names_context is None else names_context
            if owner.name is None and any(role in item.reference for role in self.get("variable").split()):
                owner.insert(0, engine.Name())  # citeproc-py inserts a Name of its own class
            return names_process(self, item, names_context=names_context, context=context, **kwargs)

        layer.replace(model.Names, "process", process_with_own_name)
        layer.replace(model.Style, "set_locale_list", _set_locale_list)
        for attribute in ("single", "multiple"):
            layer.replace(model.Term, attribute, _own_strings(layer.current(model.Term, attribute)))
        layer.replace(model.Affixed, "wrap", _wrap)
        layer.replace(model.Delimited, "join", _join)
        layer.replace(model.Parent, "render_children", _render_children)


def _own_strings(term: property) -> property:
    """A term's text (``Term.single``, ``Term.multiple``) in the engine's string class."""
    return property(lambda self: self.strings.own(term.fget(self)))


def _bibliography_init(self, style, source, formatter):
    CitationStylesBibliography.__init__(self, style, source, formatter)
    self.state = style.root.render_state = RenderState()


def _wrap(self, string):
    if string is None:
        return None
    strings = self.strings
    prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
    text = strings.concat(prefix, strings.seam(prefix, string))
    return strings.concat(text, strings.seam(text, suffix))


def _join(self, strings, default_delimiter=""):
    delimiter = self.get("delimiter", default_delimiter)
    try:
        return self.strings.join((s for s in strings if s is not None), delimiter)
    except Exception:  # noqa: BLE001 - as citeproc-py: text that does not join is no text
        return self.strings.String("")


def _render_children(self, item, delimiter="", **kwargs):
    output = []
    for child in self.iterchildren():
        try:
            if isinstance(child, model.Choose):
                text = child.render(item, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, **kwargs)
        except VariableError:
            continue
        if text is not None:
            output.append(text)
    return self.strings.join(output, delimiter) if output else None


def _set_locale_list(self, output_locale, validate=True):
    """The style's locales, in citeproc-py's order of look-up, the locale files in the engine's classes."""
    self.locales = []
    files = set()

    def in_style(locale):
        expression = f'./cs:locale[@xml:lang="{locale}"]' if locale else "./cs:locale[not(@xml:lang)]"
        found = self.xpath_search(expression)
        if found:
            element, = found
            self.locales.append(element)

    def from_file(locale):
        if locale not in files:
            self.locales.append(self.engine.locale(locale))
            files.add(locale)

    in_style(output_locale)
    language = output_locale.split("-")[0]
    in_style(language)
    in_style(None)
    if output_locale in LANGUAGE_NAMES:
        from_file(output_locale)
    if language in PRIMARY_DIALECTS:
        from_file(PRIMARY_DIALECTS[language])
    from_file("en-US")
    for locale in self.locales:
        locale.style = self


class Style(CitationStylesStyle):
    """A style parsed by an engine. Every element's proxy is kept (the per-element memos of the fixes
    live on them), so the tree is the same Python objects as long as the style lives."""

    def __init__(self, engine: Engine, source, locale: str | None = None):
        self.engine = engine
        self.xml = etree.parse(source, engine.parser())
        self.root = self.xml.getroot()
        if not isinstance(self.root, model.Style):  # a usage error for the writers (as citeproc-py's errors)
            raise ValueError("not a CSL style (no cs:style root element)")  # noqa: TRY004
        self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"))
        self._elements = [element for tree in [self.root, *self.root.locales] if tree.getparent() is None
                          for element in tree.iter()]
