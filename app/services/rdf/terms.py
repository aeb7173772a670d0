"""RDF terms as canonical N-Triples text, and the vocabulary the mapping speaks.

The mapping works on N-Triples *lines* rather than on pyoxigraph term objects: pyoxigraph parses
and writes canonical N-Triples in Rust, and splitting a line in Python is several times cheaper
than asking pyoxigraph for three term objects per triple (harvesting at thousands of datasets a
second depends on it). So a term here is its N-Triples text: `<iri>`, `_:label`, `"lexical"`,
`"lexical"@lang` or `"lexical"^^<datatype>`, exactly as pyoxigraph writes them.
"""

from __future__ import annotations

import re


class Namespace(str):
    """`DCT["title"]` → `<http://purl.org/dc/terms/title>` (a term, brackets included)."""

    def __getitem__(self, local: str) -> str:  # type: ignore[override]
        return f"<{self}{local}>"


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SCHEMA = Namespace("http://schema.org/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")

PREFIXES: dict[str, str] = {
    "dcat": str(DCAT),
    "dct": str(DCT),
    "dcatap": str(DCATAP),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "adms": str(ADMS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "locn": str(LOCN),
    "gsp": str(GSP),
}

A = RDF["type"]
LABELS = frozenset({RDFS["label"], SKOS["prefLabel"], FOAF["name"], VCARD["fn"]})

# Language tags that count as Dutch / English (ISO 639-2 codes occur in the wild, e.g. GeoNetwork).
DUTCH = frozenset({"", "nl", "dut", "nld"})
ENGLISH = frozenset({"en", "eng"})


def is_iri(term: str) -> bool:
    return term[:1] == "<"


def is_bnode(term: str) -> bool:
    return term[:2] == "_:"


def is_literal(term: str) -> bool:
    return term[:1] == '"'


def iri_value(term: str) -> str | None:
    """The IRI inside `<…>`, or None for a blank node or literal."""
    return term[1:-1] if term[:1] == "<" else None


def literal_parts(term: str) -> tuple[str, str, str | None]:
    """(lexical value, language tag or "", datatype IRI or None) of a literal term."""
    end = term.rindex('"')
    body = term[1:end]
    value = _unescape(body) if "\\" in body else body
    suffix = term[end + 1 :]
    if suffix[:1] == "@":
        return value, suffix[1:], None
    if suffix[:2] == "^^":
        return value, "", suffix[3:-1]
    return value, "", None


def language_group(lang: str) -> str:
    """ "nl", "en" or the tag itself; `nl-be` and `dut` are Dutch, `eng` is English."""
    base = lang.split("-", 1)[0]
    if base in DUTCH:
        return "nl"
    if base in ENGLISH:
        return "en"
    return lang


def value_of(term: str) -> str:
    """A plain string for any term: the IRI, the literal's lexical form or the blank node text."""
    if term[:1] == "<":
        return term[1:-1]
    if term[:1] == '"':
        return literal_parts(term)[0]
    return term


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """Canonical N-Triples text of a literal (same escapes as pyoxigraph writes)."""
    text = '"' + value.translate(_ESCAPES) + '"'
    if lang:
        return f"{text}@{lang.lower()}"
    if datatype and datatype != str(XSD) + "string":
        return f"{text}^^<{datatype}>"
    return text


_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})

_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        hex_ = m.group(1) or m.group(2)
        return chr(int(hex_, 16)) if hex_ else _ECHAR.get(m.group(3), m.group(3))

    return _UNESCAPE.sub(one, body)


# Lexical forms → xsd datatype, so dates written by us carry the type their form says.
_DATE = re.compile(r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?")
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_GYEAR = re.compile(r"-?\d{4,}")
_GYEARMONTH = re.compile(r"-?\d{4,}-\d\d")


def temporal_literal(value: str) -> str:
    """A date-like value typed by its form (xsd:date, xsd:dateTime, xsd:gYear(Month)), else plain."""
    for pattern, dtype in (
        (_DATE, "date"),
        (_DATETIME, "dateTime"),
        (_GYEARMONTH, "gYearMonth"),
        (_GYEAR, "gYear"),
    ):
        if pattern.fullmatch(value):
            return literal(value, datatype=f"{XSD}{dtype}")
    return literal(value)
