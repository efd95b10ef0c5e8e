"""Looking papers up by identifier: identifiers become one input whose records are the Graph API's
paper objects (mapped by the S2 adapter), fetched in batches of up to 500, cached on disk.

    >>> import converter
    >>> items = converter.read("10.3344/kjp.24393")                       # looked up, then mapped
    >>> raws = list(converter.lookup(["arXiv:2106.15928", "PMID:19872477"]))
    >>> report = converter.convert([converter.Identifiers.from_file("dois.txt")], to="bibtex", out="refs.bib")
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import ConversionError
from .identifiers import Identifier, looks_like_identifier, parse_identifier
from .s2api import BATCH_SIZE, DEFAULT_API_URL, FIELDS, ApiError, GraphClient, Timing
from .json_records import RawRecord

NOT_FOUND_DAYS = 1  # how long a "not found" answer is trusted (papers are added every day)
_WINDOW = 8 * BATCH_SIZE  # identifiers held at most before their records are given out
_MOST_REFUSALS = 24  # a batch refused as a whole is halved to find the id at fault, this many times at most


def default_cache_dir() -> Path:
    """The user's cache directory for citeconv's answers (platformdirs), ``s2`` below it."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("citeconv", appauthor=False)) / "s2"


class Cache:
    """Graph API answers on disk, one small JSON file each, keyed by API URL, identifier and fields."""

    def __init__(self, directory: str | os.PathLike, api_url: str, fields: str) -> None:
        self.directory, self.api_url, self.fields = Path(directory), api_url, fields

    def _path(self, identifier: Identifier) -> Path:
        import hashlib  # loaded when something is looked up (start-up time)

        digest = hashlib.sha256(f"{self.api_url}\n{self.fields}\n{identifier.key}".encode()).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, identifier: Identifier) -> tuple[bool, dict | None]:
        """(found, paper): a paper, or None for a recent "not found"; (False, None) when not cached."""
        try:
            entry = json.loads(self._path(identifier).read_text(encoding="utf-8"))
            paper, stored = entry["paper"], float(entry["time"])
        except (OSError, ValueError, KeyError, TypeError):
            return False, None  # missing or damaged: asked again, and rewritten
        if paper is None and time.time() - stored > NOT_FOUND_DAYS * 86400:
            return False, None
        return (True, paper) if paper is None or isinstance(paper, dict) else (False, None)

    def put(self, identifier: Identifier, paper: dict | None) -> None:
        path = self._path(identifier)
        entry = {"id": identifier.api_id, "fields": self.fields, "time": time.time(), "paper": paper}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs a request next time


class Identifiers:
    """Paper identifiers as one input for :func:`converter.read`/:func:`converter.convert`: reading it
    gives one raw S2 record per identifier, in order (or an error naming the identifier).

    ``ids``: identifier strings, or (record, identifier) pairs where the record names its place (a
    line). ``api_key``/``api_url`` default to ``$S2_API_KEY``/``$S2_API_URL``; ``cache``: a directory,
    None for the user cache directory, False for none; ``offline``: the cache only, no request.
    """

    def __init__(self, ids: Iterable[str | tuple[int | str, str]], *, name: str = "<identifiers>",
                 api_key: str | None = None, api_url: str | None = None, cache: str | os.PathLike | None | bool = None,
                 offline: bool = False, timing: Timing | None = None, progress: bool = False,
                 fields: str = FIELDS) -> None:
        if offline and cache is False:
            raise ConversionError("offline needs the cache (it is the only source then)", code="usage")
        self.ids = [ids] if isinstance(ids, str) else ids  # one identifier, not its characters
        self.name, self.api_key, self.api_url = name, api_key, api_url
        self.cache, self.offline, self.timing, self.progress, self.fields = cache, offline, timing, progress, fields
        self.requests = 0  # requests made by the last reading

    @classmethod
    def from_file(cls, path: str | os.PathLike, **settings: Any) -> Identifiers:
        """The identifiers of a text file, one a line; blank lines and ``#`` comments are skipped."""
        return cls(_FileLines(Path(path)), name=str(path), **settings)

    def raw_records(self) -> Iterator[RawRecord]:
        """The records, looked up a batch at a time (cached answers need no request)."""
        fetcher = _Fetcher(self)
        try:
            window: list[tuple[int | str, str, Identifier | ConversionError]] = []
            for place, text in self._entries():
                try:
                    window.append((place, text, fetcher.want(parse_identifier(text))))
                except ConversionError as error:
                    window.append((place, text, error))
                if fetcher.full() or len(window) >= _WINDOW:
                    fetcher.fetch()
                    yield from [self._record(entry, fetcher) for entry in window]
                    window = []
                    fetcher.answers.clear()
            fetcher.fetch()
            yield from (self._record(entry, fetcher) for entry in window)
        finally:
            self.requests = fetcher.close()

    def _entries(self) -> Iterator[tuple[int | str, str]]:
        for entry in self.ids:
            yield entry if isinstance(entry, tuple) else (entry, entry)

    def _record(self, entry: tuple[int | str, str, Identifier | ConversionError], fetcher: _Fetcher) -> RawRecord:
        place, text, identifier = entry
        named = "" if place == text else f"{text}: "
        if isinstance(identifier, ConversionError):
            return self._error(place, named + identifier.reason, identifier.code)
        answer = fetcher.answers[identifier.key]
        if isinstance(answer, dict):
            return RawRecord(self.name, place, "s2", answer)
        if answer is None:
            return self._error(place, f"{named}Semantic Scholar does not know this paper ({identifier.api_id})",
                               "not-found")
        return self._error(place, named + answer.reason, answer.code)

    def _error(self, place: int | str, reason: str, code: str) -> RawRecord:
        return RawRecord(self.name, place, None, error=ConversionError(reason, file=self.name, record=place, code=code))


