"""Micro-benchmark: the harvest child's CPU per record (fetch, parse, map), per source kind.

Starts the simulated federation in its own process (pages rendered and cached before anything is
timed, as in bench/harvest.py), then runs each province's harvester in this process and counts
CPU seconds (`time.process_time`) per record. No database, no queue: only what the child does.

    python bench/harvest_child.py --scale 20000 [--repeat 3] [--profile out.prof] [--dump out.json]

`--dump` writes every item of every source (records with their source triples, errors) as JSON,
so a change to the mapping can be checked for identical output.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.models.records import DatasetRecord  # noqa: E402
from app.services.rdf import RecordError  # noqa: E402
from bench.harvest import start_federation, warm  # noqa: E402
from harvesters import HARVESTERS  # noqa: E402
from harvesters.base import Fetcher, FetchPolicy, Item, SourceSpec, make_client  # noqa: E402
from harvesters.simulated.content import PROVINCES  # noqa: E402
from harvesters.simulated.server import source_of  # noqa: E402


def specs(url: str) -> list[SourceSpec]:
    out = []
    for p in PROVINCES:
        s = source_of(url, p.code)
        out.append(SourceSpec(id=s["id"], kind=s["kind"], url=s["url"], organisation_id=p.code))
    return out


def harvest(spec: SourceSpec) -> Iterator[Item]:
    with make_client(FetchPolicy()) as client:
        yield from HARVESTERS[spec.kind]().records(spec, Fetcher(client, FetchPolicy(), {}))


def as_json(item: object) -> object:
    if isinstance(item, DatasetRecord):
        return {**item.model_dump(), "source_ntriples": item.source_ntriples}
    if isinstance(item, RecordError):
        return {"error": [item.identifier, item.message]}
    return None  # page markers: not part of what a record maps to


def measure(all_specs: list[SourceSpec], profiler: cProfile.Profile | None) -> dict[str, tuple[float, int, float]]:
    """CPU seconds, records, and CPU seconds to pickle them (as the child sends them: lists of
    100) per kind, for one harvest of every source. Items are dropped as they come, as the child
    sends them on: holding a whole source would make the collector's work grow with it."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0])
    for spec in all_specs:
        records = 0
        chunk: list[Item] = []
        pickling = 0.0
        started = time.process_time()
        if profiler:
            profiler.enable()
        for item in harvest(spec):
            records += isinstance(item, DatasetRecord)
            chunk.append(item)
            if len(chunk) == 100:
                pickling += _pickle_cpu(chunk)
                chunk = []
        if profiler:
            profiler.disable()
        pickling += _pickle_cpu(chunk)
        totals[spec.kind][0] += time.process_time() - started - pickling
        totals[spec.kind][1] += records
        totals[spec.kind][2] += pickling
    return {kind: (cpu, int(n), pickled) for kind, (cpu, n, pickled) in totals.items()}


def _pickle_cpu(chunk: list[Item]) -> float:
    started = time.process_time()
    pickle.dumps(("items", chunk), protocol=pickle.DEFAULT_PROTOCOL)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N harvests per kind")
    parser.add_argument("--profile", help="write a cProfile of one more harvest (not counted) here")
    parser.add_argument("--dump", help="write every record as JSON here (equality checks)")
    parser.add_argument("--kind", action="append", choices=sorted(HARVESTERS), help="only these kinds")
    args = parser.parse_args()
    proc, url = start_federation(args.scale)
    try:
        warm(url)
        all_specs = [s for s in specs(url) if not args.kind or s.kind in args.kind]
        if args.dump:
            dumped = {spec.id: [j for j in map(as_json, harvest(spec)) if j is not None] for spec in all_specs}
            Path(args.dump).write_text(json.dumps(dumped, ensure_ascii=False, indent=0))
        gc.freeze()  # as the forked child does with what it inherits
        best: dict[str, tuple[float, int, float]] = {}
        for attempt in range(args.repeat + bool(args.profile)):
            profiler = cProfile.Profile() if attempt == args.repeat else None
            for kind, found in measure(all_specs, profiler).items():
                if profiler is None and (kind not in best or found[0] < best[kind][0]):
                    best[kind] = found
            if profiler:
                profiler.dump_stats(args.profile)
        total_cpu = sum(cpu for cpu, _, _ in best.values())
        total_n = sum(n for _, n, _ in best.values())
        total_pickle = sum(p for _, _, p in best.values())
        for kind, (cpu, n, pickled) in sorted(best.items()):
            print(f"{kind:5} {n:7} records  {cpu:6.2f} s CPU  {1000 * cpu / n:.3f} ms a record "
                  f"(+ pickling {1000 * pickled / n:.3f})")
        print(f"all   {total_n:7} records  {total_cpu:6.2f} s CPU  {1000 * total_cpu / total_n:.3f} ms a record "
              f"(+ pickling {1000 * total_pickle / total_n:.3f}) (scale {args.scale}, best of {args.repeat}"
              f"{', one more profiled' if args.profile else ''})")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
