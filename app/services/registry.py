"""The one write path for datasets: validate, upsert with distributions in one transaction, and
append to the change feed. Harvested records and stewards' registrations both come through here,
so no edit can bypass the change feed that the derived indexes follow.

`upsert_dataset` writes one record (the API); `upsert_batch` writes many with one statement per
table (harvesting). Both run the same `_upsert`, so the rules cannot drift apart."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Literal

from sqlalchemy import Table, func, insert, select, update
from sqlmodel import Session

from app.db import begin_write
from app.errors import CatalogError, Conflict, DatasetNotFound, Forbidden, InvalidRecord, invalid
from app.models.changes import ChangeEvent
from app.models.datasets import DISTRIBUTION_FIELDS, TERM_FIELDS, ContactPoint, Dataset
from app.models.harvest import DatasetProvenance
from app.models.organisations import Organisation
from app.models.records import DatasetRecord
from app.models.time import utcnow
from app.services.organisations import find_organisation, resolve_publisher

Outcome = Literal["created", "updated", "unchanged"]
DEFAULT_IRI_BASE = "https://data.provincies.nl/id"
D = Dataset.__table__.c


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
    dataset_id: str
    outcome: Outcome
    dataset: Dataset | None = None  # loaded by upsert_dataset; upsert_batch leaves it None


@dataclass
class Rejected:
    """A record the batch could not take, with the reason; the rest of the batch goes on."""

    record: DatasetRecord
    error: CatalogError


def dataset_id_for(iri: str) -> str:
    """Stable id from the IRI, so a rebuilt catalogue gives every dataset the same id: the hex of
    uuid.uuid5(NAMESPACE_URL, iri), computed without building UUID objects (a harvest makes one
    or two a record)."""
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + iri.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    return digest.hex()


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes


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
    """What the record says, fields in declaration order (pydantic's JSON: stable for one model
    and several times cheaper than sorting a dumped dict), plus the source triples."""
    body = record.model_dump_json(exclude_none=True, exclude={"source_ntriples"})
    digest = hashlib.sha256(body.encode())
    digest.update((record.source_ntriples or "").encode())
    return digest.hexdigest()


def upsert_dataset(
    db: Session, record: DatasetRecord, *, origin: Origin, strict: bool = True, commit: bool = True,
    expect_id: str | None = None, create_only: bool = False,
) -> Upsert:
    """Sole writer of one dataset, so the change feed cannot miss an edit.

    expect_id: replace exactly this dataset (PUT); create_only: refuse to overwrite (POST)."""
    [result] = _upsert(db, [record], origin=origin, strict=strict, expect_id=expect_id,
                       create_only=create_only, raise_errors=True)
    if commit:
        db.commit()
    result.dataset = db.get(Dataset, result.dataset_id, populate_existing=True)
    return result


def upsert_batch(db: Session, records: Sequence[DatasetRecord], *, origin: Origin, strict: bool = False,
                 commit: bool = True) -> list[Upsert | Rejected]:
    """Many records in one transaction, one statement per table: the harvesters' path."""
    results = _upsert(db, records, origin=origin, strict=strict, raise_errors=False)
    if commit:
        db.commit()
    return results


def withdraw_dataset(db: Session, dataset_id: str, *, origin: Origin, commit: bool = True) -> Dataset:
    """Tombstone, never a hard delete: the row stays, the change feed tells the indexes."""
    begin_write(db)
    dataset = db.get(Dataset, dataset_id, populate_existing=True)
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


@dataclass
class _Plan:
    """What one batch will write, gathered before any statement runs."""

    now: datetime
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # ids written: each gets a change event
    contacts_new: list[tuple[dict, DatasetRecord]] = field(default_factory=list)
    contacts_update: list[dict] = field(default_factory=list)
    touched: list[tuple[str, str, DatasetRecord]] = field(default_factory=list)  # id, hash, record
    fresh: set[str] = field(default_factory=set)  # ids with no row yet: no provenance of theirs to look up


