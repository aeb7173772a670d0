"""Vraagsturing latency through HTTP at catalogue scale (default 100k datasets).

Fills a fresh SQLite catalogue with N datasets straight through SQL (the write path is not what
is measured): 60 % the simulated federation's provincial datasets (`harvesters/simulated`: topic
series per place and year, province extents, keywords, distributions) and 40 % the search bench's
generated datasets (30 subjects × 15 places). Builds the search index as `fdscat reindex` does,
starts the API as its own uvicorn process on loopback (the quality follower has nothing to do: no
change feed, so no `dataset_quality` rows — vraagsturing must rank without them), and asks a
fixed set of general Dutch and English policy questions, written for this bench and not taken
from the development set. Round 1 asks each question for the first time (its candidates are not
analysed yet in this process, but precomputed in the store `fdscat reindex` builds, unless
--no-store); round 2 asks them again. Sequential, one client.

    python bench/vraagsturing_scale.py --n 100000 [--dir /tmp/vs-scale] [--no-write]

With --dir the catalogue and index are kept and reused by the next run with the same N.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from app.config import Settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models.datasets import Dataset  # noqa: E402
from app.services.search.follower import SearchFollower  # noqa: E402
from app.services.startup import prepare  # noqa: E402
from app.services.vraagsturing.store import StoreFollower  # noqa: E402
from bench import search as search_bench  # noqa: E402
from bench.common import api_process, percentile  # noqa: E402
from bench.vraagsturing import replace_block  # noqa: E402
from harvesters.simulated import content, render  # noqa: E402

QUESTIONS = [
    "Waar is het grondwater in de zomer te laag voor de landbouw?",
    "Welke gebieden hebben last van verzilting van het oppervlaktewater in Zeeland?",
    "Waar kunnen nieuwe zonneparken komen zonder het net te overbelasten?",
    "Hoeveel windturbines staan er in Flevoland en wat is hun vermogen?",
    "Waar is netcongestie op het elektriciteitsnet in Gelderland?",
    "Welke natuurgebieden krijgen te veel stikstofdepositie?",
    "Waar liggen bedrijventerreinen met uitgeefbare kavels in Noord-Brabant?",
    "Hoeveel woningen kunnen er tot 2030 gebouwd worden in de regio Utrecht?",
    "Hoe ontwikkelt de bevolking zich in Drenthe tot 2050?",
    "Hoe druk is het verkeer op de provinciale wegen rond Zwolle?",
    "Waar gelden beregeningsverboden tijdens droogte?",
    "Welke percelen worden gebruikt voor akkerbouw in Groningen?",
    "Waar ligt het Natuurnetwerk Nederland in Overijssel?",
    "Hoe hoog is de werkgelegenheid per sector in Limburg?",
    "Waar zijn peilbuizen met meetreeksen van de grondwaterstand?",
    "Welke warmtenetten zijn er in Zuid-Holland?",
    "Waar zijn laadpalen voor elektrische auto's in Noord-Holland?",
    "Waar is de bodem verontreinigd rond Rotterdam?",
    "Welke zwemwaterlocaties hebben een slechte waterkwaliteit?",
    "Waar dreigt overstromingsgevaar langs de grote rivieren?",
    "Welke monumenten liggen in de binnenstad van Middelburg?",
    "Waar zijn de stiltegebieden in Fryslân?",
    "Hoeveel glastuinbouw is er in het Westland en hoeveel energie gebruikt die?",
    "Waar liggen veehouderijen dicht bij Natura 2000-gebieden?",
    "Welke fietspaden zijn er tussen Arnhem en Nijmegen?",
    "Hoe veilig zijn de wegen: waar gebeuren verkeersongevallen?",
    "Waar wordt drinkwater gewonnen en welke beschermingszones gelden daar?",
    "Welke geluidkaarten zijn er voor wegverkeer en spoor?",
    "Where is groundwater salinisation a risk for farmers?",
    "Which areas have grid congestion for new solar parks?",
    "How much nitrogen deposition reaches Natura 2000 habitats in Gelderland?",
    "Where are business parks with land available for new companies?",
    "What is the population forecast for Limburg until 2050?",
    "Where are wind farms planned in the province of Groningen?",
    "Which roads have the highest traffic volumes near Utrecht?",
    "Where do droughts limit irrigation in summer?",
    "Hoe staat het met de klimaatadaptatie en hittestress in steden?",
    "Waar zijn bushaltes slecht bereikbaar met het openbaar vervoer?",
    "Welke dijken voldoen niet aan de veiligheidsnorm?",
    "Waar liggen kansen voor aardgasvrije wijken met warmte uit oppervlaktewater?",
]


def generate_simulated(engine, n: int, seed: int = 3) -> None:  # noqa: ANN001
    """N datasets of the simulated federation, as rows (ids and IRIs distinct from the search bench's)."""
    now = datetime.now(UTC)
    rows = []

    def flush() -> None:
        with Session(engine) as db:
            db.connection().execute(insert(Dataset), rows)
            db.commit()
        rows.clear()

    for code, count in content.sizes(n).items():
        for index in range(count):
            d = content.dataset(seed, code, index)
            did = hashlib.sha1(d.iri.encode()).hexdigest()[:32]
            rows.append({"id": did, "iri": d.iri, "identifier": d.identifier, "title": d.title,
                         "description": d.description, "status": "active", "publisher_id": code,
                         "content_hash": did, "issued": d.issued, "modified": d.modified,
                         "accrual_periodicity": "http://publications.europa.eu/resource/authority/frequency/"
                                                + d.frequency,
                         "access_rights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
                         "landing_page": d.iri, "source_ntriples": "\n".join(render.dcat_ntriples(d)) + "\n",
                         "created_at": now, "updated_at": now})
            rows[-1]["terms"] = {"themes": sorted(set(d.themes)), "keywords": sorted(set(d.keywords)),
                                 "spatial": [content.OWMS + d.province.owms]}
            rows[-1]["distributions"] = [{"iri": f"{d.iri}#distribution-{i + 1}", "access_url": url,
                                          "format": content.EU_FT + fmt, "license": d.licence}
                                         for i, (fmt, url, _media) in enumerate(d.distributions)]
            if len(rows) >= 5000:
                flush()
    if rows:
        flush()


def build(data_dir: Path, n: int) -> str:
    marker = data_dir / f"built-{n}-v2"
    if marker.exists():
        return "reused" + build_store(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    settings = Settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    prepare(engine, settings)
    t0 = time.perf_counter()
    n_search = n * 2 // 5
    search_bench.generate(engine, n_search)
    generate_simulated(engine, n - n_search)
    t1 = time.perf_counter()
    with Session(engine) as db:
        SearchFollower(settings).rebuild(db)
    t2 = time.perf_counter()
    engine.dispose()
    marker.touch()
    return f"SQL bulk insert {t1 - t0:.1f} s, search index rebuild {t2 - t1:.1f} s" + build_store(data_dir)


def build_store(data_dir: Path) -> str:
    """The precomputed analysed datasets, as `fdscat reindex` builds them (once per catalogue)."""
    settings = Settings(data_dir=data_dir, database_url=None)
    follower = StoreFollower(settings)
    with Session(make_engine(settings)) as db:
        if db.exec(select(Dataset.id).limit(1)).first() is None or follower.store.count() > 0:
            return ""
        start = time.perf_counter()
        follower.rebuild(db)
    return f", vraagsturing store rebuild {time.perf_counter() - start:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, help="keep (and reuse) the catalogue here")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--no-store", action="store_true", help="hide the precomputed store (analyse per question)")
    args = parser.parse_args()
    tmp = None if args.dir else tempfile.TemporaryDirectory(prefix="fds-bench-vs-")
    data_dir = args.dir or Path(tmp.name) / "data"
    try:
        setup = build(data_dir, args.n)
        store_dir = data_dir / "vraagsturing"
        if args.no_store:
            store_dir.rename(data_dir / "vraagsturing.hidden")
        print(f"datasets: {args.n}; {setup}")
        with api_process(data_dir, lambda c: c.get("/v1/datasets", params={"pageSize": 1}).status_code == 200,
                         timeout=30) as client:
            client.post("/v1/vraagsturing", json={"question": "Waar staan windmolens?"})  # load vocabularies
            rounds, empty = [], 0
            for _ in range(2):
                times = []
                for q in QUESTIONS:
                    start = time.perf_counter()
                    r = client.post("/v1/vraagsturing", json={"question": q, "limit": 10})
                    times.append((time.perf_counter() - start) * 1000)
                    r.raise_for_status()
                    empty += not r.json()["results"]
                rounds.append(times)
        load = "/".join(f"{x:.2f}" for x in os.getloadavg())
        lines = [f"round {k + 1} ({'first ask' if k == 0 else 'asked again'}): p50 {percentile(t, 50):.1f} ms, "
                 f"p95 {percentile(t, 95):.1f} ms, max {max(t):.1f} ms" for k, t in enumerate(rounds)]
        for line in lines:
            print(line)
        print(f"questions: {len(QUESTIONS)} per round; answers without results: {empty // 2}; load average {load}")
        mode, flag = ("candidates analysed per question", " --no-store") if args.no_store else ("precomputed store", "")
        if not args.no_write:
            replace_block("vraagsturing-scale-no-store" if args.no_store else "vraagsturing-scale", [
                f"Latency at {args.n:,} datasets, {mode} (`python bench/vraagsturing_scale.py --n {args.n}{flag}`;"
                " 60 % simulated federation, 40 % search-bench datasets; no quality rows; API in its own process,"
                f" one client, {len(QUESTIONS)} general questions not from the dev set; load average after it {load}):",
                "", *[f"- {line}" for line in lines], ""])
    finally:
        if args.no_store and (data_dir / "vraagsturing.hidden").exists():
            shutil.rmtree(store_dir, ignore_errors=True)
            (data_dir / "vraagsturing.hidden").rename(store_dir)
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
