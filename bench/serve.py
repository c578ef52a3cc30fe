"""gunicorn, started and stopped by the benchmark, with one fixed configuration for every app."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import LOCALHOST, fetch

PROJECT_DIR = Path(__file__).resolve().parents[1]
# The same for the site and the minimal view, so that their throughputs compare.
GUNICORN_CONFIG = {"workers": 2, "worker_class": "sync", "timeout": 120}


def gunicorn_arguments(port, config=GUNICORN_CONFIG):
    return [
        "--bind",
        f"{LOCALHOST}:{port}",
        "--workers",
        str(config["workers"]),
        "--worker-class",
        config["worker_class"],
        "--timeout",
        str(config["timeout"]),
        "--log-level",
        "warning",
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return probe.getsockname()[1]


class Server:
    """`with Server("lune_site.wsgi:application", env) as server:` then `server.port`."""

    def __init__(self, wsgi_app, env=None, ready_path="/", name="server"):
        self.wsgi_app = wsgi_app
        self.env = {**os.environ, **(env or {})}
        self.ready_path = ready_path
        self.name = name
        self.port = None
        self.process = None
        self.log = None

    def start(self, timeout=60):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{self.name}-", suffix=".log")  # noqa: SIM115
        command = [sys.executable, "-m", "gunicorn", self.wsgi_app, *gunicorn_arguments(self.port)]
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            command, cwd=PROJECT_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) stopped:\n{self.log_tail()}")
            try:
                status, _headers, _body = fetch(self.port, self.ready_path, timeout=5)
                if status < 500:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn ({self.name}) not ready in {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        if self.log is None:
            return ""
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.log is not None:
            self.log.close()
            self.log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
