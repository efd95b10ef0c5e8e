"""The ``citeconv`` command line."""
from __future__ import annotations

import argparse
import io
import logging
import signal
import sys
from pathlib import Path

import converter

from .adapters import ADAPTERS
from .batch import convert
from .errors import ConversionError
from .journals import NOTE_CODES
from .sources import MAX_RECORD_BYTES
from .writers import WRITERS

EXAMPLES = """\
examples:
  citeconv paper.txt --to csl-json                 a booksci record to CSL-JSON on stdout
  citeconv papers.jsonl.gz --to csl-json -o out.json
  citeconv records/ --to csl-json                  every input file below a directory
  cat batch.json | citeconv - --from s2 --to csl-json
  citeconv paper.txt --to csl-json --journals J_Medline.txt   NLM journal abbreviations from a list

exit status: 0 every record converted, 1 some records or files failed (the rest are written),
2 usage error. Messages go to stderr as 'citeconv: FILE[:RECORD]: reason'.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2 with one line, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"citeconv: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="citeconv",
        description="Convert Semantic-Scholar-style paper records (booksci wrapper, S2 Graph API JSON, "
                    "S2 Datasets JSONL, CSL-JSON) to CSL-JSON and other citation formats.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory (recursed) or - for stdin")
    parser.add_argument("--to", required=True, metavar="FORMAT",
                        help=f"output format: {', '.join(sorted(WRITERS))}")
    parser.add_argument("--from", dest="source_format", choices=list(ADAPTERS), metavar="FORMAT",
                        help=f"input format, when detection should be overridden: {', '.join(ADAPTERS)}")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print notes: where each journal abbreviation came from")
    parser.add_argument("--journals", metavar="FILE", help="NLM journal list for container-title-short: the NLM "
                        "catalog's J_Medline.txt or a title,abbreviation CSV (default: $CITECONV_JOURNALS)")
    parser.add_argument("--no-abbreviations", dest="abbreviations", action="store_false",
                        help="do not fill in journal abbreviations (container-title-short)")
    writer_options = parser.add_argument_group("writer options (passed only when given)")
    writer_options.add_argument("--key-pattern", metavar="PATTERN", help="bibtex/biblatex: citation key pattern")
    writer_options.add_argument("--append-to", metavar="BIB", help="bibtex/biblatex: add to this existing .bib "
                                "without repeating a key or a DOI")
    writer_options.add_argument("--bom", action="store_true", default=None, help="ris: start with a UTF-8 BOM")
    writer_options.add_argument("--format", dest="output_format", choices=("text", "html", "markdown"),
                                help="styled references (apa, vancouver, any CSL style): text, html or markdown")
    writer_options.add_argument("--no-capitalize-subtitles", dest="capitalize_subtitles", action="store_false",
                                default=None, help="apa: keep the title's case after a colon, as citeproc-js does")
    writer_options.add_argument("--cite", action="store_true", default=None,
                                help="styled references: in-text citations instead of the bibliography")
    batch = parser.add_argument_group("batches")
    batch.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: one per core for inputs of 4 MiB or more, else 1; "
                       "-j 1: one process)")
    batch.add_argument("--split", action="store_true", help="one output file per input, in the directory -o DIR")
    batch.add_argument("--dedupe", action="store_true", help="leave out records whose DOI, S2 paper id or "
                       "corpus id came before")
    batch.add_argument("--errors", metavar="FILE", help="write one JSON line per failed record here")
    batch.add_argument("--max-record-bytes", type=int, default=MAX_RECORD_BYTES, metavar="N",
                       help="a larger record (JSON line) or JSON document fails alone (default 64 MiB)")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    return parser


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"citeconv {converter.__version__}")
        parser.exit()


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that the output's temporary file goes."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated(signum)


def _printer(quiet: bool, verbose: bool):
    """Print each warning (and, with --verbose, each note) to stderr as it happens."""
    def show(warning) -> None:
        if quiet:
            return
        if warning.code not in NOTE_CODES:
            print(f"citeconv: {warning}", file=sys.stderr)
        elif verbose:
            print(f"citeconv: {str(warning).replace(': warning: ', ': note: ', 1)}", file=sys.stderr)
    return show


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.split:
        if not args.output or not Path(args.output).is_dir():
            return "--split needs -o DIR, an existing directory"
    elif args.output:
        if not Path(args.output).parent.is_dir():
            return f"{args.output}: the output directory does not exist"
    if args.jobs is not None and args.jobs < 1:
        return "--jobs must be at least 1"
    if args.max_record_bytes < 1:
        return "--max-record-bytes must be at least 1"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = _usage_problem(args)
    if problem:
        print(f"citeconv: {problem}", file=sys.stderr)
        return 2
    stdout = None if args.output else io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # its failed blocks are our errors
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _terminate)
    options = {name: value for name, value in (
        ("key_pattern", args.key_pattern), ("append_to", args.append_to), ("bom", args.bom),
        ("format", args.output_format), ("cite", args.cite), ("capitalize_subtitles", args.capitalize_subtitles))
        if value is not None}
    try:
        report = convert(args.inputs, args.to, args.output or stdout, format=args.source_format,
                         abbreviations=args.abbreviations, journals=args.journals, jobs=args.jobs,
                         split=args.split, dedupe=args.dedupe, errors_to=args.errors,
                         progress=not args.quiet and sys.stderr.isatty(),
                         on_warning=_printer(args.quiet, args.verbose),
                         on_error=lambda error: print(f"citeconv: {error}", file=sys.stderr),
                         writer_options=options, max_record_bytes=args.max_record_bytes)
        if stdout is not None:
            stdout.flush()
    except ConversionError as error:  # a usage error (raised before any reading), or a writer that failed
        print(f"citeconv: {error.reason if error.file is None else error}", file=sys.stderr)
        return 2 if error.code == "usage" else 1
    except BrokenPipeError:  # `citeconv … | head`
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        return 130
    except _Terminated as stop:
        where = f"{args.output} unchanged" if args.output else "output incomplete"
        print(f"citeconv: {signal.Signals(stop.signum).name}; {where}", file=sys.stderr)
        return 128 + stop.signum
    except Exception as error:  # a bug must still end in one line, not a traceback
        print(f"citeconv: internal error ({type(error).__name__}: {error}); please report it", file=sys.stderr)
        return 1
    if args.output:
        print(f"citeconv: wrote {args.output}: {report.summary()}", file=sys.stderr)
    elif not report.ok and not args.quiet:
        print(f"citeconv: {report.summary()}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
