"""How the fixes become an engine: each fix *replaces* attributes of citeproc-py classes in a
:class:`Layer` (nothing in citeproc-py is assigned to); :meth:`Layer.classes` then makes, for every
citeproc-py class the layer touched, a subclass of ours holding what the fixes put in place, and the
engine parses styles with an lxml element lookup that builds elements of these subclasses.

Where several fixes replace one attribute, each new value wraps the one before it (``layer.current``):
the order is the order of :data:`converter.citeproc_fixes.FIXES`, written down per attribute by
:meth:`Layer.composition`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeproc import model


class _Unknown(model.CitationStylesElement):
    """The class of an element citeproc-py has none for (its parser gives those ``CitationStylesElement``).
    citeproc-py's parser maps each direct subclass of ``CitationStylesElement`` by its name, so the engines'
    classes derive from this one: its tag (``-unknown``) is not an XML name, and no element has it."""


def element_classes() -> list[type]:
    """citeproc-py's element classes as its own parser finds them (the direct subclasses of
    ``CitationStylesElement`` in ``citeproc.model``), and the class of unknown elements."""
    return [_Unknown, *(cls for cls in model.CitationStylesElement.__subclasses__() if cls.__module__ == model.__name__)]


class Layer:
    """The attributes a set of fixes puts in place of citeproc-py's, collected while an engine is built."""

    def __init__(self, originals: dict[tuple[type, str], Any] | None = None) -> None:
        self._originals = originals or {}  # stand-ins for citeproc-py's own attributes (tests count calls)
        self._values: dict[tuple[type, str], Any] = {}
        self._by: dict[tuple[type, str], list[str]] = {}
        self.fix = ""  # the fix being applied (for :meth:`composition`)

    def replace(self, owner: type, name: str, value: Any) -> None:
        """``owner.name`` is ``value`` in this engine's classes (and in those derived from ``owner``)."""
        self._values[(owner, name)] = value
        self._by.setdefault((owner, name), []).append(self.fix)

    def current(self, owner: type, name: str) -> Any:
        """What ``owner.name`` is now in this layer: the value of the last fix that replaced it (on
        ``owner`` or a class it derives from, by the method resolution order), else citeproc-py's."""
        for cls in owner.__mro__:
            if (cls, name) in self._values:
                return self._values[(cls, name)]
            if name in cls.__dict__:
                return self._originals.get((cls, name), cls.__dict__[name])
        raise AttributeError(f"{owner.__name__}.{name}")

    def original(self, owner: type, name: str) -> Any:
        """citeproc-py's own ``owner.name``."""
        for cls in owner.__mro__:
            if name in cls.__dict__:
                return self._originals.get((cls, name), cls.__dict__[name])
        raise AttributeError(f"{owner.__name__}.{name}")

    def composition(self) -> dict[str, list[str]]:
        """``Class.attribute`` -> the fixes that replace it, innermost first."""
        return {f"{owner.__name__}.{name}": list(fixes) for (owner, name), fixes in self._by.items()}

    def subclass(self, base: type, extra: dict | None = None) -> type:
        """A subclass of ``base`` with every replaced attribute that ``base`` would find (an attribute that
        ``base`` or a class before the replaced one in its MRO defines itself stays citeproc-py's, as
        attribute look-up has it)."""
        attributes = {}
        for _, name in [*self._values, *self._originals]:
            for cls in base.__mro__:
                if (cls, name) in self._values:
                    attributes[name] = self._values[(cls, name)]
                    break
                if name in cls.__dict__:
                    if (cls, name) in self._originals:
                        attributes[name] = self._originals[(cls, name)]
                    break
        attributes.update(extra or {})
        attributes["__module__"] = __name__
        attributes["__qualname__"] = base.__name__
        return type(base.__name__, (base,), attributes)

    def classes(self, common: dict | None = None) -> dict[type, type]:
        """citeproc-py element class -> this engine's subclass of it (each with the attributes ``common``)."""
        return {base: self.subclass(base, common) for base in element_classes()}


UNKNOWN = _Unknown


def per_element(function: Callable) -> Callable:
    """``function(element, *args)`` computed once per element and arguments, kept on the element itself
    (a style does not change while it renders; the engine keeps every element's proxy, and with it this
    memo, as long as its style)."""
    key = "_memo_" + function.__name__

    def memoised(element, *args):
        store = element.__dict__.get(key)
        if store is None:
            store = element.__dict__[key] = {}
        try:
            return store[args]
        except KeyError:
            value = store[args] = function(element, *args)
            return value

    def memoised_one(element):  # the common case, without a dict of arguments
        found = element.__dict__
        try:
            return found[key]
        except KeyError:
            value = found[key] = function(element)
            return value

    if function.__code__.co_argcount == 1 and not function.__code__.co_flags & 0x04:  # no *args
        memoised = memoised_one

    memoised.__name__ = function.__name__
    memoised.__doc__ = function.__doc__
    memoised.__wrapped__ = function  # type: ignore[attr-defined]
    return memoised


class RenderState:
    """What one rendering needs while it runs (the engine's bibliography owns it; the style tree points to
    it while that rendering uses the tree)."""

    def __init__(self) -> None:
        self.first_names: dict = {"mode": None, "seen": False, "text": None}  # collapse: a cite's first names
        self.subsequent: dict = {"active": False, "previous": None}  # subsequent-author-substitute
        self.substituting = 0  # how many cs:substitute are rendering now
        self.sort_keys = 0  # how many name sort keys are rendering now
        self.disambiguating = False  # a cite renders to be compared with others (disambiguation)


def render_state(element) -> RenderState:
    """The state of the rendering that uses ``element``'s style now."""
    root = element.get_root()
    if isinstance(root, model.Locale):
        root = root.style
    state = root.__dict__.get("render_state")
    if state is None:  # a style used without the engine's bibliography (sorting on its own)
        state = root.__dict__["render_state"] = RenderState()
    return state
