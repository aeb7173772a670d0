"""A graph as sorted canonical N-Triples lines, indexed by subject; subgraphs; canonical text.

Sorting once (in C) puts each subject's lines together, so a subject's triples are found with
one bisection and its properties are split only when the mapping asks for them.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left

from app.services.rdf.terms import LABELS, A

Props = dict[str, list[str]]


class NtGraph:
    """Read-only view of N-Triples text: `props(subject)` → {predicate: [objects]}."""

    __slots__ = ("lines", "_ranges", "_props", "memo")

    def __init__(self, lines: list[str]) -> None:
        # A graph is a set: a page that repeats a shared node's triples per dataset (a publisher's
        # name 250 times) would otherwise make every record walk all the copies.
        lines = _sorted_unique(lines)
        self.lines = lines
        self._ranges: dict[str, tuple[int, int]] = {}
        self._props: dict[str, Props] = {}
        self.memo: dict[tuple[str, str], object] = {}  # per-graph results of the mapping's readers
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
            predicate, _, obj = line[start:-2].partition(" ")
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


def dataset_source(graph: NtGraph, root: str, owned: frozenset[str]) -> tuple[str, dict[str, str]]:
    """Canonical N-Triples of the subgraph that describes `root`, and the blank-node labels used.

    Which triples: `root`'s own and, recursively, those of the blank nodes it reaches and of the
    IRIs it reaches by an `owned` predicate (distributions, contact points, places…). Any other
    IRI it mentions contributes only its rdf:type and label triples, so a shared node
    (publisher, theme concept) does not drag in the rest of the catalogue, yet the types the
    SHACL range shapes look for travel with the record.

    Blank nodes are renamed by their path and content: a blank dataset is `_:dataset`; any
    other blank node hashes its parent's name, the predicate and its own content (see
    `content_hash`). Equal nodes under different parents stay apart; only truly redundant
    siblings (same parent, predicate and content) merge, which leaves an equivalent graph. A
    blank node reached from two parents takes the name of the first one walked (IRIs in sorted
    order), so trees (all that Turtle `[ ]`, RDF/XML and JSON-LD nesting produce) are exact.

    One walk does both jobs: this is the per-record cost of harvesting.
    """
    ranges = graph._ranges
    labels: dict[str, str] = {}
    content: dict[str, str] = {}
    if root[0] == "_":
        labels[root] = "_:dataset"
    out: list[str] = []
    full: dict[str, None] = {root: None}
    light: dict[str, None] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        me = labels.get(node, node)
        blank_objects: list[tuple[str, str]] = []
        for predicate, objects in graph.props(node).items():
            for obj in objects:
                first = obj[0]
                if first == '"':
                    continue
                if first == "_":
                    blank_objects.append((predicate, obj))
                    if obj not in labels:
                        digest = content_hash(graph, obj, content, frozenset((node,)))
                        labels[obj] = "_:b" + _hash(f"{me} {predicate} {digest}")
                    if obj not in full:
                        full[obj] = None
                        stack.append(obj)
                elif obj in full:
                    continue
                elif predicate in owned and obj in ranges:
                    full[obj] = None
                    stack.append(obj)
                elif obj in ranges:
                    light[obj] = None
        if me is node:  # the node keeps its name: its lines stand, but for those to blank nodes
            out += graph.subject_lines(node)
            for predicate, obj in blank_objects:
                out.remove(f"{node} {predicate} {obj} .")
                out.append(f"{node} {predicate} {labels[obj]} .")
        else:
            get = labels.get
            out += [
                f"{me} {predicate} {get(obj, obj)} ."
                for predicate, objects in graph.props(node).items()
                for obj in objects
            ]
    for node in light:
        if node not in full:
            out += _light_lines(graph, node)
    return canonical_text(out), labels


def _light_lines(graph: NtGraph, node: str) -> list[str]:
    """A node's type and label lines, once per graph: the same publisher and themes come with
    every dataset of a page."""
    key = ("light", node)
    found = graph.memo.get(key)
    if found is None:
        found = graph.memo[key] = []
        start = len(node) + 1
        for line in graph.subject_lines(node):
            predicate, _, obj = line[start:-2].partition(" ")
            if predicate in _LIGHT and obj[:2] != "_:":  # a blank node would be orphaned here
                found.append(line)
    return found  # type: ignore[return-value]


def content_hash(graph: NtGraph, node: str, content: dict[str, str], visiting: frozenset[str]) -> str:
    """Hash of a blank node's triples, child blank nodes standing in by their own hashes."""
    known = content.get(node)
    if known is not None:
        return known
    cut = len(node) + 1
    text = "\n".join([line[cut:-2] for line in graph.subject_lines(node)])  # sorted already
    if "_:" in text:
        parts = []
        for predicate, objects in graph.props(node).items():
            for obj in objects:
                if obj[:2] == "_:":
                    obj = "_:cycle" if obj in visiting else content_hash(graph, obj, content, visiting | {node})
                parts.append(f"{predicate} {obj}")
        parts.sort()
        text = "\n".join(parts)
    digest = _hash(text)
    content[node] = digest
    return digest


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


