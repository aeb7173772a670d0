"""Re-ranking candidates for a question, with an explanation per result and a calibrated gap flag.

A question becomes *aspects*: each thesaurus concept it names (expanded to its labels, narrower
concepts and, weakly, related ones) and each remaining content word. A dataset scores per aspect
by where the evidence sits (title > keywords > description; a compound part counts less). Its
topical score mixes its best aspect (a "ruimtelijke puzzel" is answered by several datasets, one
layer each) with its coverage of all aspects; place coverage, recency and metadata quality then
scale it. The list covers every aspect asked about (xQuAD-style selection), results below the
relevance threshold are dropped, and `gap` is set when the best results leave the question's
information need uncovered.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from app.services.vraagsturing.documents import Doc
from app.services.vraagsturing.interpret import Interpretation
from app.services.vraagsturing.series import near_duplicates, same_family
from app.services.vraagsturing.vocab import Places, Thesaurus, label_key

FIELD_WEIGHT = {"title": 1.0, "keyword": 0.95, "description": 0.7}
PARTIAL = 0.75  # evidence from a compound part or affix
RELATED = 0.5  # a related concept's label
NARROWER = 0.9
TOP_CONCEPT = 0.6  # an opgave itself ("water", "energie") is a weak aspect

# Calibration (see bench/RESULTS.md): a result needs this much topical evidence to be shown;
# below GAP_TOPICAL for the best result, or GAP_COVERAGE for the union of the top results, the
# question counts as not answered.
MIN_TOPICAL = 0.40
RELATIVE_CUTOFF = 0.45
GAP_TOPICAL = 0.55
GAP_COVERAGE = 0.62

SERIES_DECAY = 0.5  # per member of the same title series and area already in the list
FAMILY_DECAY = 0.8  # per member of the same title series for another area (provinces' layers of one kind)

PLACE_EXACT, PLACE_CONTAINS, PLACE_INSIDE, PLACE_NATIONAL, PLACE_SAME_PROVINCE, PLACE_ELSEWHERE = (
    1.0, 0.95, 0.9, 0.78, 0.6, 0.12)


@dataclass
class Term:
    key: tuple[str, ...]
    label: str
    weight: float


@dataclass
class Aspect:
    name: str  # concept label or the word
    kind: str  # concept | word
    weight: float
    terms: list[Term]
    iri: str | None = None
    opgaven: list[str] = field(default_factory=list)
    themes: set[str] = field(default_factory=set)
    by_first: dict[str, list[tuple[int, Term]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Terms by their first stem, so a dataset is matched by intersecting its stems with
        these keys (C-speed set work) instead of testing each of a concept's hundreds of labels."""
        for i, t in enumerate(self.terms):
            self.by_first.setdefault(t.key[0], []).append((i, t))
        self.first_keys = frozenset(self.by_first)


@dataclass
class Evidence:
    score: float
    term: str
    where: str


@dataclass
class Scored:
    doc: Doc
    topical: float
    place: float
    final: float
    evidence: dict[int, Evidence]
    place_note: str | None
    recency_note: str | None
    series_note: str | None = None


def aspects_of(interp: Interpretation, thesaurus: Thesaurus, df: dict[str, int], n_docs: int) -> list[Aspect]:
    hits = [c.iri for c in interp.concepts]
    implied = set().union(*(thesaurus.ancestors(i) for i in hits)) if hits else set()
    out: list[Aspect] = []
    for hit in interp.concepts:
        if hit.iri in implied:  # "zoet water" next to "droogte": the narrower concept says it
            continue
        c = thesaurus.concepts[hit.iri]
        terms: dict[tuple[str, ...], Term] = {}

        def add(concept_iri: str, weight: float, terms: dict = terms) -> None:
            for label, _lang in thesaurus.concepts[concept_iri].labels:
                key = label_key(label)
                if key and (key not in terms or terms[key].weight < weight):
                    terms[key] = Term(key, label, weight)

        for rel in c.related:
            if rel in thesaurus.concepts:
                add(rel, RELATED)
        for nar in thesaurus.descendants(hit.iri):
            add(nar, NARROWER)
        add(hit.iri, 1.0)
        weight = hit.strength * (TOP_CONCEPT if hit.iri in thesaurus.top else 1.0)
        out.append(Aspect(name=hit.label, kind="concept", weight=weight, terms=list(terms.values()),
                          iri=hit.iri, opgaven=hit.opgaven, themes=c.themes))
    for f in interp.free:
        d = df.get(f.stem, 0)
        if d == 0:
            weight = 0.6  # nowhere in the catalogue: perhaps the very thing that is missing
        else:
            idf = math.log(1 + n_docs / d)
            weight = min(1.0, 0.25 + 0.75 * idf / math.log(1 + max(n_docs, 2)))
        terms_w = [Term((f.stem,), f.word, 1.0)] + [Term((p,), p, 0.6) for p in f.parts if len(p) >= 4]
        out.append(Aspect(name=f.word, kind="word", weight=weight, terms=terms_w))
    return out


