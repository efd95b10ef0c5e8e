"""The BibTeX and BibLaTeX reader's tables: entry types to CSL types, fields to CSL variables, and the
crossref inheritance rules. docs/READERS.md repeats them; converter/writers/bibtex.py has the inverse."""
from __future__ import annotations

# .bib entry type (lower case) -> CSL type. BibTeX's standard types and BibLaTeX's (biblatex manual §2.1),
# aliases included. An arXiv eprint on a type without a container (misc, online, unpublished, report,
# article without a journal) is read as the CSL `article` preprint instead (see bibtex.py).
TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book", "proceedings": "book",
    "mvproceedings": "book", "reference": "book", "mvreference": "book", "periodical": "periodical",
    "suppperiodical": "article-journal",
    "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter", "incollection": "chapter",
    "suppcollection": "chapter", "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "booklet": "pamphlet",
    "manual": "report", "report": "report", "techreport": "report",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "unpublished": "manuscript",
    "online": "webpage", "electronic": "webpage", "www": "webpage",
    "dataset": "dataset", "software": "software", "patent": "patent", "standard": "standard",
    "misc": "document",
    "artwork": "graphic", "image": "graphic", "audio": "song", "music": "song", "video": "motion_picture",
    "movie": "motion_picture", "performance": "performance", "letter": "personal_communication",
    "jurisdiction": "legal_case", "legislation": "legislation", "legal": "treaty", "review": "review",
}
# Entry types that are no work of their own: their entries are not items.
NOT_ITEMS = frozenset({"xdata", "set"})
# The genre a thesis type implies (CSL `genre`), unless the entry's `type` field says otherwise.
THESIS_GENRES: dict[str, str] = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# BibLaTeX's `type` field values for theses and reports, as words.
TYPE_FIELD_WORDS: dict[str, str] = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "bathesis": "Bachelor's thesis",
    "candthesis": "Candidate thesis", "techreport": "Technical report", "resreport": "Research report",
    "software": "Software", "datacd": "CD-ROM", "audiocd": "Audio CD",
    "patent": "Patent", "patentus": "U.S. patent", "patenteu": "European patent", "patentde": "German patent",
    "patentfr": "French patent", "patentuk": "British patent", "patreq": "Patent request",
    "patrequs": "U.S. patent request", "patreqeu": "European patent request", "patreqde": "German patent request",
    "patreqfr": "French patent request", "patrequk": "British patent request",
}
# biblatex `pubstate` keys -> CSL `status` words.
PUBLICATION_STATES: dict[str, str] = {"inpress": "in press", "forthcoming": "forthcoming", "submitted": "submitted",
                                      "inpreparation": "in preparation", "prepublished": "prepublished"}
# babel/polyglossia language names (langid, language) -> BCP 47, as CSL `language` wants them.
LANGUAGES: dict[str, str] = {
    "english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB", "ukenglish": "en-GB",
    "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ", "german": "de-DE", "ngerman": "de-DE",
    "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR",
    "spanish": "es-ES", "italian": "it-IT", "dutch": "nl-NL", "portuguese": "pt-PT", "portuges": "pt-PT",
    "brazilian": "pt-BR", "russian": "ru-RU", "ukrainian": "uk-UA", "polish": "pl-PL", "czech": "cs-CZ",
    "slovak": "sk-SK", "slovene": "sl-SI", "croatian": "hr-HR", "serbian": "sr-RS", "bulgarian": "bg-BG",
    "romanian": "ro-RO", "hungarian": "hu-HU", "magyar": "hu-HU", "greek": "el-GR", "turkish": "tr-TR",
    "swedish": "sv-SE", "danish": "da-DK", "norwegian": "nb-NO", "norsk": "nb-NO", "nynorsk": "nn-NO",
    "finnish": "fi-FI", "icelandic": "is-IS", "estonian": "et-EE", "latvian": "lv-LV", "lithuanian": "lt-LT",
    "catalan": "ca-AD", "basque": "eu", "galician": "gl-ES", "latin": "la", "hebrew": "he-IL", "arabic": "ar",
    "persian": "fa-IR", "japanese": "ja-JP", "chinese": "zh-CN", "korean": "ko-KR", "vietnamese": "vi-VN",
    "thai": "th-TH", "indonesian": "id-ID", "afrikaans": "af-ZA",
}
# Types whose `number` is the issue of a periodical (else it is a series number or a report number).
ISSUE_NUMBER_TYPES = frozenset({"article", "periodical", "suppperiodical"})
# Types whose `number`, with a `series`, is the number in that series (CSL collection-number).
SERIES_NUMBER_TYPES = frozenset({"book", "mvbook", "inbook", "bookinbook", "suppbook", "collection",
                                 "mvcollection", "incollection", "suppcollection", "proceedings",
                                 "mvproceedings", "inproceedings", "conference", "reference", "inreference"})
