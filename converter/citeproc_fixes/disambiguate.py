"""Disambiguation and cite collapsing, which citeproc-py 0.11.1 lacks."""
from __future__ import annotations

from citeproc import Citation, CitationItem, model
from citeproc.source import VariableError

from . import patch
from .names import initialize


def fix_disambiguation():
    """Names honour what :func:`disambiguate` decided for a reference: more names before "et al."
    (``_cc_names``) and given names as initials for some names (``_cc_given``)."""
    process = model.Name.process  # chain onto the fixes applied before

    def process_disambiguated(self, item, variable, context=None, sort_options=None, **kwargs):
        reference = item.reference
        extra = dict.get(reference, "_cc_names")
        given = dict.get(reference, "_cc_given")
        in_citation = sort_options is None and bool((context if context is not None else self).xpath_search("./ancestor::cs:citation"))
        if not in_citation or (extra is None and not given):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        options = {}
        if extra is not None:
            options["et-al-use-first"] = extra
            options["et-al-min"] = self.get_option("et-al-min", context)
        names = reference.get(variable, [])
        swapped = []
        if given and self.get_option("form", context) == "short" and variable == _first_names_variable(reference):
            mark = self.get_option("initialize-with", context) or ". "
            for index in given:
                if index < len(names) and "literal" not in names[index] and names[index].get("given"):
                    name = names[index]
                    swapped.append((name, dict(name)))
                    family = " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
                    parts = [initialize(str(name["given"]), mark, True), family, name.get("suffix")]
                    name.clear()
                    name["literal"] = " ".join(str(p) for p in parts if p)
        try:
            return process(self, item, variable, context=context, sort_options=options or None, **kwargs)
        finally:
            for name, saved in swapped:
                name.clear()
                name.update(saved)

    patch(model.Name, "process", process_disambiguated)


def fix_collapse():
    """Nothing to patch: collapsing happens in :func:`cite_group` (skipped when this fix is off)."""


def _first_names_variable(reference):
    for variable in ("author", "editor", "translator"):
        if variable in reference:
            return variable
    return None


def _cite_parts(bibliography, key):
    """(author part, rest, whole) of one item's citation, without the layout's prefix and suffix."""
    layout = bibliography.style.root.citation.layout
    citation = Citation([CitationItem(key)])
    citation.bibliography = bibliography
    item = citation.cites[0]
    if getattr(bibliography.style.root.citation, "cites", None) is None:
        bibliography.style.root.citation.cites = []  # position tests read the cites so far
    layout.repressed = {}
    whole = layout.render_children(item)
    children = list(layout.iterchildren())
    author = rest = None
    container, glue = (children[0], children[0].get("delimiter", "")) \
        if len(children) == 1 and isinstance(children[0], model.Group) else (layout, "")
    parts = []
    layout.repressed = {}
    for child in container.iterchildren():
        try:
            parts.append(child.render(item))
        except VariableError:
            parts.append(None)
    if len(parts) > 1 and parts[0] is not None:
        author = str(parts[0])
        rest = glue.join(str(p) for p in parts[1:] if p is not None)
    return author, rest, "" if whole is None else str(whole)


def _glue(layout) -> str:
    children = list(layout.iterchildren())
    return children[0].get("delimiter", "") if len(children) == 1 and isinstance(children[0], model.Group) else ""


def disambiguate(bibliography) -> None:
    """Make every item's in-text citation unique where the style allows: given names (initials) for
    first authors who share a family name (``primary-name`` rules), more names before "et al.", then
    year suffixes (2025a, 2025b) in bibliography order."""
    citation = bibliography.style.root.citation
    references = [bibliography.source[key] for key in bibliography.keys]
    for reference in references:
        for mark in ("_cc_names", "_cc_given", "year_suffix"):
            dict.pop(reference, mark, None)
    if not any(citation.get(f"disambiguate-add-{what}", "false") == "true" for what in ("names", "givenname", "year-suffix")):
        return
    if citation.get("disambiguate-add-givenname", "false") == "true":
        rule = citation.get("givenname-disambiguation-rule", "by-cite")
        if rule.startswith("primary-name") or rule.startswith("all-names"):
            by_family = {}
            for reference in references:
                names = reference.get(_first_names_variable(reference) or "author", [])
                if names and "literal" not in names[0]:
                    by_family.setdefault(str(names[0].get("family")), set()).add(
                        initialize(str(names[0].get("given", "")), ". ", True))
            for reference in references:
                names = reference.get(_first_names_variable(reference) or "author", [])
                if names and "literal" not in names[0] and len(by_family.get(str(names[0].get("family")), ())) > 1:
                    dict.__setitem__(reference, "_cc_given", [0])
    texts = {key: _cite_parts(bibliography, key)[2] for key in bibliography.keys}
    groups = _ambiguous(texts)
    if citation.get("disambiguate-add-names", "false") == "true":
        for group in groups:
            most = max(len(_names(bibliography.source[key])) for key in group)
            _try(bibliography, group, texts, "_cc_names", range(2, most + 1))
        groups = _ambiguous(texts)
    if citation.get("disambiguate-add-givenname", "false") == "true" and \
            not citation.get("givenname-disambiguation-rule", "by-cite").startswith("primary-name"):
        for group in groups:
            most = max(len(_names(bibliography.source[key])) for key in group)
            _try(bibliography, group, texts, "_cc_given", [list(range(most))])
        groups = _ambiguous(texts)
    if citation.get("disambiguate-add-year-suffix", "false") == "true":
        for group in groups:
            for index, key in enumerate(sorted(group, key=bibliography.keys.index)):
                dict.__setitem__(bibliography.source[key], "year_suffix", _suffix(index))


