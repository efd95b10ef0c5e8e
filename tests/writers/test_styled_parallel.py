"""A reference list rendered in forked processes (converter/writers/styled_parallel.py) is the one-process
rendering byte for byte, with the same warnings in the same order; a child killed while rendering leaves the
parent to render its slice. Probes are engines with one more fix (as ``citeproc_fixes.counting`` builds
them) that warn, or kill the process rendering an item, from inside the real rendering."""
from __future__ import annotations

import functools
import json
import multiprocessing
import os
import pickle
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import traceback
import warnings
from pathlib import Path

import pytest

import converter
from converter import citeproc_fixes
from converter.citeproc_fixes import FIXES
from converter.citeproc_fixes.engine import Engine
from converter.citeproc_fixes.layout import SecondField
from converter.cores import available_cores
from converter.pipeline import WriterSpec
from converter.writers import styled_parallel
from citeproc import model

from faults import ROOT, alive, run
from test_styled_scale import same_author_and_year

FORK = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")


def alone(test):
    """The test in a process with one thread: this one, or a forked copy of it (the writers fork only when no
    other thread runs, and the test suite's process may hold a library's idle threads: dask's offload
    thread once a dask test ran)."""
    @functools.wraps(test)
    def run(*args, **kwargs):
        if threading.active_count() == 1:
            return test(*args, **kwargs)
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)

        def child():
            try:
                test(*args, **kwargs)
                sending.send(None)
            except BaseException:
                sending.send(traceback.format_exc())

        process = context.Process(target=child)
        process.start()
        sending.close()
        try:
            failure = receiving.recv()
        except EOFError:
            failure = f"the forked test process died (exit code {process.join() or process.exitcode})"
        process.join()
        if failure:
            pytest.fail(failure, pytrace=False)
    return run


