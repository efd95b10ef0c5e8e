"""Text to LaTeX for .bib fields: the special characters escaped, Unicode to LaTeX macros.

Two encodings share one set of rules:

* ``ascii`` (classic BibTeX, 8-bit safe): every non-ASCII character becomes a braced LaTeX macro
  (``ü`` → ``{\\"u}``), from pylatexenc's table with the fixes in :data:`OVERRIDES` and :data:`REWRITES`,
  else from the character's decomposition into a letter and accents (``ǎ`` → ``{\\v{a}}``). A character
  no macro expresses (CJK, emoji, ``Ħ``, …) is kept as UTF-8 for the caller to report, never dropped.
* ``utf8`` (BibLaTeX): non-ASCII text stays UTF-8, except characters that pdfLaTeX's own UTF-8 support
  does not declare (:data:`PDFLATEX_UTF8`): those get the same macro as in ``ascii`` (math such as
  ``\\ensuremath{\\alpha}``, a prime ``{'}``, a Greek ``ό`` as ``{\\'{o}}``, which biber turns into a
  character pdfLaTeX sets), so pdfLaTeX and the Unicode engines can both typeset the file.

In both, a character with no macro but a plain ASCII compatibility form (Roman numerals ``Ⅱ``, ``ⅰ``) is
written in that form.

Both escape the characters LaTeX would read as markup (``\\ { } & % $ # _ ~ ^ < > |``), so a backslash
in the data can never reach LaTeX as a command; turn whitespace runs (newlines included) into one space;
and remove control and invisible formatting characters. Each character is worked out once and cached.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latexencode import UnicodeToLatexEncoder

# Characters that are markup in LaTeX (or print wrongly in OT1) and what prints them. Braces become text
# macros, not ``\\{``: BibTeX and biber count every brace, escaped or not, so ``\\{`` alone would unbalance
# the field.
SPECIALS: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

# Where pylatexenc 2.11 is wrong (a different letter, a misplaced accent), needs a package the standard
# styles do not load, or has nothing; None: no macro expresses the character.
OVERRIDES: dict[str, str | None] = {
    "\u00b8": r"{\c{ }}",  # cedilla
    "\u0126": None, "\u0127": None,  # Ħ ħ: pylatexenc gives H with a macron
    "\u0138": None,  # ĸ: pylatexenc gives a small-caps k
    "\u013f": r"{L\textperiodcentered}", "\u0140": r"{l\textperiodcentered}",  # Ŀ ŀ: not a dot above
    "\u0149": r"{'n}",  # ŉ: pylatexenc gives an undefined \nument
    "\u0166": None, "\u0167": None,  # Ŧ ŧ: pylatexenc gives T with a macron
    "\u0170": r"{\H{U}}", "\u0171": r"{\H{u}}",  # Ű ű: pylatexenc gives an acute
    "\u0218": r"{\textcommabelow{S}}", "\u0219": r"{\textcommabelow{s}}",  # Ș ș
    "\u021a": r"{\textcommabelow{T}}", "\u021b": r"{\textcommabelow{t}}",  # Ț ț
    "\u0390": r"{\ensuremath{\acute{\ddot{\iota}}}}",  # ΐ: pylatexenc leaves these math commands in text mode
    "\u03d2": r"{\ensuremath{\Upsilon}}",  # ϒ: likewise
    "\u03ad": r"{\ensuremath{\acute\varepsilon}}",  # έ: pylatexenc gives the lunate \epsilon (ϵ), unlike ε
    "\u1e9e": r"{\SS}",  # ẞ
    "\u2011": "-",  # non-breaking hyphen: pylatexenc gives \nobreakdash-, which needs amsmath
    "\u02b9": "{'}", "\u02ba": "{''}",  # ʹ ʺ modifier-letter primes (transliteration), as the primes ′ ″
}
# The Unicode blocks pylatexenc is used for (the compile test typesets every character of them); outside
# them only a letter with accents (:func:`_accented`) has a macro.
PYLATEXENC_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x22FF),  # punctuation, super- and subscripts, currency, letterlike, number forms, arrows, math
)
# Commands pylatexenc 2.11 writes for those blocks that a plain LaTeX document (article, T1) does not
# define (latexsym, amssymb, tipa, xfrac, pylatexenc's own). A macro using one of them is not used.
NOT_IN_LATEX = frozenset("""
Bumpeq Cap Cup DownArrowUpArrow Lleftarrow Lsh Rrightarrow Rsh Subset Supset VDash Vdash Vvdash allequal
approxeq approxnotequal arrowwaveleft arrowwaveright backepsilon backprime backsim backsimeq because beth
between blacksquare boxdot boxminus boxplus boxtimes bumpeq circeq circlearrowleft circlearrowright circledast
circledcirc circleddash clwintegral complement curlyeqprec curlyeqsucc curlyvee curlywedge curvearrowleft
curvearrowright daleth dblarrowupdown divideontimes doteqdot dotplus downdownarrows downharpoonleft
downharpoonright eqcirc estimates fallingdotseq forcesextra geqq gimel gneqq gnsim gtrdot gtreqless gtrless
gtrsim hermitconjmatrix homothetic iiint iint image intercal lazysinv leftarrowtail leftleftarrows
leftrightarrows leftrightharpoons leftrightsquigarrow leftthreetimes leqq lessdot lesseqgtr lessgtr lesssim
lneqq lnsim looparrowleft looparrowright ltimes mathbb mathfrak mathscr measuredangle multimap nLeftarrow
nLeftrightarrow nRightarrow nVDash nVdash nexists ngeq ngtr nleftarrow nleftrightarrow nleq nless nmid
nobreakdash notgreaterless notlessgreater nparallel nprec nrightarrow nsubseteq nsucc nsupseteq ntriangleleft
ntrianglelefteq ntriangleright ntrianglerighteq nument nvDash nvdash original pitchfork precedesnotsimilar
precsim rightangle rightanglearc rightarrowtail rightleftarrows rightrightarrows rightsquigarrow
rightthreetimes risingdotseq rtimes smallsetminus sphericalangle sqsubset sqsupset starequal subsetneq succnsim succsim
supsetneq surfintegral texthvlig textnrleg therefore tildetrpl trianglelefteq triangleq
trianglerighteq truestate twoheadleftarrow twoheadrightarrow udots upharpoonleft upharpoonright upuparrows
varkappa varnothing vartriangleleft vartriangleright veebar verymuchgreater verymuchless volintegral
""".split())
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# Rewrites of pylatexenc output: (pattern, replacement).
REWRITES: tuple[tuple[re.Pattern, str], ...] = (
    # ⅓: \textfrac needs xfrac.
    (re.compile(r"\\textfrac\{(\w+)\}\{(\w+)\}"), r"\\ensuremath{\\frac{\1}{\2}}"),
    # í as {\'i}, not {\'\i}: T1 has the accented i itself, and biber reads {\'\i} as a dotless ı with a
    # combining accent, which pdfLaTeX rejects.
    (re.compile(r"\\([`'^\"~=.uvHckrdb])(?:\{\\([ij])\}|\\([ij])(?![A-Za-z]))"), r"\\\1{\2\3}"),
)
# The characters pdfLaTeX typesets from UTF-8 with the T1 and TS1 font encodings: what TeX Live 2022's
# utf8enc.dfu, t1enc.dfu and ts1enc.dfu declare from U+00A0 up (the Cyrillic ones need T2A as well).
PDFLATEX_UTF8 = frozenset(code for span in """
00A0-0125 0128-0137 0139-013E 0141-0148 014A-0165 0168-017E 0192 01C4-01D4 01E2-01E3 01E6-01EB 01F0 01F4-01F5
0218-021B 0232-0233 0237 02C6-02C7 02D8-02D9 02DB-02DD 0400-045F 0462-0463 046A-046B 0472-0477 048C-04C8
04CB-04CE 04D0-04E9 04EC-04FF 0E3F 1E02-1E03 1E0D 1E1E-1E21 1E25 1E30-1E31 1E37 1E43 1E45 1E47 1E5B 1E63 1E6D
1E8E-1E91 1E9E 1EF2-1EF3 200C 2010-2016 2018-201A 201C-201E 2020-2022 2026 2030-2031 2039-203B 203D 2044 204E
2052 20A1 20A4 20A6 20A9 20AB-20AC 20B1 2103 2116-2117 211E 2120 2122 2126-2127 212E 2190-2193 2329-232A
2422-2423 25E6 25EF 266A 27E8-27E9 3008-3009 FB00-FB06 FEFF
""".split() for code in range(int(span[:4], 16), int(span[-4:], 16) + 1))

# Combining accents (after NFD) and the LaTeX accent command for each.
ACCENTS: dict[str, str] = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u", "\u0307": ".",
    "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k",
    "\u0331": "b",
}

REMOVED = ""  # what a control or invisible formatting character becomes
# Whitespace runs other than (narrow) no-break spaces, which the table keeps or turns into a tie.
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")
_ANY_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _pylatexenc() -> UnicodeToLatexEncoder:
    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", unknown_char_warning=False)


def _accented(char: str) -> str | None:
    """``ǎ`` → ``{\\v{a}}`` from the canonical decomposition, when every accent has a LaTeX command."""
    base, *marks = list(unicodedata.normalize("NFD", char))
    if not marks or not base.isascii() or not base.isalpha() or any(mark not in ACCENTS for mark in marks):
        return None
    latex = base
    for mark in marks:
        latex = f"\\{ACCENTS[mark]}{{{latex}}}"
    return "{" + latex + "}"


def _macro(char: str) -> str | None:
    """The LaTeX for one non-ASCII character, or ``None`` when LaTeX has no macro for it."""
    if char in OVERRIDES:
        return OVERRIDES[char]
    if unicodedata.combining(char):  # an accent left over after NFC: no base letter to put it on
        return None
    if not any(low <= ord(char) <= high for low, high in PYLATEXENC_BLOCKS):
        return _accented(char)
    latex = _pylatexenc().unicode_to_latex(char)
    if latex == char:
        return _accented(char)
    for pattern, replacement in REWRITES:
        latex = pattern.sub(replacement, latex)
    return None if NOT_IN_LATEX.intersection(_COMMAND.findall(latex)) else latex


def _compatibility(char: str) -> str | None:
    """The ASCII compatibility form of a character with no macro (``Ⅱ`` → ``II``, ``ⅰ`` → ``i``), when its
    Unicode compatibility decomposition is plain ASCII letters and digits."""
    form = unicodedata.normalize("NFKC", char)
    return form if form != char and form.isascii() and form.isalnum() else None


def _hidden(char: str) -> bool:
    """A control or invisible formatting character (removed), other than whitespace."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and not char.isspace()


