"""The RDF mapping (app.services.rdf): parsing, records from real DCAT, records back to DCAT-AP-NL,
lossless pass-through, canonical N-Triples, content negotiation and SHACL conformance."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from app.errors import MalformedInput, UnsupportedMediaType
from app.models.records import ContactPointRecord, DatasetRecord, DistributionRecord, Temporal
from app.services import rdf

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dcat"
SHARED = Path(__file__).parents[2].parent / "shared"
REF = SHARED / "ref"
needs_shared = pytest.mark.skipif(
    not REF.is_dir(), reason=f"reference data {REF} absent (CI checks it out beside the repo)"
)

EU = "http://publications.europa.eu/resource/authority/"
IRI = "https://data.example.nl/id/dataset/grondwater"


def rich_record() -> DatasetRecord:
    return DatasetRecord(
        iri=IRI,
        identifier=IRI,
        title='Grondwaterstanden "meetnet" Utrecht',
        description="Metingen van grondwaterstanden.\nPer kwartaal bijgewerkt; zie ook de toelichting.",
        title_en="Groundwater levels",
        description_en="Groundwater level measurements.",
        publisher="https://identifier.overheid.nl/tooi/id/provincie/pv26",
        publisher_name="Provincie Utrecht",
        creator="https://identifier.overheid.nl/tooi/id/provincie/pv26",
        creator_name="Provincie Utrecht",
        themes=[f"{EU}data-theme/ENVI", f"{EU}data-theme/AGRI"],
        keywords=["grondwater", "meetnet", "bodem & water"],
        spatial=["http://sws.geonames.org/2745909/", "POLYGON ((4.8 51.9,5.6 51.9,5.6 52.3,4.8 52.3,4.8 51.9))"],
        languages=[f"{EU}language/NLD"],
        conforms_to=["http://data.europa.eu/eli/reg/2010/1089"],
        pages=["https://www.example.nl/over-grondwater"],
        access_rights=f"{EU}access-right/PUBLIC",
        contact_point=ContactPointRecord(
            name="Team Data", email="data@example.nl", url="https://www.example.nl/contact"
        ),
        landing_page="https://www.example.nl/grondwater",
        temporal=Temporal(start="2001-01-01", end="2023-12-31T23:59:59Z"),
        issued="2020-01-01",
        modified="2024-05-01T10:00:00Z",
        accrual_periodicity=f"{EU}frequency/QUARTERLY",
        version="2.1",
        distributions=[
            DistributionRecord(
                iri=f"{IRI}/csv",
                access_url="https://files.example.nl/grondwater.csv",
                download_url="https://files.example.nl/grondwater.csv",
                format=f"{EU}file-type/CSV",
                media_type="https://www.iana.org/assignments/media-types/text/csv",
                license="http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
                title="Meetreeksen (CSV)",
                description="Alle meetreeksen.",
                byte_size=123456,
            ),
            DistributionRecord(
                access_url="https://service.example.nl/wms?request=GetCapabilities",
                format=f"{EU}file-type/WMS_SRVC",
                license="http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
            ),
        ],
    )


def normalised(record: DatasetRecord) -> dict:
    """The record without its source text and with lists as sets: RDF has no order."""
    data = record.model_dump(exclude={"source_ntriples"})
    for key, value in data.items():
        if isinstance(value, list) and key != "distributions":
            data[key] = sorted(value)
    data["distributions"] = sorted(data["distributions"], key=lambda d: d["iri"] or "")
    return data


def only_record(data: bytes, media_type: str | None) -> DatasetRecord:
    results = rdf.records_from_rdf(data, media_type)
    assert len(results) == 1 and isinstance(results[0], DatasetRecord), results
    return results[0]


# ---- record → RDF → record ------------------------------------------------------------------


@pytest.mark.parametrize("media_type", [rdf.TURTLE, rdf.JSON_LD, rdf.RDF_XML, rdf.NTRIPLES])
def test_rich_record_survives_round_trip(media_type: str) -> None:
    record = rich_record()
    body = rdf.serialize(rdf.triples_of_record(record, iri=IRI, publisher=None, creator=None), media_type)
    back = only_record(body, media_type)
    expected = record.model_copy(deep=True)
    expected.distributions[1].iri = f"{IRI}#distribution-2"  # derived, stable IRI
    assert normalised(back) == normalised(expected)
    # and once more: the second generation is byte-identical to the first
    again = only_record(rdf.serialize(rdf.triples_of_record(back, iri=IRI), media_type), media_type)
    assert again.source_ntriples == back.source_ntriples


def test_output_types_what_range_shapes_need() -> None:
    text = rdf.canonical_ntriples(rdf.triples_of_record(rich_record(), iri=IRI))
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    for obj, cls in [
        (f"<{EU}data-theme/ENVI>", "<http://www.w3.org/2004/02/skos/core#Concept>"),
        (f"<{EU}language/NLD>", "<http://purl.org/dc/terms/LinguisticSystem>"),
        (f"<{EU}access-right/PUBLIC>", "<http://purl.org/dc/terms/RightsStatement>"),
        (f"<{EU}frequency/QUARTERLY>", "<http://purl.org/dc/terms/Frequency>"),
        ("<http://creativecommons.org/publicdomain/zero/1.0/deed.nl>", "<http://purl.org/dc/terms/LicenseDocument>"),
        ("<http://data.europa.eu/eli/reg/2010/1089>", "<http://purl.org/dc/terms/Standard>"),
        (f"<{EU}file-type/CSV>", "<http://purl.org/dc/terms/MediaTypeOrExtent>"),
        ("<https://identifier.overheid.nl/tooi/id/provincie/pv26>", "<http://xmlns.com/foaf/0.1/Agent>"),
    ]:
        assert f"{obj} {a} {cls} ." in text
    assert '"2001-01-01"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    assert '"2023-12-31T23:59:59Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text
    assert f"<{IRI}#distribution-2> {a} <http://www.w3.org/ns/dcat#Distribution> ." in text


def test_registry_organisation_names_publisher() -> None:
    ref = rdf.OrgRef(id="pv26", iri="https://identifier.overheid.nl/tooi/id/provincie/pv26", name="Utrecht")
    record = rich_record().model_copy(update={"publisher": "pv26", "publisher_name": None, "creator": None})
    back = only_record(rdf.serialize(rdf.triples_of_record(record, iri=IRI, publisher=ref), rdf.TURTLE), None)
    assert (back.publisher, back.publisher_name) == (ref.iri, "Utrecht")


def test_catalog_link_is_written() -> None:
    text = rdf.canonical_ntriples(rdf.triples_of_record(rich_record(), iri=IRI, catalog_iri="https://x.nl/catalog"))
    assert f"<https://x.nl/catalog> <http://www.w3.org/ns/dcat#dataset> <{IRI}> ." in text


# ---- real DCAT → records --------------------------------------------------------------------


def test_geonovum_example_maps_every_field() -> None:
    record = only_record((FIXTURES / "dcat-ap-nl-bblock-example.ttl").read_bytes(), "text/turtle; charset=utf-8")
    assert record.iri == "https://data.exampleMS.gov/id/data/1T2p3o4B"
    assert record.identifier == "https://data.exampleMS.gov/id/dataset/1T2p3o4B"
    assert (record.title, record.title_en) == ("Naam van de dataset", "Title of the dataset")
    assert record.description == "beschrijving van de dataset"
    assert record.keywords == ["trefwoord 1", "trefwoord 2"]  # Dutch preferred over @en
    assert record.publisher is None and record.publisher_name == "Mijn Organisatie"  # blank-node agent
    assert record.themes == [f"{EU}data-theme/EDUC"]
    assert "https://www.geonames.org/2750405" in record.spatial
    assert any(s.startswith("POLYGON ((3.053 47.975") for s in record.spatial)  # dct:Location bbox
    assert record.contact_point == ContactPointRecord(
        name="Mijn Organisatie", email="opendata@mijnorganisatie.nl", url="http://mijnorganisatie.org/"
    )
    assert record.temporal == Temporal(start="2016-03-28", end="2018-08-25")
    assert record.access_rights == f"{EU}access-right/PUBLIC"
    [dist] = record.distributions
    assert dist.download_url == "https://orgea.exampleMS.gov/files/1T2p3o4B.shp"
    assert dist.license == "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
    assert dist.media_type == "https://www.iana.org/assignments/media-types/application/vnd.shp"


SAMPLES = [
    # (path under ref/samples/dcat, expected (identifier, title) of each record or error, in order)
    (
        "ckanext-dcat-examples/dataset_gob_es.ttl",
        [
            (
                "https://datos.madrid.es/egob/catalogo/300676-0-deporte-encuesta-escuelas",
                "Estudio de Satisfacción con el Programa de Escuelas Municipales de Promoción Deportiva"
                " en centros escolares",
            ),
        ],
    ),
    ("ckanext-dcat-examples/dataset_multilingual.ttl", [("0112cf32-bce0-4071-9504-923375f9f2ad", "Test DCAT dataset")]),
    (
        "ckanext-dcat-examples/dataset_gov_de.rdf",
        [
            ("c1be4007-d811-48fb-8818-2cb358b06a63", "Liefer- und Abholservices (Gastronomie)"),
        ],
    ),
    ("ckanext-dcat-examples/dataset_sweden.rdf", [(None, "Linked Nobel prizes")]),
    ("ckanext-dcat-examples/catalog_with_at_graph.jsonld", [(None, "Title dataset")]),
    ("ckanext-dcat-examples/catalog_pod.jsonld", [(None, "U.S. Widget Manufacturing Statistics")]),
    (
        "ch-opendata-swiss/catalog_bfs.xml",
        [
            ("346252@bundesamt-fur-statistik-bfs", "Statistisches Jahrbuch der Schweiz 1894"),
            ("346266@bundesamt-fur-statistik-bfs", "Statistisches Jahrbuch der Schweiz 1901"),
        ],
    ),
    ("ch-opendata-swiss/dataset-datetimes.xml", [("346265-fr@bundesamt-fur-statistik-bfs", None)]),
    (
        "be-vlaanderen-metadata101/evolutie-fijn-stof-in-de-lucht-vlaanderen.xml",
        [
            ("c96bf4c0-5669-4f52-81c7-34bfa8a6ba20", "Evolutie fijn stof in de lucht"),
        ],
    ),
    (
        "be-vlaanderen-metadata101/geluid-industrie-antwerpen.xml",
        [
            (
                "https://www.arcgis.com/home/item.html?id=851d5057323c4f848808af5e94dd596f&sublayer=752",
                "Geluid industrie eve 2016",
            ),
        ],
    ),
    (
        "be-vlaanderen-metadata101/mesure-hauteur-eau-wallonie.dcat-ap3.xml",
        [
            (
                "http://geodata.wallonie.be/id/a06b1f40-f85f-469e-a1af-ede1b578553d",
                "INSPIRE - Stations de mesure de la hauteur d'eau des cours d\u2019eau non-navigables en Wallonie (BE)",
            ),
        ],
    ),
    ("be-vlaanderen-metadata101/mobilidata-vlaanderen-service.xml", []),  # a DataService only
    (
        "geonetwork/iso19115-3.2018-eu-dcat-ap-nl-dataset-core.rdf",
        [
            ("a9483321-6215-4b70-8ea7-ff8776a02efe", "Test dataset DCAT-AP-NL 3"),
        ],
    ),
    ("nl-geonovum-bblock/bag_dataset_record_example_1_1.ttl", [("urn:ogc:record:generated-id", None)]),
    ("nl-pdok-labs/PDKG_Datasets.ttl", []),  # VoID, not DCAT
]


@needs_shared
@pytest.mark.parametrize(("name", "expected"), SAMPLES, ids=[s[0].split("/")[-1] for s in SAMPLES])
def test_real_samples_give_records_or_named_errors(name: str, expected: list) -> None:
    path = REF / "samples" / "dcat" / name
    results = rdf.records_from_rdf(path.read_bytes(), None, base_iri=path.as_uri())  # sniffed format
    got = [(r.identifier, r.title) if isinstance(r, DatasetRecord) else (r.identifier, None) for r in results]
    assert got == expected
    for result in results:
        if isinstance(result, rdf.RecordError):
            assert "dct:title" in result.message
        else:  # every mapped record can be written back as RDF
            assert rdf.triples_of_record(result, iri=result.iri or "https://example.org/ds")


@needs_shared
def test_relative_iri_without_base_still_parses() -> None:
    """GovData's page holds `rdf:resource="berlin"` and an IRI with `[`: one sloppy link must not
    cost the whole page."""
    data = (REF / "samples/dcat/de-govdata/catalog-endpoint.rdf").read_bytes()
    titles = [r.title for r in rdf.records_from_rdf(data, "application/rdf+xml")]
    assert len(titles) == 6 and "Naturräume Geest und Marsch" in titles


@needs_shared
def test_json_ld_with_inlined_remote_context() -> None:
    """pyoxigraph does not fetch remote contexts (nor should a server): inline the context."""
    folder = REF / "samples/dcat/nl-geonovum-bblock"
    doc = json.loads((folder / "bag_dataset_record_example_1_1.jsonld").read_bytes())
    with pytest.raises(MalformedInput, match="externe @context"):
        rdf.parse_rdf(json.dumps(doc).encode(), rdf.JSON_LD)
    doc["@context"] = json.loads((folder / "context_dataset-records.jsonld").read_bytes())["@context"]
    triples = rdf.parse_rdf(json.dumps(doc).encode(), "application/ld+json")
    assert len(triples) == 73  # as the MANIFEST measured with the same context


# ---- parsing ----------------------------------------------------------------------------------


def test_malformed_turtle_names_the_position() -> None:
    body = b'@prefix dct: <http://purl.org/dc/terms/> .\n<https://x.nl/a> dct:title "open\n'
    with pytest.raises(MalformedInput, match=r"line 2"):
        rdf.parse_rdf(body, "text/turtle")
    with pytest.raises(MalformedInput, match=r"line 2"):
        rdf.records_from_rdf(body, "text/turtle")


def test_bad_iri_is_refused_in_a_body_but_tolerated_when_harvesting() -> None:
    body = b'@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<x> a dcat:Dataset ; <http://purl.org/dc/terms/title> "X" .'
    with pytest.raises(MalformedInput, match="IRI"):
        rdf.parse_rdf(body, "text/turtle")
    with pytest.raises(MalformedInput, match="IRI"):
        rdf.records_from_rdf(body, "text/turtle", tolerant=False)
    [record] = rdf.records_from_rdf(body, "text/turtle")
    assert record.title == "X"
    assert [r.title for r in rdf.records_from_rdf(body, "text/turtle", base_iri="https://x.nl/")] == ["X"]
    assert rdf.records_from_rdf(body, "text/turtle", base_iri="https://x.nl/")[0].iri == "https://x.nl/x"


def test_malformed_rdf_xml_and_json_ld() -> None:
    with pytest.raises(MalformedInput):
        rdf.parse_rdf(b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><oops", None)
    with pytest.raises(MalformedInput):
        rdf.parse_rdf(b'{"@id": "http://a", ', "application/ld+json")


def test_format_is_sniffed_when_media_type_is_generic() -> None:
    turtle = (FIXTURES / "dcat-ap-nl-bblock-example.ttl").read_bytes()
    triples = rdf.parse_rdf(turtle, None)
    for media in (rdf.RDF_XML, rdf.JSON_LD, rdf.NTRIPLES, rdf.TURTLE):
        body = rdf.serialize(triples, media)
        assert rdf.canonical_ntriples(rdf.parse_rdf(body, "application/octet-stream")) == rdf.canonical_ntriples(
            triples
        )
    with pytest.raises(UnsupportedMediaType):
        rdf.parse_rdf(turtle, "text/html")


def test_canonical_ntriples_stable_across_parses_with_blank_nodes() -> None:
    data = (FIXTURES / "dcat-ap-nl-bblock-example.ttl").read_bytes()
    first = rdf.canonical_ntriples(rdf.parse_rdf(data, "text/turtle"))
    second = rdf.canonical_ntriples(ox.parse(data, ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    assert first == second and "_:" in first
    assert first.splitlines() == sorted(first.splitlines())
    record_a = only_record(data, rdf.TURTLE)
    record_b = only_record(rdf.serialize(rdf.parse_rdf(data, None), rdf.RDF_XML), rdf.RDF_XML)
    assert record_a.source_ntriples == record_b.source_ntriples


def test_dataset_without_title_is_an_error_and_others_go_on() -> None:
    body = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://x.nl/a> a dcat:Dataset ; dct:identifier "a" ; dct:title ""@nl .
    <https://x.nl/b> a dcat:Dataset ; dct:identifier "b" ; dct:title "B"@nl .
    [] a dcat:Dataset ; dct:title "C" ."""
    results = rdf.records_from_rdf(body, "text/turtle")
    assert [type(r).__name__ for r in results] == ["RecordError", "DatasetRecord", "DatasetRecord"]
    assert results[0].identifier == "a" and "dct:title" in results[0].message
    assert [r.title for r in results[1:]] == ["B", "C"]


