"""Output writers, registered by name. A writer turns a list of CSL-JSON items into text.

A writer is ``function(items, *, warnings, **options) -> str``: ``items`` are CSL-JSON dicts (the hub
contract in docs/MAPPING.md), ``warnings`` a list to append :class:`converter.errors.ConversionWarning`
objects to (``record`` = the item's id) for anything it had to drop or change, and the keyword
options are the writer's own (the CLI passes ``--key-pattern``, ``--append-to``, ``--bom``,
``--format`` and ``--cite`` through as ``key_pattern``, ``append_to``, ``bom``, ``format``, ``cite``).
"""
from __future__ import annotations

from collections.abc import Callable

Writer = Callable[..., str]
WRITERS: dict[str, Writer] = {}
# Resolvers for names that are not registered (e.g. any CSL style id, file name or path): each takes the
# name and returns a writer or None.
RESOLVERS: list[Callable[[str], Writer | None]] = []


def find_writer(name: str) -> Writer | None:
    """The writer registered as ``name``, else the first resolver's answer for it."""
    if name in WRITERS:
        return WRITERS[name]
    for resolve in RESOLVERS:
        writer = resolve(name)
        if writer is not None:
            return writer
    return None


def register(name: str) -> Callable[[Writer], Writer]:
    """Decorator: make ``function(items, *, warnings, **options) -> str`` available as ``write(items, to=name)``."""

    def decorate(function: Writer) -> Writer:
        WRITERS[name] = function
        return function

    return decorate


def _load_builtin() -> None:
    from . import csl_json  # noqa: F401  (registers itself)
    from . import ris  # noqa: F401  (registers itself)


_load_builtin()
