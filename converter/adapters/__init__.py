"""Input adapters, one module per format; each maps a raw record to one CSL-JSON item.

Every adapter module has ``NAME``, ``DESCRIPTION``, ``detect(record) -> bool`` and
``to_item(record, notes) -> dict``.
"""
from __future__ import annotations

from types import ModuleType

from . import booksci, csl_json, s2, s2_dataset

ADAPTERS: dict[str, ModuleType] = {module.NAME: module for module in (booksci, s2, s2_dataset, csl_json)}
