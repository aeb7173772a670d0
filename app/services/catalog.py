"""The whole catalogue as DCAT-AP-NL 3.0 (`GET /v1/catalog`), Hydra-paged.

Pages are cut by keyset over dataset ids (`page` is a cursor the Hydra links carry), so page 5,000
costs what page 1 costs. Each dataset is written by the one RDF mapping (`rdf.triples_of_record`),
which also passes on the source's triples we do not map: a catalogue harvesting us gets the
same datasets we harvested.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from rdflib import Graph
from sqlmodel import Session, col, func, select

from app.config import Settings
from app.errors import InvalidRecord, invalid
from app.models.datasets import Dataset
from app.models.organisations import Organisation
from app.services import rdf
from app.services.datasets import Loaded
from app.services.rdf.formats import ntriples_of_triples

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
HYDRA = "http://www.w3.org/ns/hydra/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU = "http://publications.europa.eu/resource/authority/"
CONCEPT = ox.NamedNode(SKOS + "Concept")
PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
VOCABULARIES = ("themes.ttl", "access-rights.ttl")
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100


def catalog_iri(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + "/v1/catalog"


def org_ref(org: Organisation | None) -> rdf.OrgRef | None:
    return rdf.OrgRef(id=org.id, iri=org.iri, name=org.name) if org else None


def dataset_triples(loaded: Loaded, ds: Dataset, settings: Settings) -> list[ox.Triple]:
    """One stored dataset as DCAT-AP-NL triples (mapped fields plus passed-on source triples)."""
    record = loaded.record(ds)
    creator = loaded.orgs.get(ds.creator_id) if ds.creator_id else None
    triples = rdf.triples_of_record(record, iri=ds.iri, publisher=org_ref(loaded.orgs.get(ds.publisher_id)),
                                    creator=org_ref(creator), catalog_iri=catalog_iri(settings))
    return triples + concept_labels(triples)


@cache
def _vocabulary_labels() -> dict[ox.NamedNode, list[ox.Literal]]:
    """skos:prefLabels of the EU code lists we ship (themes, access rights)."""
    labels: dict[ox.NamedNode, list[ox.Literal]] = {}
    for name in VOCABULARIES:
        data = resources.files("vocab").joinpath(name).read_bytes()
        for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
            if t.predicate == PREF_LABEL and isinstance(t.subject, ox.NamedNode):
                labels.setdefault(t.subject, []).append(t.object)
    return labels


def concept_labels(triples: list[ox.Triple]) -> list[ox.Triple]:
    """DCAT-AP requires a skos:prefLabel on every skos:Concept; add the code list's labels (or the
    code itself) to concepts the description names without one."""
    concepts = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == CONCEPT}
    labelled = {t.subject for t in triples if t.predicate == PREF_LABEL}
    out = []
    for concept in concepts - labelled:
        if not isinstance(concept, ox.NamedNode):
            continue
        known = _vocabulary_labels().get(concept)
        values = known or [ox.Literal(concept.value.rstrip("/").rsplit("/", 1)[-1])]
        out += [ox.Triple(concept, PREF_LABEL, v) for v in values]
    return out


def graph_of(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples as an rdflib graph (pyshacl works on rdflib)."""
    graph = Graph()
    text = ntriples_of_triples(triples)
    if text.strip():
        graph.parse(data=text, format="nt")
    return graph


@dataclass(frozen=True)
class Cursor:
    mode: str  # first | after | before | last
    key: str | None = None

    @property
    def token(self) -> str:
        return "1" if self.mode == "first" else self.mode if self.mode == "last" else f"{self.mode}:{self.key}"


def parse_cursor(page: str | None) -> Cursor:
    if page in (None, "", "1", "first"):
        return Cursor("first")
    if page == "last":
        return Cursor("last")
    mode, _, key = page.partition(":")
    if mode in ("after", "before") and key:
        return Cursor(mode, key)
    raise InvalidRecord("Onbekende paginaverwijzing; volg de hydra:next/previous/first/last links.",
                        invalid_params=[invalid("page", "'1', 'last', 'after:<id>' of 'before:<id>'")])


