"""Name fixes: CSL 1.0.2 name variables, initials (abbreviations kept, ``initialize="false"``), CJK names,
``form="count"``, et-al options (``et-al-subsequent-*``, both options needed, ``after-inverted-name``),
``subsequent-author-substitute`` (in :mod:`.subsequent`), names in sort keys; name parts are in
:mod:`.nameparts`."""
from __future__ import annotations

import re
from contextlib import contextmanager

from citeproc import model
from citeproc.source import VariableError

from .layer import render_state

# CSL 1.0.2 name variables citeproc-py 0.11.1 does not know (it ignores them or crashes on them).
NEW_NAMES = ["chair", "compiler", "contributor", "curator", "director", "editor_translator",
             "executive_producer", "guest", "host", "narrator", "organizer", "performer", "producer",
             "reviewed_author", "script_writer", "series_creator"]
# CSL 1.0.2 ordinary variables it does not know (it warns and drops them).
NEW_VARIABLES = ["event_title", "part_number", "part_title", "volume_title", "supplement_number",
                 "reviewed_title", "reviewed_genre", "archive_collection", "available_date", "event_date",
                 "division", "container_author", "citation_key", "publisher_place", "issue", "status"]


def fix_name_variables(layer):
    """CSL 1.0.2 name variables are names: the engine's source parses them as names (see
    ``Engine.source``) and they sort as names."""
    sort_keys = layer.current(model.Key, "sort_keys")

    def sort_keys_of_names(self, items, context):
        variable = (self.get("variable") or "").replace("-", "_")
        if variable in NEW_NAMES:
            return [self._format_name(item, variable) for item in items]
        return sort_keys(self, items, context)

    layer.replace(model.Key, "sort_keys", sort_keys_of_names)


_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def is_cjk(text) -> bool:
    return bool(text) and bool(_CJK.search(str(text)))


def initialize(given: str, mark: str, hyphen: bool, full: bool = True) -> str:
    """Initials of ``given``: each capitalised word gives its first letter + ``mark``. With
    ``hyphen`` a hyphenated name keeps its hyphen (``Jean-Luc`` -> ``J.-L.``) and a lower-case part after
    a hyphen is dropped (``Ji-ho`` -> ``J.``); without it a lower-case word is kept as written (``J ho``).
    A part already abbreviated (``Ph.``, ``M.``) stays as written with ``mark`` for its period; with
    ``full`` false (``initialize="false"``) whole words stay too (``John M.E.`` -> ``John M. E.``)."""
    pieces = []  # (text, is a whole word)
    for word in given.split():
        for chunk in re.findall(r"[^.]+\.?", word):
            core = chunk.rstrip(".")
            if not core.strip("-"):
                continue
            if hyphen and "-" in core.strip("-"):
                firsts = [p for p in core.split("-") if p and p[0].isupper()]
                if firsts and full:
                    pieces.append(("-".join(p[0] + mark.strip() for p in firsts) + (" " if mark.endswith(" ") else ""), False))
                elif firsts:
                    pieces.append((core, True))
                continue
            if chunk.endswith(".") and core[0].isalpha():
                pieces.append((core + mark, False))
            elif (full or len(core) == 1) and (core[0].isupper() or not core[0].isalpha()):
                digraph = len(core) > 2 and core[1].isupper() and core[2:].islower()  # TSerendorjiin -> Ts.
                pieces.append(((core[0] + core[1].lower() if digraph else core[0]) + mark, False))
            else:
                pieces.append((core, True))
    text = ""
    for piece, whole in pieces:
        if whole:
            text += (" " if text and not text.endswith(" ") else "") + piece + " "
        else:
            text += piece
    return " ".join(text.split()) if mark.endswith(" ") or " " in text.strip() else text.strip()


SECTION = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"  # where name options are inherited from


def _inherited(name_element, option, context=None):
    """An inheritable name option: on cs:name, else on cs:citation / cs:bibliography, else on cs:style."""
    value = name_element.get(option)
    if value is None:
        found = (context if context is not None else name_element).xpath_search(SECTION)
        value = found[0].get(option) if found else None
    return value if value is not None else name_element.get_root().get(option)


def fix_initials(layer):
    """``Ji-ho`` must give ``J.`` (with initialize-with-hyphen) or ``J ho`` (without), not ``J.-. ho .``."""

    def initialize_method(self, given, mark, context):
        hyphen = self.get_option("initialize-with-hyphen", context)
        if not hyphen:
            given = str(given).replace("-", " ")
        return initialize(str(given), mark, hyphen, _inherited(self, "initialize", context) != "false")

    layer.replace(model.Name, "initialize", initialize_method)


