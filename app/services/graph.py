"""The catalogue's RDF graph: a derived read model in a pyoxigraph store, rebuilt from SQL and kept
in step by the change feed.

Each active dataset lives in its own named graph (`<iri_base>/graph/dataset/<id>`), so an update
is drop-graph + insert and a withdrawal is drop-graph; each vocabulary in `vocab/*.ttl` lives in
`<iri_base>/graph/vocab/<name>`. Queries see the union of all graphs as their default graph.

Several processes, one data dir: the first to lock the primary store is its writer; the others
follow the feed passively and read the snapshots it publishes (graph_files). If the writer goes
away, another process takes the lock on its next tick. `fdscat reindex` builds a new primary
beside the old one and switches PRIMARY to it; the old writer follows the switch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from sqlmodel import Session, col, select

from app.config import Settings
from app.models.changes import ChangeEvent
from app.models.datasets import Dataset
from app.models.organisations import Organisation
from app.models.records import DatasetRecord
from app.services import graph_files, rdf
from app.services.datasets import Loaded
from app.services.followers import BATCH, latest_seq, register

log = logging.getLogger(__name__)

VOCAB_DIR = Path(__file__).resolve().parents[2] / "vocab"
RETRY_LOCK_SECONDS = 5.0
# RocksDB leaves bulk loads and many small writes as overlapping files; a query's index lookups then
# read several files each (2× slower joins at 100k datasets). Compact after a rebuild, and after
# this many changed datasets, at most once per interval (≈ 4 s at 100k; queries keep the old snapshot).
COMPACT_AFTER_CHANGES = 1000
COMPACT_INTERVAL_SECONDS = 60.0
DCT, DCAT, FOAF = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#", "http://xmlns.com/foaf/0.1/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# Links from a dataset (or distribution) to resources many datasets share.
SHARED_LINKS = frozenset({DCT + "publisher", DCT + "creator", DCAT + "theme", DCT + "spatial", DCT + "format",
                          DCAT + "mediaType", DCT + "license", DCT + "accessRights", DCT + "language",
                          DCT + "conformsTo", DCT + "accrualPeriodicity", DCT + "rightsHolder", DCT + "type",
                          DCAT + "compressFormat", DCAT + "packageFormat"})


def dataset_graph(settings: Settings, dataset_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{settings.iri_base.rstrip('/')}/graph/dataset/{dataset_id}")


def vocab_graph(settings: Settings, name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{settings.iri_base.rstrip('/')}/graph/vocab/{name}")


def dataset_quads(settings: Settings, ds: Dataset, record: DatasetRecord, loaded: Loaded) -> list[ox.Quad]:
    """The dataset's DCAT triples (its kept source triples included, by rdf.py) in its own graph."""
    return record_quads(settings, ds.id, ds.iri, record, _org(loaded.orgs.get(ds.publisher_id)),
                        _org(loaded.orgs.get(ds.creator_id or "")))


def record_quads(settings: Settings, dataset_id: str, iri: str, record: DatasetRecord,
                 publisher: rdf.OrgRef | None, creator: rdf.OrgRef | None = None) -> list[ox.Quad]:
    graph = dataset_graph(settings, dataset_id)
    triples = rdf.triples_of_record(record, iri=iri, publisher=publisher, creator=creator)
    shared = {t.object for t in triples if t.predicate.value in SHARED_LINKS and isinstance(t.object, ox.NamedNode)}
    shared.discard(ox.NamedNode(iri))
    # What the record says about shared resources (a publisher's name, a theme's label) is left out:
    # the union default graph would repeat it once per dataset and multiply every join. Those come
    # from the vocabulary graphs and the organisations graph instead.
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples if t.subject not in shared]


def organisation_quads(settings: Settings, org: Organisation) -> list[ox.Quad]:
    graph, subject = organisations_graph(settings), ox.NamedNode(org.iri)
    quads = [ox.Quad(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(FOAF + "Agent"), graph),
             ox.Quad(subject, ox.NamedNode(DCT + "identifier"), ox.Literal(org.id), graph)]
    if org.name:
        quads.append(ox.Quad(subject, ox.NamedNode(FOAF + "name"), ox.Literal(org.name, language="nl"), graph))
    return quads


def organisations_graph(settings: Settings) -> ox.NamedNode:
    return ox.NamedNode(f"{settings.iri_base.rstrip('/')}/graph/organisations")


