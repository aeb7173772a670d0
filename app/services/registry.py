"""The one write path for datasets: validate, upsert with distributions in one transaction, and
append to the change feed. Harvested records and stewards' registrations both come through here,
so no edit can bypass the change feed that the derived indexes follow."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, insert, update
from sqlmodel import Session, select

from app.errors import Conflict, DatasetNotFound, Forbidden, InvalidRecord, invalid
from app.models.changes import ChangeEvent
from app.models.datasets import ContactPoint, Dataset, DatasetTerm, Distribution
from app.models.harvest import DatasetProvenance
from app.models.organisations import Organisation
from app.models.records import DatasetRecord
from app.models.time import utcnow
from app.services.organisations import find_organisation, resolve_publisher

Outcome = Literal["created", "updated", "unchanged"]
DEFAULT_IRI_BASE = "https://data.provincies.nl/id"


@dataclass(frozen=True)
class Origin:
    """Who writes: a harvest run of a source, or an API key of an organisation."""

    source_id: str | None = None
    run_id: int | None = None
    organisation_id: str | None = None
    role: str | None = None
    iri_base: str = DEFAULT_IRI_BASE

    @property
    def is_harvest(self) -> bool:
        return self.source_id is not None


@dataclass
class Upsert:
    dataset: Dataset
    outcome: Outcome


def dataset_id_for(iri: str) -> str:
    """Stable id from the IRI, so a rebuilt catalogue gives every dataset the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, iri).hex


def check_record(record: DatasetRecord, *, strict: bool) -> None:
    """Raise InvalidRecord naming every problem at once.

    strict: the DCAT-AP-NL 3.0 mandatory properties (stewards). Harvested records are kept even
    when incomplete (data stays at the source); they need only what identifies and shows them."""
    problems = []
    if not record.title:
        problems.append(invalid("title", "dct:title is verplicht / is mandatory"))
    if not (record.iri or record.identifier):
        problems.append(invalid("identifier", "dct:identifier of een IRI is verplicht / is mandatory"))
    if not record.publisher:
        problems.append(invalid("publisher", "dct:publisher is verplicht / is mandatory"))
    if strict:
        for name, value in (
            ("description", record.description),
            ("identifier", record.identifier),
            ("creator", record.creator),
            ("accessRights", record.access_rights),
            ("themes", record.themes),
        ):
            if not value and not any(p["name"] == name for p in problems):
                problems.append(invalid(name, f"{name} is verplicht in DCAT-AP-NL 3.0 / is mandatory"))
        cp = record.contact_point
        if cp is None or not (cp.email or cp.url or cp.name):
            problems.append(invalid("contactPoint", "contactPoint met naam en e-mail of URL is verplicht"))
        for i, dist in enumerate(record.distributions):
            if not dist.access_url:
                problems.append(invalid(f"distributions[{i}].accessUrl", "dcat:accessURL is verplicht"))
            if not dist.license:
                problems.append(invalid(f"distributions[{i}].license", "dct:license is verplicht"))
    if problems:
        names = ", ".join(p["name"] for p in problems)
        raise InvalidRecord(f"Het record is onvolledig of ongeldig: {names}.", invalid_params=problems)


def content_hash(record: DatasetRecord) -> str:
    body = record.model_dump(mode="json", exclude_none=True, exclude={"source_ntriples"})
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    digest.update((record.source_ntriples or "").encode())
    return digest.hexdigest()