@dataclass
class CatalogPage:
    datasets: list[Dataset]
    total: int
    cursor: Cursor
    page_size: int
    has_previous: bool
    has_next: bool


def page_of(db: Session, cursor: Cursor, page_size: int) -> CatalogPage:
    active = select(Dataset).where(Dataset.status == "active")
    if cursor.mode == "first":
        rows = list(db.exec(active.order_by(col(Dataset.id)).limit(page_size)))
    elif cursor.mode == "after":
        rows = list(db.exec(active.where(col(Dataset.id) > cursor.key).order_by(col(Dataset.id)).limit(page_size)))
    elif cursor.mode == "before":
        rows = list(db.exec(active.where(col(Dataset.id) < cursor.key).order_by(col(Dataset.id).desc())
                            .limit(page_size)))[::-1]
    else:
        rows = list(db.exec(active.order_by(col(Dataset.id).desc()).limit(page_size)))[::-1]
    total = db.exec(select(func.count()).select_from(Dataset).where(Dataset.status == "active")).one()
    has_prev = bool(rows) and _exists(db, col(Dataset.id) < rows[0].id)
    has_next = bool(rows) and _exists(db, col(Dataset.id) > rows[-1].id)
    if not rows and cursor.mode == "after":
        has_prev = total > 0
    return CatalogPage(rows, total, cursor, page_size, has_prev, has_next)


def _exists(db: Session, condition) -> bool:  # noqa: ANN001
    return db.exec(select(Dataset.id).where(Dataset.status == "active", condition).limit(1)).first() is not None


