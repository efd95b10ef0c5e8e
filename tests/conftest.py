"""Shared test settings.

Some tests need outside programs (bibutils for RIS, TeX Live and biber for BibTeX); they carry
``@pytest.mark.needs_tools("ris2xml", ...)``. Where a program is missing the test skips, naming the apt
package that installs it; with CITECONV_REQUIRE_TOOLS=1 (set by .ci/run) it fails instead, so CI can
never pass by skipping.
"""
import os
import shutil

import pytest

APT_PACKAGES = {
    "ris2xml": "bibutils", "xml2bib": "bibutils", "pdflatex": "texlive-latex-base", "bibtex": "texlive-latex-base",
    "biber": "biber", "pdftotext": "poppler-utils",
}


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_tools(*programs): the test runs outside programs")


def pytest_runtest_setup(item):
    for marker in item.iter_markers("needs_tools"):
        missing = [name for name in marker.args if shutil.which(name) is None]
        if missing:
            packages = " ".join(sorted({APT_PACKAGES.get(name, name) for name in missing}))
            reason = f"needs {', '.join(missing)} (apt-get install {packages})"
            if os.environ.get("CITECONV_REQUIRE_TOOLS") == "1":
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)


@pytest.fixture
def api():
    """A fake Graph API on 127.0.0.1 (tests/lookup_server.py), stopped after the test."""
    from lookup_server import FakeGraphApi

    server = FakeGraphApi()
    server.start()
    yield server
    server.stop()
