"""Regenerate the goldens of the BibTeX, BibLaTeX and RIS reader fixtures (fixtures/bibtex, fixtures/ris).

    python tools/regen_reader_goldens.py

Each input ``X.bib`` / ``X.ris`` gets ``X.golden`` (JSON; not ``X.expected.json``, which the writers' golden
tests take for their own input): ``{"format": detected format, "items": [CSL-JSON
items in input order], "warnings": [[record index, code], ...], "errors": [[record index, code, message]]}``
(record index counts every record of the file from 0, failed ones included), as
``converter.iter_results(path)`` gives them with the default settings. Review the diff before committing:
tests/adapters/test_reader_fixtures.py holds the readers to these files.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import converter  # noqa: E402
from converter.sources import iter_raw  # noqa: E402

SUFFIXES = (".bib", ".ris")


FOLDERS = (ROOT / "fixtures" / "bibtex", ROOT / "fixtures" / "ris", ROOT / "tests" / "data" / "readers")


def inputs() -> list[Path]:
    return sorted(path for folder in FOLDERS for path in folder.iterdir() if path.suffix in SUFFIXES)


def golden(path: Path) -> dict:
    results = list(converter.iter_results(path))
    formats = sorted({raw.format for raw in iter_raw(path) if raw.format})
    return {
        "format": formats[0] if len(formats) == 1 else formats,
        "items": [result.item for result in results if result.item is not None],
        "warnings": [[index, warning.code] for index, result in enumerate(results) for warning in result.warnings],
        "errors": [[index, result.error.code, result.error.reason] for index, result in enumerate(results)
                   if result.error is not None],
    }


def main() -> None:
    for path in inputs():
        target = path.with_suffix(".golden")
        target.write_text(json.dumps(golden(path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
