"""A tiny threaded HTTP server on 127.0.0.1 for fakes: routes, a request log, fault injection.

A fake subclasses `FakeHTTPServer` and implements `route(request) -> Reply`. The server runs in a
background thread (so sync tests, async tests and subprocesses can all reach it), picks a free
port at start, and is ready when `start()` returns. Faults are queued per path prefix:

    server.fail_next(2, status=503, retry_after="1")   # the next two matching requests fail
    server.hang_next(1)                                 # no answer until the server stops
    server.truncate_next(1)                             # half the body, Content-Length to match
    server.drop_next(1)                                 # close the connection without answering

A route may answer a body written piece by piece (`Reply(chunks=..., chunk_delay=...)`): a feed
that drips a byte a second, or a file far larger than memory, made as it is sent. Without a
`length` such a body ends when the connection closes.

An unexpected request answers 404 and is recorded in `errors`; leaving the `with` block with
errors recorded raises AssertionError, so a test that sends a stray request fails loudly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qsl, urlsplit

FaultKind = Literal["status", "hang", "truncate", "drop"]


@dataclass(frozen=True)
class Request:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class Reply:
    """What a route answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/plain; charset=utf-8"
    chunks: Iterable[bytes] | None = None  # a body sent piece by piece instead of `body`
    chunk_delay: float = 0.0  # seconds between two pieces
    length: int | None = None  # the Content-Length announced for `chunks` (None: none)


@dataclass
class Fault:
    """A fault applied to the next `remaining` requests whose path starts with `prefix`."""

    kind: FaultKind
    prefix: str
    remaining: int
    status: int = 500
    retry_after: str | None = None
    keep: float = 0.5


class FakeHTTPServer:
    """Base of the fakes: a threaded HTTP/1.1 server with a log and fault injection."""

    hang_limit = 30.0  # a hung request answers by itself after this long at most

    def __init__(self, *, response_delay: float = 0.0) -> None:
        self.requests: list[Request] = []
        self.errors: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.response_delay = response_delay
        self._faults: list[Fault] = []
        self.replies: list[tuple[str, int]] = []  # (path with query, status) of each answer
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeHTTPServer:
        """Bind a free port on 127.0.0.1 and serve in a background thread; ready on return."""
        handler = type("Handler", (_Handler,), {"fake": self})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False
        self._httpd = httpd
        ready = threading.Event()

        def serve() -> None:
            ready.set()
            httpd.serve_forever(poll_interval=0.02)

        self._thread = threading.Thread(target=serve, name=type(self).__name__, daemon=True)
        self._thread.start()
        ready.wait()
        return self

    def stop(self) -> None:
        """Release hung requests, stop serving and close the socket."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeHTTPServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if exc_type is None:
            self.assert_no_errors()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def origin(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://127.0.0.1:{self.port}"

    # -- faults and assertions -----------------------------------------------------------------

    def fail_next(
        self, n: int = 1, *, status: int = 500, prefix: str = "/", retry_after: str | None = None
    ) -> None:
        """Answer the next `n` requests under `prefix` with `status` (and Retry-After)."""
        self._add_fault(Fault("status", prefix, n, status=status, retry_after=retry_after))

    def hang_next(self, n: int = 1, *, prefix: str = "/") -> None:
        """Do not answer the next `n` requests under `prefix` until the server stops."""
        self._add_fault(Fault("hang", prefix, n))

    def truncate_next(self, n: int = 1, *, prefix: str = "/", keep: float = 0.5) -> None:
        """Answer the next `n` requests under `prefix` with the first `keep` part of the body."""
        self._add_fault(Fault("truncate", prefix, n, keep=keep))

    def drop_next(self, n: int = 1, *, prefix: str = "/") -> None:
        """Close the connection of the next `n` requests under `prefix` without an answer."""
        self._add_fault(Fault("drop", prefix, n))

    def assert_no_errors(self) -> None:
        """Raise AssertionError listing every unexpected request."""
        if self.errors:
            raise AssertionError(f"{type(self).__name__} got unexpected requests: {self.errors}")

    def unexpected(self, request: Request) -> Reply:
        """Record an unexpected request and answer 404."""
        with self._lock:
            self.errors.append(f"{request.method} {request.path}")
        return Reply(404, b"unexpected request\n")

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [r.path for r in self.requests]

    # -- for subclasses ------------------------------------------------------------------------

    def route(self, request: Request) -> Reply:
        """Answer one request; subclasses override."""
        return self.unexpected(request)

    # -- internals -----------------------------------------------------------------------------

    def _add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear_faults(self) -> None:
        """Forget every fault not yet used."""
        with self._lock:
            self._faults.clear()

    def _take_fault(self, target: str) -> Fault | None:
        """The fault for a request; a prefix with "?" is matched against path and query."""
        path = target.split("?", 1)[0]
        with self._lock:
            for fault in self._faults:
                subject = target if "?" in fault.prefix else path
                if fault.remaining > 0 and subject.startswith(fault.prefix):
                    fault.remaining -= 1
                    return fault
        return None

    def _begin(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _end(self) -> None:
        with self._lock:
            self.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    """Turns each HTTP request into a `Request` for the fake and writes its `Reply`."""

    fake: FakeHTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr access log."""

    def _serve(self, *, body: bool) -> None:
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
        )
        fake = self.fake
        fake._begin(request)
        try:
            if fake.response_delay:
                fake._stopping.wait(fake.response_delay)
            fault = fake._take_fault(self.path)
            if fault is not None and fault.kind == "hang":
                fake._stopping.wait(fake.hang_limit)
                self.close_connection = True
                return
            if fault is not None and fault.kind == "drop":
                self.close_connection = True
                return
            if fault is not None and fault.kind == "status":
                reply = Reply(fault.status, b"injected fault\n")
                if fault.retry_after is not None:
                    reply.headers["Retry-After"] = fault.retry_after
            else:
                reply = fake.route(request)
            if fault is not None and fault.kind == "truncate":
                reply.body = reply.body[: int(len(reply.body) * fault.keep)]
            with fake._lock:
                fake.replies.append((self.path, reply.status))
            self._write(reply, body=body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test)
        finally:
            fake._end()

    def _write(self, reply: Reply, *, body: bool) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        if reply.chunks is None:
            self.send_header("Content-Length", str(len(reply.body)))
        elif reply.length is not None:
            self.send_header("Content-Length", str(reply.length))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True  # the body ends with the connection
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not body:
            return
        if reply.chunks is None:
            self.wfile.write(reply.body)
            return
        stopping = self.fake._stopping
        for chunk in reply.chunks:
            if stopping.is_set():
                break
            self.wfile.write(chunk)
            if reply.chunk_delay:
                stopping.wait(reply.chunk_delay)
