"""foaf:Agent (publisher, creator) in both directions."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.rdf.graph import NtGraph
from app.services.rdf.terms import FOAF, iri_value, is_literal, literal, value_of
from app.services.rdf.values import blank_node, clean, looks_like_iri, pick_text, triple

PREDICATES = frozenset({FOAF["name"]})
TEXTS = {FOAF["name"]: ("nl",)}  # name literals the record holds (others pass through)


@dataclass(frozen=True)
class OrgRef:
    """An organisation as the registry knows it: TOOI id (pv29), IRI and display name."""

    id: str | None = None
    iri: str | None = None
    name: str | None = None


_NAME = FOAF["name"]


def read_agent(graph: NtGraph, term: str | None) -> tuple[str | None, str | None]:
    """(IRI, foaf:name) of a publisher/creator; a blank node gives (None, name), a literal
    (seen in the wild) gives (None, its text)."""
    if term is None:
        return None, None
    if is_literal(term):
        return None, clean(value_of(term))
    # A shared publisher may carry a name per dataset (hundreds on a page): pick once per graph.
    key = ("agent", term)
    found = graph.memo.get(key)
    if found is None:
        found = graph.memo[key] = (iri_value(term), pick_text(graph.props(term).get(_NAME)))
    return found  # type: ignore[return-value]


def agent_lines(
    out: list[str], dataset: str, predicate: str, ref: OrgRef | None, value: str | None, name: str | None
) -> str | None:
    """Write `dataset predicate agent` with the agent typed foaf:Agent and named (both required by
    DCAT-AP-NL). `ref` (from the registry) wins over the record's own IRI and name."""
    agent_iri = ref.iri if ref and ref.iri else (value if value and looks_like_iri(value) else None)
    agent_name = (ref.name if ref and ref.name else None) or name
    if agent_iri is None and agent_name is None:
        return None
    node = f"<{agent_iri}>" if agent_iri else blank_node(dataset, predicate)
    out.append(triple(dataset, predicate, node))
    out.append(triple(node, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", FOAF["Agent"]))
    if agent_name:
        out.append(triple(node, FOAF["name"], literal(agent_name, lang="nl")))
    return node
