"""p50/p95 of filtered, faceted searches through the HTTP API at N datasets (default 100k).

Bulk-inserts N synthetic provincial datasets (Dutch titles built from the opgaven vocabulary,
themes, formats, keywords, 12 publishers) straight into a fresh SQLite database — the write path
is not what is measured here — rebuilds the search index as `fdscat reindex` does, starts the API
as a separate uvicorn process on loopback, and times sequential requests with one client.
Usage: `python bench/search.py [--n 100000] [--requests 300]`. Bounded: one server, one client,
exits when done."""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from app.config import Settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models.datasets import Dataset  # noqa: E402
from app.services.search.follower import SearchFollower  # noqa: E402
from app.services.startup import prepare  # noqa: E402
from bench.common import api_process, percentile  # noqa: E402

PROVINCES = [f"pv{n}" for n in range(20, 32)]
THEMES = ["ENVI", "AGRI", "ENER", "TRAN", "ECON", "REGI", "SOCI", "HEAL", "EDUC", "GOVE"]
FORMATS = ["CSV", "GEOJSON", "XLSX", "JSON", "WMS_SRVC", "WFS_SRVC", "PDF", "GPKG"]
LICENCES = ["http://creativecommons.org/publicdomain/zero/1.0/", "https://creativecommons.org/licenses/by/4.0/"]
SUBJECTS = ["grondwaterstanden", "waterkwaliteit", "zonneparken", "windturbines", "stikstofdepositie",
            "natuurgebieden", "bedrijventerreinen", "landbouwpercelen", "woningbouwlocaties", "fietspaden",
            "verkeersongevallen", "geluidkaarten", "bodemverontreiniging", "warmtenetten", "monumenten",
            "zwemwaterlocaties", "drinkwaterwinning", "overstromingsrisico", "laadpalen", "bushaltes",
            "peilbuizen", "dijken", "vaarwegen", "stiltegebieden", "glastuinbouw", "veehouderijen",
            "oppervlaktewater", "kavels", "wegvakken", "recreatieterreinen"]
PLACES = ["Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
          "Noord-Holland", "Zuid-Holland", "Zeeland", "Brabant", "Limburg", "Veluwe", "Twente", "Achterhoek"]
EXTRA = ["meetreeks", "kaart", "register", "monitor", "prognose", "inventarisatie", "vergunningen", "beleid"]
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE = "http://publications.europa.eu/resource/authority/file-type/"


def generate(engine, n: int, seed: int = 7) -> None:  # noqa: ANN001
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    batch = 5000
    with Session(engine) as db:
        for start in range(0, n, batch):
            ds = []
            for i in range(start, min(n, start + batch)):
                pid = PROVINCES[i % 12]
                subject, place = rnd.choice(SUBJECTS), rnd.choice(PLACES)
                title = f"{subject.capitalize()} {place} {rnd.choice(EXTRA)} {2000 + i % 26}"
                did = hashlib.md5(str(i).encode()).hexdigest()
                ds.append({"id": did, "iri": f"https://data.example.nl/id/dataset/{i}", "identifier": str(i),
                           "title": title, "status": "active", "publisher_id": pid, "content_hash": did,
                           "description": f"Gegevens over {subject} in {place}, {rnd.choice(EXTRA)} en "
                                          f"{rnd.choice(SUBJECTS)} per gemeente.",
                           "access_rights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
                           "modified": f"20{10 + i % 16}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           "created_at": now, "updated_at": now})
                themes = dict.fromkeys((rnd.choice(THEMES), rnd.choice(THEMES)))
                ds[-1]["terms"] = {"themes": [THEME + t for t in themes],
                                   "keywords": list(dict.fromkeys((subject, rnd.choice(SUBJECTS))))}
                fmt = rnd.choice(FORMATS)
                ds[-1]["distributions"] = [{"iri": f"{ds[-1]['iri']}#distribution-1",
                                            "access_url": f"https://data.example.nl/{i}", "format": FILE + fmt,
                                            "license": rnd.choice(LICENCES)}]
            db.connection().execute(insert(Dataset), ds)
            db.commit()
QUERIES = {  # name → query-parameter generator
    "q + theme + publisher (faceted)": lambda r: {"q": r.choice(SUBJECTS)[:-2], "theme": r.choice(THEMES),
                                                  "publisher": r.choice(PROVINCES)},
    "q only, 2 words (faceted)": lambda r: {"q": f"{r.choice(['water', 'zon', 'stikstof', 'fiets'])} "
                                                 f"{r.choice(PLACES)}"},
    "no q, format + modifiedSince, sort=modified": lambda r: {"format": r.choice(FORMATS),
                                                              "modifiedSince": "2020-01-01", "sort": "modified"},
    "all datasets, facets over 100%": lambda r: {},
    "deep page (page 2000, pageSize 20)": lambda r: {"page": 2000, "sort": "title"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="per query kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fds-bench-search-") as tmp:
        settings = Settings(data_dir=Path(tmp))
        engine = make_engine(settings)
        prepare(engine, settings)
        t0 = time.perf_counter()
        generate(engine, args.n)
        t1 = time.perf_counter()
        follower = SearchFollower(settings)
        with Session(engine) as db:
            follower.rebuild(db)
        t2 = time.perf_counter()
        engine.dispose()
        print(f"datasets: {args.n}; SQL bulk insert {t1 - t0:.1f} s; index rebuild {t2 - t1:.1f} s")

        with api_process(tmp, lambda c: c.get("/v1/datasets", params={"pageSize": 1}).status_code == 200,
                         timeout=30) as client:
            rnd = random.Random(1)
            print(f"{'query':48} {'p50 ms':>8} {'p95 ms':>8} {'mean hits':>10}")
            for name, make in QUERIES.items():
                times, totals = [], []
                for k in range(args.requests + 20):
                    params = make(rnd)
                    start = time.perf_counter()
                    response = client.get("/v1/datasets", params=params)
                    elapsed = (time.perf_counter() - start) * 1000
                    assert response.status_code == 200, response.text
                    if k >= 20:  # warm-up
                        times.append(elapsed)
                        totals.append(response.json()["total"])
                print(f"{name:48} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f} "
                      f"{statistics.mean(totals):10.0f}")


if __name__ == "__main__":
    main()