def upsert_dataset(
    db: Session, record: DatasetRecord, *, origin: Origin, strict: bool = True, commit: bool = True,
    expect_id: str | None = None, create_only: bool = False,
) -> Upsert:
    """Sole writer of datasets, so the change feed cannot miss an edit.

    expect_id: replace exactly this dataset (PUT); create_only: refuse to overwrite (POST)."""
    check_record(record, strict=strict)
    publisher = _publisher(db, record, origin, strict)
    _check_scope(origin, publisher.id)
    existing = _existing(db, record, publisher.id, expect_id)
    if existing is not None:
        _check_scope(origin, existing.publisher_id)
        if create_only and existing.status == "active":
            raise Conflict(f"Dataset '{existing.id}' met deze IRI of identifier bestaat al; gebruik PUT.")
        if not origin.is_harvest and existing.source_id is not None:
            raise Conflict(f"Dataset '{existing.id}' wordt geoogst uit bron '{existing.source_id}'; "
                           "wijzig het bij de bron.")
        if expect_id and record.iri and record.iri != existing.iri:
            raise InvalidRecord("De IRI van een dataset kan niet wijzigen.",
                                invalid_params=[invalid("iri", f"moet {existing.iri} zijn")])
    creator = resolve_publisher(db, record.creator, record.creator_name, origin.iri_base) \
        if record.creator else None
    digest = content_hash(record)
    now = utcnow()
    if existing is not None and existing.content_hash == digest and existing.status == "active":
        _touch_provenance(db, existing.id, origin, digest, record, now)
        if commit:
            db.commit()
        return Upsert(existing, "unchanged")

    if existing is None:
        iri = record.iri or f"{origin.iri_base}/dataset/{uuid.uuid4().hex}"
        dataset = Dataset(id=dataset_id_for(iri), iri=iri, identifier=record.identifier or iri,
                          title="", description="", publisher_id=publisher.id, content_hash=digest,
                          source_id=origin.source_id, created_at=now)
        outcome: Outcome = "created"
    else:
        dataset, outcome = existing, "updated" if existing.status == "active" else "created"
    _apply_fields(db, dataset, record, publisher, creator, digest, now)
    db.add(dataset)
    db.flush()
    _replace_children(db, dataset, record)
    _touch_provenance(db, dataset.id, origin, digest, record, now)
    db.add(ChangeEvent(dataset_id=dataset.id, operation="upsert", at=now))
    if commit:
        db.commit()
    return Upsert(dataset, outcome)


def withdraw_dataset(db: Session, dataset_id: str, *, origin: Origin, commit: bool = True) -> Dataset:
    """Tombstone, never a hard delete: the row stays, the change feed tells the indexes."""
    dataset = db.get(Dataset, dataset_id)
    if dataset is None or dataset.status == "withdrawn":
        raise DatasetNotFound(f"Dataset '{dataset_id}' bestaat niet of is ingetrokken.")
    _check_scope(origin, dataset.publisher_id)
    if not origin.is_harvest and dataset.source_id is not None:
        raise Conflict(f"Dataset '{dataset_id}' wordt geoogst uit bron '{dataset.source_id}'; "
                       "trek het in bij de bron.")
    now = utcnow()
    dataset.status, dataset.updated_at = "withdrawn", now
    db.add(dataset)
    db.add(ChangeEvent(dataset_id=dataset.id, operation="withdraw", at=now))
    if commit:
        db.commit()
    return dataset


def _publisher(db: Session, record: DatasetRecord, origin: Origin, strict: bool) -> Organisation:
    assert record.publisher
    if strict:  # a steward names an organisation the catalogue knows
        org = find_organisation(db, record.publisher)
        if org is None:
            raise InvalidRecord(
                f"Onbekende publisher '{record.publisher}'.",
                invalid_params=[invalid("publisher", "geen bekende organisatie (TOOI-code zoals pv29 of IRI)")],
            )
        return org
    return resolve_publisher(db, record.publisher, record.publisher_name, origin.iri_base)


def _check_scope(origin: Origin, publisher_id: str) -> None:
    if origin.role == "steward" and origin.organisation_id != publisher_id:
        raise Forbidden(f"Deze sleutel mag alleen datasets van '{origin.organisation_id}' schrijven, "
                        f"niet van '{publisher_id}'.")


