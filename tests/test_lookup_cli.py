"""``citeconv`` with identifiers, run as a subprocess against a local Graph API server: the output, the
requests made (batches, headers, pacing at its real one second), exit codes and messages."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KJP_APA = ("Kim, J.-W., Park, S., & Lee, M.-H. (2025). Ultrasound-guided nerve blocks for chronic low back pain: "
           "A fixture record. The Korean Journal of Pain, 38, 12–24. https://doi.org/10.3344/kjp.24393\n")


def citeconv(tmp_path, *args, env=None, stdin=None):
    """Run the command with no key or URL from outside and the user cache directory in ``tmp_path``."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("S2_")}
    environment["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True, input=stdin,
                          text=True, encoding="utf-8", cwd=tmp_path, env=environment, timeout=120,
                          check=False)


def test_a_doi_prints_its_apa_entry(api, tmp_path):
    run = citeconv(tmp_path, "10.3344/kjp.24393", "--to", "apa", "--api-url", api.url)
    assert (run.returncode, run.stdout, run.stderr) == (0, KJP_APA, "")
    assert api.batches() == [["DOI:10.3344/kjp.24393"]]
    assert "x-api-key" not in api.requests[0].headers


def test_1200_dois_from_a_file_make_3_batch_requests_paced_a_second_apart(api, tmp_path):
    (tmp_path / "dois.txt").write_text("".join(f"10.5555/gen.{n}\n" for n in range(1200)), encoding="utf-8")
    run = citeconv(tmp_path, "--ids", "dois.txt", "--to", "bibtex", "-o", "refs.bib", "--api-url", api.url)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ("citeconv: wrote refs.bib: 1 file(s), 1200 record(s): 1200 written, 0 failed, "
                          "0 skipped, 0 warning(s)\n")
    assert [len(batch) for batch in api.batches()] == [500, 500, 200] and len(api.requests) == 3
    bib = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    assert bib.count("@article{") == 1200 and "doi = {10.5555/gen.1199}" in bib
    span = api.requests[-1].time - api.requests[0].time
    # without a key, one request a second: 2 s from the first to the third when sent (arrivals jitter, more
    # so on a busy machine; without pacing the three local requests take a fraction of a second)
    assert span >= 1.5, span

    again = citeconv(tmp_path, "--ids", "dois.txt", "--to", "bibtex", "-o", "again.bib", "--api-url", api.url)
    assert again.returncode == 0 and len(api.requests) == 3  # all from the cache
    assert (tmp_path / "again.bib").read_text(encoding="utf-8") == bib


def test_the_api_key_option_and_variable_go_in_the_header(api, tmp_path):
    citeconv(tmp_path, "PMID:19872477", "--to", "csl-json", "--api-url", api.url, "--api-key", "k1", "--no-cache")
    citeconv(tmp_path, "PMID:19872477", "--to", "csl-json", "--no-cache",
             env={"S2_API_KEY": "k2", "S2_API_URL": api.url})
    assert [request.headers.get("x-api-key") for request in api.requests] == ["k1", "k2"]


def test_unknown_and_malformed_ids_fail_named_and_the_rest_is_written(api, tmp_path):
    (tmp_path / "ids.txt").write_text("# ids\nPMID:19872477\nPMID:1\n\ndoi:10.1/x\narXiv:2106.15928\n",
                                      encoding="utf-8")
    run = citeconv(tmp_path, "--ids", "ids.txt", "--to", "csl-json", "-o", "out.json", "--api-url", api.url)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "citeconv: ids.txt:line 3: PMID:1: Semantic Scholar does not know this paper (PMID:1)",
        ("citeconv: ids.txt:line 5: doi:10.1/x: 'doi:10.1/x' is not a valid doi identifier "
         "(expected 10.<registrant>/<suffix>)"),
        "citeconv: wrote out.json: 1 file(s), 4 record(s): 2 written, 2 failed, 0 skipped, 0 warning(s)"]
    assert api.batches() == [["PMID:19872477", "PMID:1", "ARXIV:2106.15928"]]


def test_identifiers_and_files_mix_in_order(api, tmp_path):
    (tmp_path / "one.json").write_text('{"paperId": "abc", "title": "From a file"}', encoding="utf-8")
    run = citeconv(tmp_path, "PMID:19872477", "arXiv:2106.15928", "one.json", "10.3344/kjp.24393", "--to",
                   "csl-json", "--api-url", api.url)
    assert run.returncode == 0, run.stderr
    assert [line.strip() for line in run.stdout.splitlines() if line.strip().startswith('"title"')] == [
        '"title": "Fixture trial of a lookup: results at one year",',
        '"title": "A Fixture Preprint on Graph Lookups",', '"title": "From a file",',
        '"title": "Ultrasound-guided nerve blocks for chronic low back pain: a fixture record",']
    assert api.batches() == [["PMID:19872477", "ARXIV:2106.15928"], ["DOI:10.3344/kjp.24393"]]


def test_offline_names_what_is_not_cached(api, tmp_path):
    citeconv(tmp_path, "PMID:19872477", "--to", "csl-json", "--api-url", api.url, "--cache", "c")
    run = citeconv(tmp_path, "PMID:19872477", "10.3344/kjp.24393", "--to", "ris", "--api-url", api.url,
                   "--cache", "c", "--offline")
    assert run.returncode == 1 and "TI  - Fixture trial of a lookup: results at one year" in run.stdout
    assert run.stderr.splitlines()[0] == ("citeconv: <command line>:10.3344/kjp.24393: not in the cache "
                                          "(DOI:10.3344/kjp.24393); offline, so not looked up")
    assert len(api.requests) == 1


@pytest.mark.parametrize("args, message", [
    (["PMID:1", "--to", "apa", "--offline", "--no-cache"],
     "citeconv: --offline reads the cache: it cannot go with --no-cache"),
    (["--ids", "missing.txt", "--to", "apa"], "citeconv: --ids missing.txt: no such file"),
    (["--ids", "ids.txt", "--to", "bibtex", "-o", "ids.txt"], "citeconv: ids.txt: refusing to overwrite an input file"),
])
def test_usage_errors_exit_2(api, tmp_path, args, message):
    (tmp_path / "ids.txt").write_text("PMID:19872477\n", encoding="utf-8")
    run = citeconv(tmp_path, *args, "--api-url", api.url)
    assert (run.returncode, run.stderr.strip()) == (2, message)
    assert api.requests == []
    assert (tmp_path / "ids.txt").read_text(encoding="utf-8") == "PMID:19872477\n"


def test_a_name_that_is_neither_a_file_nor_an_identifier_is_still_a_missing_file(api, tmp_path):
    run = citeconv(tmp_path, "paper.txt", "--to", "apa", "--api-url", api.url)
    assert run.returncode == 1 and "paper.txt: No such file or directory" in run.stderr
    assert api.requests == []


def test_ids_from_stdin(api, tmp_path):
    run = citeconv(tmp_path, "--ids", "-", "--to", "ris", "--api-url", api.url, "--no-cache",
                   stdin="PMID:19872477\n# comment\nPMID:1\n")
    assert run.returncode == 1 and "TI  - Fixture trial of a lookup: results at one year" in run.stdout
    assert run.stderr.splitlines()[0] == ("citeconv: <stdin>:line 3: PMID:1: Semantic Scholar does not know "
                                          "this paper (PMID:1)")
