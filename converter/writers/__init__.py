"""Output writers, registered by name. A writer turns a list of CSL-JSON items into text."""
from __future__ import annotations

from collections.abc import Callable

Writer = Callable[..., str]
WRITERS: dict[str, Writer] = {}


def register(name: str) -> Callable[[Writer], Writer]:
    """Decorator: make ``function(items, **options) -> str`` available as ``write(items, to=name)``."""

    def decorate(function: Writer) -> Writer:
        WRITERS[name] = function
        return function

    return decorate


def _load_builtin() -> None:
    from . import csl_json  # noqa: F401  (registers itself)


_load_builtin()
