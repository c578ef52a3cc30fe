"""The load generator: bounded, local only, and honest about errors."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import fetch, generate_load


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_GET(self):
        status = 404 if self.path == "/missing" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_stops_at_the_request_count(local_server):
    result = generate_load(local_server, "/", threads=3, duration=30, max_requests=60)
    assert result.requests == 60
    assert result.errors == 0
    assert result.statuses == {"200": 60}
    assert result.seconds < 30
    assert result.rps > 0


def test_load_stops_at_the_duration(local_server):
    result = generate_load(local_server, "/close", threads=2, duration=0.3, max_requests=10**9)
    assert 0.3 <= result.seconds < 5
    assert result.requests > 0 and result.errors == 0


def test_wrong_statuses_count_as_errors(local_server):
    result = generate_load(local_server, "/missing", threads=1, duration=5, max_requests=5)
    assert result.errors == 5
    assert result.statuses == {"404": 5}


def test_refused_connections_count_as_errors():
    with socket_port() as port:
        pass  # the port is closed again: nothing listens
    result = generate_load(port, "/", threads=1, duration=5, max_requests=3)
    assert result.errors == 3


def test_only_localhost():
    with pytest.raises(ValueError):
        generate_load(80, "/", host="example.org", duration=0.1)
    with pytest.raises(ValueError):
        fetch(80, "/", host="10.0.0.1")


def socket_port():
    import contextlib
    import socket

    @contextlib.contextmanager
    def opened():
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            yield probe.getsockname()[1]

    return opened()