def _org(org: Organisation | None) -> rdf.OrgRef | None:
    return rdf.OrgRef(id=org.id, iri=org.iri, name=org.name) if org else None


def vocab_quads(settings: Settings) -> Iterator[ox.Quad]:
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        graph = vocab_graph(settings, path.stem)
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)


def finish_bulk_load(store: ox.Store, gdir: Path, name: str, seq: int) -> None:
    """Flush and compact a freshly loaded primary, record its feed position, publish its first snapshot."""
    store.flush()
    store.optimize()
    graph_files.write_position(gdir, name, seq)
    graph_files.publish_snapshot(store, gdir, seq)


class Compaction:
    """When the writer should compact its store: after enough changed datasets, not too often (at
    most once per interval, and at most a tenth of the time: a compaction rewrites the whole store)."""

    def __init__(self, after_changes: int = COMPACT_AFTER_CHANGES,
                 interval: float = COMPACT_INTERVAL_SECONDS) -> None:
        self.after_changes, self.interval = after_changes, interval
        self.changed = 0
        self.last = float("-inf")
        self.wait = interval

    def note(self, changed: int) -> None:
        self.changed += changed

    def due(self, now: float) -> bool:
        return self.changed >= self.after_changes and now - self.last >= self.wait

    def done(self, now: float, took: float = 0.0) -> None:
        self.changed, self.last, self.wait = 0, now, max(self.interval, 10 * took)


