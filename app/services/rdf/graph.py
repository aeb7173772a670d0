"""A graph as sorted canonical N-Triples lines, indexed by subject; subgraphs; canonical text.

Sorting once (in C) puts each subject's lines together, so a subject's triples are found with
one bisection and its properties are split only when the mapping asks for them.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left

from app.services.rdf.terms import LABELS, A, is_bnode, is_iri

Props = dict[str, list[str]]


class NtGraph:
    """Read-only view of N-Triples text: `props(subject)` → {predicate: [objects]}."""

    __slots__ = ("lines", "_ranges", "_props")

    def __init__(self, lines: list[str]) -> None:
        lines.sort()
        self.lines = lines
        self._ranges: dict[str, tuple[int, int]] = {}
        self._props: dict[str, Props] = {}
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            cut = line.find(" ")
            if cut <= 0:  # not a triple line (empty text); skip it
                i += 1
                continue
            subject = line[:cut]
            j = bisect_left(lines, subject + "!", i)  # "!" follows " ": end of `subject ` prefix
            self._ranges[subject] = (i, j)
            i = j

    @classmethod
    def of_text(cls, text: str) -> NtGraph:
        return cls(text.splitlines())

    def subjects(self) -> list[str]:
        return list(self._ranges)

    def subject_lines(self, subject: str) -> list[str]:
        span = self._ranges.get(subject)
        return self.lines[span[0] : span[1]] if span else []

    def props(self, subject: str) -> Props:
        cached = self._props.get(subject)
        if cached is not None:
            return cached
        props: Props = {}
        start = len(subject) + 1
        for line in self.subject_lines(subject):
            predicate, obj = line[start:-2].split(" ", 1)
            values = props.get(predicate)
            if values is None:
                props[predicate] = [obj]
            else:
                values.append(obj)
        self._props[subject] = props
        return props

    def subjects_of_type(self, rdf_class: str) -> list[str]:
        suffix = f" {A} {rdf_class} ."
        return [line[: -len(suffix)] for line in self.lines if line.endswith(suffix)]

    def first(self, subject: str, predicate: str) -> str | None:
        values = self.props(subject).get(predicate)
        return values[0] if values else None


def subgraph(graph: NtGraph, root: str, owned: frozenset[str]) -> tuple[list[str], set[str]]:
    """The lines describing `root`: its own triples and, recursively, those of the blank nodes it
    reaches and of the IRIs it reaches by an `owned` predicate (distributions, contact points,
    places…). Every other IRI it mentions contributes only its rdf:type and label triples, so a
    shared node (publisher, theme concept) does not drag in the rest of the catalogue.

    Returns the lines and the set of fully described nodes.
    """
    lines: list[str] = []
    full: set[str] = {root}
    light: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        for predicate, objects in graph.props(node).items():
            for obj in objects:
                if obj in full:
                    continue
                if is_bnode(obj) or (is_iri(obj) and predicate in owned and obj in graph._ranges):
                    full.add(obj)
                    stack.append(obj)
                elif is_iri(obj):
                    light.add(obj)
        lines.extend(graph.subject_lines(node))
    for node in light - full:
        props = graph.props(node)
        if not props:
            continue
        start = len(node) + 1
        lines.extend(
            line for line in graph.subject_lines(node) if line[start:].split(" ", 1)[0] in _LIGHT
        )
    return lines, full


_LIGHT = LABELS | {A}


def relabel_blank_nodes(lines: list[str], roots: list[str]) -> tuple[list[str], dict[str, str]]:
    """Rename blank nodes by their content and their path from a root, so that the same graph
    parsed twice (when the parser invents fresh labels) gives the same labels.

    A blank node's content hash covers its triples with child blank nodes replaced by their
    hashes; its label hashes its parent's label, the predicate and that content hash. So two
    equal nodes under different parents stay apart, and only truly redundant siblings (same
    parent, predicate and content) merge, which leaves an equivalent graph.
    """
    if "_:" not in "".join(lines):
        return lines, {}
    out_edges: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        subject, predicate, obj = _split(line)
        out_edges.setdefault(subject, []).append((predicate, obj))

    content: dict[str, str] = {}

    def content_hash(node: str, visiting: frozenset[str]) -> str:
        known = content.get(node)
        if known is not None:
            return known
        parts = []
        for predicate, obj in out_edges.get(node, ()):
            if is_bnode(obj):
                obj = "_:cycle" if obj in visiting else content_hash(obj, visiting | {node})
            parts.append(f"{predicate} {obj}")
        parts.sort()
        digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()
        content[node] = digest
        return digest

    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for root in roots:
        if is_bnode(root):  # a blank-node dataset: one root per record, so one fixed name
            mapping[root] = "_:dataset"
            taken.add("_:dataset")
    queue = list(roots)
    while queue:
        node = queue.pop(0)
        parent = mapping.get(node, node)
        children = sorted(
            (predicate, content_hash(obj, frozenset({node})), obj)
            for predicate, obj in out_edges.get(node, ())
            if is_bnode(obj) and obj not in mapping
        )
        for predicate, digest, obj in children:
            if obj in mapping:
                continue
            label = "_:b" + hashlib.blake2b(f"{parent} {predicate} {digest}".encode(), digest_size=8).hexdigest()
            mapping[obj] = label
            taken.add(label)
            queue.append(obj)
    # Blank nodes no root reaches (blank-node trees of a whole graph): by content alone.
    for node in sorted(out_edges, key=lambda b: content_hash(b, frozenset())):
        if is_bnode(node) and node not in mapping:
            label = "_:c" + content_hash(node, frozenset())
            while label in taken:
                label += "x"
            mapping[node] = label
            taken.add(label)
    relabelled = []
    for line in lines:
        subject, predicate, obj = _split(line)
        relabelled.append(f"{mapping.get(subject, subject)} {predicate} {mapping.get(obj, obj)} .")
    return relabelled, mapping


def _split(line: str) -> tuple[str, str, str]:
    subject, predicate, obj = line.split(" ", 2)
    return subject, predicate, obj[:-2]


def canonical_lines(lines: list[str]) -> str:
    """Canonical N-Triples of arbitrary lines: blank nodes reached from IRIs are named by their
    path, the rest by content (equal, unconnected blank-node trees are indistinguishable)."""
    subjects = sorted({line.split(" ", 1)[0] for line in lines if line[:1] == "<"})
    relabelled, _ = relabel_blank_nodes(lines, subjects)
    return canonical_text(relabelled)


def canonical_text(lines: list[str]) -> str:
    """Sorted, de-duplicated lines, one per triple, newline-terminated."""
    unique = sorted(set(lines))
    return "\n".join(unique) + "\n" if unique else ""
