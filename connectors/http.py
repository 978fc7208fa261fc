"""Fetching feeds over HTTP politely and defensively: one URL -> a `FetchResult`, never an exception.

What a production fetcher owes the servers it polls and the machine it runs on:
- conditional GET (`If-None-Match`, `If-Modified-Since`) from the validators the state store kept, so an
  unchanged feed costs a 304;
- a connect timeout, a read timeout between bytes and a total deadline per attempt, checked while the
  body streams in (a server that trickles its body ends the attempt in seconds, not hours);
- bounded retries with exponential backoff on connection errors, 429 and 5xx, honouring `Retry-After`
  up to a cap (a longer wait ends the fetch with `retry_after` set, for the state to keep);
- redirects followed by hand within a limit, so a permanent one (301/308) is known and the stored URL
  can move;
- gzip and deflate decompressed here with a size cap on the *decompressed* bytes (a gzip bomb stops at
  the cap, not in memory);
- a `User-Agent` naming wirestream, its version and a contact URL;
- `fetch_many`: a thread pool, one request at a time per host and a minimum interval per host.

`next_attempt` is the cross-run backoff for a feed that keeps failing (a pure function: the state store
keeps the failure count and the last attempt). `RobotsRules` answers robots.txt questions for article
fetching, over the same client.
"""

from __future__ import annotations

import dataclasses
import email.utils
import importlib.metadata
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

DEFAULT_CONTACT_URL = "https://github.com/wirestream/wirestream"
STATUSES = ("ok", "not-modified", "error")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))
# Errors where the server never answered (or hung up mid-answer): worth another try. A read timeout is
# not in the list: a server that stalls once usually stalls again, and retrying it multiplies the wait.
_RETRY_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


def _version() -> str:
    """wirestream's installed version, "0" when run from a source tree that is not installed."""
    try:
        return importlib.metadata.version("wirestream")
    except importlib.metadata.PackageNotFoundError:
        return "0"


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful fetch of a URL said about its version, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How to fetch: timeouts in seconds, sizes in bytes; validated when built."""

    contact_url: str = DEFAULT_CONTACT_URL
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 20_000_000
    retries: int = 2
    backoff: float = 1.0
    max_wait: float = 30.0
    max_redirects: int = 5
    workers: int = 16
    host_interval: float = 1.0

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0 seconds, got {getattr(self, name)!r}")
        for name in ("max_bytes", "workers"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)!r}")
        for name in ("retries", "max_redirects", "backoff", "max_wait", "host_interval"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")
        if not self.contact_url.startswith(("http://", "https://", "mailto:")):
            raise ValueError(f"contact_url must be an http(s) or mailto: URL, got {self.contact_url!r}")

    @property
    def user_agent(self) -> str:
        """`wirestream/0.1.0 (+https://...)`: who is fetching and where to complain."""
        return f"wirestream/{_version()} (+{self.contact_url})"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one URL gave.

    `status` is "ok" (a 2xx with its body), "not-modified" (a 304: `etag`/`last_modified` are the
    ones to keep) or "error" (`error` says why; `http_status` is set when the server answered).
    `permanent_url` is where a leading chain of 301/308 redirects led (the URL to store from now on),
    `retry_after` when the server asked not to be asked again before then (429/503).
    """

    url: str
    status: str
    fetched_at: datetime
    attempts: int
    body: bytes = b""
    http_status: int | None = None
    final_url: str | None = None
    permanent_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    server_date: datetime | None = None
    content_type: str | None = None
    retry_after: datetime | None = None
    error: str | None = None

    @property
    def validators(self) -> Validators:
        """The validators to send on the next fetch of this URL."""
        return Validators(etag=self.etag, last_modified=self.last_modified)


class _FetchError(Exception):
    """One attempt failed; `retry` says whether another attempt may help."""

    def __init__(
        self, message: str, *, retry: bool, http_status: int | None = None, wait: float | None = None
    ):
        super().__init__(message)
        self.retry = retry
        self.http_status = http_status
        self.wait = wait