def varied(count: int) -> list[dict]:
    """Items of several types, authors shared between neighbours (``subsequent-author-substitute``)."""
    kinds = ["article-journal", "book", "chapter", "paper-conference", "report", "webpage"]
    return [{"id": f"v{n}", "type": kinds[n % 6],
             "title": f"On the *matter* of case {n}: a {['study', 'review'][n % 2]}",
             "author": [{"family": ["Okafor", "Lee", "Dubois"][n // 10 % 3], "given": "Ada"},
                        *([{"family": "Ng", "given": "Bo"}] if n % 3 == 0 else [])],
             "issued": {"date-parts": [[2000 + n % 4]]}, "container-title": "Journal of Cases",
             "volume": str(n % 9 + 1),
             "page": f"{n}-{n + 9}", "publisher": "Mind Press", "DOI": f"10.1000/case.{n}"} for n in range(count)]


def items() -> list[dict]:
    """Varied items and same-author-and-year ones (year suffixes, disambiguation)."""
    return varied(45) + same_author_and_year(30)


def probe(action):
    """An engine with every fix and one more that calls ``action(key)`` for each item before rendering the
    reference list's entries (in the process that renders them)."""
    def fix_probe(layer):
        render_bibliography = layer.current(model.Layout, "render_bibliography")

        def probed(self, citation_items):
            for item in citation_items:
                action(item.key)
            return render_bibliography(self, citation_items)

        layer.replace(model.Layout, "render_bibliography", probed)
    return Engine({**FIXES, "probe": fix_probe})


def rendered(style: str, jobs: int | None, engine: Engine | None = None, entries: list | None = None, **options):
    found: list = []
    with citeproc_fixes.using(engine or citeproc_fixes.engine()):
        text = converter.write(items() if entries is None else entries, to=style, jobs=jobs, warnings=found,
                               **options)
    return text, [(warning.code, str(warning)) for warning in found]


def warn_key(key: str) -> None:
    warnings.warn(f"probe rendering {key}")


@FORK
@pytest.mark.parametrize("format", ["text", "html", "markdown"])
@pytest.mark.parametrize("style", ["apa", "vancouver", "modern-language-association", "ieee"])
@alone
def test_forked_processes_render_what_one_process_renders(style, format):
    engine = probe(warn_key)
    one = rendered(style, 1, engine, format=format)
    assert rendered(style, 3, engine, format=format) == one
    assert rendered(style, 2, engine, format=format) == one
    # a warning caught rendering each entry, once, in the output's order
    assert [message for _, message in one[1] if "probe" in message] == \
        [f"<input>: warning: citeproc: probe rendering {key} [style-warning]" for key in _keys_in_order(style, format)]


def _keys_in_order(style: str, format: str) -> list[str]:
    order: list[str] = []
    rendered(style, 1, probe(order.append), format=format)
    assert sorted(order) == sorted(item["id"].lower() for item in items())
    return order


def test_the_styles_here_have_what_the_tests_say():
    apa_mla = converter.write(varied(12), to="modern-language-association")
    assert "———. " in apa_mla  # subsequent-author-substitute at work
    assert converter.write(varied(2), to="ieee").startswith("[1] ")  # second-field-align
    assert "Nguyen, P. (2022ab)." in converter.write(same_author_and_year(30), to="apa")


def pids(style: str, jobs: int | None, count: int) -> tuple[set[int], set[int]]:
    """The processes that rendered the first and the last entry of ``count`` items."""
    found: list = []
    with citeproc_fixes.using(probe(lambda key: warnings.warn(f"{key} {os.getpid()}"))):
        converter.write(same_author_and_year(count), to=style, jobs=jobs, warnings=found)
    by_key = dict(match.groups() for warning in found
                  if (match := re.search(r"citeproc: (r\d+) (\d+) \[", str(warning))))
    return {int(by_key["r0"])}, {int(by_key[f"r{count - 1}"])}


@FORK
@alone
def test_jobs_one_and_small_lists_render_here_big_ones_in_children():
    me = {os.getpid()}
    assert pids("apa", 1, styled_parallel.PARALLEL_ENTRIES) == (me, me)
    assert pids("apa", None, styled_parallel.PARALLEL_ENTRIES - 1) == (me, me)
    first, last = pids("apa", 2, 40)
    assert first == me and last != me
    if available_cores() > 1:
        first, last = pids("apa", None, styled_parallel.PARALLEL_ENTRIES)
        assert first == me and last != me


@FORK
@alone
def test_subsequent_author_substitute_renders_in_one_process():
    me = {os.getpid()}
    assert pids("modern-language-association", 2, 40) == (me, me)


@alone
def test_how_many_processes():
    cores, slice_entries = available_cores(), styled_parallel.SLICE_ENTRIES
    assert styled_parallel.PARALLEL_ENTRIES == 2 * slice_entries
    assert styled_parallel.processes(2 * slice_entries - 1, None) == 1
    assert styled_parallel.processes(2 * slice_entries, None) == min(cores, 2)
    assert styled_parallel.processes(7 * slice_entries + 3, None) == min(cores, 7)  # at least a slice each
    assert styled_parallel.processes(5000, 1) == 1
    assert styled_parallel.processes(3, 8) == 3  # no more processes than entries
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # another thread running: forking is not safe, one process
        assert styled_parallel.processes(5000, 4) == 1
    finally:
        stop.set()
        other.join()
    assert styled_parallel.processes(5000, 4) == 4


def _write_in_a_pool_worker(count: int) -> str:
    return converter.write(same_author_and_year(count), to="vancouver")


@FORK
@alone
def test_a_pool_worker_renders_in_one_process():
    """A daemonic process may not start processes: a ``multiprocessing.Pool`` worker renders the list itself."""
    count = 3 * styled_parallel.PARALLEL_ENTRIES
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_write_in_a_pool_worker, (count,)) == converter.write(same_author_and_year(count),
                                                                                to="vancouver", jobs=1)


@FORK
@alone
def test_a_killed_child_leaves_its_slice_to_the_parent(tmp_path):
    parent, died = os.getpid(), tmp_path / "died"

    def kill_in_child(key: str) -> None:
        warn_key(key)
        if key == "r60" and os.getpid() != parent:
            died.touch()
            os.kill(os.getpid(), signal.SIGKILL)

    entries = same_author_and_year(80)
    one = rendered("apa", 1, probe(warn_key), entries)
    for jobs in (2, 4):
        died.unlink(missing_ok=True)
        assert rendered("apa", jobs, probe(kill_in_child), entries) == one  # warnings once each, in order
        assert died.exists()  # a child did die


@FORK
@alone
def test_a_child_that_fails_leaves_its_slice_to_the_parent_which_meets_the_error_itself(tmp_path):
    parent, failed = os.getpid(), tmp_path / "failed"
    failing = False

    def fail(key: str) -> None:
        if key == "r70" and (os.getpid() != parent or failing):
            failed.touch()
            raise RuntimeError(f"cannot render {key}")

    entries = same_author_and_year(80)
    assert rendered("apa", 2, probe(fail), entries) == rendered("apa", 1, None, entries)
    assert failed.exists()  # a child did fail
    failing = True
    for jobs in (1, 2):
        with pytest.raises(converter.ConversionError, match=r"apa writer failed \(RuntimeError: cannot render r70\)"):
            rendered("apa", jobs, probe(fail), entries)


def test_second_field_entries_pickle_as_their_fields():
    entry = pickle.loads(pickle.dumps(SecondField("1.", "Lee A. Title.")))
    assert (type(entry), entry, entry.first, entry.rest) == (SecondField, "1. Lee A. Title.", "1.", "Lee A. Title.")


def test_jobs_is_checked():
    with pytest.raises(converter.ConversionError, match="jobs must be a whole number of at least 1"):
        converter.write(varied(2), to="apa", jobs=0)


def test_a_runs_jobs_reaches_a_styled_writer_but_not_a_streaming_one():
    assert WriterSpec.of("apa").with_jobs(2).kwargs == {"jobs": 2}
    assert WriterSpec.of("vancouver", {"format": "html"}).with_jobs(1).kwargs == {"format": "html", "jobs": 1}
    assert WriterSpec.of("apa").with_jobs(None).kwargs == {}
    assert WriterSpec.of("apa", {"jobs": 1}).with_jobs(4).kwargs == {"jobs": 1}  # the writer's own option wins
    assert WriterSpec.of("csl-json").with_jobs(2).kwargs == {}


@FORK
def test_the_command_renders_the_same_with_any_jobs(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(varied(styled_parallel.PARALLEL_ENTRIES) + same_author_and_year(40)))
    outputs = [run(path, "--from", "csl-json", "--to", "vancouver", *jobs) for jobs in ([], ["-j", "1"], ["-j", "3"])]
    assert [result.returncode for result in outputs] == [0, 0, 0]
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    assert outputs[0].stdout.count("\n") == styled_parallel.PARALLEL_ENTRIES + 40


SLEEPING_CHILDREN = textwrap.dedent("""
    import os, sys, time
    from citeproc import model
    import converter
    from converter import citeproc_fixes
    from converter.citeproc_fixes import FIXES
    from converter.citeproc_fixes.engine import Engine

    parent = os.getpid()

    def fix_probe(layer):
        render_bibliography = layer.current(model.Layout, "render_bibliography")

        def probed(self, citation_items):
            if os.getpid() != parent:  # a child says who it is, then takes its time
                print(os.getpid(), flush=True)
                time.sleep(120)
            return render_bibliography(self, citation_items)

        layer.replace(model.Layout, "render_bibliography", probed)

    items = [{"id": f"r{n}", "type": "book", "title": f"Book {n}", "issued": {"date-parts": [[2000]]}}
             for n in range(40)]
    with citeproc_fixes.using(Engine({**FIXES, "probe": fix_probe})):
        converter.write(items, to="apa", jobs=2)
""")


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def _sleeping_child(tmp_path) -> tuple[subprocess.Popen, int]:
    script = tmp_path / "sleeping_children.py"
    script.write_text(SLEEPING_CHILDREN)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, start_new_session=True)
    assert parent.stdout is not None
    return parent, int(parent.stdout.readline())


