"""HTTP fetching against a local server on 127.0.0.1: conditional GET, retries, deadlines, caps, redirects."""

from __future__ import annotations

import gzip
import itertools
import time
import zlib
from datetime import UTC, datetime, timedelta

import pytest

from connectors.http import FetchSettings, Validators, fetch, parse_http_date, retry_after_seconds
from tests.local_server import Reply, Request, conditional

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
FAST = FetchSettings(backoff=0.05, max_wait=2.0, connect_timeout=2.0, read_timeout=2.0, total_timeout=3.0)


def test_ok_records_validators_dates_and_user_agent(server):
    server.routes["/feed"] = lambda r: Reply(
        200,
        FEED,
        {
            "ETag": '"v1"',
            "Last-Modified": "Mon, 11 Mar 2024 08:00:00 GMT",
            "Content-Type": "application/rss+xml",
        },
    )
    settings = FetchSettings(contact_url="https://desk.example/bot")
    before = datetime.now(UTC)
    result = fetch(server.url("/feed"), settings=settings)
    assert (result.status, result.http_status, result.body, result.attempts) == ("ok", 200, FEED, 1)
    assert (result.etag, result.last_modified) == ('"v1"', "Mon, 11 Mar 2024 08:00:00 GMT")
    assert result.final_url == server.url("/feed") and result.permanent_url is None
    assert before <= result.fetched_at <= datetime.now(UTC)
    assert result.server_date is not None and abs(result.server_date - result.fetched_at) < timedelta(
        seconds=5
    )
    (request,) = server.requests
    assert request.headers["user-agent"].startswith("wirestream/")
    assert request.headers["user-agent"].endswith("(+https://desk.example/bot)")
    assert "gzip" in request.headers["accept-encoding"]


def test_conditional_get_feed_changing_between_polls(server):
    versions = iter([("v1", FEED), ("v1", FEED), ("v2", FEED.replace(b"<title>t", b"<title>u"))])
    current = {}

    def route(request: Request) -> Reply:
        return conditional(
            f'"{current["etag"]}"', current["body"], {"Last-Modified": "Mon, 11 Mar 2024 08:00:00 GMT"}
        )(request)

    server.routes["/feed"] = route
    validators = None
    statuses = []
    for etag, body in versions:
        current.update(etag=etag, body=body)
        result = fetch(server.url("/feed"), validators=validators, settings=FAST)
        statuses.append((result.status, result.body))
        validators = result.validators
    assert statuses == [("ok", FEED), ("not-modified", b""), ("ok", FEED.replace(b"<title>t", b"<title>u"))]
    assert [r.headers.get("if-none-match") for r in server.requests] == [None, '"v1"', '"v1"']
    assert server.requests[1].headers["if-modified-since"] == "Mon, 11 Mar 2024 08:00:00 GMT"


def test_not_modified_keeps_the_sent_validators_when_the_304_omits_them(server):
    server.routes["/feed"] = lambda r: Reply(304)
    sent = Validators(etag='"abc"', last_modified="Mon, 11 Mar 2024 08:00:00 GMT")
    result = fetch(server.url("/feed"), validators=sent, settings=FAST)
    assert (result.status, result.validators) == ("not-modified", sent)


def test_429_with_retry_after_is_honoured_then_succeeds(server):
    answers = iter([Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, FEED)])
    server.routes["/feed"] = lambda r: next(answers)
    waits: list[float] = []
    result = fetch(server.url("/feed"), settings=FAST, sleep=waits.append)
    assert (result.status, result.attempts, waits) == ("ok", 2, [1.0])


def test_retry_after_beyond_the_cap_gives_up_and_says_when(server):
    server.routes["/feed"] = lambda r: Reply(503, b"maintenance", {"Retry-After": "3600"})
    waits: list[float] = []
    result = fetch(server.url("/feed"), settings=FAST, sleep=waits.append)
    assert (result.status, result.http_status, result.attempts, waits) == ("error", 503, 1, [])
    assert result.error == "HTTP 503 Service Unavailable"
    assert result.retry_after is not None
    assert timedelta(seconds=3590) < result.retry_after - result.fetched_at <= timedelta(seconds=3600)


def test_500s_are_retried_with_exponential_backoff_then_fail(server):
    server.routes["/feed"] = lambda r: Reply(500, b"oops")
    waits: list[float] = []
    settings = FetchSettings(retries=3, backoff=0.5, max_wait=1.5)
    result = fetch(server.url("/feed"), settings=settings, sleep=waits.append)
    assert (result.status, result.attempts, result.error) == ("error", 4, "HTTP 500 Internal Server Error")
    assert waits == [0.5, 1.0, 1.5]
    assert len(server.requests) == 4


def test_404_is_not_retried(server):
    result = fetch(server.url("/missing"), settings=FAST, sleep=lambda s: pytest.fail("no retry on 404"))
    assert (result.status, result.http_status, result.attempts) == ("error", 404, 1)


def test_connection_refused_is_retried_then_reported(server):
    url = server.url("/feed")
    server.close()
    waits: list[float] = []
    result = fetch(url, settings=FAST, sleep=waits.append)
    assert (result.status, result.attempts, len(waits)) == ("error", 3, 2)
    assert result.error.startswith("ConnectError")


def test_slow_body_ends_at_the_total_deadline(server):
    # One byte every 0.2 s: each read is quick, the whole would take 200 s.
    server.routes["/slow"] = lambda r: Reply(200, (b"x" for _ in range(1000)), pause=0.2)
    settings = FetchSettings(total_timeout=1.0, read_timeout=1.0)
    started = time.monotonic()
    result = fetch(server.url("/slow"), settings=settings)
    assert time.monotonic() - started < 3
    assert (result.status, result.error, result.attempts) == (
        "error",
        "too slow: not complete within 1 s",
        1,
    )


