"""Candidate datasets for a question: the Dutch search index when the API runs one, else a scan.

One interface, `CandidateSource`, so the ranking does not care where candidates come from; the
scan keeps vraagsturing working (and testable) on a catalogue without a search index.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Protocol

from sqlmodel import Session

from app.services.vraagsturing.documents import Doc, all_active_ids, load_docs
from app.services.vraagsturing.vocab import Places

CANDIDATES = 300
# With a place in the question, this many candidates come from inside the asked area and as many
# from anywhere (national data answers too), so a big catalogue's other provinces cannot push the
# asked area's datasets out of the candidate list.
SCOPED, UNSCOPED = 200, 100
PER_ASPECT = 40


TIE_BREAKER = 0.1  # a label beyond an aspect's best one adds a tenth of its score
QUERY_CACHE = 20_000
_QUERIES: OrderedDict[str, tuple[object, object]] = OrderedDict()  # label -> (schema, query)
_QUERY_LOCK = Lock()


# an aspect's weight, every label that expresses it, and its own labels (not related/narrower ones)
Group = tuple[float, list[str], list[str]]


@dataclass
class Scope:
    """Where the question asks about: the provinces that publish for it and the index's place keys."""

    publishers: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


class CandidateSource(Protocol):
    def candidates(self, db: Session, groups: list[Group], limit: int, scope: Scope | None = None) -> list[str]:
        ...

    def doc_freq(self, db: Session, stems: list[str]) -> tuple[dict[str, int], int]: ...


class IndexCandidates:
    """The search package's tantivy index (`search_ids` with expanded alternatives)."""

    def __init__(self, index) -> None:  # noqa: ANN001 - app.services.search.SearchIndex
        self.index = index

    def candidates(self, db: Session, groups: list[Group], limit: int, scope: Scope | None = None) -> list[str]:
        """Each aspect scores a dataset by its best-matching label (a disjunction-max), weighted by
        the aspect, and the aspects add up. Besides that combined list, each aspect of a question
        with several brings its own best few (PER_ASPECT) on its own labels alone, so an aspect
        whose datasets score lower (fewer labels, a common word, no related concept in the title)
        still reaches the ranking. With a place asked, all of it comes from inside the area, plus
        the combined list from anywhere (UNSCOPED)."""
        import tantivy

        from app.services.search.query import combine

        combined, own = [], []
        for weight, labels, core in groups:
            best = self._best_of(labels, TIE_BREAKER)
            if best is not None:
                combined.append(tantivy.Query.boost_query(best, max(weight, 0.05)))
                own.append(self._best_of(core, 0.0) or best)
        if not combined:
            return []
        text = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in combined])
        inside = None
        if scope and (scope.publishers or scope.places):
            where = [tantivy.Query.term_set_query(self.index.schema, name, values)
                     for name, values in (("publisher", scope.publishers), ("place", scope.places)) if values]
            inside = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in where])

        def area(q: tantivy.Query) -> tantivy.Query:
            return q if inside is None else combine(q, [inside])

        total = SCOPED if inside is not None else limit
        queries = []
        if len(own) > 1:  # the same number of candidates in all, part of them per aspect
            queries += [(area(q), PER_ASPECT) for q in own]
            total = max(total - PER_ASPECT * len(own), total // 2)
        queries.insert(0, (area(text), total))
        if inside is not None:
            queries.append((text, UNSCOPED))
        searcher = self.index.searcher()
        ids: dict[str, None] = {}
        for query, n in queries:
            for _, addr in searcher.search(query, limit=n, count=False).hits:
                ids.setdefault(searcher.doc(addr)["id"][0], None)
        return list(ids)

    def _best_of(self, labels: list[str], tie_breaker: float):  # noqa: ANN202 - tantivy.Query | None
        import tantivy

        parts = [q for q in (self._label_query(label) for label in labels) if q is not None]
        if len(parts) < 2:
            return parts[0] if parts else None
        return tantivy.Query.disjunction_max_query(parts, tie_breaker)

    def _label_query(self, label: str):  # noqa: ANN202 - tantivy.Query | None
        """One alternative's query, kept for this index's schema: questions share the thesaurus's
        labels, and building a few hundred of them per question costs more than running them."""
        from app.services.search.query import text_query

        schema = self.index.schema
        with _QUERY_LOCK:
            cached = _QUERIES.get(label)
            if cached is not None and cached[0] is schema:
                _QUERIES.move_to_end(label)
                return cached[1]
        query = text_query(schema, label)
        with _QUERY_LOCK:
            _QUERIES[label] = (schema, query)
            while len(_QUERIES) > QUERY_CACHE:
                _QUERIES.popitem(last=False)
        return query

    def doc_freq(self, db: Session, stems: list[str]) -> tuple[dict[str, int], int]:
        from app.services.search.query import word_query

        searcher = self.index.searcher()
        out: dict[str, int] = {}
        for s in stems:
            out[s] = int(searcher.search(word_query(self.index.schema, s), limit=1, count=True).count or 0)
        return out, int(searcher.num_docs)


class ScanCandidates:
    """Every active dataset is a candidate; document frequencies from the analysed texts."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self._docs: dict[str, Doc] = {}

    def _all(self, db: Session) -> dict[str, Doc]:
        self._docs = load_docs(db, all_active_ids(db), self.places)
        return self._docs

    def candidates(self, db: Session, groups: list[Group], limit: int, scope: Scope | None = None) -> list[str]:
        return list(self._all(db))

    def doc_freq(self, db: Session, stems: list[str]) -> tuple[dict[str, int], int]:
        docs = self._docs or self._all(db)
        out = {s: 0 for s in stems}
        for d in docs.values():
            for s in stems:
                if any(f.get(s) for f in d.fields.values()):
                    out[s] += 1
        return out, len(docs)
