"""A local stand-in for the Semantic Scholar Graph API, on 127.0.0.1, for the lookup tests.

It answers ``POST /graph/v1/paper/batch`` (a JSON array in request order, ``null`` for an unknown id)
and ``GET /graph/v1/paper/{id}`` (the paper, or 404 ``{"error": "Paper with id … not found"}``) in the
shapes the real API was recorded answering with; the papers are the invented records of
tests/data/lookup/. ``DOI:10.5555/gen.N`` ids are answered from generated_template.json. ``script`` holds
canned answers (429 with Retry-After, 500s, slow answers) served before the normal ones; ``reject``
holds ids that make a whole batch fail with 400. Every request is recorded with its arrival time.
"""
from __future__ import annotations

import copy
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parent / "data" / "lookup"
_GENERATED = re.compile(r"^doi:10\.5555/gen\.(\d+)$")
_ID_KEYS = {"DOI": "DOI:", "ArXiv": "ARXIV:", "PubMed": "PMID:", "PubMedCentral": "PMCID:", "CorpusId": "CorpusId:",
            "MAG": "MAG:", "ACL": "ACL:", "DBLP": "DBLP:"}


@dataclass
class Canned:
    """One scripted answer: a status, headers, a body, and a delay before answering."""

    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    passthrough: bool = False  # after the delay, answer normally (a slow but good answer)


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    ids: list | None
    time: float


def _index() -> dict[str, dict]:
    papers: dict[str, dict] = {}
    for path in sorted(FIXTURES.glob("*.json")):
        if path.name == "generated_template.json":
            continue
        paper = json.loads(path.read_text(encoding="utf-8"))
        papers[paper["paperId"].lower()] = paper
        for key, prefix in _ID_KEYS.items():
            if key in paper["externalIds"]:
                papers[f"{prefix}{paper['externalIds'][key]}".lower()] = paper
    return papers


class FakeGraphApi:
    """The server (``start``, ``stop``); ``url`` is the base URL to pass as ``--api-url``."""

    def __init__(self) -> None:
        self.papers = _index()
        self.template = json.loads((FIXTURES / "generated_template.json").read_text(encoding="utf-8"))
        self.requests: list[Request] = []
        self.script: list[Canned] = []
        self.reject: set[str] = set()
        self.no_batch = False  # answer the batch endpoint with 404, as a server that has none
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.api = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/graph/v1"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def batches(self) -> list[list[str]]:
        return [request.ids for request in self.requests if request.method == "POST"]

    def paper(self, paper_id: str) -> dict | None:
        key = paper_id.lower()
        generated = _GENERATED.match(key)
        if generated:
            number = int(generated.group(1))
            paper = copy.deepcopy(self.template)
            sha = f"{number:040x}"
            paper.update(paperId=sha, url=f"https://www.semanticscholar.org/paper/{sha}", corpusId=900000 + number,
                         title=f"Generated record number {number}")
            paper["externalIds"] = {"DOI": f"10.5555/gen.{number}", "CorpusId": 900000 + number}
            return paper
        return copy.deepcopy(self.papers.get(key))

    def answer(self, method: str, target: str, headers: dict, body: bytes) -> tuple[int, dict, object, float]:
        """(status, headers, JSON body, delay) for one request, recorded first."""
        parts = urlsplit(target)
        ids = None
        if method == "POST":
            try:
                ids = json.loads(body)["ids"]
            except (ValueError, KeyError, TypeError):
                ids = []
        with self.lock:
            self.requests.append(Request(method, unquote(parts.path), parse_qs(parts.query), headers, ids,
                                         time.monotonic()))
            canned = self.script.pop(0) if self.script else None
        delay = 0.0
        if canned is not None:
            if not canned.passthrough:
                return canned.status, canned.headers, canned.body, canned.delay
            delay = canned.delay
        path = unquote(parts.path)
        if method == "POST" and path == "/graph/v1/paper/batch" and not self.no_batch:
            if not ids or len(ids) > 500:
                return 400, {}, {"error": "Give from 1 to 500 ids"}, delay
            if any(str(paper_id) in self.reject for paper_id in ids):
                return 400, {}, {"error": "Unacceptable paper id in the batch"}, delay
            return 200, {}, [self.paper(str(paper_id)) for paper_id in ids], delay
        if method == "GET" and path.startswith("/graph/v1/paper/"):
            paper_id = path[len("/graph/v1/paper/"):]
            if paper_id in self.reject:
                return 400, {}, {"error": f"Unacceptable paper id {paper_id}"}, delay
            paper = self.paper(paper_id)
            if paper is None:
                return 404, {}, {"error": f"Paper with id {paper_id} not found"}, delay
            return 200, {}, paper, delay
        return 404, {}, {"message": "Not Found"}, delay


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        api: FakeGraphApi = self.server.api  # type: ignore[attr-defined]
        status, headers, answer, delay = api.answer(method, self.path, {k.lower(): v for k, v in self.headers.items()},
                                                    body)
        if delay:
            time.sleep(delay)
        data = (answer if isinstance(answer, bytes) else json.dumps(answer).encode()) if answer is not None else b""
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, *args) -> None:
        pass
