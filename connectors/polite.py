"""Politeness across many fetches and many runs: a per-host pool, cross-run backoff, robots.txt.

`fetch_many` runs `connectors.http.fetch` on a thread pool sharing one client, with one request at a
time per host and a minimum interval between a host's requests. `next_attempt` is the cross-run backoff
for a feed that keeps failing (a pure function: the state store keeps the failure count and the last
attempt). `FeedStatus` and `after_fetch` are what the state store keeps per feed and how a fetch changes
it. `RobotsRules` answers robots.txt questions (RFC 9309) for article fetching, over the same
fetcher.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx

from connectors.http import FetchResult, FetchSettings, Validators, fetch, make_client


def host_of(url: str) -> str:
    """The host a URL's politeness is counted against (lower-case host name or address)."""
    return (urlsplit(url).hostname or "").lower()


class _HostScheduler:
    """Hands out URLs so that each host has one request in flight and waits `interval` between them."""

    def __init__(self, urls: Sequence[str], interval: float):
        self._pending: dict[str, list[int]] = {}
        for index, url in enumerate(urls):
            self._pending.setdefault(host_of(url), []).append(index)
        self._busy: set[str] = set()
        self._next: dict[str, float] = {}
        self._interval = interval
        self._condition = threading.Condition()

    def take(self) -> int | None:
        """The index of a URL whose host is free now (waiting if need be), None when all are handed out."""
        with self._condition:
            while True:
                if not self._pending:
                    return None
                now = time.monotonic()
                soonest = None
                for host, indexes in self._pending.items():
                    if host in self._busy:
                        continue
                    ready = self._next.get(host, 0.0)
                    if ready <= now:
                        index = indexes.pop(0)
                        if not indexes:
                            del self._pending[host]
                        self._busy.add(host)
                        return index
                    soonest = ready if soonest is None else min(soonest, ready)
                self._condition.wait(None if soonest is None else soonest - now)

    def done(self, url: str) -> None:
        """Marks the request to `url`'s host finished; the host is free again after the interval."""
        with self._condition:
            host = host_of(url)
            self._busy.discard(host)
            self._next[host] = time.monotonic() + self._interval
            self._condition.notify_all()