# Container fields, the first present wins.
CONTAINER_FIELDS: tuple[str, ...] = ("journaltitle", "journal", "booktitle", "maintitle", "howpublished")

# .bib field -> CSL variable, the value read as plain text (LaTeX to Unicode).
TEXT_FIELDS: dict[str, str] = {
    "shortjournal": "container-title-short", "journalabbr": "container-title-short",
    "series": "collection-title", "edition": "edition", "volume": "volume", "volumes": "number-of-volumes",
    "pagetotal": "number-of-pages", "chapter": "chapter-number", "version": "version",
    "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID", "pmcid": "PMCID", "abstract": "abstract",
    "keywords": "keyword", "eventtitle": "event-title",
    "venue": "event-place", "origpublisher": "original-publisher", "origlocation": "original-publisher-place",
    "origtitle": "original-title", "annote": "annote", "annotation": "annote", "library": "call-number",
    "issuetitle": "volume-title", "medium": "medium", "eid": "number", "part": "part",
}
# .bib field -> CSL variable, the value read as CSL rich text (titles).
RICH_FIELDS: dict[str, str] = {"title": "title", "shorttitle": "title-short"}
# Name-list fields -> CSL name variable.
NAME_FIELDS: dict[str, str] = {
    "author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author",
    "holder": "author", "commentator": "contributor", "annotator": "contributor",
}
# Fields holding lists of literals in BibLaTeX (`and`-separated; written "A; B" in CSL).
LITERAL_LIST_FIELDS = frozenset({"publisher", "location", "address", "institution", "school", "organization"})
# Fields this reader reads through code (dates, pages, numbers, identifiers, places) or uses for structure.
HANDLED_FIELDS = frozenset({
    "journal", "journaltitle", "journalsubtitle", "booktitle", "booksubtitle", "booktitleaddon", "maintitle",
    "mainsubtitle", "maintitleaddon", "howpublished", "subtitle", "titleaddon", "publisher", "address",
    "location", "institution", "school", "organization", "number", "issue", "pages", "year", "month", "day",
    "date", "urldate", "origdate", "eventdate", "doi", "url", "eprint", "eprinttype", "archiveprefix",
    "eprintclass", "primaryclass", "type", "note", "crossref", "xdata", "key", "ids", "entryset",
    "options", "sortkey", "presort", "sortname", "sorttitle", "sortyear", "label", "shorthand", "langid",
    "language", "pubstate", "addendum",
})

# biblatex's default crossref inheritance (biblatex manual, appendix B): parent type(s) -> child type(s)
# -> [(parent field, child field)]. Every other field is inherited under its own name; NOT_INHERITED never.
_BOOKS = ("book", "mvbook", "collection", "mvcollection", "reference", "mvreference", "proceedings",
          "mvproceedings")
_IN_BOOKS = ("inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inreference",
             "inproceedings", "conference")
_BOOK_TITLES = [("title", "booktitle"), ("subtitle", "booksubtitle"), ("titleaddon", "booktitleaddon")]
_MAIN_TITLES = [("title", "maintitle"), ("subtitle", "mainsubtitle"), ("titleaddon", "maintitleaddon")]
INHERITANCE: dict[tuple[str, str], list[tuple[str, str]]] = {}
for _parent in _BOOKS:
    for _child in _IN_BOOKS:
        INHERITANCE[(_parent, _child)] = _MAIN_TITLES if _parent.startswith("mv") else _BOOK_TITLES
    if _parent.startswith("mv"):
        for _child in ("book", "collection", "reference", "proceedings"):
            INHERITANCE[(_parent, _child)] = _MAIN_TITLES
for _child in ("article", "suppperiodical"):
    INHERITANCE[("periodical", _child)] = [("title", "journaltitle"), ("subtitle", "journalsubtitle")]
for _child in ("inbook", "bookinbook", "suppbook"):
    INHERITANCE.setdefault(("book", _child), list(_BOOK_TITLES)).append(("author", "bookauthor"))
# Fields renamed away from the parent are not also inherited under their own name.
NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
    "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey",
    "shorttitle",
})
