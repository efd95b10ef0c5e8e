"""Our .bib files compiled with the real tools: pdfLaTeX + BibTeX (plain and plainnat) and biblatex + biber,
with zero errors and zero warnings; the injection probe; and every character the LaTeX encoding covers.

Each compile runs in its own temporary directory with ``-no-shell-escape`` and ``-recorder`` (the .fls file
lists every file TeX opened), with generated fonts cached in one TEXMFVAR directory for the session. The
document is latex_check.sh's (shared oracles): T1 fonts, cmap for pdftotext, a wide page, ``\\nocite{*}``.

The CI TeX set has no CJK fonts. For each character that pdfLaTeX's UTF-8 support does not cover and the
writer kept as UTF-8 (CJK, reported by the ``bibtex`` writer), the document declares a visible stand-in,
``[U+5218]``, as a document with CJKutf8 or xeCJK would declare a font: LaTeX then sees exactly the
characters the .bib holds, and the PDF shows them (by code point) where they belong.
"""
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

import converter
from converter.text.latex_encode import PDFLATEX_UTF8, PYLATEXENC_BLOCKS

ROOT = Path(__file__).parent.parent.parent
FIXTURE_ITEMS = [item for path in sorted((ROOT / "fixtures").glob("*/*.expected.json"))
                 for item in json.loads(path.read_text(encoding="utf-8"))["items"]]
pytestmark = pytest.mark.needs_tools("pdflatex", "bibtex", "biber", "pdftotext")  # kpsewhich comes with pdflatex

PREAMBLE = r"""\documentclass{article}
\usepackage{cmap}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
\pagestyle{empty}
\pdfpagewidth=60cm \paperwidth=60cm \textwidth=56cm \oddsidemargin=0cm \hoffset=-0.5in
\AtBeginDocument{\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000\sloppy}
"""
BODIES = {
    "bibtex": "\\usepackage{natbib}\n\\begin{document}\n\\nocite{*}\n\\bibliographystyle{%s}\n"
              "\\bibliography{refs}\n\\end{document}\n",
    "biber": "\\usepackage[backend=biber,style=numeric]{biblatex}\n\\addbibresource{refs.bib}\n"
             "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
}
# What counts as a problem: BibTeX's warnings and errors, biber's, and LaTeX's errors, warnings, missing
# characters and bad boxes.
_TOOL_PROBLEM = re.compile(r"^Warning--|error message|^I was expecting|^I'm skipping|^Repeated entry|"
                           r"> (?:WARN|ERROR) - ", re.MULTILINE)
_LATEX_PROBLEM = re.compile(r"^(?:\./)?\S+:\d+: |^! |LaTeX Warning|Package \w+ Warning|Missing character|"
                            r"Overfull|Underfull", re.MULTILINE)


@dataclass
class Compiled:
    text: str  # the typeset bibliography, from pdftotext
    problems: list[str]
    log: str
    files_read: list[str]  # INPUT lines of the .fls recording
    folder: Path


def stand_ins(bib: str) -> str:
    """A visible stand-in for each character pdfLaTeX's UTF-8 support does not cover."""
    return "".join(f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{[U+{ord(char):04X}]}}\n"
                   for char in sorted(set(bib)) if ord(char) > 127 and ord(char) not in PDFLATEX_UTF8)