class _Fetcher:
    """The answers for one reading: from the cache, else asked in batches; single ``GET`` requests only
    where a batch cannot serve (an id at fault in a batch refused as a whole, found by halving it; a
    server without the batch endpoint)."""

    def __init__(self, source: Identifiers) -> None:
        self.source = source
        self.client: GraphClient | None = None
        self.answers: dict[str, dict | None | ConversionError] = {}
        self.missing: dict[str, Identifier] = {}
        api_url = (source.api_url or os.environ.get("S2_API_URL") or DEFAULT_API_URL).rstrip("/")
        self.cache = None
        if source.cache is not False:
            directory = default_cache_dir() if source.cache is None or source.cache is True else source.cache
            self.cache = Cache(directory, api_url, source.fields)
        self.bar: Any = None
        self.refusals, self.refusal = 0, ApiError("")  # requests refused (HTTP 400) in this fetch, the last
        self.no_batch = False  # the server answered the batch endpoint with 404 or 405: GET each id

    def want(self, identifier: Identifier) -> Identifier:
        if identifier.key in self.answers or identifier.key in self.missing:
            return identifier
        found, paper = self.cache.get(identifier) if self.cache is not None else (False, None)
        if found:
            self.answers[identifier.key] = paper
        else:
            self.missing[identifier.key] = identifier
        return identifier

    def full(self) -> bool:
        return len(self.missing) >= BATCH_SIZE

    def fetch(self) -> None:
        """Answer every missing identifier (a paper, None, or an error naming the failure)."""
        if not self.missing:
            return
        wanted = list(self.missing.values())
        self.missing = {}
        if self.source.offline:
            for identifier in wanted:
                self.answers[identifier.key] = ConversionError(
                    f"not in the cache ({identifier.api_id}); offline, so not looked up", code="offline-miss")
            return
        self._progress(0)
        self.refusals = 0
        self._ask(wanted)
        self._progress(len(wanted))

    def _ask(self, wanted: list[Identifier]) -> None:
        answers: list[dict | None | ConversionError]
        if self.refusals >= _MOST_REFUSALS:  # not one bad id but every request: stop asking
            answers = [ConversionError(f"lookup of {identifier.api_id} not tried: the API refused "
                                       f"{self.refusals} requests (the last: {self.refusal})", code="lookup-failed")
                       for identifier in wanted]
        elif self.no_batch:
            answers = [self._one(identifier) for identifier in wanted]
        else:
            try:
                answers = list(self._client().batch([identifier.api_id for identifier in wanted],
                                                    self.source.fields))
            except ApiError as error:
                if error.status in (404, 405):  # a server without the batch endpoint (a mirror, a proxy)
                    self.no_batch = True
                    answers = [self._one(identifier) for identifier in wanted]
                elif error.status != 400:
                    answers = [self._failed(identifier, error) for identifier in wanted]
                else:
                    self.refusals, self.refusal = self.refusals + 1, error
                    if len(wanted) > 1:  # the batch was refused as a whole: halve it to find the id at fault
                        half = len(wanted) // 2
                        self._ask(wanted[:half])
                        self._ask(wanted[half:])
                        return
                    answers = [self._one(wanted[0])]  # batch cannot serve it: GET, so the API names its problem
        for identifier, answer in zip(wanted, answers):
            self.answers[identifier.key] = answer
            if self.cache is not None and not isinstance(answer, ConversionError):
                self.cache.put(identifier, answer)

    def _one(self, identifier: Identifier) -> dict | None | ConversionError:
        try:
            return self._client().paper(identifier.api_id, self.source.fields)
        except ApiError as error:
            if error.status == 400:
                self.refusals, self.refusal = self.refusals + 1, error
            return self._failed(identifier, error)

    @staticmethod
    def _failed(identifier: Identifier, error: ApiError) -> ConversionError:
        return ConversionError(f"lookup of {identifier.api_id} failed: {error}", code="lookup-failed")

    def _client(self) -> GraphClient:
        if self.client is None:
            self.client = GraphClient(self.source.api_url, self.source.api_key, self.source.timing)
        return self.client

    def _progress(self, done: int) -> None:
        if not self.source.progress:
            return
        if self.bar is None:
            from .progress import bar

            self.bar = bar(desc="looking up", unit=" ids", file=sys.stderr, dynamic_ncols=True)
        self.bar.update(done)

    def close(self) -> int:
        """Close the connection and the bar; the number of requests made."""
        if self.bar is not None:
            self.bar.close()
        if self.client is None:
            return 0
        self.client.close()
        return self.client.requests