def fix_suffix_periods(layer):
    """With ``initialize-with`` free of periods (Vancouver ``SM``), a name suffix loses its period too
    (``Smith J Jr``), as the reference processor prints it; sort keys leave suffixes out (``Smith, John,
    Jr., & King`` sorts between ``Smith, John, & Brown`` and ``Smith, John, & White``)."""
    process = layer.current(model.Name, "process")

    def process_suffix(self, item, variable, context=None, sort_options=None, **kwargs):
        mark = self.get_option("initialize-with", context, sort_options)
        saved = []
        if sort_options is not None:  # a sort key: names compare without their suffixes
            for name in item.reference.get(variable, []):
                if name.get("suffix"):
                    saved.append((name, name["suffix"]))
                    del name["suffix"]
        elif mark is not None and "." not in mark:
            for name in item.reference.get(variable, []):
                if str(name.get("suffix", "")).endswith("."):
                    saved.append((name, name["suffix"]))
                    name["suffix"] = str(name["suffix"]).rstrip(".")
        try:
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        finally:
            for name, suffix in saved:
                name["suffix"] = suffix

    layer.replace(model.Name, "process", process_suffix)


def fix_cjk_names(layer):
    """Han/Hangul/Kana names print family then given with no space and are never initialised
    (``张伟``, in-text ``张``)."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_cjk(self, item, variable, context=None, sort_options=None, **kwargs):
        names = item.reference.get(variable, [])
        changes = []
        for name in names:
            if "literal" not in name and is_cjk(name.get("family")) and name.get("given"):
                form = self.get_option("form", context, sort_options)
                changes.append((name, {"literal": name["family"] + ("" if form == "short" else name["given"])}))
        with replaced(changes):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    layer.replace(model.Name, "process", process_cjk)



def fix_name_count(layer):
    """``form="count"``: the counts of several name variables add up (``5``), as numbers, not as the text
    ``32`` of the counts side by side."""
    markup = layer.current(model.Name, "markup")
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def markup_count(self, text):
        return text if isinstance(text, int) else markup(self, text)

    def process_count(self, item, variable, context=None, sort_options=None, **kwargs):
        if self.get_option("form", context, sort_options) != "count":
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        names = item.reference.get(variable, [])
        try:  # the names the long form would print: all of them unless "et al." cuts the list
            least, first = (self.get_option(key, context, sort_options) for key in ("et-al-min", "et-al-use-first"))
        except (KeyError, TypeError, ValueError):
            least = first = 0
        return min(first, len(names)) if least and first and len(names) >= least else len(names)

    layer.replace(model.Name, "markup", markup_count)
    layer.replace(model.Name, "process", process_count)


@contextmanager
def replaced(changes: list[tuple[dict, dict]]):
    """Each name of ``changes`` (name, replacement) holds its replacement inside the block; restored after."""
    saved = [(name, dict(name)) for name, _ in changes]
    try:
        for name, new in changes:
            name.clear()
            name.update(new)
        yield
    finally:
        for name, old in saved:
            name.clear()
            name.update(old)


@contextmanager
def attributes(element, values: dict):
    """``element`` with the attributes ``values`` (name options) inside the block."""
    saved = {key: element.get(key) for key in values}
    for key, value in values.items():
        element.set(key, value)
    try:
        yield element
    finally:
        for key, value in saved.items():
            if value is None:
                del element.attrib[key]
            else:
                element.set(key, value)


def fix_et_al_subsequent(layer):
    """``et-al-subsequent-min`` / ``et-al-subsequent-use-first`` for a cite of an item cited before
    (citeproc-py ignores them)."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_subsequent(self, item, variable, context=None, sort_options=None, **kwargs):
        if sort_options is None:
            values = {}
            for option in ("min", "use-first"):
                value = _inherited(self, f"et-al-subsequent-{option}", context)
                if value is not None:
                    values[f"et-al-{option}"] = value
            owner = context if context is not None else self
            citation = owner.xpath_search("./ancestor::cs:citation[1]") if values else None
            cites = getattr(citation[0], "cites", None) if citation else None
            if cites and any(cite.key == item.key for cite in cites):
                with attributes(self, values):
                    return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    layer.replace(model.Name, "process", process_subsequent)


