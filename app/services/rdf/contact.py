"""vcard:Kind (dcat:contactPoint) in both directions."""

from __future__ import annotations

from app.models.records import ContactPointRecord
from app.services.rdf.graph import NtGraph
from app.services.rdf.terms import VCARD, A, literal, value_of
from app.services.rdf.values import blank_node, clean, first_value, pick_text, ref, triple

PREDICATES = frozenset({VCARD["fn"], VCARD["hasEmail"], VCARD["hasURL"]})
TEXTS = {VCARD["fn"]: ("nl",)}


_FN = VCARD["fn"]
_EMAIL = VCARD["hasEmail"]
_URL = VCARD["hasURL"]


def read_contact(graph: NtGraph, term: str | None) -> dict | None:
    """The contact point's fields (validated once, with the whole record)."""
    if term is None:
        return None
    if term[0] == '"':  # a bare e-mail address or name as literal
        text = clean(value_of(term))
        if not text:
            return None
        return {"email": text} if "@" in text else {"name": text}
    props = graph.props(term)
    email = first_value(props.get(_EMAIL))
    if email and email[:7].lower() == "mailto:":
        email = clean(email[7:])
    fields = {"name": pick_text(props.get(_FN)), "email": email, "url": first_value(props.get(_URL))}
    return fields if any(fields.values()) else None


def contact_lines(out: list[str], dataset: str, dataset_iri: str, record: ContactPointRecord | None) -> str | None:
    if record is None or not (record.name or record.email or record.url):
        return None
    node = blank_node(dataset_iri, "contactPoint")
    out.append(triple(dataset, "<http://www.w3.org/ns/dcat#contactPoint>", node))
    out.append(triple(node, A, VCARD["Kind"]))
    if record.name:
        out.append(triple(node, VCARD["fn"], literal(record.name)))
    if record.email:
        email = record.email if record.email.lower().startswith("mailto:") else f"mailto:{record.email}"
        out.append(triple(node, VCARD["hasEmail"], ref(email)))
    if record.url:
        out.append(triple(node, VCARD["hasURL"], ref(record.url)))
    return node