def iter_fetch_many(
    urls: Iterable[str],
    *,
    validators: Mapping[str, Validators] | None = None,
    settings: FetchSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[FetchResult]:
    """Fetches many URLs (each once), yielding each result as it completes.

    A pool of `settings.workers` threads shares one client; a host never has two requests in flight,
    and waits `settings.host_interval` seconds between the end of one and the start of the next.
    """
    settings = settings or FetchSettings()
    validators = validators or {}
    unique = list(dict.fromkeys(urls))
    if not unique:
        return
    scheduler = _HostScheduler(unique, settings.host_interval)
    results: list[FetchResult] = []
    ready = threading.Condition()

    def work(client: httpx.Client) -> None:
        while (index := scheduler.take()) is not None:
            url = unique[index]
            try:
                result = fetch(
                    url, validators=validators.get(url), settings=settings, client=client, sleep=sleep
                )
            finally:
                scheduler.done(url)
            with ready:
                results.append(result)
                ready.notify()

    with make_client(settings) as client, ThreadPoolExecutor(settings.workers) as pool:
        futures = [pool.submit(work, client) for _ in range(min(settings.workers, len(unique)))]
        handed = 0
        while handed < len(unique):
            with ready:
                while len(results) == handed and not all(f.done() for f in futures):
                    ready.wait(0.5)
                batch = results[handed:]
            if not batch:
                for future in futures:
                    future.result()  # a worker died: re-raise its (programming) error here
                break
            handed += len(batch)
            yield from batch


def fetch_many(
    urls: Iterable[str],
    *,
    validators: Mapping[str, Validators] | None = None,
    settings: FetchSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, FetchResult]:
    """Fetches many URLs politely (see `iter_fetch_many`); returns {url: result} in the order given."""
    urls = list(dict.fromkeys(urls))
    results = {r.url: r for r in iter_fetch_many(urls, validators=validators, settings=settings, sleep=sleep)}
    return {url: results[url] for url in urls}


def next_attempt(
    failures: int,
    last_attempt: datetime,
    *,
    base: timedelta = timedelta(minutes=5),
    cap: timedelta = timedelta(hours=24),
    retry_after: datetime | None = None,
) -> datetime:
    """When a feed that failed `failures` runs in a row may be fetched again (cross-run backoff).

    No failures: `last_attempt` itself (no wait). Then base, 2*base, 4*base, ... capped at `cap`; a
    server's `retry_after` is honoured when later (also capped), so a failing feed is not hammered.

    Raises:
        ValueError: negative `failures` or a naive `last_attempt`.
    """
    if failures < 0:
        raise ValueError(f"failures must be >= 0, got {failures}")
    if last_attempt.tzinfo is None:
        raise ValueError("last_attempt must be timezone-aware")
    if failures == 0:
        return last_attempt
    wait = cap if failures > 40 else min(cap, base * 2 ** (failures - 1))
    allowed = last_attempt + wait
    if retry_after is not None:
        allowed = max(allowed, min(retry_after, last_attempt + cap))
    return allowed


FEED_STATUSES = ("ok", "unchanged", "not-modified", "error")


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """What the state store keeps per feed between runs, so the next run asks politely and little.

    `url` is where to fetch from now (a permanent redirect moves it; `given_url` stays what the user
    named). `last_status` is "ok" (a new body, to be read), "unchanged" (a 200 with the same bytes as
    last time: a server that ignores validators), "not-modified" (a 304) or "error".
    """

    given_url: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    last_status: str | None = None
    http_status: int | None = None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    failures: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    server_date: datetime | None = None

    @property
    def validators(self) -> Validators:
        """The validators to send on the next fetch."""
        return Validators(etag=self.etag, last_modified=self.last_modified)

    def is_due(self, now: datetime) -> bool:
        """True when the cross-run backoff allows fetching at `now`."""
        return self.next_attempt_at is None or now >= self.next_attempt_at


def after_fetch(
    previous: FeedStatus | None, result: FetchResult, *, given_url: str | None = None
) -> FeedStatus:
    """The feed's status after `result` (a pure function: the state store keeps the returned record).

    A success resets the failure count; an error keeps the validators and body hash of the last
    success, counts one more failure and sets `next_attempt_at` by `next_attempt` (honouring the
    server's Retry-After).
    """
    previous = previous or FeedStatus(given_url=given_url or result.url, url=result.url)
    base = dataclasses.replace(
        previous,
        url=result.permanent_url or previous.url,
        http_status=result.http_status,
        last_attempt_at=result.fetched_at,
        server_date=result.server_date or previous.server_date,
    )
    if result.status == "error":
        failures = previous.failures + 1
        return dataclasses.replace(
            base,
            last_status="error",
            failures=failures,
            last_error=result.error,
            next_attempt_at=next_attempt(failures, result.fetched_at, retry_after=result.retry_after),
        )
    digest = hashlib.sha256(result.body).hexdigest() if result.status == "ok" else previous.body_sha256
    status = "unchanged" if result.status == "ok" and digest == previous.body_sha256 else result.status
    return dataclasses.replace(
        base,
        etag=result.etag,
        last_modified=result.last_modified,
        body_sha256=digest,
        last_status=status,
        last_success_at=result.fetched_at,
        failures=0,
        next_attempt_at=None,
        last_error=None,
    )


class RobotsRules:
    """robots.txt answers per origin, fetched once each with the same client and settings (RFC 9309).

    A robots.txt that is missing (4xx) allows everything; one that cannot be fetched (5xx, network
    error) disallows everything for that origin until a new `RobotsRules` is made.
    """

    def __init__(self, *, settings: FetchSettings | None = None, client: httpx.Client | None = None):
        self._settings = dataclasses.replace(settings or FetchSettings(), max_bytes=500_000, retries=1)
        self._client = client
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._unreachable: dict[str, str] = {}  # origin -> why its robots.txt could not be fetched
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets wirestream fetch `url`."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._parsers.get(origin)
        if rules is None:
            rules = self._load(origin)
            with self._lock:
                self._parsers[origin] = rules
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch("wirestream", url)

    def refusal(self, url: str) -> str:
        """Why `url` is not allowed: robots.txt says so, or it could not be fetched (asked after `allowed`)."""
        parts = urlsplit(url)
        error = self._unreachable.get(f"{parts.scheme}://{parts.netloc}")
        if error is not None:
            return f"robots.txt could not be fetched ({error}): the site is off limits (RFC 9309)"
        return "robots.txt disallows this page"

    def _load(self, origin: str) -> urllib.robotparser.RobotFileParser | bool:
        """The parsed robots.txt of `origin`, or True (allow all) / False (disallow all)."""
        result = fetch(f"{origin}/robots.txt", settings=self._settings, client=self._client)
        if result.status == "ok":
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
            return parser
        # RFC 9309: a missing robots.txt (4xx) allows all; an unreachable one (5xx, network) disallows all.
        if result.http_status is not None and 400 <= result.http_status < 500:
            return True
        with self._lock:
            self._unreachable[origin] = result.error or f"HTTP {result.http_status}"
        return False
