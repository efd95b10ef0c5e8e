"""Cite order, grouping, collapsing and joining in a citation (CSL ``cs:sort``, ``collapse``,
``cite-group-delimiter``, ``year-suffix-delimiter``, ``after-collapse-delimiter``; cite affixes against the
delimiter), which citeproc-py 0.11.1 lacks."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.source import VariableError

from .layer import render_state


def fix_collapse(layer):
    """A citation keeps the order of its cites unless the style sorts them; cites whose first names print
    alike are grouped (``collapse`` or ``cite-group-delimiter``) and collapsed: ``(Smith 2000, 2001)``,
    ``(Smith 2000a, b)``, ``(Smith 2000a–c)``, ``[1]–[3]``."""
    names_process = layer.current(model.Names, "process")  # chain onto the fixes applied before

    def process_first_names(self, item, names_context=None, context=None, **kwargs):
        state = render_state(self).first_names  # mode "capture" records the output of a cite's first
        # cs:names, "suppress" leaves it out (a cite collapsed into the group before it: "Smith 2000, 2001")
        if state["mode"] is None or state["seen"]:
            return names_process(self, item, names_context=names_context, context=context, **kwargs)
        state["seen"] = True
        if state["mode"] == "suppress":
            raise VariableError
        text = names_process(self, item, names_context=names_context, context=context, **kwargs)
        state["text"] = None if text is None else str(text)
        return text

    layer.replace(model.Names, "process", process_first_names)
    layer.replace(model.Layout, "render_citation", render_citation)


def _render(layout, item, mode, first=False):
    """(text or None, first names text) of one cite."""
    state = render_state(layout).first_names
    state.update(mode=mode, seen=False, text=None)
    layout.repressed = {}
    try:
        output = layout.render_children(item)
    except VariableError:
        output = None
    finally:
        names = state["text"]
        state.update(mode=None, seen=False, text=None)
    if output is None:
        return None, names
    prefix, suffix = cite_affixes(layout, item)
    if (first and not prefix.strip()) or _ends_sentence(prefix):
        output = _capitalize_ibid(layout, str(output))
    return str(prefix + output + suffix), names


def cite_affixes(layout, item) -> tuple[str, str]:
    """A cite's prefix and suffix, as the engine's ``Layout.cite_affixes`` gives them (else as given)."""
    affixes = getattr(layout, "cite_affixes", None)
    if affixes is None:
        return item.get("prefix", ""), item.get("suffix", "")
    return affixes(item)


_CLOSING = re.compile(r"<[^>]+>|[\"'\u201d\u2019\u00bb\u202f\u00a0 ]+$")


def _ends_sentence(prefix: str) -> bool:
    """Whether a cite after ``prefix`` begins a sentence (as the reference processor decides it): a prefix
    of two words or more whose last character, past closing quotes and markup, is ``.``, ``!``, ``?``,
    ``:`` or ``;`` (``See also. `` and ``He said "Please work." `` do, ``Cf. `` does not)."""
    return " " in prefix.strip() and _CLOSING.sub("", prefix)[-1:] in (".", "!", "?", ":", ";")


def _capitalize_ibid(layout, text: str) -> str:
    """"ibid." opening a citation is capitalised (``Ibid. p. 23``)."""
    term = layout.get_single_term("ibid") if text[:1].islower() else None
    if term and text.startswith(str(term)):
        return text[:1].upper() + text[1:]
    return text


def render_citation(self, citation, callback):
    element = self.getparent()
    good = [cite for cite in citation.cites if not cite.is_bad()]
    bad = [cite for cite in citation.cites if cite.is_bad()]
    if element.sort is not None and len(good) > 1:  # ties keep the bibliography's order (2020a, 2020b)
        order = {key: index for index, key in enumerate(citation.bibliography.keys)}
        good.sort(key=lambda cite: order.get(cite.key, len(order)))
        good = element.sort.sort(good, self)
    collapse = element.get("collapse")
    grouping = bool(collapse) or element.get("cite-group-delimiter") is not None
    delimiter = self.get("delimiter", "")
    cites = []  # (item, full text, names, short text)
    for item in good:
        mode = "capture" if grouping else None
        text, names = _render(self, item, mode, first=not cites)
        if text is None:
            continue
        if names is None and (collapse or "").startswith("year-suffix"):
            names = ""  # a cite without names: year suffixes of the same year still collapse (1965a,b)
        short = None
        if collapse in ("year", "year-suffix", "year-suffix-ranged") and names is not None \
                and any(names == other[2] for other in (cites if element.sort is not None else cites[-1:])):
            short, _ = _render(self, item, "suppress")
            if not short:  # nothing but the names again (no date): the group has said it
                element.cites.append(item)
                continue
        element.cites.append(item)
        cites.append((item, text, names, short))
    if collapse == "citation-number":
        body = _number_ranges(cites, delimiter, element.get("after-collapse-delimiter", delimiter))
    elif grouping:
        body = _grouped(element, cites, collapse, delimiter)
    else:
        body = "".join((affixed_delimiter(cites[index - 1][0], item, delimiter) if index else "") + text
                       for index, (item, text, _, _) in enumerate(cites))
    out = [body] if body else []
    for item in bad:
        out.append(callback(item) or "{}?".format(item.key))
    return self.format(self.wrap(self.join(out)))


def affixed_delimiter(before, item, delimiter: str) -> str:
    """The delimiter between two cites as their affixes leave it (as the reference processor does): after
    a suffix that ends in ``,``, ``.`` or ``;`` only its spaces (``is one source, Jones``); before a prefix
    that starts with one of them (the cite before without a suffix), none (``Book A, cited in Book B``)."""
    suffix, prefix = before.get("suffix", ""), item.get("prefix", "")
    if suffix and suffix[-1] in ",.;":
        space = delimiter.find(" ")
        return delimiter[space:] if space >= 0 else ""
    if not suffix and prefix[:1] in (",", ".", ";"):
        return ""
    return delimiter


def _number_ranges(cites, delimiter, after):
    """Runs of three or more consecutive citation numbers (cites without locator or affixes) -> first–last."""
    runs = []
    for item, text, _, _ in cites:
        number = getattr(item, "number", None) if _plain(item) else None
        if runs and number is not None and runs[-1][-1][0] is not None and number == runs[-1][-1][0] + 1:
            runs[-1].append((number, text))
        else:
            runs.append([(number, text)])
    body = ""
    for index, run in enumerate(runs):
        if index:
            body += after if len(runs[index - 1]) >= 3 else delimiter
        body += (run[0][1] + "\u2013" + run[-1][1]) if len(run) >= 3 else delimiter.join(t for _, t in run)
    return body


def _plain(item) -> bool:
    return not any(key in item for key in ("locator", "prefix", "suffix"))


def _grouped(element, cites, collapse, delimiter):
    groups = []  # cites whose first names print alike, in the order of the first of each (only those
    for cite in cites:  # next to each other when the style does not sort the cites)
        names = cite[2]
        for group in groups if element.sort is not None else groups[-1:]:
            if names is not None and group[0][2] == names:
                group.append(cite)
                break
        else:
            groups.append([cite])
    pieces = [piece for group in groups for piece in _collapsed(group, collapse)]
    body = ""
    for index, piece in enumerate(pieces):
        if index:
            body += affixed_delimiter(pieces[index - 1][2], piece[2],
                                      _splice(element, collapse, delimiter, pieces[index - 1], piece))
        body += piece[0]
    return body


def _splice(element, collapse, delimiter, before, piece) -> str:
    """The delimiter between two pieces of a grouped citation, as the reference processor chooses it: a
    bare year suffix takes ``year-suffix-delimiter`` (else ``cite-group-delimiter``, else the layout's);
    with ``after-collapse-delimiter`` that one follows a cite with a locator, closes a collapsed group and
    separates two cites not collapsed (``year-suffix`` collapsing excepted), the layout's delimiter joins
    the rest; without it, a cite collapsed into the one before takes ``cite-group-delimiter`` if the style
    sets it, else ``", "`` in an in-text style; all other cites are joined by the layout's delimiter
    (``(Smith 2000a; 2000b)`` in a note style)."""
    _, bare, _, continued = piece
    if bare:
        return element.get("year-suffix-delimiter", element.get("cite-group-delimiter", delimiter))
    after = element.get("after-collapse-delimiter")
    collapsed, last_collapsed = bool(collapse) and continued, bool(collapse) and before[3]
    if after is not None:
        if "locator" in before[2] or (last_collapsed and not collapsed) or \
                (not last_collapsed and not collapsed and collapse != "year-suffix"):
            return after
        return delimiter
    if continued and element.get("cite-group-delimiter") is not None:
        return element.get("cite-group-delimiter")
    if collapsed and element.get_root().get("class") == "in-text":
        return ", "
    return delimiter


def _collapsed(group, collapse):
    """One group's pieces (text, is a bare year suffix, cite, follows a cite of the same names): the first
    cite whole, the others without their names (``collapse`` year*) and, for year-suffix collapsing, only
    their year suffix where the year is the same."""
    pieces = []
    for position, (item, text, _, short) in enumerate(group):
        if not position or short is None:
            pieces.append((text, False, item, bool(position)))
            continue
        if collapse.startswith("year-suffix") and pieces and _plain(item) and _plain(pieces[-1][2]):
            previous = next(p[0] for p in reversed(pieces) if not p[1])
            suffix = _suffix_only(short, _without_names(previous, group[0]))
            if suffix is not None:
                pieces.append((suffix, True, item, True))
                continue
        pieces.append((short, False, item, True))
    return _suffix_ranges(pieces) if collapse == "year-suffix-ranged" else pieces


def _without_names(text, first):
    """The text of the group's first cite past its names (to compare years with)."""
    names = first[2] or ""
    at = text.find(names) if names else -1
    return (text[at + len(names):] if at >= 0 else text).lstrip(" ,;:.")


def _suffix_only(short: str, previous: str) -> str | None:
    """The year suffix of ``short`` when it has the same year as ``previous`` (``2000b`` after ``2000a``)."""
    common = 0
    while common < min(len(short), len(previous)) and short[common] == previous[common]:
        common += 1
    while common and short[common - 1].isalpha():
        common -= 1
    rest = short[common:]
    letters = rest.rstrip(".,;:)]!?")
    if common and letters and letters.isalpha() and letters.islower() and len(letters) <= 2 \
            and short[:common].rstrip()[-1:].isdigit():
        return rest
    return None


def _suffix_ranges(pieces):
    """Consecutive single-letter suffixes (three or more, first one included) -> ``a–c``."""
    out, index = [], 0
    while index < len(pieces):
        run = [index]
        while run[-1] + 1 < len(pieces) and pieces[run[-1] + 1][1] and \
                _letter(pieces[run[-1] + 1][0]) is not None and _letter(pieces[run[-1]][0]) is not None and \
                _letter(pieces[run[-1] + 1][0]) == _letter(pieces[run[-1]][0]) + 1:
            run.append(run[-1] + 1)
        if len(run) >= 3:
            first, last = pieces[run[0]], pieces[run[-1]]
            out.append((first[0] + "\u2013" + last[0], first[1], last[2], first[3]))
        else:
            out.extend(pieces[i] for i in run)
        index = run[-1] + 1
    return out


def _letter(text: str):
    """The code of the year-suffix letter ``text`` ends with (``2000a`` or ``a``), or None."""
    stripped = text.rstrip(".,;:)]!?")
    if stripped and stripped[-1].isalpha() and stripped[-1].islower() and (len(stripped) == 1 or stripped[-2].isdigit()):
        return ord(stripped[-1])
    return None


def cite_group(bibliography, keys: list, collapse: bool = True) -> str:
    """The in-text citation of ``keys`` together, in the style's order, grouped and collapsed as it asks
    (with the ``collapse`` fix applied)."""
    citation = bibliography.engine.citation(keys)
    citation.bibliography = bibliography
    return str(bibliography.cite(citation, lambda item: None))
