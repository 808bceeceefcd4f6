"""The fakes' one base server: bodies, holding requests, and a stop that ends everything at once."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from tests.fakes.botapi import FakeBotApi
from tests.fakes.httpserver import BadBody, FakeHTTPServer, Reply, Request


class EchoServer(FakeHTTPServer):
    """Answers /echo with the request's params as text; /wait holds until the server stops."""

    def route(self, request: Request) -> Reply:
        """/echo and /wait; anything else is unexpected."""
        if request.path == "/echo":
            try:
                params = request.params()
            except BadBody as exc:
                return Reply(400, str(exc).encode())
            return Reply(200, repr(sorted(params.items())).encode())
        if request.path == "/wait":
            self.hold()
            return Reply(200, b"released")
        return self.unexpected(request)


def test_query_form_and_json_bodies_are_decoded() -> None:
    """POSTed form and JSON fields lie over the query's; a JSON body that is no object is bad."""
    with EchoServer() as server, httpx.Client(base_url=server.origin) as client:
        form = client.post("/echo?a=1&b=2", data={"b": "3"})
        body = client.post("/echo?a=1", json={"n": 5, "list": [1]})
        bad = client.post("/echo", content=b"[1, 2]", headers={"Content-Type": "application/json"})
        get = client.get("/echo?x=")
    assert form.text == "[('a', '1'), ('b', '3')]"
    assert body.text == "[('a', '1'), ('list', [1]), ('n', 5)]"
    assert (bad.status_code, bad.text) == (400, "the JSON body is not an object")
    assert get.text == "[('x', '')]"
    assert [r.method for r in server.requests] == ["POST", "POST", "POST", "GET"]
    assert server.requests[0].body == b"b=3"


def test_stop_releases_held_requests_and_closes_keep_alive_connections() -> None:
    """A held request is answered and an idle keep-alive connection ended as soon as it stops."""
    server = EchoServer().start()
    client = httpx.Client(base_url=server.origin, timeout=10)
    idle = httpx.Client(base_url=server.origin, timeout=10)
    answers: list[str] = []
    try:
        assert idle.get("/echo").status_code == 200  # its connection stays open, idle
        waiting = threading.Thread(target=lambda: answers.append(client.get("/wait").text))
        waiting.start()
        deadline = time.monotonic() + 5
        while "/wait" not in server.paths():  # not in_flight: /echo may still be finishing
            assert time.monotonic() < deadline, "the /wait request never arrived"
            time.sleep(0.01)
        started = time.monotonic()
        server.stop()
        waiting.join(timeout=5)
        assert time.monotonic() - started < 1
        assert answers == ["released"]
        with pytest.raises(httpx.TransportError):  # the old connection is gone, nothing listens
            idle.get("/echo")
    finally:
        client.close()
        idle.close()


def test_a_fault_hang_ends_when_the_server_stops() -> None:
    """hang_next holds the request without an answer until stop(), then drops the connection."""
    server = EchoServer().start()
    server.hang_next(1)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            httpx.get(f"{server.origin}/echo", timeout=10)
        except httpx.TransportError as exc:
            errors.append(exc)

    waiting = threading.Thread(target=call)
    waiting.start()
    deadline = time.monotonic() + 5
    while not server.paths():
        assert time.monotonic() < deadline, "the request never arrived"
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    waiting.join(timeout=5)
    assert time.monotonic() - started < 1
    assert len(errors) == 1
    assert server.replies == []


def test_start_and_stop_take_no_poll_interval() -> None:
    """Twenty servers start, answer and stop within two seconds in all (a few ms each)."""
    with httpx.Client() as client:
        started = time.monotonic()
        for _ in range(20):
            with EchoServer() as server:
                assert client.get(f"{server.origin}/echo").status_code == 200
        assert time.monotonic() - started < 2


async def test_closing_the_bot_api_ends_a_long_poll_at_once() -> None:
    """A getUpdates waiting 20 s returns (empty) as soon as the fake Bot API closes."""
    api = FakeBotApi().start()
    try:
        async with Bot(api.token, base_url=api.base_url, request=HTTPXRequest()) as bot:
            poll = asyncio.create_task(bot.get_updates(timeout=20, read_timeout=30))
            await api.wait_for_async(api.polls_waiting, timeout=5)
            started = time.monotonic()
            await asyncio.to_thread(api.close)
            assert await asyncio.wait_for(poll, timeout=5) == ()
            assert time.monotonic() - started < 2
    finally:
        api.close()