def evidence_for(aspect: Aspect, doc: Doc) -> Evidence | None:
    """The aspect's best term in the dataset's best field; ties go to the earlier term, then
    the earlier field, so explanations do not depend on set order."""
    best: tuple[float, int, int, Term, str] | None = None
    for f_order, (fname, fw) in enumerate(FIELD_WEIGHT.items()):
        keys = doc.fields[fname]
        for first in aspect.first_keys.intersection(keys):
            for t_order, term in aspect.by_first[first]:
                found = [keys.get(k) for k in term.key]
                if None in found:
                    continue
                sc = fw * term.weight * (1.0 if all(found) else PARTIAL)
                if best is None or (sc, -t_order, -f_order) > (best[0], -best[1], -best[2]):
                    best = (sc, t_order, f_order, term, fname)
    return Evidence(best[0], best[3].label, best[4]) if best else None


def place_factor(doc: Doc, interp: Interpretation, places: Places) -> tuple[float, str | None]:
    asked = [p.id for p in interp.places if p.id != "nl"]
    if not asked:
        if doc.national:
            return 1.0, "national dataset"
        where = ", ".join(places.places[c].label for c in doc.covers if c in places.places)
        return 0.92, (f"covers {where}" if where else None)
    best, note = PLACE_ELSEWHERE, None
    for pid in asked:
        target = places.places[pid]
        up = places.ancestors(pid)
        down = places.descendants(pid)
        provinces = places.provinces_of(pid)
        for cid, how in doc.covers.items():
            if cid.startswith("~"):  # an unnamed area inside a province
                score = PLACE_INSIDE if cid[1:] == pid else (PLACE_SAME_PROVINCE if cid[1:] in provinces else 0)
            elif cid == pid:
                score = PLACE_EXACT
            elif cid in up:
                score = PLACE_CONTAINS
            elif cid in down:
                score = PLACE_INSIDE
            elif places.provinces_of(cid) & provinces:
                score = PLACE_SAME_PROVINCE
            else:
                score = 0
            if score > best:
                best, note = score, f"covers {target.label} ({how})"
        if doc.national and PLACE_NATIONAL > best:
            best, note = PLACE_NATIONAL, f"national dataset, covers {target.label}"
    return best, note


def recency_factor(doc: Doc, interp: Interpretation) -> tuple[float, str | None]:
    updated = doc.modified[:7] if doc.modified else None
    note = f"updated {updated}" if updated else None
    period = interp.period or {}
    start = period.get("start")
    last = max(filter(None, [doc.modified, doc.temporal_end]), default=None)
    if start and last and last < start:
        return 0.85, f"updated {updated}, before the asked period ({period.get('text')})"
    return 1.0, note


def score(doc: Doc, aspects: list[Aspect], interp: Interpretation, places: Places) -> Scored:
    evidence = {i: e for i, a in enumerate(aspects) if (e := evidence_for(a, doc))}
    total_w = sum(a.weight for a in aspects) or 1.0
    max_w = max((a.weight for a in aspects), default=1.0)
    best = max((aspects[i].weight * e.score for i, e in evidence.items()), default=0.0) / max_w
    cover = sum(aspects[i].weight * e.score for i, e in evidence.items()) / total_w
    topical = 0.6 * best + 0.4 * cover
    asked_themes = set().union(*(a.themes for i, a in enumerate(aspects) if i in evidence)) if evidence else set()
    if asked_themes & set(doc.themes):
        topical = min(1.0, topical + 0.03)
    place, place_note = place_factor(doc, interp, places)
    recency, recency_note = recency_factor(doc, interp)
    final = topical * place * recency * (0.9 + 0.1 * doc.quality)
    return Scored(doc, topical, place, final, evidence, place_note, recency_note)


