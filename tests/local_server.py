"""A stdlib HTTP server on 127.0.0.1 for the network tests: each path answers with a Python function.

A route is `handler(request) -> Reply`; `Reply.body` may be bytes or an iterator of byte chunks (sent
with a pause between them, for slow servers). Every request is recorded with its headers and time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    pause: float = 0.0  # seconds between chunks of an iterable body


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float
    host: str


Route = Callable[[Request], Reply]


def conditional(etag: str, body: bytes, headers: dict[str, str] | None = None) -> Route:
    """A route that answers 304 when the client sends the current ETag, else the body with it."""

    def route(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        return Reply(200, body, {"ETag": etag, **(headers or {})})

    return route


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client hanging up on a slow or oversized answer is what those tests do


class LocalServer:
    """Serves `routes` on 127.0.0.1 (a free port) in a thread; `close()` stops it."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass  # tests read server.requests instead of stderr

            def do_GET(self):
                request = Request(
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    at=time.monotonic(),
                    host=self.server.server_address[0],
                )
                with server._lock:
                    server.requests.append(request)
                route = server.routes.get(self.path.split("?")[0])
                reply = route(request) if route else Reply(404, b"not found")
                if "Date" in reply.headers:
                    self.send_response_only(reply.status)  # the reply's own Date, not the server clock's
                else:
                    self.send_response(reply.status)
                chunked = not isinstance(reply.body, bytes)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                elif "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))  # type: ignore[arg-type]
                self.end_headers()
                try:
                    if not chunked:
                        self.wfile.write(reply.body)  # type: ignore[arg-type]
                        return
                    for chunk in reply.body:
                        if server._stop.is_set():
                            break
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                        time.sleep(reply.pause)
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on a slow or oversized body: what the test wants

        self._server = _QuietServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path.split("?")[0] == path]

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
