"""skos:prefLabel for the concepts a dataset names: DCAT-AP's Category shape requires one on every
skos:Concept, and there is no inference to fetch it from the code list."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pyoxigraph as ox

from app.services.rdf.terms import SKOS, A, literal
from app.services.rdf.values import triple

VOCABULARIES = ("themes.ttl", "access-rights.ttl")
_CONCEPT_SUFFIX = f" {A} {SKOS['Concept']} ."
_PREF_LABEL = SKOS["prefLabel"]


@cache
def _vocabulary_labels() -> dict[str, tuple[str, ...]]:
    """Concept term → its prefLabel terms, from the EU code lists shipped in `vocab/`."""
    labels: dict[str, list[str]] = {}
    for name in VOCABULARIES:
        try:
            data = resources.files("vocab").joinpath(name).read_bytes()
        except (FileNotFoundError, ModuleNotFoundError):
            continue
        text = ox.serialize(ox.parse(data, ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_QUADS).decode()
        for line in text.splitlines():
            subject, predicate, obj = line.split(" ", 2)
            if predicate == _PREF_LABEL:
                labels.setdefault(subject, []).append(obj[:-2])
    return {k: tuple(v) for k, v in labels.items()}


def concept_labels(lines: list[str]) -> list[str]:
    """Label lines for concepts without any prefLabel: the code list's labels, else the code."""
    concepts = [line[: -len(_CONCEPT_SUFFIX)] for line in lines if line.endswith(_CONCEPT_SUFFIX)]
    if not concepts:
        return []
    labelled = {line.split(" ", 1)[0] for line in lines if f" {_PREF_LABEL} " in line}
    out: list[str] = []
    for concept in dict.fromkeys(concepts):
        if concept in labelled or concept[:1] != "<":
            continue
        known = _vocabulary_labels().get(concept)
        values = known or (literal(concept[1:-1].rstrip("/").rsplit("/", 1)[-1]),)
        out += [triple(concept, _PREF_LABEL, value) for value in values]
    return out