class GraphFollower:
    """Keeps the graph store in step with the change feed (the Follower protocol)."""

    name = "graph"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.gdir = graph_files.graph_dir(settings.data_dir)
        self.store: ox.Store | None = None
        self.primary: str | None = None
        self._seen = 0  # passive mode: how far this process has looked at the feed
        self._next_try = 0.0
        self._dirty_since: float | None = None
        self._last_publish = 0.0
        self._described: set | None = None  # subjects the vocabularies describe
        self._lock = threading.RLock()  # the follower thread and a test's catch_up may overlap
        self.compaction = Compaction()

    # -- the Follower protocol -------------------------------------------------------------

    def position(self) -> int:
        with self._lock:
            return self._position()

    def apply(self, db: Session, events: list[ChangeEvent]) -> None:
        with self._lock:
            self._apply(db, events)

    def rebuild(self, db: Session) -> None:
        """Build a new primary from SQL beside the current one, then switch PRIMARY to it."""
        with self._lock:
            self._rebuild(db)

    def close(self) -> None:
        with self._lock:
            if self._dirty_since is not None and self.store is not None:
                self._publish()
            self._close()

    # -- internals -------------------------------------------------------------------------

    def _position(self) -> int:
        store = self._writer()
        if store is None:
            latest = graph_files.latest_snapshot(self.gdir)
            return max(self._seen, latest[0] if latest else 0)
        if self.compaction.due(time.monotonic()):
            self._compact()
        if self._dirty_since is not None:
            self._publish()
        return graph_files.read_position(self.gdir, self.primary or "") or 0

    def _apply(self, db: Session, events: list[ChangeEvent]) -> None:
        if not events:
            return
        store = self._writer()
        if store is None:  # another process writes the graph; its snapshots carry the change
            self._seen = max(self._seen, events[-1].seq or 0)
            return
        ids = list(dict.fromkeys(e.dataset_id for e in events))  # current state from SQL: once each
        rows = {d.id: d for d in db.exec(select(Dataset).where(col(Dataset.id).in_(ids)))}
        active = [rows[i] for i in ids if i in rows and rows[i].status == "active"]
        loaded = Loaded(db, active)
        for dataset_id in ids:
            store.remove_graph(dataset_graph(self.settings, dataset_id))
        for ds in active:
            store.extend(dataset_quads(self.settings, ds, loaded.record(ds), loaded))
        for org in loaded.orgs.values():
            self._put_organisation(store, org)
        store.flush()
        graph_files.write_position(self.gdir, self.primary or "", events[-1].seq or 0)
        self._dirty_since = self._dirty_since or time.monotonic()
        self.compaction.note(len(ids))
        if len(events) < BATCH and self.compaction.due(time.monotonic()):
            self._compact()
        if len(events) < BATCH or time.monotonic() - self._last_publish > 2.0:
            self._publish()

    def _rebuild(self, db: Session) -> None:
        seq = latest_seq(db)  # read first: events after it are applied again, harmlessly
        name = graph_files.new_primary_name()
        self.gdir.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(self.gdir / name))
        store.bulk_extend(vocab_quads(self.settings))
        store.bulk_extend(self._all_dataset_quads(db))
        described = self._vocab_subjects()
        store.extend([q for org in db.exec(select(Organisation)) if ox.NamedNode(org.iri) not in described
                      for q in organisation_quads(self.settings, org)])
        finish_bulk_load(store, self.gdir, name, seq)
        del store
        self.compaction.done(time.monotonic())
        old = graph_files.read_primary(self.gdir)
        graph_files.replace_primary(self.gdir, name)
        if self.store is not None:
            self._close()
        if old and old != name and self._can_lock(old):
            graph_files.remove_primary(self.gdir, old)
        log.info("graph rebuilt at feed position %s", seq)

    def _all_dataset_quads(self, db: Session) -> Iterable[ox.Quad]:
        after = ""
        while True:  # keyset batches, as datasets.iter_active, keeping each batch's organisations
            page = list(db.exec(select(Dataset).where(Dataset.status == "active", col(Dataset.id) > after)
                                .order_by(col(Dataset.id)).limit(1000)))
            if not page:
                return
            loaded = Loaded(db, page)
            for ds in page:
                yield from dataset_quads(self.settings, ds, loaded.record(ds), loaded)
            after = page[-1].id

    def _vocab_subjects(self) -> set:
        if self._described is None:
            self._described = {q.subject for q in vocab_quads(self.settings)}
        return self._described

    def _put_organisation(self, store: ox.Store, org: Organisation) -> None:
        """Replace one organisation's triples in the organisations graph (provinces come from vocab)."""
        subject = ox.NamedNode(org.iri)
        if subject in self._vocab_subjects():
            return
        graph = organisations_graph(self.settings)
        for quad in list(store.quads_for_pattern(subject, None, None, graph)):
            store.remove(quad)
        store.extend(organisation_quads(self.settings, org))

    def _writer(self) -> ox.Store | None:
        """The primary store if this process is (or can become) its writer, else None."""
        name = graph_files.read_primary(self.gdir)
        if self.store is not None and name == self.primary:
            return self.store
        if self.store is not None:  # a rebuild switched PRIMARY: follow it, drop the old store
            old = self.primary
            self._close()
            if old:
                graph_files.remove_primary(self.gdir, old)
        if time.monotonic() < self._next_try:
            return None
        name = name or graph_files.claim_primary(self.gdir, graph_files.new_primary_name())
        try:
            store = ox.Store(str(self.gdir / name))
        except OSError:  # locked by another process: stay passive, try again later
            self._next_try = time.monotonic() + RETRY_LOCK_SECONDS
            return None
        self.store, self.primary = store, name
        if graph_files.read_position(self.gdir, name) is None:  # fresh: vocabularies first
            store.bulk_extend(vocab_quads(self.settings))
            store.flush()
            graph_files.write_position(self.gdir, name, 0)
            self._publish()
        elif graph_files.latest_snapshot(self.gdir) is None:
            self._publish()
        return store

    def _publish(self) -> None:
        if self.store is None or self.primary is None:
            return
        seq = graph_files.read_position(self.gdir, self.primary) or 0
        graph_files.publish_snapshot(self.store, self.gdir, seq)
        graph_files.prune_snapshots(self.gdir, grace_seconds=self.settings.sparql_timeout * 2 + 10)
        self._dirty_since, self._last_publish = None, time.monotonic()

    def _compact(self) -> None:
        if self.store is None:
            return
        started = time.monotonic()
        self.store.optimize()
        self.compaction.done(time.monotonic(), took=time.monotonic() - started)
        self._dirty_since = self._dirty_since or started  # publish the compacted files
        log.info("graph store compacted in %.1f s", time.monotonic() - started)

    def _can_lock(self, name: str) -> bool:
        try:
            probe = ox.Store(str(self.gdir / name))
        except OSError:
            return False
        del probe
        return True

    def _close(self) -> None:
        self.store, self.primary = None, None  # RocksDB closes when the last reference goes


@register("graph")
def graph_follower(settings: Settings) -> GraphFollower:
    return GraphFollower(settings)
