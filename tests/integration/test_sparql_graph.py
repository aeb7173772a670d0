"""The graph behind /v1/sparql as a derived read model, on SQLite and PostgreSQL: built from SQL,
kept in step by the change feed (API writes and writes by another connection), withdrawals
removed, rebuilt by another process's reindex, and the policy examples in docs/ answering."""

from __future__ import annotations

import re
import time
from pathlib import Path

from sqlmodel import Session

from app.models.records import DatasetRecord, DistributionRecord
from app.services.graph import Compaction, GraphFollower
from app.services.registry import Origin, upsert_dataset

THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE = "http://publications.europa.eu/resource/authority/file-type/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
GM = "https://identifier.overheid.nl/tooi/id/gemeente/"
ADMIN = Origin(role="admin")
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "sparql-examples.md"
COUNT = "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dcat:Dataset }"
CORPUS = [  # key, publisher, theme, format, licence, spatial, modified
    ("grw", "pv20", "ENVI", "CSV", CC0, GM + "gm0014", "2026-01-01"),
    ("wgr", "pv20", "TRAN", "GEOJSON", None, None, "2025-03-01"),
    ("zee", "pv29", "ENVI", "CSV", CC0, None, "2024-05-05"),
    ("bra", "pv30", "ECON", "XLSX", None, None, "2026-02-02"),
]


def record(key: str, publisher: str, theme: str, fmt: str, licence: str | None, spatial: str | None,
           modified: str) -> DatasetRecord:
    return DatasetRecord(
        iri=f"https://data.example.nl/id/dataset/{key}", identifier=key, title=f"Dataset {key}",
        description=f"Beschrijving van {key}", publisher=publisher, themes=[THEME + theme],
        spatial=[spatial] if spatial else [], modified=modified,
        distributions=[DistributionRecord(access_url=f"https://data.example.nl/{key}", format=FILE + fmt,
                                          license=licence)])


def load(db: Session) -> None:
    for row in CORPUS:
        upsert_dataset(db, record(*row), origin=ADMIN, strict=False)


def rows(live_api, query: str) -> list[dict]:  # noqa: ANN001
    r = live_api.client.post("/v1/sparql", data={"query": query})
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


def count(live_api) -> int:  # noqa: ANN001
    return int(rows(live_api, COUNT)[0]["n"]["value"])


def examples() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", EXAMPLES.read_text(), flags=re.S)


def test_graph_counts_agree_with_the_api_and_withdrawal_removes_a_dataset(live_api, session, steward_key) -> None:  # noqa: ANN001
    load(session)
    live_api.catch_up()
    total = live_api.client.get("/v1/datasets").json()["total"]
    assert count(live_api) == total == len(CORPUS)
    headers = {"Authorization": f"Bearer {steward_key('pv29')}"}
    iri = "https://data.example.nl/id/dataset/zee"
    dataset_id = next(i["id"] for i in live_api.client.get("/v1/datasets", params={"pageSize": 100}).json()["items"]
                      if i["iri"] == iri)
    assert live_api.client.delete(f"/v1/datasets/{dataset_id}", headers=headers).status_code == 204
    live_api.catch_up()
    ask = live_api.client.get("/v1/sparql", params={"query": f"ASK {{ <{iri}> ?p ?o }}"}).json()
    assert ask["boolean"] is False
    assert count(live_api) == live_api.client.get("/v1/datasets").json()["total"] == len(CORPUS) - 1


def test_a_write_by_another_connection_appears_within_seconds(live_api, session) -> None:  # noqa: ANN001
    upsert_dataset(session, record("laat", "pv25", "AGRI", "CSV", CC0, None, "2026-06-01"), origin=ADMIN,
                   strict=False)
    query = 'ASK { ?d <http://purl.org/dc/terms/identifier> "laat" }'
    deadline = time.monotonic() + 10  # the follower thread polls every 0.2 s in tests
    while not live_api.client.get("/v1/sparql", params={"query": query}).json()["boolean"]:
        assert time.monotonic() < deadline, "the graph did not follow the change feed"
        time.sleep(0.1)


def test_shared_resources_are_not_repeated_per_dataset(live_api, session) -> None:  # noqa: ANN001
    load(session)
    live_api.catch_up()
    names = rows(live_api, "SELECT ?n WHERE { <https://identifier.overheid.nl/tooi/id/provincie/pv20> "
                           "<http://xmlns.com/foaf/0.1/name> ?n }")
    assert len(names) == 1  # from the provinces vocabulary, not once per dataset of Groningen
    per_publisher = rows(live_api, """PREFIX dct: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?name (COUNT(?d) AS ?n) WHERE { ?d dct:publisher ?p . ?p foaf:name ?name } GROUP BY ?name""")
    assert {r["name"]["value"]: int(r["n"]["value"]) for r in per_publisher}["Provincie Groningen"] == 2


def test_rebuild_by_another_follower_switches_the_serving_graph(live_api, session, settings, engine) -> None:  # noqa: ANN001
    load(session)
    live_api.catch_up()
    before = rows(live_api, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]["value"]
    other = GraphFollower(settings)  # as `fdscat reindex` in another process would
    with Session(engine) as db:
        other.rebuild(db)
    live_api.catch_up()
    after = rows(live_api, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]["value"]
    assert after == before
    with Session(engine) as db:  # a fresh connection: the test session's snapshot is older than the rebuild
        upsert_dataset(db, record("na", "pv31", "ENVI", "CSV", CC0, None, "2026-07-01"), origin=ADMIN, strict=False)
    live_api.catch_up()
    assert count(live_api) == len(CORPUS) + 1  # the API process writes the rebuilt store now


def test_a_compacting_writer_keeps_serving_every_change(live_api, session, steward_key) -> None:  # noqa: ANN001
    graph = next(f for f in live_api.app.state.follower_thread.followers if f.name == "graph")
    graph.compaction = Compaction(after_changes=1, interval=0.0)  # compact after every change
    load(session)
    live_api.catch_up()
    # it compacted (at least once: on a slow machine the next batch may wait out the 10× rule)
    assert graph.compaction.last > float("-inf")
    assert count(live_api) == len(CORPUS)
    dataset_id = next(i["id"] for i in live_api.client.get("/v1/datasets", params={"pageSize": 100}).json()["items"]
                      if i["iri"].endswith("/zee"))
    headers = {"Authorization": f"Bearer {steward_key('pv29')}"}
    assert live_api.client.delete(f"/v1/datasets/{dataset_id}", headers=headers).status_code == 204
    live_api.catch_up()
    assert count(live_api) == len(CORPUS) - 1


def test_policy_examples_run_and_return_rows(live_api, session) -> None:  # noqa: ANN001
    load(session)
    live_api.catch_up()
    queries = examples()
    assert len(queries) == 5
    results = [rows(live_api, q) for q in queries]
    assert all(results), [i for i, r in enumerate(results) if not r]
    per_province = {(r["provincie"]["value"], r["thema"]["value"]): int(r["aantal"]["value"]) for r in results[0]}
    assert per_province[("Groningen", "Milieu")] == 1
    assert {r["titel"]["value"] for r in results[1]} == {"Dataset wgr", "Dataset bra"}
    assert {r["provincie"]["value"]: r["titel"]["value"] for r in results[2]}["Groningen"] == "Dataset grw"
    assert {r["formaat"]["value"]: int(r["aantal"]["value"]) for r in results[3]}["CSV"] == 2
    assert [r["titel"]["value"] for r in results[4]] == ["Dataset grw"]
