"""Layout fixes: group suppression, substitute suppression, second-field-align, sorting."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import cmp_to_key

from citeproc import model
from citeproc.formatter import html as html_formatter
from citeproc.source import VariableError
from citeproc.string import MixedString

from .cache import inserted
from .layer import per_element, render_state

NS = "{http://purl.org/net/xbiblio/csl}"


def condition_holds(element, item, context=None) -> bool:
    """Whether a ``cs:if``/``cs:else-if`` matches ``item`` (``cs:else`` always does), without rendering."""
    if isinstance(element, model.Else):
        return True
    results = []
    for attribute, test in (("type", element._type), ("variable", element._variable),
                            ("is-numeric", element._is_numeric), ("is-uncertain-date", element._is_uncertain_date),
                            ("locator", element._locator)):
        if attribute in element.attrib:
            results += test(item)
    if "position" in element.attrib:
        results += element._position(item, context)
    match = element.get("match")
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def taken_branch(choose, item, context=None):
    for branch in choose.iterchildren():
        if condition_holds(branch, item, context):
            return branch
    return None


@per_element
def _has_choose(element) -> bool:
    """Whether what ``element`` renders depends on a ``cs:choose`` (directly or through macros)."""
    if isinstance(element, model.Choose):
        return True
    if isinstance(element, model.Text) and "macro" in element.attrib:
        return any(_has_choose(c) for c in element.get_macro(element.get("macro")).iterchildren())
    if isinstance(element, (model.Group, model.Macro)):
        return any(_has_choose(c) for c in element.iterchildren())
    return False


def calls_variable(element, item, context=None) -> bool:
    """``calls_variable`` looking only at the branch of each ``cs:choose`` the item takes."""
    if not _has_choose(element):
        return element.calls_variable()
    if isinstance(element, model.Choose):
        branch = taken_branch(element, item, context)
        return branch is not None and any(calls_variable(c, item, context) for c in branch.iterchildren())
    if isinstance(element, model.Text) and "macro" in element.attrib:
        macro = element.get_macro(element.get("macro"))
        return any(calls_variable(c, item, context) for c in macro.iterchildren())
    return element.calls_variable()


@per_element
def _group_parts(group) -> tuple:
    """(delimiter, ((child, is a cs:choose), ...)) of a ``cs:group``, once per element."""
    children = tuple((child, isinstance(child, model.Choose)) for child in group.iterchildren())
    return group.get("delimiter", ""), children


@per_element
def _children(macro) -> tuple:
    """A ``cs:macro``'s children, once per element."""
    return tuple(macro.iterchildren())


def fix_group_suppression(layer):
    """A ``cs:group`` is suppressed when it calls variables that are all empty; only the branch of a
    ``cs:choose`` that the item takes counts (no ``(Publication)`` from an untaken branch)."""

    def process(self, item, context=None, **kwargs):
        output, rendered, silent = [], [], []
        delimiter, children = _group_parts(self)
        for child, choose in children:
            try:
                if choose:
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                silent.append(child)
                continue
            if text is not None:
                output.append(text)
                rendered.append(child)
            else:
                silent.append(child)
        if not output:
            raise VariableError
        # which children call variables is only asked when it decides something (it is the slow part)
        if not silent or any(_nested(child) or calls_variable(child, item, context) for child in rendered):
            return self.join(output)
        if any(calls_variable(child, item, context) for child in silent):
            raise VariableError
        return self.join(output)

    layer.replace(model.Group, "process", process)


def rendered_variables(element, item, context=None, found=None) -> dict:
    """tag -> variables a substitute child renders for ``item`` (through macros and taken branches)."""
    found = {} if found is None else found
    if isinstance(element, model.Choose):
        branch = taken_branch(element, item, context)
        children = [] if branch is None else list(branch.iterchildren())
    elif isinstance(element, model.Text) and "macro" in element.attrib:
        children = list(element.get_macro(element.get("macro")).iterchildren())
    else:
        if element.get("variable"):
            for variable in element.get("variable").split():
                found.setdefault(element.tag, []).append(variable)
        children = [c for c in element.iterchildren() if not isinstance(c, model.Substitute)]
    for child in children:
        rendered_variables(child, item, context, found)
    return found


