"""Reading and writing RDF bytes: media types, sniffing, parsing, serialising, content negotiation.

pyoxigraph (Rust) does all parsing and writing. The mapping itself never sees bytes: it gets
canonical N-Triples text from `ntriples_of_bytes` (see `terms.py` for why text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import pyoxigraph as ox

from app.errors import MalformedInput, UnsupportedMediaType
from app.services.rdf.terms import PREFIXES

TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"
JSON_LD = "application/ld+json"
NQUADS = "application/n-quads"
TRIG = "application/trig"

MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    TURTLE: ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RDF_XML: ox.RdfFormat.RDF_XML,
    JSON_LD: ox.RdfFormat.JSON_LD,
    NQUADS: ox.RdfFormat.N_QUADS,
    TRIG: ox.RdfFormat.TRIG,
}
"""Media types we parse. The ones we *write* (and offer in negotiation) are `WRITABLE`."""

T = TypeVar("T")

WRITABLE: tuple[str, ...] = (TURTLE, JSON_LD, RDF_XML, NTRIPLES)

# Generic types servers send for RDF; for these (and unknown types) the bytes decide.
_SNIFFED = {"text/plain", "application/octet-stream", "application/xml", "text/xml", "application/json"}
_XML_START = re.compile(rb"<(\?xml|!--|!DOCTYPE|[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?[\s>/])")


def base_media_type(media_type: str | None) -> str:
    """`Text/Turtle; charset=utf-8` → `text/turtle`."""
    return (media_type or "").split(";", 1)[0].strip().lower()


def rdf_format(media_type: str | None, data: bytes = b"") -> ox.RdfFormat:
    """The parser for a body: by its declared media type, else by sniffing its first bytes."""
    base = base_media_type(media_type)
    if base in MEDIA_TYPES:
        return MEDIA_TYPES[base]
    if base and base not in _SNIFFED and not base.endswith(("+xml", "+json")):
        raise UnsupportedMediaType(f"Mediatype {base!r} is geen RDF-formaat dat wij lezen.")
    return sniff(data)


def sniff(data: bytes) -> ox.RdfFormat:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return ox.RdfFormat.JSON_LD
    if _XML_START.match(head):
        return ox.RdfFormat.RDF_XML
    return ox.RdfFormat.TURTLE  # Turtle reads N-Triples too


def parse_rdf(
    data: bytes, media_type: str | None, base_iri: str | None = None, *, tolerant: bool = False
) -> list[ox.Triple]:
    """All triples of a document (named graphs of JSON-LD/TriG are merged into one graph).

    Strict by default: a body a steward sends with a bad or relative IRI is refused with the
    parser's position. `tolerant=True` is for harvesting (see `_tolerant`)."""
    return triples_of_ntriples(ntriples_of_bytes(data, media_type, base_iri, tolerant=tolerant))


def ntriples_of_bytes(
    data: bytes, media_type: str | None, base_iri: str | None = None, *, tolerant: bool = True
) -> str:
    """Canonical N-Triples text of a document, parsed and written by pyoxigraph without Python
    term objects in between (the fast path of harvesting, hence tolerant by default)."""
    fmt = rdf_format(media_type, data)

    def run(lenient: bool) -> str:
        if fmt.supports_datasets:
            try:  # no named graph (the common case): N-Quads lines are N-Triples, all in Rust
                quads = ox.parse(data, fmt, base_iri=base_iri, lenient=lenient, without_named_graphs=True)
                return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
            except SyntaxError:
                pass  # a named graph, or an error the next parse reports as it always did
            quads = ox.parse(data, fmt, base_iri=base_iri, lenient=lenient)
            return ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES).decode()
        quads = ox.parse(data, fmt, base_iri=base_iri, lenient=lenient)
        # Triple formats yield default-graph quads; N-Quads writes those as N-Triples lines.
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()

    try:
        return _tolerant(run, fmt) if tolerant else _strict(run, fmt)
    except MalformedInput as exc:
        if fmt != ox.RdfFormat.JSON_LD:
            raise
        return _json_ld_fallback(data, base_iri, exc)