def _non_ascii(char: str, ascii_only: bool) -> str:
    """One non-ASCII character in the ``ascii`` or the ``utf8`` encoding."""
    if char.isspace():
        if char in "\u00a0\u202f":
            return "~" if ascii_only else char
        return " "
    if _hidden(char):
        return REMOVED
    if not ascii_only and ord(char) in PDFLATEX_UTF8:
        return char
    latex = _macro(char) or _compatibility(char)
    if latex is None or not (ascii_only or _survives_biber(latex)):
        return char
    return latex


_ACCENT_MACRO = re.compile(r"\{\\([`'^\"~=.uvHckrdb])\{([A-Za-z])\}\}")
_COMBINING = {command: mark for mark, command in ACCENTS.items()}
_SPACING_ACCENT_MACRO = re.compile(r"\{\\[`'^\"~=.uvHckrdb]\{\}[A-Za-z]\}")


def _survives_biber(latex: str) -> bool:
    """Whether a macro still gives pdfLaTeX something it sets after biber has decoded it: math (biber keeps
    it), plain ASCII (``{'}``, ``{H}``), or an accent on a letter whose accented form pdfLaTeX has (``ό``
    → ``{\\'{o}}`` → ``ó``; but ``{\\.{r}}`` would come back as ``ṙ``, which it has not)."""
    if latex.startswith("{\\ensuremath"):
        return True
    if latex.isascii() and "\\" not in latex:
        return True
    if _SPACING_ACCENT_MACRO.fullmatch(latex):  # Έ as {\\'{}E}: a spacing accent and a letter
        return True
    accent = _ACCENT_MACRO.fullmatch(latex)
    if accent is None:
        return False
    composed = unicodedata.normalize("NFC", accent.group(2) + _COMBINING[accent.group(1)])
    return len(composed) == 1 and ord(composed) in PDFLATEX_UTF8