def _upsert(db: Session, records: Sequence[DatasetRecord], *, origin: Origin, strict: bool,
            raise_errors: bool, expect_id: str | None = None, create_only: bool = False) -> list:
    begin_write(db)
    results: list[Upsert | Rejected | None] = [None] * len(records)
    accepted: list[tuple[int, DatasetRecord, Organisation, Organisation | None]] = []
    orgs: dict[tuple[str, str | None], Organisation] = {}
    for i, record in enumerate(records):
        try:
            check_record(record, strict=strict)
            publisher = _organisation(db, orgs, record.publisher, record.publisher_name, origin, strict)
            _check_scope(origin, publisher.id)
            creator = _organisation(db, orgs, record.creator, record.creator_name, origin, False) \
                if record.creator else None
            accepted.append((i, record, publisher, creator))
        except CatalogError as exc:
            if raise_errors:
                raise
            results[i] = Rejected(record, exc)

    existing = _existing_many(db, [(r, p.id) for _, r, p, _ in accepted], expect_id)
    plan, seen = _Plan(now=utcnow()), set()
    for i, record, publisher, creator in accepted:
        try:
            row = existing.get(i)
            _check_existing(row, record, origin, expect_id, create_only)
            iri = row["iri"] if row else record.iri or _mint(origin, publisher.id, record)
            dataset_id = row["id"] if row else dataset_id_for(iri)
            if dataset_id in seen:  # the same dataset twice in one batch: the later one waits a round
                results[i] = "again"
                continue
            seen.add(dataset_id)
            results[i] = _plan_one(plan, row, dataset_id, iri, record, publisher, creator, origin)
        except CatalogError as exc:
            if raise_errors:
                raise
            results[i] = Rejected(record, exc)
    _execute(db, plan, origin)
    again = [i for i, r in enumerate(results) if r == "again"]
    if again:
        for i, result in zip(again, _upsert(db, [records[i] for i in again], origin=origin, strict=strict,
                                            raise_errors=raise_errors), strict=True):
            results[i] = result
    return results  # type: ignore[return-value]


def _mint(origin: Origin, publisher_id: str, record: DatasetRecord) -> str:
    """An IRI for a record that has none (ISO 19139, CKAN, a steward's JSON): derived from the
    publisher and dct:identifier, so a rebuilt catalogue mints the same IRI and id again."""
    key = f"{publisher_id}/{record.identifier or uuid.uuid4().hex}"
    return f"{origin.iri_base}/dataset/{dataset_id_for(key)}"


def _organisation(db: Session, cache: dict, ref: str | None, name: str | None, origin: Origin,
                  strict: bool) -> Organisation:
    assert ref
    key = (ref, name)
    if key not in cache:
        if strict:  # a steward names an organisation the catalogue knows
            org = find_organisation(db, ref)
            if org is None:
                raise InvalidRecord(f"Onbekende publisher '{ref}'.", invalid_params=[
                    invalid("publisher", "geen bekende organisatie (TOOI-code zoals pv29 of IRI)")])
        else:
            org = resolve_publisher(db, ref, name, origin.iri_base)
        cache[key] = org
    return cache[key]


def _check_scope(origin: Origin, publisher_id: str) -> None:
    if origin.role == "steward" and origin.organisation_id != publisher_id:
        raise Forbidden(f"Deze sleutel mag alleen datasets van '{origin.organisation_id}' schrijven, "
                        f"niet van '{publisher_id}'.")


