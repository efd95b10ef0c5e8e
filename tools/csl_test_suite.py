#!/usr/bin/env python3
"""Run the CSL processor test-suite against citeproc-py, without and with citeconv's fix layer.

    python tools/csl_test_suite.py PATH [--only fixed|plain] [--show-failures N] [--filter TEXT]

PATH is a checkout of https://github.com/citation-style-language/test-suite (or its
``processor-tests/humans`` folder); the fixtures are not part of citeconv. Each fixture
(``processor-tests/humans/*.txt``: MODE, RESULT, CSL, INPUT and optional CITATION-ITEMS, CITATIONS,
BIBENTRIES sections) is rendered twice: ``plain`` is citeproc-py 0.11.1 alone (its own classes,
``CiteProcJSON`` and html formatter); ``fixed`` is what citeconv's writers run (citeconv's engine: its
source handling and every fix in ``converter.citeproc_fixes``, disambiguation and collapsing included). The output
is compared with RESULT after normalising whitespace between tags and numeric entities. Prints the pass
rate of each mode and run.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citeproc import (  # noqa: E402
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
)
from citeproc import formatter as citeproc_formatter  # noqa: E402
from citeproc.source.json import CiteProcJSON  # noqa: E402

from converter import citeproc_fixes  # noqa: E402
from converter.citeproc_fixes import disambiguate  # noqa: E402
from converter.citeproc_fixes.source import prepare  # noqa: E402
from converter.citeproc_fixes.text import punctuation_in_quote  # noqa: E402

SECTION = re.compile(r">>=+ *([A-Z-]+) *=+>>\n(.*?)\n<<=+ *\1 *=+<<", re.S)


def parse(path: Path) -> dict:
    return {name: body for name, body in SECTION.findall(path.read_text(encoding="utf-8"))}


def normalise(text: str) -> str:
    text = html.unescape(text.replace("&#38;", "&amp;").replace("&#60;", "&lt;").replace("&#62;", "&gt;"))
    text = re.sub(r">\s+<", "><", text.strip())
    return " ".join(text.split())


def cite_item(data: dict, engine) -> CitationItem:
    """A cite of the fixture in ``engine``'s classes (citeproc-py's own without one)."""
    item, locator = (engine.CitationItem, engine.Locator) if engine else (CitationItem, Locator)
    extra = {}
    if "locator" in data:
        extra["locator"] = locator(data.get("label", "page"), data["locator"])
    for key in ("prefix", "suffix"):
        if key in data:
            extra[key] = data[key]
    return item(str(data["id"]), **extra)


def render(fixture: dict, fixed: bool) -> str:
    if "CITATIONS" in fixture and fixture["MODE"].strip().startswith("citation"):
        return render_steps(fixture, fixed)
    return render_state(fixture, fixed)


def render_steps(fixture: dict, fixed: bool) -> str:
    """A CITATIONS fixture: each step inserts (or replaces) one citation, in a footnote (noteIndex), between
    the citations listed before and after it; the output is the document after the last step, ``>>``
    marking the citations that the last step added or printed differently."""
    store, steps, notes = {}, [], {}
    for citation, before, after in json.loads(fixture["CITATIONS"]):
        store[citation["citationID"]] = citation["citationItems"]
        note = citation.get("properties", {}).get("noteIndex", 0)
        notes = dict(notes, **dict(before + after), **{citation["citationID"]: note})
        steps.append(([cid for cid, _ in before] + [citation["citationID"]] + [cid for cid, _ in after], notes))

    def lines(order, notes):
        state = dict(fixture, **{"CITATION-ITEMS": json.dumps([store[cid] for cid in order]),
                                 "NOTES": json.dumps([notes.get(cid, 0) for cid in order])})
        del state["CITATIONS"]
        return dict(zip(order, render_state(state, fixed).split("\n")))

    last = lines(*steps[-1])
    previous = lines(*steps[-2]) if len(steps) > 1 else {}
    newest = json.loads(fixture["CITATIONS"])[-1][0]["citationID"]
    return "\n".join(f"{'>>' if cid == newest or previous.get(cid) != text else '..'}[{n}] {text}"
                     for n, (cid, text) in enumerate(last.items()))


def render_state(fixture: dict, fixed: bool) -> str:
    mode = fixture["MODE"].strip()
    items = json.loads(fixture["INPUT"])
    for index, item in enumerate(items):  # a few fixtures leave out ids: the one citeconv's source gives them
        item.setdefault("id", f"item-{index + 1}")
    formatter = citeproc_formatter.html
    csl = io.BytesIO(fixture["CSL"].encode("utf-8"))
    engine = citeproc_fixes.current() if fixed else None
    if engine:
        style = engine.style(csl)
        source = engine.source(prepare(items), formatter)
        bibliography = engine.Bibliography(style, source, formatter)
    else:
        style = CitationStylesStyle(csl, validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter)
    if "CITATION-ITEMS" in fixture:
        groups = json.loads(fixture["CITATION-ITEMS"])
    elif "CITATIONS" in fixture:  # the document after the last step: each citation as it was last given
        groups = list({entry[0]["citationID"]: entry[0]["citationItems"]
                       for entry in json.loads(fixture["CITATIONS"])}.values())
    else:
        groups = [[{"id": item["id"]} for item in items]]
    if mode.startswith("bibliography") and "CITATIONS" not in fixture:
        for item in items:  # every input item is in the bibliography, in input order (else: those cited)
            bibliography.register(Citation([cite_item({"id": item["id"]}, engine)]))
    citations = [Citation([cite_item(data, engine) for data in group]) for group in groups]
    for citation, note in zip(citations, json.loads(fixture.get("NOTES", "[]"))):
        citation.note_index = note  # the footnote of each citation (CITATIONS fixtures)
    for citation in citations:
        bibliography.register(citation)
    if "nosort" not in mode and style.has_bibliography():
        bibliography.sort()
    if "CITATION-ITEMS" not in fixture and "nosort" not in mode:  # one citation of all the items: in
        for citation in citations:  # the order of the bibliography, as citeproc-js's harness cites them
            citation.cites.sort(key=lambda c: bibliography.keys.index(c.key) if c.key in bibliography.keys else 0)
    if fixed and style.root.citation is not None:
        disambiguate.disambiguate(bibliography)
    piq = str(style.root.get_locale_option("punctuation-in-quote") or "false").lower() == "true"
    finish = (lambda text: punctuation_in_quote(text)) if fixed and piq else (lambda text: text)
    if mode.startswith("citation"):
        lines = []
        for citation in citations:
            if fixed:
                keys = [cite.key for cite in citation.cites]
                simple = all(not {"locator", "prefix", "suffix"} & set(c) for c in citation.cites) and style.root.citation.get("collapse")
                text = disambiguate.cite_group(bibliography, keys) if simple else bibliography.cite(citation, lambda c: None)
            else:
                text = bibliography.cite(citation, lambda c: None)
            lines.append(finish(str(text)))
        if "CITATIONS" in fixture:
            lines = [f"{'>>' if n == len(lines) - 1 else '..'}[{n}] {line}" for n, line in enumerate(lines)]
        return "\n".join(lines)
    entries = []
    for entry in bibliography.bibliography():
        if hasattr(entry, "first"):
            entries.append(f'<div class="csl-entry"><div class="csl-left-margin">{entry.first}</div>'
                           f'<div class="csl-right-inline">{finish(entry.rest)}</div></div>')
        else:
            entries.append(f'<div class="csl-entry">{finish(str(entry))}</div>')
    return '<div class="csl-bib-body">' + "".join(entries) + "</div>"


def run(paths: list[Path], fixed: bool, show: int, failures: list) -> dict:
    counts = {}
    for path in paths:
        fixture = parse(path)
        if not {"MODE", "RESULT", "CSL", "INPUT"} <= set(fixture):
            continue
        mode = "bibliography" if fixture["MODE"].strip().startswith("bibliography") else "citation"
        total, passed, errors = counts.get(mode, (0, 0, 0))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                output = render(fixture, fixed)
            ok = normalise(output) == normalise(fixture["RESULT"])
        except Exception as error:  # noqa: BLE001 - a crash is a failure of the fixture
            output, ok = f"{type(error).__name__}: {error}", False
            errors += 1
        if not ok and len(failures) < show:
            failures.append((path.name, fixture["RESULT"], output))
        counts[mode] = (total + 1, passed + ok, errors)
    return counts


def report(name: str, counts: dict, elapsed: float) -> None:
    print(f"{name}: {sum(c[0] for c in counts.values())} fixtures, {elapsed:.1f}s")
    for mode in ("bibliography", "citation"):
        total, passed, errors = counts.get(mode, (0, 0, 0))
        print(f"  MODE {mode:<12} pass {passed:>3} / {total:>3} = {100 * passed / max(total, 1):5.1f}%  "
              f"(exceptions: {errors})")
    total = sum(c[0] for c in counts.values())
    passed = sum(c[1] for c in counts.values())
    print(f"  ALL               pass {passed:>3} / {total:>3} = {100 * passed / max(total, 1):5.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--only", choices=("fixed", "plain"))
    parser.add_argument("--show-failures", type=int, default=0, metavar="N")
    parser.add_argument("--filter", default="", metavar="TEXT", help="only fixtures whose file name holds TEXT")
    args = parser.parse_args()
    folder = args.path / "processor-tests" / "humans" if (args.path / "processor-tests").is_dir() else args.path
    paths = sorted(p for p in folder.glob("*.txt") if args.filter in p.name)
    if not paths:
        sys.exit(f"no fixtures in {folder}")
    sys.setrecursionlimit(10000)
    for name, fixed in (("plain", False), ("fixed", True)):
        if args.only and args.only != name:
            continue
        failures: list = []
        start = time.perf_counter()
        counts = run(paths, fixed, args.show_failures, failures)
        report(f"citeproc-py 0.11.1 {'with citeconv fixes' if fixed else 'alone'}", counts, time.perf_counter() - start)
        for file, expected, got in failures:
            print(f"--- {file}\n  expected: {expected!r}\n  got:      {got!r}")


if __name__ == "__main__":
    main()
