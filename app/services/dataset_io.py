"""Turning request bodies into a DatasetRecord, and a dataset into DCAT-AP-NL RDF.

JSON is validated against DatasetRecord (camelCase); RDF bodies go through the one RDF mapping
in app.services.rdf, so a steward's Turtle and a harvested page are read by the same code."""

from __future__ import annotations

import json

from pydantic import ValidationError

from app.errors import InvalidRecord, MalformedInput, UnsupportedMediaType, invalid
from app.models.datasets import Dataset
from app.models.records import DatasetRecord
from app.services import rdf

JSON = "application/json"
RDF_INPUT = ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples")
RDF_OUTPUT = ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples")


def record_from_body(body: bytes, content_type: str | None) -> DatasetRecord:
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("", JSON) or media.endswith("+json") and media != "application/ld+json":
        return _record_from_json(body)
    if media in RDF_INPUT:
        return _record_from_rdf(body, content_type or media)
    raise UnsupportedMediaType(f"Content-Type '{media}' wordt niet ondersteund; gebruik {JSON} of "
                               f"{', '.join(RDF_INPUT)}.")


def _record_from_json(body: bytes) -> DatasetRecord:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInput(f"De body is geen geldige JSON: {exc}.") from exc
    if not isinstance(data, dict):
        raise MalformedInput("De body moet een JSON-object zijn.")
    try:
        return DatasetRecord.model_validate(data)
    except ValidationError as exc:
        params = [invalid(".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors()]
        raise InvalidRecord("Het record bevat ongeldige velden.", invalid_params=params) from exc


def _record_from_rdf(body: bytes, content_type: str) -> DatasetRecord:
    items = rdf.records_from_triples(rdf.parse_rdf(body, content_type))
    records = [i for i in items if isinstance(i, DatasetRecord)]
    errors = [i for i in items if not isinstance(i, DatasetRecord)]
    if len(records) + len(errors) != 1:
        raise InvalidRecord(f"Verwacht precies één dcat:Dataset in de body, gevonden: {len(records) + len(errors)}.",
                            invalid_params=[invalid("body", "precies één dcat:Dataset")])
    if errors:
        raise InvalidRecord(f"Het record is ongeldig: {errors[0].message}",
                            invalid_params=[invalid("body", errors[0].message)])
    return records[0]


def render(dataset: Dataset, record: DatasetRecord, publisher: dict | None, creator: dict | None,
           media_type: str) -> bytes:
    triples = rdf.triples_of_record(record, iri=dataset.iri, publisher=_org(publisher), creator=_org(creator))
    return rdf.serialize(triples, media_type)


def _org(ref: dict | None) -> rdf.OrgRef | None:
    if not ref or not ref.get("iri"):
        return None
    return rdf.OrgRef(id=ref["id"], iri=ref["iri"], name=ref.get("name") or ref["id"])