_LIGHT = LABELS | {A}


def relabel_blank_nodes(
    lines: list[str], roots: list[str], graph: NtGraph | None = None
) -> tuple[list[str], dict[str, str]]:
    """Rename blank nodes by their content and their path from a root, so that the same graph
    parsed twice (when the parser invents fresh labels) gives the same labels.

    A blank node's content hash covers its triples with child blank nodes replaced by their
    hashes; its label hashes its parent's label, the predicate and that content hash. So two
    equal nodes under different parents stay apart, and only truly redundant siblings (same
    parent, predicate and content) merge, which leaves an equivalent graph. `graph`, when given,
    holds the lines already split by subject (saves splitting them again).
    """
    touched = [line for line in lines if "_:" in line]
    if not touched:
        return lines, {}
    if graph is None:
        graph = NtGraph(list(lines))

    content: dict[str, str] = {}

    def node_hash(node: str, visiting: frozenset[str]) -> str:
        return content_hash(graph, node, content, visiting)

    mapping: dict[str, str] = {}
    for root in roots:
        if root[:2] == "_:":  # a blank-node dataset: one root per record, so one fixed name
            mapping[root] = "_:dataset"
    queue = list(roots)
    while queue:
        node = queue.pop(0)
        parent = mapping.get(node, node)
        children = sorted(
            (predicate, node_hash(obj, frozenset({node})), obj)
            for predicate, objects in graph.props(node).items()
            for obj in objects
            if obj[:2] == "_:" and obj not in mapping
        )
        for predicate, digest, obj in children:
            if obj in mapping:
                continue
            label = "_:b" + _hash(f"{parent} {predicate} {digest}")
            mapping[obj] = label
            queue.append(obj)
    relabelled = [line for line in lines if "_:" not in line]
    leftovers: list[str] = []
    for line in touched:
        subject, predicate, obj = _split(line)
        if subject[:2] == "_:" and subject not in mapping or obj[:2] == "_:" and obj not in mapping:
            leftovers.append(line)
            continue
        relabelled.append(f"{mapping.get(subject, subject)} {predicate} {mapping.get(obj, obj)} .")
    if leftovers:  # blank nodes no root reaches (trees of a whole graph): named by content alone
        _name_by_content(leftovers, mapping, node_hash, relabelled)
    return relabelled, mapping


def _name_by_content(leftovers: list[str], mapping: dict[str, str], content_hash, out: list[str]) -> None:
    nodes = {t for line in leftovers for t in _split(line)[::2] if t[:2] == "_:" and t not in mapping}
    taken = set(mapping.values())
    for node in sorted(nodes, key=lambda b: content_hash(b, frozenset())):
        label = "_:c" + content_hash(node, frozenset())
        while label in taken:
            label += "x"
        mapping[node] = label
        taken.add(label)
    for line in leftovers:
        subject, predicate, obj = _split(line)
        out.append(f"{mapping.get(subject, subject)} {predicate} {mapping.get(obj, obj)} .")


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
    unique = _sorted_unique(lines)
    return "\n".join(unique) + "\n" if unique else ""


def _sorted_unique(lines: list[str]) -> list[str]:
    """`sorted(set(lines))` at half the cost: a set's order is random, so sorting it is a full
    sort, whereas the lines as they come are mostly in order (grouped by subject, or sorted
    blocks), which sorting exploits."""
    return list(dict.fromkeys(sorted(lines)))
