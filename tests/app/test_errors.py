"""The error handlers: one body for every error, a 500 that leaves the connection usable, and
a 405 that names every method of the path."""

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from app.config import Settings
from app.main import create_app

ERROR_KEYS = {"error", "message", "detail"}


def _boom() -> None:
    raise RuntimeError("an error nobody named")


@pytest.fixture
def served(tmp_path) -> Iterator[int]:
    """The real app under uvicorn on a loopback port, with one route that fails unexpectedly."""
    import uvicorn

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'errors.db'}"))
    app.add_api_route("/boom", _boom)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the loopback server did not start"
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _exchange(connection: socket.socket, path: str) -> tuple[int, dict]:
    """One HTTP/1.1 request on an open connection, and the status and JSON body of its answer."""
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        assert chunk, f"the connection was closed before the answer to {path}"
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    length = next(
        int(line.split(":")[1]) for line in lines if line.lower().startswith("content-length")
    )
    while len(body) < length:
        chunk = connection.recv(65536)
        assert chunk, f"the connection was closed inside the answer to {path}"
        body += chunk
    return int(lines[0].split()[1]), json.loads(body)


def test_an_unexpected_error_is_a_500_and_the_connection_stays_usable(served, caplog):
    """Starlette re-raised after answering, and uvicorn then closed the connection: the
    client's next request on that keep-alive connection was reset."""
    with socket.create_connection(("127.0.0.1", served), timeout=10) as connection:
        status, body = _exchange(connection, "/boom")
        assert status == 500
        assert set(body) == ERROR_KEYS
        assert body["error"] == "internal_error"
        assert _exchange(connection, "/healthz")[0] == 200
    assert "an error nobody named" in caplog.text  # logged with its traceback


def test_a_wrong_method_names_every_method_the_path_takes(api):
    brand = api.post("/v1/brands", json={"name": "星河手机"}).json()
    response = api.request("OPTIONS", f"/v1/brands/{brand['id']}")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
    assert set(response.json()) == ERROR_KEYS
    assert set(api.put("/v1/brands").headers["allow"].split(", ")) >= {"GET", "POST"}