def fix_substitute_suppression(layer):
    """What a ``cs:substitute`` rendered is suppressed for the rest of the entry, also when it came
    through a macro (the title is not printed twice for an item without author)."""

    def render(self, item, context=None, **kwargs):
        text = None
        state = render_state(self)
        for child in self.getchildren():
            state.substituting += 1
            try:
                if isinstance(child, model.Names) and (child.name is None or inserted(child.name)):
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                state.substituting -= 1
            if not text and isinstance(child, model.Text) and "term" in child.attrib:
                return None  # a term substitutes, even an empty one
            if text:
                repressed = (context if context is not None else self).get_layout().repressed
                for tag, variables in rendered_variables(child, item, context).items():
                    repressed.setdefault(tag, []).extend(variables)
                break
        return text

    layer.replace(model.Substitute, "render", render)
    names_process = layer.current(model.Names, "process")

    def process_unsuppressed(self, item, names_context=None, context=None, **kwargs):
        try:
            repressed = (context if context is not None else self).get_layout().repressed
        except (IndexError, AttributeError):
            repressed = {}
        hidden = repressed.get(self.tag, ())
        roles = self.get("variable", "").split()
        keep = [role for role in roles if role not in hidden]
        if len(keep) == len(roles):
            text = names_process(self, item, names_context=names_context, context=context, **kwargs)
            if text is not None and render_state(self).substituting:  # printed inside a substitute: only once
                repressed.setdefault(self.tag, []).extend(roles)
            return text
        if not keep:
            raise VariableError
        self.set("variable", " ".join(keep))
        try:
            return names_process(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", " ".join(roles))

    layer.replace(model.Names, "process", process_unsuppressed)


class SecondField(str):
    """An entry of a ``second-field-align`` bibliography: ``first`` (the number) and ``rest``."""

    def __new__(cls, first, rest):
        value = super().__new__(cls, f"{first} {rest}")
        value.first, value.rest = first, rest
        return value

    def __reduce__(self):
        """Pickled as its two fields (entries rendered in another process come back through a pipe)."""
        return SecondField, (self.first, self.rest)


def fix_second_field_align(layer):
    """``second-field-align``: the first field is kept apart (``1. Jaffal SM``, not ``1.Jaffal SM``) so a
    writer can put it in a number column."""

    def render_bibliography(self, citation_items):
        align = self.getparent().get("second-field-align")
        output = []
        for item in citation_items:
            self.repressed = {}
            if not align:
                text = self.format(self.wrap(self.render_children(item)))
            else:
                children = list(self.iterchildren())
                first = _render_one(children[0], item) if children else None
                rest = [t for t in (_render_one(c, item) for c in children[1:]) if t is not None]
                rest = self.strings.join(rest) if rest else None
                if first is not None and rest is not None:  # the layout's affixes go around both fields
                    suffix = self.get("suffix", "")
                    rest = self.strings.concat(rest, self.strings.seam(rest, suffix)) if suffix else rest
                    text = SecondField(str(self.format(self.get("prefix", "") + first)), str(self.format(rest)).rstrip())
                else:
                    text = self.format(self.wrap(first if rest is None else rest))
            if text is not None:
                output.append(text)
        return output

    layer.replace(model.Layout, "render_bibliography", render_bibliography)


def _render_one(child, item):
    try:
        return child.render(item)
    except VariableError:
        return None


_LETTERS = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l", "Ł": "L",
            "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D"}


_MARKUP = re.compile(r"</?(i|b|sup|sub|span)\b[^>]*>")