def select(scored: list[Scored], aspects: list[Aspect], limit: int,
           asked: frozenset[str] = frozenset()) -> list[Scored]:
    """Best first, but when the question has several concept aspects, each later pick also
    earns credit for aspects the list does not yet cover (xQuAD); and each near-duplicate already
    listed (same title series, same area) halves a dataset's claim, so one series does not crowd
    out the other kinds of data that answer the question (it still fills the list when nothing
    else does). The same series for other areas (the provinces' layers of one kind of data) is
    spread out more gently, and only when the question does not name it: a series reached through
    the thesaurus is one kind of evidence among others, a series the question asks for by name
    (`asked`: the question's own stems and compound parts) is the answer, area by area.

    A candidate's gain only falls as picks are made, so a gain computed earlier bounds it from
    above: candidates wait in a heap under their last gain and only the top one is recomputed
    (lazy greedy), instead of every candidate for every pick."""
    if not scored:
        return []
    top = max(s.final for s in scored)
    pool = [s for s in scored if s.topical >= MIN_TOPICAL and s.final >= RELATIVE_CUTOFF * top]
    n_concepts = sum(a.kind == "concept" for a in aspects)
    lam = 0.5 if n_concepts >= 2 else 0.0
    total_w = sum(a.weight for a in aspects) or 1.0
    uncovered = [1.0] * len(aspects)
    duplicates_listed = [0] * len(pool)  # near-duplicates of pool[k] already chosen
    relatives_listed = [0] * len(pool)  # same title family, another area
    first_of_series: dict[int, Scored] = {}

    def gain(k: int) -> float:
        s = pool[k]
        div = sum(aspects[i].weight / total_w * e.score * uncovered[i] for i, e in s.evidence.items())
        return ((1 - lam) * s.final + lam * div * s.place) * SERIES_DECAY ** duplicates_listed[k] \
            * FAMILY_DECAY ** relatives_listed[k]

    heap = [(-gain(k), k, 0) for k in range(len(pool))]  # (−gain, position in pool, round computed)
    heapq.heapify(heap)
    chosen: list[Scored] = []
    taken = [False] * len(pool)
    while heap and len(chosen) < limit:
        neg, k, computed = heapq.heappop(heap)
        if computed != len(chosen):  # stale: recompute and put back
            heapq.heappush(heap, (-gain(k), k, len(chosen)))
            continue
        pick = pool[k]
        taken[k] = True
        if k in first_of_series:
            first = first_of_series[k]
            same_area = near_duplicates(pick.doc, first.doc)
            pick.series_note = f"same title series {'and area ' if same_area else ''}as '{first.doc.title}'"
        chosen.append(pick)
        for j, s in enumerate(pool):
            if not taken[j] and same_family(s.doc.family, pick.doc.family):
                if near_duplicates(s.doc, pick.doc):
                    duplicates_listed[j] += 1
                elif asked.isdisjoint(s.doc.fields["title"]):
                    relatives_listed[j] += 1
                else:
                    continue
                first_of_series.setdefault(j, pick)
        for i, e in pick.evidence.items():
            uncovered[i] *= 1 - e.score * pick.place
    return chosen


def gap_of(chosen: list[Scored], aspects: list[Aspect]) -> tuple[bool, str | None]:
    if not aspects:
        return True, "the question names nothing the catalogue can search for"
    if not chosen:
        return True, "no dataset matches the question"
    total_w = sum(a.weight for a in aspects) or 1.0
    best_topical = max(s.topical * min(1.0, s.place / PLACE_NATIONAL) for s in chosen)
    covered = [max((s.evidence[i].score for s in chosen[:10] if i in s.evidence), default=0.0)
               for i in range(len(aspects))]
    union = sum(a.weight * c for a, c in zip(aspects, covered, strict=True)) / total_w
    missing = [a.name for a, c in zip(aspects, covered, strict=True) if c < 0.5]
    if best_topical < GAP_TOPICAL or union < GAP_COVERAGE:
        what = ", ".join(f"'{m}'" for m in missing) or "the question as a whole"
        return True, f"no dataset covers {what}"
    return False, None


def explain(s: Scored, aspects: list[Aspect]) -> list[str]:
    out = []
    for i, e in sorted(s.evidence.items(), key=lambda kv: -kv[1].score):
        a = aspects[i]
        if a.kind == "concept":
            via = f" (via '{e.term}')" if e.term.lower() != a.name.lower() else ""
            out.append(f"matched concept '{a.name}'{via} in {e.where}")
        else:
            out.append(f"matched '{e.term}' in {e.where}")
    if s.place_note:
        out.append(s.place_note)
    if s.recency_note:
        out.append(s.recency_note)
    if s.series_note:
        out.append(s.series_note)
    return out
