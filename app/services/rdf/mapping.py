"""Records from RDF and RDF from records: the two entry points of the mapping."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from pydantic import ValidationError

from app.errors import InvalidRecord
from app.models.records import DatasetRecord
from app.services.rdf.agent import OrgRef
from app.services.rdf.dataset import OWNED, dataset_lines, read_dataset
from app.services.rdf.formats import ntriples_of_bytes, ntriples_of_triples
from app.services.rdf.graph import NtGraph, canonical_lines, dataset_source
from app.services.rdf.labels import concept_labels
from app.services.rdf.lossless import with_source
from app.services.rdf.terms import DCAT


@dataclass(frozen=True)
class RecordError:
    """One record of a source that could not be mapped; the others go on (harvesters yield these
    beside records, and the run keeps them as HarvestErrors)."""

    identifier: str | None
    message: str


RecordOrError = DatasetRecord | RecordError


def records_from_rdf(
    data: bytes, media_type: str | None, base_iri: str | None = None, *, tolerant: bool = True
) -> list[RecordOrError]:
    """One record (or error) per dcat:Dataset of a document: the harvesting fast path. Tolerant
    of bad IRIs by default (one sloppy link must not cost a page); `tolerant=False` for bodies."""
    return records_from_ntriples(ntriples_of_bytes(data, media_type, base_iri, tolerant=tolerant))


def records_from_triples(triples: Iterable[ox.Triple | ox.Quad]) -> list[RecordOrError]:
    return records_from_ntriples(ntriples_of_triples(triples))


def records_from_ntriples(text: str) -> list[RecordOrError]:
    """Records in a stable order: IRI datasets by IRI, blank-node datasets by their canonical text
    (parsers name blank nodes at random, so their labels cannot order them)."""
    # Mapping allocates many small containers and frees none until the end: the cyclic garbage
    # collector would rescan them all again and again (measured: a third of the time at 10k).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _records(NtGraph.of_text(text))
    finally:
        if paused:
            gc.enable()


def _records(graph: NtGraph) -> list[RecordOrError]:
    keyed: list[tuple[tuple[int, str], RecordOrError]] = []
    for node in dict.fromkeys(graph.subjects_of_type(DCAT["Dataset"])):
        try:
            result = _record(graph, node)
        except ValidationError as exc:
            result = RecordError(_name(node), f"Dataset {_name(node) or '(blank node)'}: {exc}")
        except Exception as exc:  # one odd record must not stop the page; say what broke
            result = RecordError(_name(node), f"Dataset {_name(node) or '(blank node)'}: {type(exc).__name__}: {exc}")
        if node[:1] == "<":
            key = (0, node)
        elif isinstance(result, DatasetRecord):
            key = (1, result.source_ntriples or "")
        else:
            key = (2, result.identifier or result.message)
        keyed.append((key, result))
    keyed.sort(key=lambda item: item[0])
    return [result for _, result in keyed]


def _record(graph: NtGraph, node: str) -> RecordOrError:
    if " " in node:  # only a lenient re-parse lets such an IRI through; its lines cannot be split
        return RecordError(_name(node), f"Dataset-IRI {_name(node)!r} is ongeldig: het bevat een spatie.")
    source, labels = dataset_source(graph, node, OWNED)
    record, _ = read_dataset(graph, node, labels)
    if not record.title:
        name = record.identifier or _name(node)
        return RecordError(name, f"Dataset {name or '(blank node)'} heeft geen dct:title.")
    record.source_ntriples = source
    return record


def _name(node: str) -> str | None:
    return node[1:-1] if node[:1] == "<" else None


def ntriples_of_record(
    record: DatasetRecord,
    *,
    iri: str,
    publisher: OrgRef | None = None,
    creator: OrgRef | None = None,
    catalog_iri: str | None = None,
) -> list[str]:
    """N-Triples lines of one dataset: the mapped description plus its unmapped source triples.
    Blank-node labels are derived from `iri`, so many datasets can be concatenated safely."""
    lines, nodes = dataset_lines(record, iri=iri, publisher=publisher, creator=creator, catalog_iri=catalog_iri)
    lines = with_source(lines, nodes, record, iri)
    lines += concept_labels(lines)
    by_subject: dict[str, dict[str, None]] = {}  # grouped by subject, first-seen order: tidy Turtle
    for line in lines:
        by_subject.setdefault(line[: line.index(" ")], {})[line] = None
    return [line for group in by_subject.values() for line in group]


def triples_of_record(
    record: DatasetRecord,
    *,
    iri: str,
    publisher: OrgRef | None = None,
    creator: OrgRef | None = None,
    catalog_iri: str | None = None,
) -> list[ox.Triple]:
    """The DCAT-AP-NL 3.0 graph of one dataset (typing triples included; see `dataset_lines`)."""
    lines = ntriples_of_record(record, iri=iri, publisher=publisher, creator=creator, catalog_iri=catalog_iri)
    try:
        return [q.triple for q in ox.parse("\n".join(lines), ox.RdfFormat.N_TRIPLES, lenient=True)]
    except SyntaxError as exc:  # a value no IRI check caught; name it rather than fail with a 500
        raise InvalidRecord(f"Dataset {iri} is niet als RDF te schrijven: {exc.msg or exc}") from exc


def canonical_ntriples(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """Canonical N-Triples: one line per triple, sorted, blank nodes named by their content and
    their path from an IRI, so the same graph parsed twice gives byte-identical text."""
    return canonical_lines(ntriples_of_triples(triples).splitlines())
