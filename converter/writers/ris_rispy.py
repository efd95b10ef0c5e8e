"""The RIS writer's records as rispy references, and rispy's writer with citeconv's defaults: for callers
who go on with rispy, and the layout that :func:`converter.writers.ris.format_record` reproduces (a test
holds the two equal). Not in the compiled build: it subclasses rispy's writer, which mypy cannot see."""
from __future__ import annotations

import rispy

from .ris import LIST_TAGS, record_lines


class RispyWriter(rispy.RisWriter):
    """rispy's RIS writer without the ``1.``, ``2.``, … header line before each record, ``SN`` repeatable."""

    DEFAULT_LIST_TAGS = sorted(LIST_TAGS)

    def set_header(self, count: int) -> str:
        return ""


def to_references(items: list[dict], *, warnings: list | None = None) -> list[dict]:
    """The items as rispy references (rispy's field names, a list for each repeatable tag), as the RIS
    writer writes them: ``rispy.dumps(references, implementation=RispyWriter)`` gives the writer's text."""
    references = []
    for item in items:
        reference: dict = {}
        for tag, value in record_lines(item, [] if warnings is None else warnings):
            key = rispy.TAG_KEY_MAPPING[tag]
            if tag in LIST_TAGS:
                reference.setdefault(key, []).append(value)
            else:
                reference[key] = value
        references.append(reference)
    return references
