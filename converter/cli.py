"""The ``citeconv`` command line."""
from __future__ import annotations

import argparse
import gc
import inspect
import io
import logging
import signal
import sys
from pathlib import Path
from typing import IO, cast

import converter

from .adapters import ADAPTERS
from .api import write
from .batch import convert
from .errors import ConversionError
from .journals import NOTE_CODES
from .lookup import add_arguments as add_lookup_arguments
from .lookup import sources as lookup_sources
from .json_records import MAX_RECORD_BYTES
from .writers import WRITERS, find_writer, unknown_writer_message, writer_names

EXAMPLES = """\
examples:
  citeconv paper.txt --to csl-json                 a booksci record to CSL-JSON on stdout
  citeconv papers.jsonl.gz --to csl-json -o out.json
  citeconv records/ --to csl-json                  every input file below a directory
  cat batch.json | citeconv -f s2 -t csl-json      standard input when no INPUT is given
  citeconv paper.txt --to csl-json --journals J_Medline.txt   NLM journal abbreviations from a list
  citeconv 10.3344/kjp.24393 arXiv:2106.15928 --to apa        look papers up in Semantic Scholar
  citeconv --ids dois.txt --to bibtex -o refs.bib             one identifier a line
  citeconv papers.json -t apa -o refs.docx         a Word file (the format follows the extension)
  citeconv papers.json -t vancouver -o refs.rtf    RTF; .html is a page, .md Markdown, .txt text
  citeconv papers.json -t chicago-author-date --locale de   any CSL style id, in any locale
  citeconv --list-styles harvard                   the bundled CSL styles whose id or title says harvard

exit status: 0 every record converted, 1 some records or files failed (the rest are written),
2 usage error. Messages go to stderr as 'citeconv: FILE[:RECORD]: reason'.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2 with one line, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"citeconv: {message}\n")


# The flag of each writer option (the writer's keyword -> the flag), for messages about options.
WRITER_FLAGS: dict[str, str] = {}
# -o's extension -> the styled writers' --format it asks for, when --format is not given.
EXTENSION_FORMATS = {".docx": "docx", ".rtf": "rtf", ".html": "html", ".htm": "html", ".md": "markdown",
                     ".markdown": "markdown", ".txt": "text"}
STYLED_FORMATS = ("text", "html", "markdown", "rtf", "docx")


def _writer_option(group, *flags: str, dest: str, **options) -> None:
    """A writer option: passed to the writer as ``dest`` only when given."""
    group.add_argument(*flags, dest=dest, **options)
    WRITER_FLAGS[dest] = flags[-1]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="citeconv",
        description="Convert Semantic-Scholar-style paper records (booksci wrapper, S2 Graph API JSON, "
                    "S2 Datasets JSONL, CSL-JSON) to CSL-JSON and other citation formats.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="file, directory (recursed), - for stdin, or a paper "
                        "identifier to look up (default: standard input, when it is not a terminal)")
    parser.add_argument("-t", "--to", metavar="FORMAT",
                        help=f"output format: {', '.join(writer_names())}, or any CSL style: a bundled style id "
                             "(any case; see --list-styles) or a .csl file")
    parser.add_argument("-f", "--from", dest="source_format", choices=list(ADAPTERS), metavar="FORMAT",
                        help=f"input format, when detection should be overridden: {', '.join(ADAPTERS)}")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print notes: where each journal abbreviation came from")
    parser.add_argument("--journals", metavar="FILE", help="NLM journal list for container-title-short: the NLM "
                        "catalog's J_Medline.txt or a title,abbreviation CSV (default: $CITECONV_JOURNALS)")
    parser.add_argument("--no-abbreviations", dest="abbreviations", action="store_false",
                        help="do not fill in journal abbreviations (container-title-short)")
    parser.add_argument("--list-styles", nargs="*", metavar="WORDS",
                        help="list the bundled CSL styles (id and title) whose id or title holds all WORDS, and exit")
    writer_options = parser.add_argument_group("writer options (passed only when given)")
    _writer_option(writer_options, "--key-pattern", dest="key_pattern", metavar="PATTERN",
                   help="bibtex/biblatex: citation key pattern")
    _writer_option(writer_options, "--append-to", dest="append_to", metavar="BIB",
                   help="bibtex/biblatex: add to this existing .bib without repeating a key or a DOI")
    _writer_option(writer_options, "--bom", dest="bom", action="store_true", default=None,
                   help="ris: start with a UTF-8 BOM")
    _writer_option(writer_options, "--format", dest="format", choices=STYLED_FORMATS,
                   help="styled references (apa, vancouver, any CSL style): text, html (a page), markdown, rtf or "
                        "docx; with -o, the extension (.txt .html .htm .md .rtf .docx) chooses when this is not given")
    _writer_option(writer_options, "--fragment", dest="fragment", action="store_true", default=None,
                   help="html: a bare <div> to embed, instead of a complete page")
    _writer_option(writer_options, "--locale", dest="locale", metavar="TAG",
                   help="styled references: the locale (de, en-GB, fr-FR, ...; default: the style's, else en-US)")
    _writer_option(writer_options, "--no-capitalize-subtitles", dest="capitalize_subtitles", action="store_false",
                   default=None, help="apa: keep the title's case after a colon, as citeproc-js does")
    _writer_option(writer_options, "--cite", dest="cite", nargs="?", action="append", const="", metavar="KEY[,KEY...]",
                   help="styled references: in-text citations instead of the bibliography; alone, one per item; "
                        "with keys (repeatable, or --cite=KEYS before INPUT), one citation per group, in order")
    _writer_option(writer_options, "--include-urls", dest="include_urls", action="store_true", default=None,
                   help="styled references: print every URL (by default none of an aggregator's pages, and none "
                        "for journal, magazine and newspaper articles with pages, as Zotero)")
    batch = parser.add_argument_group("batches")
    batch.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: one per core for inputs of 4 MiB or more, else 1; "
                       "-j 1: one process); for a styled output also the processes rendering the reference list "
                       "(default: one per core from 100 entries on, 50 or more each; the same output)")
    batch.add_argument("--split", action="store_true", help="one output file per input, in the directory -o DIR "
                       "(created when missing)")
    batch.add_argument("--dedupe", action="store_true", help="leave out records whose DOI, S2 paper id or "
                       "corpus id came before")
    batch.add_argument("--errors", metavar="FILE", help="write one JSON line per failed record here")
    batch.add_argument("--max-record-bytes", type=int, default=MAX_RECORD_BYTES, metavar="N",
                       help="a larger record (JSON line) or JSON document fails alone (default 64 MiB)")
    add_lookup_arguments(parser)
    parser.add_argument("-V", "--version", action=_Version, nargs=0, help="show the version and exit")
    return parser


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for, and the build (compiled or pure)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from .build_info import build_info

        print(f"citeconv {converter.__version__}, {build_info()}")
        parser.exit()


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that the output's temporary file goes."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated(signum)


def _say(line: str, progress: bool = False) -> None:
    """One line to stderr; above the progress bar when there is one."""
    if progress:
        from tqdm import tqdm
        tqdm.write(line, file=sys.stderr)
    else:
        print(line, file=sys.stderr)


def _printer(quiet: bool, verbose: bool, progress: bool = False):
    """Print each warning (and, with --verbose, each note) to stderr as it happens."""
    def show(warning) -> None:
        if quiet:
            return
        if warning.code not in NOTE_CODES:
            _say(f"citeconv: {warning}", progress)
        elif verbose:
            _say(f"citeconv: {str(warning).replace(': warning: ', ': note: ', 1)}", progress)
    return show


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.split:
        if not args.output:
            return "--split needs -o DIR"
        if Path(args.output).exists() and not Path(args.output).is_dir():
            return f"--split: -o {args.output} exists and is not a directory"
    elif args.output:
        if not Path(args.output).parent.is_dir():
            return f"-o {args.output}: the output directory does not exist"
    if args.jobs is not None and args.jobs < 1:
        return "-j/--jobs must be at least 1"
    if args.max_record_bytes < 1:
        return "--max-record-bytes must be at least 1"
    return _file_option_problem(args)


def _file_option_problem(args: argparse.Namespace) -> str | None:
    """Files named by options: those read must exist, the folder of those written too."""
    for flag, path in (("--journals", args.journals), ("--append-to", args.append_to)):
        if path and not Path(path).is_file():
            return f"{flag} {path}: no such file"
    if args.errors and not Path(args.errors).parent.is_dir():
        return f"--errors {args.errors}: the directory does not exist"
    return None


def _list_styles(words: list[str]) -> int:
    from .writers.style_names import list_styles
    rows = list_styles(words)
    if not rows:
        print(f"citeconv: --list-styles: no bundled style matches {' '.join(words)!r}", file=sys.stderr)
        return 1
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    width = max(len(style_id) for style_id, _ in rows)
    stdout.write("".join(f"{style_id:<{width}}  {title}\n" for style_id, title in rows))
    stdout.flush()
    return 0


def _inputs_problem(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """No INPUT: standard input, unless it is a terminal (then the usage message)."""
    if args.inputs or getattr(args, "ids", None):
        return None
    for keys in args.cite or ():
        if keys and Path(keys).exists():
            return f"--cite took {keys!r} as citation keys: put INPUT before --cite, or write --cite=KEYS"
    if sys.stdin is None or sys.stdin.isatty():
        parser.print_usage(sys.stderr)
        return "no INPUT: name files or directories, or pipe records into standard input"
    args.inputs = ["-"]
    return None


def _cite_option(values: list[str] | None) -> bool | list[list[str]] | None:
    """``--cite`` alone: True; ``--cite KEYS`` (repeated): one group of keys per option."""
    if values is None:
        return None
    groups = [[key.strip() for key in value.split(",") if key.strip()] for value in values]
    if not any(groups):
        return True
    if not all(groups):
        raise ConversionError("--cite: give keys to every --cite, or use --cite once alone", code="usage")
    return groups


def _writer_options(args: argparse.Namespace) -> dict:
    options = {name: getattr(args, name) for name in WRITER_FLAGS if getattr(args, name) is not None}
    if "cite" in options:
        options["cite"] = _cite_option(options["cite"])
    return options


def _check_writer(args: argparse.Namespace, options: dict) -> None:
    """Usage errors about -t, the writer options and -o's extension, before any reading; fills in the
    format from -o's extension."""
    if args.to is None:
        raise ConversionError("the following arguments are required: -t/--to", code="usage")
    writer = find_writer(args.to)
    if writer is None:
        if args.to in STYLED_FORMATS:
            raise ConversionError(f"-t/--to: {args.to!r} is an output --format of the styled writers: e.g. "
                                  f"-t apa --format {args.to}, or -t apa -o refs.{args.to}", code="usage")
        raise ConversionError(f"-t/--to: {unknown_writer_message(args.to)}", code="usage")
    if args.to not in WRITERS:
        from .writers.style_names import checked_style
        from .writers.styled import style_path
        try:
            checked_style(style_path(args.to) or args.to)
        except ConversionError as error:
            raise ConversionError(f"-t/--to: {error.reason}", code="usage") from None
    accepted = [name for name in inspect.signature(writer).parameters if name not in ("items", "warnings")]
    suffix = Path(args.output).suffix.lower() if args.output and not args.split else ""
    if "format" not in options and suffix in EXTENSION_FORMATS:
        if "format" in accepted:
            options["format"] = EXTENSION_FORMATS[suffix]
        elif suffix != ".txt":
            raise ConversionError(f"-o {args.output}: the {args.to} writer cannot write {suffix} files (styled "
                                  "output can: -t apa, -t vancouver or any CSL style)", code="usage")
    refused = [WRITER_FLAGS.get(name, name) for name in options if name not in accepted]
    if refused:
        takes = [WRITER_FLAGS[name] for name in accepted if name in WRITER_FLAGS]
        raise ConversionError(f"the {args.to} writer does not take {', '.join(refused)}; it takes: "
                              f"{', '.join(takes) or 'no writer option'}", code="usage")
    if options.get("fragment") and options.get("format", "text") != "html":
        raise ConversionError("--fragment needs --format html (or -o FILE.html)", code="usage")
    if options.get("format") == "html":
        options.setdefault("fragment", False)  # a page on the command line; the bare <div> with --fragment
    if options.get("locale"):
        from .writers.locales import resolve_locale
        try:
            options["locale"] = resolve_locale(options["locale"])
        except ConversionError as error:
            raise ConversionError(f"--locale: {error.reason}", code="usage") from None
    try:  # the writer's own checks of its options (a key pattern, ...), on no items (so no citation keys)
        write([], args.to, warnings=[], **{name: value for name, value in options.items() if name != "cite"})
    except ConversionError as error:
        given = [WRITER_FLAGS[name] for name in options if getattr(args, name) is not None]
        if error.code == "usage" and given and not error.reason.startswith("-"):
            raise ConversionError(f"{', '.join(given)}: {error.reason}", code="usage") from None
        raise
    if options.get("format") == "docx":
        if args.split:
            raise ConversionError("--split cannot write docx files; convert each input with -o FILE.docx",
                                  code="usage")
        if not args.output and sys.stdout.isatty():
            raise ConversionError("--format docx: a Word file is binary; name it with -o FILE.docx", code="usage")


