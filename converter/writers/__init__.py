"""Output writers, registered by name. A writer turns a list of CSL-JSON items into text.

A writer is ``function(items, *, warnings, **options) -> str``: ``items`` are CSL-JSON dicts (the hub
contract in docs/MAPPING.md), ``warnings`` a list to append :class:`converter.errors.ConversionWarning`
objects to (``record`` = the item's id) for anything it had to drop or change, and the keyword
options are the writer's own (the CLI passes ``--key-pattern``, ``--append-to``, ``--bom``,
``--format``, ``--cite``, ``--locale`` and ``--fragment`` through as ``key_pattern``, ``append_to``, ``bom``,
``format``, ``cite``, ``locale``, ``fragment``). A styled writer returns bytes for ``format="docx"``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Writer = Callable[..., str]
BINARY_FORMATS = frozenset({"docx"})  # writer ``format`` options whose output is bytes
WRITERS: dict[str, Writer] = {}
# Resolvers for names that are not registered (e.g. any CSL style id, file name or path): each takes the
# name and returns a writer or None.
RESOLVERS: list[Callable[[str], Writer | None]] = []


@dataclass(frozen=True)
class Stream:
    """How a writer's output can be made one item at a time, for batches that never hold every item:
    ``head`` + entries joined by ``separator`` + ``tail``, or ``empty`` for no items; ``entry(item,
    warnings)`` renders one item. A test checks that the streamed text equals the writer's.

    ``rekey(text, old, new)``, where a writer has it, turns the entry of an item rendered with id ``old``
    into the entry it renders with id ``new`` (a batch gives an item a suffixed id after rendering it), or
    returns ``None`` when the item has to be rendered again; a test holds it equal to rendering again."""

    entry: Callable[[dict, list], str]
    head: str = ""
    separator: str = ""
    tail: str = ""
    empty: str = ""
    rekey: Callable[[str, str, str], str | None] | None = None


# name -> factory(**options) -> Stream, for writers whose output is a concatenation of entries.
STREAMS: dict[str, Callable[..., Stream]] = {}


def register_stream(name: str, factory: Callable[..., Stream]) -> None:
    STREAMS[name] = factory


def writer_names() -> list[str]:
    """The registered writers and the named styles (``apa``, ``vancouver``), sorted."""
    from .style_names import registry
    return sorted({*WRITERS, *registry()})


def find_writer(name: str) -> Writer | None:
    """The writer registered as ``name``, else the first resolver's answer for it."""
    if name in WRITERS:
        return WRITERS[name]
    for resolve in RESOLVERS:
        writer = resolve(name)
        if writer is not None:
            return writer
    return None


def unknown_writer_message(name: str) -> str:
    """Why ``name`` is no writer: a .csl path that does not exist, or a name that is neither a registered
    writer nor a CSL style id (with the closest style ids, and where to find the list)."""
    from .style_names import bundled_styles, looks_like_path, suggestions
    if looks_like_path(name):
        return f"{name}: no such file"
    close = suggestions(name)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    if name.lower().endswith(".csl"):
        return f"{name}: no such file, nor a bundled style of that name{hint}"
    return (f"unknown output format or CSL style {name!r}{hint} (formats: {', '.join(writer_names())}; any of "
            f"the {len(bundled_styles())} bundled CSL style ids, listed by --list-styles [WORDS], or a .csl file)")


# Whether a registered writer prints a journal abbreviation (container-title-short): the notes saying where
# each abbreviation came from are reported only then. CSL styles are read (see prints_abbreviations).
PRINTS_ABBREVIATIONS = {"csl-json": True, "ris": True, "biblatex": True, "bibtex": False}


def prints_abbreviations(name: str) -> bool:
    """Whether the output ``name`` (a writer, or a CSL style) prints container-title-short; True when unknown."""
    if name in PRINTS_ABBREVIATIONS:
        return PRINTS_ABBREVIATIONS[name]
    from .style_names import prints_abbreviations as style_prints
    from .styled import style_path
    path = style_path(name)
    try:
        return style_prints(path) if path is not None else True
    except (OSError, SyntaxError):  # a style that cannot be read fails later, with its own message
        return True


def register(name: str) -> Callable[[Writer], Writer]:
    """Decorator: make ``function(items, *, warnings, **options) -> str`` available as ``write(items, to=name)``."""

    def decorate(function: Writer) -> Writer:
        WRITERS[name] = function
        return function

    return decorate


def _styled(name: str) -> Writer | None:
    """The styled writers, imported when a name is first looked up that is no other writer (citeproc-py
    and the fix layer are a third of the start-up time): the import registers ``apa``, ``vancouver`` and
    the resolver for any CSL style, which :func:`find_writer` asks next."""
    from . import styled  # noqa: F401
    return WRITERS.get(name)


def _load_builtin() -> None:
    from . import csl_json  # noqa: F401  (registers itself)
    from . import ris  # noqa: F401  (registers itself)
    from . import bibtex  # noqa: F401  (registers itself)
    RESOLVERS.append(_styled)


_load_builtin()
