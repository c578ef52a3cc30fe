"""The load test's own logic: visitors, the contribution round trip, counts, the table.

The 60-second run against gunicorn and PostgreSQL is `make load`, never part of `make test`.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from bench.loadtest import (
    CONTRIBUTION_PATH,
    CONTRIBUTION_THANKS,
    Recorder,
    Target,
    check_contributions,
    hidden_fields,
    render_table,
    rows,
    run_visitors,
)

FORM = (
    '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">'
    '<textarea name="text"></textarea>'
    '<input type="hidden" name="started" value="signed:1" id="id_started">'
    '<input type="text" name="pseudonym" value="visible"></form>'
)


class FakeSite(BaseHTTPRequestHandler):
    """Pages, a missing page, and a contribution form that checks its cookie and token."""

    protocol_version = "HTTP/1.1"
    stored = []
    lock = threading.Lock()

    def answer(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == CONTRIBUTION_PATH:
            self.answer(200, FORM, [("Set-Cookie", "csrftoken=abc; SameSite=Strict; Secure")])
        elif self.path == "/missing":
            self.answer(404, "non")
        else:
            self.answer(200, "page")

    def do_POST(self):
        fields = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        valid = (
            self.headers["X-Forwarded-Proto"] == "https"
            and self.headers["Cookie"] == "csrftoken=abc"
            and self.headers["Origin"].startswith("https://127.0.0.1:")
            and fields["csrfmiddlewaretoken"] == ["tok&en"]
            and fields["started"] == ["signed:1"]
            and fields["consent"] == ["on"]
        )
        if valid:
            with self.lock:
                self.stored.append(fields["text"][0].split("\n", 1)[0])
            self.answer(200, CONTRIBUTION_THANKS)
        else:
            self.answer(200, FORM)  # shown again: refused

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_site():
    FakeSite.stored = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_hidden_fields_are_read_from_the_form():
    assert hidden_fields(FORM) == {"csrfmiddlewaretoken": "tok&en", "started": "signed:1"}


def test_visitors_browse_and_each_contribution_is_sent_once(fake_site):
    targets = [Target("home", "/", 3), Target("other", "/autre/")]
    recorder = run_visitors(
        fake_site,
        targets,
        visitors=4,
        duration=1.5,
        contributions_per_visitor=1,
        fill_seconds=0.2,
    )
    assert recorder.errors == 0
    assert recorder.requests > 20
    assert {"home", "other", "contribution (form + POST)"} <= set(recorder.tallies)
    assert len(recorder.contributions_sent) == 4 and not recorder.contributions_failed
    assert check_contributions(recorder.contributions_sent, FakeSite.stored) == []
    assert all(recorder.run_mark in mark for mark in FakeSite.stored)
    assert recorder.seconds < 10


def test_wrong_answers_count_as_errors(fake_site):
    recorder = run_visitors(
        fake_site,
        [Target("missing", "/missing")],
        visitors=2,
        duration=5,
        max_requests=6,
        contributions_per_visitor=0,
    )
    assert recorder.requests == 6
    assert recorder.errors == 6
    assert recorder.tallies["missing"].statuses == {404: 6}


def test_refused_connections_count_as_errors():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = run_visitors(
        port,
        [Target("home", "/")],
        visitors=1,
        duration=5,
        max_requests=3,
        contributions_per_visitor=0,
    )
    assert recorder.errors == 3


def test_only_localhost_and_bounded():
    with pytest.raises(ValueError):
        run_visitors(80, [Target("home", "/")], host="example.org", duration=0.1)
    with pytest.raises(ValueError):
        run_visitors(80, [Target("home", "/")], duration=0)
    with pytest.raises(ValueError):
        run_visitors(80, [], duration=1)


def test_contributions_counted_exactly_once():
    assert check_contributions(["a", "b"], ["b", "a"]) == []
    missing, twice, unthanked = (
        check_contributions(["a", "b"], ["a"]),
        check_contributions(["a"], ["a", "a"]),
        check_contributions(["a"], ["a", "c"]),
    )
    assert missing[0].startswith("1 thanked contributions not stored")
    assert twice[0].startswith("1 contributions stored more than once")
    assert unthanked[0].startswith("1 contributions stored but not confirmed")


def test_table_gives_throughput_and_p95_per_address():
    recorder = Recorder()
    for milliseconds in range(1, 101):
        recorder.record("home /", milliseconds / 1000, 200, ok=True)
    recorder.record("feed", 0.5, 500, ok=False)
    recorder.seconds = 10.0
    table = rows(recorder)
    home = next(row for row in table if row["label"] == "home /")
    assert home["requests"] == 100 and home["errors"] == 0
    assert home["rps"] == pytest.approx(10.0)
    assert home["p95_ms"] == pytest.approx(95.05)
    total = table[-1]
    assert total["label"] == "all" and total["requests"] == 101 and total["errors"] == 1
    text = render_table(table)
    assert "p95 ms" in text.splitlines()[0]
    assert text.splitlines()[-1].startswith("all")
