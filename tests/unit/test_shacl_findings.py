"""SHACL findings in plain Dutch and English, and the quality score, without a database."""

from __future__ import annotations

import time
from pathlib import Path

from rdflib import Graph, URIRef

from app.services.quality import MAX_POINTS, rating_of, score_dataset
from app.services.shacl import validate_graph

PREFIXES = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
PUBLISHER = """
<https://identifier.overheid.nl/tooi/id/provincie/pv29> a foaf:Agent ; foaf:name "Provincie Zeeland"@nl .
<http://publications.europa.eu/resource/authority/access-right/PUBLIC> a dct:RightsStatement .
"""
# No theme, no licence on the distribution, no contact point.
BROKEN = PREFIXES + PUBLISHER + """
<https://data.zeeland.nl/id/dataset/dijken> a dcat:Dataset ;
    dct:title "Primaire waterkeringen"@nl ; dct:description "Ligging van de dijken."@nl ;
    dct:identifier "https://data.zeeland.nl/id/dataset/dijken" ;
    dct:publisher <https://identifier.overheid.nl/tooi/id/provincie/pv29> ;
    dct:creator <https://identifier.overheid.nl/tooi/id/provincie/pv29> ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
    dcat:distribution <https://data.zeeland.nl/id/dataset/dijken/d1> .
<https://data.zeeland.nl/id/dataset/dijken/d1> a dcat:Distribution ;
    dcat:accessURL <https://service.zeeland.nl/wfs> .
"""
COMPLETE = PREFIXES + PUBLISHER + """
<https://data.zeeland.nl/id/dataset/dijken> a dcat:Dataset ;
    dct:title "Primaire waterkeringen"@nl ; dct:description "Ligging van de dijken."@nl ;
    dct:identifier "https://data.zeeland.nl/id/dataset/dijken" ;
    dct:publisher <https://identifier.overheid.nl/tooi/id/provincie/pv29> ;
    dct:creator <https://identifier.overheid.nl/tooi/id/provincie/pv29> ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ;
    dcat:keyword "dijken"@nl ; dct:issued "2020-01-01"^^xsd:date ; dct:modified "2024-01-01"^^xsd:date ;
    dcat:contactPoint [ a vcard:Kind ; vcard:fn "Team Water"@nl ; vcard:hasEmail <mailto:water@zeeland.nl> ] ;
    dcat:distribution <https://data.zeeland.nl/id/dataset/dijken/d1> .
<http://publications.europa.eu/resource/authority/data-theme/ENVI> a skos:Concept ; skos:prefLabel "Milieu"@nl .
<https://data.zeeland.nl/id/dataset/dijken/d1> a dcat:Distribution ;
    dcat:accessURL <https://data.zeeland.nl/dijken.csv> ; dcat:downloadURL <https://data.zeeland.nl/dijken.csv> ;
    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
    dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
    dct:license <http://creativecommons.org/publicdomain/zero/1.0/deed.nl> .
<http://creativecommons.org/publicdomain/zero/1.0/deed.nl> a dct:LicenseDocument .
<https://www.iana.org/assignments/media-types/text/csv> a dct:MediaType .
<http://publications.europa.eu/resource/authority/file-type/CSV> a dct:MediaTypeOrExtent .
"""
DATASET = "https://data.zeeland.nl/id/dataset/dijken"


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_missing_theme_licence_and_contact_point_are_explained_in_dutch_and_english() -> None:
    report = validate_graph(graph(BROKEN))
    assert not report.conforms
    by_path = {f.path: f for f in report.violations}
    assert {"dcat:theme", "dct:license", "dcat:contactPoint"} <= set(by_path)

    theme = by_path["dcat:theme"]
    assert theme.problem == "missing" and theme.dataset == DATASET and theme.focus_class == "dcat:Dataset"
    assert theme.message_nl == "Dataset: thema (dcat:theme) ontbreekt; minstens 1 is verplicht."
    assert theme.message_en == "Dataset: theme (dcat:theme) is missing; at least 1 is mandatory."
    assert "EU data-theme" in theme.fix_nl and "data-theme/ENVI" in theme.fix_nl
    assert "EU data-theme" in theme.fix_en
    assert theme.profile == "DCAT-AP-NL 3.0"

    licence = by_path["dct:license"]
    assert licence.focus_class == "dcat:Distribution" and licence.dataset == DATASET
    assert licence.message_nl.startswith("Distributie: licentie (dct:license) ontbreekt")
    assert "licentielijst" in licence.fix_nl and "licence list" in licence.fix_en

    contact = by_path["dcat:contactPoint"]
    assert "contactpunt" in contact.message_nl and "contact point" in contact.message_en
    assert "vcard:hasEmail" in contact.fix_nl
    # A recommended-property warning never repeats a violation.
    assert not [w for w in report.warnings if w.path in ("dcat:theme", "dcat:contactPoint")]


def test_untyped_reference_is_a_wrong_type_with_the_triple_to_add() -> None:
    text = COMPLETE.replace('<http://creativecommons.org/publicdomain/zero/1.0/deed.nl> a dct:LicenseDocument .', "")
    report = validate_graph(graph(text))
    [finding] = [f for f in report.violations if f.path == "dct:license"]
    assert finding.problem == "wrongType" and finding.value.endswith("/zero/1.0/deed.nl")
    assert "dct:LicenseDocument" in finding.message_nl
    assert "rdf:type dct:LicenseDocument" in finding.fix_nl and "rdf:type dct:LicenseDocument" in finding.fix_en


def test_too_many_identifiers() -> None:
    text = COMPLETE.replace('dct:identifier "https://data.zeeland.nl/id/dataset/dijken" ;',
                            'dct:identifier "a", "b" ;')
    [finding] = [f for f in validate_graph(graph(text)).violations if f.path == "dct:identifier"]
    assert finding.problem == "tooMany"
    assert "maximaal 1" in finding.message_nl and "adms:identifier" in finding.fix_nl


def test_complete_record_conforms_quickly_and_scores_higher() -> None:
    validate_graph(graph(COMPLETE))  # shapes loaded once per process
    start = time.perf_counter()
    good = validate_graph(graph(COMPLETE))
    elapsed = time.perf_counter() - start
    assert good.conforms, [f.message_en for f in good.violations]
    assert elapsed < 1.0
    bad = validate_graph(graph(BROKEN))
    good_score = score_dataset(graph(COMPLETE), URIRef(DATASET), good)
    bad_score = score_dataset(graph(BROKEN), URIRef(DATASET), bad)
    assert good_score.points > bad_score.points
    met = {c["key"] for c in good_score.criteria if c["met"]}
    assert {"theme", "keyword", "licence", "licenceVocabulary", "contactPoint", "dcatApCompliance",
            "machineReadable", "nonProprietary"} <= met
    assert "theme" not in {c["key"] for c in bad_score.criteria if c["met"]}
    assert sum(d["maxPoints"] for d in good_score.dimensions.values()) == MAX_POINTS == 405


def test_rating_bands_follow_mqa() -> None:
    assert [rating_of(p) for p in (405, 351, 350, 221, 220, 121, 120, 0)] == [
        "excellent", "excellent", "good", "good", "sufficient", "sufficient", "bad", "bad"]


def test_geonovum_example_conforms(shared_dir: Path) -> None:
    example = Graph().parse(shared_dir / "ref" / "examples" / "dcat-ap-nl-bblock-example.ttl")
    report = validate_graph(example)
    assert report.conforms and report.warnings
