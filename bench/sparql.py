"""SPARQL through HTTP at catalogue scale: p50/p95 of typical queries and the whole-catalogue
group-by, against the API in its own uvicorn process on loopback (one sequential client).

The graph store is built once from generated DatasetRecords with the same mapping the graph
follower uses (rdf.triples_of_record, one named graph per dataset) and kept in --dir, so a second
run reuses it. SQL stays empty: the API serves the seeded graph as if `fdscat reindex` built it.

    python bench/sparql.py --n 100000 --requests 200
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from app.config import Settings  # noqa: E402
from app.models.records import DatasetRecord, DistributionRecord  # noqa: E402
from app.services import graph_files, rdf  # noqa: E402
from app.services.graph import finish_bulk_load, record_quads, vocab_quads  # noqa: E402
from bench.common import api_process, percentile  # noqa: E402

PV = "https://identifier.overheid.nl/tooi/id/provincie/"
PROVINCES = [f"pv{n}" for n in range(20, 32)]
THEMES = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN"]
FORMATS = ["CSV", "GEOJSON", "XLSX", "JSON", "WMS_SRVC", "PDF", "SHP", "GPKG"]
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE = "http://publications.europa.eu/resource/authority/file-type/"
PREFIX = "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> "
QUERIES = {
    "lookup by identifier": lambda r: PREFIX + (
        f'SELECT ?d ?title ?modified WHERE {{ ?d dct:identifier "ds-{r.randrange(N)}" ; dct:title ?title . '
        "OPTIONAL { ?d dct:modified ?modified } }"),
    "province + theme (first 100)": lambda r: PREFIX + (
        f"SELECT ?d ?title WHERE {{ ?d dct:publisher <{PV}{r.choice(PROVINCES)}> ; "
        f"dcat:theme <{THEME}{r.choice(THEMES)}> ; dct:title ?title }} LIMIT 100"),
    "count per publisher (one theme)": lambda r: PREFIX + (
        f"SELECT ?p (COUNT(?d) AS ?n) WHERE {{ ?d dcat:theme <{THEME}{r.choice(THEMES)}> ; dct:publisher ?p }} "
        "GROUP BY ?p"),
}
WHOLE = {
    "count per publisher (whole catalogue)": PREFIX + "SELECT ?p (COUNT(?d) AS ?n) WHERE { ?d a dcat:Dataset ; "
                                                      "dct:publisher ?p } GROUP BY ?p",
    "datasets per province and theme (whole)": PREFIX + "SELECT ?p ?t (COUNT(?d) AS ?n) WHERE { ?d dct:publisher ?p ;"
                                                        " dcat:theme ?t } GROUP BY ?p ?t",
    "distributions per format (whole)": PREFIX + "SELECT ?f (COUNT(?x) AS ?n) WHERE { ?d dcat:distribution ?x . "
                                                 "?x dct:format ?f } GROUP BY ?f",
}
N = 100_000


def records(n: int, seed: int = 11):  # noqa: ANN201
    rnd = random.Random(seed)
    for i in range(n):
        pv = PROVINCES[i % 12]
        dists = [DistributionRecord(access_url=f"https://data.example.nl/{i}/{k}", format=FILE + rnd.choice(FORMATS),
                                    license="http://creativecommons.org/publicdomain/zero/1.0/")
                 for k in range(rnd.randint(1, 3))]
        record = DatasetRecord(
            identifier=f"ds-{i}", title=f"Dataset {i} over {rnd.choice(['water', 'natuur', 'wegen', 'energie'])}",
            description=f"Beschrijving van dataset {i}.", publisher=PV + pv,
            themes=rnd.sample([THEME + t for t in THEMES], rnd.randint(1, 2)), keywords=[f"kw{i % 97}"],
            modified=f"20{rnd.randint(10, 26)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", distributions=dists)
        yield f"{i:08d}", f"https://data.example.nl/id/dataset/{i}", record, rdf.OrgRef(id=pv, iri=PV + pv, name=pv)


def build(settings: Settings, n: int) -> float:
    gdir = graph_files.graph_dir(settings.data_dir)
    marker = gdir / f"built-{n}"
    if marker.exists():
        return 0.0
    start = time.perf_counter()
    name = graph_files.claim_primary(gdir, graph_files.new_primary_name())
    store = ox.Store(str(gdir / name))
    store.bulk_extend(vocab_quads(settings))
    store.bulk_extend(q for i, iri, rec, org in records(n) for q in record_quads(settings, i, iri, rec, org))
    finish_bulk_load(store, gdir, name, 0)  # as `fdscat reindex` does: compacted, then published
    marker.write_text("ok")
    return time.perf_counter() - start
def timed(client: httpx.Client, query: str) -> tuple[float, int]:
    start = time.perf_counter()
    r = client.post("/v1/sparql", data={"query": query})
    elapsed = (time.perf_counter() - start) * 1000
    assert r.status_code == 200, r.text
    return elapsed, len(r.json()["results"]["bindings"])


def main() -> None:
    global N
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per query kind")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/fds-bench-sparql"))
    args = parser.parse_args()
    N = args.n
    folder = args.dir / str(args.n)
    settings = Settings(data_dir=folder)
    settings.ensure_data_dir()
    took = build(settings, args.n)
    print(f"datasets: {args.n}; graph build {took:.1f} s" + (" (reused)" if not took else ""))
    with api_process(folder, lambda c: c.post("/v1/sparql", data={"query": "ASK {}"}).status_code == 200) as client:
        rnd = random.Random(3)
        print(f"{'query':44} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6}")
        for name, make in QUERIES.items():
            times, counts = [], []
            for k in range(args.requests + 10):
                elapsed, rows = timed(client, make(rnd))
                if k >= 10:
                    times.append(elapsed)
                    counts.append(rows)
            print(f"{name:44} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f} "
                  f"{sum(counts) / len(counts):6.0f}")
        for name, query in WHOLE.items():
            times = [timed(client, query) for _ in range(5)]
            print(f"{name:44} {percentile([t for t, _ in times], 50):8.1f} "
                  f"{max(t for t, _ in times):8.1f} {times[0][1]:6d}")


if __name__ == "__main__":
    main()