def compile_bib(bib: str, backend: str, folder: Path, texmf_var: Path, style: str = "plain") -> Compiled:
    """Typeset every entry of ``bib`` with ``backend`` (``bibtex`` with ``style``, or ``biber``)."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    body = BODIES[backend] % style if backend == "bibtex" else BODIES[backend]
    (folder / "main.tex").write_text(PREAMBLE + stand_ins(bib) + body, encoding="utf-8")
    env = {**os.environ, "TEXMFVAR": str(texmf_var)}

    def run(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=folder, env=env, capture_output=True, timeout=180)

    latex = ("pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-file-line-error", "-recorder", "main.tex")
    run(*latex)
    tool = run(backend, "main")
    run(*latex)
    run(*latex)
    log = (folder / "main.log").read_bytes().decode("utf-8", "replace")
    blg = (folder / "main.blg").read_bytes().decode("utf-8", "replace")
    problems = [line for line in blg.splitlines() if _TOOL_PROBLEM.search(line)]
    problems += [line for line in log.splitlines() if _LATEX_PROBLEM.search(line)]
    if tool.returncode:
        problems.append(f"{backend} exited with {tool.returncode}")
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-nopgbrk", "main.pdf", "-"], cwd=folder,
                          capture_output=True, check=True).stdout.decode("utf-8")
    fls = (folder / "main.fls").read_text(encoding="utf-8", errors="replace")
    return Compiled(" ".join(text.split()), problems, log, re.findall(r"^INPUT (.*)$", fls, re.MULTILINE), folder)


@pytest.fixture(scope="session")
def texmf_var(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("texmf-var")


# -- every fixture ---------------------------------------------------------------------------------------

# (writer, backend, bibliography style): the bibtex output with BibTeX's two standard styles and with
# biber (which reads classic .bib files too), the biblatex output with biber.
CONFIGURATIONS = [("bibtex", "bibtex", "plain"), ("bibtex", "bibtex", "plainnat"), ("bibtex", "biber", ""),
                  ("biblatex", "biber", "")]
# What the typeset bibliography must show in every configuration (compared ignoring case: the BibTeX
# styles lower-case titles).
SHOWN = ["Sahar M Jaffal", "Neuroplasticity in chronic pain: insights into diagnosis and treatment",
         "Korean Journal of Pain", "89–102", "Katrin Müller", "Tomasz Wiśniewski", "Ayşe Koç Apuhan",
         "Jan van der Berg", "Frederick P. Ashworth", "OpenSurg Outcomes Collaborative", "CO2", "U.S.",
         "Influenza A", "Vitamin D", "in China", "in Brazil", "α-Helices", "Environmental Science & Technology",
         "Cash Incentives of $5", "[U+5218][U+6D0B]", "[U+738B][U+78CA]",
         # issue 14: full journal names, JATS/MathML titles, primes and Roman numerals, undated and author-less
         "Artificial Intelligence Review", "Random Structures & Algorithms", "Chaos, Solitons & Fractals",
         "μBench", "MoS2 Monolayers", "And Then There Were None . . .", "Lincoff", "Phase III Trial",
         "Stage IV Disease", "Notes on the Riemann Hypothesis (Part I)"]
# Undated entries: the bibtex output gives them year = {n.d.} (plainnat warns about an empty year); biber,
# reading that classic file, warns once for each that such a year is not a number. That is the one warning
# the bibtex-biber configuration allows (biblatex output has no year field, and no warning).
UNDATED = [item["id"] for item in FIXTURE_ITEMS if "issued" not in item]


@pytest.mark.parametrize("writer, backend, style", CONFIGURATIONS,
                         ids=[f"{writer}-{backend}{'-' + style if style else ''}"
                              for writer, backend, style in CONFIGURATIONS])
def test_every_fixture_compiles_without_a_warning(writer, backend, style, tmp_path, texmf_var):
    compiled = compile_bib(converter.write(FIXTURE_ITEMS, writer, warnings=[]), backend, tmp_path, texmf_var, style)
    if (writer, backend) == ("bibtex", "biber"):
        legacy = [line for line in compiled.problems if "legacy year field 'n.d.'" in line]
        assert len(legacy) == len(UNDATED) and all(any(f"entry '{key}'" in line for line in legacy) for key in UNDATED)
        assert [line for line in compiled.problems if line not in legacy] == []
    else:
        assert compiled.problems == []
    text = compiled.text.casefold()
    assert [shown for shown in SHOWN if shown.casefold() not in text] == []
    if style != "plainnat":  # numbered styles: every entry is typeset
        assert f"[{len(FIXTURE_ITEMS)}]" in compiled.text and f"[{len(FIXTURE_ITEMS) + 1}]" not in compiled.text
    if (writer, style) == ("bibtex", "plain"):  # plain lower-cases titles except what is braced
        assert "in China, 2005-2020" in compiled.text and "in Brazil" in compiled.text
        assert "surveillance of influenza A subtypes" in compiled.text and "April 2025" in compiled.text
    if backend == "biber" or style == "plainnat":
        assert "10.3344/kjp.24393" in compiled.text


def test_the_biblatex_output_needs_no_character_the_bibtex_output_could_write_as_latex():
    """Primes, Roman numerals, Greek and letter-like symbols get a macro or an ASCII form in both outputs: only
    what no macro expresses (CJK) reaches pdfLaTeX as UTF-8 it cannot set."""
    def unset(bib: str) -> set[str]:
        return {char for char in bib if ord(char) > 127 and ord(char) not in PDFLATEX_UTF8}
    biblatex, bibtex = (converter.write(FIXTURE_ITEMS, to, warnings=[]) for to in ("biblatex", "bibtex"))
    assert unset(biblatex) <= unset(bibtex)
    assert not {"′", "ʹ", "″", "Ⅱ", "Ⅲ", "Ⅳ", "ℏ", "Ω", "Η", "ο", "έ"} & (unset(biblatex) | unset(bibtex))


def test_an_undated_authorless_entry_with_a_parenthesis_and_a_long_greek_title_compiles(tmp_path, texmf_var):
    """The cases natbib and BibTeX broke on: a key (the sort and label text) ending in ")" with no year
    ("Missing = inserted for \\ifnum"), and a title far over BibTeX's 500-character entry strings."""
    items = [item for item in FIXTURE_ITEMS if item["id"] in ("anonnotes", "anoni")]
    assert len(items) == 2 and len(items[1]["title"]) > 500
    for style in ("plain", "plainnat"):
        folder = tmp_path / style
        folder.mkdir()
        compiled = compile_bib(converter.write(items, "bibtex", warnings=[]), "bibtex", folder, texmf_var, style)
        assert compiled.problems == []
        text = compiled.text.casefold()  # plain lower-cases titles
        assert "notes on the riemann hypothesis (part i)" in text and text.count("n.d.") == 2
        # plain numbers the entries; plainnat prints the key in the author's place, then the title
        assert ("[2]" in text) if style == "plain" else (text.count("riemann hypothesis (part i)") == 2)


