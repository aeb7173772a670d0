"""Benchmark: the harvest writer alone. Collects every item of the simulated federation once (over
HTTP, in process) into a pickle file, then feeds those items to the real runner (`run_source`
with the child replaced by the stored items) on a fresh SQLite file, so the figure is registry,
SQL and run bookkeeping only, without the child and the pipe.

    python bench/harvest_writer.py collect --scale 100000 --items /tmp/items.pkl
    python bench/harvest_writer.py run --items /tmp/items.pkl [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harvest as bench  # noqa: E402
from sqlmodel import Session  # noqa: E402

import app.services.harvest as harvesting  # noqa: E402
from harvesters.base import FetchPolicy, SourceSpec  # noqa: E402


def collect(scale: int, path: Path) -> None:
    proc, url = bench.start_federation(scale)
    try:
        items = {}
        for p in bench.PROVINCES:
            s = bench.source_of(url, p.code)
            spec = SourceSpec(id=s["id"], kind=s["kind"], url=s["url"], organisation_id=p.code)
            items[s["id"]] = (s, list(harvesting.records_in_process(s["kind"], spec, FetchPolicy(), {})))
        path.write_bytes(pickle.dumps(items, protocol=5))
    finally:
        proc.terminate()


def run(path: Path, profile: str | None) -> None:
    items = pickle.loads(path.read_bytes())
    harvesting.records_in_process = lambda kind, spec, policy, validators: (x for x in items[spec.id][1])
    folder = Path(tempfile.mkdtemp(prefix="fds-bench-writer-"))
    try:
        settings, _ = bench.database("sqlite", folder)
        engine = bench.make_engine(settings)
        bench.prepare(engine, settings)
        with Session(engine) as db:
            db.add_all(bench.HarvestSource(**s) for s, _ in items.values())
            db.commit()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        wall, cpu, seen = time.perf_counter(), time.process_time(), 0
        for source_id in items:
            finished = harvesting.run_source(engine, source_id, harvesting.HarvestOptions(worker=False))
            assert finished.status == "succeeded", finished.message
            seen += finished.seen
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        size = (folder / "bench.db").stat().st_size / 1e6
        print(f"writer alone: {seen} records in {wall:.1f} s wall, {cpu:.1f} s CPU = {seen / cpu:,.0f} records "
              f"a CPU-second; database {size:,.0f} MB")
        engine.dispose()
    finally:
        shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["collect", "run"])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--items", type=Path, required=True)
    parser.add_argument("--profile")
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.scale, args.items)
    else:
        run(args.items, args.profile)


if __name__ == "__main__":
    main()
