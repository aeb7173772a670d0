"""Lossless output: a record's source triples that the mapping does not produce are added back.

How. The stored `source_ntriples` is read again with the same `read_dataset` that made the
record, which tells which source node held the dataset, its contact point, period, agents,
distributions and bounding boxes. Those nodes are renamed to the nodes `dataset_lines` wrote for
the record (distributions by IRI, else by access/download URL; boxes by their WKT). Then each
source triple is kept unless its subject is one of those nodes and its predicate is one the
record holds for that class: the record is authoritative, so a steward's edit (a removed theme,
a new title) wins. Literal properties keep their languages the record has no field for (a @fr
title, @en keywords). Finally only source triples still reachable from the dataset are kept,
so a removed distribution or theme does not linger as an orphan.
"""

from __future__ import annotations

from app.models.records import DatasetRecord
from app.services.rdf import agent, contact, dataset, distribution, period
from app.services.rdf.dataset import LOCATION_PREDICATES, Nodes, read_dataset
from app.services.rdf.graph import NtGraph, _split
from app.services.rdf.terms import DCAT, A, is_bnode, is_literal, language_group, literal_parts
from app.services.rdf.values import blank_node

_CLASSES: dict[str, tuple[frozenset[str], dict[str, tuple[str, ...]]]] = {
    "dataset": (dataset.PREDICATES, dataset.TEXTS),
    "distribution": (distribution.PREDICATES, distribution.TEXTS),
    "contact": (contact.PREDICATES, contact.TEXTS),
    "period": (period.PREDICATES, {}),
    "agent": (agent.PREDICATES, agent.TEXTS),
    "location": (LOCATION_PREDICATES, {}),
}


def source_root(graph: NtGraph, record: DatasetRecord) -> str | None:
    if record.iri and graph.subject_lines(f"<{record.iri}>"):
        return f"<{record.iri}>"
    if graph.subject_lines("_:dataset"):
        return "_:dataset"
    candidates = graph.subjects_of_type(DCAT["Dataset"])
    return max(candidates, key=lambda s: len(graph.subject_lines(s)), default=None)


def with_source(out_lines: list[str], out: Nodes, record: DatasetRecord, iri: str) -> list[str]:
    """`out_lines` plus the unmapped source triples of `record` (see the module docstring)."""
    if not record.source_ntriples:
        return out_lines
    graph = NtGraph.of_text(record.source_ntriples)
    root = source_root(graph, record)
    if root is None:
        return out_lines
    source_record, src = read_dataset(graph, root)
    rename, kind = _correspondence(src, source_record, out, record)

    produced = set(out_lines)
    out_texts: dict[tuple[str, str], set[str]] = {}
    for line in out_lines:
        s, p, o = _split(line)
        if is_literal(o):
            out_texts.setdefault((s, p), set()).add(literal_parts(o)[0])

    kept: list[str] = []
    for line in graph.lines:
        s, p, o = _split(line)
        s, o = rename.get(s, s), rename.get(o, o)
        node_kind = kind.get(s)
        if node_kind and p != A:
            predicates, texts = _CLASSES[node_kind]
            if p in predicates:
                groups = texts.get(p)
                if not (groups and is_literal(o)):
                    continue
                value, lang, _ = literal_parts(o)
                if language_group(lang) in groups or value in out_texts.get((s, p), ()):
                    continue
        if is_bnode(s) and s not in kind:
            s = blank_node(iri, "source", s)
        if is_bnode(o) and o not in kind:
            o = blank_node(iri, "source", o)
        text = f"{s} {p} {o} ."
        if text not in produced:
            kept.append(text)
    return out_lines + _reachable(out.dataset, out_lines, kept)


def _correspondence(
    src: Nodes, source_record: DatasetRecord, out: Nodes, record: DatasetRecord
) -> tuple[dict[str, str], dict[str, str]]:
    """Source node → output node, and output node → class of the mapping that wrote it."""
    rename: dict[str, str] = {src.dataset: out.dataset}
    kind: dict[str, str] = {out.dataset: "dataset"}
    for source_node, out_node, name in (
        (src.contact, out.contact, "contact"),
        (src.temporal, out.temporal, "period"),
        (src.publisher, out.publisher, "agent"),
        (src.creator, out.creator, "agent"),
    ):
        if source_node and out_node and not is_literal(source_node):
            rename[source_node] = out_node
            kind[out_node] = name
    for out_node in out.distributions:
        kind[out_node] = "distribution"
    free = [i for i, d in enumerate(record.distributions) if not d.iri]
    for node, dist in zip(src.distributions, source_record.distributions, strict=True):
        if node in kind:
            continue
        for i in free:
            mine = record.distributions[i]
            if (mine.access_url, mine.download_url) == (dist.access_url, dist.download_url):
                rename[node] = out.distributions[i]
                free.remove(i)
                break
    for value, node in src.spatial.items():
        if is_bnode(node) and value in out.spatial and is_bnode(out.spatial[value]):
            rename[node] = out.spatial[value]
            kind[out.spatial[value]] = "location"
    return rename, kind


def _reachable(root: str, out_lines: list[str], kept: list[str]) -> list[str]:
    edges: dict[str, list[str]] = {}
    for line in out_lines + kept:
        s, _, o = _split(line)
        if not is_literal(o):
            edges.setdefault(s, []).append(o)
    seen = {root}
    stack = [root]
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return [line for line in kept if line.split(" ", 1)[0] in seen]
