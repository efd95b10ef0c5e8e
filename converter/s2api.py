"""A small client for the Semantic Scholar Academic Graph API: ``POST /paper/batch`` and
``GET /paper/{id}``, requests spaced out, HTTP 429, 5xx and timeouts retried with exponential backoff
and jitter (a ``Retry-After`` answer is waited out as asked).

Every duration (spacing, backoff, timeout) and the clock are in :class:`Timing`, so tests run fast
against a local server with the same logic.
"""
from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .adapters.s2 import MAPPED_KEYS

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
BATCH_SIZE = 500  # the most ids the batch endpoint takes in one request
FIELDS = ",".join(sorted(MAPPED_KEYS))  # what the S2 adapter maps, and nothing more


class ApiError(Exception):
    """A request that failed for good: ``status`` is the HTTP status, None for a network error."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Timing:
    """How requests are spaced and retried. ``min_interval``: the least time between two requests
    (1 s: the Graph API's rate for an unauthenticated client and for an introductory key); ``retries``
    after the first try; the backoff doubles from ``backoff`` up to ``max_wait``, half of it random;
    a ``Retry-After`` longer than ``max_wait`` is not waited for (the ids fail, naming it)."""

    min_interval: float = 1.0
    retries: int = 5
    backoff: float = 1.0
    max_wait: float = 60.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def wait(self, attempt: int) -> float:
        """The pause before retry number ``attempt`` (from 0): exponential, with jitter in its upper half."""
        ceiling = min(self.max_wait, self.backoff * 2 ** attempt)
        return ceiling / 2 + self.jitter() * ceiling / 2


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils  # only for a date (20 ms of start-up otherwise)

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _reason(response: Any) -> str:
    """The API's own words for a failed request (``{"error": …}`` or ``{"message": …}``), with the status."""
    text = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            text = str(body.get("error") or body.get("message") or "")
    except ValueError:
        text = response.text.strip()[:200]
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


class GraphClient:
    """One connection to the Graph API. ``api_url`` defaults to ``$S2_API_URL``, then the public API;
    ``api_key`` (header ``x-api-key``) to ``$S2_API_KEY``."""

    def __init__(self, api_url: str | None = None, api_key: str | None = None, timing: Timing | None = None) -> None:
        import httpx  # loaded only when something is looked up (start-up time)

        self._httpx = httpx
        self.api_url = (api_url or os.environ.get("S2_API_URL") or DEFAULT_API_URL).rstrip("/")
        self.timing = timing or Timing()
        key = api_key if api_key is not None else os.environ.get("S2_API_KEY")
        headers = {"user-agent": "citeconv (https://pypi.org/project/citeconv/)"}
        if key:
            headers["x-api-key"] = key
        self._http = httpx.Client(headers=headers, timeout=self.timing.timeout)
        self._last: float | None = None
        self.requests = 0

    def close(self) -> None:
        self._http.close()

    def batch(self, ids: list[str], fields: str = FIELDS) -> list[dict | None]:
        """The papers of up to :data:`BATCH_SIZE` ids, in order, None where the API knows none.
        Raises :class:`ApiError` (status 400 when the API rejects the request as a whole)."""
        if not 0 < len(ids) <= BATCH_SIZE:
            raise ValueError(f"a batch takes 1 to {BATCH_SIZE} ids, not {len(ids)}")
        response = self._send("POST", "/paper/batch", params={"fields": fields}, json={"ids": ids})
        if response.status_code != 200:
            raise ApiError(_reason(response), response.status_code)
        answer = self._json(response)
        if not isinstance(answer, list) or len(answer) != len(ids) or \
                any(paper is not None and not isinstance(paper, dict) for paper in answer):
            raise ApiError(f"unexpected answer to a batch of {len(ids)} ids (not a list of as many papers)")
        return answer

    def paper(self, paper_id: str, fields: str = FIELDS) -> dict | None:
        """One paper, None when the API does not know it (404); :class:`ApiError` for any other failure."""
        response = self._send("GET", "/paper/" + quote(paper_id, safe="/:"), params={"fields": fields})
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ApiError(_reason(response), response.status_code)
        answer = self._json(response)
        if not isinstance(answer, dict):
            raise ApiError("unexpected answer (not a paper object)")
        return answer

    def _json(self, response: Any) -> Any:
        try:
            return response.json()
        except ValueError:
            raise ApiError(f"the answer is not JSON ({response.text[:80]!r})", response.status_code) from None

    def _pace(self) -> None:
        """Wait until ``min_interval`` has passed since the previous request started."""
        if self._last is not None:
            idle = self.timing.clock() - self._last
            if idle < self.timing.min_interval:
                self.timing.sleep(self.timing.min_interval - idle)
        self._last = self.timing.clock()

    def _send(self, method: str, path: str, **options: Any) -> Any:
        """The response, after retrying 429, 5xx, timeouts and network errors; raises :class:`ApiError`
        when the retries are spent."""
        timing = self.timing
        for attempt in range(timing.retries + 1):
            self._pace()
            self.requests += 1
            asked: float | None = None
            try:
                response = self._http.request(method, self.api_url + path, **options)
            except self._httpx.TimeoutException:
                problem, status = f"no answer within {timing.timeout:g} s", None
            except self._httpx.TransportError as error:
                problem, status = f"network error ({type(error).__name__}: {error})", None
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return response
                problem, status = _reason(response), response.status_code
                asked = retry_after(response.headers.get("retry-after"))
            if attempt == timing.retries:
                break
            if asked is not None and asked > timing.max_wait:
                raise ApiError(f"{problem}; the API asks to wait {asked:g} s: try again later", status)
            timing.sleep(asked if asked is not None else timing.wait(attempt))
        raise ApiError(f"{problem} (gave up after {timing.retries + 1} tries)", status)
