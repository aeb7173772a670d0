"""The "quality" follower: keeps `dataset_quality` (SHACL findings + score) in step with the feed.

It validates each dataset as the catalogue publishes it (the DCAT-AP-NL export, source triples
included), so what a steward sees is what a harvester of our catalogue would see. Computing it here,
behind the change feed, keeps the write path (harvest, steward POST) fast.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence

from rdflib import Graph, URIRef
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import begin_write, make_engine
from app.models.changes import ChangeEvent
from app.models.datasets import Dataset
from app.models.quality import DatasetQuality, QualityState
from app.models.time import utcnow
from app.services import catalog
from app.services.datasets import Loaded
from app.services.followers import changes_since, latest_seq, register
from app.services.quality import DIMENSIONS, score_dataset
from app.services.shacl import validate_graph

log = logging.getLogger(__name__)

NAME = "quality"
# Datasets validated together in one SHACL run: one bigger graph is much cheaper than many small ones.
VALIDATION_BATCH = 100


def assess(db: Session, datasets: Sequence[Dataset], settings: Settings) -> list[DatasetQuality]:
    """Validate and score these datasets (in batches); returns unsaved rows."""
    rows = []
    for start in range(0, len(datasets), VALIDATION_BATCH):
        chunk = list(datasets[start:start + VALIDATION_BATCH])
        loaded = Loaded(db, chunk)
        graph = Graph()
        for ds in chunk:
            graph += catalog.graph_of(catalog.dataset_triples(loaded, ds, settings))
        report = validate_graph(graph)
        for ds in chunk:
            score = score_dataset(graph, URIRef(ds.iri), report)
            findings = report.for_dataset(ds.iri)
            violations = sum(1 for f in findings if f.severity == "violation")
            rows.append(DatasetQuality(
                dataset_id=ds.id, publisher_id=ds.publisher_id, content_hash=ds.content_hash,
                points=round(score.points, 1), rating=score.rating,
                **{d: score.dimensions[d]["points"] for d in DIMENSIONS},
                conforms=violations == 0, violation_count=violations,
                warning_count=len(findings) - violations, findings=[f.as_json() for f in findings],
                score=score.as_json(), computed_at=utcnow(),
            ))
    return rows


def refresh(db: Session, dataset_ids: Iterable[str], settings: Settings) -> int:
    """Recompute the rows of these datasets whose content changed; drop rows of withdrawn ones."""
    ids = sorted(set(dataset_ids))
    if not ids:
        return 0
    current = {q.dataset_id: q.content_hash for q in db.exec(
        select(DatasetQuality).where(col(DatasetQuality.dataset_id).in_(ids)))}
    datasets = list(db.exec(select(Dataset).where(col(Dataset.id).in_(ids))))
    active = [d for d in datasets if d.status == "active"]
    gone = set(ids) - {d.id for d in active}
    stale = [d for d in active if current.get(d.id) != d.content_hash]
    rows = assess(db, stale, settings)  # the slow part (SHACL), done before the write lock is taken
    begin_write(db)
    if gone:
        db.exec(delete(DatasetQuality).where(col(DatasetQuality.dataset_id).in_(sorted(gone))))
    for row in rows:
        existing = db.get(DatasetQuality, row.dataset_id)
        if existing is not None:
            db.delete(existing)
            db.flush()
        db.add(row)
    return len(stale)


class QualityFollower:
    """SHACL takes ~20-30 ms per dataset, far more than a search-index update, so the work runs on
    this follower's own worker thread: `apply` only hands the new feed position over and returns,
    and a big harvest never holds up the other followers in the shared FollowerThread.

    The position that counts lives in `quality_state`, next to the rows it describes, so replicas
    share it (and the row lock makes sure they never compute the same events at once).
    """

    name = NAME

    def __init__(self, settings: Settings, engine: Engine | None = None, *, background: bool = True) -> None:
        self.settings = settings
        self._engine = engine
        self._own_engine = engine is None
        self._background = background
        self._accepted = -1  # feed position handed to the worker (in memory only)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.settings)
        return self._engine

    def stored_position(self) -> int:
        with Session(self.engine) as db:
            state = db.get(QualityState, NAME)
            return state.position if state else 0

    def position(self) -> int:
        return max(self._accepted, self.stored_position())

    def apply(self, db: Session, events: list[ChangeEvent]) -> None:
        if not events:
            return
        if not self._background:
            self._apply_now(db, events)
            return
        self._accepted = max(self._accepted, max(e.seq or 0 for e in events))
        self._ensure_worker()
        self._wake.set()

    def run_until_current(self) -> int:
        """Compute everything up to the end of the feed, here and now; returns events applied."""
        applied = 0
        while True:
            with Session(self.engine) as db:
                events = changes_since(db, self.stored_position(), limit=VALIDATION_BATCH)
                if not events:
                    return applied
                self._apply_now(db, events)
                applied += len(events)

    def _apply_now(self, db: Session, events: list[ChangeEvent]) -> None:
        state = _locked_state(db)
        todo = [e for e in events if (e.seq or 0) > state.position]
        if todo:
            refresh(db, (e.dataset_id for e in todo), self.settings)
            state.position = max(e.seq or 0 for e in todo)
            db.add(state)
        db.commit()

    def _ensure_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="quality-follower", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=5.0)
            self._wake.clear()
            try:
                while not self._stop.is_set() and self.stored_position() < self._accepted:
                    if not self.run_until_current():
                        break
            except Exception:  # a failing batch is retried on the next wake; it must not kill the API
                log.exception("quality follower failed; retrying later")
                self._stop.wait(2.0)

    def rebuild(self, db: Session) -> None:
        state = _locked_state(db)
        end = latest_seq(db)
        db.exec(delete(DatasetQuality))
        after = ""
        while True:
            ids = list(db.exec(select(Dataset.id).where(Dataset.status == "active", col(Dataset.id) > after)
                               .order_by(col(Dataset.id)).limit(1000)))
            if not ids:
                break
            refresh(db, ids, self.settings)
            db.commit()  # one short write per chunk: a rebuild must not hold the store's write lock
            after = ids[-1]
        state.position = end
        db.add(state)
        db.commit()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._worker is not None:
            self._worker.join(timeout=30)
        if self._own_engine and self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _locked_state(db: Session) -> QualityState:
    """The position row, locked for this transaction on PostgreSQL so two replicas never apply the
    same events at once (SQLite serialises writers by itself)."""
    stmt = select(QualityState).where(QualityState.name == NAME)
    if db.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    state = db.exec(stmt).first()
    if state is None:
        state = QualityState(name=NAME, position=0)
        db.add(state)
        db.flush()
    return state


@register(NAME)
def quality_follower(settings: Settings) -> QualityFollower:
    return QualityFollower(settings)