# ---- lossless ---------------------------------------------------------------------------------


def test_unmapped_triples_survive_into_output() -> None:
    record = only_record((FIXTURES / "lossless-extra.ttl").read_bytes(), "text/turtle")
    text = rdf.canonical_ntriples(rdf.triples_of_record(record, iri=record.iri))
    ds = f"<{record.iri}>"
    assert f'{ds} <https://example.org/ns#qualityLevel> "hoog" .' in text
    assert f"{ds} <http://purl.org/dc/terms/provenance> _:" in text
    assert '"Ingewonnen door de wegbeheerder"@nl' in text
    assert '<http://www.w3.org/2004/02/skos/core#notation> "WEG-01"' in text
    assert f'{ds} <http://purl.org/dc/terms/title> "Routes provinciales"@fr .' in text  # other language
    assert f'{ds} <http://www.w3.org/ns/dcat#keyword> "roads"@en .' in text
    assert "<http://www.w3.org/2006/vcard/ns#hasTelephone> <tel:+31301234567>" in text  # on the contact point
    dist = f"<{record.iri}#distribution-1>"  # the blank-node distribution, now named
    assert f"{dist} <http://www.w3.org/ns/dcat#compressFormat> " in text
    # mapped triples are not doubled
    assert text.count(f"{ds} <http://purl.org/dc/terms/title> ") == 3