class _Table(dict):
    """A ``str.translate`` table that works out each character on first use."""

    def __init__(self, ascii_only: bool) -> None:
        super().__init__({code: SPECIALS.get(chr(code), code) for code in range(32, 127)})
        self.update({code: REMOVED for code in (*range(32), 127)})
        self.update({ord(char): " " for char in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"})
        self.ascii_only = ascii_only

    def __missing__(self, code: int) -> str:
        value = self[code] = _non_ascii(chr(code), self.ascii_only)
        return value


_TABLES = {True: _Table(True), False: _Table(False)}
# Runs of what the tables change (specials, controls, non-ASCII): any character but plain printable ASCII.
_WORK = re.compile("[^" + re.escape("".join(chr(code) for code in range(32, 127) if chr(code) not in SPECIALS))
                   + "]+")
# Below this length translating the whole text is faster than finding the runs to translate first.
_TRANSLATE_WHOLE = 256
_BRACE_FREE_SPECIALS = tuple((char, latex) for char, latex in SPECIALS.items() if char not in "\\{}")


def normalize(text: str) -> str:
    """Whitespace runs (line breaks included, no-break spaces kept) to one space, ends trimmed, NFC."""
    if not text.isprintable() or "  " in text:
        text = _WHITESPACE.sub(" ", text)
    text = text.strip()
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def has_hidden(text: str) -> bool:
    """Whether ``text`` holds control or invisible formatting characters, which :func:`latex` removes: what
    is not printable once every whitespace character is gone (whitespace is all that is not printable but
    not hidden)."""
    return not text.isprintable() and not _ANY_WHITESPACE.sub("", text).isprintable()


def latex(text: str, ascii_only: bool) -> str:
    """Normalized ``text`` as LaTeX: specials escaped, non-ASCII encoded (see the module docstring)."""
    if text.isascii() and text.isprintable():
        return _printable_ascii_latex(text, ascii_only)
    return _translated(text, ascii_only)


def _printable_ascii_latex(text: str, ascii_only: bool) -> str:
    """:func:`latex` of printable ASCII text."""
    if "\\" not in text and "{" not in text and "}" not in text:
        # The common case, in C: no replacement below brings in a character a later one replaces.
        for char, replacement in _BRACE_FREE_SPECIALS:
            if char in text:
                text = text.replace(char, replacement)
        return text
    return _translated(text, ascii_only)


def _translated(text: str, ascii_only: bool) -> str:
    table = _TABLES[ascii_only]
    if len(text) < _TRANSLATE_WHOLE:
        return text.translate(table)
    return _WORK.sub(lambda run: run.group().translate(table), text)


def encode(text: str, ascii_only: bool) -> str:
    """``text`` for a braced .bib field: :func:`normalize`, then :func:`latex`."""
    if text[:1] != " " and text[-1:] != " " and text.isascii() and "  " not in text and text.isprintable():
        return _printable_ascii_latex(text, ascii_only)  # spaced as normalize() leaves it: the common case
    return latex(normalize(text), ascii_only)


def kept_characters(value: str) -> str:
    """The non-ASCII characters of an encoded value, each once (what the ascii encoding could not express)."""
    return "" if value.isascii() else "".join(dict.fromkeys(char for char in value if not char.isascii()))
