"""The tables of the BibTeX and BibLaTeX writers (:mod:`converter.writers.bibtex`): entry types, the fields
the standard styles require, field names and order, and what differs between the two dialects."""
from __future__ import annotations

from dataclasses import dataclass

# CSL type -> (BibTeX type, BibLaTeX type). Any other CSL type is DEFAULT_TYPES; an arXiv preprint (CSL
# `article` with an arXiv id or publisher arXiv) is PREPRINT_TYPES.
TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"),
    "review": ("article", "article"),
    "review-book": ("article", "article"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "chapter": ("incollection", "incollection"),
    "book": ("book", "book"),
    "thesis": ("phdthesis", "phdthesis"),
    "report": ("techreport", "techreport"),
    "dataset": ("misc", "dataset"),
    "software": ("misc", "software"),
    "webpage": ("misc", "online"),
    "post": ("misc", "online"),
    "post-weblog": ("misc", "online"),
    "manuscript": ("unpublished", "unpublished"),
    "patent": ("misc", "patent"),
}
DEFAULT_TYPES = ("misc", "misc")
PREPRINT_TYPES = ("misc", "online")
MASTERS_THESIS = "mastersthesis"  # a thesis whose CSL genre names a master's degree

# The fields plain.bst and plainnat.bst require per type (an alternative as "a|b"), and the type an entry
# that lacks one of them is written as instead (then checked again); the last resort is misc.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
FALLBACK: dict[str, str] = {"book": "booklet"}
NO_YEAR = "n.d."  # the year of an undated entry in ``bibtex`` output (APA's and Chicago's "no date")
LAST_RESORT = "misc"
# When `number` upsets the standard styles it is written as `issue` (kept, not typeset): an article's
# number needs a volume; a book's or proceedings' number needs a series and no volume.
NUMBER_NEEDS_VOLUME = frozenset({"article"})
NUMBER_NEEDS_SERIES = frozenset({"book", "inbook", "incollection", "inproceedings"})

@dataclass(frozen=True)
class Dialect:
    """What differs between the two outputs."""

    ascii_only: bool  # LaTeX macros for non-ASCII (BibTeX) or UTF-8 (biber)
    type_index: int  # 0 = BibTeX type, 1 = BibLaTeX type in TYPES
    containers: dict[str, str]  # entry type -> field for the CSL container-title (else howpublished)
    publisher_fields: dict[str, str]  # entry type -> field for the CSL publisher (else publisher)
    renames: dict[str, str]  # field names that differ from BibTeX's


BIBTEX = Dialect(
    True, 0,
    containers={"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"},
    publisher_fields={"phdthesis": "school", "mastersthesis": "school", "techreport": "institution"},
    renames={})
BIBLATEX = Dialect(
    False, 1,
    containers={"article": "journaltitle", "inproceedings": "booktitle", "incollection": "booktitle"},
    publisher_fields={"phdthesis": "institution", "mastersthesis": "institution", "techreport": "institution"},
    renames={"address": "location", "archiveprefix": "eprinttype", "primaryclass": "eprintclass"})

# CSL field -> .bib field (BibTeX's name; Dialect.renames gives BibLaTeX's), the value escaped. Every field
# is written in ORDER.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("collection-title", "series"),
    ("publisher-place", "address"),
    ("edition", "edition"),
    ("volume", "volume"),
    ("ISSN", "issn"),
    ("ISBN", "isbn"),
    ("PMID", "pmid"),
    ("PMCID", "pmcid"),
    ("abstract", "abstract"),
    ("note", "note"),
)
ORDER: tuple[str, ...] = (
    "author", "editor", "title", "journal", "journaltitle", "booktitle", "howpublished", "shortjournal",
    "series", "publisher", "school", "institution", "address", "location", "edition", "volume", "number",
    "issue", "pages", "year", "month", "date", "urldate", "doi", "url", "eprint", "archiveprefix",
    "eprinttype", "primaryclass", "eprintclass", "issn", "isbn", "pmid", "pmcid", "abstract", "keywords",
    "note", "key",
)
RANK = {name: rank for rank, name in enumerate(ORDER)}
