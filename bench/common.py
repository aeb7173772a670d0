"""What the HTTP benchmarks share: a free loopback port, percentiles, and the API in its own process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@contextmanager
def api_process(data_dir: Path | str, ready: Callable[[httpx.Client], bool], *, timeout: float = 60,
                start_timeout: float = 120) -> Iterator[httpx.Client]:
    """`create_app` in its own uvicorn process on SQLite in `data_dir`; yields a client once `ready`."""
    port = free_port()
    env = os.environ | {"FDS_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host",
                               "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                              env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as client:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    if ready(client):
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("API did not start")
                time.sleep(0.3)
            yield client
    finally:
        server.terminate()
        server.wait(timeout=20)
