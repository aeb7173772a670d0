"""Hostile SPARQL queries are contained (time, rows, concurrency) while other clients keep being
served: real worker processes, really killed."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from app.config import Settings
from tests.integration.sparql_support import Served, seed_graph, serve

EX = "http://example.org/chain#"
TIMEOUT = 1.0

HEAVY = {
    "cartesian product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "regex over everything": 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?x ?y ?z '
                             'FILTER(REGEX(CONCAT(STR(?o), STR(?z)), "^(a|b|.)*[xyz]{2}$", "i")) }',
    "deep property path": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s (<{EX}next>|^<{EX}next>)*/"
                          f"(<{EX}next>|^<{EX}next>)*/(<{EX}next>|^<{EX}next>)* ?o }}",
    "sorted cross join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(STR(?c)) ?f",
}


def chain(n: int) -> list[ox.Quad]:
    g = ox.NamedNode("urn:test:chain")
    nxt, label = ox.NamedNode(f"{EX}next"), ox.NamedNode(f"{EX}label")
    quads = [ox.Quad(ox.NamedNode(f"{EX}n{i}"), nxt, ox.NamedNode(f"{EX}n{i + 1}"), g) for i in range(n)]
    quads += [ox.Quad(ox.NamedNode(f"{EX}n{i}"), label, ox.Literal(f"knoop {i} abab"), g) for i in range(n)]
    return quads


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("sparql-limits")
    settings = Settings(database_url=f"sqlite:///{folder / 'catalogus.db'}", data_dir=folder / "data",
                        sparql_timeout=TIMEOUT, sparql_max_rows=500, sparql_max_concurrent=2,
                        sparql_worker_memory_mb=1024)
    seed_graph(settings.data_dir, chain(1500))
    with serve(settings) as served:
        _wait_ready(served)
        yield served


def _wait_ready(api: Served) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if api.client.get("/v1/sparql", params={"query": "ASK {}"}).status_code == 200:
            return
        time.sleep(0.2)
    raise RuntimeError("SPARQL workers did not come up")


def _worker_pids(api: Served) -> set[int]:
    return {p.process.pid for p in api.app.state.sparql_pool._all}


@pytest.mark.parametrize("name", list(HEAVY))
def test_heavy_query_is_stopped_at_the_time_limit_and_its_worker_killed(api: Served, name: str) -> None:
    before = _worker_pids(api)
    started = time.monotonic()
    r = api.client.get("/v1/sparql", params={"query": HEAVY[name]})
    took = time.monotonic() - started
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "stopped" in r.json()["detail"]
    assert TIMEOUT <= took < TIMEOUT + 1.5
    gone = before - _worker_pids(api)
    assert len(gone) == 1
    pid = gone.pop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # really stopped, not left running in a thread
    _wait_ready(api)  # a replacement serves the next query


def test_huge_limit_is_cut_at_the_row_limit(api: Served) -> None:
    r = api.client.get("/v1/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 100000000"})
    assert r.status_code == 200
    assert r.headers["SPARQL-Results-Truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 500
    cross = api.client.get("/v1/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert cross.status_code == 200 and cross.json()["truncated"] is True  # streamed, stopped early


def test_while_hostile_queries_run_other_clients_are_served(api: Served) -> None:
    results: list[int] = []

    def hostile(query: str) -> None:
        with httpx.Client(base_url=api.url, timeout=30) as c:
            results.append(c.get("/v1/sparql", params={"query": query}).status_code)

    threads = [threading.Thread(target=hostile, args=(HEAVY[k],))
               for k in ("cartesian product", "deep property path")]
    for t in threads:
        t.start()
    time.sleep(0.3)  # both workers busy now
    with httpx.Client(base_url=api.url, timeout=10) as second:
        third = second.get("/v1/sparql", params={"query": "ASK {}"})
        assert third.status_code == 429
        assert third.headers["Retry-After"] == "1"
        assert third.headers["content-type"] == "application/problem+json"
        for _ in range(5):
            started = time.monotonic()
            assert second.get("/health").status_code == 200
            assert second.get("/v1/organisations").status_code == 200
            assert time.monotonic() - started < 0.5
    for t in threads:
        t.join(10)
    assert sorted(results) == [503, 503]
    _wait_ready(api)


def test_update_load_and_service_are_refused_quickly(api: Served) -> None:
    for query in ("DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x> INTO GRAPH <urn:x>",
                  "ASK { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"):
        r = api.client.post("/v1/sparql", data={"query": query})
        assert r.status_code == 400, r.text
    still = api.client.get("/v1/sparql", params={"query": f"ASK {{ <{EX}n1> <{EX}next> <{EX}n2> }}"})
    assert still.json()["boolean"] is True  # nothing was deleted