def fix_et_al_options(layer):
    """"et al." applies only when both ``et-al-min`` and ``et-al-use-first`` are set (citeproc-py takes
    ``et-al-use-first`` as 1 when it is missing); ``et-al-use-first="0"`` prints no names at all."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_et_al(self, item, variable, context=None, sort_options=None, **kwargs):
        if sort_options is not None and "et-al-use-first" in sort_options:
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        least = _inherited(self, "et-al-min", context)
        first = _inherited(self, "et-al-use-first", context)
        if least is not None and first is None:
            with attributes(self, {"et-al-min": "0"}):
                return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        if least is not None and first is not None and first.strip() == "0" and \
                len(item.reference.get(variable, [])) >= int(least or 0) > 0:
            raise VariableError
        return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    layer.replace(model.Name, "process", process_et_al)


def fix_after_inverted_name(layer):
    """``delimiter-precedes-last`` / ``delimiter-precedes-et-al`` = ``after-inverted-name``: the delimiter
    comes only after a name printed family-first (``Doe, John, and Jane Roe``)."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before

    def process_after_inverted(self, item, variable, context=None, sort_options=None, **kwargs):
        options = {key: self.get_option(key, context, sort_options)
                   for key in ("delimiter-precedes-last", "delimiter-precedes-et-al")}
        if "after-inverted-name" not in options.values():
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        names = item.reference.get(variable, [])
        order = self.get_option("name-as-sort-order", context, sort_options)
        least = self.get_option("et-al-min", context, sort_options)
        first = self.get_option("et-al-use-first", context, sort_options)
        shown = min(first, len(names)) if least and len(names) >= least and len(names) > 1 else len(names)

        def inverted(index):
            return self.get_option("form", context, sort_options) != "short" and index >= 0 and \
                (order == "all" or (order == "first" and index == 0)) and \
                "literal" not in names[index] and bool(names[index].get("given"))

        values = {}
        if options["delimiter-precedes-last"] == "after-inverted-name":
            values["delimiter-precedes-last"] = "always" if inverted(shown - 2) else "never"
        if options["delimiter-precedes-et-al"] == "after-inverted-name":
            values["delimiter-precedes-et-al"] = "always" if inverted(shown - 1) else "never"
        with attributes(self, values):
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)

    layer.replace(model.Name, "process", process_after_inverted)


def fix_name_sort_keys(layer):
    """A name list as a sort key has no "and" between the names and no "et al.": names compare one by one
    (``Colaresi, Rasler, and Thompson`` before ``Colaresi and Thompson``); with
    ``demote-non-dropping-particle="sort-only"`` its particles are demoted (``de Souza`` sorts under S)."""
    process = layer.current(model.Name, "process")  # chain onto the fixes applied before
    et_al = layer.current(model.Name, "et_al")
    def process_sort_key(self, item, variable, context=None, sort_options=None, **kwargs):
        if sort_options is None:
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        if "and" not in sort_options:
            sort_options = dict(sort_options, **{"and": None})
        if str(self.get_root().get("demote-non-dropping-particle", "")).lower() == "sort-only":
            sort_options = dict(sort_options, **{"demote-non-dropping-particle": "display-and-sort"})
        state = render_state(self)
        state.sort_keys += 1
        try:
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        finally:
            state.sort_keys -= 1

    def et_al_outside_keys(self):
        return "" if render_state(self).sort_keys else et_al(self)

    layer.replace(model.Name, "process", process_sort_key)
    layer.replace(model.Name, "et_al", et_al_outside_keys)


def fix_name_label_in_sort_keys(layer):
    """A sort key of names leaves their label out (``Doe, John`` for an editor too, not ``Doe, John ed.``)."""
    process = layer.current(model.Label, "process")  # chain onto the fixes applied before

    def process_label(self, item, variable=None, plural=None, context=None, **kwargs):
        if kwargs.get("sort_options") is not None and isinstance(self.getparent(), model.Names):
            return None
        return process(self, item, variable, plural, context=context, **kwargs)

    layer.replace(model.Label, "process", process_label)


def fix_cjk_et_al(layer):
    """An "et al." term in Chinese or Japanese follows the last name without a space (``Ziggy Zither等``);
    a delimiter before it stays (``Yossarian Yoda, 等``)."""
    process = layer.current(model.Name, "process")

    def process_cjk_et_al(self, item, variable, context=None, sort_options=None, **kwargs):
        text = process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        if text is None or isinstance(text, int) or sort_options is not None:
            return text
        flat = str(text)
        if " " not in flat:
            return text
        et_al = str(self.et_al() or "")
        if not is_cjk(et_al[:1]) or not flat.endswith(" " + et_al) or flat.endswith(", " + et_al):
            return text
        return self.strings.String(flat[:-len(et_al) - 1] + et_al)

    layer.replace(model.Name, "process", process_cjk_et_al)
