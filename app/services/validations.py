"""Checking metadata a steward has not published yet: SHACL findings and a score, nothing stored.

An RDF body is validated as sent (it is what a harvester would read from the steward's site); a
JSON body is first written as DCAT-AP-NL by the same mapping the catalogue export uses.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from rdflib import Graph
from sqlmodel import Session

from app.config import Settings
from app.errors import InvalidRecord, MalformedInput, UnsupportedMediaType, invalid
from app.models.records import DatasetRecord
from app.services import rdf
from app.services.catalog import catalog_iri, graph_of
from app.services.organisations import find_organisation
from app.services.quality import dataset_nodes, score_dataset
from app.services.shacl import validate_graph

JSON = "application/json"
RDF_INPUT = ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples")


def validate_body(db: Session, body: bytes, content_type: str | None, settings: Settings) -> dict:
    media = (content_type or "").split(";")[0].strip().lower()
    if not body.strip():
        raise MalformedInput("De body is leeg; stuur een DCAT-record (Turtle, JSON-LD, RDF/XML, N-Triples) of JSON.")
    if media in ("", JSON):
        graph = _graph_of_json(db, body, settings)
    elif media in RDF_INPUT:
        try:
            graph = graph_of(rdf.parse_rdf(body, content_type or media))
        except SyntaxError as exc:  # the parser's own message says where (line, column)
            raise MalformedInput(f"De body is geen geldige {media}: {exc}") from exc
    else:
        raise UnsupportedMediaType(f"Content-Type '{media}' wordt niet ondersteund; gebruik {JSON} of "
                                   f"{', '.join(RDF_INPUT)}.")
    return report_of(graph)


def report_of(graph: Graph) -> dict:
    report = validate_graph(graph)
    body = report.as_json()
    scores = {}
    for node in dataset_nodes(graph):
        name = str(node) if not node.n3().startswith("_:") else f"_:{node}"
        scores[name] = score_dataset(graph, node, report).as_json()
    for entry in body["datasets"]:
        score = scores.get(entry["dataset"])
        if score:
            entry["quality"] = {k: score[k] for k in ("points", "maxPoints", "percentage", "rating", "dimensions")}
    if not body["datasets"]:
        body["note"] = {"nl": "Geen dcat:Dataset gevonden in de invoer.", "en": "No dcat:Dataset found in the input."}
    return body


def _graph_of_json(db: Session, body: bytes, settings: Settings) -> Graph:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInput(f"De body is geen geldige JSON: {exc}.") from exc
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise MalformedInput("De body moet een JSON-object (of een lijst van objecten) zijn.")
    graph = Graph()
    for n, item in enumerate(items):
        try:
            record = DatasetRecord.model_validate(item)
        except ValidationError as exc:
            params = [invalid(".".join(str(p) for p in (n, *e["loc"])), e["msg"]) for e in exc.errors()]
            raise InvalidRecord("Het record bevat ongeldige velden.", invalid_params=params) from exc
        iri = record.iri or f"{settings.iri_base}/dataset/validatie-{n + 1}"
        triples = rdf.triples_of_record(record, iri=iri, publisher=_org(db, record.publisher, record.publisher_name,
                                                                          settings),
                                        creator=_org(db, record.creator, record.creator_name, settings),
                                        catalog_iri=catalog_iri(settings))
        graph += graph_of(triples)
    return graph


def _org(db: Session, ref: str | None, name: str | None, settings: Settings) -> rdf.OrgRef | None:
    """The organisation a record names, without creating it (validation stores nothing)."""
    if not ref:
        return None
    org = find_organisation(db, ref) or (find_organisation(db, name) if name else None)
    if org is not None:
        return rdf.OrgRef(id=org.id, iri=org.iri, name=org.name)
    iri = ref if "://" in ref else f"{settings.iri_base}/organisatie/{ref}"
    return rdf.OrgRef(id=ref, iri=iri, name=name or ref)
