"""Styled writers from several threads at once give what one thread gives, byte for byte: APA, Vancouver
and a note style, bibliographies and in-text citations, text and HTML, 4 threads over several rounds
(each thread renders the jobs in its own order, so different styles and formats run at the same time)."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import converter

ITEMS = json.loads((Path(__file__).parent.parent / "golden" / "styles" / "items.json").read_text(encoding="utf-8"))[:24]
JOBS = [(style, format, cite) for style in ("apa", "vancouver", "chicago-notes-bibliography")
        for format, cite in (("text", False), ("html", False), ("text", True))]
THREADS, ROUNDS = 4, 3


def render(job) -> str:
    style, format, cite = job
    return converter.write(ITEMS, to=style, format=format, cite=cite)


def test_threads_render_what_one_thread_renders():
    expected = {job: render(job) for job in JOBS}
    assert len(set(expected.values())) == len(JOBS)  # every job prints something of its own
    for round_ in range(ROUNDS):
        start = threading.Barrier(THREADS)
        results: dict = {}
        errors: list = []

        def work(index, round_=round_, start=start, results=results, errors=errors):
            order = JOBS[index:] + JOBS[:index] if (index + round_) % 2 else list(reversed(JOBS))
            start.wait()
            try:
                results[index] = {job: render(job) for job in order}
            except Exception as error:  # noqa: BLE001 - reported below with its thread
                errors.append((index, repr(error)))

        threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for index in range(THREADS):
            differing = [job for job in JOBS if results[index][job] != expected[job]]
            assert differing == [], f"round {round_}, thread {index}"


def test_a_rendering_in_another_thread_keeps_its_own_engine():
    """``without(fix)`` in one thread does not change what another thread renders."""
    from converter import citeproc_fixes
    expected = render(("apa", "text", False))
    inside = threading.Event()
    leave = threading.Event()

    def other():
        with citeproc_fixes.without("initials", "cache"):
            inside.set()
            leave.wait(30)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(30)
    try:
        assert render(("apa", "text", False)) == expected
    finally:
        leave.set()
        thread.join()
