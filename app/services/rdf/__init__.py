"""The mapping between RDF (DCAT-AP-NL 3.0 / DCAT-AP 3.0.1) and `DatasetRecord`, both directions.

Modules: `formats` (bytes ⇄ triples, media types, negotiation), `terms` (N-Triples terms and
vocabularies), `graph` (indexed lines, subgraphs, canonical text), one module per DCAT class
with its reading and its writing side by side (`dataset`, `distribution`, `contact`, `period`,
`agent`), `lossless` (unmapped source triples back into the output) and `mapping` (entry points).
"""

from app.services.rdf.agent import OrgRef
from app.services.rdf.formats import (
    JSON_LD,
    MEDIA_TYPES,
    NTRIPLES,
    RDF_XML,
    TURTLE,
    WRITABLE,
    negotiate,
    parse_rdf,
    rdf_format,
    serialize,
)
from app.services.rdf.mapping import (
    RecordError,
    RecordOrError,
    canonical_ntriples,
    ntriples_of_record,
    records_from_ntriples,
    records_from_rdf,
    records_from_triples,
    triples_of_record,
)
from app.services.rdf.terms import PREFIXES

__all__ = [
    "JSON_LD",
    "MEDIA_TYPES",
    "NTRIPLES",
    "PREFIXES",
    "RDF_XML",
    "TURTLE",
    "WRITABLE",
    "OrgRef",
    "RecordError",
    "RecordOrError",
    "canonical_ntriples",
    "negotiate",
    "ntriples_of_record",
    "parse_rdf",
    "rdf_format",
    "records_from_ntriples",
    "records_from_rdf",
    "records_from_triples",
    "serialize",
    "triples_of_record",
]
