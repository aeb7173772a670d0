"""The write path's rules that need no database: validation and content hashing."""

from __future__ import annotations

import pytest

from app.errors import InvalidRecord
from app.models.records import ContactPointRecord, DatasetRecord, DistributionRecord
from app.services.registry import check_record, content_hash, dataset_id_for


def complete() -> DatasetRecord:
    return DatasetRecord(
        identifier="urn:x:1", title="Grondwaterstanden", description="Peilbuismetingen", publisher="pv25",
        creator="pv25", themes=["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
        access_rights="http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        contact_point=ContactPointRecord(name="Team Water", email="water@gelderland.nl"),
        distributions=[DistributionRecord(access_url="https://x/wfs", license="http://cc0")],
    )


def test_complete_record_passes_strict_check() -> None:
    check_record(complete(), strict=True)


def test_strict_check_names_every_missing_property_at_once() -> None:
    with pytest.raises(InvalidRecord) as err:
        check_record(DatasetRecord(distributions=[DistributionRecord()]), strict=True)
    names = {p["name"] for p in err.value.invalid_params}
    assert names == {"title", "identifier", "publisher", "description", "creator", "accessRights", "themes",
                     "contactPoint", "distributions[0].accessUrl", "distributions[0].license"}


def test_harvested_records_need_only_title_identity_and_publisher() -> None:
    check_record(DatasetRecord(iri="https://x/ds/1", title="t", publisher="https://x/org"), strict=False)
    with pytest.raises(InvalidRecord) as err:
        check_record(DatasetRecord(iri="https://x/ds/1"), strict=False)
    assert {p["name"] for p in err.value.invalid_params} == {"title", "publisher"}


def test_content_hash_changes_with_content_and_source_triples_only() -> None:
    a, b = complete(), complete()
    assert content_hash(a) == content_hash(b)
    b.title = "Grondwaterstanden 2026"
    assert content_hash(a) != content_hash(b)
    c = complete()
    c.source_ntriples = "<a> <b> <c> .\n"
    assert content_hash(a) != content_hash(c)


def test_dataset_id_is_stable_for_an_iri() -> None:
    assert dataset_id_for("https://x/ds/1") == dataset_id_for("https://x/ds/1")
    assert dataset_id_for("https://x/ds/1") != dataset_id_for("https://x/ds/2")


def test_dataset_id_is_the_uuid5_of_the_iri_as_before() -> None:
    """Ids of catalogues built before must not change: the fast path equals uuid5's hex."""
    import uuid

    for iri in ("https://x/ds/1", "https://data.provincies.nl/id/dataset/é-ü", "urn:uuid:" + "f" * 36, ""):
        assert dataset_id_for(iri) == uuid.uuid5(uuid.NAMESPACE_URL, iri).hex