def test_steward_edit_wins_over_source() -> None:
    record = only_record((FIXTURES / "lossless-extra.ttl").read_bytes(), "text/turtle")
    edited = record.model_copy(
        update={
            "title": "Wegen van de provincie",
            "themes": [f"{EU}data-theme/TRAN"],
            "contact_point": ContactPointRecord(name="Wegen", email="nieuw@example.nl"),
            "distributions": [],
        }
    )
    text = rdf.canonical_ntriples(rdf.triples_of_record(edited, iri=record.iri))
    assert "Provinciale wegen" not in text and '"Wegen van de provincie"@nl' in text
    assert "data-theme/REGI" not in text and "data-theme/TRAN" in text
    assert "mailto:wegen@example.nl" not in text and "mailto:nieuw@example.nl" in text
    assert "compressFormat" not in text and "wegen.zip" not in text  # removed distribution: no orphans
    assert '"hoog"' in text  # still lossless for what the record does not hold


def test_harvested_from_us_is_the_same_dataset() -> None:
    """A second catalogue harvesting our output gets the same record, and our output of that
    record is the same graph again."""
    record = only_record((FIXTURES / "lossless-extra.ttl").read_bytes(), "text/turtle")
    first = rdf.triples_of_record(record, iri=record.iri)
    again = only_record(rdf.serialize(first, rdf.TURTLE), rdf.TURTLE)
    assert normalised(again) == normalised(record.model_copy(update={"distributions": again.distributions}))
    assert rdf.canonical_ntriples(rdf.triples_of_record(again, iri=record.iri)) == rdf.canonical_ntriples(first)


