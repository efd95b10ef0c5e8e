"""Cite positions (``position="ibid"``, ``"ibid-with-locator"``, ...) where citeproc-py 0.11.1 errs."""
from __future__ import annotations

from citeproc import model
from citeproc.source import Locator, VariableError


def fix_locator_equality(layer):
    """Two locators are the same when their label and value are (citeproc-py compared the objects, so a
    repeated ``p. 34`` tested as ``ibid-with-locator`` instead of ``ibid``)."""

    def equal(self, other):
        if not isinstance(other, Locator):
            return NotImplemented
        return (str(self.label), str(self.identifier)) == (str(other.label), str(other.identifier))

    def not_equal(self, other):
        result = equal(self, other)
        return result if result is NotImplemented else not result

    layer.replace(Locator, "__eq__", equal)
    layer.replace(Locator, "__ne__", not_equal)
    layer.replace(Locator, "__hash__", lambda self: hash((str(self.label), str(self.identifier))))


def note_of(cite):
    """The footnote number of a cite's citation (``citation.note_index``; 0 in the main text), or None
    when the caller gave none."""
    citation = dict.get(cite, "citation")  # a CustomDict keeps attributes as its items
    return None if citation is None else dict.get(citation, "note_index")


def fix_note_positions(layer):
    """Positions for citations with known footnotes (``Citation.note_index``): ``ibid`` looks back at the
    previous note as a whole (two one-cite citations in it are no ibid) and keeps citations in the main
    text apart from those in footnotes; ``near-note`` counts notes; the ``first-reference-note-number``
    variable is the note of the item's first cite. Without footnotes citeproc-py's own rules apply."""
    position = layer.current(model.If, "_position")  # chain onto the fixes applied before
    variable = layer.current(model.Text, "_variable")

    def position_in_notes(self, item, context):
        note = note_of(item)
        owner = context if context is not None else self
        if note is None or owner.xpath_search("./ancestor::*[self::cs:bibliography]"):
            return position(self, item, context)
        element = owner.get_layout().getparent()
        cites = list(getattr(element, "cites", None) or [])
        already = any(cite.key == item.key for cite in cites)
        stream = [cite for cite in cites if ((note_of(cite) or 0) > 0) == (note > 0)]
        previous = stream[-1] if stream else None
        ibid = False
        if previous is not None and previous.key == item.key:
            if previous.citation is item.citation:
                ibid = True
            else:
                if note > 0 and note_of(previous) != note:  # the whole previous footnote
                    group = [cite for cite in stream if note_of(cite) == note_of(previous)]
                else:
                    group = [cite for cite in stream if cite.citation is previous.citation]
                ibid = len(group) == 1
        distance = int(element.get("near-note-distance", 5))
        results = []
        for test in self.get("position").split():
            if test == "first":
                results.append(not already)
            elif test == "subsequent":
                results.append(already)
            elif test == "ibid":
                results.append(ibid and (item.has_locator or not previous.has_locator))
            elif test == "ibid-with-locator":
                results.append(ibid and item.has_locator and
                               (not previous.has_locator or previous.locator != item.locator))
            elif test == "near-note":
                results.append(note > 0 and any(cite.key == item.key and (note_of(cite) or 0) > 0
                                                and note - note_of(cite) <= distance for cite in cites))
            else:
                results.append(False)
        return results

    def variable_with_note(self, item, context):
        if self.get("variable") != "first-reference-note-number":
            return variable(self, item, context)
        element = context.get_layout().getparent()
        for cite in getattr(element, "cites", None) or []:
            if cite.key == item.key and note_of(cite):
                return str(note_of(cite))
        raise VariableError

    layer.replace(model.If, "_position", position_in_notes)
    layer.replace(model.Text, "_variable", variable_with_note)
