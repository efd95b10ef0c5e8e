"""Which build the tests run: the hot path compiled by mypyc, or pure Python (setup.py, docs/BUILD.md).

CI runs the whole suite on both builds and names the one it installed in CITECONV_EXPECT_BUILD
(``compiled`` or ``pure``), so that a build that fell back to pure Python without being asked fails there.
"""
import importlib
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import converter
from converter.build_info import HOT_PATH, compiled_modules

ROOT = Path(__file__).parent.parent


def test_hot_path_is_compiled_whole_or_not_at_all():
    assert compiled_modules() in ([], list(HOT_PATH))


def test_modules_imported_are_the_build_reported():
    compiled = set(compiled_modules())
    for name in HOT_PATH:
        module = importlib.import_module(name)
        assert str(module.__file__).endswith(tuple(EXTENSION_SUFFIXES)) == (name in compiled), name


def test_version_names_the_build_the_command_runs():
    run = subprocess.run([sys.executable, "-m", "converter.cli", "--version"], capture_output=True, text=True,
                         cwd=ROOT, timeout=60, check=True)
    assert run.stdout == f"citeconv {converter.__version__}, {converter.build_info()}\n"
    expected = os.environ.get("CITECONV_EXPECT_BUILD")
    if expected == "compiled":
        assert run.stdout.endswith(f", compiled (mypyc, {len(HOT_PATH)} of {len(HOT_PATH)} hot-path modules)\n"), \
            f"{run.stdout!r}: not the compiled build (`pip install -v .` says why in its 'citeconv build:' line)"
    elif expected == "pure":
        assert run.stdout.endswith(", pure Python\n"), run.stdout
    else:
        assert expected is None, f"CITECONV_EXPECT_BUILD={expected!r}: expected 'compiled' or 'pure'"