def _existing(db: Session, record: DatasetRecord, publisher_id: str, expect_id: str | None) -> Dataset | None:
    """The dataset this record is: same IRI, else same dct:identifier from the same publisher
    (identifiers are not unique across publishers)."""
    if expect_id is not None:
        dataset = db.get(Dataset, expect_id)
        if dataset is None or dataset.status == "withdrawn":
            raise DatasetNotFound(f"Dataset '{expect_id}' bestaat niet of is ingetrokken.")
        return dataset
    if record.iri:
        dataset = db.exec(select(Dataset).where(Dataset.iri == record.iri)).first()
        if dataset is not None:
            return dataset
    if record.identifier:
        stmt = select(Dataset).where(Dataset.publisher_id == publisher_id, Dataset.identifier == record.identifier)
        return db.exec(stmt).first()
    return None


def _apply_fields(db: Session, ds: Dataset, r: DatasetRecord, publisher: Organisation,
                  creator: Organisation | None, digest: str, now) -> None:  # noqa: ANN001
    ds.identifier = r.identifier or ds.identifier or ds.iri
    ds.title, ds.description = r.title or "", r.description or ""
    ds.title_en, ds.description_en = r.title_en, r.description_en
    ds.publisher_id, ds.creator_id = publisher.id, creator.id if creator else None
    ds.access_rights, ds.landing_page = r.access_rights, r.landing_page
    ds.temporal_start = r.temporal.start if r.temporal else None
    ds.temporal_end = r.temporal.end if r.temporal else None
    ds.issued, ds.modified = r.issued, r.modified
    ds.accrual_periodicity, ds.version = r.accrual_periodicity, r.version
    ds.source_ntriples, ds.content_hash = r.source_ntriples, digest
    ds.status, ds.updated_at = "active", now
    cp = r.contact_point
    if cp is None:
        ds.contact_point_id = None
    elif ds.contact_point_id is not None:
        db.execute(update(ContactPoint).where(ContactPoint.id == ds.contact_point_id)
                   .values(name=cp.name, email=cp.email, url=cp.url))
    else:
        contact = ContactPoint(name=cp.name, email=cp.email, url=cp.url)
        db.add(contact)
        db.flush()
        ds.contact_point_id = contact.id


def _replace_children(db: Session, ds: Dataset, r: DatasetRecord) -> None:
    db.execute(delete(DatasetTerm).where(DatasetTerm.dataset_id == ds.id))
    db.execute(delete(Distribution).where(Distribution.dataset_id == ds.id))
    terms = {(kind, value) for kind, values in (
        ("theme", r.themes), ("keyword", r.keywords), ("spatial", r.spatial), ("language", r.languages),
        ("conformsTo", r.conforms_to), ("page", r.pages),
        ("format", [d.format for d in r.distributions]), ("license", [d.license for d in r.distributions]),
    ) for value in values if value}
    if terms:
        db.execute(insert(DatasetTerm), [{"dataset_id": ds.id, "kind": k, "value": v[:1000]} for k, v in terms])
    if r.distributions:
        db.execute(insert(Distribution), [
            {"dataset_id": ds.id, "position": i, "iri": d.iri, "access_url": d.access_url or d.download_url or "",
             "download_url": d.download_url, "format": d.format, "media_type": d.media_type,
             "license": d.license, "title": d.title, "description": d.description, "byte_size": d.byte_size}
            for i, d in enumerate(r.distributions)
        ])


def _touch_provenance(db: Session, dataset_id: str, origin: Origin, digest: str,
                      record: DatasetRecord, now) -> None:  # noqa: ANN001
    if not origin.is_harvest:
        return
    prov = db.exec(select(DatasetProvenance).where(
        DatasetProvenance.dataset_id == dataset_id, DatasetProvenance.source_id == origin.source_id)).first()
    if prov is None:
        db.add(DatasetProvenance(dataset_id=dataset_id, source_id=origin.source_id, first_run_id=origin.run_id,
                                 last_run_id=origin.run_id, first_seen=now, last_seen=now, record_hash=digest,
                                 source_ntriples=record.source_ntriples))
        return
    prov.last_run_id, prov.last_seen = origin.run_id, now
    if prov.record_hash != digest:
        prov.record_hash, prov.source_ntriples = digest, record.source_ntriples
    db.add(prov)
