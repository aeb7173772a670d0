"""The real app in a real uvicorn server on a random loopback port, for tests and benchmarks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn

from app.config import Settings


@dataclass
class LiveApi:
    url: str
    client: httpx.Client
    app: object
    settings: Settings

    def catch_up(self) -> None:
        """Let every derived index apply the change feed now (instead of waiting for its poll)."""
        self.app.state.follower_thread.tick()


@contextmanager
def serve(settings: Settings, *, start_timeout: float = 30) -> Iterator[LiveApi]:
    from app.main import create_app

    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield LiveApi(url=url, client=client, app=app, settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
