"""Benchmark: harvest the simulated federation end to end (HTTP fetch, parse, map, write, change
feed) on SQLite and/or PostgreSQL, then harvest it again unchanged, and time a bare pyoxigraph parse
of the same DCAT bytes. The federation runs in its own process and renders every page once before
anything is timed (it keeps them), so its rendering is not counted; serving the bytes over
loopback HTTP is.

    python bench/harvest.py --scale 10000 --db sqlite --db postgresql [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pyoxigraph as ox
from sqlmodel import Session, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models.changes import ChangeEvent  # noqa: E402
from app.models.datasets import Dataset  # noqa: E402
from app.models.harvest import HarvestSource  # noqa: E402
from app.services.harvest import HarvestOptions, run_sources  # noqa: E402
from app.services.startup import prepare  # noqa: E402
from harvesters import HARVESTERS  # noqa: E402
from harvesters.base import Fetcher, FetchPolicy, SourceSpec, make_client  # noqa: E402
from harvesters.dcat import hydra_next  # noqa: E402
from harvesters.simulated.content import PROVINCES  # noqa: E402
from harvesters.simulated.server import source_of  # noqa: E402

PG_ADMIN = os.environ.get("FDS_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def start_federation(scale: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "harvesters.simulated", "--scale", str(scale),
                             "--max-seconds", "1800", "--cache"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit("federation did not start")
    return proc, url


def database(kind: str, folder: Path) -> tuple[Settings, str | None]:
    if kind == "sqlite":
        return Settings(database_url=f"sqlite:///{folder / 'bench.db'}", data_dir=folder), None
    name = f"fds_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return Settings(database_url=PG_ADMIN.rsplit("/", 1)[0] + "/" + name, data_dir=folder), name


def drop(name: str | None) -> None:
    if name:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cpu() -> tuple[float, float]:
    """CPU seconds of this process (the writer) and of its finished children (the harvest
    children; the federation is only waited for at the very end, so it is not in here)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds of a running process (Linux /proc; 0 elsewhere): the federation's serving."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def harvest_all(engine, ids: list[str], federation: int) -> tuple[float, int, list]:  # noqa: ANN001
    started, before, served = time.perf_counter(), cpu(), process_cpu(federation)
    runs = list(run_sources(engine, ids, HarvestOptions()))
    wall, after, served = time.perf_counter() - started, cpu(), process_cpu(federation) - served
    print(f"  {wall:.1f} s wall; CPU: writer {after[0] - before[0]:.1f} s, harvest children "
          f"{after[1] - before[1]:.1f} s, federation serving {served:.1f} s")
    return wall, sum(r.seen for r in runs), runs


def warm(url: str) -> float:
    """Have the federation render (and keep) every page once, through the harvesters' own requests,
    before anything is timed: the source's rendering is its CPU, not the harvester's."""
    started = time.perf_counter()
    for p in PROVINCES:
        s = source_of(url, p.code)
        spec = SourceSpec(id=s["id"], kind=s["kind"], url=s["url"], organisation_id=p.code)
        with make_client(FetchPolicy()) as client:
            for _ in HARVESTERS[s["kind"]]().records(spec, Fetcher(client, FetchPolicy(), {})):
                pass
    return time.perf_counter() - started


def bare_parse(url: str) -> tuple[float, int, int]:
    """Fetch every DCAT page once, then time pyoxigraph parsing those bytes (no mapping, no DB)."""
    pages: list[tuple[bytes, str]] = []
    datasets = 0
    with httpx.Client(timeout=60) as client:
        for p in PROVINCES:
            if p.kind != "dcat":
                continue
            page_url: str | None = source_of(url, p.code)["url"]
            while page_url:
                r = client.get(page_url)
                pages.append((r.content, r.headers["content-type"].split(";")[0]))
                text = ox.serialize(ox.parse(r.content, ox.RdfFormat.from_media_type(pages[-1][1])),
                                    format=ox.RdfFormat.N_TRIPLES).decode()
                datasets += text.count("<http://www.w3.org/ns/dcat#Dataset> .")
                page_url = hydra_next(text, page_url)
    started = time.perf_counter()
    triples = 0
    for data, media in pages:
        triples += sum(1 for _ in ox.parse(data, ox.RdfFormat.from_media_type(media)))
    return time.perf_counter() - started, datasets, triples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--profile", help="write a cProfile of the first harvest here")
    args = parser.parse_args()
    proc, url = start_federation(args.scale)
    try:
        print(f"federation rendered and cached every page in {warm(url):.1f} s (not counted)")
        parse_s, parse_n, triples = bare_parse(url)
        print(f"bare pyoxigraph parse of the DCAT pages: {parse_n} datasets, {triples} triples in {parse_s:.2f} s "
              f"= {parse_n / parse_s:,.0f} datasets/s")
        for kind in args.db or ["sqlite"]:
            with tempfile.TemporaryDirectory() as tmp:
                settings, pg_name = database(kind, Path(tmp))
                try:
                    engine = make_engine(settings)
                    prepare(engine, settings)
                    with Session(engine) as db:
                        for code in [p.code for p in PROVINCES]:
                            db.add(HarvestSource(**source_of(url, code)))
                        db.commit()
                    ids = [f"sim-{p.code}" for p in PROVINCES]
                    profiler = cProfile.Profile() if args.profile else None
                    if profiler:
                        profiler.enable()
                    first_s, first_n, runs = harvest_all(engine, ids, proc.pid)
                    if profiler:
                        profiler.disable()
                        profiler.dump_stats(args.profile)
                    second_s, second_n, runs2 = harvest_all(engine, ids, proc.pid)
                    with Session(engine) as db:  # forget the ETags: only the content hash saves work now
                        for source in db.exec(select(HarvestSource)):
                            source.validators = {}
                            db.add(source)
                        db.commit()
                    third_s, third_n, runs3 = harvest_all(engine, ids, proc.pid)
                    with Session(engine) as db:
                        stored = db.exec(select(func.count()).select_from(Dataset)).one()
                        events = db.exec(select(func.count()).select_from(ChangeEvent)).one()
                    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                    # the harvest child processes (joined; the federation is not waited for until the end)
                    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                    bad = [r for r in runs + runs2 + runs3 if r.status != "succeeded"]
                    print(f"{kind}: scale {args.scale}: first harvest {first_n} records in {first_s:.1f} s = "
                          f"{first_n / first_s:,.0f} datasets/s; unchanged re-harvest {second_n} in {second_s:.2f} s "
                          f"= {second_n / second_s:,.0f} datasets/s ({first_s / second_s:.1f}x); "
                          f"without ETags (content hash "
                          f"only) {third_n} in {third_s:.2f} s = {third_n / third_s:,.0f} datasets/s "
                          f"({first_s / third_s:.1f}x); stored {stored}, "
                          f"change events {events}; peak RSS {rss:,.0f} MB (harvest child {child_rss:,.0f} MB); "
                          f"runs not succeeded: {len(bad)}")
                    engine.dispose()
                finally:
                    drop(pg_name)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