def _lines(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(``line N``, identifier) for each identifier line of an ids list."""
    for number, line in enumerate(lines, start=1):
        text = line.removeprefix("\ufeff").split(" #", 1)[0].split("\t#", 1)[0].strip()
        if text and not text.startswith("#"):
            yield f"line {number}", text


class _FileLines:
    """The identifier lines of a file, read again at each reading; a line that is not UTF-8 keeps its
    place and fails as a malformed identifier."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[tuple[str, str]]:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as lines:
                yield from _lines(lines)
        except OSError as error:
            raise ConversionError(error.strerror or str(error), file=str(self.path), code="io") from None


def lookup(ids: Iterable[str], **settings: Any) -> Iterator[RawRecord]:
    """The raw S2 record (``.data``, format ``s2``) or the error (``.error``) of each identifier, in
    order; ``settings`` as for :class:`Identifiers`."""
    return Identifiers(ids, **settings).raw_records()


def as_source(source: Any) -> Any:
    """A string that names no existing file and looks like an identifier becomes :class:`Identifiers`."""
    if isinstance(source, str) and "\n" not in source and looks_like_identifier(source):
        try:
            if Path(source).exists():
                return source
        except (OSError, ValueError):
            pass
        return Identifiers([source])
    return source


# -- the command line (converter/cli.py calls these two) -------------------------------------------
def add_arguments(parser: Any) -> None:
    """The identifier options of ``citeconv``."""
    group = parser.add_argument_group(
        "looking papers up (an INPUT that names no file and looks like a DOI, arXiv:, PMID:, PMCID:, "
        "CorpusId:, ACL:, DBLP:, MAG:, a Semantic Scholar id or URL is looked up in Semantic Scholar)")
    group.add_argument("--ids", metavar="FILE", action="append", default=[],
                       help="look up the identifiers in FILE (- for stdin), one a line (# comments and blank "
                       "lines skipped)")
    group.add_argument("--api-key", metavar="KEY", help="Semantic Scholar API key (default: $S2_API_KEY)")
    group.add_argument("--api-url", metavar="URL", help="Graph API base URL (default: $S2_API_URL, else "
                       "https://api.semanticscholar.org/graph/v1)")
    group.add_argument("--cache", metavar="DIR", help="cache answers here (default: the user cache directory)")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    group.add_argument("--offline", action="store_true", help="use cached answers only; name what is missing")


def sources(args: Any) -> list[Any]:
    """The inputs of a ``citeconv`` command: each run of identifier arguments becomes one
    :class:`Identifiers` (one batch for them all), and each ``--ids FILE`` one more, after them."""
    if not args.inputs and not args.ids:
        raise ConversionError("give an INPUT or --ids FILE", code="usage")
    if args.offline and args.no_cache:
        raise ConversionError("--offline reads the cache: it cannot go with --no-cache", code="usage")
    settings = {"api_key": args.api_key, "api_url": args.api_url, "offline": args.offline,
                "cache": False if args.no_cache else args.cache,
                "progress": not args.quiet and sys.stderr.isatty()}
    found: list[Any] = []
    for source in args.inputs:
        if as_source(source) is source:
            found.append(source)
        elif found and isinstance(found[-1], Identifiers) and found[-1].name == "<command line>":
            found[-1].ids.append(source)  # type: ignore[attr-defined]
        else:
            found.append(Identifiers([source], name="<command line>", **settings))
    for path in args.ids:
        if path == "-":
            found.append(Identifiers(_lines(sys.stdin), name="<stdin>", **settings))
            continue
        if not Path(path).is_file():
            raise ConversionError(f"--ids {path}: no such file", code="usage")
        if args.output and Path(args.output).exists() and os.path.samefile(args.output, path):
            raise ConversionError(f"{args.output}: refusing to overwrite an input file", code="usage")
        found.append(Identifiers.from_file(path, **settings))
    return found
