"""Reading datasets back: as a DatasetRecord (for RDF output and derived indexes) and as the
public JSON shape of the API. Loads children in bulk so lists and rebuilds stay fast."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, func, select

from app.errors import DatasetNotFound
from app.models.datasets import TERM_FIELDS, ContactPoint, Dataset
from app.models.harvest import DatasetProvenance
from app.models.organisations import Organisation
from app.models.records import ContactPointRecord, DatasetRecord, DistributionRecord, Temporal


def get_dataset(db: Session, dataset_id: str) -> Dataset:
    """An active dataset; withdrawn ones answer 404 like datasets that never existed."""
    dataset = db.get(Dataset, dataset_id)
    if dataset is None or dataset.status != "active":
        raise DatasetNotFound(f"Dataset '{dataset_id}' bestaat niet of is ingetrokken.")
    return dataset


class Loaded:
    """A page of datasets with their children, loaded with one query per table."""

    def __init__(self, db: Session, datasets: Sequence[Dataset]) -> None:
        self.datasets = list(datasets)
        ids = [d.id for d in self.datasets]
        self.provenance: dict[str, list[DatasetProvenance]] = defaultdict(list)
        self.contacts: dict[int, ContactPoint] = {}
        self.orgs: dict[str, Organisation] = {}
        if not ids:
            return
        for chunk in _chunks(ids, 500):
            for p in db.exec(select(DatasetProvenance).where(col(DatasetProvenance.dataset_id).in_(chunk))
                             .order_by(col(DatasetProvenance.id))):
                self.provenance[p.dataset_id].append(p)
        contact_ids = [d.contact_point_id for d in self.datasets if d.contact_point_id]
        for chunk in _chunks(contact_ids, 500):
            for c in db.exec(select(ContactPoint).where(col(ContactPoint.id).in_(chunk))):
                self.contacts[c.id] = c
        org_ids = {d.publisher_id for d in self.datasets} | {d.creator_id for d in self.datasets if d.creator_id}
        for o in db.exec(select(Organisation).where(col(Organisation.id).in_(list(org_ids)))):
            self.orgs[o.id] = o

    def record(self, ds: Dataset) -> DatasetRecord:
        terms = ds.terms or {}
        contact = self.contacts.get(ds.contact_point_id) if ds.contact_point_id else None
        publisher = self.orgs.get(ds.publisher_id)
        creator = self.orgs.get(ds.creator_id) if ds.creator_id else None
        return DatasetRecord(
            iri=ds.iri, identifier=ds.identifier, title=ds.title, description=ds.description,
            title_en=ds.title_en, description_en=ds.description_en,
            publisher=publisher.iri if publisher else ds.publisher_id,
            publisher_name=publisher.name if publisher else None,
            creator=creator.iri if creator else None, creator_name=creator.name if creator else None,
            **{field: list(terms.get(field, [])) for field in TERM_FIELDS},
            access_rights=ds.access_rights,
            contact_point=ContactPointRecord(name=contact.name, email=contact.email, url=contact.url)
            if contact else None,
            landing_page=ds.landing_page,
            temporal=Temporal(start=ds.temporal_start, end=ds.temporal_end)
            if (ds.temporal_start or ds.temporal_end) else None,
            issued=ds.issued, modified=ds.modified, accrual_periodicity=ds.accrual_periodicity,
            version=ds.version,
            distributions=[DistributionRecord(**d) for d in ds.distributions or []],
            source_ntriples=ds.source_ntriples,
        )

    def public(self, ds: Dataset) -> dict:
        record = self.record(ds)
        body = record.model_dump(mode="json", by_alias=True,
                                 exclude={"publisher_name", "creator_name", "iri", "identifier", "publisher",
                                          "creator"})
        return {
            "id": ds.id, "iri": ds.iri, "identifier": ds.identifier,
            "publisher": _org_ref(self.orgs.get(ds.publisher_id), ds.publisher_id),
            "creator": _org_ref(self.orgs.get(ds.creator_id), ds.creator_id) if ds.creator_id else None,
            **body,
            "status": ds.status,
            "createdAt": ds.created_at.isoformat(), "updatedAt": ds.updated_at.isoformat(),
            "source": _source(self.provenance.get(ds.id, []), ds.source_id),
            "provenance": [_provenance(p) for p in self.provenance.get(ds.id, [])],
        }


def record_of(db: Session, dataset: Dataset) -> DatasetRecord:
    return Loaded(db, [dataset]).record(dataset)


def public_of(db: Session, dataset: Dataset) -> dict:
    return Loaded(db, [dataset]).public(dataset)


def public_many(db: Session, ids: Sequence[str]) -> list[dict]:
    """Public JSON for these ids, in the given order (ids that are gone are skipped)."""
    rows = {d.id: d for chunk in _chunks(list(ids), 500)
            for d in db.exec(select(Dataset).where(col(Dataset.id).in_(chunk)))}
    ordered = [rows[i] for i in ids if i in rows and rows[i].status == "active"]
    loaded = Loaded(db, ordered)
    return [loaded.public(d) for d in ordered]


def list_datasets(db: Session, *, publisher: str | None, page: int, page_size: int) -> tuple[list[dict], int]:
    """Plain listing by id (keyset-friendly order); search with facets lives in services/search."""
    stmt = select(Dataset.id).where(Dataset.status == "active")
    count = select(func.count()).select_from(Dataset).where(Dataset.status == "active")
    if publisher:
        stmt, count = stmt.where(Dataset.publisher_id == publisher), count.where(Dataset.publisher_id == publisher)
    ids = list(db.exec(stmt.order_by(col(Dataset.id)).offset((page - 1) * page_size).limit(page_size)))
    return public_many(db, ids), db.exec(count).one()


def iter_active(db: Session, batch: int = 1000) -> Iterable[tuple[Dataset, DatasetRecord]]:
    """Every active dataset with its record, in keyset batches (for rebuilding derived indexes)."""
    after = ""
    while True:
        page = list(db.exec(select(Dataset).where(Dataset.status == "active", col(Dataset.id) > after)
                            .order_by(col(Dataset.id)).limit(batch)))
        if not page:
            return
        loaded = Loaded(db, page)
        for ds in page:
            yield ds, loaded.record(ds)
        after = page[-1].id


def _org_ref(org: Organisation | None, org_id: str | None) -> dict | None:
    if org is None:
        return {"id": org_id, "name": None, "iri": None} if org_id else None
    return {"id": org.id, "name": org.name, "iri": org.iri}


def _provenance(p: DatasetProvenance) -> dict:
    return {"sourceId": p.source_id, "firstSeen": p.first_seen.isoformat(), "lastSeen": p.last_seen.isoformat(),
            "firstRunId": p.first_run_id, "lastRunId": p.last_run_id}


def _source(provenance: list[DatasetProvenance], source_id: str | None) -> dict | None:
    if source_id is None and not provenance:
        return None
    primary = next((p for p in provenance if p.source_id == source_id), provenance[0] if provenance else None)
    return _provenance(primary) if primary else {"sourceId": source_id}


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
