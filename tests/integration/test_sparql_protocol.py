"""SPARQL 1.1 Protocol conformance of /v1/sparql and a subset of the W3C SPARQL 1.1 query
evaluation tests run through it (real HTTP, real worker processes, a real pyoxigraph snapshot)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from app.config import Settings
from tests.integration.sparql_support import (
    W3C,
    Served,
    data_graph,
    seed_graph,
    serve,
    solutions,
    w3c_cases,
    w3c_quads,
)

EX = "http://example.org/ns#"
FOLDERS = ["aggregates", "bind", "bindings", "construct", "exists", "functions", "grouping", "negation",
           "project-expression", "property-path", "subquery"]
CASES = w3c_cases(FOLDERS) if W3C.is_dir() else []
# Tests pyoxigraph 0.5 itself does not pass (checked against an in-memory store, no endpoint in between):
# GROUP_CONCAT of language-tagged strings and the 2024 zero-length-path errata. Strict: an upgrade that
# passes them makes these xpass and fail, so the list stays honest.
ENGINE_DEVIATIONS = {"aggregates/agg-groupconcat-04", "aggregates/agg-groupconcat-06",
                     "property-path/zero_or_more_set_end", "property-path/zero_or_more_set_start",
                     "property-path/zero_or_one_set_end", "property-path/zero_or_one_set_start"}
SELECT = "SELECT ?s ?name WHERE { ?s <http://example.org/ns#naam> ?name } ORDER BY ?name"


def own_quads() -> list[ox.Quad]:
    g = ox.NamedNode("urn:test:people")
    name = ox.NamedNode(f"{EX}naam")
    quads = [ox.Quad(ox.NamedNode(f"{EX}p{i}"), name, ox.Literal(f"Persoon {i:02d}", language="nl"), g)
             for i in range(120)]
    quads.append(ox.Quad(ox.NamedNode(f"{EX}p0"), ox.NamedNode(f"{EX}note"), ox.Literal('tab\there, "quoted"'), g))
    # A second graph, so the union is larger than one graph whether or not ../shared adds W3C data.
    quads.append(ox.Quad(ox.NamedNode(f"{EX}elsewhere"), ox.NamedNode(f"{EX}label"), ox.Literal("x"),
                         ox.NamedNode("urn:test:other")))
    return quads


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("sparql-protocol")
    settings = Settings(database_url=f"sqlite:///{folder / 'catalogus.db'}", data_dir=folder / "data",
                        base_url="http://testserver", sparql_timeout=2.0, sparql_max_rows=100)
    seed_graph(settings.data_dir, own_quads() + w3c_quads(CASES))
    with serve(settings) as served:
        yield served


def test_get_select_answers_sparql_json_by_default(api: Served) -> None:
    r = api.client.get("/v1/sparql", params={"query": SELECT + " LIMIT 3"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert body["head"]["vars"] == ["s", "name"]
    assert [b["name"] for b in body["results"]["bindings"]] == [
        {"type": "literal", "value": f"Persoon {i:02d}", "xml:lang": "nl"} for i in range(3)]
    assert body["truncated"] is False and r.headers["SPARQL-Results-Truncated"] == "false"
    assert r.headers["API-Version"]


@pytest.mark.parametrize("media, parse_as", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_select_in_each_results_format_parses_back_the_same(api: Served, media: str, parse_as) -> None:  # noqa: ANN001
    query = "SELECT ?s ?note WHERE { ?s <http://example.org/ns#note> ?note }"
    r = api.client.get("/v1/sparql", params={"query": query}, headers={"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    if parse_as == ox.QueryResultsFormat.CSV:  # lossy by design: oxigraph will not parse it back
        assert list(csv.reader(io.StringIO(r.text))) == [["s", "note"], [f"{EX}p0", 'tab\there, "quoted"']]
        return
    rows = list(ox.parse_query_results(r.content, format=parse_as))
    assert len(rows) == 1
    assert rows[0]["s"] == ox.NamedNode(f"{EX}p0")
    assert rows[0]["note"].value == 'tab\there, "quoted"'


def test_post_form_and_post_sparql_query_give_the_same_answer(api: Served) -> None:
    get = api.client.get("/v1/sparql", params={"query": SELECT})
    form = api.client.post("/v1/sparql", data={"query": SELECT})
    direct = api.client.post("/v1/sparql", content=SELECT.encode(),
                             headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.json() == form.json() == direct.json()


def test_ask_in_json_and_xml(api: Served) -> None:
    yes = api.client.post("/v1/sparql", data={"query": "ASK { ?s <http://example.org/ns#naam> ?o }"})
    assert yes.json() == {"head": {}, "boolean": True}
    no = api.client.get("/v1/sparql", params={"query": "ASK { ?s <urn:none> ?o }"},
                        headers={"Accept": "application/sparql-results+xml"})
    assert bool(ox.parse_query_results(no.content, format=ox.QueryResultsFormat.XML)) is False


@pytest.mark.parametrize("media, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_construct_and_describe_in_each_graph_format(api: Served, media: str, fmt: ox.RdfFormat) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}p1>) }}"
    r = api.client.get("/v1/sparql", params={"query": query}, headers={"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    triples = list(ox.parse(r.content, format=fmt))
    assert [t.object.value for t in triples] == ["Persoon 01"]
    described = api.client.get("/v1/sparql", params={"query": f"DESCRIBE <{EX}p0>"}, headers={"Accept": media})
    assert len(list(ox.parse(described.content, format=fmt))) == 2


def test_format_parameter_overrides_accept_for_browsers(api: Served) -> None:
    r = api.client.get("/v1/sparql", params={"query": SELECT, "format": "csv"}, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == "s,name"
    g = api.client.get("/v1/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "json"})
    assert g.headers["content-type"].startswith("application/ld+json")


def test_unacceptable_result_format_is_406(api: Served) -> None:
    r = api.client.get("/v1/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406
    assert r.headers["content-type"] == "application/problem+json"
    assert "application/sparql-results+json" in r.json()["detail"]


def test_more_rows_than_the_limit_are_cut_and_said_so(api: Served) -> None:
    r = api.client.get("/v1/sparql", params={"query": SELECT})  # 120 names, limit 100 in this module
    assert r.headers["SPARQL-Results-Truncated"] == "true"
    body = r.json()
    assert body["truncated"] is True and len(body["results"]["bindings"]) == 100
    as_csv = api.client.get("/v1/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert as_csv.headers["SPARQL-Results-Truncated"] == "true" and len(as_csv.text.splitlines()) == 101
    graph = api.client.get("/v1/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"Accept": "application/n-triples"})
    assert graph.headers["SPARQL-Results-Truncated"] == "true" and len(graph.text.splitlines()) == 100


def test_service_description_without_a_query_reports_the_limits(api: Served) -> None:
    r = api.client.get("/v1/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(r.content, format=ox.RdfFormat.TURTLE)
    row = next(iter(store.query("""
        PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        PREFIX l: <https://data.provincies.nl/def/sparql-lite#>
        SELECT ?e ?t ?rows ?len ?n WHERE { ?s a sd:Service ; sd:endpoint ?e ; sd:supportedLanguage sd:SPARQL11Query ;
          l:maxQueryTime ?t ; l:maxResultRows ?rows ; l:maxQueryLength ?len ; l:maxConcurrentQueries ?n }""")))
    assert row["e"].value == "http://testserver/v1/sparql"
    assert (float(row["t"].value), int(row["rows"].value), int(row["len"].value), int(row["n"].value)) == (
        2.0, 100, 10240, 2)
    jsonld = api.client.get("/v1/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert any("http://www.w3.org/ns/sparql-service-description#endpoint" in node for node in jsonld.json())


@pytest.mark.parametrize("request_kwargs, status, words", [
    ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "1:"),
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
    ({"method": "POST", "data": {"nothing": "here"}}, 400, "query"),
    ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "sparql-query"),
    ({"method": "POST", "content": b"ASK {}"}, 415, "Content-Type"),
    ({"method": "POST", "content": b"ASK { ?s ?p \"\xff\" }",
      "headers": {"Content-Type": "application/sparql-query"}}, 400, "UTF-8"),
    ({"method": "POST", "params": {"query": "ASK {}"}, "content": b"ASK {}",
      "headers": {"Content-Type": "application/sparql-query"}}, 400, "once"),
    ({"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 400, "read-only"),
    ({"method": "POST", "content": b"INSERT DATA { <a:b> <a:c> <a:d> }",
      "headers": {"Content-Type": "application/sparql-update"}}, 400, "read-only"),
    ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o } # " + "x" * 11_000}}, 413, "bytes"),
])
def test_protocol_errors_are_problem_json(api: Served, request_kwargs: dict, status: int, words: str) -> None:
    kwargs = dict(request_kwargs)
    r = api.client.request(kwargs.pop("method"), "/v1/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == status and problem["title"]
    assert words.lower() in problem["detail"].lower()


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(api: Served, method: str) -> None:
    r = api.client.request(method, "/v1/sparql", params={"query": "ASK {}"})
    assert r.status_code == 405
    assert set(r.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } }",
])
def test_updates_load_and_service_are_refused(api: Served, query: str) -> None:
    r = api.client.get("/v1/sparql", params={"query": query})
    assert r.status_code == 400, r.text
    assert ("read-only" in r.json()["detail"]) or ("SERVICE" in r.json()["detail"])


def test_words_like_service_inside_strings_and_names_are_not_refused(api: Served) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE LOAD INSERT" AS ?service) }'
    r = api.client.get("/v1/sparql", params={"query": query})
    assert r.status_code == 200, r.text


def test_default_and_named_graph_parameters_pick_graphs(api: Served) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = api.client.get("/v1/sparql", params={"query": count}).json()
    people = api.client.get("/v1/sparql", params={"query": count, "default-graph-uri": "urn:test:people"}).json()
    assert int(people["results"]["bindings"][0]["n"]["value"]) == 121
    assert int(union["results"]["bindings"][0]["n"]["value"]) > 121
    named = api.client.get("/v1/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                 "named-graph-uri": "urn:test:people"}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == ["urn:test:people"]


@pytest.mark.skipif(not W3C.is_dir(), reason=f"W3C SPARQL tests not found at {W3C} (../shared is absent)")
def test_w3c_cases_were_found() -> None:
    assert len(CASES) > 60


@pytest.mark.skipif(not W3C.is_dir(), reason=f"W3C SPARQL tests not found at {W3C} (../shared is absent)")
@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="pyoxigraph 0.5 deviates (engine, not endpoint)"))
    if c.name in ENGINE_DEVIATIONS else c for c in CASES], ids=[c.name for c in CASES])
def test_w3c_query_evaluation(api: Served, case) -> None:  # noqa: ANN001
    accept = "application/sparql-results+xml" if case.result.suffix == ".srx" else "application/sparql-results+json"
    r = api.client.post("/v1/sparql", data={"query": case.query, "default-graph-uri": data_graph(case)},
                        headers={"Accept": accept})
    assert r.status_code == 200, r.text
    fmt = ox.QueryResultsFormat.XML if case.result.suffix == ".srx" else ox.QueryResultsFormat.JSON
    expected, got = solutions(case.result.read_bytes(), fmt), solutions(r.content, fmt)
    if isinstance(expected, list) and any("_:" in term for row in expected for _, term in row):
        assert len(got) == len(expected)  # blank node labels differ; compare the shape only
    else:
        assert got == expected


def test_w3c_negative_syntax_tests_answer_400_with_position(api: Served) -> None:
    folder = W3C / "syntax-query"
    if not folder.is_dir():
        pytest.skip(f"W3C SPARQL tests not found at {folder} (../shared is absent)")
    bad = sorted(folder.glob("syn-bad-*.rq"))[:12] + sorted(folder.glob("syntax-*-bad-*.rq"))[:4]
    assert bad
    for path in bad:
        r = api.client.post("/v1/sparql", content=path.read_bytes(),
                            headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400, (path.name, r.text)
        assert r.headers["content-type"] == "application/problem+json"