# ---- negotiation ------------------------------------------------------------------------------

OFFERED = [rdf.TURTLE, rdf.JSON_LD, rdf.RDF_XML, rdf.NTRIPLES]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, rdf.TURTLE),
        ("", rdf.TURTLE),
        ("*/*", rdf.TURTLE),
        ("application/ld+json", rdf.JSON_LD),
        ("text/turtle;q=0.5, application/rdf+xml", rdf.RDF_XML),
        ("application/*;q=0.8, text/turtle;q=0.2", rdf.JSON_LD),
        ("application/*, application/ld+json;q=0", rdf.RDF_XML),
        ("text/html, application/xhtml+xml", None),
        ("text/turtle;q=0", None),
        ("*/*;q=0.1, application/n-triples", rdf.NTRIPLES),
        ("TEXT/Turtle; charset=utf-8", rdf.TURTLE),
        ("text/*;q=0.3, */*;q=0.9", rdf.JSON_LD),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert rdf.negotiate(accept, OFFERED) == expected


def test_json_ld_output_is_compacted() -> None:
    body = json.loads(rdf.serialize(rdf.triples_of_record(rich_record(), iri=IRI), rdf.JSON_LD))
    assert body["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    [dataset] = [n for n in body["@graph"] if n["@id"] == IRI]
    assert "dcat:Dataset" in dataset["@type"] and "dct:title" in dataset


# ---- SHACL ------------------------------------------------------------------------------------

SHAPES = [
    "dcat-ap-3.0.1/split-shapes.ttl",
    "dcat-ap-3.0.1/split-range.ttl",
    "dcat-ap-nl-3.0/dcat-ap-nl-SHACL.ttl",
    "dcat-ap-nl-3.0/dcat-ap-nl-SHACL-klassebereik.ttl",
    "dcat-ap-nl-3.0/dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl",
]


def violations(triples: list[ox.Triple]) -> tuple[int, str]:
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for name in SHAPES:
        shapes.parse(REF / "shacl" / name, format="turtle")
    data = rdflib.Graph().parse(data=rdf.serialize(triples, rdf.NTRIPLES).decode(), format="nt")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    count = sum(1 for _ in report.subjects(sh.resultSeverity, sh.Violation))
    return count, text


@needs_shared
def test_complete_record_conforms_to_dcat_ap_nl_shapes() -> None:
    count, text = violations(rdf.triples_of_record(rich_record(), iri=IRI))
    assert count == 0, text


@needs_shared
def test_geonovum_example_still_conforms_after_mapping() -> None:
    record = only_record((FIXTURES / "dcat-ap-nl-bblock-example.ttl").read_bytes(), rdf.TURTLE)
    ref = rdf.OrgRef(id="pv26", iri="https://identifier.overheid.nl/tooi/id/provincie/pv26", name="Utrecht")
    count, text = violations(rdf.triples_of_record(record, iri=record.iri, publisher=ref, creator=ref))
    assert count == 0, text
