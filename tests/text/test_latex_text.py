"""LaTeX in .bib values to Unicode and CSL rich text (converter/text/latex_text.py)."""
import pytest

from converter.text.latex_text import latex_to_rich, latex_to_text


@pytest.mark.parametrize("latex", [r'M\"uller', r'M\"{u}ller', r'M{\"u}ller', r'M{\"{u}}ller', "Müller"])
def test_accents_in_every_spelling(latex):
    assert latex_to_text(latex) == "Müller"


@pytest.mark.parametrize("latex, text", [
    (r"Garc{\'\i}a", "García"), (r"Fran\c{c}ois", "François"), (r"{\v{S}}koda", "Škoda"), (r"Bego\~{n}a", "Begoña"),
    (r"Ragnhei{\dh}ur", "Ragnheiður"), (r"Stra{\ss}e", "Straße"), (r"{\o}re", "øre"), (r"\AA{}ngstr\"om", "Ångström"),
    (r"Pr{\'{e}}cis", "Précis"), (r"Erd\H{o}s", "Erdős"), (r"\L{}\'od\'z", "Łódź"),
])
def test_letters(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize("latex, text", [
    (r"A \& B", "A & B"), ("1--2", "1–2"), ("yes---no", "yes—no"), ("a~b", "a\u00a0b"), ("``quoted''", "“quoted”"),
    (r"50\%", "50%"), (r"\$5", "$5"), (r"p \textless{} 0.05", "p < 0.05"), (r"\textbraceleft x\textbraceright", "{x}"),
    ("two\n   lines", "two lines"), (r"see \url{https://a.org/x_y}", "see https://a.org/x_y"), ("100% sure", "100% sure"),
    (r"$\alpha$-helix", "α-helix"), (r"\unknowncommand{kept}", "kept"),
])
def test_punctuation_commands_and_whitespace(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize("latex, rich", [
    (r"The {DNA} of \textit{E. coli}", 'The <span class="nocase">DNA</span> of <i>E. coli</i>'),
    (r"{\em In vivo} and {\bf bold} and \emph{x}", "<i>In vivo</i> and <b>bold</b> and <i>x</i>"),
    (r"CO\textsubscript{2} and 10\textsuperscript{4}", "CO<sub>2</sub> and 10<sup>4</sup>"),
    (r"H$_2$O", "H<sub>2</sub>O"),
    (r"\textsc{Quick}sort", '<span style="font-variant:small-caps;">Quick</span>sort'),
    ("{{Whole Title}}", '<span class="nocase">Whole Title</span>'),
    (r"{\"U}ber {PM}", 'Über <span class="nocase">PM</span>'),
    ("Plain title", "Plain title"),
])
def test_rich_text(latex, rich):
    assert latex_to_rich(latex) == rich


def test_plain_text_drops_the_markup():
    assert latex_to_text(r"The {DNA} of \textit{E. coli}, H$_2$O") == "The DNA of E. coli, H2O"


@pytest.mark.parametrize("latex", ["{unbalanced", "unbalanced}", r"\textit{", "$x", "\\"])
def test_broken_latex_gives_text_not_an_exception(latex):
    assert isinstance(latex_to_rich(latex), str) and isinstance(latex_to_text(latex), str)
