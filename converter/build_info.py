"""Which build of citeconv is running: the per-record hot path compiled by mypyc, or pure Python.

The compiled build is the same source files compiled with mypyc (as black and mypy ship): setup.py
compiles the modules of :data:`HOT_PATH` when a C compiler is there and ``CITECONV_PURE`` is not set, and
falls back to the pure-Python package otherwise (docs/BUILD.md). Nothing here imports them.
"""
from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

# The per-record path of S2 JSON Lines -> BibTeX / BibLaTeX / RIS / CSL-JSON, as profiled (docs/BUILD.md):
# parse, map, abbreviate, id, write. Not compiled: the batch driver and workers (tests patch them), the
# readers of other formats, the styled writers, converter.citeproc_fixes (subclasses of citeproc-py) and
# converter.text.abbreviations (a class inside a function; its results are cached per title), and
# converter.writers.ris_rispy: it subclasses rispy's RisWriter, which mypy cannot see (rispy has no type
# information, and is not in the build environment), and mypyc 2.4.1 then compiles the subclass wrongly
# (SystemError, or a class without rispy's methods); the RIS writer itself formats its lines.
HOT_PATH = (
    "converter.json_records", "converter.pipeline", "converter.chunks", "converter.ids", "converter.journals",
    "converter.adapters.s2", "converter.adapters.s2_shapes", "converter.adapters.s2_dataset",
    "converter.adapters.item", "converter.adapters.publication_types",
    "converter.text.dates", "converter.text.doi", "converter.text.entities", "converter.text.formulas",
    "converter.text.ltwa_keys",
    "converter.text.latex_encode", "converter.text.markup", "converter.text.names", "converter.text.pages",
    "converter.text.proper_nouns", "converter.text.unicode", "converter.text.volumes",
    "converter.writers.bibtex", "converter.writers.bibtex_keys", "converter.writers.bibtex_title",
    "converter.writers.csl_json", "converter.writers.ris",
)

_ROOT = Path(__file__).resolve().parent.parent


def compiled_modules() -> list[str]:
    """The modules of :data:`HOT_PATH` that import as compiled extension modules (an extension module
    beside a module's .py file is what ``import`` loads)."""
    compiled = []
    for name in HOT_PATH:
        stem = _ROOT.joinpath(*name.split("."))
        if any(stem.with_name(stem.name + suffix).is_file() for suffix in EXTENSION_SUFFIXES):
            compiled.append(name)
    return compiled


def build_info() -> str:
    """``"compiled (mypyc, N of N hot-path modules)"`` or ``"pure Python"``."""
    compiled = compiled_modules()
    if not compiled:
        return "pure Python"
    return f"compiled (mypyc, {len(compiled)} of {len(HOT_PATH)} hot-path modules)"
