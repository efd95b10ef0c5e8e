"""Disambiguation (CSL 1.0.2: names, given names, ``disambiguate="true"``, year suffixes), which
citeproc-py 0.11.1 lacks. The registry entries of the citation-side fixes kept in their own modules
(collapse, conditions, positions, labels) are here too."""
from __future__ import annotations

from citeproc import model
from citeproc.source import DateRange, VariableError

from . import collapse
from .layer import per_element, render_state
from .names import attributes, initialize, replaced

cite_group = collapse.cite_group  # where the writers and the test-suite runner look for it


def fix_disambiguation(layer):
    """Names honour what :func:`disambiguate` decided for a reference: more names before "et al."
    (``_cc_names``; in the bibliography too when it cuts names with the citation's et-al options) and,
    in cites, expanded given names (``_cc_given``: variable -> {index: level}, level 1 the initials,
    level 2 the full given name)."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_disambiguated(self, item, variable, context=None, sort_options=None, **kwargs):
        reference = item.reference
        extra = dict.get(reference, "_cc_names")
        given = (dict.get(reference, "_cc_given") or {}).get(variable)
        if (extra is None and not given) or sort_options is not None:
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        if not (context if context is not None else self).xpath_search("./ancestor::cs:citation"):
            # the bibliography shows the names added to its cite when it cuts names as the cite does
            if extra is None or not _same_et_al(self, context):
                return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
            given = None
        names = reference.get(variable, [])
        options = {}
        if extra is not None and variable == _first_names_variable(reference):
            options["et-al-use-first"] = str(extra)
            options["et-al-min"] = str(self.get_option("et-al-min", context) if extra < len(names) else len(names) + 1)
        changes = []
        if given:
            form = self.get_option("form", context)
            mark = self.get_option("initialize-with", context)
            order = self.get_option("name-as-sort-order", context)
            separator = self.get_option("sort-separator", context)
            for index, level in given.items():
                if index < len(names) and "literal" not in names[index] and names[index].get("given"):
                    sort_order = form == "long" and (order == "all" or (order == "first" and index == 0))
                    literal = _expanded(names[index], level, form, mark, sort_order and separator)
                    if literal is not None:
                        changes.append((names[index], {"literal": literal}))
        with replaced(changes), attributes(self, options):
            return process(self, item, variable, context=context, sort_options=None, **kwargs)

    layer.replace(model.Name, "process", process_disambiguated)


def _same_et_al(name, context) -> bool:
    """Whether ``name`` (in the bibliography) cuts names with the et-al options of the citation."""
    root = name.get_root()
    if root.citation is None or not (context if context is not None else name).xpath_search(
            "./ancestor::cs:bibliography"):
        return False
    cited = _Options(root.citation, _first_name_element(root))
    try:
        mine = (name.get_option("et-al-min", context), name.get_option("et-al-use-first", context))
    except (KeyError, TypeError, ValueError):
        return False
    return mine == (cited.et_al_min, cited.et_al_use_first) and bool(cited.et_al_min)


def _expanded(name, level, form, mark, separator=None):
    """The text of ``name`` with its given name shown at ``level`` (None: as the style prints it)."""
    shown = _given_form(name, level, form, mark)
    if shown is None:
        return None
    given = " ".join(p for p in (shown, name.get("dropping-particle")) if p)
    family = " ".join(str(p) for p in (name.get("non-dropping-particle"), name["family"]) if p)
    if separator:
        return separator.join(str(p) for p in (family, given, name.get("suffix")) if p)
    return " ".join(str(p) for p in (given, family, name.get("suffix")) if p)


def _given_form(name, level, form, mark):
    """The given name of ``name`` at ``level`` for a name element of ``form`` and ``initialize-with``
    ``mark``; None where the level shows nothing more than the style already does."""
    given = str(name.get("given", ""))
    if form == "short":
        if level <= 0:
            return None
        return initialize(given, mark, True) if level == 1 and mark is not None else given
    if mark is None or level < 2:
        return None
    return given


def _first_names_variable(reference):
    for variable in ("author", "editor", "translator"):
        if variable in reference:
            return variable
    return None


def _cite_text(bibliography, key) -> str:
    """One item's in-text cite alone, as a first cite, without the layout's prefix and suffix."""
    element = bibliography.style.root.citation
    layout = element.layout
    citation = bibliography.engine.citation([key])
    citation.bibliography = bibliography
    saved = getattr(element, "cites", None)
    element.cites = []  # position tests read the cites so far: none
    layout.repressed = {}
    state = render_state(element)
    state.disambiguating = True
    try:
        whole = layout.render_children(citation.cites[0])
    finally:
        element.cites = saved if saved is not None else []
        state.disambiguating = False
    return "" if whole is None else str(whole)


def _first_name_element(style_root):
    """The first cs:name of the citation layout (through macros), for its et-al and form options."""
    def walk(element):
        for child in element.iterchildren():
            tag = str(child.tag).rsplit("}", 1)[-1]
            if tag == "name":
                return child
            if tag == "text" and child.get("macro"):
                found = walk(style_root.get_macro(child.get("macro")))
            else:
                found = walk(child)
            if found is not None:
                return found
        return None
    return walk(style_root.citation.layout)


class _Options:
    def __init__(self, citation, name):
        def option(key, default=None):
            value = name.get(key) if name is not None else None
            if value is None and key in ("form", "delimiter"):
                value = citation.get("name-" + key)
            return value if value is not None else citation.get(key, style.get(key, default))
        style = citation.get_root()
        self.et_al_min = int(option("et-al-min", 0) or 0)
        self.et_al_use_first = int(option("et-al-use-first", 0) or 0)
        self.form = option("form", "long")
        self.mark = option("initialize-with")
        self.add_names = citation.get("disambiguate-add-names", "false") == "true"
        self.add_given = citation.get("disambiguate-add-givenname", "false") == "true"
        self.year_suffix = citation.get("disambiguate-add-year-suffix", "false") == "true"
        self.rule = citation.get("givenname-disambiguation-rule", "by-cite")
        self.cap = 1 if self.rule.endswith("with-initials") else 2

    def shown(self, reference) -> int:
        names = _names(reference)
        extra = dict.get(reference, "_cc_names")
        if extra is not None:
            return min(extra, len(names))
        if self.et_al_min and len(names) >= self.et_al_min and self.et_al_use_first:
            return min(self.et_al_use_first, len(names))
        return len(names)


def disambiguate(bibliography) -> None:
    """Make every item's in-text citation unique where the style allows (CSL 1.0.2 disambiguation):
    given names by the ``givenname-disambiguation-rule`` (all-names and primary-name rules for every
    cite), then for each set of cites that print alike: more names before "et al." with given names
    expanded where they differ, the ``disambiguate="true"`` condition, and year suffixes (2025a, 2025b)
    in bibliography order."""
    citation = bibliography.style.root.citation
    references = {key: bibliography.source[key] for key in bibliography.keys}
    for reference in references.values():
        for mark in ("_cc_names", "_cc_given", "_cc_disambiguate", "year_suffix"):
            dict.pop(reference, mark, None)
    options = _Options(citation, _first_name_element(bibliography.style.root))
    condition = len(bibliography.style.root.xpath_search(".//cs:*[@disambiguate='true']"))
    if not (options.add_names or options.add_given or options.year_suffix or condition):
        return
    if options.add_given and not options.rule.startswith("by-cite"):
        primary = options.rule.startswith("primary-name")
        shown = {key: _names(reference)[:1 if primary else options.shown(reference)]
                 for key, reference in references.items()}
        _set_levels(references, _levels(shown, options, across=True))
    texts = {key: _cite_text(bibliography, key) for key in bibliography.keys}
    for group in _ambiguous(texts):
        _resolve(bibliography, group, texts, options)
    remaining = _ambiguous(texts)
    for level in range(1, condition + 1):  # the disambiguate="true" tests, one more at a time
        if not remaining:
            break
        for group in remaining:
            for key in group:
                dict.__setitem__(references[key], "_cc_disambiguate", level)
            texts.update({key: _cite_text(bibliography, key) for key in group})
        remaining = _ambiguous(texts)
    if options.year_suffix:
        for group in remaining:
            for index, key in enumerate(sorted(group, key=bibliography.keys.index)):
                dict.__setitem__(references[key], "year_suffix", year_suffix(index))


def _resolve(bibliography, group, texts, options) -> None:
    """Tell the cites of ``group`` apart by adding names (one at a time, to the cites still alike) and
    expanding given names where they differ; cites still alike at the end get their first names back
    when a year suffix will tell them apart."""
    references = {key: bibliography.source[key] for key in group}
    saved = {key: (dict.get(ref, "_cc_names"), dict.get(ref, "_cc_given")) for key, ref in references.items()}
    base = min(options.shown(ref) for ref in references.values())
    most = max(len(_names(ref)) for ref in references.values())
    by_cite = options.add_given and not options.rule.startswith("primary-name")
    steps = ([None] if by_cite else []) + (list(range(base + 1, most + 1)) if options.add_names else [])
    pending = list(group)
    history = {key: [(frozenset(group) - {key}, saved[key])] for key in group}
    for count in steps:
        for key in pending:
            if count is not None:
                dict.__setitem__(references[key], "_cc_names", count)
        if by_cite:
            shown = {key: _names(references[key])[:options.shown(references[key])] for key in pending}
            _set_levels({key: references[key] for key in pending}, _levels(shown, options, across=False),
                        merge=True)
        texts.update({key: _cite_text(bibliography, key) for key in pending})
        for key in pending:
            history[key].append((frozenset(o for o in group if o != key and texts[o] == texts[key]),
                                 (dict.get(references[key], "_cc_names"), dict.get(references[key], "_cc_given"))))
        pending = [key for key in pending if history[key][-1][0]]
        if not pending:
            return
    for key in pending:  # still alike: the fewest additions that got as far
        final = history[key][-1][0]
        names, given = next(config for colliders, config in history[key] if colliders == final)
        for mark, value in (("_cc_names", names), ("_cc_given", given)):
            if value is None:
                dict.pop(references[key], mark, None)
            else:
                dict.__setitem__(references[key], mark, value)
    texts.update({key: _cite_text(bibliography, key) for key in pending})


def _levels(shown: dict, options, across: bool) -> dict:
    """key -> {index: level}: the least given-name level (up to the rule's cap) that tells each shown
    name from the other persons of its family name: among all shown names (``across``), or among the names
    at the same place in the other cites."""
    if options.form != "short" and options.mark is None:
        return {}
    out = {}
    by_family: dict = {}  # family -> {person: a name of that person} (across all cites)
    if across:
        for names in shown.values():
            for name in names:
                if "literal" not in name:
                    by_family.setdefault(_family(name), {}).setdefault(_person(name), name)
    for key, names in shown.items():
        for index, name in enumerate(names):
            if "literal" in name or not name.get("given"):
                continue
            if across:
                rivals = [o for person, o in by_family.get(_family(name), {}).items() if person != _person(name)]
            else:
                rivals = [names2[index] for other, names2 in shown.items() if other != key and index < len(names2)]
                rivals = [o for o in rivals if "literal" not in o and _family(o) == _family(name)
                          and _person(o) != _person(name)]
            best, told = 0, 0  # the least level that tells it from every rival, else from the most
            for level in range(1, options.cap + 1) if rivals else ():
                mine = _given_form(name, level, options.form, options.mark)
                apart = 0 if mine is None else sum(_given_form(o, level, options.form, options.mark) != mine
                                                   for o in rivals)
                if apart > told:
                    best, told = level, apart
                if told == len(rivals):
                    break
            if best:
                out.setdefault(key, {})[index] = best
    return out


def _family(name) -> tuple:
    return str(name.get("non-dropping-particle", "")), str(name.get("family", ""))


def _person(name) -> str:
    return "".join(str(name.get("given", "")).replace(".", " ").split())


def _set_levels(references: dict, levels: dict, merge: bool = False) -> None:
    for key, reference in references.items():
        variable = _first_names_variable(reference)
        found = levels.get(key)
        if not found or variable is None:
            continue
        current = dict(dict.get(reference, "_cc_given") or {}) if merge else {}
        mine = dict(current.get(variable, {}))
        for index, level in found.items():
            mine[index] = max(level, mine.get(index, 0))
        current[variable] = mine
        dict.__setitem__(reference, "_cc_given", current)


def _names(reference) -> list:
    return reference.get(_first_names_variable(reference) or "author", [])


def _ambiguous(texts: dict) -> list[list]:
    seen = {}
    for key, text in texts.items():
        seen.setdefault(text, []).append(key)
    return [keys for keys in seen.values() if len(keys) > 1]


def year_suffix(index: int) -> str:
    """The year suffix of the ``index``-th alike item (from 0): ``a``…``z``, ``aa``…``zz``, ``aaa``… (the
    letters as digits of a bijective base 26, as the reference processor counts)."""
    number, suffix = index + 1, ""
    while number:
        number, digit = divmod(number - 1, 26)
        suffix = "abcdefghijklmnopqrstuvwxyz"[digit] + suffix
    return suffix


def fix_ambiguity_without_accessed(layer):
    """Cites that differ only in their ``accessed`` date are alike (the reference processor leaves that
    date out of the cites it compares), so they get year suffixes: ``(John Doe n.d.-a [Accessed: June 1,
    1965]; John Doe n.d.-b [Accessed: June 1, 2065])``."""
    process = layer.current(model.Date, "process")

    def process_unless_accessed(self, item, variable=None, show_parts=None, context=None, **kwargs):
        if (variable or self.get("variable")) == "accessed" and render_state(self).disambiguating:
            raise VariableError("accessed")
        return process(self, item, variable=variable, show_parts=show_parts, context=context, **kwargs)

    layer.replace(model.Date, "process", process_unless_accessed)


def fix_implicit_year_suffix(layer):
    """A style that never renders ``year-suffix`` gets it after the first rendered year of ``issued``
    (CSL 1.0.2, disambiguate-add-year-suffix)."""
    process = layer.current(model.Date, "process")

    def process_with_suffix(self, item, variable=None, show_parts=None, context=None, **kwargs):
        text = process(self, item, variable=variable, show_parts=show_parts, context=context, **kwargs)
        suffix = dict.get(item.reference, "year_suffix")
        if (text is None or not suffix or self.is_locale_date() or kwargs.get("sort_options") is not None
                or (variable or self.get("variable")) != "issued" or _renders_year_suffix(self.get_root())):
            return text
        try:  # once per rendering of the entry or cite: the layout's per-item state
            state = (context if context is not None else self).get_layout().repressed
        except (IndexError, AttributeError):
            state = {}
        if state.get("_cc_year_suffix"):
            return text
        state["_cc_year_suffix"] = True
        return _after_year(text, item.reference.get("issued"), suffix)

    layer.replace(model.Date, "process", process_with_suffix)


def _after_year(text, date, suffix):
    """``text`` with ``suffix`` right after the (first) year in it: inside the date's affixes (``(1990a)``,
    ``[1990a]``), at the end when no year is found."""
    date = date.begin if isinstance(date, DateRange) else date
    year = dict.get(date, "year") if isinstance(date, dict) else None
    plain = str(text)
    if year is not None:
        for digits in (str(abs(year)), str(year)[-2:]):
            at = plain.find(digits)
            if at >= 0:
                return plain[:at + len(digits)] + suffix + plain[at + len(digits):]
    return text + suffix


@per_element
def _renders_year_suffix(root) -> bool:
    return bool(root.xpath_search(".//cs:text[@variable='year-suffix']"))
