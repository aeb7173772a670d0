"""`ask`: interpret a question, gather candidates, re-rank them, flag a gap, log the question."""

from __future__ import annotations

import json
import uuid

from sqlmodel import Session

from app.db import begin_write
from app.models.vraagsturing import QuestionLog
from app.services.search.analysis import STOP_WORDS, decompound, fold, stem, words
from app.services.vraagsturing import rank
from app.services.vraagsturing.candidates import CANDIDATES, CandidateSource, ScanCandidates, Scope
from app.services.vraagsturing.documents import Precomputed, load_docs
from app.services.vraagsturing.interpret import QUESTION_WORDS, Interpretation, PlaceHit, interpret
from app.services.vraagsturing.vocab import Places, load_places, load_thesaurus

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


def ask(db: Session, question: str, *, publisher: str | None = None, limit: int = DEFAULT_LIMIT,
        source: CandidateSource | None = None, store: Precomputed | None = None, log: bool = True) -> dict:
    """The answer to one question, shaped for `POST /v1/vraagsturing` (camelCase). `store`: the
    precomputed analysed datasets (store.DocStore) when the API keeps them."""
    thesaurus, places = load_thesaurus(), load_places()
    limit = max(1, min(limit, MAX_LIMIT))
    interp = interpret(question, thesaurus, places)
    _default_place(interp, publisher, places)
    source = source or ScanCandidates(places)
    df, n_docs = source.doc_freq(db, [f.stem for f in interp.free])
    aspects = rank.aspects_of(interp, thesaurus, df, n_docs)
    groups = [(a.weight, list(dict.fromkeys(t.label for t in a.terms)), [t.label for t in a.terms if t.weight >= 1.0])
              for a in aspects]
    ids = source.candidates(db, groups, CANDIDATES, scope_of(interp, places))
    docs = load_docs(db, ids, places, store)
    scored = [rank.score(d, aspects, interp, places) for d in docs.values()]
    # best first; among equals the most recently updated (the latest of a series), then by id
    scored.sort(key=lambda s: s.doc.id)
    scored.sort(key=lambda s: s.doc.modified or "", reverse=True)
    scored.sort(key=lambda s: -s.final)
    chosen = rank.select(scored, aspects, limit, asked_keys(interp))
    gap, reason = rank.gap_of(chosen, aspects)
    results = [{"dataset": s.doc.public(), "score": round(min(1.0, s.final), 4),
                "explanation": rank.explain(s, aspects)} for s in chosen]
    public_interp = interp.public(thesaurus)
    question_id = str(uuid.uuid4())
    if log:
        begin_write(db)
        db.add(QuestionLog(id=question_id, question=question[:4000], interpretation=json.dumps(public_interp),
                           opgaven=",".join(interp.opgaven)[:300], province_ids=",".join(interp.province_ids)[:200],
                           gap=gap, result_count=len(results)))
        db.commit()
    return {"interpretation": public_interp, "results": results, "gap": gap, "gapReason": reason,
            "questionId": question_id}


def asked_keys(interp: Interpretation) -> frozenset[str]:
    """The question's own subject words as stems and compound parts (no places, no question words)."""
    place_words = {w for p in interp.places for w in p.via.split()}
    out: set[str] = set()
    for w in words(interp.question):
        if w in STOP_WORDS or w in QUESTION_WORDS or w in place_words or w.isdigit() or len(w) < 4:
            continue
        out.add(stem(w))
        out.update(part for part in decompound(w) if len(part) >= 4)
    return frozenset(out)


def scope_of(interp: Interpretation, places: Places) -> Scope | None:
    """The asked places, the places inside and around them, and their provinces, as search keys."""
    asked = [p.id for p in interp.places if p.id in places.places and p.id != "nl"]
    if not asked:
        return None
    ids = set(asked)
    for pid in asked:
        ids |= places.ancestors(pid) | places.descendants(pid)
    ids.discard("nl")
    keys = {k for pid in ids if pid in places.places for k in (pid, fold(places.places[pid].label))}
    return Scope(publishers=sorted({pv for pid in asked for pv in places.provinces_of(pid)}), places=sorted(keys))


def _default_place(interp: Interpretation, publisher: str | None, places: Places) -> None:
    """A province asking without naming a place means its own area."""
    if interp.places or not publisher or publisher not in places.places:
        return
    p = places.places[publisher]
    interp.places.append(PlaceHit(id=p.id, label=p.label, kind=p.kind, provinces=sorted(places.provinces_of(p.id)),
                                  via="publisher"))
