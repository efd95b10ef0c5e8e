"""citeconv's styled engine: citeproc-py 0.11.1 (and only that version) with fixes, as subclasses of
citeproc-py's classes (see :mod:`.engine`); citeproc-py itself is never changed.

Each fix is one function in :data:`FIXES` that replaces attributes of citeproc-py classes in the
:class:`.layer.Layer` of an engine being built; each has a test in ``tests/citeproc_fixes/`` that fails
without it. :func:`engine` is the engine with every fix (or without the fixes ``skip``), built once;
``with without("name"):`` makes the engine without those fixes the one :func:`current` gives in that
block (a context variable: other threads keep theirs), which the tests and the test-suite runner use to
show what each fix does. Fixes that replace the same attribute compose in the order of :data:`FIXES`
(``engine().composition`` lists it per attribute). Nothing here copies another engine's code.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import citeproc

from . import (
    cache,
    collapse,
    conditions,
    dates,
    disambiguate,
    flipflop,
    labels,
    layout,
    nameparts,
    names,
    numbers,
    positions,
    punctuation,
    speed,
    subsequent,
    text,
    textcase,
)
from .engine import Engine
from .layer import Layer

PINNED = "0.11.1"

# name -> fix, in the order they are applied (a fix wraps what the fixes before it put in place)
FIXES = {
    "name-variables": names.fix_name_variables,
    "initials": names.fix_initials,
    "cjk-names": names.fix_cjk_names,
    "cjk-et-al": names.fix_cjk_et_al,
    "suffix-periods": names.fix_suffix_periods,
    "name-count": names.fix_name_count,
    "subsequent-author-substitute": subsequent.fix_subsequent_author_substitute,
    "et-al-subsequent": names.fix_et_al_subsequent,
    "et-al-options": names.fix_et_al_options,
    "name-part-formatting": nameparts.fix_name_part_formatting,
    "after-inverted-name": names.fix_after_inverted_name,
    "name-parts": nameparts.fix_name_parts,
    "name-particles": nameparts.fix_name_particles,
    "name-sort-keys": names.fix_name_sort_keys,
    "name-label-in-sort-keys": names.fix_name_label_in_sort_keys,
    "date-delimiter": numbers.fix_date_delimiter,
    "date-ranges": dates.fix_date_ranges,
    "date-sort-keys": dates.fix_date_sort_keys,
    "page-range": numbers.fix_page_range,
    "page-range-detection": numbers.fix_page_range_detection,
    "label-number-of": numbers.fix_label_number_of,
    "label-variable": numbers.fix_label_variable,
    "is-numeric": numbers.fix_is_numeric,
    "text-case": textcase.fix_text_case,
    "text-case-language": text.fix_text_case_language,
    "capitalize-first": text.fix_capitalize_first,
    "quotes": text.fix_quotes,
    "affix-quotes": text.fix_affix_quotes,
    "value-quotes": text.fix_value_quotes,
    "flip-flop": flipflop.fix_flip_flop,
    "superscript-characters": flipflop.fix_superscript_characters,
    "punctuation-seam": punctuation.fix_punctuation_seam,
    "group-suppression": layout.fix_group_suppression,
    "macro-suppression": layout.fix_macro_suppression,
    "substitute-suppression": layout.fix_substitute_suppression,
    "second-field-align": layout.fix_second_field_align,
    "sort-collation": layout.fix_sort_collation,
    "sort-options-in-macros": layout.fix_sort_options_in_macros,
    "disambiguation": disambiguate.fix_disambiguation,
    "implicit-year-suffix": disambiguate.fix_implicit_year_suffix,
    "ambiguity-without-accessed": disambiguate.fix_ambiguity_without_accessed,
    "collapse": collapse.fix_collapse,
    "disambiguate-condition": conditions.fix_disambiguate_condition,
    "locator-equality": positions.fix_locator_equality,
    "note-positions": positions.fix_note_positions,
    "citation-label": labels.fix_citation_label,
    "ordinal-language": labels.fix_ordinal_language,
    "term-forms": labels.fix_term_forms,
    "blank-terms": labels.fix_blank_terms,
    "cache": cache.fix_cache,
    "plain-markup": speed.fix_plain_markup,
    "text-process": speed.fix_text_process,
    "choose": speed.fix_choose,
    "name-options": speed.fix_name_options,
    "bibliography-index": speed.fix_bibliography_index,
    "display": layout.fix_display,
}


class UnsupportedVersion(RuntimeError):
    pass


def fix_names() -> list[str]:
    return list(FIXES)


@lru_cache(maxsize=64)
def engine(skip: frozenset[str] = frozenset()) -> Engine:
    """The engine with every fix not in ``skip`` (built once per set; an engine does not change)."""
    if citeproc.__version__ != PINNED:
        raise UnsupportedVersion(f"citeconv's citeproc-py fixes are for {PINNED}, not {citeproc.__version__}")
    unknown = set(skip) - set(FIXES)
    if unknown:
        raise ValueError(f"no such fix: {', '.join(sorted(unknown))}")
    return Engine({name: fix for name, fix in FIXES.items() if name not in skip})


_CURRENT: ContextVar[Engine | None] = ContextVar("citeconv_engine", default=None)


def current() -> Engine:
    """The engine renderings use here: every fix, except inside :func:`without` or :func:`using`."""
    return _CURRENT.get() or engine()


@contextmanager
def using(chosen: Engine):
    """Render with ``chosen`` inside the block; only the code running in this context (this thread) is
    affected."""
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


@contextmanager
def without(*names: str):
    """Render with every fix except ``names`` inside the block (tests show each fix is needed)."""
    with using(engine(frozenset(names))):
        yield


@contextmanager
def counting(owner: type, name: str, wanted=lambda *args: True, *, reaching: bool = False,
             skip: tuple[str, ...] = ()):
    """Render inside the block with a new engine (every fix but ``skip``) that records the arguments of
    the calls of ``owner.name`` that ``wanted`` accepts: the calls of its outermost value, or with
    ``reaching`` those that reach citeproc-py's own (what the fixes did not answer). Yields the list."""
    calls: list = []

    def counted(function):
        def count(*args, **kwargs):
            if wanted(*args):
                calls.append(args)
            return function(*args, **kwargs)
        return count

    fixes = {fix: function for fix, function in FIXES.items() if fix not in skip}
    if reaching:
        definer = next(cls for cls in owner.__mro__ if name in cls.__dict__)
        probe = Engine(fixes, originals={(definer, name): counted(definer.__dict__[name])})
    else:
        def fix_probe(layer: Layer) -> None:
            layer.replace(owner, name, counted(layer.current(owner, name)))
        probe = Engine({**fixes, "probe": fix_probe})
    with using(probe):
        yield calls