# -- the injection probe -------------------------------------------------------------------------------------

EVIL = r"Evil \input{/etc/passwd} \write18{touch pwned} 100% & $x$ #1 _a_ ~ ^"


@pytest.mark.parametrize("writer, backend", [("bibtex", "bibtex"), ("biblatex", "biber")])
def test_a_hostile_title_prints_literally_reads_no_file_and_runs_nothing(writer, backend, tmp_path, texmf_var):
    record = {"id": "evil", "type": "article-journal", "title": EVIL, "container-title": EVIL,
              "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2024]]}}
    compiled = compile_bib(converter.write([record], writer, warnings=[]), backend, tmp_path, texmf_var)
    assert compiled.problems == []
    assert compiled.text.count(EVIL) == 2  # the title and the journal, character for character
    assert [name for name in compiled.files_read if "passwd" in name] == []
    # TeX logs "runsystem(...)" for every \write18 it meets, even when shell escape is off: none was met.
    assert "runsystem" not in compiled.log
    assert list(tmp_path.rglob("pwned")) == []


# -- the character table ---------------------------------------------------------------------------------------


def probe_items() -> list[dict]:
    """Every letter, number, punctuation mark and symbol of the blocks pylatexenc is used for, in titles."""
    chars = [chr(code) for low, high in PYLATEXENC_BLOCKS for code in range(low, high + 1)
             if unicodedata.category(chr(code))[0] in "LNPS"]
    return [{"id": f"probe{index}", "type": "article-journal", "title": "Probe " + " ".join(chars[start:start + 60]),
             "author": [{"family": "Doe", "given": "Jane"}], "container-title": "J", "issued": {"date-parts": [[2020]]}}
            for index, start in enumerate(range(0, len(chars), 60))]


@pytest.mark.parametrize("writer, backend", [("bibtex", "bibtex"), ("biblatex", "biber")])
def test_every_character_of_the_latex_table_compiles(writer, backend, tmp_path, texmf_var):
    items = probe_items()
    compiled = compile_bib(converter.write(items, writer, warnings=[]), backend, tmp_path, texmf_var)
    assert compiled.problems == []
    assert f"[{len(items)}]" in compiled.text
    # Latin-1 letters come back from the PDF as themselves (T1 has them; cmap maps them).
    latin1 = [chr(code) for code in range(0xC0, 0x100) if chr(code).isalpha()]
    assert [char for char in latin1 if char not in compiled.text] == []


def test_the_pdflatex_utf8_table_claims_no_character_latex_does_not_declare():
    declared = set()
    for name in ("utf8enc.dfu", "t1enc.dfu", "ts1enc.dfu"):
        path = subprocess.run(["kpsewhich", name], capture_output=True, check=True).stdout.decode().strip()
        declared.update(int(code, 16) for code in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-F]+)\}",
                                                             Path(path).read_text(encoding="latin-1")))
    assert sorted(PDFLATEX_UTF8 - declared) == []
