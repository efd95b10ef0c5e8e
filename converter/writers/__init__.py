"""Output writers, registered by name. A writer turns a list of CSL-JSON items into text.

A writer is ``function(items, *, warnings, **options) -> str``: ``items`` are CSL-JSON dicts (the hub
contract in docs/MAPPING.md), ``warnings`` a list to append :class:`converter.errors.ConversionWarning`
objects to (``record`` = the item's id) for anything it had to drop or change, and the keyword
options are the writer's own (the CLI passes ``--key-pattern``, ``--append-to``, ``--bom`` through).
"""
from __future__ import annotations

from collections.abc import Callable

Writer = Callable[..., str]
WRITERS: dict[str, Writer] = {}


def register(name: str) -> Callable[[Writer], Writer]:
    """Decorator: make ``function(items, *, warnings, **options) -> str`` available as ``write(items, to=name)``."""

    def decorate(function: Writer) -> Writer:
        WRITERS[name] = function
        return function

    return decorate


def _load_builtin() -> None:
    from . import csl_json  # noqa: F401  (registers itself)


_load_builtin()
