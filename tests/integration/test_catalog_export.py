"""GET /v1/catalog: DCAT-AP-NL 3.0 export, SHACL-clean, lossless, Hydra-paged, content-negotiated."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from sqlmodel import Session, select

from app.config import Settings
from app.db import make_engine
from app.models.datasets import Dataset
from app.models.records import DatasetRecord
from app.services import rdf, registry
from app.services.datasets import record_of
from app.services.shacl import validate_graph
from app.services.startup import prepare
from harvesters.base import Fetcher, FetchPolicy, SourceSpec, make_client
from harvesters.dcat import DcatHarvester
from harvesters.simulated import content, render

HYDRA = "http://www.w3.org/ns/hydra/core#"
DCAT_DATASET = ox.NamedNode("http://www.w3.org/ns/dcat#Dataset")
UNMAPPED = "https://data.provincies.nl/def/beleidsveld"


def federation_records(per_province: int, seed: int = 11) -> list[DatasetRecord]:
    """Records of the simulated federation, read by the same RDF mapping a DCAT harvest uses."""
    records = []
    for province in content.PROVINCES:
        for index in range(per_province):
            lines = render.dcat_ntriples(content.dataset(seed, province.code, index))
            if index == 0:  # a property we do not map must survive to the export
                lines.append(f'<{content.dataset(seed, province.code, index).iri}> <{UNMAPPED}> "water"@nl .')
            items = rdf.records_from_ntriples("\n".join(lines))
            records += [i for i in items if isinstance(i, DatasetRecord)]
    return records


def fill(engine, per_province: int) -> int:  # noqa: ANN001
    records = federation_records(per_province)
    with Session(engine) as db:
        results = registry.upsert_batch(db, records, origin=registry.Origin(), strict=False)
    assert all(isinstance(r, registry.Upsert) for r in results), results
    return len(records)


def pages(client, page_size: int, accept: str = "text/turtle") -> list[ox.Triple]:  # noqa: ANN001
    """Follow hydra:next from the first page until it is absent; all triples of all pages."""
    url, triples, seen = f"/v1/catalog?pageSize={page_size}", [], 0
    while url:
        response = client.get(url, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        page = list(rdf.parse_rdf(response.content, accept))
        triples += page
        nxt = [t.object.value for t in page if t.predicate.value == HYDRA + "next"]
        url = nxt[0] if nxt else None
        seen += 1
        assert seen < 100
    return triples


def test_export_of_simulated_federation_has_no_shacl_violations(live_api, engine) -> None:  # noqa: ANN001
    fill(engine, per_province=2)
    response = live_api.client.get("/v1/catalog?pageSize=100", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    report = validate_graph(graph)
    assert report.violations == [], [f.message_en for f in report.violations[:5]]
    assert len(report.datasets) == 24
    titles = list(graph.query("SELECT ?t WHERE { ?c a <http://www.w3.org/ns/dcat#Catalog> ; "
                              "<http://purl.org/dc/terms/title> ?t ; <http://www.w3.org/ns/dcat#contactPoint> ?cp ;"
                              " <http://purl.org/dc/terms/publisher> ?p ; <http://purl.org/dc/terms/description> ?d }"))
    assert len(titles) == 1


def test_export_parsed_back_equals_the_store(live_api, engine) -> None:  # noqa: ANN001
    """A second fds-catalogus harvesting us reads the same datasets we hold."""
    fill(engine, per_province=2)
    triples = pages(live_api.client, page_size=7)
    harvested = {r.iri: r for r in rdf.records_from_triples(triples) if isinstance(r, DatasetRecord)}
    with Session(engine) as db:
        stored = {d.iri: record_of(db, d) for d in db.exec(select(Dataset))}
    assert set(harvested) == set(stored) and len(stored) == 24
    for iri, record in stored.items():
        assert harvested[iri].model_dump(exclude={"source_ntriples"}) == record.model_dump(
            exclude={"source_ntriples"}), iri


def test_unmapped_source_triples_reach_the_export(live_api, engine) -> None:  # noqa: ANN001
    fill(engine, per_province=1)
    body = live_api.client.get("/v1/catalog", headers={"Accept": "application/n-triples"}).text
    lines = [line for line in body.splitlines() if UNMAPPED in line]
    assert len(lines) == 12 and all('"water"@nl' in line for line in lines)


@pytest.mark.parametrize("accept", ["application/ld+json", "application/rdf+xml", "application/n-triples"])
def test_every_format_carries_the_same_graph(live_api, engine, accept: str) -> None:  # noqa: ANN001
    fill(engine, per_province=1)
    turtle = live_api.client.get("/v1/catalog", headers={"Accept": "text/turtle"})
    other = live_api.client.get("/v1/catalog", headers={"Accept": accept})
    assert other.status_code == 200 and other.headers["content-type"].startswith(accept)
    assert rdf.canonical_ntriples(rdf.parse_rdf(other.content, accept)) == rdf.canonical_ntriples(
        rdf.parse_rdf(turtle.content, "text/turtle"))


def test_hydra_paging_is_keyset_and_complete(live_api, engine) -> None:  # noqa: ANN001
    total = fill(engine, per_province=2)
    client = live_api.client

    def page(url: str) -> tuple[list[str], dict[str, str]]:
        response = client.get(url, headers={"Accept": "application/n-triples"})
        assert response.status_code == 200, response.text
        triples = rdf.parse_rdf(response.content, "application/n-triples")
        ids = sorted(t.subject.value for t in triples if t.object == DCAT_DATASET)
        links = {t.predicate.value.removeprefix(HYDRA): t.object.value for t in triples
                 if t.predicate.value.startswith(HYDRA)}
        return ids, links

    first, links = page("/v1/catalog?pageSize=5")
    assert len(first) == 5 and links["totalItems"] == str(total) and "previous" not in links
    assert links["first"] == f"{live_api.url}/v1/catalog?page=1&pageSize=5"
    second, links2 = page(links["next"])
    assert len(second) == 5 and not set(first) & set(second) and max(first) < min(second)
    back, _ = page(links2["previous"])
    assert back == first
    last, last_links = page(links["last"])
    assert len(last) == 5 and "next" not in last_links and "previous" in last_links
    everything = pages(client, page_size=5, accept="application/n-triples")
    ids = [t.subject.value for t in everything if t.object == DCAT_DATASET]
    assert len(ids) == len(set(ids)) == total
    bad = client.get("/v1/catalog?page=zomaar")
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"


def test_unsupported_accept_is_406(live_api) -> None:  # noqa: ANN001
    response = live_api.client.get("/v1/catalog", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "text/turtle" in response.json()["detail"]
    default = live_api.client.get("/v1/catalog", headers={"Accept": "*/*"})
    assert default.status_code == 200 and default.headers["content-type"].startswith("text/turtle")


def test_a_second_catalogue_harvesting_us_holds_the_same_datasets(live_api, engine, tmp_path) -> None:  # noqa: ANN001
    """Our DCAT harvester, pointed at our own export, fills a second catalogue with equal records."""
    fill(engine, per_province=1)
    second_settings = Settings(database_url=f"sqlite:///{tmp_path / 'tweede.db'}", data_dir=tmp_path / "tweede")
    second = make_engine(second_settings)
    prepare(second, second_settings)
    source = SourceSpec(id="provincies", kind="dcat", url=f"{live_api.url}/v1/catalog?pageSize=5")
    with make_client(FetchPolicy(retries=0)) as client:
        items = list(DcatHarvester().records(source, Fetcher(client)))
    records = [i for i in items if isinstance(i, DatasetRecord)]
    assert len(records) == 12 and not [i for i in items if isinstance(i, rdf.RecordError)]
    with Session(second) as db:
        assert all(isinstance(r, registry.Upsert) for r in registry.upsert_batch(
            db, records, origin=registry.Origin(), strict=False))
    with Session(engine) as db, Session(second) as db2:
        ours = {d.iri: record_of(db, d) for d in db.exec(select(Dataset))}
        theirs = {d.iri: record_of(db2, d) for d in db2.exec(select(Dataset))}
        assert {d.iri: d.publisher_id for d in db.exec(select(Dataset))} == {
            d.iri: d.publisher_id for d in db2.exec(select(Dataset))}
    assert set(ours) == set(theirs)
    for iri in ours:
        assert theirs[iri].model_dump(exclude={"source_ntriples"}) == ours[iri].model_dump(
            exclude={"source_ntriples"}), iri
    second.dispose()
