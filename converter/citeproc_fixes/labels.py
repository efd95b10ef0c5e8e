"""The ``citation-label`` variable (``Asth00``), which citeproc-py 0.11.1 does not generate."""
from __future__ import annotations

from citeproc import model
from citeproc.source import DateRange, VariableError


def fix_citation_label(layer):
    """``citation-label`` is the item's own label, else a trigraph label from the authors and the year
    (one author ``Asth00``, two ``BrCh98``, three ``AsBrCh98``, four or more ``DEFG26``); a year suffix
    that tells two alike apart follows it (``Asth00a``). A sort key on ``citation-label`` uses it too."""
    variable = layer.current(model.Text, "_variable")  # chain onto the fixes applied before

    def variable_with_label(self, item, context):
        if self.get("variable") != "citation-label":
            return variable(self, item, context)
        reference = item.reference
        label = dict.get(reference, "citation_label") or _trigraph(reference)
        if not label:
            raise VariableError
        suffix = dict.get(reference, "year_suffix")
        if suffix:
            try:
                state = context.get_layout().repressed
            except (IndexError, AttributeError):
                state = {}
            if not state.get("_cc_year_suffix"):
                state["_cc_year_suffix"] = True
                label = str(label) + suffix
        return str(label)

    sort_keys = layer.current(model.Key, "sort_keys")

    def sort_keys_with_label(self, items, context):
        if self.get("variable") != "citation-label":
            return sort_keys(self, items, context)
        return [dict.get(item.reference, "citation_label") or _trigraph(item.reference) for item in items]

    layer.replace(model.Text, "_variable", variable_with_label)
    layer.replace(model.Key, "sort_keys", sort_keys_with_label)


def _trigraph(reference) -> str | None:
    names = None
    for role in ("author", "editor", "translator"):
        if isinstance(dict.get(reference, role), list) and dict.get(reference, role):
            names = dict.get(reference, role)
            break
    if not names:
        return None
    families = []
    for name in names:
        family = str(dict.get(name, "family") or dict.get(name, "literal") or "")
        words = [w for w in family.split() if w[:1].isupper()] or family.split()
        families.append("".join(ch for ch in (words[-1] if words else "") if ch.isalpha()))
    if len(families) == 1:
        letters = families[0][:4]
    elif len(families) == 2:
        letters = families[0][:2] + families[1][:2]
    elif len(families) == 3:
        letters = families[0][:2] + families[1][:1] + families[2][:1]
    else:
        letters = "".join(family[:1] for family in families[:4])
    date = dict.get(reference, "issued")
    date = date.begin if isinstance(date, DateRange) else date
    year = dict.get(date, "year") if isinstance(date, dict) else None
    return letters + ("" if year is None else f"{int(year) % 100:02d}")


_FALLBACK = {"verb-short": "verb", "verb": None, "symbol": "short", "short": None}


def fix_term_forms(layer):
    """A term missing in the form asked for falls back as CSL says: ``verb-short`` to ``verb``, ``symbol``
    to ``short``, and those to the long form (``reviewed-author`` ``verb-short`` is ``by``)."""
    get_term = layer.current(model.CitationStylesElement, "get_term")

    def get_term_or_fallback(self, name, form=None, *args, **kwargs):
        term = get_term(self, name, form, *args, **kwargs)
        while term is None and form in _FALLBACK:
            form = _FALLBACK[form]
            term = get_term(self, name, form, *args, **kwargs)
        return term

    layer.replace(model.CitationStylesElement, "get_term", get_term_or_fallback)


def fix_blank_terms(layer):
    """A term written over lines with nothing in it (``<term name="note">`` and a line break) is empty,
    not the line break and its indentation."""
    for attribute in ("single", "multiple"):
        layer.replace(model.Term, attribute, _blank_or_text(layer.current(model.Term, attribute)))


def _blank_or_text(term: property) -> property:
    def text(self):
        value = term.fget(self)
        return self.strings.String("") if "\n" in str(value) and not str(value).strip() else value
    return property(text)


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fix_ordinal_language(layer):
    """Ordinal suffixes come from the output language before any other (CSL: the terms of a locale before
    those of its fallbacks): with ``de-DE`` the German ``ordinal`` term (``2. Aufl.``) comes before the
    English ``ordinal-02`` (``2nd Aufl.``), with ``fr-FR`` the French one (``2ᵉ éd.``). citeproc-py looks
    first in the locales of the first locale's exact tag, which leaves out ``de-DE`` after the style's
    ``de``."""
    get_term = layer.current(model.CitationStylesElement, "get_term")

    def get_term_in_language(self, name, form=None, fallback_locale=True, zero_padded=False):
        root = self.get_root()
        if fallback_locale or isinstance(root, model.Locale):
            return get_term(self, name, form, fallback_locale, zero_padded)
        tags = [locale.get(_XML_LANG) for locale in root.locales]
        language = next((tag.split("-")[0] for tag in tags if tag), None)
        for locale, tag in zip(root.locales, tags):
            if language is None or tag is None or tag.split("-")[0] == language:
                try:
                    return locale.get_term(name, form, zero_padded=zero_padded)
                except IndexError:
                    continue
        return None

    layer.replace(model.CitationStylesElement, "get_term", get_term_in_language)