def _names(reference) -> list:
    return reference.get(_first_names_variable(reference) or "author", [])


def _try(bibliography, group, texts, mark, values) -> None:
    """Set ``mark`` to the first of ``values`` that tells most of ``group`` apart (on every item of the
    group, as the CSL rules ask); leave it unset when none helps."""
    saved = {key: dict.get(bibliography.source[key], mark) for key in group}
    best, best_texts = None, None
    distinct = len({texts[key] for key in group})
    for value in values:
        for key in group:
            dict.__setitem__(bibliography.source[key], mark, value)
        trial = {key: _cite_parts(bibliography, key)[2] for key in group}
        if len(set(trial.values())) > distinct:
            best, best_texts, distinct = value, trial, len(set(trial.values()))
            if distinct == len(group):
                break
    for key in group:
        if best is None:
            if saved[key] is None:
                dict.pop(bibliography.source[key], mark, None)
            else:
                dict.__setitem__(bibliography.source[key], mark, saved[key])
        else:
            dict.__setitem__(bibliography.source[key], mark, best)
    if best_texts:
        texts.update(best_texts)


def _ambiguous(texts: dict) -> list[list]:
    seen = {}
    for key, text in texts.items():
        seen.setdefault(text, []).append(key)
    return [keys for keys in seen.values() if len(keys) > 1]


def _suffix(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def cite_group(bibliography, keys: list, collapse: bool = True) -> str:
    """The in-text citation of ``keys`` together, sorted by the style and collapsed as it asks:
    ``collapse="citation-number"`` -> ``(1–3,5)``; ``year`` -> ``(Park, 2025a, 2025b)``;
    ``year-suffix`` -> ``(Park, 2025a, b)``."""
    style = bibliography.style.root
    citation_element = style.citation
    layout = citation_element.layout
    cites = [CitationItem(key) for key in keys]
    citation = Citation(cites)
    citation.bibliography = bibliography
    collapse = citation_element.get("collapse") if collapse else None
    if not collapse or len(keys) < 2:
        return str(bibliography.cite(citation, lambda item: None))
    good = [c for c in cites if not c.is_bad()]
    good.sort(key=lambda c: bibliography.keys.index(c.key))
    if citation_element.sort is not None:
        good = citation_element.sort.sort(good, layout)
    delimiter = layout.get("delimiter", "")
    if collapse == "citation-number":
        numbers = [c.number for c in good]
        pieces, run = [], []
        for number in numbers + [None]:
            if run and number == run[-1] + 1:
                run.append(number)
                continue
            if run:
                pieces += [f"{run[0]}\u2013{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
            run = [number] if number is not None else []
        body = delimiter.join(pieces)
    else:
        groups = []
        for cite in good:
            author, rest, whole = _cite_parts(bibliography, cite.key)
            if groups and author is not None and groups[-1][0] == author and rest:
                groups[-1][1].append((rest, whole))
            else:
                groups.append((author, [(rest, whole)]))
        group_delimiter = citation_element.get("cite-group-delimiter", ", ")
        suffix_delimiter = citation_element.get("year-suffix-delimiter", delimiter)
        after = citation_element.get("after-collapse-delimiter", delimiter)
        body = ""
        for index, (author, members) in enumerate(groups):
            if len(members) == 1 or author is None:
                piece = delimiter.join(whole for _, whole in members)
            else:
                years = [rest for rest, _ in members]
                if collapse.startswith("year-suffix"):
                    joined = years[0]
                    for previous, year in zip(years, years[1:]):
                        short = _suffix_only(year, previous)
                        joined += (suffix_delimiter if short != year else group_delimiter) + short
                else:
                    joined = group_delimiter.join(years)
                piece = author + _glue(layout) + joined
            if index:
                collapsed_before = len(groups[index - 1][1]) > 1
                body += after if collapsed_before else delimiter
            body += piece
    return str(layout.format(layout.wrap(body)))


def _suffix_only(year: str, first: str) -> str:
    common = 0
    while common < min(len(year), len(first)) and year[common] == first[common]:
        common += 1
    return year[common:] if common and year[common:].isalpha() else year


def fix_implicit_year_suffix():
    """A style that never renders ``year-suffix`` gets it after the first rendered year of ``issued``
    (CSL 1.0.2, disambiguate-add-year-suffix)."""
    process = model.Date.process

    def process_with_suffix(self, item, variable=None, show_parts=None, context=None, **kwargs):
        text = process(self, item, variable=variable, show_parts=show_parts, context=context, **kwargs)
        suffix = dict.get(item.reference, "year_suffix")
        if (text is None or not suffix or self.is_locale_date()
                or (variable or self.get("variable")) != "issued" or _renders_year_suffix(self.get_root())):
            return text
        try:  # once per rendering of the entry or cite: the layout's per-item state
            state = (context if context is not None else self).get_layout().repressed
        except (IndexError, AttributeError):
            return text + suffix
        if state.get("_cc_year_suffix"):
            return text
        state["_cc_year_suffix"] = True
        return text + suffix

    patch(model.Date, "process", process_with_suffix)


_EXPLICIT: dict = {}


def _renders_year_suffix(root) -> bool:
    found = _EXPLICIT.get(root)
    if found is None:
        found = _EXPLICIT[root] = bool(root.xpath_search(".//cs:text[@variable='year-suffix']"))
    return found
