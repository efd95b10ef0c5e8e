"""Name fixes: CSL 1.0.2 name variables, initials of lower-case given-name parts, CJK names."""
from __future__ import annotations

import re

import citeproc
from citeproc import model

from . import patch

# CSL 1.0.2 name variables citeproc-py 0.11.1 does not know (it ignores them or crashes on them).
NEW_NAMES = ["chair", "compiler", "contributor", "curator", "director", "editor_translator",
             "executive_producer", "guest", "host", "narrator", "organizer", "performer", "producer",
             "reviewed_author", "script_writer", "series_creator"]
# CSL 1.0.2 ordinary variables it does not know (it warns and drops them).
NEW_VARIABLES = ["event_title", "part_number", "part_title", "volume_title", "supplement_number",
                 "reviewed_title", "reviewed_genre", "archive_collection", "available_date", "event_date",
                 "division", "container_author", "citation_key", "publisher_place", "issue", "status"]
_ADDED: list[tuple[list, str]] = []


def fix_name_variables():
    """Make CSL 1.0.2 name variables parse as names (``citeproc.NAMES`` is shared by reference)."""
    for target, values in ((citeproc.NAMES, NEW_NAMES), (citeproc.VARIABLES, NEW_NAMES + NEW_VARIABLES)):
        for value in values:
            if value not in target:
                target.append(value)
                _ADDED.append((target, value))


def restore_name_variables():
    while _ADDED:
        target, value = _ADDED.pop()
        target.remove(value)


_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def is_cjk(text) -> bool:
    return bool(text) and bool(_CJK.search(str(text)))


def initialize(given: str, mark: str, hyphen: bool) -> str:
    """Initials of ``given``: each capitalised word gives its first letter + ``mark``. With
    ``hyphen`` a hyphenated name keeps its hyphen (``Jean-Luc`` -> ``J.-L.``) and a lower-case part after
    a hyphen is dropped (``Ji-ho`` -> ``J.``); without it a lower-case word is kept as written (``J ho``)."""
    out = []
    for word in given.replace(".", ". ").split() if not hyphen else given.split():
        if hyphen and "-" in word.strip("-"):
            parts = [p for p in word.split("-") if p]
            firsts = [p for p in parts if p[0].isupper()]
            if firsts:
                out.append("-".join(p[0] + mark.strip() for p in firsts)
                           if len(firsts) > 1 else firsts[0][0] + mark.strip())
                out[-1] = out[-1] + (" " if mark.endswith(" ") else "")
            continue
        for part in word.replace(".", " ").split() if hyphen else [word.rstrip(".")] if word != "." else []:
            if not part:
                continue
            if part[0].isupper() or not part[0].isalpha():
                out.append(part[0] + mark)
            else:
                out.append(" " + part + " ")
    text = "".join(out)
    return " ".join(text.split()) if mark.endswith(" ") or " " in text.strip() else text.strip()


def fix_initials():
    """``Ji-ho`` must give ``J.`` (with initialize-with-hyphen) or ``J ho`` (without), not ``J.-. ho .``."""

    def initialize_method(self, given, mark, context):
        hyphen = self.get_option("initialize-with-hyphen", context)
        if not hyphen:
            given = str(given).replace("-", " ")
        return initialize(str(given), mark, hyphen)

    patch(model.Name, "initialize", initialize_method)


def fix_suffix_periods():
    """With ``initialize-with`` free of periods (Vancouver ``SM``), a name suffix loses its period too
    (``Smith J Jr``), as the reference processor prints it; sort keys leave suffixes out (``Smith, John,
    Jr., & King`` sorts between ``Smith, John, & Brown`` and ``Smith, John, & White``)."""
    process = model.Name.process

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

    patch(model.Name, "process", process_suffix)


def fix_cjk_names():
    """Han/Hangul/Kana names print family then given with no space and are never initialised
    (``张伟``, in-text ``张``)."""
    process = model.Name.process  # chain onto the fixes applied before

    def process_cjk(self, item, variable, context=None, sort_options=None, **kwargs):
        names = item.reference.get(variable, [])
        swapped = []
        for name in names:
            if "literal" not in name and is_cjk(name.get("family")) and name.get("given"):
                swapped.append((name, dict(name)))
                form = self.get_option("form", context, sort_options)
                joined = name["family"] + ("" if form == "short" else name["given"])
                name.clear()
                name["literal"] = joined
        try:
            return process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
        finally:
            for name, saved in swapped:
                name.clear()
                name.update(saved)

    patch(model.Name, "process", process_cjk)

