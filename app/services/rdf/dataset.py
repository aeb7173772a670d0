"""dcat:Dataset in both directions: `read_dataset` (graph → record) beside `dataset_lines`
(record → graph). Both walk the same tables, so a property is listed once for both."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.models.records import DatasetRecord
from app.services.rdf.agent import OrgRef, agent_lines, read_agent
from app.services.rdf.contact import contact_lines, read_contact
from app.services.rdf.distribution import distribution_lines, distribution_node, read_distribution
from app.services.rdf.graph import NtGraph
from app.services.rdf.period import period_lines, read_period
from app.services.rdf.terms import (
    DCAT,
    DCT,
    FOAF,
    GSP,
    LOCN,
    OWL,
    RDFS,
    SKOS,
    A,
    is_bnode,
    literal,
    temporal_literal,
)
from app.services.rdf.values import (
    all_values,
    blank_node,
    first_value,
    looks_like_iri,
    pick_text,
    preferred_text,
    texts_by_language,
    triple,
    typed,
)

# Single IRI-valued properties: (field, predicate, class the range shape wants).
SINGLE_REFS = [
    ("access_rights", DCT["accessRights"], DCT["RightsStatement"]),
    ("landing_page", DCAT["landingPage"], FOAF["Document"]),
    ("accrual_periodicity", DCT["accrualPeriodicity"], DCT["Frequency"]),
]
# Multi-valued IRI properties (spatial is handled apart: it may be a bounding box).
MULTI_REFS = [
    ("themes", DCAT["theme"], SKOS["Concept"]),
    ("languages", DCT["language"], DCT["LinguisticSystem"]),
    ("conforms_to", DCT["conformsTo"], DCT["Standard"]),
    ("pages", FOAF["page"], FOAF["Document"]),
]
DATES = [("issued", DCT["issued"]), ("modified", DCT["modified"])]

PREDICATES = frozenset(
    {p for _, p, _ in SINGLE_REFS + MULTI_REFS}
    | {p for _, p in DATES}
    | {
        DCT["identifier"],
        DCT["title"],
        DCT["description"],
        DCT["publisher"],
        DCT["creator"],
        DCAT["keyword"],
        DCT["spatial"],
        DCAT["contactPoint"],
        DCT["temporal"],
        DCAT["version"],
        OWL["versionInfo"],
        DCAT["distribution"],
    }
)
"""Predicates of a dataset the record holds: on output they come from the record, not the source."""

TEXTS = {DCT["title"]: ("nl", "en"), DCT["description"]: ("nl", "en"), DCAT["keyword"]: ("nl",)}
"""Of these literal properties only the listed language groups are in the record; literals in
other languages (a Flemish @fr title) pass through from the source."""

OWNED = frozenset({DCAT["distribution"], DCAT["contactPoint"], DCT["temporal"], DCT["spatial"]})
"""IRIs reached by these predicates belong to the dataset's record (see `graph.subgraph`)."""

LOCATION_PREDICATES = frozenset({DCAT["bbox"], LOCN["geometry"], SKOS["prefLabel"], RDFS["label"]})
_WKT_START = ("POLYGON", "MULTIPOLYGON", "POINT", "ENVELOPE", "LINESTRING", "GEOMETRYCOLLECTION", "<")


@dataclass
class Nodes:
    """Which node holds which part of a record, on either side: lets `lossless` match a source
    graph's nodes with the nodes written for the record."""

    dataset: str
    contact: str | None = None
    temporal: str | None = None
    publisher: str | None = None
    creator: str | None = None
    distributions: list[str] = field(default_factory=list)
    spatial: dict[str, str] = field(default_factory=dict)


_PUBLISHER, _CREATOR, _CONTACT = DCT["publisher"], DCT["creator"], DCAT["contactPoint"]
_TEMPORAL, _DISTRIBUTION, _SPATIAL = DCT["temporal"], DCAT["distribution"], DCT["spatial"]
_IDENTIFIER, _TITLE, _DESCRIPTION, _KEYWORD = DCT["identifier"], DCT["title"], DCT["description"], DCAT["keyword"]
_VERSION, _VERSION_INFO = DCAT["version"], OWL["versionInfo"]


def read_dataset(graph: NtGraph, node: str, order: dict[str, str] | None = None) -> tuple[DatasetRecord, Nodes]:
    """The record of one dataset node. `order` maps blank nodes to canonical labels so that
    distributions come out in the same order however the parser named them."""
    props = graph.props(node)
    get = props.get
    rank = order or {}
    publisher_term = _first_term(get(_PUBLISHER))
    creator_term = _first_term(get(_CREATOR))
    publisher, publisher_name = read_agent(graph, publisher_term)
    creator, creator_name = read_agent(graph, creator_term)
    contact_term = _first_term(get(_CONTACT))
    temporal, temporal_term = read_period(graph, get(_TEMPORAL))
    dist_terms = [t for t in get(_DISTRIBUTION, ()) if t[0] != '"']
    if len(dist_terms) > 1:
        dist_terms.sort(key=lambda t: rank.get(t, t))
    spatial, spatial_nodes = _read_spatial(graph, get(_SPATIAL), rank)
    titles = texts_by_language(get(_TITLE))
    descriptions = texts_by_language(get(_DESCRIPTION))
    fields: dict = {
        "iri": node[1:-1] if node[0] == "<" else None,
        "identifier": first_value(get(_IDENTIFIER)),
        "title": preferred_text(titles),
        "description": preferred_text(descriptions),
        "title_en": titles["en"][0] if "en" in titles else None,
        "description_en": descriptions["en"][0] if "en" in descriptions else None,
        "publisher": publisher,
        "publisher_name": publisher_name,
        "creator": creator,
        "creator_name": creator_name,
        "keywords": _keywords(get(_KEYWORD)),
        "spatial": spatial,
        "contact_point": read_contact(graph, contact_term),
        "temporal": temporal,
        "version": first_value(get(_VERSION)) or first_value(get(_VERSION_INFO)),
        "distributions": [read_distribution(graph, t) for t in dist_terms],
    }
    for name, predicate, _ in SINGLE_REFS:
        fields[name] = first_value(get(predicate))
    for name, predicate, _ in MULTI_REFS:
        fields[name] = all_values(get(predicate))
    for name, predicate in DATES:
        fields[name] = first_value(get(predicate))
    nodes = Nodes(
        dataset=node,
        contact=contact_term,
        temporal=temporal_term,
        publisher=publisher_term,
        creator=creator_term,
        distributions=dist_terms,
        spatial=spatial_nodes,
    )
    return DatasetRecord.model_validate(fields), nodes


