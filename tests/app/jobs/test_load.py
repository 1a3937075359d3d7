"""The load driver's HTTP client: keep-alive, bodies both ways, and a reconnect when the server
closed an idle connection (loopback only)."""

import asyncio

from app.jobs.load import HttpConnection, asgi_request


async def serve_answers(close_after: int, received: list[bytes], connections: list[int]):
    """A loopback server answering each request with its own body reversed; it closes a
    connection after `close_after` answers."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        for _ in range(close_after):
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = await reader.readexactly(length)
            received.append(head.split(b"\r\n")[0] + b" " + body)
            answer = body[::-1]
            head = b"HTTP/1.1 201 Created\r\nContent-Length: %d\r\n\r\n" % len(answer)
            writer.write(head + answer)
            await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def run_client(close_after: int, requests: list[tuple[str, bytes | None]]):
    received: list[bytes] = []
    connections: list[int] = []

    async def scenario():
        server = await serve_answers(close_after, received, connections)
        port = server.sockets[0].getsockname()[1]
        client = HttpConnection(f"http://127.0.0.1:{port}", {"Authorization": "Bearer k"})
        answers = []
        for method, body in requests:
            answers.append(await client.request(method, "/v1/x", body))
            await asyncio.sleep(0.01)  # the server's close reaches the client first
        client.close()
        server.close()
        return answers

    return asyncio.run(scenario()), received, len(connections)


def test_requests_share_one_connection_and_carry_their_bodies():
    sent = [("POST", b"abc"), ("GET", None), ("POST", b"xy")]
    answers, received, connections = run_client(3, sent)
    assert answers == [(201, b"cba"), (201, b""), (201, b"yx")]
    assert received == [
        b"POST /v1/x HTTP/1.1 abc",
        b"GET /v1/x HTTP/1.1 ",
        b"POST /v1/x HTTP/1.1 xy",
    ]
    assert connections == 1


def test_a_connection_the_server_closed_is_opened_again():
    answers, received, connections = run_client(1, [("GET", None), ("POST", b"12")])
    assert answers == [(201, b""), (201, b"21")]
    assert connections == 2


def test_a_request_through_the_app_carries_the_key_and_the_body():
    seen = {}

    async def app(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        seen["body"] = (await receive())["body"]
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"made"})

    status, body = asyncio.run(asgi_request(app, "POST", "/v1/posts", "kr_a_b", b"[]"))
    assert (status, body) == (201, b"made")
    assert seen["headers"][b"authorization"] == b"Bearer kr_a_b"
    assert seen["body"] == b"[]"
