"""dcat:Distribution in both directions."""

from __future__ import annotations

from app.models.records import DistributionRecord
from app.services.rdf.graph import NtGraph
from app.services.rdf.terms import DCAT, DCT, RDF, RDFS, SKOS, XSD, A, iri_value, is_bnode, literal
from app.services.rdf.values import first_value, pick_text, triple, typed

PREDICATES = frozenset(
    {
        DCAT["accessURL"],
        DCAT["downloadURL"],
        DCT["format"],
        DCAT["mediaType"],
        DCT["license"],
        DCT["title"],
        DCT["description"],
        DCAT["byteSize"],
    }
)
TEXTS = {DCT["title"]: ("nl",), DCT["description"]: ("nl",)}

IANA = "https://www.iana.org/assignments/media-types/"


_ACCESS = DCAT["accessURL"]
_DOWNLOAD = DCAT["downloadURL"]
_FORMAT = DCT["format"]
_MEDIA = DCAT["mediaType"]
_LICENSE = DCT["license"]
_TITLE = DCT["title"]
_DESCRIPTION = DCT["description"]
_BYTE_SIZE = DCAT["byteSize"]


def read_distribution(graph: NtGraph, term: str) -> dict:
    """The distribution's fields (validated once, with the whole record)."""
    props = graph.props(term)
    get = props.get
    return {
        "iri": iri_value(term),
        "access_url": first_value(get(_ACCESS)),
        "download_url": first_value(get(_DOWNLOAD)),
        "format": _code(graph, get(_FORMAT)),
        "media_type": _code(graph, get(_MEDIA)),
        "license": _code(graph, get(_LICENSE)),
        "title": pick_text(get(_TITLE)),
        "description": pick_text(get(_DESCRIPTION)),
        "byte_size": _integer(first_value(get(_BYTE_SIZE))),
    }


def _code(graph: NtGraph, objects: list[str] | None) -> str | None:
    """An IRI or a literal; a blank node (`[ a dct:IMT; rdf:value "text/csv" ]`) by its value/label."""
    value = first_value(objects)
    if value is not None:
        return value
    for term in objects or ():
        if is_bnode(term):
            props = graph.props(term)
            for predicate in (RDF["value"], RDFS["label"], SKOS["prefLabel"]):
                found = pick_text(props.get(predicate))
                if found:
                    return found
    return None


def _integer(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def distribution_node(dataset_iri: str, record: DistributionRecord, index: int) -> str:
    """The record's own IRI, else one derived from the dataset IRI and the position (stable)."""
    if record.iri:
        return f"<{record.iri}>"
    joiner = "-" if "#" in dataset_iri else "#"
    return f"<{dataset_iri}{joiner}distribution-{index + 1}>"


def distribution_lines(out: list[str], dataset: str, node: str, record: DistributionRecord) -> None:
    out.append(triple(dataset, DCAT["distribution"], node))
    out.append(triple(node, A, DCAT["Distribution"]))
    if record.access_url:
        typed(out, node, DCAT["accessURL"], record.access_url, None)
    if record.download_url:
        typed(out, node, DCAT["downloadURL"], record.download_url, None)
    if record.format:
        typed(out, node, DCT["format"], record.format, DCT["MediaTypeOrExtent"])
    if record.media_type:
        media = record.media_type
        if "/" in media and ":" not in media:  # a token such as text/csv → its IANA IRI
            media = IANA + media
        typed(out, node, DCAT["mediaType"], media, DCT["MediaType"])
    if record.license:
        typed(out, node, DCT["license"], record.license, DCT["LicenseDocument"])
    if record.title:
        out.append(triple(node, DCT["title"], literal(record.title, lang="nl")))
    if record.description:
        out.append(triple(node, DCT["description"], literal(record.description, lang="nl")))
    if record.byte_size is not None:
        out.append(triple(node, DCAT["byteSize"], literal(str(record.byte_size), datatype=f"{XSD}nonNegativeInteger")))
