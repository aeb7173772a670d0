"""The worker's read-only guard: SERVICE and updates are refused however they are spelled; an
ordinary query is cleared without rdflib's full parse (which costs more than a selective query)."""

from __future__ import annotations

import pytest

from app.services import sparql_worker
from app.services.sparql_worker import Refused, check


@pytest.mark.parametrize("query", [
    "select * where { service <http://example.org/sparql> { ?s ?p ?o } }",
    r"SELECT * WHERE { \u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_service_and_updates_are_refused(query: str) -> None:
    with pytest.raises(Refused):
        check(query)


def test_an_ordinary_query_is_cleared_without_a_full_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(sparql_worker, "_names", lambda tree: calls.append("parsed") or iter(()))
    query = 'PREFIX dct: <http://purl.org/dc/terms/> SELECT ?d WHERE { ?d dct:identifier "ds-1" ; dct:title ?t }'
    assert check(query) is None
    assert calls == []
    check("SELECT ?s WHERE { ?s <http://example.org/service> ?o }")  # says "service": parsed in full
    assert calls == ["parsed"]