def _existing_many(db: Session, items: list[tuple[DatasetRecord, str]], expect_id: str | None) -> dict[int, dict]:
    """Index in `items` → the stored row it is: same IRI, else the same dct:identifier from the same
    publisher (identifiers are not unique across publishers)."""
    cols = (D.id, D.iri, D.identifier, D.publisher_id, D.status, D.content_hash, D.source_id, D.contact_point_id,
            D.created_at)
    if expect_id is not None:
        row = db.execute(select(*cols).where(D.id == expect_id)).mappings().first()
        if row is None or row["status"] == "withdrawn":
            raise DatasetNotFound(f"Dataset '{expect_id}' bestaat niet of is ingetrokken.")
        return {0: dict(row)}
    iris = [r.iri for r, _ in items if r.iri]
    rows = [dict(r) for r in db.execute(select(*cols).where(D.iri.in_(iris))).mappings()] if iris else []
    found_iris = {r["iri"] for r in rows}
    # Separate queries: an OR of the two lookups makes PostgreSQL scan the whole table.
    by_publisher: dict[str, set[str]] = {}
    for record, publisher_id in items:
        if record.identifier and record.iri not in found_iris:
            by_publisher.setdefault(publisher_id, set()).add(record.identifier)
    # One query per publisher (a batch rarely has more than one): uses the (publisher, identifier) index.
    for publisher_id, identifiers in by_publisher.items():
        stmt = select(*cols).where(D.publisher_id == publisher_id, D.identifier.in_(sorted(identifiers)))
        rows += [dict(r) for r in db.execute(stmt).mappings()]
    by_iri = {r["iri"]: r for r in rows}
    by_key = {(r["publisher_id"], r["identifier"]): r for r in rows}
    found = {}
    for n, (record, publisher_id) in enumerate(items):
        row = (by_iri.get(record.iri) if record.iri else None) or by_key.get((publisher_id, record.identifier))
        if row is not None:
            found[n] = row
    return found


def _check_existing(row: dict | None, record: DatasetRecord, origin: Origin, expect_id: str | None,
                    create_only: bool) -> None:
    if row is None:
        return
    _check_scope(origin, row["publisher_id"])
    if create_only and row["status"] == "active":
        raise Conflict(f"Dataset '{row['id']}' met deze IRI of identifier bestaat al; gebruik PUT.")
    if not origin.is_harvest and row["source_id"] is not None:
        raise Conflict(f"Dataset '{row['id']}' wordt geoogst uit bron '{row['source_id']}'; wijzig het bij de bron.")
    if expect_id and record.iri and record.iri != row["iri"]:
        raise InvalidRecord("De IRI van een dataset kan niet wijzigen.",
                            invalid_params=[invalid("iri", f"moet {row['iri']} zijn")])


def _plan_one(plan: _Plan, row: dict | None, dataset_id: str, iri: str, r: DatasetRecord,
              publisher: Organisation, creator: Organisation | None, origin: Origin) -> Upsert:
    digest = content_hash(r)
    plan.touched.append((dataset_id, digest, r))
    if row is not None and row["content_hash"] == digest and row["status"] == "active":
        return Upsert(dataset_id, "unchanged")
    values = {
        "identifier": r.identifier or (row["identifier"] if row else None) or r.iri,
        "title": r.title or "", "description": r.description or "",
        "title_en": r.title_en, "description_en": r.description_en,
        "publisher_id": publisher.id, "creator_id": creator.id if creator else None,
        "access_rights": r.access_rights, "landing_page": r.landing_page,
        "temporal_start": r.temporal.start if r.temporal else None,
        "temporal_end": r.temporal.end if r.temporal else None,
        "issued": r.issued, "modified": r.modified, "accrual_periodicity": r.accrual_periodicity,
        "version": r.version, "terms": _terms(r), "distributions": _distributions(iri, r),
        "source_ntriples": r.source_ntriples, "content_hash": digest,
        "status": "active", "updated_at": plan.now,
    }
    contact = {"name": r.contact_point.name, "email": r.contact_point.email, "url": r.contact_point.url} \
        if r.contact_point else None
    if row is None:
        values |= {"id": dataset_id, "iri": iri, "identifier": values["identifier"] or iri,
                   "source_id": origin.source_id, "created_at": plan.now, "contact_point_id": None}
        plan.inserts.append(values)
        plan.fresh.add(dataset_id)
        outcome: Outcome = "created"
    else:
        values |= {"id": dataset_id, "contact_point_id": row["contact_point_id"]}
        plan.updates.append(values)
        outcome = "updated" if row["status"] == "active" else "created"
    if contact and values["contact_point_id"] is not None:
        plan.contacts_update.append({"id": values["contact_point_id"], **contact})
    elif contact:
        plan.contacts_new.append((values, r))
    else:
        values["contact_point_id"] = None
    plan.changed.append(dataset_id)
    return Upsert(dataset_id, outcome)


