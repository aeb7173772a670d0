"""The one write path against both stores: identity, change feed, incremental writes, scope."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.errors import Forbidden
from app.models.changes import ChangeEvent
from app.models.datasets import Dataset
from app.models.harvest import DatasetProvenance, HarvestSource
from app.models.organisations import Organisation
from app.models.records import DatasetRecord
from app.services.registry import Origin, upsert_dataset, withdraw_dataset


def harvested(**kw) -> DatasetRecord:
    base = dict(iri="https://geo.zeeland.nl/id/ds/1", identifier="zl-1", title="Beregeningsverboden",
                publisher="https://identifier.overheid.nl/tooi/id/provincie/pv29",
                themes=["http://publications.europa.eu/resource/authority/data-theme/AGRI"],
                keywords=["beregening", "droogte"])
    return DatasetRecord(**(base | kw))


def sources(session, *ids: str) -> None:
    for sid in ids:
        session.add(HarvestSource(id=sid, name=sid, kind="dcat", url=f"http://x/{sid}"))
    session.commit()


def events(session) -> list[ChangeEvent]:
    return list(session.exec(select(ChangeEvent).order_by(ChangeEvent.seq)))


def test_unchanged_record_is_not_rewritten_nor_in_the_change_feed(session) -> None:
    sources(session, "zl")
    origin = Origin(source_id="zl", run_id=1)
    first = upsert_dataset(session, harvested(), origin=origin, strict=False)
    assert first.outcome == "created"
    second = upsert_dataset(session, harvested(), origin=Origin(source_id="zl", run_id=2), strict=False)
    assert second.outcome == "unchanged"
    assert len(events(session)) == 1
    prov = session.exec(select(DatasetProvenance)).one()
    assert (prov.first_run_id, prov.last_run_id) == (1, 2)
    third = upsert_dataset(session, harvested(title="Beregeningsverboden 2026"), origin=origin, strict=False)
    assert third.outcome == "updated"
    assert [e.operation for e in events(session)] == ["upsert", "upsert"]


def test_same_dataset_from_two_sources_is_one_dataset_with_two_provenances(session) -> None:
    sources(session, "test-zl", "test-ngr")
    upsert_dataset(session, harvested(), origin=Origin(source_id="test-zl", run_id=1), strict=False)
    # The national register gives another IRI but the same identifier from the same publisher.
    upsert_dataset(session, harvested(iri="https://ngr.example/id/abc"), origin=Origin(source_id="test-ngr", run_id=2),
                   strict=False)
    assert len(session.exec(select(Dataset)).all()) == 1
    assert {p.source_id for p in session.exec(select(DatasetProvenance))} == {"test-zl", "test-ngr"}


def test_identifier_is_only_unique_per_publisher(session) -> None:
    sources(session, "a")
    upsert_dataset(session, harvested(), origin=Origin(source_id="a", run_id=1), strict=False)
    other = harvested(iri="https://geo.utrecht.nl/id/ds/1",
                      publisher="https://identifier.overheid.nl/tooi/id/provincie/pv26")
    upsert_dataset(session, other, origin=Origin(source_id="a", run_id=1), strict=False)
    assert {d.publisher_id for d in session.exec(select(Dataset))} == {"pv29", "pv26"}


def test_unknown_publisher_is_created_once(session) -> None:
    sources(session, "a")
    for n in range(2):
        upsert_dataset(session, harvested(iri=f"https://rws.example/ds/{n}", identifier=f"rws-{n}",
                                          publisher="https://identifier.overheid.nl/tooi/id/ministerie/mnre1130",
                                          publisher_name="Rijkswaterstaat"),
                       origin=Origin(source_id="a", run_id=1), strict=False)
    org = session.get(Organisation, "mnre1130")
    assert org is not None and org.name == "Rijkswaterstaat" and org.kind == "ministerie"


def test_multivalued_properties_are_kept_in_order_once_each(session) -> None:
    sources(session, "a")
    record = harvested()
    record.keywords = ["droogte", "grondwater", "droogte", "beregening"]
    result = upsert_dataset(session, record, origin=Origin(source_id="a", run_id=1), strict=False)
    stored = session.exec(select(Dataset.terms).where(Dataset.id == result.dataset.id)).one()
    assert stored["keywords"] == ["droogte", "grondwater", "beregening"]
    assert "http://publications.europa.eu/resource/authority/data-theme/AGRI" in stored["themes"]
    assert "formats" not in stored  # the distributions hold those


def test_withdraw_keeps_the_row_and_records_the_change(session) -> None:
    sources(session, "a")
    result = upsert_dataset(session, harvested(), origin=Origin(source_id="a", run_id=1), strict=False)
    withdraw_dataset(session, result.dataset.id, origin=Origin(source_id="a", run_id=2))
    assert session.get(Dataset, result.dataset.id).status == "withdrawn"
    assert [e.operation for e in events(session)] == ["upsert", "withdraw"]
    back = upsert_dataset(session, harvested(), origin=Origin(source_id="a", run_id=3), strict=False)
    assert back.outcome == "created" and back.dataset.status == "active"


def test_steward_scope_is_enforced_in_the_service(session) -> None:
    with pytest.raises(Forbidden):
        upsert_dataset(session, harvested(publisher="pv29"), origin=Origin(organisation_id="pv26", role="steward"),
                       strict=False)
    assert session.exec(select(Dataset)).all() == []


def test_batch_keeps_good_records_when_one_is_bad(session) -> None:
    from app.services.registry import Rejected, upsert_batch

    sources(session, "a")
    batch = [harvested(iri=f"https://x/ds/{n}", identifier=f"x-{n}") for n in range(5)]
    batch[2] = harvested(iri="https://x/ds/bad", identifier="bad", title=None)
    batch.append(harvested(iri="https://x/ds/0", identifier="x-0", title="Tweede versie in dezelfde batch"))
    results = upsert_batch(session, batch, origin=Origin(source_id="a", run_id=1))
    assert isinstance(results[2], Rejected) and "title" in results[2].error.detail
    assert [r.outcome for n, r in enumerate(results) if n != 2] == ["created"] * 4 + ["updated"]
    titles = {d.iri: d.title for d in session.exec(select(Dataset))}
    assert len(titles) == 4 and titles["https://x/ds/0"] == "Tweede versie in dezelfde batch"
    assert len(events(session)) == 5


def test_minted_iri_is_stable_and_matches_the_id(session) -> None:
    from app.services.registry import dataset_id_for

    sources(session, "test-csw")
    record = harvested(iri=None, identifier="iso-file-identifier-1")
    first = upsert_dataset(session, record, origin=Origin(source_id="test-csw", run_id=1), strict=False)
    assert first.dataset.id == dataset_id_for(first.dataset.iri)
    assert first.dataset.iri.startswith("https://data.provincies.nl/id/dataset/")
    again = upsert_dataset(session, record, origin=Origin(source_id="test-csw", run_id=2), strict=False)
    assert (again.dataset_id, again.outcome) == (first.dataset_id, "unchanged")


def test_each_source_keeps_its_own_triples_without_storing_them_twice(session) -> None:
    from app.services.registry import source_triples

    sources(session, "test-zl", "test-ngr")
    a = harvested(source_ntriples="<https://geo.zeeland.nl/id/ds/1> <http://x/p> \"zl\" .\n")
    b = harvested(source_ntriples="<https://geo.zeeland.nl/id/ds/1> <http://x/p> \"ngr\" .\n")
    dataset_id = upsert_dataset(session, a, origin=Origin(source_id="test-zl", run_id=1), strict=False).dataset_id
    assert [p.source_ntriples for p in session.exec(select(DatasetProvenance))] == [None]  # the dataset's own
    upsert_dataset(session, b, origin=Origin(source_id="test-ngr", run_id=2), strict=False)
    assert session.get(Dataset, dataset_id).source_ntriples == b.source_ntriples
    assert source_triples(session, dataset_id, "test-zl") == a.source_ntriples
    assert source_triples(session, dataset_id, "test-ngr") == b.source_ntriples
    upsert_dataset(session, a, origin=Origin(source_id="test-zl", run_id=3), strict=False)
    assert source_triples(session, dataset_id, "test-zl") == a.source_ntriples
    assert source_triples(session, dataset_id, "test-ngr") == b.source_ntriples
