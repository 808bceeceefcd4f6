"""The one base of the fake servers: a threaded HTTP/1.1 server on 127.0.0.1 with a request log,
fault injection, bodies, long polling and a clean stop.

A fake subclasses `FakeHTTPServer` and implements `route(request) -> Reply`. The server runs in a
background thread (so sync tests, async tests and subprocesses can all reach it), picks a free
port at start, and is ready when `start()` returns; `origin` is `http://127.0.0.1:<port>`, from
which each fake names its own URLs (`FakeBotApi.url`, `SyncFeedServer.base_url`,
`KoopServer.url(id)`). Faults are queued per path prefix:

    server.fail_next(2, status=503, retry_after="1")   # the next two matching requests fail
    server.hang_next(1)                                 # no answer until the server stops
    server.truncate_next(1)                             # half the body, Content-Length to match
    server.drop_next(1)                                 # close the connection without answering

A route reads GET, HEAD and POST requests: `request.body`, and `request.params()` for the query
string with a form or JSON body over it. It may hold a request (long polling) by waiting on the
fake's condition `_cond`, which every finished request and `stop()` notify; `hold()` waits until
the server stops; `Reply(answer=False)` closes the connection without an answer.

`stop()` wakes every held request, stops accepting, closes every open (keep-alive) connection
and the socket, at once. An unexpected request answers 404 and is recorded in `errors`; leaving
the `with` block with errors recorded raises AssertionError, so a stray request fails loudly.

A route may answer a body written piece by piece (`Reply(chunks=..., chunk_delay=...)`): a feed
that drips a byte a second, or a file far larger than memory, made as it is sent. Without a
`length` such a body ends when the connection closes.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import parse_qsl, urlsplit

FaultKind = Literal["status", "hang", "truncate", "drop"]


class BadBody(ValueError):
    """A request body the fake cannot read (a JSON body that is not an object)."""


@dataclass(frozen=True)
class Request:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The media type of the body, lower case, without parameters ("" without a body)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def params(self) -> dict[str, Any]:
        """The query string's fields, with the body's over them: a JSON object (its values as
        decoded), a multipart form (uploaded files as bytes, the rest as text) or a form
        (strings). Raises BadBody for a JSON body that is not an object."""
        params: dict[str, Any] = dict(self.query)
        if not self.body:
            return params
        if self.content_type == "application/json":
            try:
                decoded = json.loads(self.body)
            except ValueError:
                decoded = None
            if not isinstance(decoded, dict):
                raise BadBody("the JSON body is not an object")
            params.update(decoded)
        elif self.content_type == "multipart/form-data":
            params.update(_multipart(self.headers.get("content-type", ""), self.body))
        else:
            text = self.body.decode("utf-8", "replace")
            params.update(parse_qsl(text, keep_blank_values=True))
        return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """The fields of a multipart/form-data body: uploaded files as bytes, the rest as text."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True) or b""
        fields[name] = data if part.get_filename() else data.decode("utf-8", "replace")
    return fields