def _execute(db: Session, plan: _Plan, origin: Origin) -> None:
    """Core inserts (executemany) rather than the ORM's bulk path: several times less overhead."""
    if plan.contacts_new:
        for (values, _), contact_id in zip(plan.contacts_new, _insert_contacts(db, plan.contacts_new), strict=True):
            values["contact_point_id"] = contact_id
    if plan.contacts_update:
        db.execute(update(ContactPoint), plan.contacts_update)
    if plan.inserts:
        _insert_dicts(db, Dataset.__table__, plan.inserts)
    if plan.updates:
        _keep_other_sources_text(db, [v["id"] for v in plan.updates], origin)
        db.execute(update(Dataset), plan.updates)
    if plan.changed:
        _insert_dicts(db, ChangeEvent.__table__, [{"dataset_id": i, "operation": "upsert", "at": plan.now}
                                                  for i in plan.changed])
    if origin.is_harvest and plan.touched:
        _touch_provenance(db, plan, origin)


def _insert_contacts(db: Session, new: list[tuple[dict, DatasetRecord]]) -> list[int]:
    """Ids of the inserted contact points, in order. PostgreSQL returns them from one multi-row
    INSERT; SQLite's RETURNING in parameter order means a statement per row, so there the ids
    are taken after the highest one, as SQLite itself would, under the write lock begin_write holds."""
    contacts = [r.contact_point for _, r in new if r.contact_point]
    if db.get_bind().dialect.name == "sqlite":
        first = db.execute(select(func.coalesce(func.max(ContactPoint.id), 0))).scalar_one() + 1
        ids = list(range(first, first + len(contacts)))
        _insert_rows(db, "contact_point", ("id", "name", "email", "url"),
                     [(i, c.name, c.email, c.url) for i, c in zip(ids, contacts, strict=True)])
        return ids
    rows = [{"name": c.name, "email": c.email, "url": c.url} for c in contacts]
    return list(db.execute(insert(ContactPoint).returning(ContactPoint.id, sort_by_parameter_order=True),
                           rows).scalars().all())


def _terms(r: DatasetRecord) -> dict[str, list[str]]:
    """The multi-valued properties for Dataset.terms: in the record's order, each value once."""
    terms = {}
    for name in TERM_FIELDS:
        values = getattr(r, name)
        if values:
            terms[name] = list(dict.fromkeys(v[:1000] for v in values if v))
    return terms


def _distributions(iri: str, r: DatasetRecord) -> list[dict]:
    """The record's distributions for Dataset.distributions, in order; one without an IRI gets a
    stable one under its dataset's IRI, so JSON and DCAT output name it alike."""
    out = []
    for n, d in enumerate(r.distributions):
        values = {name: getattr(d, name) for name in DISTRIBUTION_FIELDS}
        values["iri"] = d.iri or f"{iri}#distribution-{n + 1}"
        values["access_url"] = d.access_url or d.download_url or ""
        out.append({k: v for k, v in values.items() if v is not None})
    return out


