"""The search index as a follower of the change feed (`@register("search")`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from app.config import Settings
from app.models.changes import ChangeEvent
from app.models.datasets import Dataset
from app.services import datasets as dataset_service
from app.services.followers import latest_seq, register
from app.services.search.documents import SearchDocument, document_of
from app.services.search.index import Batch, SearchIndex, index_dir
from app.services.search.labels import theme_labels

log = logging.getLogger(__name__)
GAP_GRACE = timedelta(seconds=30)


class SearchFollower:
    name = "search"

    def __init__(self, settings: Settings) -> None:
        self.index = SearchIndex(index_dir(settings))
        self.themes = theme_labels()
        self.checked = False  # whether the position was checked against this database's feed

    def position(self) -> int:
        return self.index.position()

    def apply(self, db: Session, events: list[ChangeEvent]) -> None:
        if self.index.read_position() == 0:
            self.rebuild(db, only_if_empty=True)  # one bulk build beats replaying the whole feed
            return

        def build(position: int) -> Batch | None:
            todo = settled(events, position)
            if not todo:
                return None
            last = todo[-1].seq or position
            ids = list(dict.fromkeys(e.dataset_id for e in todo))
            docs = self._documents(db, ids)
            return Batch(seq=last, upserts=docs, deletes=[i for i in ids if i not in {d.id for d in docs}])

        self.index.write(build)

    def rebuild(self, db: Session, *, only_if_empty: bool = False) -> None:
        seq = latest_seq(db)  # read first: writes during the scan are re-applied later, harmlessly

        def build(position: int) -> Batch | None:
            if only_if_empty and position > 0:  # another process built it while we waited
                return None
            return Batch(seq=seq, upserts=self._all_documents(db), replace_all=True)

        self.index.write(build, heap=200_000_000, threads=2)
        self.checked = True
        log.info("search index rebuilt up to change %s", seq)

    def ensure_current(self, db: Session) -> None:
        """Rebuild when the index is ahead of the feed: its database was replaced (a restore, a
        recreated test database). Checked once per process, on the first search."""
        if self.checked:
            return
        if self.index.read_position() > latest_seq(db):
            self.rebuild(db)
        self.checked = True

    def close(self) -> None:
        """Nothing to release: the writer is only held for the length of a batch."""

    def _documents(self, db: Session, ids: list[str]) -> list[SearchDocument]:
        rows = list(db.exec(select(Dataset).where(col(Dataset.id).in_(ids), Dataset.status == "active")))
        loaded = dataset_service.Loaded(db, rows)
        return [document_of(ds, loaded.record(ds), self.themes) for ds in rows]

    def _all_documents(self, db: Session) -> Iterator[SearchDocument]:
        for ds, record in dataset_service.iter_active(db):
            yield document_of(ds, record, self.themes)


def settled(events: list[ChangeEvent], position: int, now: datetime | None = None) -> list[ChangeEvent]:
    """The events after `position` that can be applied without skipping one for good.

    On PostgreSQL a sequence number is taken at INSERT but becomes visible at COMMIT, so with two
    writers (a harvest and a steward, two replicas) seq 11 can be visible while seq 10 is still
    in flight. Applying 11 and storing position 11 would lose 10. So stop at a gap, unless the
    event after it is older than GAP_GRACE: then the gap is a rolled-back transaction."""
    now = now or datetime.now(UTC)
    out: list[ChangeEvent] = []
    expected = position + 1
    for event in sorted(events, key=lambda e: e.seq or 0):
        seq = event.seq or 0
        if seq < expected:
            continue
        at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
        if seq > expected and now - at < GAP_GRACE:
            break
        out.append(event)
        expected = seq + 1
    return out


@register("search")
def search_follower(settings: Settings) -> SearchFollower:
    return SearchFollower(settings)