def catalog_triples(db: Session, settings: Settings, page: str | None, page_size: int,
                    page_base: str | None = None) -> list[ox.Triple]:
    """One page of the catalogue: the Catalog with its own mandatory properties, its datasets, and
    the Hydra view that links the pages. Page links start at `page_base` (the URL the client used),
    so a harvester reaching us by another name than FDS_BASE_URL can still follow them."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidRecord(f"pageSize moet tussen 1 en {MAX_PAGE_SIZE} liggen.",
                            invalid_params=[invalid("pageSize", f"1..{MAX_PAGE_SIZE}")])
    result = page_of(db, parse_cursor(page), page_size)
    out = catalog_description(db, settings, result.datasets)
    out += hydra_view(settings, result, page_base or catalog_iri(settings))
    loaded = Loaded(db, result.datasets)
    for ds in result.datasets:
        out += dataset_triples(loaded, ds, settings)
    return _unique(out)


def catalog_description(db: Session, settings: Settings, datasets: Sequence[Dataset]) -> list[ox.Triple]:
    cat = ox.NamedNode(catalog_iri(settings))
    publisher = ox.NamedNode(settings.catalog_publisher)
    contact = ox.NamedNode(catalog_iri(settings) + "#contactpunt")
    homepage = ox.NamedNode(settings.catalog_homepage or settings.base_url.rstrip("/") + "/")
    language, licence = ox.NamedNode(EU + "language/NLD"), ox.NamedNode(
        "http://creativecommons.org/publicdomain/zero/1.0/deed.nl")
    country, taxonomy = ox.NamedNode(EU + "country/NLD"), ox.NamedNode(EU + "data-theme")
    agent_type = ox.NamedNode("http://purl.org/adms/publishertype/RegionalAuthority")
    nl = "nl"
    t = [
        _t(cat, RDF_TYPE, ox.NamedNode(DCAT + "Catalog")),
        _t(cat, DCT + "title", ox.Literal(settings.catalog_title, language=nl)),
        _t(cat, DCT + "description", ox.Literal(settings.catalog_description, language=nl)),
        _t(cat, DCT + "publisher", publisher),
        _t(cat, DCT + "creator", publisher),
        _t(cat, DCAT + "contactPoint", contact),
        _t(cat, FOAF + "homepage", homepage),
        _t(cat, DCT + "language", language),
        _t(cat, DCT + "license", licence),
        _t(cat, DCT + "spatial", country),
        _t(cat, DCAT + "themeTaxonomy", taxonomy),
        _t(publisher, RDF_TYPE, ox.NamedNode(FOAF + "Agent")),
        _t(publisher, FOAF + "name", ox.Literal(settings.catalog_publisher_name, language=nl)),
        _t(publisher, DCT + "type", agent_type),
        _t(agent_type, RDF_TYPE, CONCEPT),
        _t(agent_type, PREF_LABEL, ox.Literal("Regional authority", language="en")),
        _t(agent_type, PREF_LABEL, ox.Literal("Regionale overheid", language="nl")),
        _t(contact, RDF_TYPE, ox.NamedNode(VCARD + "Kind")),
        _t(contact, VCARD + "fn", ox.Literal(settings.catalog_publisher_name, language=nl)),
        _t(contact, VCARD + "hasEmail", ox.NamedNode("mailto:" + settings.catalog_contact_email)),
        _t(homepage, RDF_TYPE, ox.NamedNode(FOAF + "Document")),
        _t(language, RDF_TYPE, ox.NamedNode(DCT + "LinguisticSystem")),
        _t(licence, RDF_TYPE, ox.NamedNode(DCT + "LicenseDocument")),
        _t(country, RDF_TYPE, ox.NamedNode(DCT + "Location")),
        _t(taxonomy, RDF_TYPE, ox.NamedNode(SKOS + "ConceptScheme")),
        _t(taxonomy, DCT + "title", ox.Literal("Data theme", language="en")),
        _t(taxonomy, DCT + "title", ox.Literal("Datathema", language="nl")),
    ]
    first, last = db.exec(select(func.min(Dataset.created_at), func.max(Dataset.updated_at))).one()
    if first is not None:
        t.append(_t(cat, DCT + "issued", _datetime(first)))
    if last is not None:
        t.append(_t(cat, DCT + "modified", _datetime(last)))
    for ds in datasets:
        t.append(_t(cat, DCAT + "dataset", ox.NamedNode(ds.iri)))
    return t


def hydra_view(settings: Settings, page: CatalogPage, base: str) -> list[ox.Triple]:
    cat = ox.NamedNode(catalog_iri(settings))
    view = ox.NamedNode(page_url(base, page.cursor.token, page.page_size))
    t = [
        _t(cat, HYDRA + "view", view),
        _t(view, RDF_TYPE, ox.NamedNode(HYDRA + "PartialCollectionView")),
        _t(view, HYDRA + "totalItems", ox.Literal(str(page.total), datatype=ox.NamedNode(XSD + "integer"))),
        _t(view, HYDRA + "itemsPerPage", ox.Literal(str(page.page_size), datatype=ox.NamedNode(XSD + "integer"))),
        _t(view, HYDRA + "first", ox.NamedNode(page_url(base, "1", page.page_size))),
        _t(view, HYDRA + "last", ox.NamedNode(page_url(base, "last", page.page_size))),
    ]
    if page.has_next:
        t.append(_t(view, HYDRA + "next",
                    ox.NamedNode(page_url(base, f"after:{page.datasets[-1].id}", page.page_size))))
    if page.has_previous:
        key = page.datasets[0].id if page.datasets else "\uffff"
        t.append(_t(view, HYDRA + "previous", ox.NamedNode(page_url(base, f"before:{key}", page.page_size))))
    return t


def page_url(base: str, token: str, page_size: int) -> str:
    return base + "?" + urlencode({"page": token, "pageSize": page_size}, quote_via=quote)


def _t(s: ox.NamedNode | ox.BlankNode, p: str | ox.NamedNode, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(s, p if isinstance(p, ox.NamedNode) else ox.NamedNode(p), o)


def _datetime(value) -> ox.Literal:  # noqa: ANN001
    text = value.replace(microsecond=0).isoformat()
    if value.tzinfo is None:
        text += "Z"
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "dateTime"))


def _unique(triples: list[ox.Triple]) -> list[ox.Triple]:
    seen, out = set(), []
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            out.append(triple)
    return out
