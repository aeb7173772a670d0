"""SPARQL result formats and content negotiation, written row by row so a result can stop at the
row limit (pyoxigraph's own serialisers write the whole result, which would defeat the limit).

Pure functions over pyoxigraph terms; used inside the query worker processes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

# Result forms and the media types each can be written as; the first is the default.
SOLUTION_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
BOOLEAN_TYPES = ["application/sparql-results+json", "application/sparql-results+xml"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                 "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
# Other names clients send for the same formats.
ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
           "text/xml": "application/sparql-results+xml", "text/tsv": "text/tab-separated-values",
           "text/plain": "application/n-triples", "application/x-turtle": "text/turtle",
           "application/xml+rdf": "application/rdf+xml"}
# The `format` parameter for browsers: a short name or a media type.
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
                "ntriples": "application/n-triples", "nt": "application/n-triples",
                "jsonld": "application/ld+json", "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
                "rdf": "application/rdf+xml"}
# For `format=json`/`xml` on a CONSTRUCT: the graph format a browser user means.
GRAPH_EQUIVALENT = {"application/sparql-results+json": "application/ld+json",
                    "application/sparql-results+xml": "application/rdf+xml"}

PREFIXES = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/", "skos": "http://www.w3.org/2004/02/skos/core#",
            "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def negotiate(offered: Sequence[str], accept: str | None, fmt: str | None) -> str | None:
    """The media type to answer with, or None when nothing acceptable can be given (406).

    `fmt` (the browser parameter) wins over Accept; Accept is weighed by q-value, then by order."""
    if fmt:
        wanted = FORMAT_NAMES.get(fmt.lower().strip(), fmt.lower().strip())
        wanted = ALIASES.get(wanted, wanted)
        if wanted not in offered and offered is GRAPH_TYPES:
            wanted = GRAPH_EQUIVALENT.get(wanted, wanted)
        return wanted if wanted in offered else None
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    for _, _, media in sorted(ranges):
        media = ALIASES.get(media, media)
        if media in offered:
            return media
        if media == "*/*" or media == "application/*" and offered is not GRAPH_TYPES:
            return offered[0]
        if media.endswith("/*"):
            hit = next((o for o in offered if o.startswith(media[:-1])), None)
            if hit:
                return hit
    return None


def json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": json_term(term.subject),
                                            "predicate": json_term(term.predicate),
                                            "object": json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv_value(term: object) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_solutions(media: str, variables: list[str], rows: Iterable[Sequence[object]], truncated: bool) -> bytes:
    """Serialise already limited rows (each a sequence of terms or None, in `variables` order)."""
    if media == "application/sparql-results+json":
        bindings = [{v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        # "truncated" first: streaming parsers (oxigraph's) reject members after the bindings.
        doc = {"truncated": truncated, "head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    if media == "application/sparql-results+xml":
        out = io.StringIO()
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        if truncated:
            out.write('<link href="urn:fds:sparql:truncated"/>')
        out.write("</head>\n<results>\n")
        for row in rows:
            out.write("<result>")
            for v, t in zip(variables, row, strict=True):
                if t is not None:
                    out.write(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.write("</result>\n")
        out.write("</results>\n</sparql>\n")
        return out.getvalue().encode()
    if media == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_value(t) for t in row])
        return out.getvalue().encode()
    if media == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(media)


def write_boolean(media: str, value: bool) -> bytes:
    if media == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()


def write_graph(media: str, triples: list, extra_prefixes: dict[str, str] | None = None) -> bytes:
    fmt = GRAPH_FORMATS[media]
    prefixes = {**PREFIXES, **(extra_prefixes or {})} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
