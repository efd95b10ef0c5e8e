"""CSL locales: the locale files citeproc-py ships, looked up by tag (``de``, ``en-GB``, ``pt_br``)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..errors import ConversionError


def _locales_folder() -> Path:
    from citeproc.frontend import LOCALES_PATH
    return Path(LOCALES_PATH)


@lru_cache(maxsize=1)
def available_locales() -> tuple[str, ...]:
    """The tags of the installed locale files, sorted (``af-ZA``, ..., ``zh-TW``)."""
    return tuple(sorted(path.name[len("locales-"):-len(".xml")]
                        for path in _locales_folder().glob("locales-*.xml")))


@lru_cache(maxsize=1)
def _primary_dialects() -> dict[str, str]:
    """Language -> its primary dialect (``de`` -> ``de-DE``), from the locales' ``locales.json``."""
    try:
        data = json.loads((_locales_folder() / "locales.json").read_text(encoding="utf-8"))
        return {language.lower(): tag for language, tag in data.get("primary-dialects", {}).items()}
    except (OSError, ValueError):
        return {}


def resolve_locale(tag: str) -> str:
    """The installed locale for ``tag``, matched case-insensitively (``_`` taken for ``-``); a bare language
    is its primary dialect. An unknown tag is a usage error listing the available ones."""
    wanted = tag.strip().replace("_", "-").lower()
    by_lower = {available.lower(): available for available in available_locales()}
    if wanted in by_lower:
        return by_lower[wanted]
    dialect = _primary_dialects().get(wanted)
    if dialect is not None and dialect.lower() in by_lower:
        return by_lower[dialect.lower()]
    raise ConversionError(f"unknown locale {tag!r}; available: {', '.join(available_locales())}", code="usage")
