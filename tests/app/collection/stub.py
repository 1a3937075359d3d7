"""A loopback stub answering like the platforms (127.0.0.1 only), recording every request.

A route is called with the request as a Hit: a dict of the query parameters (and, for a POST,
the JSON body's fields) that also carries the method, path, headers and raw body.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, dict[str, str], bytes]


class Hit(dict[str, Any]):
    def __init__(
        self, method: str, path: str, query: dict[str, Any], headers: dict[str, str], body: bytes
    ) -> None:
        super().__init__(query)
        self.method, self.path, self.headers, self.body = method, path, headers, body


Route = Callable[[Hit], Answer]


def json_answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(body).encode(),
    )


def raw_answer(body: bytes, status: int = 200, content_type: str = "application/json") -> Answer:
    return status, {"Content-Type": content_type}, body


class Stub:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.requests: list[Hit] = []
        self.url = ""

    def answer(self, hit: Hit) -> Answer:
        self.requests.append(hit)
        route = self.routes.get(hit.path)
        return route(hit) if route else (404, {}, b"")

    def hits(self, path: str) -> list[Hit]:
        return [hit for hit in self.requests if hit.path == path]


def _hit(handler: BaseHTTPRequestHandler, method: str) -> Hit:
    parts = urlsplit(handler.path)
    query: dict[str, Any] = {k: v[0] for k, v in parse_qs(parts.query).items()}
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length) if length else b""
    if method == "POST" and body:
        try:
            query.update(json.loads(body))
        except ValueError:
            pass
    headers = {name.lower(): value for name, value in handler.headers.items()}
    return Hit(method, parts.path, query, headers, body)


@contextmanager
def serve(stub: Stub) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def _respond(self, method: str) -> None:
            status, headers, body = stub.answer(_hit(self, method))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._respond("GET")

        def do_POST(self) -> None:
            self._respond("POST")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll: shutdown() waits for it, and the default half second adds up over the suite.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        stub.url = f"http://127.0.0.1:{server.server_address[1]}"
        yield stub.url
    finally:
        server.shutdown()
        server.server_close()
