"""citeconv's fix layer for citeproc-py 0.11.1 (and only that version).

Each fix is one small function in :data:`FIXES` that patches one citeproc-py class or function; each
has a test in ``tests/citeproc_fixes/`` that fails without it. ``apply()`` installs them all (once);
``apply(skip={"name"})`` leaves some out (the test-suite runner and the tests use this to show what each
fix does). ``original(cls, name)`` is the unpatched attribute. Nothing here copies another engine's code.
"""
from __future__ import annotations

from contextlib import contextmanager

import citeproc

PINNED = "0.11.1"
_ORIGINALS: dict[tuple, object] = {}
_APPLIED: set[str] = set()
_SKIPPED: set[str] = set()


class UnsupportedVersion(RuntimeError):
    pass


def patch(owner, name: str, value) -> None:
    """Replace ``owner.name`` by ``value``, remembering the original once."""
    key = (owner, name)
    if key not in _ORIGINALS:
        _ORIGINALS[key] = owner.__dict__.get(name, getattr(owner, name, None))
    setattr(owner, name, value)


def original(owner, name: str):
    return _ORIGINALS.get((owner, name), getattr(owner, name))


def _fixes():
    from . import cache, disambiguate, layout, names, numbers, speed, text
    return {
        "name-variables": names.fix_name_variables,
        "initials": names.fix_initials,
        "cjk-names": names.fix_cjk_names,
        "suffix-periods": names.fix_suffix_periods,
        "name-count": names.fix_name_count,
        "subsequent-author-substitute": names.fix_subsequent_author_substitute,
        "et-al-subsequent": names.fix_et_al_subsequent,
        "et-al-options": names.fix_et_al_options,
        "name-part-formatting": names.fix_name_part_formatting,
        "after-inverted-name": names.fix_after_inverted_name,
        "name-parts": names.fix_name_parts,
        "name-particles": names.fix_name_particles,
        "name-sort-keys": names.fix_name_sort_keys,
        "name-label-in-sort-keys": names.fix_name_label_in_sort_keys,
        "date-delimiter": numbers.fix_date_delimiter,
        "date-ranges": numbers.fix_date_ranges,
        "page-range": numbers.fix_page_range,
        "page-range-detection": numbers.fix_page_range_detection,
        "label-number-of": numbers.fix_label_number_of,
        "label-variable": numbers.fix_label_variable,
        "is-numeric": numbers.fix_is_numeric,
        "text-case": text.fix_text_case,
        "text-case-language": text.fix_text_case_language,
        "capitalize-first": text.fix_capitalize_first,
        "quotes": text.fix_quotes,
        "flip-flop": text.fix_flip_flop,
        "superscript-characters": text.fix_superscript_characters,
        "punctuation-seam": text.fix_punctuation_seam,
        "group-suppression": layout.fix_group_suppression,
        "macro-suppression": layout.fix_macro_suppression,
        "substitute-suppression": layout.fix_substitute_suppression,
        "second-field-align": layout.fix_second_field_align,
        "sort-collation": layout.fix_sort_collation,
        "sort-options-in-macros": layout.fix_sort_options_in_macros,
        "disambiguation": disambiguate.fix_disambiguation,
        "implicit-year-suffix": disambiguate.fix_implicit_year_suffix,
        "collapse": disambiguate.fix_collapse,
        "disambiguate-condition": disambiguate.fix_disambiguate_condition,
        "locator-equality": disambiguate.fix_locator_equality,
        "note-positions": disambiguate.fix_note_positions,
        "citation-label": disambiguate.fix_citation_label,
        "cache": cache.fix_cache,
        "plain-markup": speed.fix_plain_markup,
        "text-process": speed.fix_text_process,
        "choose": speed.fix_choose,
        "name-options": speed.fix_name_options,
        "bibliography-index": speed.fix_bibliography_index,
    }


def fix_names() -> list[str]:
    return list(_fixes())


def apply(skip: set[str] | frozenset = frozenset()) -> None:
    """Install every fix not in ``skip`` (idempotent). Raises UnsupportedVersion for another citeproc-py."""
    if citeproc.__version__ != PINNED:
        raise UnsupportedVersion(f"citeconv's citeproc-py fixes are for {PINNED}, not {citeproc.__version__}")
    skip = set(skip) | _SKIPPED
    for name, fix in _fixes().items():
        if name not in skip and name not in _APPLIED:
            fix()
            _APPLIED.add(name)


def active(name: str) -> bool:
    """Whether fix ``name`` is applied (writers skip the matching step when it is not)."""
    return name in _APPLIED


def revert() -> None:
    """Undo every patch (for tests that show a defect without its fix)."""
    for (owner, name), value in _ORIGINALS.items():
        if value is None:
            try:
                delattr(owner, name)
            except AttributeError:
                pass
        else:
            setattr(owner, name, value)
    _ORIGINALS.clear()
    _APPLIED.clear()
    from . import names
    names.restore_name_variables()


@contextmanager
def without(*names: str):
    """Render with every fix except ``names`` inside the block (tests show each fix is needed)."""
    unknown = set(names) - set(_fixes())
    if unknown:
        raise ValueError(f"no such fix: {', '.join(sorted(unknown))}")
    from . import cache
    revert()
    cache.clear()
    _SKIPPED.update(names)
    try:
        apply()
        yield
    finally:
        revert()
        cache.clear()
        _SKIPPED.clear()
        apply()
