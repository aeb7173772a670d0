"""Candidate datasets for a question: the Dutch search index when the API runs one, else a scan.

One interface, `CandidateSource`, so the ranking does not care where candidates come from; the
scan keeps vraagsturing working (and testable) on a catalogue without a search index.
"""

from __future__ import annotations

from typing import Protocol

from sqlmodel import Session

from app.services.vraagsturing.documents import Doc, all_active_ids, load_docs
from app.services.vraagsturing.vocab import Places

CANDIDATES = 300


class CandidateSource(Protocol):
    def candidates(self, db: Session, alternatives: list[str], limit: int) -> list[str]: ...

    def doc_freq(self, db: Session, stems: list[str]) -> tuple[dict[str, int], int]: ...


class IndexCandidates:
    """The search package's tantivy index (`search_ids` with expanded alternatives)."""

    def __init__(self, index) -> None:  # noqa: ANN001 - app.services.search.SearchIndex
        self.index = index

    def candidates(self, db: Session, alternatives: list[str], limit: int) -> list[str]:
        from app.services.search import search_ids

        return [i for i, _ in search_ids(self.index, alternatives, limit=limit)] if alternatives else []

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

    def candidates(self, db: Session, alternatives: list[str], limit: int) -> list[str]:
        return list(self._all(db))

    def doc_freq(self, db: Session, stems: list[str]) -> tuple[dict[str, int], int]:
        docs = self._docs or self._all(db)
        out = {s: 0 for s in stems}
        for d in docs.values():
            for s in stems:
                if any(f.get(s) for f in d.fields.values()):
                    out[s] += 1
        return out, len(docs)