class _CountingStream:
    """Standard output, counting what was written (to tell after Ctrl-C whether anything was)."""

    def __init__(self, stream) -> None:
        self.stream, self.written = stream, 0
        self.buffer: IO[bytes] = stream.buffer  # a binary output (a .docx) is written whole, at the end

    def write(self, text: str) -> int:
        self.written += len(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def _interrupted(args: argparse.Namespace, existed: bool, stdout: _CountingStream | None) -> str:
    if args.split:
        return f"citeconv: interrupted; {args.output} holds only the files finished before"
    if args.output:
        return f"citeconv: interrupted; {args.output} unchanged" if existed else "citeconv: interrupted; nothing written"
    if stdout is not None and stdout.written:
        return "citeconv: interrupted; standard output is incomplete"
    return "citeconv: interrupted; nothing written"


def _run(args: argparse.Namespace, options: dict, stdout: _CountingStream | None):
    """Convert the inputs to the output (a file, or standard output)."""
    progress = not args.quiet and sys.stderr.isatty()
    return convert(lookup_sources(args), args.to, args.output or cast(IO[str], stdout), writer_options=options,
                   format=args.source_format, abbreviations=args.abbreviations, journals=args.journals,
                   jobs=args.jobs, split=args.split, dedupe=args.dedupe, errors_to=args.errors, progress=progress,
                   on_warning=_printer(args.quiet, args.verbose, progress),
                   on_error=lambda error: _say(f"citeconv: {error}", progress), max_record_bytes=args.max_record_bytes)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    gc.freeze()  # what start-up built (modules, tables) stays: the cycle collector need not walk it again
    if args.list_styles is not None:
        return _list_styles(args.list_styles)
    stdout = None
    existed = bool(args.output) and Path(args.output).exists()
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # its failed blocks are our errors
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _terminate)
    try:
        problem = _inputs_problem(parser, args) or _usage_problem(args)
        if problem:
            print(f"citeconv: {problem}", file=sys.stderr)
            return 2
        options = _writer_options(args)
        _check_writer(args, options)
        if args.split:
            Path(args.output).mkdir(parents=True, exist_ok=True)
        if not args.output:
            stdout = _CountingStream(io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline=""))
        report = _run(args, options, stdout)
        if stdout is not None:
            stdout.flush()
    except ConversionError as error:  # a usage error (raised before any reading), or a writer that failed
        print(f"citeconv: {error.reason if error.file is None else error}", file=sys.stderr)
        return 2 if error.code == "usage" else 1
    except BrokenPipeError:  # `citeconv … | head`
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        print(_interrupted(args, existed, stdout), file=sys.stderr)
        return 130
    except _Terminated as stop:
        where = f"{args.output} unchanged" if args.output else "output incomplete"
        print(f"citeconv: {signal.Signals(stop.signum).name}; {where}", file=sys.stderr)
        return 128 + stop.signum
    except Exception as error:  # a bug must still end in one line, not a traceback
        print(f"citeconv: internal error ({type(error).__name__}: {error}); please report it", file=sys.stderr)
        return 1
    if args.output and not args.quiet:
        print(f"citeconv: wrote {args.output}: {report.summary()}", file=sys.stderr)
    elif not report.ok and not args.quiet:
        print(f"citeconv: {report.summary()}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