def collation_key(text: str) -> tuple:
    """A locale-style sort key: letters and digits compare first, word by word, without accents (``Ø`` with
    ``O``, ``É`` with ``E``) and ignoring punctuation (``O’Brien`` before ``Okafor``; ``Adeyemi, A., &
    Adeyemi, T.`` before ``Adeyemi, A. B.``); a word that is the start of another sorts first, as a space
    sorts before letters and punctuation in the locale's collation (``Adeyemi, J., Natarajan, Ł.`` before
    ``Adeyemi, J.-L.``, ``Dale, J.`` before ``Dalebout, K.``); punctuation, accents and case only break
    ties. Numbers compare by value (``Part 2`` before ``Part 10``), as the reference processor collates."""
    text = str(text)
    if "<" in text or "&" in text or "*" in text or "\\" in text:  # markup of the output format
        text = html.unescape(_MARKUP.sub("", text)).replace("*", "").replace("\\", "")
    base = "".join(_LETTERS.get(ch, ch) for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    base = base.lstrip("\"'“”‘’([{¿¡ ").casefold()
    words = ("".join(_collation_unit(unit) for unit in _UNITS.findall(word)) for word in base.split())
    primary = tuple(word for word in words if word)
    return (primary, base, text.casefold(), text)


_UNITS = re.compile(r"\d+|[^\W_]", re.UNICODE)  # a number, or one letter (or other character of a word)


def _collation_unit(unit: str) -> str:
    """A unit of a word as a string that sorts as collation asks: a number by its value (its length, then
    its digits), before every letter; another character of a word (``²``) before numbers."""
    if len(unit) == 1 and unit.isalpha():
        return unit
    if unit.isdecimal():
        digits = str(int(unit))  # without leading zeros, in ASCII
        return "\x00" + chr(len(digits) + 1) + digits
    return "\x00\x00" + unit


def _sort_value(value) -> tuple:
    """(empty, kind, key): numbers before text, numbers numerically, text by :func:`collation_key`."""
    if value is None or str(value) == "":
        return (1,)
    try:
        return (0, 0, int(str(value)))
    except ValueError:
        return (0, 1, collation_key(value))


def fix_sort_collation(layer):
    """``cs:sort`` orders strings by locale collation (``Ørsted`` among the O's), not by code point;
    numbers numerically, empty keys last."""

    def sort(self, items, context):
        keys, descending = [], []
        for key in self.findall("cs:key", self.nsmap):
            descending.append(key.get("sort", "ascending").lower() == "descending")
            keys.append(key.sort_keys(items, context))
        rows = [(item, *(_sort_value(values[i]) for values in keys)) for i, item in enumerate(items)]

        def compare(left, right):
            for index, desc in enumerate(descending, start=1):
                a, b = left[index], right[index]
                if a[0] or b[0]:  # an empty key sorts last, ascending or descending
                    if a[0] != b[0]:
                        return 1 if a[0] else -1
                    continue
                result = (a > b) - (a < b)
                if result:
                    return -result if desc else result
            return 0

        return [row[0] for row in sorted(rows, key=cmp_to_key(compare))]

    layer.replace(model.Sort, "sort", sort)


def fix_sort_options_in_macros(layer):
    """A sort key's name options (``names-min``, ``name-as-sort-order``) reach names inside nested
    macros (``cs:text macro=…`` dropped them, so sort keys were rendered like display text)."""
    process = layer.current(model.Text, "process")

    def process_passing(self, item, context=None, sort_options=None, **kwargs):
        if sort_options is None or "macro" not in self.attrib:
            return process(self, item, context=context, **kwargs)
        try:
            language = item.reference.language[:2]
        except VariableError:
            language = (self.get_root().get("default-locale") or "en")[:2]
        macro = self.get_macro(self.get("macro"))
        text = macro.render(item, context=context if context is not None else self, sort_options=sort_options)
        return text, language

    layer.replace(model.Text, "process", process_passing)


def _nested(element) -> bool:
    """A group or macro call: when it prints, its own rules kept it (``Anon.`` from a macro of terms)."""
    return isinstance(element, model.Group) or isinstance(element, model.Text) and "macro" in element.attrib


def fix_macro_suppression(layer):
    """A macro called by ``cs:text`` is suppressed like a ``cs:group`` when the variables it calls are all
    empty: a chapter without container title prints no lone ``in``."""

    def render(self, item, context=None, sort_options=None):
        output, rendered, silent = [], [], []
        for child in _children(self):
            try:
                text = child.render(item, context=context, sort_options=sort_options)
            except VariableError:
                text = None
            if text is None:
                silent.append(child)
            else:
                output.append(text)
                rendered.append(child)
        if not output:
            return None
        if silent and not any(_nested(child) or calls_variable(child, item, context) for child in rendered) \
                and any(calls_variable(child, item, context) for child in silent):
            return None
        return self.strings.join(output)

    layer.replace(model.Macro, "render", render)


_DISPLAYS = frozenset({"block", "left-margin", "right-inline", "indent"})


def _displayed(markup):
    """``markup`` of an element (its text with affixes and formatting), in a ``<div class="csl-…">`` when the
    element has ``display`` (HTML). An element with ``display`` is never "plain" (speed.py), so its markup
    is always called."""
    def displayed(self, *args, **kwargs):
        if self.get("display") is None:
            return markup(self, *args, **kwargs)
        text = markup(self, *args, **kwargs)
        display = _display(self)
        if display is None or text is None or self.get_formatter() is not html_formatter:
            return text
        tag = self.strings.Markup
        return self.strings.MixedString([tag(f'<div class="csl-{display}">'), text, tag("</div>")])
    return displayed


@per_element
def _display(element) -> str | None:
    display = element.get("display")
    return display if display in _DISPLAYS else None


def fix_display(layer):
    """HTML: an element with ``display`` (``block``, ``left-margin``, ``right-inline``, ``indent``) prints in a
    ``<div class="csl-…">`` around its affixes, as the reference processor does (``<div class="csl-block">Doe,
    John</div>``); text output is unchanged."""
    for owner in (model.Text, model.Group, model.Names, model.Date, model.Number, model.Label):
        layer.replace(owner, "markup", _displayed(layer.current(owner, "markup")))
    wrap = layer.current(model.Layout, "wrap")

    def wrap_inside_display(self, string):
        """The layout's suffix goes inside the last display ``div`` of the entry (``… Here.</div>``)."""
        suffix = self.get("suffix")
        if not suffix or not isinstance(string, MixedString) or not len(string) or \
                list.__getitem__(string, -1) != "</div>" or self.get_formatter() is not html_formatter:
            return wrap(self, string)
        inner = self.strings.MixedString(list(string)[:-1])
        return self.strings.concat(wrap(self, inner), self.strings.Markup("</div>"))

    layer.replace(model.Layout, "wrap", wrap_inside_display)
