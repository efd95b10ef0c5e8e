"""``subsequent-author-substitute`` (CSL bibliography option), which citeproc-py 0.11.1 ignores."""
from __future__ import annotations

from citeproc import model

from .cache import inserted
from .layer import render_state
from .names import _inherited


def fix_subsequent_author_substitute(layer):
    """An entry whose first names print the same persons as the entry before gets the style's
    ``subsequent-author-substitute`` (``———``) instead, by ``subsequent-author-substitute-rule``:
    ``complete-all`` (the default) replaces the whole list, ``complete-each`` each name, ``partial-each``
    the leading names shared with the entry before, ``partial-first`` the first name when shared."""
    bibliography_render = layer.current(model.Bibliography, "render")
    names_process = layer.current(model.Names, "process")  # chain onto the fixes applied before

    def render(self, citation_items):
        state = render_state(self).subsequent
        state.update(active=self.get("subsequent-author-substitute") is not None, previous=None)
        try:
            return bibliography_render(self, citation_items)
        finally:
            state.update(active=False, previous=None)

    def process(self, item, names_context=None, context=None, **kwargs):
        state = render_state(self).subsequent
        if not state["active"] or kwargs.get("sort_options") is not None:
            return names_process(self, item, names_context=names_context, context=context, **kwargs)
        try:
            repressed = (context if context is not None else self).get_layout().repressed
        except (IndexError, AttributeError):
            repressed = None
        if repressed is None or repressed.get("_cc_first_names"):
            return names_process(self, item, names_context=names_context, context=context, **kwargs)
        repressed["_cc_first_names"] = True
        bibliography = (context if context is not None else self).xpath_search("./ancestor::cs:bibliography[1]")
        if not bibliography:
            return names_process(self, item, names_context=names_context, context=context, **kwargs)
        substitute = bibliography[0].get("subsequent-author-substitute")
        rule = bibliography[0].get("subsequent-author-substitute-rule", "complete-all")
        names = _persons(self, item.reference)
        previous = state["previous"]
        if names is None:  # a substitute (title) printed instead of names: compare the text
            try:
                text = names_process(self, item, names_context=names_context, context=context, **kwargs)
            except Exception:
                state["previous"] = None
                raise
            key = ("text", None if text is None else str(text))
            state["previous"] = key
            return substitute if text is not None and key == previous else text
        variable, persons = names
        mine = [_person(name) for name in persons[:_shown(self, context, len(persons))]]
        state["previous"] = ("names", mine)
        before = previous[1] if previous and previous[0] == "names" else []
        if rule == "complete-all":
            if mine != before:
                return names_process(self, item, names_context=names_context, context=context, **kwargs)
            kept = list(persons)  # one substitute for the whole list, its label kept (``——— ed.``)
            persons[:] = [type(persons[0])(literal=substitute)] if substitute else []
            try:
                return names_process(self, item, names_context=names_context, context=context, **kwargs)
            finally:
                persons[:] = kept
        if rule == "complete-each":
            count = len(mine) if mine == before else 0
        else:
            count = 0
            while count < min(len(mine), len(before)) and mine[count] == before[count]:
                count += 1
            if rule == "partial-first":
                count = min(count, 1)
        swapped = []
        for name in persons[:count]:
            swapped.append((name, dict(name)))
            name.clear()
            name["literal"] = substitute
        try:
            return names_process(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            for name, saved in swapped:
                name.clear()
                name.update(saved)

    layer.replace(model.Bibliography, "render", render)
    layer.replace(model.Names, "process", process)


def _persons(names_element, reference):
    """(variable, names) the cs:names element prints for ``reference`` (or its substitute's first cs:names
    that has names), or None when neither has any."""
    candidates = [names_element]
    substitute = names_element.substitute()
    if substitute is not None:
        candidates += [child for child in substitute.iterchildren() if isinstance(child, model.Names)]
    for candidate in candidates:
        for variable in candidate.get("variable", "").split():
            variable = variable.replace("-", "_")
            if variable in reference and isinstance(reference.get(variable), list):
                return variable, reference[variable]
    return None


def _shown(names_element, context, count: int) -> int:
    """How many of ``count`` names the cs:names element prints before "et al."."""
    name = names_element.name
    if name is None or inserted(name):
        return count
    least = _inherited(name, "et-al-min", context)
    first = _inherited(name, "et-al-use-first", context)
    if least is None or first is None or count < int(least):
        return count
    return min(int(first), count)


def _person(name) -> tuple:
    get = lambda key: str(dict.get(name, key) or "")  # noqa: E731
    return (get("family") or get("literal"), get("given"), get("non-dropping-particle"),
            get("dropping-particle"), get("suffix"))
