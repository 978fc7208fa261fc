"""Politeness against a local server on 127.0.0.1: one request per host at a time, robots.txt, backoff."""

from __future__ import annotations

import dataclasses
import itertools
import time
from datetime import UTC, datetime, timedelta

import pytest

from connectors.http import FetchResult, FetchSettings, Validators, fetch
from connectors.polite import FeedStatus, RobotsRules, after_fetch, fetch_many, next_attempt
from tests.local_server import Reply, conditional

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
FAST = FetchSettings(backoff=0.05, max_wait=2.0, connect_timeout=2.0, read_timeout=2.0, total_timeout=3.0)


def test_fetch_many_one_request_at_a_time_per_host_with_an_interval(server):
    server.routes["/feed"] = lambda r: Reply(200, FEED, pause=0)
    server.routes["/slowish"] = lambda r: (time.sleep(0.1), Reply(200, FEED))[1]
    # Two host names for the one loopback server: 127.0.0.1 and localhost.
    urls = [server.url(f"/slowish?{i}") for i in range(4)] + [
        server.url(f"/feed?{i}", host="localhost") for i in range(4)
    ]
    settings = FetchSettings(workers=8, host_interval=0.2)
    started = time.monotonic()
    results = fetch_many(urls, settings=settings)
    elapsed = time.monotonic() - started
    assert list(results) == urls
    assert {r.status for r in results.values()} == {"ok"}
    for path in ("/slowish", "/feed"):
        times = sorted(r.at for r in server.requests_to(path))
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert len(times) == 4 and min(gaps) >= 0.2, gaps
    # The two hosts ran side by side: ~3 intervals + 4 requests of 0.1 s, not the 8 in a row.
    assert elapsed < 2.0


def test_fetch_many_sends_each_url_its_validators(server):
    server.routes["/a"] = conditional('"a1"', FEED)
    server.routes["/b"] = conditional('"b1"', FEED)
    urls = [server.url("/a"), server.url("/b")]
    results = fetch_many(
        urls, validators={urls[0]: Validators(etag='"a1"')}, settings=FetchSettings(host_interval=0)
    )
    assert [r.status for r in results.values()] == ["not-modified", "ok"]


def test_robots_txt(server):
    server.routes["/robots.txt"] = lambda r: Reply(
        200, b"User-agent: *\nDisallow: /private/\n\nUser-agent: wirestream\nDisallow: /no-bots/\n"
    )
    rules = RobotsRules(settings=FAST)
    assert rules.allowed(server.url("/news/1.html"))
    assert rules.allowed(server.url("/private/1.html"))  # the wirestream group replaces the * group
    assert not rules.allowed(server.url("/no-bots/1.html"))
    assert len(server.requests_to("/robots.txt")) == 1  # fetched once per origin


def test_robots_txt_missing_allows_and_unreachable_disallows(server):
    assert RobotsRules(settings=FAST).allowed(server.url("/a.html"))  # 404
    server.routes["/robots.txt"] = lambda r: Reply(500, b"down")
    rules = RobotsRules(settings=FetchSettings(backoff=0.01))
    assert not rules.allowed(server.url("/a.html"))
    # The refusal says why: a site that is down is not a site that said no.
    assert rules.refusal(server.url("/a.html")) == (
        "robots.txt could not be fetched (HTTP 500 Internal Server Error): the site is off limits (RFC 9309)"
    )
    assert rules.refusal(server.url("/a.html", host="localhost")) == "robots.txt disallows this page"


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (0, timedelta(0)),
        (1, timedelta(minutes=5)),
        (2, timedelta(minutes=10)),
        (4, timedelta(minutes=40)),
        (12, timedelta(hours=24)),
        (1000, timedelta(hours=24)),
    ],
)
def test_next_attempt_backs_off_exponentially_with_a_cap(failures: int, wait: timedelta):
    last = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    assert next_attempt(failures, last) == last + wait


def test_next_attempt_honours_a_later_retry_after_within_the_cap():
    last = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    assert next_attempt(1, last, retry_after=last + timedelta(hours=2)) == last + timedelta(hours=2)
    assert next_attempt(1, last, retry_after=last + timedelta(days=9)) == last + timedelta(hours=24)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_attempt(1, datetime(2026, 11, 30))


def test_feed_status_across_polls_of_a_live_feed(server):
    """ok -> not-modified -> unchanged (validators ignored) -> moved -> errors backed off -> ok again."""
    script = iter(
        [
            Reply(200, FEED, {"ETag": '"v1"'}),
            Reply(304, headers={"ETag": '"v1"'}),
            Reply(200, FEED),  # the same bytes without validators: a server that ignores them
            Reply(301, headers={"Location": "/moved.rss"}),
            Reply(200, FEED),  # ... answered at the new address
            Reply(500, b"oops"),
            Reply(429, b"later", {"Retry-After": "7200"}),
            Reply(200, FEED + b" ", {"ETag": '"v2"'}),
        ]
    )
    server.routes["/feed.rss"] = lambda r: next(script)
    server.routes["/moved.rss"] = lambda r: next(script)
    settings = FetchSettings(retries=0)
    given = server.url("/feed.rss")
    status: FeedStatus | None = None
    seen = []
    for _ in range(7):
        url = status.url if status else given
        result = fetch(url, validators=status.validators if status else None, settings=settings)
        status = after_fetch(status, result, given_url=given)
        seen.append((status.last_status, status.failures, status.etag))
        if status.last_status == "error":
            assert status.next_attempt_at is not None and not status.is_due(result.fetched_at)
        else:
            assert status.next_attempt_at is None and status.is_due(result.fetched_at)
    assert seen == [
        ("ok", 0, '"v1"'),
        ("not-modified", 0, '"v1"'),
        ("unchanged", 0, None),
        ("unchanged", 0, None),  # the 301 led to the same bytes: the stored URL moved
        ("error", 1, None),
        ("error", 2, None),
        ("ok", 0, '"v2"'),
    ]
    assert (status.given_url, status.url) == (given, server.url("/moved.rss"))


def test_after_fetch_backs_off_by_failures_and_honours_retry_after():
    at = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    failed = FetchResult(
        url="https://a.example/rss", status="error", fetched_at=at, attempts=3, error="HTTP 500"
    )
    once = after_fetch(None, failed)
    twice = after_fetch(once, failed)
    assert (once.failures, once.next_attempt_at) == (1, at + timedelta(minutes=5))
    assert (twice.failures, twice.next_attempt_at) == (2, at + timedelta(minutes=10))
    told = after_fetch(None, dataclasses.replace(failed, retry_after=at + timedelta(hours=3)))
    assert told.next_attempt_at == at + timedelta(hours=3)
    assert (told.given_url, told.url, told.last_error) == (
        "https://a.example/rss",
        "https://a.example/rss",
        "HTTP 500",
    )
