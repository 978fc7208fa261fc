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
- a `User-Agent` naming wirestream, its version and a contact URL.

Sockets with a deadline and capped decompression live in connectors/http_wire.py; `fetch_many`,
the cross-run backoff and robots.txt in connectors/polite.py.
"""

from __future__ import annotations

import email.utils
import importlib.metadata
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import httpx

from connectors.http_wire import AttemptError, attempt_deadline, deadline_client, read_body
from schemas import DeadLetter

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


def make_client(settings: FetchSettings) -> httpx.Client:
    """An httpx client for `settings`, to share connections between fetches (`fetch(client=...)`)."""
    return deadline_client(settings.user_agent, settings.workers)


@dataclass
class _Answer:
    """One attempt's final response, after redirects, with its body read."""

    response: httpx.Response
    body: bytes
    final_url: str
    permanent_url: str | None


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


def _request_headers(validators: Validators | None) -> dict[str, str]:
    """The conditional headers for `validators`."""
    headers = {}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _attempt(client: httpx.Client, url: str, headers: Mapping[str, str], settings: FetchSettings) -> _Answer:
    """One attempt: the request, its redirects (within the limit) and the body; raises AttemptError."""
    deadline = time.monotonic() + settings.total_timeout
    with attempt_deadline(deadline):
        return _follow(client, url, headers, settings, deadline)


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
                        raise AttemptError(f"redirect to an invalid URL: {error}", retry=False) from error
                    if _url_problem(target) is not None:
                        raise AttemptError(f"redirect to a non-HTTP URL: {target}", retry=False)
                    if still_permanent and response.status_code in _PERMANENT:
                        permanent_url = target
                    else:
                        still_permanent = False
                    current = target
                    continue
                body = (
                    b""
                    if response.status_code == 304
                    else read_body(
                        response,
                        max_bytes=settings.max_bytes,
                        deadline=deadline,
                        total_timeout=settings.total_timeout,
                    )
                )
                return _Answer(response, body, current, permanent_url)
        except _RETRY_ERRORS as error:
            raise AttemptError(
                f"{type(error).__name__}: {error or 'connection failed'}", retry=True
            ) from error
        except httpx.TimeoutException as error:
            if time.monotonic() >= deadline:
                raise AttemptError(
                    f"too slow: not complete within {settings.total_timeout:g} s", retry=False
                ) from error
            raise AttemptError(
                f"{type(error).__name__}: no answer within the timeout", retry=False
            ) from error
        except httpx.HTTPError as error:
            raise AttemptError(f"{type(error).__name__}: {error}", retry=False) from error
    raise AttemptError(f"more than {settings.max_redirects} redirects", retry=False)


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
            except AttemptError as error:
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


def _status_failure(response: httpx.Response, now: datetime) -> AttemptError | None:
    """The AttemptError a final (non-redirect) status stands for, None for 2xx and 304."""
    code = response.status_code
    if 200 <= code < 300 or code == 304:
        return None
    reason = f"HTTP {code} {response.reason_phrase}".strip()
    if code in _RETRY_STATUSES:
        wait = retry_after_seconds(response.headers.get("retry-after"), now)
        return AttemptError(reason, retry=True, http_status=code, wait=wait)
    if code in _REDIRECTS:
        reason += " without a Location"
    return AttemptError(reason, retry=False, http_status=code)


def _next_wait(error: AttemptError, attempts: int, settings: FetchSettings) -> float | None:
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


def fetch_failure(url: str, result: FetchResult) -> DeadLetter:
    """The dead letter of a feed that could not be fetched, saying why."""
    return DeadLetter(
        step="fetch",
        source=url,
        error=f"fetch failed after {result.attempts} attempt(s): {result.error}",
        traceback="",
        payload=DeadLetter.excerpt(result.body),
    )