def _first_term(objects: list[str] | None) -> str | None:
    return objects[0] if objects else None


def _keywords(objects: list[str] | None) -> list[str]:
    """Dutch/untagged keywords, de-duplicated; other languages only when there are none."""
    groups = texts_by_language(objects)
    chosen = groups.get("nl") or [v for key in sorted(groups) for v in groups[key]]
    return list(dict.fromkeys(chosen))


def _read_spatial(graph: NtGraph, objects: list[str] | None, rank: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Place IRIs as they are; a blank dct:Location by its dcat:bbox WKT (else geometry, else
    label), so a bounding box survives as a spatial value."""
    values: dict[str, str] = {}
    for term in sorted(objects or (), key=lambda t: rank.get(t, t)):
        if is_bnode(term):
            props = graph.props(term)
            value = (
                first_value(props.get(DCAT["bbox"]))
                or first_value(props.get(LOCN["geometry"]))
                or pick_text(props.get(SKOS["prefLabel"]))
                or pick_text(props.get(RDFS["label"]))
            )
        else:
            value = first_value([term])
        if value:
            values.setdefault(value, term)
    return list(values), values


def dataset_lines(
    record: DatasetRecord,
    *,
    iri: str,
    publisher: OrgRef | None,
    creator: OrgRef | None,
    catalog_iri: str | None = None,
) -> tuple[list[str], Nodes]:
    """The DCAT-AP-NL 3.0 description of one dataset as N-Triples lines, typing triples included."""
    out: list[str] = []
    node = f"<{iri}>"
    nodes = Nodes(dataset=node)
    out.append(triple(node, A, DCAT["Dataset"]))
    if catalog_iri:
        out.append(triple(f"<{catalog_iri}>", DCAT["dataset"], node))
    if record.identifier:
        out.append(triple(node, DCT["identifier"], literal(record.identifier)))
    for predicate, nl_text, en_text in (
        (DCT["title"], record.title, record.title_en),
        (DCT["description"], record.description, record.description_en),
    ):
        if nl_text:
            out.append(triple(node, predicate, literal(nl_text, lang="nl")))
        if en_text:
            out.append(triple(node, predicate, literal(en_text, lang="en")))
    nodes.publisher = agent_lines(out, node, DCT["publisher"], publisher, record.publisher, record.publisher_name)
    nodes.creator = agent_lines(out, node, DCT["creator"], creator, record.creator, record.creator_name)
    for keyword in dict.fromkeys(record.keywords):
        out.append(triple(node, DCAT["keyword"], literal(keyword, lang="nl")))
    for name, predicate, rdf_class in SINGLE_REFS:
        value = getattr(record, name)
        if value:
            typed(out, node, predicate, value, rdf_class)
    for name, predicate, rdf_class in MULTI_REFS:
        for value in dict.fromkeys(getattr(record, name)):
            typed(out, node, predicate, value, rdf_class)
    for value in dict.fromkeys(record.spatial):
        nodes.spatial[value] = _spatial_lines(out, node, iri, value)
    for name, predicate in DATES:
        value = getattr(record, name)
        if value:
            out.append(triple(node, predicate, temporal_literal(value)))
    if record.version:
        out.append(triple(node, DCAT["version"], literal(record.version)))
    nodes.contact = contact_lines(out, node, iri, record.contact_point)
    nodes.temporal = period_lines(out, node, iri, record.temporal)
    for index, dist in enumerate(record.distributions):
        dist_node = distribution_node(iri, dist, index)
        nodes.distributions.append(dist_node)
        distribution_lines(out, node, dist_node, dist)
    return out, nodes


def _spatial_lines(out: list[str], node: str, iri: str, value: str) -> str:
    if looks_like_iri(value):
        return typed(out, node, DCT["spatial"], value, DCT["Location"])
    location = blank_node(iri, "spatial", value)
    out.append(triple(node, DCT["spatial"], location))
    out.append(triple(location, A, DCT["Location"]))
    if value.lstrip().upper().startswith(_WKT_START):
        out.append(triple(location, DCAT["bbox"], literal(value, datatype=f"{GSP}wktLiteral")))
    else:
        out.append(triple(location, SKOS["prefLabel"], literal(value, lang="nl")))
    return location
