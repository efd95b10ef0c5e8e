"""The engine is ours to live in: citeproc-py is left exactly as it is (another user of it in the same
process sees no fix, before or after citeconv renders), the fix layer has no import cycle and does not
import its own package, and where fixes replace one method their order is written down."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from converter import citeproc_fixes

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "converter" / "citeproc_fixes"

# Renders with citeproc-py alone, then with citeconv (three styles, text and html, cites too), then with
# citeproc-py alone again; prints what citeproc-py printed each time, whether any attribute of its modules
# and classes changed, and the classes its own parser gave the elements of a style.
PROBE = r'''
import io, json, sys, types
import citeproc, citeproc.frontend, citeproc.model, citeproc.source, citeproc.source.json, citeproc.string
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

MODULES = [citeproc, citeproc.frontend, citeproc.model, citeproc.source, citeproc.source.json, citeproc.string]
ITEMS = [{"id": "a", "type": "article-journal", "title": "Why? A study", "author": [{"family": "van Gogh",
          "given": "Vincent"}, {"family": "Roe", "given": "Ji-ho"}], "editor-translator": [{"family": "Poe"}],
          "container-title": "Journal", "page": "1-10", "issued": {"date-parts": [[2020, 4, 1]]}},
         {"id": "b", "type": "book", "title": "arXiv notes", "author": [{"family": "Smith", "given": "A"}],
          "issued": {"date-parts": [[2020]]}}]

def snapshot():
    seen = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if name == "__warningregistry__":  # Python's record of warnings shown
                continue
            seen[f"{module.__name__}.{name}"] = (id(value), repr(value) if isinstance(value, (list, dict, set, tuple)) else "")
            if isinstance(value, type) and value.__module__.startswith("citeproc"):
                for attribute, member in vars(value).items():
                    seen[f"{module.__name__}.{name}.{attribute}"] = id(member)
    return seen

def plain(style):
    parsed = CitationStylesStyle(style, validate=False)
    bibliography = CitationStylesBibliography(parsed, CiteProcJSON(ITEMS), formatter.plain)
    citation = Citation([CitationItem("a"), CitationItem("b")])
    bibliography.register(citation)
    classes = sorted({type(element).__module__ + "." + type(element).__name__ for element in parsed.root.iter()})
    return [str(bibliography.cite(citation, lambda item: None))] + [str(e) for e in bibliography.bibliography()], classes

before = snapshot()
first, classes_before = plain(sys.argv[1])
import converter
for style in ("apa", "vancouver", "chicago-notes-bibliography"):
    for fmt in ("text", "html"):
        for cite in (False, True):
            converter.write(ITEMS, to=style, format=fmt, cite=cite)
second, classes_after = plain(sys.argv[1])
after = snapshot()
changed = sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
print(json.dumps({"first": first, "second": second, "changed": changed, "classes": classes_after,
                  "classes_before": classes_before}))
'''


def test_citeproc_is_left_as_it_is():
    from converter.writers.styled import style_path
    done = subprocess.run([sys.executable, "-c", PROBE, style_path("apa")], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    found = json.loads(done.stdout)
    assert found["changed"] == []
    assert found["first"] == found["second"]
    assert "Roe, J.-. ho . (2020)" in found["second"][1]  # citeproc-py's initials, which the engine fixes
    assert found["classes"] == found["classes_before"]
    assert all(name.startswith("citeproc.model.") for name in found["classes"])


def test_engine_elements_are_subclasses_of_citeprocs():
    from citeproc import model

    from converter.writers.styled import load_style, style_path
    engine = citeproc_fixes.engine()
    style = load_style(style_path("apa"), engine)
    kinds = {type(element) for element in style.root.iter()} | {type(locale) for locale in style.root.locales}
    assert kinds and all(kind.__module__ == "converter.citeproc_fixes.layer" for kind in kinds)
    assert all(issubclass(kind, model.CitationStylesElement) for kind in kinds)
    assert type(style.root.citation.layout) is engine.elements[model.Layout]
    # citeproc-py's own parser finds no class of ours by tag (it maps direct subclasses by name)
    assert all(cls.__module__ == "citeproc.model" or cls.__name__.startswith("_")
               for cls in model.CitationStylesElement.__subclasses__())


def test_engines_do_not_share_classes():
    full, without_cache = citeproc_fixes.engine(), citeproc_fixes.engine(frozenset({"cache"}))
    assert full is citeproc_fixes.engine()
    assert not set(full.elements.values()) & set(without_cache.elements.values())
    assert full.composition != without_cache.composition


def test_name_process_composes_the_fixes_in_the_written_order():
    order = citeproc_fixes.engine().composition["Name.process"]
    assert order == [name for name in citeproc_fixes.FIXES if name in order]
    assert order[:3] == ["cjk-names", "cjk-et-al", "suffix-periods"] and order[-1] == "disambiguation"
    assert citeproc_fixes.engine().composition["Names.process"][0] == "engine"


def imports_within(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports (``from . import x``, ``from .x import y``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_no_import_cycles_and_no_module_imports_its_package():
    modules = {path.stem: imports_within(path) for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    for name, imported in modules.items():
        assert imported <= set(modules), f"{name} imports its package: {imported - set(modules)}"

    def reaches(start, target, seen=()):
        return any(child == target or (child not in seen and reaches(child, target, (*seen, child)))
                   for child in modules.get(start, ()))

    assert [name for name in modules if reaches(name, name)] == []


def test_no_module_level_mutable_state():
    """No module of the layer binds a dict, list or set at module level that code changes (constant
    tables are frozensets, tuples, or dicts never written to)."""
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        globals_ = {target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            assert not isinstance(node, ast.Global), f"{path.name}: global statement"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id in globals_ and \
                    node.func.attr in ("append", "update", "clear", "pop", "setdefault", "add", "extend", "remove"):
                raise AssertionError(f"{path.name}: changes module-level {node.func.value.id}")
            if isinstance(node, (ast.Assign, ast.AugAssign)) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in globals_
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
                raise AssertionError(f"{path.name}: writes into module-level {node.targets}")
