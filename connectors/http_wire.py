"""The wire under connectors/http.py: sockets that keep a deadline, bodies decoded within a cap.

httpx reads a response's headers before the caller can look at the clock, and decompresses a whole
network chunk at once. Here every connect, read and write of a request is bounded by the attempt's
total deadline (a server that trickles its headers or body is cut off in time), and gzip/deflate are
undone chunk by chunk with the cap applied to the *decompressed* bytes (a gzip bomb stops at the cap).
"""

from __future__ import annotations

import contextlib
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpcore
import httpx


class AttemptError(Exception):
    """One attempt failed; `retry` says whether another attempt may help."""

    def __init__(
        self, message: str, *, retry: bool, http_status: int | None = None, wait: float | None = None
    ):
        super().__init__(message)
        self.retry = retry
        self.http_status = http_status
        self.wait = wait


# The deadline of the attempt running in this thread: every socket read, write and connect is bounded by
# it, so a server that trickles its *headers* (which httpx reads before the body loop can check the
# clock) is cut off at the deadline too. Sync httpcore does its socket I/O in the calling thread.
_DEADLINE = threading.local()


@contextlib.contextmanager
def attempt_deadline(deadline: float) -> Iterator[None]:
    """Bounds every socket operation of this thread's requests by `deadline` (time.monotonic())."""
    _DEADLINE.value = deadline
    try:
        yield
    finally:
        _DEADLINE.value = None


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


def deadline_client(user_agent: str, connections: int) -> httpx.Client:
    """An httpx client whose sockets keep `attempt_deadline`: our User-Agent, no automatic redirects."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend; its pool is rebuilt with ours (test_trickled_headers_end_at_the_
    # total_deadline fails loudly if a new httpx stops using `_pool`).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=connections * 2,
        max_keepalive_connections=connections,
        keepalive_expiry=5.0,
        network_backend=_DeadlineBackend(),
    )
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        transport=transport,
        # Never read proxy settings or .netrc credentials from the environment for untrusted URLs.
        trust_env=False,
    )


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
            raise AttemptError(f"unsupported Content-Encoding {encoding!r}", retry=False)
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


def read_body(response: httpx.Response, *, max_bytes: int, deadline: float, total_timeout: float) -> bytes:
    """Reads the (decompressed) body within `max_bytes` and the attempt's `deadline`.

    Raises:
        AttemptError: too large, too slow, an unknown or broken Content-Encoding (never retried).
    """
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "")
    if declared.isdigit() and not encoding and int(declared) > max_bytes:
        raise AttemptError(
            f"response too large: Content-Length {int(declared)} > cap {max_bytes} bytes",
            retry=False,
        )
    decoder = _Decoder(encoding)
    parts: list[bytes] = []
    size = 0
    too_slow = f"too slow: not complete within {total_timeout:g} s"
    try:
        for raw in response.iter_raw():  # no chunk size: httpx would buffer up to it
            if time.monotonic() > deadline:
                raise AttemptError(too_slow, retry=False)
            chunk = raw
            while chunk or decoder.pending:
                # One byte past the cap is enough to know the body is too large.
                out = decoder.decode(chunk, max_bytes - size + 1)
                chunk = b""
                size += len(out)
                if size > max_bytes:
                    raise AttemptError(f"response larger than the cap of {max_bytes} bytes", retry=False)
                parts.append(out)
    except zlib.error as error:
        raise AttemptError(f"broken {encoding} body: {error}", retry=False) from error
    if time.monotonic() > deadline:
        raise AttemptError(too_slow, retry=False)
    return b"".join(parts)
