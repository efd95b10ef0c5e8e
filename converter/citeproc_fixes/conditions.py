"""Conditions citeproc-py 0.11.1 ignores or gets wrong in ``cs:if`` / ``cs:else-if``."""
from __future__ import annotations

from citeproc import model

from .layer import per_element


def fix_disambiguate_condition(layer):
    """``disambiguate="true"`` holds only for an item whose cites stay ambiguous after names, given names
    and year suffixes (:func:`disambiguate.disambiguate` marks it ``_cc_disambiguate``); citeproc-py
    ignores the test, so the branch always rendered."""
    render = layer.current(model.If, "render")  # chain onto the fixes applied before

    def render_with_disambiguate(self, item, context=None, delimiter="", **kwargs):
        wanted = self.get("disambiguate")
        if wanted is None:
            return render(self, item, context=context, delimiter=delimiter, **kwargs)
        holds = (_rank(self) < (dict.get(item.reference, "_cc_disambiguate") or 0)) == (wanted == "true")
        match = self.get("match", "all")
        alone = not any(test in self.attrib for test in
                        ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position"))
        if (match == "all" and not holds) or (match == "none" and holds) or (alone and match == "any" and not holds):
            raise model.ConditionFailed
        if (match == "any" and holds) or (alone and match == "none"):
            return self.render_children(item, context=context, delimiter=delimiter, **kwargs)
        return render(self, item, context=context, delimiter=delimiter, **kwargs)

    layer.replace(model.If, "render", render_with_disambiguate)


def _rank(element) -> int:
    """The place of a ``disambiguate="true"`` test among those of its cs:citation, cs:bibliography or
    cs:macro, in document order: an ambiguous item turns them on one by one (``_cc_disambiguate`` is how
    many are on)."""
    return _ranks(element.get_root()).get(element, 0)


@per_element
def _ranks(root) -> dict:
    ranks: dict = {}
    counts: dict = {}
    for found in root.xpath_search(".//cs:*[@disambiguate='true']"):
        section = found.xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography or self::cs:macro][1]")
        key = section[0] if section else None
        ranks[found] = counts.get(key, 0)
        counts[key] = ranks[found] + 1
    return ranks