@dataclass
class Reply:
    """What a route answers; `answer=False` closes the connection without an answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/plain; charset=utf-8"
    chunks: Iterable[bytes] | None = None  # a body sent piece by piece instead of `body`
    chunk_delay: float = 0.0  # seconds between two pieces
    length: int | None = None  # the Content-Length announced for `chunks` (None: none)
    answer: bool = True


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

    hang_limit = 30.0  # a held request answers by itself after this long at most

    def __init__(self, *, response_delay: float = 0.0) -> None:
        self.requests: list[Request] = []
        self.errors: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.response_delay = response_delay
        self.replies: list[tuple[str, int]] = []  # (path with query, status) of each answer
        self._path_faults: list[Fault] = []
        # One lock for the fake's state; its condition is notified when a request finishes and
        # when the server stops, so held requests and waiting tests can re-check.
        self._cond = threading.Condition(threading.RLock())
        self._lock = self._cond
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._httpd: _Server | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port on 127.0.0.1 and serve in a background thread; ready on return."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._stopping.clear()
        self._httpd = httpd = _Server(("127.0.0.1", 0), handler)  # listening from here on
        self._thread = threading.Thread(
            target=httpd.accept_until_stopped, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake held requests, stop accepting, close every connection and the socket."""
        with self._cond:
            self._stopping.set()
            self._cond.notify_all()
        if self._httpd is not None:
            self._httpd.stop_accepting()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._cond:  # the woken requests answer before their connections are cut
            self._cond.wait_for(lambda: self.in_flight == 0, timeout=1.0)
        if self._httpd is not None:
            self._httpd.close_connections()
            self._httpd.server_close()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
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

    @property
    def stopping(self) -> bool:
        """True once `stop()` began: held requests should answer now."""
        return self._stopping.is_set()

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

    def clear_faults(self) -> None:
        """Forget every fault not yet used."""
        with self._lock:
            self._path_faults.clear()

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

    def hold(self, seconds: float | None = None) -> None:
        """Block the calling request until the server stops, or `seconds` (`hang_limit`) pass."""
        limit = self.hang_limit if seconds is None else min(seconds, self.hang_limit)
        with self._cond:
            self._cond.wait_for(lambda: self._stopping.is_set(), timeout=limit)

    # -- internals -----------------------------------------------------------------------------

    def _add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._path_faults.append(fault)

    def _take_path_fault(self, target: str) -> Fault | None:
        """The fault for a request; a prefix with "?" is matched against path and query."""
        path = target.split("?", 1)[0]
        with self._lock:
            for fault in self._path_faults:
                subject = target if "?" in fault.prefix else path
                if fault.remaining > 0 and subject.startswith(fault.prefix):
                    fault.remaining -= 1
                    return fault
        return None

    def _request_began(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _request_ended(self) -> None:
        with self._cond:
            self.in_flight -= 1
            self._cond.notify_all()

    def _reply_to(self, request: Request, target: str) -> Reply:
        """The reply to one request: an injected fault, else the route's, after any delay."""
        if self.response_delay:
            self._stopping.wait(self.response_delay)
        fault = self._take_path_fault(target)
        if fault is not None and fault.kind == "hang":
            self.hold()
            return Reply(answer=False)
        if fault is not None and fault.kind == "drop":
            return Reply(answer=False)
        if fault is not None and fault.kind == "status":
            reply = Reply(fault.status, b"injected fault\n")
            if fault.retry_after is not None:
                reply.headers["Retry-After"] = fault.retry_after
            return reply
        reply = self.route(request)
        if fault is not None and fault.kind == "truncate":
            reply.body = reply.body[: int(len(reply.body) * fault.keep)]
        return reply


class _Server(ThreadingHTTPServer):
    """Accepts until stopped, one thread per connection, and can close its open connections."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # bursts of new connections (many chats, many categories)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timeout = None  # handle_request() waits for the next connection
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._stop_accepting = threading.Event()

    def accept_until_stopped(self) -> None:
        """Serve connections until `stop_accepting()`."""
        while not self._stop_accepting.is_set():
            self.handle_request()

    def stop_accepting(self) -> None:
        """End `accept_until_stopped` now: set the flag, then wake the accept with a connection."""
        self._stop_accepting.set()
        address = ("127.0.0.1", int(self.server_address[1]))
        with contextlib.suppress(OSError), socket.create_connection(address, timeout=1):
            pass

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._stop_accepting.is_set():
            self.shutdown_request(request)
            return
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection: idle keep-alive ones and those being answered."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Turns each HTTP request into a `Request` for the fake and writes its `Reply`."""

    fake: FakeHTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1  # buffered: headers and body leave in one write

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_POST(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def handle(self) -> None:
        with contextlib.suppress(OSError):  # the client, or stop(), ended the connection
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        """Silent: no stderr access log (a Bot API request line holds the token)."""

    def _serve(self, *, body: bool) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        fake = self.fake
        fake._request_began(request)
        try:
            reply = fake._reply_to(request, self.path)
            if not reply.answer:
                self.close_connection = True
                return
            with fake._lock:
                fake.replies.append((self.path, reply.status))
            self._write(reply, body=body)
        except OSError:
            self.close_connection = True  # the client gave up (a timeout test), or stop()
        finally:
            fake._request_ended()

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
            pass
        elif reply.chunks is None:
            self.wfile.write(reply.body)
        else:
            stopping = self.fake._stopping
            for chunk in reply.chunks:
                if stopping.is_set():
                    break
                self.wfile.write(chunk)
                self.wfile.flush()  # each piece goes out as it is made
                if reply.chunk_delay:
                    stopping.wait(reply.chunk_delay)
        self.wfile.flush()