def test_stalled_body_ends_at_the_read_timeout(server):
    server.routes["/stall"] = lambda r: Reply(
        200, itertools.chain([b"<rss>"], (b"" for _ in range(1))), pause=5
    )
    started = time.monotonic()
    result = fetch(server.url("/stall"), settings=FetchSettings(read_timeout=0.5, total_timeout=5))
    assert time.monotonic() - started < 3
    assert result.status == "error" and result.error.startswith("ReadTimeout")


@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_body_stops_at_the_cap(server, chunked: bool):
    big = b"x" * 200_000
    body = big if not chunked else (big[i : i + 10_000] for i in range(0, len(big), 10_000))
    server.routes["/big"] = lambda r: Reply(200, body)
    result = fetch(server.url("/big"), settings=FetchSettings(max_bytes=50_000))
    assert result.status == "error"
    expected = "response too large: Content-Length 200000" if not chunked else "response larger than the cap"
    assert result.error.startswith(expected)


def test_gzip_bomb_stops_at_the_cap_of_decompressed_bytes(server):
    bomb = gzip.compress(b"\0" * 50_000_000)  # ~50 KB on the wire
    server.routes["/bomb"] = lambda r: Reply(200, bomb, {"Content-Encoding": "gzip"})
    result = fetch(server.url("/bomb"), settings=FetchSettings(max_bytes=1_000_000))
    assert (result.status, result.error) == ("error", "response larger than the cap of 1000000 bytes")


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, as some servers send it
    ],
)
def test_compressed_bodies_are_decoded(server, encoding, compress):
    server.routes["/feed"] = lambda r: Reply(200, compress(FEED * 100), {"Content-Encoding": encoding})
    result = fetch(server.url("/feed"), settings=FAST)
    assert (result.status, result.body) == ("ok", FEED * 100)


def test_permanent_redirect_is_recorded_and_followed(server):
    server.routes["/old"] = lambda r: Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = lambda r: Reply(302, headers={"Location": server.url("/today")})
    server.routes["/today"] = lambda r: Reply(200, FEED)
    result = fetch(server.url("/old"), settings=FAST)
    assert (result.status, result.body) == ("ok", FEED)
    assert result.final_url == server.url("/today")
    assert result.permanent_url == server.url("/new")  # the 302 after it is temporary: not stored


def test_temporary_redirect_is_not_permanent(server):
    server.routes["/a"] = lambda r: Reply(307, headers={"Location": "/b"})
    server.routes["/b"] = lambda r: Reply(308, headers={"Location": "/c"})
    server.routes["/c"] = lambda r: Reply(200, FEED)
    result = fetch(server.url("/a"), settings=FAST)
    assert (result.final_url, result.permanent_url) == (server.url("/c"), None)


def test_redirect_loop_ends_at_the_limit(server):
    server.routes["/loop"] = lambda r: Reply(302, headers={"Location": "/loop"})
    result = fetch(server.url("/loop"), settings=FetchSettings(max_redirects=3))
    assert (result.status, result.error) == ("error", "more than 3 redirects")
    assert len(server.requests) == 4


def test_redirect_to_a_file_url_is_refused(server):
    server.routes["/evil"] = lambda r: Reply(302, headers={"Location": "file:///etc/passwd"})
    result = fetch(server.url("/evil"), settings=FAST)
    assert (result.status, result.error) == ("error", "redirect to a non-HTTP URL: file:///etc/passwd")


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("file:///etc/passwd", "not an http(s) URL"),
        ("http://[::1", "invalid URL: Invalid IPv6 URL"),
        (
            "http://a\x00b/",
            "invalid URL: Invalid non-printable ASCII character in URL, '\\x00' at position 8.",
        ),
    ],
)
def test_unfetchable_url_is_an_error_without_a_request(url: str, error: str):
    result = fetch(url)
    assert (result.status, result.error, result.attempts) == ("error", error, 0)


def test_http_dates_and_retry_after():
    now = datetime(2024, 3, 11, 8, 0, tzinfo=UTC)
    assert parse_http_date("Mon, 11 Mar 2024 08:00:00 GMT") == now
    assert parse_http_date("not a date") is None
    assert retry_after_seconds("120", now) == 120.0
    assert retry_after_seconds("Mon, 11 Mar 2024 08:01:00 GMT", now) == 60.0
    assert retry_after_seconds("soon", now) is None


@pytest.mark.parametrize(
    "bad",
    [{"total_timeout": 0}, {"max_bytes": 0}, {"retries": -1}, {"workers": 0}, {"contact_url": "me"}],
)
def test_settings_are_validated(bad):
    with pytest.raises(ValueError):
        FetchSettings(**bad)


def test_trickled_headers_end_at_the_total_deadline():
    """A server that sends one header line every 0.1 s: each read is quick, headers never end."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve():
        connection, _ = listener.accept()
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            try:
                for _ in range(100):
                    if stop.is_set():
                        break
                    connection.sendall(b"X-Slow: a\r\n")
                    time.sleep(0.1)
            except OSError:
                pass  # the client hung up at its deadline

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        result = fetch(
            f"http://127.0.0.1:{port}/", settings=FetchSettings(total_timeout=1, read_timeout=1, retries=0)
        )
        assert time.monotonic() - started < 2
        assert (result.status, result.error) == ("error", "too slow: not complete within 1 s")
    finally:
        stop.set()
        thread.join(5)
        listener.close()
