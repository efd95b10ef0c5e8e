"""Build of citeconv: the per-record hot path compiled with mypyc when possible, else pure Python.

``pip install .`` compiles the modules listed in converter/build_info.py (HOT_PATH) with mypyc (the same
source files; mypy's version is pinned in pyproject.toml's build-system requires). With
``CITECONV_PURE=1``, in an editable install (``pip install -e .``), or when type checking or the C
compiler fails, the package is built as pure Python and the build log says why in one line
(``pip install -v`` shows it). Everything else about the package is in pyproject.toml.
"""
from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
# Commands that build the wheel's contents; metadata, sdist and editable commands never compile.
BUILDING = {"bdist_wheel", "build", "build_ext", "install"}


def say(message: str) -> None:
    print(f"citeconv build: {message}", file=sys.stderr, flush=True)


def hot_path_sources() -> list[str]:
    names = runpy.run_path(str(HERE / "converter" / "build_info.py"))["HOT_PATH"]
    return [str(Path(*name.split(".")).with_suffix(".py")) for name in names]


def compiled_extensions() -> list:
    """mypyc's extension modules for the hot path, or [] for the pure-Python package."""
    if {"editable_wheel", "develop"} & set(sys.argv[1:]):
        say("pure-Python build (editable install: edits take effect without a rebuild)")
        return []
    if not BUILDING & set(sys.argv[1:]):
        return []
    if os.environ.get("CITECONV_PURE", "") not in ("", "0"):
        say("pure-Python build (CITECONV_PURE is set)")
        return []
    try:
        from mypyc.build import mypycify

        return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *hot_path_sources()], opt_level="3")
    except SystemExit:  # mypycify exits after printing mypy's errors
        say("pure-Python build (mypy found the errors above in the hot-path modules)")
        return []
    except Exception as error:  # mypy missing or failing
        say(f"pure-Python build (mypyc could not compile the hot path: {type(error).__name__}: {str(error)[:120]})")
        return []


class OptionalBuildExt(build_ext):
    """Builds the compiled modules, or leaves the pure-Python package when the C compiler fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # no compiler, no Python headers, a compiler error
            for extension in self.extensions:  # nothing half built goes into the wheel
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            say(f"pure-Python build (C compiler failed: {type(error).__name__}: {str(error)[:120]})")
        else:
            modules = [extension.name for extension in self.extensions if not extension.name.endswith("__mypyc")]
            say(f"compiled build: {len(modules)} modules compiled by mypyc")


extensions = compiled_extensions()
setup(ext_modules=extensions, cmdclass={"build_ext": OptionalBuildExt} if extensions else {})