@dataclass
class _Answer:
    """One attempt's final response, after redirects, with its body read."""

    response: httpx.Response
    body: bytes
    final_url: str
    permanent_url: str | None


# The deadline of the attempt running in this thread: every socket read, write and connect is bounded by
# it, so a server that trickles its *headers* (which httpx reads before the body loop can check the
# clock) is cut off at the deadline too. Sync httpcore does its socket I/O in the calling thread.
_DEADLINE = threading.local()


def _bounded(timeout: float | None) -> float | None:
    """`timeout` shortened to what is left of this thread's attempt deadline."""
    deadline = getattr(_DEADLINE, "value", None)
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpcore.ReadTimeout("the attempt's total deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation ends by the attempt's deadline."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # type: ignore[no-untyped-def]
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync sockets, wrapped in `_DeadlineStream`."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        stream = self._backend.connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # type: ignore[no-untyped-def]
        return _DeadlineStream(self._backend.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def make_client(settings: FetchSettings) -> httpx.Client:
    """An httpx client for `settings`: our User-Agent, no automatic redirects, pooled connections."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend; its pool is rebuilt with ours (test_trickled_headers_end_at_the_
    # total_deadline fails loudly if a new httpx stops using `_pool`).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=settings.workers * 2,
        max_keepalive_connections=settings.workers,
        keepalive_expiry=5.0,
        network_backend=_DeadlineBackend(),
    )
    return httpx.Client(
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        transport=transport,
        # Never read proxy settings or .netrc credentials from the environment for untrusted URLs.
        trust_env=False,
    )


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP date (`Date`, `Last-Modified`, `Retry-After`) as aware UTC, None when unreadable."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = parse_http_date(value)
    return None if when is None else max(0.0, (when - now).total_seconds())


class _Decoder:
    """Undoes a Content-Encoding chunk by chunk, never producing more than asked for."""

    def __init__(self, encoding: str):
        encoding = encoding.strip().lower()
        if encoding in ("gzip", "x-gzip"):
            wbits = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            wbits = zlib.MAX_WBITS  # zlib-wrapped, as RFC 9110 says; raw deflate is tried if that fails
        elif encoding in ("", "identity"):
            wbits = 0
        else:
            raise _FetchError(f"unsupported Content-Encoding {encoding!r}", retry=False)
        self._encoding = encoding
        self._zlib = zlib.decompressobj(wbits) if wbits else None
        self._started = False
        self.pending = b""

    def decode(self, chunk: bytes, max_length: int) -> bytes:
        """Up to `max_length` bytes of `self.pending + chunk` decoded; the rest stays in `pending`."""
        data = self.pending + chunk
        self.pending = b""
        if self._zlib is None:
            return data
        try:
            out = self._zlib.decompress(data, max_length)
        except zlib.error:
            if self._encoding != "deflate" or self._started:
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # servers that send raw deflate
            out = self._zlib.decompress(data, max_length)
        self._started = True
        self.pending = self._zlib.unconsumed_tail
        return out


def _read_body(response: httpx.Response, settings: FetchSettings, deadline: float) -> bytes:
    """Reads the (decompressed) body within the size cap and the attempt's deadline."""
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "")
    if declared.isdigit() and not encoding and int(declared) > settings.max_bytes:
        raise _FetchError(
            f"response too large: Content-Length {int(declared)} > cap {settings.max_bytes} bytes",
            retry=False,
        )
    decoder = _Decoder(encoding)
    parts: list[bytes] = []
    size = 0
    too_slow = f"too slow: not complete within {settings.total_timeout:g} s"
    try:
        for raw in response.iter_raw():  # no chunk size: httpx would buffer up to it
            if time.monotonic() > deadline:
                raise _FetchError(too_slow, retry=False)
            chunk = raw
            while chunk or decoder.pending:
                # One byte past the cap is enough to know the body is too large.
                out = decoder.decode(chunk, settings.max_bytes - size + 1)
                chunk = b""
                size += len(out)
                if size > settings.max_bytes:
                    raise _FetchError(
                        f"response larger than the cap of {settings.max_bytes} bytes", retry=False
                    )
                parts.append(out)
    except zlib.error as error:
        raise _FetchError(f"broken {encoding} body: {error}", retry=False) from error
    if time.monotonic() > deadline:
        raise _FetchError(too_slow, retry=False)
    return b"".join(parts)


def _request_headers(validators: Validators | None) -> dict[str, str]:
    """The conditional headers for `validators`."""
    headers = {}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _attempt(client: httpx.Client, url: str, headers: Mapping[str, str], settings: FetchSettings) -> _Answer:
    """One attempt: the request, its redirects (within the limit) and the body; raises _FetchError."""
    deadline = time.monotonic() + settings.total_timeout
    _DEADLINE.value = deadline
    try:
        return _follow(client, url, headers, settings, deadline)
    finally:
        _DEADLINE.value = None


def _follow(
    client: httpx.Client, url: str, headers: Mapping[str, str], settings: FetchSettings, deadline: float
) -> _Answer:
    """Requests `url`, following redirects within the limit, and reads the final body by `deadline`."""
    current = url
    permanent_url: str | None = None
    still_permanent = True
    for _hop in range(settings.max_redirects + 1):
        remaining = max(0.001, deadline - time.monotonic())
        timeout = httpx.Timeout(
            connect=min(settings.connect_timeout, remaining),
            read=min(settings.read_timeout, remaining),
            write=min(settings.read_timeout, remaining),
            pool=remaining,
        )
        try:
            with client.stream("GET", current, headers=dict(headers), timeout=timeout) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    try:
                        target = urljoin(current, response.headers["location"])
                    except ValueError as error:
                        raise _FetchError(f"redirect to an invalid URL: {error}", retry=False) from error
                    if _url_problem(target) is not None:
                        raise _FetchError(f"redirect to a non-HTTP URL: {target}", retry=False)
                    if still_permanent and response.status_code in _PERMANENT:
                        permanent_url = target
                    else:
                        still_permanent = False
                    current = target
                    continue
                body = b"" if response.status_code == 304 else _read_body(response, settings, deadline)
                return _Answer(response, body, current, permanent_url)
        except _RETRY_ERRORS as error:
            raise _FetchError(
                f"{type(error).__name__}: {error or 'connection failed'}", retry=True
            ) from error
        except httpx.TimeoutException as error:
            if time.monotonic() >= deadline:
                raise _FetchError(
                    f"too slow: not complete within {settings.total_timeout:g} s", retry=False
                ) from error
            raise _FetchError(f"{type(error).__name__}: no answer within the timeout", retry=False) from error
        except httpx.HTTPError as error:
            raise _FetchError(f"{type(error).__name__}: {error}", retry=False) from error
    raise _FetchError(f"more than {settings.max_redirects} redirects", retry=False)


def fetch(
    url: str,
    *,
    validators: Validators | None = None,
    settings: FetchSettings | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetches one URL; never raises for what the network or the server does (status "error").

    Args:
        url: an http(s) URL.
        validators: the ETag / Last-Modified of the last good fetch, for a conditional GET.
        settings: timeouts, caps, retries; the defaults when None.
        client: a client from `make_client` to share connections; one is made (and closed) when None.
        sleep: waits between attempts (tests pass a recorder).
    """
    settings = settings or FetchSettings()
    problem = _url_problem(url)
    if problem is not None:
        return FetchResult(url=url, status="error", fetched_at=datetime.now(UTC), attempts=0, error=problem)
    own = client is None
    client = client or make_client(settings)
    headers = _request_headers(validators)
    attempts = 0
    try:
        while True:
            attempts += 1
            fetched_at = datetime.now(UTC)
            try:
                answer = _attempt(client, url, headers, settings)
                failure = _status_failure(answer.response, fetched_at)
                if failure is None:
                    return _result(url, answer, validators, fetched_at, attempts)
                raise failure
            except _FetchError as error:
                wait = _next_wait(error, attempts, settings)
                if wait is None:
                    retry_after = (
                        fetched_at + timedelta(seconds=error.wait) if error.wait is not None else None
                    )
                    return FetchResult(
                        url=url,
                        status="error",
                        fetched_at=fetched_at,
                        attempts=attempts,
                        http_status=error.http_status,
                        retry_after=retry_after,
                        error=str(error),
                    )
                sleep(wait)
    finally:
        if own:
            client.close()


def _url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched (not http(s), malformed), None when it can."""
    try:
        if urlsplit(url).scheme not in ("http", "https"):
            return "not an http(s) URL"
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as error:
        return f"invalid URL: {error}"
    return None


def _status_failure(response: httpx.Response, now: datetime) -> _FetchError | None:
    """The _FetchError a final (non-redirect) status stands for, None for 2xx and 304."""
    code = response.status_code
    if 200 <= code < 300 or code == 304:
        return None
    reason = f"HTTP {code} {response.reason_phrase}".strip()
    if code in _RETRY_STATUSES:
        wait = retry_after_seconds(response.headers.get("retry-after"), now)
        return _FetchError(reason, retry=True, http_status=code, wait=wait)
    if code in _REDIRECTS:
        reason += " without a Location"
    return _FetchError(reason, retry=False, http_status=code)


def _next_wait(error: _FetchError, attempts: int, settings: FetchSettings) -> float | None:
    """Seconds to wait before the next attempt, or None to give up now."""
    if not error.retry or attempts > settings.retries:
        return None
    if error.wait is not None:
        # The server named its wait: honour it, or give up (keeping it) when it is beyond the cap.
        return error.wait if error.wait <= settings.max_wait else None
    return min(settings.backoff * 2 ** (attempts - 1), settings.max_wait)


def _result(
    url: str, answer: _Answer, validators: Validators | None, fetched_at: datetime, attempts: int
) -> FetchResult:
    """The FetchResult of a 2xx or 304 answer."""
    headers = answer.response.headers
    not_modified = answer.response.status_code == 304
    etag = headers.get("etag") or (validators.etag if not_modified and validators else None)
    last_modified = headers.get("last-modified") or (
        validators.last_modified if not_modified and validators else None
    )
    return FetchResult(
        url=url,
        status="not-modified" if not_modified else "ok",
        fetched_at=fetched_at,
        attempts=attempts,
        body=answer.body,
        http_status=answer.response.status_code,
        final_url=answer.final_url,
        permanent_url=answer.permanent_url,
        etag=etag,
        last_modified=last_modified,
        server_date=parse_http_date(headers.get("date")),
        content_type=headers.get("content-type"),
    )


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


class RobotsRules:
    """robots.txt answers per origin, fetched once each with the same client and settings (RFC 9309).

    A robots.txt that is missing (4xx) allows everything; one that cannot be fetched (5xx, network
    error) disallows everything for that origin until a new `RobotsRules` is made.
    """

    def __init__(self, *, settings: FetchSettings | None = None, client: httpx.Client | None = None):
        self._settings = dataclasses.replace(settings or FetchSettings(), max_bytes=500_000, retries=1)
        self._client = client
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
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

    def _load(self, origin: str) -> urllib.robotparser.RobotFileParser | bool:
        """The parsed robots.txt of `origin`, or True (allow all) / False (disallow all)."""
        result = fetch(f"{origin}/robots.txt", settings=self._settings, client=self._client)
        if result.status == "ok":
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
            return parser
        # RFC 9309: a missing robots.txt (4xx) allows all; an unreachable one (5xx, network) disallows all.
        return result.http_status is not None and 400 <= result.http_status < 500
