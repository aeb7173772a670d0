"""The CKAN, CSW/ISO 19139 and Hydra mappings on records the project did not write."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from app.models.records import DatasetRecord
from app.services.rdf.formats import ntriples_of_bytes
from harvesters import codelists
from harvesters.ckan import parse_page as ckan_page
from harvesters.ckan import record_from_package
from harvesters.csw import next_start
from harvesters.csw import parse_page as csw_page
from harvesters.dcat import hydra_next, hydra_total
from harvesters.iso19139 import NS, NotADataset, record_from_iso

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EU = "http://publications.europa.eu/resource/authority/"
NL_LIC = codelists.NL_LICENCE


def test_ckan_package_search_capture_maps_every_package() -> None:
    results, total = ckan_page((FIXTURES / "ckan/package_search_rows3.json").read_bytes(), "x")
    records = [record_from_package(p, "https://demo.ckan.org") for p in results]
    assert total == 3 and [r.title for r in records] == [p["title"] for p in results]
    first = records[0]
    assert first.identifier == results[0]["id"]
    assert first.iri == f"https://demo.ckan.org/dataset/{results[0]['id']}"
    assert first.keywords == ["flower", "image recognition", "machine learning"]
    assert first.distributions[0].format == EU + "file-type/CSV"
    assert first.contact_point and first.contact_point.email == "misoh049@gmail.com"
    licensed = [d.license for r in records for d in r.distributions if d.license]
    assert licensed and all(lic == NL_LIC + "naamsvermelding40" for lic in licensed)  # CKAN "cc-by"


def _donl_examples(shared: Path) -> list[dict]:
    text = (shared / "ref/samples/ckan/data-overheid-nl-docs/usage-creationandupdating.rst").read_text()
    blocks = re.findall(r"\.\. code-block:: json\n\n((?:    .*\n|\n)+)", text)
    return [json.loads(b) for b in blocks if '"identifier"' in b]


def test_donl_dataset_fields_map_to_dcat_ap_nl(shared_dir: Path) -> None:
    full = _donl_examples(shared_dir)[1]
    record = record_from_package(full)
    assert record.iri == record.identifier == "https://www.mijn.organisatie.nl/datasets/mijndataset1"
    assert record.publisher == "http://standaarden.overheid.nl/owms/terms/Centraal_Bureau_voor_de_Statistiek"
    assert record.creator == "http://standaarden.overheid.nl/owms/terms/'s-Hertogenbosch"
    assert record.access_rights == EU + "access-right/PUBLIC"
    assert record.contact_point and record.contact_point.url == "https://cbs.nl"
    assert record.languages == [EU + "language/NLD"]
    assert record.accrual_periodicity == EU + "frequency/DAILY"
    # the DONL theme is kept and mapped to an EU data-theme (Werk → ECON)
    assert "http://standaarden.overheid.nl/owms/terms/Arbeidsomstandigheden_(thema)" in record.themes
    assert EU + "data-theme/ECON" in record.themes


def test_iso19139_provincial_record_follows_geodcat_ap() -> None:
    md = etree.parse(str(FIXTURES / "iso19139/overijssel_zeer_kwetsbare_gebieden_idgis.xml")).getroot()
    record = record_from_iso(md)
    assert record.title == "Zeer kwetsbare gebieden"
    assert record.publisher_name and "Overijssel" in record.publisher_name
    assert {EU + "data-theme/AGRI", EU + "data-theme/ENVI"} <= set(record.themes)  # topic categories
    assert record.spatial and record.spatial[0].startswith("POLYGON((5.894 52.115")
    assert record.access_rights == EU + "access-right/PUBLIC"
    assert record.distributions and all(d.license == NL_LIC + "public_domain_mark" for d in record.distributions)
    assert record.modified == "2009-08-14"


def test_csw_getrecords_page_streams_iso_records_and_pages_on() -> None:
    results: dict[str, int] = {}
    items = list(csw_page((FIXTURES / "csw/pycsw-apiso-GetRecords-all_response.xml").read_bytes(), "x", results))
    assert results == {"numberOfRecordsMatched": 18, "numberOfRecordsReturned": 5, "nextRecord": 6}
    assert items and all(isinstance(i, DatasetRecord) for i in items)  # the service record is left out
    assert next_start(1, results) == 6


@pytest.mark.parametrize("results, expected", [
    ({"numberOfRecordsMatched": 216, "numberOfRecordsReturned": 2, "nextRecord": 85}, 3),  # GeoNetwork oddity
    ({"numberOfRecordsMatched": 12, "numberOfRecordsReturned": 3, "nextRecord": 0}, 0),
    ({"numberOfRecordsMatched": 12, "numberOfRecordsReturned": 0, "nextRecord": 0}, 0),
])
def test_csw_next_start(results: dict[str, int], expected: int) -> None:
    assert next_start(1, results) == expected


def test_every_shared_iso_dataset_record_maps(shared_dir: Path) -> None:
    mapped = services = 0
    for path in sorted((shared_dir / "ref/samples/iso19139").rglob("*.xml")):
        root = etree.parse(str(path)).getroot()
        md = root if root.tag == f"{{{NS['gmd']}}}MD_Metadata" else root.find(f".//{{{NS['gmd']}}}MD_Metadata")
        if md is None or "template" in path.name:
            continue
        try:
            record = record_from_iso(md)
        except NotADataset:
            services += 1
            continue
        assert record.title and record.identifier, path
        mapped += 1
    assert mapped >= 10 and services >= 4


def test_hydra_legacy_paged_collection_of_a_real_catalogue(shared_dir: Path) -> None:
    data = (shared_dir / "ref/samples/dcat/de-govdata/catalog-endpoint.rdf").read_bytes()
    text = ntriples_of_bytes(data, "application/rdf+xml", base_iri="http://localhost/catalog.rdf?page=1")
    assert hydra_total(text) == 6
    assert hydra_next(text, "http://localhost/catalog.rdf?page=1") is None  # firstPage = lastPage


def test_hydra_next_prefers_this_pages_view() -> None:
    text = ('<http://x/c?page=1> <http://www.w3.org/ns/hydra/core#next> <http://x/c?page=2> .\n'
            '<http://x/other> <http://www.w3.org/ns/hydra/core#nextPage> <http://x/z> .\n')
    assert hydra_next(text, "http://x/c?page=1") == "http://x/c?page=2"
    assert hydra_next(text, "http://x/nope") == "http://x/c?page=2"


@pytest.mark.parametrize("value, expected", [
    ("http://creativecommons.org/licenses/by/4.0/deed.nl", NL_LIC + "naamsvermelding40"),
    ("https://creativecommons.org/licenses/by-sa/4.0/", NL_LIC + "naamsvermelding_gelijkdelen40"),
    ("http://creativecommons.org/publicdomain/zero/1.0/deed.nl", NL_LIC + "cc0"),
    ("http://creativecommons.org/publicdomain/mark/1.0/deed.nl", NL_LIC + "public_domain_mark"),
    ("cc-by", NL_LIC + "naamsvermelding40"),
    ("geen beperkingen", NL_LIC + "cc0"),
    ("Eigen voorwaarden", None),
])
def test_licences_map_to_the_dcat_ap_nl_list(value: str, expected: str | None) -> None:
    assert codelists.licence(value) == expected


def test_formats_map_to_eu_file_types() -> None:
    assert codelists.file_type("ESRI shapefile") == EU + "file-type/SHP"
    assert codelists.file_type("text/csv") == EU + "file-type/CSV"
    assert codelists.file_type("GeoJSON") == EU + "file-type/GEOJSON"
    assert codelists.file_type("iets onbekends") is None
