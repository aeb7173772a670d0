"""Requests/s of `GET /v1/datasets/{id}` against a bare FastAPI route, in the same run.

Starts both servers as separate uvicorn processes on loopback (one worker each, SQLite), registers
one dataset, and loads each with wrk (12 connections, 2 threads, 10 s) when it is installed, else a
bounded Python client. Usage: `python bench/api.py [--seconds 10]`."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench.common import free_port  # noqa: E402
from tests.integration.test_datasets_api import VALID  # noqa: E402

BARE_APP = '''
from fastapi import FastAPI
app = FastAPI()
@app.get("/v1/ping/{item}")
def ping(item: str) -> dict:
    return {"id": item, "title": "bare"}
'''

def start(args: list[str], env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server {args} did not start")


def load(url: str, seconds: int) -> float:
    if shutil.which("wrk"):
        out = subprocess.run(["wrk", "-t2", "-c12", f"-d{seconds}s", url], capture_output=True, text=True).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done, end = 0, time.monotonic() + seconds
    with httpx.Client() as client:
        while time.monotonic() < end:
            client.get(url).raise_for_status()
            done += 1
    return done / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fds-bench-api-"))
    env = os.environ | {"FDS_DATA_DIR": str(work / "data")}
    env.pop("DATABASE_URL", None)
    key = subprocess.run([sys.executable, "-m", "app.cli", "keys", "create", "--org", "pv29"], env=env,
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    api_port, bare_port = free_port(), free_port()
    api = start([sys.executable, "-m", "app.cli", "serve", "--port", str(api_port)], env, api_port)
    (work / "bare_app.py").write_text(BARE_APP)
    bare = start([sys.executable, "-m", "uvicorn", "bare_app:app", "--port", str(bare_port), "--log-level",
                  "warning", "--app-dir", str(work)], env, bare_port)
    try:
        created = httpx.post(f"http://127.0.0.1:{api_port}/v1/datasets", json=VALID,
                             headers={"Authorization": f"Bearer {key}"})
        created.raise_for_status()
        path = created.headers["location"]
        results = {
            "GET /v1/datasets/{id} (JSON)": load(f"http://127.0.0.1:{api_port}{path}", opts.seconds),
            "bare FastAPI route": load(f"http://127.0.0.1:{bare_port}/v1/ping/x", opts.seconds),
        }
    finally:
        api.terminate()
        bare.terminate()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
