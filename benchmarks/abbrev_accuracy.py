"""Journal-abbreviation accuracy over tests/data/journal_abbreviations.csv (title, NLM abbreviation, ISSN,
source): the ISO 4 fallback alone, then with the table as a J_Medline.txt-format journal list.

    python benchmarks/abbrev_accuracy.py [--misses]

Prints both figures (exact matches with the NLM abbreviation); ``--misses`` lists the ISO 4 misses.
"""
from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter.errors import Notes  # noqa: E402
from converter.journals import AbbreviationSettings, JournalList, enrich  # noqa: E402

TABLE = ROOT / "tests" / "data" / "journal_abbreviations.csv"


def read_table(path: Path = TABLE) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def to_j_medline(rows: list[dict]) -> str:
    """The table in the NLM catalog's J_Medline.txt layout (JrId, JournalTitle, MedAbbr, ISSNs, IsoAbbr, NlmId)."""
    separator = "-" * 56
    parts = []
    for number, row in enumerate(rows, 1):
        parts += [separator, f"JrId: {number}", f"JournalTitle: {row['title']}", f"MedAbbr: {row['nlm_abbreviation']}",
                  f"ISSN (Print): {row['issn']}", "ISSN (Online): ", f"IsoAbbr: {row['nlm_abbreviation']}", "NlmId: "]
    return "\n".join(parts + [separator]) + "\n"


def short_title(title: str, settings: AbbreviationSettings) -> tuple[str | None, list[str]]:
    """What citeconv's abbreviation step gives a journal article in ``title`` (and the note codes)."""
    notes = Notes()
    item = enrich({"type": "article-journal", "container-title": title}, settings, notes)
    return item.get("container-title-short"), [code for code, _ in notes.items]


def accuracy(rows: list[dict], settings: AbbreviationSettings) -> tuple[float, list[tuple[str, str, str | None]]]:
    misses = []
    for row in rows:
        got, _ = short_title(row["title"], settings)
        if got != row["nlm_abbreviation"]:
            misses.append((row["title"], row["nlm_abbreviation"], got))
    return 1 - len(misses) / len(rows), misses


def main(argv: list[str]) -> int:
    rows = read_table()
    iso4, misses = accuracy(rows, AbbreviationSettings())
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "J_Medline.txt"
        path.write_text(to_j_medline(rows), encoding="utf-8")
        listed, list_misses = accuracy(rows, AbbreviationSettings(journals=JournalList.load(path)))
    print(f"{len(rows)} journals (tests/data/journal_abbreviations.csv)")
    print(f"ISO 4 fallback alone:       {len(rows) - len(misses)}/{len(rows)} exact = {iso4:.1%}")
    print(f"with a J_Medline.txt list:  {len(rows) - len(list_misses)}/{len(rows)} exact = {listed:.1%}")
    if "--misses" in argv:
        for title, expected, got in misses:
            print(f"  ISO 4 miss: {title!r}: NLM {expected!r}, computed {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