def _insert_dicts(db: Session, table: Table, rows: list[dict]) -> None:
    """Rows given as dicts with the same keys, through `_insert_rows`: the column types' bind
    processing (SQLite's datetimes as text) done here once per distinct value, as SQLAlchemy
    would do it, not once per row and column. The dicts are the caller's to discard."""
    if not rows:
        return
    dialect = db.get_bind().dialect
    columns = tuple(rows[0])
    for name in columns:
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            continue
        done: dict = {}
        for row in rows:
            value = row[name]
            if isinstance(value, dict | list):  # JSON: not hashable, and seldom repeated
                row[name] = process(value)
            elif value is not None:
                row[name] = done[value] if value in done else done.setdefault(value, process(value))
    if len(columns) == 1:
        _insert_rows(db, table.name, columns, [(row[columns[0]],) for row in rows])
        return
    get = itemgetter(*columns)
    _insert_rows(db, table.name, columns, [get(row) for row in rows])


def _insert_rows(db: Session, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain tuples straight to the driver: SQLite's executemany (SQLAlchemy's per-row parameter
    processing cost more than the insert itself), PostgreSQL's COPY (psycopg's executemany
    still sends and tracks each row as its own statement)."""
    if not rows:
        return
    conn = db.connection()
    if conn.dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, rows)


def source_triples(db: Session, dataset_id: str, source_id: str) -> str | None:
    """The N-Triples `source_id` last gave for the dataset (its provenance copy, or the dataset's
    own text when the copy is NULL: the same as what the dataset row holds)."""
    P = DatasetProvenance.__table__.c
    row = db.execute(select(P.source_ntriples, D.source_ntriples).join_from(
        DatasetProvenance.__table__, Dataset.__table__, D.id == P.dataset_id).where(
        P.dataset_id == dataset_id, P.source_id == source_id)).first()
    return None if row is None else row[0] if row[0] is not None else row[1]


def _keep_other_sources_text(db: Session, ids: list[str], origin: Origin) -> None:
    """Before a dataset row takes new text, other sources' provenance rows that share it (NULL)
    get their own copy, so each source's triples stay readable (`source_triples`)."""
    P = DatasetProvenance.__table__.c
    own = select(D.source_ntriples).where(D.id == P.dataset_id).scalar_subquery()
    stmt = update(DatasetProvenance).where(P.dataset_id.in_(ids), P.source_ntriples.is_(None))
    if origin.source_id is not None:
        stmt = stmt.where(P.source_id != origin.source_id)
    db.execute(stmt.values(source_ntriples=own))


def _touch_provenance(db: Session, plan: _Plan, origin: Origin) -> None:
    """One provenance row per (dataset, source): created on first sight, its last run moved on after.
    Its text stays NULL while it is the dataset row's own (every record of this batch is: written
    now, or unchanged by content hash), which keeps the largest column from being stored twice."""
    P = DatasetProvenance.__table__.c
    ids = [i for i, _, _ in plan.touched if i not in plan.fresh]
    known = dict(db.execute(select(P.dataset_id, P.record_hash).where(
        P.source_id == origin.source_id, P.dataset_id.in_(ids))).all()) if ids else {}
    new, same, changed = [], [], []
    for dataset_id, digest, _ in plan.touched:
        if dataset_id not in known:
            new.append({"dataset_id": dataset_id, "source_id": origin.source_id, "first_run_id": origin.run_id,
                        "last_run_id": origin.run_id, "first_seen": plan.now, "last_seen": plan.now,
                        "record_hash": digest, "source_ntriples": None})
        elif known[dataset_id] == digest:
            same.append(dataset_id)
        else:
            changed.append((dataset_id, digest))
    if new:
        _insert_dicts(db, DatasetProvenance.__table__, new)
    if same:
        db.execute(update(DatasetProvenance).where(P.source_id == origin.source_id, P.dataset_id.in_(same))
                   .values(last_run_id=origin.run_id, last_seen=plan.now))
    for dataset_id, digest in changed:
        db.execute(update(DatasetProvenance).where(P.source_id == origin.source_id, P.dataset_id == dataset_id)
                   .values(last_run_id=origin.run_id, last_seen=plan.now, record_hash=digest,
                           source_ntriples=None))