@FORK
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_child_ignores_ctrl_c_and_dies_with_its_parent(tmp_path):
    parent, child = _sleeping_child(tmp_path)
    try:
        os.kill(child, signal.SIGINT)  # Ctrl-C is the parent's to handle
        assert not _gone_within(child, 0.5)
        parent.kill()
        parent.wait(timeout=30)
        assert _gone_within(child, 10)
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


@FORK
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_ctrl_c_ends_the_parent_and_its_children(tmp_path):
    parent, child = _sleeping_child(tmp_path)
    try:
        os.killpg(parent.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        _, errors = parent.communicate(timeout=30)
        assert parent.returncode != 0 and "KeyboardInterrupt" in errors
        assert _gone_within(child, 10)
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


@FORK
@alone
def test_a_batchs_jobs_are_the_styled_writers_processes(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps(same_author_and_year(40)))
    me = str(os.getpid())

    def renderers(**options) -> set[str]:
        with citeproc_fixes.using(probe(lambda key: warnings.warn(f"{key} {os.getpid()}"))):
            report = converter.convert([path], "apa", format="csl-json", **options)
        return {match.group(1) for warning in report.warnings
                if (match := re.search(r"citeproc: r\d+ (\d+) \[", str(warning)))}

    assert renderers() == {me}  # 40 entries: one process by default
    assert renderers(jobs=1) == {me}
    assert len(renderers(jobs=2)) == 2 and me in renderers(jobs=2)
    assert renderers(jobs=2, writer_options={"jobs": 1}) == {me}


def warn_key_and_a_resource(key: str) -> None:
    warnings.warn(f"probe rendering {key}")
    warnings.warn(f"unclosed <socket {key}>", ResourceWarning)  # as the garbage collector may at any time


@FORK
@alone
def test_only_the_styles_warnings_become_style_warnings():
    engine = probe(warn_key_and_a_resource)
    one = rendered("vancouver", 1, engine)
    assert rendered("vancouver", 2, engine) == one
    assert len(one[1]) == len(items()) and all("probe rendering" in message for _, message in one[1])