def _json_ld_fallback(data: bytes, base_iri: str | None, error: MalformedInput) -> str:
    """pyoxigraph's JSON-LD parser rejects some JSON-LD 1.1 contexts (scoped contexts with
    `@type` maps); rdflib reads them. Only for documents whose contexts are all inline: nothing
    is ever fetched from the network while parsing a body."""
    import rdflib  # only on this rare path: rdflib is ~40x slower than pyoxigraph

    try:
        doc = json.loads(data)
    except ValueError:
        raise error from None
    if _remote_contexts(doc):
        raise MalformedInput(
            "JSON-LD: het document verwijst naar een externe @context "
            f"({_remote_contexts(doc)[0]}); die halen wij niet op. Neem de context op in het document."
        ) from None
    try:
        graph = rdflib.Graph().parse(data=data, format="json-ld", publicID=base_iri)
    except Exception:  # rdflib raises many kinds; the first parser's message is the clearer one
        raise error from None
    # rdflib's N-Triples is not canonical (explicit xsd:string, tag case): let pyoxigraph rewrite it.
    quads = ox.parse(graph.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()


def _remote_contexts(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                values = value if isinstance(value, list) else [value]
                found += [v for v in values if isinstance(v, str)]
            found += _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += _remote_contexts(item)
    return found


def _strict(run: Callable[[bool], T], fmt: ox.RdfFormat) -> T:
    try:
        return run(False)
    except SyntaxError as exc:
        raise MalformedInput(_message(exc, fmt)) from exc
    except ValueError as exc:
        raise MalformedInput(f"{fmt.name}: {exc}") from exc


def _tolerant(run: Callable[[bool], T], fmt: ox.RdfFormat) -> T:
    """Parse strictly; when only an IRI is bad (`[` in a query string, a relative IRI without a
    base) parse again leniently: one sloppy link must not cost a whole catalogue page. Syntax
    errors stay errors, with the parser's line and column."""
    try:
        return run(False)
    except SyntaxError as exc:
        if "IRI" not in str(exc.msg or exc):
            raise MalformedInput(_message(exc, fmt)) from exc
    except ValueError as exc:  # e.g. an invalid base IRI
        raise MalformedInput(f"{fmt.name}: {exc}") from exc
    try:
        return run(True)
    except SyntaxError as exc:
        raise MalformedInput(_message(exc, fmt)) from exc


def ntriples_of_triples(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """N-Triples text of triples (or quads, whose graph is dropped), written by pyoxigraph."""
    items = list(triples) if not isinstance(triples, list) else triples
    if items and isinstance(items[0], ox.Quad):
        items = [q.triple for q in items]
    return ox.serialize(items, format=ox.RdfFormat.N_TRIPLES).decode()


def triples_of_ntriples(text: str) -> list[ox.Triple]:
    """Triples of N-Triples text we wrote ourselves (lenient: a tolerated IRI stays readable)."""
    return [q.triple for q in ox.parse(text, ox.RdfFormat.N_TRIPLES, lenient=True)]


def _message(exc: SyntaxError, fmt: ox.RdfFormat) -> str:
    """The parser's own message, which names line and column (Turtle, N-Triples, RDF/XML)."""
    return f"{fmt.name}: {exc.msg or exc}"


def serialize(triples: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples as Turtle, N-Triples, RDF/XML or (compacted, indented) JSON-LD."""
    base = base_media_type(media_type)
    if base not in WRITABLE:
        raise UnsupportedMediaType(f"Mediatype {base!r} kunnen wij niet schrijven.")
    prefixes = PREFIXES if prefixes is None else prefixes
    if base == JSON_LD:
        return _compact_json_ld(triples, prefixes)
    fmt = MEDIA_TYPES[base]
    return ox.serialize(triples, format=fmt, prefixes=None if fmt == ox.RdfFormat.N_TRIPLES else prefixes)


def _compact_json_ld(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """pyoxigraph writes expanded JSON-LD on one line; readers (and people) want prefixed names,
    `@type` and a `@graph`. Compact IRIs are valid in `@id` values too, so this stays exact."""
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(value: str) -> str:
        for prefix, ns in ordered:
            if value.startswith(ns) and len(value) > len(ns) and ":" not in value[len(ns) :]:
                local = value[len(ns) :]
                if re.fullmatch(r"[A-Za-z_][\w.-]*", local):
                    return f"{prefix}:{local}"
        return value

    def node(obj: dict) -> dict:
        out: dict = {"@id": compact(obj["@id"])}
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        for key, values in obj.items():
            if key == "@id":
                continue
            if key == rdf_type:
                out["@type"] = [compact(v["@id"]) for v in values]
                continue
            out[compact(key)] = [_compact_value(v, compact) for v in values]
        return out

    merged: dict[str, dict] = {}
    for obj in expanded:  # pyoxigraph streams: one subject may come in several node objects
        target = merged.setdefault(obj["@id"], {"@id": obj["@id"]})
        for key, values in obj.items():
            if key != "@id":
                target.setdefault(key, []).extend(v for v in values if v not in target.get(key, []))
    graph = [node(obj) for obj in merged.values()]
    context = {prefix: ns for prefix, ns in prefixes.items()}
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=2).encode()


def _compact_value(value: dict, compact) -> dict:
    if "@id" in value:
        return {"@id": compact(value["@id"])}
    if "@type" in value:
        return {"@value": value["@value"], "@type": compact(value["@type"])}
    return value


_ACCEPT_PART = re.compile(r"^\s*([^\s;/]+)/([^\s;]+)\s*(.*)$")


def negotiate(accept_header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (RFC 9110 §12.5.1), or None (→ 406).

    Each offered type gets the q of the most specific matching range (`type/sub` over `type/*`
    over `*/*`); the highest q > 0 wins, ties go to the order of `offered` (our preference).
    """
    if not offered:
        return None
    if not accept_header or not accept_header.strip():
        return offered[0]
    ranges: list[tuple[str, str, float, int]] = []
    for part in accept_header.split(","):
        m = _ACCEPT_PART.match(part)
        if not m:
            continue
        kind, sub, params = m.group(1).lower(), m.group(2).lower(), m.group(3)
        q = 1.0
        for param in params.split(";"):
            name, _, val = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(val.strip())))
                except ValueError:
                    q = 0.0
        specificity = 0 if kind == "*" else 1 if sub == "*" else 2
        ranges.append((kind, sub, q, specificity))
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for index, media in enumerate(offered):
        kind, _, sub = base_media_type(media).partition("/")
        match: tuple[int, float] | None = None
        for r_kind, r_sub, q, spec in ranges:
            if (r_kind == "*" or r_kind == kind) and (r_sub == "*" or r_sub == sub):
                if match is None or spec > match[0]:
                    match = (spec, q)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], -index)
        if best is None or key > best:
            best, chosen = key, media
    return chosen
