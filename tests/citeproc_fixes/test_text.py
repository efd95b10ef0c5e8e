"""The text-side fixes (converter.citeproc_fixes.textcase, .flipflop, .punctuation, the layout affixes of
second-field-align) and the rich-text handling of the source: the exact output with each fix, a different
one without it (``without(name)``). The expected outputs are those of the CSL processor test-suite
(citeproc-js) for the same case."""
from __future__ import annotations

import hashlib

import converter
from converter import citeproc_fixes
from converter.citeproc_fixes.flipflop import flip_flop
from converter.citeproc_fixes.source import smart_quotes

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout {citation_layout}>{citation}</layout></citation>
  <bibliography {bibliography_options}><layout {layout}>{bibliography}</layout></bibliography>
</style>
"""


def render(tmp_path, items, bibliography='<text variable="title"/>', layout="", citation='<text variable="title"/>',
           citation_layout="", bibliography_options="", format="text", cite=False):
    text = STYLE.format(bibliography=bibliography, layout=layout, citation=citation, citation_layout=citation_layout,
                        bibliography_options=bibliography_options)
    path = tmp_path / f"test-{hashlib.sha1(text.encode()).hexdigest()[:12]}.csl"  # styles are cached by path
    path.write_text(text, encoding="utf-8")
    return converter.write(items, to=str(path), format=format, cite=cite)


def book(title, id="a", **fields):
    return {"id": id, "type": "book", "title": title, **fields}


def test_title_case_capitalises_words_of_two_word_stop_phrases(tmp_path):
    # citeproc-js tests one word at a time, so its two-word stop phrases never apply (citeproc-js 2.4.63)
    items = [book("tools such as chatgpt due to rain and up to now")]
    assert render(tmp_path, items, '<text variable="title" text-case="title"/>') == \
        "Tools Such as Chatgpt Due to Rain and up to Now\n"


def test_title_case_follows_csl(tmp_path):
    items = [book("relationship of core self-evaluation traits—self-esteem and stability—with out-of-fashion "
                  "pro-environmental <span class=\"nocase\">iPod</span> use: a meta-analysis of β-carotine, "
                  "cat/mouse and 07-x according to john von doe for")]
    args = (tmp_path, items, '<text variable="title" text-case="title"/>')
    assert render(*args) == ("Relationship of Core Self-Evaluation Traits—Self-Esteem and Stability—with "
                             "Out-of-Fashion Pro-Environmental iPod Use: A Meta-Analysis of β-Carotine, Cat/Mouse "
                             "and 07-x According to John von Doe For\n")  # citeproc-js: "According to" too
    with citeproc_fixes.without("text-case"):
        assert render(*args).startswith("Relationship of Core Self-evaluation Traits—self-esteem")


def test_text_case_keeps_markup_and_nocase(tmp_path):
    items = [book('This is a Pen that is a <span class="nocase">Smith</span> <sc>small caps</sc> Pencil')]
    for text_case, expected in (
            ("lowercase", 'this is a pen that is a Smith <span style="font-variant:small-caps;">small caps</span> pencil'),
            ("uppercase", 'THIS IS A PEN THAT IS A Smith <span style="font-variant:small-caps;">small caps</span> PENCIL'),
            ("sentence", 'This is a pen that is a Smith <span style="font-variant:small-caps;">small caps</span> pencil'),
            ("title", 'This Is a Pen That Is a Smith <span style="font-variant:small-caps;">small caps</span> Pencil')):
        args = (tmp_path, items, f'<text variable="title" text-case="{text_case}"/>')
        output = render(*args, format="html")
        assert output == f'<div class="csl-bib-body">\n  <div class="csl-entry">{expected}</div>\n</div>\n', text_case
        with citeproc_fixes.without("text-case"):
            assert render(*args, format="html") != output


def test_turkish_upper_case(tmp_path):
    items = [book("ic and ıd", language="tr")]
    args = (tmp_path, items, '<text variable="title" text-case="uppercase"/>')
    assert render(*args) == "İC AND ID\n"
    with citeproc_fixes.without("text-case"):
        assert render(*args) == "IC AND ID\n"


def test_smart_quotes_leave_markup_alone():
    assert smart_quotes('The <span class="nocase">"Mirror"</span>, <i>O\'Brien</i>') == \
        'The <span class="nocase">“Mirror”</span>, <i>O’Brien</i>'


def test_nested_italics_flip_flop(tmp_path):
    items = [book("My <i>amazing</i> title")]
    args = (tmp_path, items)
    options = dict(citation='<text variable="title" font-style="italic"/>', format="html", cite=True)
    assert render(*args, **options) == \
        '<span class="citation"><i>My <span style="font-style:normal;">amazing</span> title</i></span>\n'
    with citeproc_fixes.without("flip-flop"):
        assert render(*args, **options) == '<span class="citation"><i>My <i>amazing</i> title</i></span>\n'


def test_flip_flop_of_html():
    assert flip_flop('<i>Lessard <span class="nodecor">v.</span> Schmidt</i>') == \
        '<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>'
    assert flip_flop('<b>Speak, <b>friend</b></b> <span class="nodecor">x</span>') == \
        '<b>Speak, <span style="font-weight:normal;">friend</span></b> x'
    assert flip_flop('<i>One <i>Two <i>Three</i> Four</i> Five!</i>') == \
        '<i>One <span style="font-style:normal;">Two <i>Three</i> Four</span> Five!</i>'
    assert flip_flop('<span style="font-variant:small-caps;">His <span style="font-variant:small-caps;">Anon'
                     '</span> Life</span>') == ('<span style="font-variant:small-caps;">His <span style="font-variant:'
                                                'normal;">Anon</span> Life</span>')


def test_explicit_normal_font_style(tmp_path):
    items = [book("His Anonymous Life")]
    options = dict(citation='<group delimiter=" "><text variable="title" font-style="normal"/><group font-style="italic">'
                            '<text variable="title" font-style="normal"/></group></group>', format="html", cite=True)
    assert render(tmp_path, items, **options) == ('<span class="citation">His Anonymous Life <i><span style="'
                                                  'font-style:normal;">His Anonymous Life</span></i></span>\n')
    with citeproc_fixes.without("flip-flop"):
        assert render(tmp_path, items, **options) == \
            '<span class="citation">His Anonymous Life <i>His Anonymous Life</i></span>\n'


def test_no_doubled_punctuation_at_a_seam(tmp_path):
    items = [book("Why is it?", publisher="Doe Co.")]
    args = (tmp_path, items, '<text variable="title" suffix=". "/><text variable="publisher" font-weight="bold"/>')
    assert render(*args, layout='suffix="."', format="html") == \
        '<div class="csl-bib-body">\n  <div class="csl-entry">Why is it? <b>Doe Co.</b></div>\n</div>\n'
    with citeproc_fixes.without("punctuation-seam"):
        assert render(*args, layout='suffix="."', format="html") == \
            '<div class="csl-bib-body">\n  <div class="csl-entry">Why is it?. <b>Doe Co.</b>.</div>\n</div>\n'


def test_second_field_align_keeps_the_layout_suffix(tmp_path):
    items = [book("His Anonymous Life")]
    args = (tmp_path, items, '<text variable="citation-number" suffix=". "/><text variable="title"/>')
    options = dict(layout='suffix="."', bibliography_options='second-field-align="flush"', format="html")
    assert render(*args, **options) == (
        '<div class="csl-bib-body">\n  <div class="csl-entry"><div class="csl-left-margin">1.</div>'
        '<div class="csl-right-inline">His Anonymous Life.</div></div>\n</div>\n')
    with citeproc_fixes.without("second-field-align"):
        assert "1. His Anonymous Life." in render(*args, **options)


def test_smart_quotes_pair_quotes_and_apostrophes():
    assert smart_quotes("ETFA '09") == "ETFA ’09"  # no closing quote: an apostrophe
    assert smart_quotes("l'''") == "l’’’"
    # an unpaired quote still becomes typographic (citeproc-js leaves it straight; citeconv prints none)
    assert smart_quotes('Nation of "Positive Obligations " of State') == "Nation of “Positive Obligations ” of State"
    assert smart_quotes('say "hi," she said') == "say “hi,” she said"


def test_label_only_with_its_variable(tmp_path):
    items = [book("Title", page="5-9"), book("Other", id="b")]
    args = (tmp_path, items, '<text variable="title"/><label variable="page" form="short" prefix=", "/>')
    assert render(*args) == "Title, pp.\nOther\n"
    with citeproc_fixes.without("label-variable"):
        assert render(*args) == "Title, pp.\nOther, p.\n"


def test_macro_of_empty_variables_is_suppressed(tmp_path):
    style = ('<text variable="title"/><text macro="container" prefix=", "/>')
    macro = ('<macro name="container"><choose><if type="chapter"><text term="in" suffix=" "/></if></choose>'
             '<text variable="container-title"/></macro>')
    items = [book("His Anonymous Life", type="chapter")]
    text = STYLE.format(bibliography=style, layout="", citation='<text variable="title"/>', citation_layout="",
                        bibliography_options="").replace("<citation>", macro + "<citation>")
    path = tmp_path / "macro.csl"
    path.write_text(text, encoding="utf-8")
    assert converter.write(items, to=str(path)) == "His Anonymous Life\n"
    with citeproc_fixes.without("macro-suppression"):
        assert converter.write(items, to=str(path)) == "His Anonymous Life, in\n"


def test_superscript_characters_in_html(tmp_path):
    items = [book("1ʳᵉ édition™")]
    args = (tmp_path, items)
    assert render(*args, format="html") == \
        '<div class="csl-bib-body">\n  <div class="csl-entry">1<sup>r</sup><sup>e</sup> édition<sup>TM</sup></div>\n</div>\n'
    assert render(*args) == "1ʳᵉ édition™\n"
    with citeproc_fixes.without("superscript-characters"):
        assert "1ʳᵉ édition™" in render(*args, format="html")


def page_style(range_format):
    option = f' page-range-format="{range_format}"' if range_format else ""
    return STYLE.replace('class="in-text" version="1.0"', f'class="in-text" version="1.0"{option}')


def test_page_ranges(tmp_path):
    cases = {None: {"110-5": "110–5", "N110 - N5": "N110–N5", "100 - 103": "100–103"},
             "expanded": {"110-5": "110–115", "N110 - N5": "N110–N115", "N110 - 5": "N110-5", "110 - N6": "110-N6",
                          "123N110 - N5, 456K200 - 99": "123N110-N5, 456K200-99", "xxv-xxviii": "xxv–xxviii"},
             "minimal": {"n11564-n1568": "n11564–8", "n11564-1568": "n11564-1568"},
             "chicago": {"1496-1504": "1496–1504", "8n11564-8n1568": "8n11564–68", "142-145 & 235": "142–45 & 235"},
             "chicago-16": {"1496-1500": "1496–500", "11564-11615": "11564–615", "71-72": "71–72", "101-108": "101–8"}}
    for range_format, pages in cases.items():
        text = page_style(range_format).format(bibliography='<text variable="page"/>', layout="", citation_layout="",
                                                citation='<text variable="page"/>', bibliography_options="")
        path = tmp_path / f"pages-{range_format}.csl"
        path.write_text(text, encoding="utf-8")
        items = [book("T", id=f"i{n}", page=page) for n, page in enumerate(pages)]
        output = converter.write(items, to=str(path), cite=[[f"i{n}"] for n in range(len(pages))])
        assert output.splitlines() == list(pages.values()), range_format
    with citeproc_fixes.without("page-range-detection"):
        assert converter.write([book("T", page="N110 - 5")], to=str(tmp_path / "pages-expanded.csl"), cite=True) \
            != "N110-5\n"


def test_issue_range_gets_an_en_dash(tmp_path):
    items = [book("T", issue="3-4")]
    args = (tmp_path, items, '<text variable="issue"/>')
    assert render(*args) == "3–4\n"
    with citeproc_fixes.without("page-range-detection"):
        assert render(*args) == "3-4\n"


def test_date_ranges(tmp_path):
    date = ('<date variable="issued"><date-part name="day" suffix=" " range-delimiter="/"/>'
            '<date-part name="month" suffix=" "/><date-part name="year"/></date>')
    items = [book("A", id="a", issued={"date-parts": [[1999, 1, 2], [1999, 1, 4]]}),
             book("B", id="b", issued={"date-parts": [[1999, 1, 2], [1999, 3, 4]]}),
             book("C", id="c", issued={"date-parts": [[1999, 21], [1999, 22]]}),
             book("D", id="d", issued={"date-parts": [[1987], [0]]})]
    args = (tmp_path, items, date)
    assert render(*args) == "2/4 January 1999\n2 January–4 March 1999\nSpring–Summer 1999\n1987–\n"
    with citeproc_fixes.without("date-ranges"):
        assert render(*args) != "2/4 January 1999\n2 January–4 March 1999\nSpring–Summer 1999\n1987–\n"


def test_literal_dates_and_seasons(tmp_path):
    items = [book("A", id="a", issued={"date-parts": [], "literal": "(in press)"}),
             book("B", id="b", issued={"raw": "Bogus Date"}),
             book("C", id="c", issued={"raw": "2001-05"}),
             book("D", id="d", issued={"date-parts": [[1965, 13, 1]]}),
             book("E", id="e", issued={"date-parts": [[1965, 60, 1]]}),
             book("F", id="f", issued={"date-parts": [[1965]], "season": "Winter"})]
    date = '<date variable="issued"><date-part name="month" suffix=" "/><date-part name="year"/></date>'
    assert render(tmp_path, items, date) == "(in press)\nBogus Date\nMay 2001\nSpring 1965\n1965\nWinter 1965\n"


def test_punctuation_in_quote():
    from converter.citeproc_fixes.text import punctuation_in_quote
    assert punctuation_in_quote("“Title”, 2019") == "“Title,” 2019"
    assert punctuation_in_quote("“This is ‘The One’.”") == "“This is ‘The One.’”"
    assert punctuation_in_quote("<i>“Book A”</i>. 1900.") == "<i>“Book A.”</i> 1900."
    assert punctuation_in_quote("“Article A?”. Journal") == "“Article A?” Journal"
    assert punctuation_in_quote("the patients’. Next") == "the patients’. Next"


def test_group_keeps_a_macro_of_terms(tmp_path):
    macro = ('<macro name="year-date"><choose><if variable="issued"><date variable="issued"><date-part name="year"/>'
             '</date></if><else><text term="no date" form="short"/></else></choose></macro>')
    text = STYLE.format(bibliography='<text variable="title"/><group delimiter=";" prefix=" "><text macro="year-date"/>'
                                     '<text variable="volume"/></group>', layout="", citation='<text variable="title"/>',
                        citation_layout="", bibliography_options="").replace("<citation>", macro + "<citation>")
    path = tmp_path / "group.csl"
    path.write_text(text, encoding="utf-8")
    assert converter.write([book("Title")], to=str(path)) == "Title n.d.\n"


def test_second_field_align_right_column_has_no_trailing_space(tmp_path):
    from citeproc.formatter import html

    from converter.writers.styled import render_entries
    text = STYLE.format(bibliography='<text variable="citation-number" suffix=". "/><text variable="title" suffix=". "/>',
                        layout="", citation='<text variable="title"/>', citation_layout="",
                        bibliography_options='second-field-align="flush"')
    path = tmp_path / "second-field.csl"
    path.write_text(text, encoding="utf-8")
    entries, numbered, _ = render_entries([book("His Anonymous Life")], str(path), html)
    assert numbered and (entries[0].first, entries[0].rest) == ("1. ", "His Anonymous Life.")


def test_substitute_prints_a_name_variable_once(tmp_path):
    macro = ('<macro name="editor"><names variable="editor"><name/><label prefix=" " form="short"/></names>'
             '<names variable="editor"><name/><label prefix=" "/></names></macro>')
    text = STYLE.format(bibliography='<group delimiter=". "><names variable="translator"><name/><substitute>'
                                     '<text macro="editor"/></substitute></names><text variable="title"/></group>',
                        layout="", citation='<text variable="title"/>', citation_layout="",
                        bibliography_options="").replace("<citation>", macro + "<citation>")
    path = tmp_path / "substitute.csl"
    path.write_text(text, encoding="utf-8")
    items = [book("The Title", editor=[{"family": "Doe", "given": "John"}])]
    assert converter.write(items, to=str(path)) == "John Doe ed. The Title\n"
    with citeproc_fixes.without("substitute-suppression"):
        assert converter.write(items, to=str(path)) == "John Doe ed.John Doe editor. The Title\n"


def test_an_empty_term_substitutes(tmp_path):
    text = STYLE.format(bibliography='<text value="Content:"/><names variable="translator" prefix=" "><substitute>'
                                     '<text term="editor"/><text term="author"/></substitute></names>',
                        layout="", citation='<text variable="title"/>', citation_layout="", bibliography_options="")
    text = text.replace("<citation>", '<locale><terms><term name="editor"></term><term name="author">Author</term>'
                                      '</terms></locale><citation>')
    path = tmp_path / "term.csl"
    path.write_text(text, encoding="utf-8")
    assert converter.write([book("T")], to=str(path)) == "Content:\n"
    with citeproc_fixes.without("substitute-suppression"):
        assert converter.write([book("T")], to=str(path)) == "Content: Author\n"


def test_zotero_short_forms(tmp_path):
    items = [book("An Article", **{"container-title": "American Law Journal", "journalAbbreviation": "Am. L.J.",
                                   "shortTitle": "Article"})]
    args = (tmp_path, items, '<text variable="container-title" form="short"/><text variable="title" form="short" prefix=", "/>')
    assert render(*args) == "Am. L.J., Article\n"


def test_nodecor_keeps_case_and_undoes_small_caps(tmp_path):
    items = [book('Lessard <span class="nodecor">v.</span> Schmidt')]
    args = (tmp_path, items, '<text variable="title" font-variant="small-caps" text-case="uppercase"/>')
    assert render(*args, format="html") == (
        '<div class="csl-bib-body">\n  <div class="csl-entry"><span style="font-variant:small-caps;">LESSARD '
        '<span style="font-variant:normal;">v.</span> SCHMIDT</span></div>\n</div>\n')


def test_exclamation_replaces_a_colon_at_a_seam(tmp_path):
    items = [book("Colon")]
    args = (tmp_path, items, '<group><text variable="title" suffix=":"/><text value="wow" prefix="! "/></group>')
    assert render(*args) == "Colon! wow\n"
    with citeproc_fixes.without("punctuation-seam"):
        assert render(*args) == "Colon:! wow\n"


def test_escaped_hyphen_in_a_locator_is_one_page():
    import io

    from citeproc import Citation
    from citeproc.formatter import plain

    from converter.citeproc_fixes.source import prepare
    text = STYLE.format(bibliography='<text variable="title"/>', layout="", citation_layout="", bibliography_options="",
                        citation='<group delimiter=" "><label variable="locator"/><text variable="locator"/></group>')

    def cite(locator):
        engine = citeproc_fixes.current()
        style = engine.style(io.BytesIO(text.encode()))
        bibliography = engine.Bibliography(style, engine.source(prepare([book("T")]), plain), plain)
        citation = Citation([engine.CitationItem("a", locator=engine.Locator("page", locator))])
        bibliography.register(citation)
        return str(bibliography.cite(citation, lambda item: None))

    assert (cite("327\\-30"), cite("427-30")) == ("page 327-30", "pages 427–30")
    with citeproc_fixes.without("label-number-of"):
        assert cite("327\\-30") == "pages 327-30"


def test_term_forms_fall_back(tmp_path):
    # CSL: a missing verb-short form is the verb form (citeproc-js: bugreports_ByBy of the test-suite)
    items = [book("T", **{"reviewed-author": [{"family": "Burtle", "given": "Beaver"}]})]
    names = '<names variable="reviewed-author"><label form="verb-short" suffix=" "/><name/></names>'
    assert render(tmp_path, items, names) == "by Beaver Burtle\n"
    with citeproc_fixes.without("term-forms"):
        assert render(tmp_path, items, names) == "Beaver Burtle\n"


def test_display_divs_in_html(tmp_path):
    # the test-suite's display_AuthorAsHeading and bugreports_SmallCapsEscape: the layout suffix inside the
    # last div; text output has no divs
    items = [book("Here", author=[{"family": "Aalto", "given": "Alan"}])]
    body = ('<group display="block"><names variable="author"><name name-as-sort-order="all"/></names></group>'
            '<text variable="title" display="right-inline"/>')
    expected = '<div class="csl-block">Aalto, Alan</div><div class="csl-right-inline">Here.</div>'
    assert expected in render(tmp_path, items, body, layout='suffix="."', format="html")
    assert render(tmp_path, items, body, layout='suffix="."') == "Aalto, AlanHere.\n"
    with citeproc_fixes.without("display"):
        assert expected not in render(tmp_path, items, body, layout='suffix="."', format="html")


def test_note_fields_blank_terms_glued_particles_and_cjk_et_al(tmp_path):
    # the test-suite's variables_ContainerTitleShort2, label_EditorTranslator1, sort_LeadingApostropheOnName-
    # Particle and name_EtAlWithCombined (citeproc-js)
    from converter.citeproc_fixes.source import with_note_fields
    item = {"type": "book", "note": "container-title: Container: a title\nevent-date: 2004-10-01/2004-10-14\n"
            "reviewed-author: Hall || W.C.\nLater text\ntitle: not read"}
    assert with_note_fields(item) == {"type": "book", "container-title": "Container: a title",
                                      "event-date": {"date-parts": [[2004, 10, 1], [2004, 10, 14]]},
                                      "reviewed-author": [{"family": "Hall", "given": "W.C."}],
                                      "note": "Later text\ntitle: not read"}
    assert with_note_fields({"title": "Kept", "note": "title: Other"}) == {"title": "Kept", "note": "title: Other"}
    names = '<names variable="author"><name name-as-sort-order="all" initialize-with=" "/></names>'
    glued = [book("T", author=[{"family": "d'Wander", "given": "William"}])]
    demoted = STYLE.replace('class="in-text"', 'class="in-text" demote-non-dropping-particle="never"')
    path = tmp_path / "never.csl"
    path.write_text(demoted.format(bibliography=names, layout="", citation="", citation_layout="",
                                   bibliography_options=""), encoding="utf-8")
    assert converter.write(glued, to=str(path)) == "d’Wander, W\n"
    with citeproc_fixes.without("name-parts"):
        assert converter.write(glued, to=str(path)) == "d’ Wander, W\n"
    terms = '<text term="note" suffix="."/><text variable="title"/>'
    blank = STYLE.replace("<citation>", '<locale><terms><term name="note">\n      </term></terms></locale><citation>')
    path = tmp_path / "blank.csl"
    path.write_text(blank.format(bibliography=terms, layout="", citation="", citation_layout="",
                                 bibliography_options=""), encoding="utf-8")
    assert converter.write([book("T")], to=str(path)) == "T\n"
    with citeproc_fixes.without("blank-terms"):
        assert converter.write([book("T")], to=str(path)) != "T\n"
    cjk = STYLE.replace("<citation>", '<locale><terms><term name="et-al">等</term></terms></locale><citation>')
    path = tmp_path / "cjk.csl"
    body = '<names variable="author"><name et-al-min="2" et-al-use-first="1"/></names>'
    path.write_text(cjk.format(bibliography=body, layout="", citation="", citation_layout="", bibliography_options=""),
                    encoding="utf-8")
    two = [book("T", author=[{"family": "Zither", "given": "Ziggy"}, {"family": "Yoda", "given": "Yossarian"}])]
    assert converter.write(two, to=str(path)) == "Ziggy Zither等\n"
    with citeproc_fixes.without("cjk-et-al"):
        assert converter.write(two, to=str(path)) == "Ziggy Zither 等\n"
