"""The Graph API client against a local server: requests made, headers, pacing, retries, backoff,
Retry-After, timeouts. Durations are injected (a fake clock) where the test checks the waits; one test
runs the pacing on the real clock."""
import email.utils
import time

import pytest
from lookup_server import Canned

from converter.s2api import FIELDS, ApiError, GraphClient, Timing, retry_after


class FakeClock:
    """A clock that moves only when slept on, so every wait the client asks for is recorded exactly."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


def client_for(api, clock, api_key=None, **timing):
    return GraphClient(api.url, api_key, Timing(clock=clock.clock, sleep=clock.sleep, jitter=lambda: 0.5, **timing))


def test_a_batch_posts_the_ids_with_the_fields_the_adapter_maps(api, clock, monkeypatch):
    monkeypatch.delenv("S2_API_KEY", raising=False)
    client = client_for(api, clock)
    papers = client.batch(["DOI:10.3344/kjp.24393", "PMID:1", "ARXIV:2106.15928"])
    assert [paper and paper["paperId"] for paper in papers] == [
        "3f1c0e5a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e", None, "5a1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"]
    [request] = api.requests
    assert (request.method, request.path) == ("POST", "/graph/v1/paper/batch")
    assert request.ids == ["DOI:10.3344/kjp.24393", "PMID:1", "ARXIV:2106.15928"]
    assert request.query == {"fields": [FIELDS]}
    assert FIELDS == ("abstract,authors,corpusId,externalIds,journal,openAccessPdf,paperId,publicationDate,"
                      "publicationTypes,publicationVenue,title,url,venue,year")
    assert "x-api-key" not in request.headers
    assert request.headers["content-type"] == "application/json"


def test_the_api_key_goes_in_the_x_api_key_header(api, clock, monkeypatch):
    monkeypatch.setenv("S2_API_KEY", "from-the-environment")
    client_for(api, clock).batch(["PMID:1"])
    client_for(api, clock, api_key="given").batch(["PMID:1"])
    assert [request.headers.get("x-api-key") for request in api.requests] == ["from-the-environment", "given"]


def test_the_api_url_comes_from_the_environment(api, clock, monkeypatch):
    monkeypatch.setenv("S2_API_URL", api.url + "/")
    assert GraphClient().api_url == api.url
    GraphClient(timing=Timing(clock=clock.clock, sleep=clock.sleep)).batch(["PMID:1"])
    assert len(api.requests) == 1


def test_requests_are_spaced_one_second_apart_by_default(api, clock):
    client = client_for(api, clock)
    for _ in range(3):
        client.batch(["PMID:19872477"])
    assert clock.sleeps == [1.0, 1.0]  # the fake clock stands still during a request: a full second each
    clock.now += 0.4
    client.batch(["PMID:19872477"])
    assert clock.sleeps == [1.0, 1.0, 0.6]
    clock.now += 5
    client.batch(["PMID:19872477"])
    assert clock.sleeps == [1.0, 1.0, 0.6]  # idle long enough: no wait


def test_pacing_on_the_real_clock(api):
    client = GraphClient(api.url, timing=Timing(min_interval=0.25))
    started = time.monotonic()
    for _ in range(4):
        client.batch(["PMID:19872477"])
    elapsed = time.monotonic() - started
    # three waits of 0.25 s between four sends (a lower bound: a slow machine cannot make it fail; without
    # pacing four local requests take a few ms); the exact waits are checked on the fake clock above
    assert len(api.requests) == 4 and elapsed >= 0.75, elapsed


def test_429_waits_as_long_as_retry_after_says(api, clock):
    api.script = [Canned(429, {"message": "Too Many Requests"}, {"Retry-After": "7"})]
    papers = client_for(api, clock).batch(["PMID:19872477"])
    assert papers[0]["externalIds"]["PubMed"] == "19872477"
    assert len(api.requests) == 2
    assert clock.sleeps == [7.0]  # Retry-After, then the second request (7 s after the first: no pacing wait)


def test_5xx_are_retried_with_exponential_backoff_and_jitter(api, clock):
    api.script = [Canned(500, {"message": "Internal Server Error"}), Canned(502, b"<html>Bad Gateway</html>"),
                  Canned(503, {"message": "Service Unavailable"})]
    papers = client_for(api, clock, backoff=2.0).batch(["PMID:19872477"])
    assert papers[0] is not None and len(api.requests) == 4
    # ceiling 2, 4, 8 s; half of it fixed, the other half times the jitter (0.5 here)
    assert clock.sleeps == [1.5, 3.0, 6.0]


def test_the_jitter_is_random_within_the_upper_half():
    timing = Timing(backoff=1.0, max_wait=10.0)
    waits = [timing.wait(3) for _ in range(200)]
    assert all(4.0 <= wait <= 8.0 for wait in waits) and len(set(waits)) > 100
    assert Timing(backoff=1.0, max_wait=10.0, jitter=lambda: 1.0).wait(10) == 10.0  # capped


def test_a_slow_answer_times_out_and_is_asked_again(api, clock):
    api.script = [Canned(delay=1.5, passthrough=True)]
    client = client_for(api, clock, timeout=0.3)
    papers = client.batch(["ARXIV:2106.15928"])
    assert papers[0]["externalIds"]["ArXiv"] == "2106.15928"
    assert len(api.requests) == 2
    assert clock.sleeps == [0.75, 0.25]  # the backoff, then the pacing: a second since the first request


def test_when_the_retries_are_spent_the_error_says_why(api, clock):
    api.script = [Canned(503, {"message": "Service Unavailable"})] * 3
    with pytest.raises(ApiError) as caught:
        client_for(api, clock, retries=2).batch(["PMID:19872477"])
    assert str(caught.value) == "HTTP 503: Service Unavailable (gave up after 3 tries)"
    assert caught.value.status == 503 and len(api.requests) == 3


def test_a_retry_after_beyond_the_longest_wait_is_not_waited_for(api, clock):
    api.script = [Canned(429, {"message": "Too Many Requests"}, {"Retry-After": "3600"})]
    with pytest.raises(ApiError, match="the API asks to wait 3600 s: try again later"):
        client_for(api, clock).batch(["PMID:19872477"])
    assert clock.sleeps == [] and len(api.requests) == 1


def test_a_refused_connection_is_retried_then_named(clock):
    client = GraphClient("http://127.0.0.1:9/graph/v1", timing=Timing(clock=clock.clock, sleep=clock.sleep,
                                                                      retries=1, jitter=lambda: 0.0))
    with pytest.raises(ApiError, match=r"^network error \(ConnectError: .*\(gave up after 2 tries\)$"):
        client.batch(["PMID:1"])
    assert clock.sleeps == [0.5, 0.5]  # backoff (no jitter), then the rest of the second of pacing


def test_a_400_is_not_retried_and_keeps_the_apis_words(api, clock):
    api.reject = {"PMID:666"}
    with pytest.raises(ApiError) as caught:
        client_for(api, clock).batch(["PMID:1", "PMID:666"])
    assert (str(caught.value), caught.value.status) == ("HTTP 400: Unacceptable paper id in the batch", 400)
    assert len(api.requests) == 1


def test_a_single_paper_get_and_its_404(api, clock):
    client = client_for(api, clock)
    assert client.paper("DOI:10.3344/kjp.24393")["corpusId"] == 275512345
    assert client.paper("DOI:10.9999/none") is None
    assert [(request.method, request.path) for request in api.requests] == [
        ("GET", "/graph/v1/paper/DOI:10.3344/kjp.24393"), ("GET", "/graph/v1/paper/DOI:10.9999/none")]


def test_an_answer_of_the_wrong_shape_is_an_error(api, clock):
    api.script = [Canned(200, [None])]
    with pytest.raises(ApiError, match="unexpected answer to a batch of 2 ids"):
        client_for(api, clock).batch(["PMID:1", "PMID:2"])
    api.script = [Canned(200, b"not json")]
    with pytest.raises(ApiError, match="the answer is not JSON"):
        client_for(api, clock).batch(["PMID:1"])


def test_a_batch_takes_1_to_500_ids(api, clock):
    with pytest.raises(ValueError):
        client_for(api, clock).batch([f"PMID:{n}" for n in range(501)])
    assert api.requests == []


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after("12") == 12.0
    assert retry_after(" 0 ") == 0.0
    assert retry_after(None) is None and retry_after("soon") is None
    when = email.utils.formatdate(1_000_030, usegmt=True)
    assert retry_after(when, now=1_000_000) == 30.0
    assert retry_after(when, now=2_000_000) == 0.0
