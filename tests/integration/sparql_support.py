"""Helpers for the SPARQL tests: a module-wide live server, a graph seeded with given quads, and
the W3C SPARQL 1.1 query evaluation tests read from their manifests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from app.services import graph_files
from tests.live_server import LiveApi, serve  # noqa: F401 - re-exported for the SPARQL tests

SHARED = Path(__file__).resolve().parents[3] / "shared"
W3C = SHARED / "ref" / "samples" / "sparql" / "sparql11"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"


Served = LiveApi  # the SPARQL tests serve one app for a whole module with `serve(settings)`


def seed_graph(data_dir: Path, quads: list[ox.Quad]) -> None:
    """Write a graph store holding `quads` where the app will find it (as if built and published)."""
    gdir = graph_files.graph_dir(data_dir)
    name = graph_files.claim_primary(gdir, graph_files.new_primary_name())
    store = ox.Store(str(gdir / name))
    store.bulk_extend(quads)
    store.flush()
    graph_files.write_position(gdir, name, 0)
    graph_files.publish_snapshot(store, gdir, 0)


@dataclass
class W3cCase:
    name: str
    query: str
    data: Path | None
    result: Path


def w3c_cases(folders: list[str]) -> list[W3cCase]:
    """Query evaluation tests with one default-graph data file (or none) and an XML/JSON result."""
    cases = []
    for folder in folders:
        manifest = W3C / folder / "manifest.ttl"
        store = ox.Store()
        store.load(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri())
        rows = store.query(f"""
            PREFIX mf: <{MF}> PREFIX qt: <{QT}>
            SELECT ?test ?query (SAMPLE(?d) AS ?data) (COUNT(DISTINCT ?d) AS ?nd) ?result WHERE {{
              ?test a mf:QueryEvaluationTest ; mf:action ?a ; mf:result ?result .
              ?a qt:query ?query . OPTIONAL {{ ?a qt:data ?d }}
              FILTER NOT EXISTS {{ ?a qt:graphData ?g }}
              FILTER NOT EXISTS {{ ?test mf:requires ?r }}
            }} GROUP BY ?test ?query ?result""")
        for row in rows:
            result = Path(row["result"].value.removeprefix("file://"))
            if int(row["nd"].value) > 1 or result.suffix not in (".srx", ".srj"):
                continue
            query = Path(row["query"].value.removeprefix("file://")).read_text()
            if any(word in query.upper() for word in ("FROM ", "GRAPH", "SERVICE")):
                continue
            data = Path(row["data"].value.removeprefix("file://")) if row["data"] else None
            cases.append(W3cCase(f"{folder}/{row['test'].value.rsplit('#', 1)[-1]}", query, data, result))
    return sorted(cases, key=lambda c: c.name)


def data_graph(case: W3cCase) -> str:
    return "urn:w3c:" + (str(case.data.relative_to(W3C)) if case.data else "empty")


def w3c_quads(cases: list[W3cCase]) -> list[ox.Quad]:
    quads = []
    for data in sorted({c.data for c in cases if c.data}):
        graph = ox.NamedNode("urn:w3c:" + str(data.relative_to(W3C)))
        fmt = ox.RdfFormat.from_extension(data.suffix.lstrip("."))
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph)
                  for t in ox.parse(path=str(data), format=fmt, base_iri=data.as_uri())]
    return quads


def solutions(data: bytes, fmt: ox.QueryResultsFormat) -> object:
    """Parsed results: a bool for ASK, else a sorted list of rows (variable -> N-Triples term)."""
    parsed = ox.parse_query_results(data, format=fmt)
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    names = [v.value for v in parsed.variables]
    rows = [tuple(sorted((n, _term(s[n])) for n in names if s[n] is not None)) for s in parsed]
    return sorted(rows)


NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float")}


def _term(term: object) -> str:
    """N-Triples, with numbers by value ("2.0" and "2" decimals, "3.0E4" and "30000" doubles agree)."""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            return f"{float(term.value)!r}^^{term.datatype.value}"
        except ValueError:
            pass
    return str(term)
