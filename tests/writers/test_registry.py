"""The writer registry: the styled writers (citeproc-py and the fix layer) load only when asked for."""
import subprocess
import sys

import converter
from converter.writers import writer_names


def _imports_after(code: str) -> set[str]:
    """The top-level modules loaded in a fresh interpreter after running ``code``."""
    script = f"import sys\n{code}\nprint(' '.join(sorted({{name.split('.')[0] for name in sys.modules}})))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_a_bibtex_batch_does_not_import_citeproc(tmp_path):
    source = tmp_path / "one.json"
    source.write_text('{"paperId": "' + "a" * 40 + '", "title": "T", "year": 2020}', encoding="utf-8")
    loaded = _imports_after(f"import converter\nconverter.convert([{str(source)!r}], to='bibtex', out=None)")
    assert "converter" in loaded and "citeproc" not in loaded


def test_a_style_name_loads_the_styled_writers_on_demand():
    loaded = _imports_after("import converter\nconverter.write([], to='apa')")
    assert "citeproc" in loaded
    assert {"apa", "vancouver", "bibtex", "ris", "csl-json"} <= set(writer_names())
    assert converter.write([{"id": "x", "type": "book", "title": "A Book"}], to="apa") == "A Book. (n.d.).\n"
