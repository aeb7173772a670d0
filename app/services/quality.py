"""Metadata quality score per dataset, in the spirit of data.europa.eu's Metadata Quality Assessment.

Five dimensions with MQA's points (405 in all; docs/quality.md has the table and where we differ).
The score is computed from the dataset's DCAT graph, so a record posted for validation and a
stored dataset are scored alike. Distribution criteria count the share of distributions meeting
them. We never fetch URLs (data stays at the source): "accessible" means a well-formed http(s) URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from app.services.shacl import Report

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
IANA = ("https://www.iana.org/assignments/media-types/", "http://www.iana.org/assignments/media-types/")
LICENCE_LISTS = (
    "https://definities.geostandaarden.nl/dcat-ap-nl/id/waardelijst/licenties/",
    "http://publications.europa.eu/resource/authority/licence/",
    "http://creativecommons.org/",
    "https://creativecommons.org/",
)
# EU file-type codes of open (non-proprietary) formats, and of formats a program can read as data.
NON_PROPRIETARY = {
    "CSV",
    "TSV",
    "TXT",
    "JSON",
    "JSON_LD",
    "GEOJSON",
    "XML",
    "GML",
    "KML",
    "KMZ",
    "GPKG",
    "GPX",
    "HTML",
    "HTML5",
    "XHTML",
    "RDF",
    "RDF_XML",
    "RDF_TURTLE",
    "RDF_N_TRIPLES",
    "RDF_N_QUADS",
    "RDF_TRIG",
    "N3",
    "RDFA",
    "ODS",
    "ODT",
    "ODF",
    "ODG",
    "NETCDF",
    "PARQUET",
    "ARROW_FILE",
    "YAML",
    "ATOM",
    "RSS",
    "SVG",
    "PNG",
    "GEOTIFF",
    "TIFF",
    "JPEG2000",
    "LAS",
    "LAZ",
    "PDFA1A",
    "PDFA1B",
    "PDFA2A",
    "PDFA2B",
    "PDFA3",
    "WMS_SRVC",
    "WFS_SRVC",
    "WCS_SRVC",
    "WMTS_SRVC",
    "SPARQLQ",
    "ZIP",
    "GZIP",
    "TAR",
    "SQL",
    "MARKDOWN",
}
MACHINE_READABLE = {
    "CSV",
    "TSV",
    "JSON",
    "JSON_LD",
    "GEOJSON",
    "XML",
    "GML",
    "KML",
    "KMZ",
    "GPKG",
    "GPX",
    "SHP",
    "DBF",
    "RDF",
    "RDF_XML",
    "RDF_TURTLE",
    "RDF_N_TRIPLES",
    "RDF_N_QUADS",
    "RDF_TRIG",
    "N3",
    "RDFA",
    "XLS",
    "XLSX",
    "ODS",
    "NETCDF",
    "PARQUET",
    "ARROW_FILE",
    "YAML",
    "ATOM",
    "RSS",
    "WFS_SRVC",
    "WCS_SRVC",
    "SPARQLQ",
    "SDMX",
    "GEOTIFF",
    "LAS",
    "LAZ",
    "GDB",
    "MDB",
    "SQL",
}
DIMENSIONS = ("findability", "accessibility", "interoperability", "reusability", "contextuality")
LABELS = {
    "findability": ("Vindbaarheid", "Findability"),
    "accessibility": ("Toegankelijkheid", "Accessibility"),
    "interoperability": ("Interoperabiliteit", "Interoperability"),
    "reusability": ("Herbruikbaarheid", "Reusability"),
    "contextuality": ("Context", "Contextuality"),
}
RATINGS = ((351, "excellent"), (221, "good"), (121, "sufficient"), (0, "bad"))


@dataclass(frozen=True)
class Criterion:
    key: str
    dimension: str
    points: int
    level: str  # "dataset" (yes/no) or "distribution" (share of distributions)
    check: Callable[[Graph, Node], bool]
    label_nl: str
    label_en: str


@dataclass
class Score:
    points: float
    max_points: int
    rating: str
    dimensions: dict[str, dict] = field(default_factory=dict)
    criteria: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "points": round(self.points, 1),
            "maxPoints": self.max_points,
            "percentage": round(100 * self.points / self.max_points, 1),
            "rating": self.rating,
            "dimensions": self.dimensions,
            "criteria": self.criteria,
        }


def _has(prop: URIRef) -> Callable[[Graph, Node], bool]:
    return lambda g, n: any(True for _ in g.objects(n, prop))


def _in_list(prop: URIRef, prefixes: tuple[str, ...] | str) -> Callable[[Graph, Node], bool]:
    return lambda g, n: any(isinstance(o, URIRef) and str(o).startswith(prefixes) for o in g.objects(n, prop))


def _web_url(prop: URIRef) -> Callable[[Graph, Node], bool]:
    def check(g: Graph, n: Node) -> bool:
        return any(
            str(o).startswith(("http://", "https://")) and " " not in str(o) and len(str(o)) > 10
            for o in g.objects(n, prop)
        )

    return check


def _format_in(codes: set[str]) -> Callable[[Graph, Node], bool]:
    def check(g: Graph, n: Node) -> bool:
        for o in g.objects(n, DCT["format"]):
            value = str(o)
            code = value[len(FILE_TYPE) :] if value.startswith(FILE_TYPE) else value.strip().upper()
            if code in codes:
                return True
        return False

    return check


def _vocab_format(g: Graph, n: Node) -> bool:
    return _in_list(DCT["format"], FILE_TYPE)(g, n) or _in_list(DCAT.mediaType, IANA)(g, n)


CRITERIA = [
    Criterion("keyword", "findability", 30, "dataset", _has(DCAT.keyword), "trefwoorden", "keywords"),
    Criterion("theme", "findability", 30, "dataset", _has(DCAT.theme), "thema's", "categories (themes)"),
    Criterion(
        "spatial", "findability", 20, "dataset", _has(DCT.spatial), "ruimtelijke dekking", "spatial coverage"
    ),
    Criterion(
        "temporal", "findability", 20, "dataset", _has(DCT.temporal), "tijddekking", "temporal coverage"
    ),
    Criterion(
        "accessUrl",
        "accessibility",
        50,
        "distribution",
        _web_url(DCAT.accessURL),
        "bruikbare toegangs-URL",
        "usable access URL",
    ),
    Criterion(
        "downloadUrl",
        "accessibility",
        20,
        "distribution",
        _has(DCAT.downloadURL),
        "download-URL aanwezig",
        "download URL given",
    ),
    Criterion(
        "downloadUrlValid",
        "accessibility",
        30,
        "distribution",
        _web_url(DCAT.downloadURL),
        "bruikbare download-URL",
        "usable download URL",
    ),
    Criterion("format", "interoperability", 20, "distribution", _has(DCT["format"]), "formaat", "format"),
    Criterion(
        "mediaType", "interoperability", 10, "distribution", _has(DCAT.mediaType), "mediatype", "media type"
    ),
    Criterion(
        "formatVocabulary",
        "interoperability",
        10,
        "distribution",
        _vocab_format,
        "formaat uit EU-lijst of IANA",
        "format from EU list or IANA",
    ),
    Criterion(
        "nonProprietary",
        "interoperability",
        20,
        "distribution",
        _format_in(NON_PROPRIETARY),
        "open formaat",
        "non-proprietary format",
    ),
    Criterion(
        "machineReadable",
        "interoperability",
        20,
        "distribution",
        _format_in(MACHINE_READABLE),
        "machineleesbaar formaat",
        "machine-readable format",
    ),
    Criterion("licence", "reusability", 20, "distribution", _has(DCT.license), "licentie", "licence"),
    Criterion(
        "licenceVocabulary",
        "reusability",
        10,
        "distribution",
        _in_list(DCT.license, LICENCE_LISTS),
        "licentie uit de DCAT-AP-NL lijst",
        "licence from the DCAT-AP-NL list",
    ),
    Criterion(
        "accessRights",
        "reusability",
        10,
        "dataset",
        _has(DCT.accessRights),
        "toegangsrechten",
        "access rights",
    ),
    Criterion(
        "accessRightsVocabulary",
        "reusability",
        5,
        "dataset",
        _in_list(DCT.accessRights, ACCESS_RIGHT),
        "toegangsrechten uit EU-lijst",
        "access rights from EU list",
    ),
    Criterion(
        "contactPoint", "reusability", 20, "dataset", _has(DCAT.contactPoint), "contactpunt", "contact point"
    ),
    Criterion("publisher", "reusability", 10, "dataset", _has(DCT.publisher), "uitgever", "publisher"),
    Criterion("rights", "contextuality", 5, "distribution", _has(DCT.rights), "rechten", "rights"),
    Criterion(
        "byteSize", "contextuality", 5, "distribution", _has(DCAT.byteSize), "bestandsgrootte", "file size"
    ),
    Criterion("issued", "contextuality", 5, "dataset", _has(DCT.issued), "publicatiedatum", "date of issue"),
    Criterion(
        "modified", "contextuality", 5, "dataset", _has(DCT.modified), "wijzigingsdatum", "modification date"
    ),
]
# DCAT-AP compliance (interoperability, 30 points): no SHACL violation for this dataset.
COMPLIANCE_POINTS = 30
MAX_POINTS = sum(c.points for c in CRITERIA) + COMPLIANCE_POINTS


def rating_of(points: float) -> str:
    return next(name for floor, name in RATINGS if points >= floor)


def score_dataset(graph: Graph, dataset: Node, report: Report | None) -> Score:
    """Score one dataset node of `graph`; `report` supplies its SHACL violations (None: not checked)."""
    dists = [d for d in graph.objects(dataset, DCAT.distribution) if not isinstance(d, Literal)]
    dims = {d: {"points": 0.0, "maxPoints": 0} for d in DIMENSIONS}
    criteria = []
    for c in CRITERIA:
        if c.level == "dataset":
            share = 1.0 if c.check(graph, dataset) else 0.0
        else:
            share = sum(1 for d in dists if c.check(graph, d)) / len(dists) if dists else 0.0
        _add(dims, criteria, c.key, c.dimension, c.points, share, c.label_nl, c.label_en)
    name = str(dataset) if isinstance(dataset, URIRef) else f"_:{dataset}"
    violations = [f for f in report.for_dataset(name) if f.severity == "violation"] if report else []
    compliant = 1.0 if report is not None and not violations else 0.0
    _add(
        dims,
        criteria,
        "dcatApCompliance",
        "interoperability",
        COMPLIANCE_POINTS,
        compliant,
        "voldoet aan DCAT-AP-NL (SHACL)",
        "DCAT-AP-NL compliant (SHACL)",
    )
    total = sum(d["points"] for d in dims.values())
    for key, d in dims.items():
        d["points"] = round(d["points"], 1)
        d["percentage"] = round(100 * d["points"] / d["maxPoints"], 1)
        d["label"] = {"nl": LABELS[key][0], "en": LABELS[key][1]}
    return Score(total, MAX_POINTS, rating_of(total), dims, criteria)


def _add(
    dims: dict,
    criteria: list,
    key: str,
    dimension: str,
    points: int,
    share: float,
    label_nl: str,
    label_en: str,
) -> None:
    dims[dimension]["points"] += points * share
    dims[dimension]["maxPoints"] += points
    criteria.append(
        {
            "key": key,
            "dimension": dimension,
            "points": round(points * share, 1),
            "maxPoints": points,
            "met": share >= 1.0,
            "label": {"nl": label_nl, "en": label_en},
        }
    )


def dataset_nodes(graph: Graph) -> list[Node]:
    return sorted(graph.subjects(RDF.type, DCAT.Dataset), key=str)
