"""SHACL validation against the official DCAT-AP 3.0.1 and DCAT-AP-NL 3.0 shapes.

The shapes (vocab/shapes/, see its README) are parsed and merged into one graph once per process;
validating one record then takes tens of milliseconds. We use the `split-*` DCAT-AP files, not the
monolithic `dcat-ap-SHACL.ttl`, whose dangling references make pyshacl abort (STANDARDS.md §1).
Each result becomes a `Finding` in plain Dutch and English, attributed to the dataset it is about.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from app.errors import CatalogError
from app.services import shacl_messages as wording
from app.services.shacl_messages import CLASS_LABELS, PATH_LABELS, PROBLEM_OF_COMPONENT, WRONG_VALUE, curie

SHAPES_DIR = Path(__file__).resolve().parents[2] / "vocab" / "shapes"
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

DCAT_AP, DCAT_AP_NL = "DCAT-AP 3.0.1", "DCAT-AP-NL 3.0"
# (file, profile): mandatory rules (sh:Violation) and recommended ones (sh:Warning).
SHAPE_FILES = [
    ("split-shapes.ttl", DCAT_AP),
    ("split-range.ttl", DCAT_AP),
    ("dcat-ap-nl-SHACL.ttl", DCAT_AP_NL),
    ("dcat-ap-nl-SHACL-klassebereik.ttl", DCAT_AP_NL),
    ("dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl", DCAT_AP_NL),
    ("split-shapes_recommended.ttl", DCAT_AP),
    ("dcat-ap-nl-SHACL-aanbevolen.ttl", DCAT_AP_NL),
]
LABEL_FILE = "dcat-ap-nl-LBL.ttl"
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
# When a node has several types, the first listed here names it in messages.
CLASS_ORDER = ["dcat:Catalog", "dcat:Dataset", "dcat:DatasetSeries", "dcat:DataService", "dcat:Distribution",
               "dcat:CatalogRecord", "foaf:Agent", "vcard:Kind", "dct:LicenseDocument"]
# Parameters of the constraint components, shown in messages ("at least 1", "typed skos:Concept").
PARAMETER_OF = {
    "MinCountConstraintComponent": SH.minCount,
    "MaxCountConstraintComponent": SH.maxCount,
    "ClassConstraintComponent": SH["class"],
    "NodeKindConstraintComponent": SH.nodeKind,
    "DatatypeConstraintComponent": SH.datatype,
}


@dataclass(frozen=True)
class Finding:
    """One SHACL result, worded for a steward."""

    severity: str  # violation | warning | info
    dataset: str | None  # IRI of the dataset it concerns (None: the catalogue or an unattached node)
    focus_node: str
    focus_class: str
    path: str  # CURIE, e.g. dcat:theme
    property_nl: str
    property_en: str
    problem: str  # missing | tooMany | wrongType | wrongValue
    value: str | None
    message_nl: str
    message_en: str
    fix_nl: str
    fix_en: str
    profile: str
    constraint: str

    def as_json(self) -> dict:
        return {
            "severity": self.severity, "dataset": self.dataset, "focusNode": self.focus_node,
            "focusClass": self.focus_class, "path": self.path,
            "property": {"nl": self.property_nl, "en": self.property_en}, "problem": self.problem,
            "value": self.value, "message": {"nl": self.message_nl, "en": self.message_en},
            "fix": {"nl": self.fix_nl, "en": self.fix_en}, "profile": self.profile,
            "constraint": self.constraint,
        }

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        return cls(
            severity=data["severity"], dataset=data.get("dataset"), focus_node=data["focusNode"],
            focus_class=data["focusClass"], path=data["path"], property_nl=data["property"]["nl"],
            property_en=data["property"]["en"], problem=data["problem"], value=data.get("value"),
            message_nl=data["message"]["nl"], message_en=data["message"]["en"], fix_nl=data["fix"]["nl"],
            fix_en=data["fix"]["en"], profile=data["profile"], constraint=data["constraint"],
        )


@dataclass
class Report:
    findings: list[Finding]
    datasets: list[str] = field(default_factory=list)  # dataset IRIs found in the data, in order
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        """Warnings (recommended properties) do not break conformance; violations do."""
        return not self.violations

    def for_dataset(self, iri: str) -> list[Finding]:
        return [f for f in self.findings if f.dataset == iri]

    def as_json(self) -> dict:
        per_dataset = []
        for iri in self.datasets:
            mine = self.for_dataset(iri)
            violations = [f.as_json() for f in mine if f.severity == "violation"]
            per_dataset.append({
                "dataset": iri, "title": self.titles.get(iri), "conforms": not violations,
                "violations": violations,
                "warnings": [f.as_json() for f in mine if f.severity != "violation"],
            })
        return {
            "conforms": self.conforms,
            "violationCount": len(self.violations),
            "warningCount": len(self.warnings),
            "datasets": per_dataset,
            "violations": [f.as_json() for f in self.violations],
            "warnings": [f.as_json() for f in self.warnings],
        }


@dataclass(frozen=True)
class Shapes:
    graph: Graph
    profile_of: dict[Node, str]  # shape node -> profile it came from
    class_of: dict[Node, str]  # property shape -> CURIE of its node shape's target class
    labels: dict[tuple[str, str], tuple[str, str]]  # (class CURIE, path CURIE) -> (nl, en)
    class_labels: dict[str, tuple[str, str]]


@cache
def shapes() -> Shapes:
    """Parse and merge the shape files once; later calls reuse the same graph."""
    merged, profile_of, class_of = Graph(), {}, {}
    for name, profile in SHAPE_FILES:
        part = Graph().parse(SHAPES_DIR / name, format="turtle")
        for node in set(part.subjects(SH.path, None)) | set(part.subjects(SH.targetClass, None)):
            profile_of.setdefault(node, profile)
        merged += part
    for node_shape, target in merged.subject_objects(SH.targetClass):
        for prop in merged.objects(node_shape, SH.property):
            class_of.setdefault(prop, curie(str(target)))
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    class_labels = dict(CLASS_LABELS)
    lbl = Graph().parse(SHAPES_DIR / LABEL_FILE, format="turtle")
    for node_shape, target in lbl.subject_objects(SH.targetClass):
        cls = curie(str(target))
        pair = _pair(lbl, node_shape)
        if pair:
            class_labels[cls] = pair
        for prop in lbl.objects(node_shape, SH.property):
            path, pair = lbl.value(prop, SH.path), _pair(lbl, prop)
            if path is not None and pair:
                labels[(cls, curie(str(path)))] = pair
    return Shapes(merged, profile_of, class_of, labels, class_labels)


def _pair(g: Graph, node: Node) -> tuple[str, str] | None:
    by_lang = {lit.language: str(lit) for lit in g.objects(node, RDFS_LABEL) if isinstance(lit, Literal)}
    if "nl" in by_lang or "en" in by_lang:
        return by_lang.get("nl", by_lang.get("en", "")), by_lang.get("en", by_lang.get("nl", ""))
    return None


_lock = threading.Lock()


def validate_graph(data: Graph) -> Report:
    """Validate a data graph against all shapes; findings attributed to the datasets they concern."""
    lib = shapes()
    try:
        # pyshacl keeps per-call state on the shared shapes graph's wrappers; one call at a time.
        with _lock:
            _conforms, results, _text = pyshacl_validate(
                data, shacl_graph=lib.graph, inference="none", advanced=False, allow_warnings=True
            )
    except Exception as exc:  # pyshacl reports broken input as runtime errors
        raise CatalogError(f"SHACL-validatie mislukt: {exc}") from exc
    owners = _dataset_owners(data)
    findings: dict[tuple, Finding] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        for finding in _findings_of(results, result, data, lib, owners):
            key = (finding.dataset, finding.focus_node, finding.path, finding.constraint, finding.value,
                   finding.severity)
            findings.setdefault(key, finding)
    # A recommended-property warning that repeats a mandatory-property violation adds nothing.
    mandatory = {(f.dataset, f.focus_node, f.path) for f in findings.values()
                 if f.severity == "violation" and f.problem == wording.MISSING}
    findings = {k: f for k, f in findings.items() if f.severity == "violation"
                or f.problem != wording.MISSING or (f.dataset, f.focus_node, f.path) not in mandatory}
    ordered = sorted(findings.values(), key=lambda f: (
        f.severity != "violation", f.dataset or "", _rank(f.focus_class), f.focus_node, f.path, f.constraint))
    datasets = sorted(str(d) for d in data.subjects(RDF.type, DCAT.Dataset) if isinstance(d, URIRef | BNode))
    titles = {}
    for iri in datasets:
        node = URIRef(iri) if not iri.startswith("_:") else BNode(iri[2:])
        title = _best_literal(data, node, URIRef("http://purl.org/dc/terms/title"))
        if title:
            titles[iri] = title
    return Report(ordered, datasets, titles)


def _rank(cls: str) -> int:
    return CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER)


def _findings_of(results: Graph, result: Node, data: Graph, lib: Shapes,
                 owners: dict[Node, set[str]]) -> list[Finding]:
    focus = results.value(result, SH.focusNode)
    shape = results.value(result, SH.sourceShape)
    component_iri = str(results.value(result, SH.sourceConstraintComponent) or "")
    component = component_iri.rsplit("#", 1)[-1]
    path_node = results.value(result, SH.resultPath)
    path = curie(str(path_node)) if isinstance(path_node, URIRef) else "(pad)"
    value_node = results.value(result, SH.value)
    severity = SEVERITY.get(results.value(result, SH.resultSeverity), "violation")
    focus_class = lib.class_of.get(shape) or _class_in_data(data, focus)
    class_nl, class_en = lib.class_labels.get(focus_class, (focus_class, focus_class))
    prop_nl, prop_en = lib.labels.get((focus_class, path)) or PATH_LABELS.get(path) or (path, path)
    parameter_node = lib.graph.value(shape, PARAMETER_OF[component]) if component in PARAMETER_OF else None
    parameter = None
    if parameter_node is not None:
        parameter = curie(str(parameter_node)) if isinstance(parameter_node, URIRef) else str(parameter_node)
    value = _show(value_node)
    problem = PROBLEM_OF_COMPONENT.get(component, WRONG_VALUE)
    words = wording.word(problem=problem, component=component, severity=severity, class_nl=class_nl,
                         class_en=class_en, path=path, prop_nl=prop_nl, prop_en=prop_en, value=value,
                         parameter=parameter)
    base = dict(
        severity=severity, focus_node=_show(focus) or "", focus_class=focus_class, path=path,
        property_nl=prop_nl, property_en=prop_en, problem=problem, value=value,
        message_nl=words.message_nl, message_en=words.message_en, fix_nl=words.fix_nl, fix_en=words.fix_en,
        profile=lib.profile_of.get(shape, DCAT_AP), constraint=component,
    )
    datasets = sorted(owners.get(focus, set())) or [None]
    return [Finding(dataset=d, **base) for d in datasets]


def _class_in_data(data: Graph, node: Node | None) -> str:
    types = [curie(str(t)) for t in data.objects(node, RDF.type)] if node is not None else []
    for cls in CLASS_ORDER:
        if cls in types:
            return cls
    return types[0] if types else "rdfs:Resource"


def _show(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _best_literal(g: Graph, node: Node, prop: URIRef) -> str | None:
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal)]
    values.sort(key=lambda lit: (lit.language != "nl", lit.language is not None, str(lit)))
    return str(values[0]) if values else None


def _dataset_owners(data: Graph, depth: int = 3) -> dict[Node, set[str]]:
    """Which datasets each node belongs to: the dataset itself and what it links to (its
    distributions, contact point, publisher, licence documents …), not through other datasets."""
    stop = set(data.subjects(RDF.type, DCAT.Dataset)) | set(data.subjects(RDF.type, DCAT.Catalog))
    owners: dict[Node, set[str]] = defaultdict(set)
    for dataset in data.subjects(RDF.type, DCAT.Dataset):
        name = _show(dataset) or ""
        frontier, seen = [dataset], {dataset}
        owners[dataset].add(name)
        for _ in range(depth):
            nxt = []
            for node in frontier:
                for obj in data.objects(node, None):
                    if isinstance(obj, Literal) or obj in seen or obj in stop:
                        continue
                    seen.add(obj)
                    owners[obj].add(name)
                    nxt.append(obj)
            frontier = nxt
    return owners
