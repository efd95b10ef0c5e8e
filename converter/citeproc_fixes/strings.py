"""The engine's rich strings: subclasses of citeproc-py's ``String``, ``MixedString`` and ``NoCase`` whose
concatenation follows the fixes' seam rules (citeproc-py's module functions stay as they are), and
``Markup`` (a formatting tag from the data)."""
from __future__ import annotations

from dataclasses import dataclass

from citeproc import string as upstream


class Markup(upstream.NoCase):
    """A formatting tag from the data (``<i>``, ``</i>``): never case-changed, never counted as a word."""

    def words(self):
        return iter(())


def strip_first(other):
    """``other`` without its first character, keeping its (Mixed)String segments (as citeproc-py does)."""
    if isinstance(other, upstream.MixedString):
        segments = list(other)
        head = segments[0]
        stripped = type(head)(str(head)[1:])
        segments[0:1] = [stripped] if stripped != "" else []
        return type(other)(segments)
    return type(other)(str(other)[1:])


@dataclass(frozen=True)
class Strings:
    """One engine's string classes and the seam function its concatenations use."""
    String: type
    MixedString: type
    NoCase: type
    Markup: type
    seam: object  # (left, other) -> other, its first character dropped where the seam asks

    def own(self, value):
        """``value`` as this engine's string class where it is one of citeproc-py's own."""
        kind = type(value)
        if kind is upstream.String:
            return self.String(value)
        if kind is upstream.MixedString:
            return self.MixedString(value)
        if kind is upstream.NoCase:
            return self.NoCase(value)
        return value

    def concat(self, left, other):
        """``left + other`` as this engine's strings add."""
        return self.own(left) + self.own(other)

    def join(self, items, delimiter=""):
        """``citeproc.string.join`` with this engine's seam and concatenation."""
        items = iter(items)
        try:
            output = next(items)
        except StopIteration:
            return self.String("")
        for item in items:
            output = self.concat(output, self.seam(output, delimiter))
            output = self.concat(output, self.seam(output, item))
        return output


def build(add, capitalize_first, seam) -> Strings:
    """The string classes of an engine: ``add`` is ``MixedString.__add__``, ``capitalize_first`` is
    ``String.capitalize_first``, ``seam`` the seam function (each the fixes' or citeproc-py's)."""
    mixed = type("MixedString", (upstream.MixedString,), {"__add__": add, "__module__": __name__})

    def string_add(self, other):
        return self if other == "" else mixed([self]).__add__(other)

    def string_radd(self, other):
        return self if other == "" else mixed([other]).__add__(self)

    text = type("String", (upstream.String,), {"__add__": string_add, "__radd__": string_radd,
                                               "capitalize_first": capitalize_first, "__module__": __name__})
    nocase = type("NoCase", (upstream.NoCase, text), {"__module__": __name__})
    markup = type("Markup", (Markup, nocase), {"__module__": __name__})
    return Strings(text, mixed, nocase, markup, seam)


def plain_add(seam):
    """``MixedString.__add__`` as citeproc-py has it, with ``seam`` for its seam function."""
    def add(self, other):
        if other == "":
            return self
        other = seam(self, other)
        if other == "" or other == []:
            return self
        try:
            return self.__class__(list.__add__(self, other))
        except TypeError:
            return self.__class__(list.__add__(self, self.__class__([other])))
    return add
