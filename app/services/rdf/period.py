"""dct:PeriodOfTime (dct:temporal) in both directions."""

from __future__ import annotations

from app.models.records import Temporal
from app.services.rdf.graph import NtGraph
from app.services.rdf.terms import DCAT, DCT, SCHEMA, A, temporal_literal
from app.services.rdf.values import blank_node, first_value, triple

_STARTS = (DCAT["startDate"], SCHEMA["startDate"], "<https://schema.org/startDate>")
_ENDS = (DCAT["endDate"], SCHEMA["endDate"], "<https://schema.org/endDate>")
PREDICATES = frozenset(_STARTS + _ENDS)


def read_period(graph: NtGraph, terms: list[str] | None) -> tuple[dict | None, str | None]:
    """The first period with a start or end (DCAT 2 `dcat:startDate`, or schema.org's), lexical
    forms kept as given; also the node it came from."""
    for term in terms or ():
        if term[:1] == '"':
            continue
        props = graph.props(term)
        start = next((v for p in _STARTS if (v := first_value(props.get(p)))), None)
        end = next((v for p in _ENDS if (v := first_value(props.get(p)))), None)
        if start or end:
            return {"start": start, "end": end}, term
    return None, None


def period_lines(out: list[str], dataset: str, dataset_iri: str, record: Temporal | None) -> str | None:
    if record is None or not (record.start or record.end):
        return None
    node = blank_node(dataset_iri, "temporal")
    out.append(triple(dataset, DCT["temporal"], node))
    out.append(triple(node, A, DCT["PeriodOfTime"]))
    if record.start:
        out.append(triple(node, DCAT["startDate"], temporal_literal(record.start)))
    if record.end:
        out.append(triple(node, DCAT["endDate"], temporal_literal(record.end)))
    return node
