"""The vocabularies behind question interpretation: the opgaven thesaurus and the places.

Both are SKOS in Turtle under `vocab/` and are loaded once per process. Labels are kept as
analysed token sequences (folded, stemmed with the search index's analyser), so a question,
a label and a dataset text meet on the same tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDFS, SKOS

from app.services.search.analysis import fold, stem, words

VOCAB_DIR = Path(__file__).resolve().parents[3] / "vocab"
TOOI_PROVINCE = "https://identifier.overheid.nl/tooi/id/provincie/"
TOOI_MUNICIPALITY = "https://identifier.overheid.nl/tooi/id/gemeente/"
NLD = "http://publications.europa.eu/resource/authority/country/NLD"


@lru_cache(maxsize=50_000)
def label_key(text: str) -> tuple[str, ...]:
    """A label or phrase as a tuple of stems: the unit labels are matched on."""
    return tuple(stem(w) for w in words(text))


@dataclass
class Concept:
    iri: str
    pref_nl: str
    pref_en: str | None
    labels: list[tuple[str, str]] = field(default_factory=list)  # (label, lang), pref + alt + hidden
    broader: set[str] = field(default_factory=set)
    narrower: set[str] = field(default_factory=set)
    related: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)

    @property
    def slug(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Thesaurus:
    concepts: dict[str, Concept]
    top: list[str]
    # label key -> concept IRIs carrying that label
    by_key: dict[tuple[str, ...], set[str]]

    def ancestors(self, iri: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.concepts[iri].broader)
        while stack:
            cur = stack.pop()
            if cur in seen or cur not in self.concepts:
                continue
            seen.add(cur)
            stack.extend(self.concepts[cur].broader)
        return seen

    def descendants(self, iri: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.concepts[iri].narrower)
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            stack.extend(self.concepts[cur].narrower)
        return seen

    def opgaven_of(self, iri: str) -> list[str]:
        """The top concepts (opgaven) a concept belongs to, as slugs."""
        if iri in self.top:
            return [self.concepts[iri].slug]
        return sorted(self.concepts[t].slug for t in self.ancestors(iri) if t in self.top)


@dataclass
class Place:
    id: str  # pv25, gm0202, or a region slug
    iri: str
    label: str
    kind: str  # provincie | gemeente | regio | land
    labels: list[str] = field(default_factory=list)
    parents: set[str] = field(default_factory=set)  # ids
    children: set[str] = field(default_factory=set)  # ids

    @property
    def is_province(self) -> bool:
        return self.kind == "provincie"


@dataclass
class Places:
    places: dict[str, Place]
    by_iri: dict[str, str]
    by_key: dict[tuple[str, ...], set[str]]  # folded (unstemmed) word tuple -> place ids
    # The hierarchy does not change once loaded; ranking asks it for every candidate.
    _memo: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False)

    def _cached(self, how: str, place_id: str, compute: Callable[[str], set[str]]) -> frozenset[str]:
        key = (how, place_id)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = frozenset(compute(place_id))
        return found

    def provinces_of(self, place_id: str) -> frozenset[str]:
        """The provinces a place lies in (a province is its own). Direct province parents win,
        so a municipality in a region that spans two provinces still has one province."""
        return self._cached("provinces", place_id, self._provinces_of)

    def _provinces_of(self, place_id: str) -> set[str]:
        place = self.places.get(place_id)
        if place is None:
            return set()
        if place.is_province:
            return {place_id}
        direct = {p for p in place.parents if p in self.places and self.places[p].is_province}
        if direct:
            return direct
        out: set[str] = set()
        for parent in place.parents:
            if parent != place_id:
                out |= self.provinces_of(parent)
        return out

    def ancestors(self, place_id: str) -> frozenset[str]:
        return self._cached("up", place_id, lambda pid: self._walk(pid, "parents"))

    def descendants(self, place_id: str) -> frozenset[str]:
        return self._cached("down", place_id, lambda pid: self._walk(pid, "children"))

    def _walk(self, place_id: str, direction: str) -> set[str]:
        out: set[str] = set()
        stack = list(getattr(self.places[place_id], direction)) if place_id in self.places else []
        while stack:
            cur = stack.pop()
            if cur in out:
                continue
            out.add(cur)
            stack.extend(getattr(self.places[cur], direction) if cur in self.places else [])
        return out

    def first_words(self) -> frozenset[str]:
        """The words place labels start with: a cheap test before looking up word sequences."""
        return self._cached("first-words", "", lambda _: {key[0] for key in self.by_key})

    def lookup_label(self, text: str) -> set[str]:
        return self.by_key.get(place_key(text), set())


def place_key(text: str) -> tuple[str, ...]:
    return tuple(words(text))


def _literals(g: rdflib.Graph, s: rdflib.term.Node, p: rdflib.term.Node) -> list[rdflib.Literal]:
    return [o for o in g.objects(s, p) if isinstance(o, rdflib.Literal)]


@lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    g = rdflib.Graph()
    g.parse(path or VOCAB_DIR / "opgaven.ttl", format="turtle")
    concepts: dict[str, Concept] = {}
    for s in set(g.subjects(rdflib.RDF.type, SKOS.Concept)):
        prefs = _literals(g, s, SKOS.prefLabel)
        nl = next((str(x) for x in prefs if x.language == "nl"), None) or (str(prefs[0]) if prefs else "")
        en = next((str(x) for x in prefs if x.language == "en"), None)
        c = Concept(iri=str(s), pref_nl=nl, pref_en=en)
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            c.labels += [(str(x), x.language or "nl") for x in _literals(g, s, p)]
        c.broader = {str(o) for o in g.objects(s, SKOS.broader)}
        c.narrower = {str(o) for o in g.objects(s, SKOS.narrower)}
        c.related = {str(o) for o in g.objects(s, SKOS.related)} | {str(o) for o in g.subjects(SKOS.related, s)}
        c.themes = {str(o) for o in g.objects(s, SKOS.relatedMatch)}
        concepts[c.iri] = c
    for c in concepts.values():  # broader/narrower are each other's inverse
        for b in c.broader:
            if b in concepts:
                concepts[b].narrower.add(c.iri)
        for n in list(c.narrower):
            if n in concepts:
                concepts[n].broader.add(c.iri)
    top = sorted(str(o) for o in g.objects(None, SKOS.hasTopConcept))
    by_key: dict[tuple[str, ...], set[str]] = {}
    for c in concepts.values():
        for label, _lang in c.labels:
            key = label_key(label)
            if key:
                by_key.setdefault(key, set()).add(c.iri)
    return Thesaurus(concepts=concepts, top=top, by_key=by_key)


@lru_cache(maxsize=4)
def load_places(vocab_dir: str | None = None) -> Places:
    base = Path(vocab_dir) if vocab_dir else VOCAB_DIR
    g = rdflib.Graph()
    g.parse(base / "provinces.ttl", format="turtle")
    g.parse(base / "places.ttl", format="turtle")
    places: dict[str, Place] = {}
    iri_to_id: dict[str, str] = {}

    def ident(s: rdflib.term.Node) -> str:
        iri = str(s)
        if iri.startswith(TOOI_PROVINCE) or iri.startswith(TOOI_MUNICIPALITY):
            return iri.rsplit("/", 1)[-1]
        if iri == NLD:
            return "nl"
        return iri.rstrip("/").rsplit("/", 1)[-1]

    for s in set(g.subjects(rdflib.RDF.type, SKOS.Concept)):
        iri = str(s)
        pid = ident(s)
        if iri.startswith(TOOI_PROVINCE):
            kind = "provincie"
            short = next((str(x) for x in _literals(g, s, RDFS.label)), None)
        else:
            kind = str(next(iter(g.objects(s, DCTERMS.type)), "regio"))
            short = None
        prefs = [x for x in _literals(g, s, SKOS.prefLabel) if x.language in (None, "nl")]
        label = short or (str(prefs[0]) if prefs else pid)
        labels = {label}
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label):
            labels |= {str(x) for x in _literals(g, s, p)}
        # "Bergen (NH)" is also simply "Bergen"
        labels |= {lbl.split(" (")[0] for lbl in labels}
        if kind == "provincie":
            labels |= {lbl.removeprefix("Provincie ").removeprefix("provincie ") for lbl in labels}
        place = Place(id=pid, iri=iri, label=label.split(" (")[0], kind=kind, labels=sorted(labels))
        place.parents = {ident(o) for o in g.objects(s, SKOS.broader)}
        place.children = {ident(o) for o in g.objects(s, SKOS.narrower)}
        places[pid] = place
        iri_to_id[iri] = pid
        for match in g.objects(s, SKOS.exactMatch):
            iri_to_id[str(match)] = pid
    for p in places.values():
        for parent in p.parents:
            if parent in places:
                places[parent].children.add(p.id)
        for child in p.children:
            if child in places:
                places[child].parents.add(p.id)
    by_key: dict[tuple[str, ...], set[str]] = {}
    for p in places.values():
        for lbl in p.labels:
            key = place_key(lbl)
            if key:
                by_key.setdefault(key, set()).add(p.id)
    iri_to_id[NLD] = "nl"
    return Places(places=places, by_iri=iri_to_id, by_key=by_key)


def folded(text: str) -> str:
    return " ".join(words(fold(text)))


def warm() -> None:
    """Load both vocabularies now (at startup), not in the first question's request."""
    load_thesaurus()
    load_places()
