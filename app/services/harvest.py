"""The harvest runner: the one place that hands harvested records to the registry.

A run streams a source's records in batches (each a savepoint, a commit every `commit_records`
records; memory stays bounded by the batch and a few pages), counts what happened, records
per-record errors, and only after a complete, successful run withdraws what the source no longer
lists — unless that would withdraw more than `shrink_threshold` of the source, in which case the
run waits in `needs-review` for an admin.
Whoever starts a run finishes it (`finally`); a run left `running` by a dead process is marked
failed the next time any run starts.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import func, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import begin_write
from app.errors import CatalogError, InvalidRecord
from app.models.datasets import Dataset
from app.models.harvest import DatasetProvenance, HarvestError, HarvestRun, HarvestSource
from app.models.records import DatasetRecord
from app.models.time import utcnow
from app.services import registry
from app.services.harvest_runs import (
    ACTIVE,
    ACTIVE_LOCK,
    chunks,
    confirm_run,
    get_run,
    missing_datasets,
    recover_stale_runs,
    run_errors,
    start_run,
    withdraw_missing,
)
from harvesters import HARVESTERS
from harvesters.base import (
    FetchError,
    FetchPolicy,
    Item,
    PageDone,
    PageUnchanged,
    PageUnreadable,
    RecordError,
    SourceSpec,
)
from harvesters.process import ChildRecords, records_in_child, records_in_process

log = logging.getLogger(__name__)
MAX_ERRORS_PER_RUN = 10_000


@dataclass
class HarvestOptions:
    batch_size: int = 500
    # Commit once this many records wait (batches in between are savepoints): at 100k datasets a
    # commit rewrites ≈1 index page per record and index, so fewer, larger commits write less
    # (100k, writer alone: 2,000 → 10,000 records a commit ≈ −10 % CPU).
    commit_records: int = 10_000
    shrink_threshold: float = 0.5  # withdrawing more than this share of a source needs review
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    publisher: str | None = None  # force this publisher on every record (ad-hoc harvests)
    iri_base: str = registry.DEFAULT_IRI_BASE
    progress: Callable[[HarvestRun], None] | None = None
    worker: bool = True  # fetch, parse and map in a child process while this one writes


class HarvestSettings(BaseSettings):
    """Operator knobs, from FDS_HARVEST_* environment variables (read when asked, never at import)."""

    model_config = SettingsConfigDict(env_prefix="FDS_HARVEST_", extra="ignore")

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    retry_after_cap: float = 60.0
    max_body_bytes: int = 200 * 1024 * 1024
    batch_size: int = 500
    shrink_threshold: float = 0.5
    worker: bool = True

    def options(self, **overrides: Any) -> HarvestOptions:
        policy = FetchPolicy(timeout=self.timeout, retries=self.retries, backoff=self.backoff,
                             retry_after_cap=self.retry_after_cap, max_body_bytes=self.max_body_bytes)
        return HarvestOptions(**{"batch_size": self.batch_size, "shrink_threshold": self.shrink_threshold,
                                 "policy": policy, "worker": self.worker, **overrides})


def run_source(engine: Engine, source_id: str, options: HarvestOptions | None = None,
               stream: ChildRecords | None = None) -> HarvestRun:
    """Start and execute one run of a registered source; returns the finished run.

    stream: the source's records already being fetched (`prefetch`), else the run starts its own."""
    try:
        with Session(engine, expire_on_commit=False) as db:
            run = start_run(db, source_id)
    except BaseException:
        if stream is not None:
            stream.close()
        raise
    return execute_run(engine, run.id, options or HarvestOptions(), stream)


def run_sources(engine: Engine, source_ids: list[str], options: HarvestOptions | None = None
                ) -> Iterator[HarvestRun]:
    """Run several sources one after another, each finished run as it ends. The next source's child
    is already fetching and mapping while this one's records are written: no pipeline that empties
    and refills between sources, and a source that is slow to map overlaps one that is slow to write.
    A source that cannot start (unknown, already running) yields an unsaved failed run."""
    options, source_ids = options or HarvestOptions(), list(dict.fromkeys(source_ids))  # a source once
    ahead = prefetch(engine, source_ids[0], options) if source_ids else None
    try:
        for n, source_id in enumerate(source_ids):
            stream, ahead = ahead, prefetch(engine, source_ids[n + 1], options) if n + 1 < len(source_ids) else None
            try:
                yield run_source(engine, source_id, options, stream)
            except CatalogError as exc:
                yield HarvestRun(source_id=source_id, status="failed", message=exc.detail)
    finally:
        if ahead is not None:
            ahead.close()


def prefetch(engine: Engine, source_id: str, options: HarvestOptions) -> ChildRecords | None:
    """A child fetching the source's records now, for a run that starts later (None: the run
    will start its own, and report whatever is wrong with the source)."""
    if not options.worker:
        return None
    with Session(engine) as db:
        source = db.get(HarvestSource, source_id)
        if source is None or source.kind not in HARVESTERS:
            return None
        return records_in_child(source.kind, source_spec(source), options.policy, dict(source.validators or {}))


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """The process's heap out of the garbage collector's sight while a run writes: each full
    collection (one per ≈7,000 records) otherwise walks every object of the process again
    (100k records: 14 full collections, 1.0 s of the writer's 14 s CPU). What the run makes is
    still collected; unfreezing hands the rest back to the oldest generation, unless the process
    had frozen its heap itself (the API does, after startup): then it stays frozen, as it was."""
    was_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not was_frozen:
            gc.unfreeze()


def source_spec(source: HarvestSource) -> SourceSpec:
    return SourceSpec(id=source.id, kind=source.kind, url=source.url, organisation_id=source.organisation_id,
                      options=dict((source.validators or {}).get("_options", {})))


def execute_run(engine: Engine, run_id: int, options: HarvestOptions,
                stream: ChildRecords | None = None) -> HarvestRun:
    with ACTIVE_LOCK:
        ACTIVE.add(run_id)
    try:
        with Session(engine, expire_on_commit=False) as db:
            run = db.get(HarvestRun, run_id)
            assert run is not None
            source = db.get(HarvestSource, run.source_id)
            assert source is not None
            _Runner(db, source, run, options, stream).execute()
            return run
    finally:
        if stream is not None:
            stream.close()
        with ACTIVE_LOCK:
            ACTIVE.discard(run_id)


class _Runner:
    def __init__(self, db: Session, source: HarvestSource, run: HarvestRun, options: HarvestOptions,
                 stream: ChildRecords | None = None) -> None:
        self.db, self.source, self.run, self.options, self.stream = db, source, run, options, stream
        self.origin = registry.Origin(source_id=source.id, run_id=run.id, organisation_id=source.organisation_id,
                                      iri_base=options.iri_base)
        self.old_validators: dict[str, Any] = dict(source.validators or {})
        self.new_validators: dict[str, Any] = {}
        self.page_ids: list[str] = []
        self.page_failed = False
        self.batch: list[DatasetRecord] = []
        self.errors = 0
        self.pending_errors: list[HarvestError] = []
        # Counters live here, not on the ORM row: a rollback would expire (and reset) the row.
        self.n = dict.fromkeys(("seen", "created", "updated", "unchanged", "withdrawn", "failed"), 0)
        self.uncommitted = 0  # records written since the last commit
        self.committed: tuple[dict[str, int], dict[str, Any]] = (dict(self.n), {})  # n, validators

    def _sync(self) -> None:
        """Put counters and buffered errors into the session (just before a commit)."""
        for name, value in self.n.items():
            setattr(self.run, name, value)
        self.db.add(self.run)
        self.db.add_all(self.pending_errors)
        self.pending_errors = []

    def execute(self) -> None:
        run, db = self.run, self.db
        status, message = "failed", "onverwacht afgebroken"
        previous = self._active_count()
        try:
            complete = self._harvest()
            self._flush()
            self._commit()
            if complete:
                status, message = self._finish_complete(previous)
            else:
                status = "partial" if self.n["seen"] else "failed"
                message = self.stop_reason
        except (FetchError, PageUnreadable) as exc:  # raised between records: what was written stands
            self._flush_safely()
            status = "partial" if self.n["seen"] else "failed"
            message = str(exc)
            self._error(getattr(exc, "url", None), message)
        except BaseException as exc:  # noqa: BLE001 - the run must be finished whatever happens
            self._rollback()
            status, message = "failed", f"{type(exc).__name__}: {exc}"
            log.exception("harvest run %s failed", run.id)
            if not isinstance(exc, Exception):
                raise
        finally:
            begin_write(db)
            self._save_validators(complete=status in ("succeeded", "needs-review"))
            self._sync()
            run.status, run.message, run.finished_at = status, message, utcnow()
            db.add(run)
            db.commit()
            _refresh_statistics(db)
            if self.options.progress:
                self.options.progress(run)

    stop_reason = ""

    def _harvest(self) -> bool:
        if self.source.kind not in HARVESTERS:
            raise CatalogError(f"Onbekende soort bron '{self.source.kind}'")
        stream = self.stream
        if stream is None:
            produce = records_in_child if self.options.worker else records_in_process
            stream = produce(self.source.kind, source_spec(self.source), self.options.policy, self.old_validators)
        with closing(stream) as items:  # closing stops the child (or closes the client) when a write fails
            self._consume(items)
        return True

    def _consume(self, items: Iterator[Item]) -> None:
        with _heap_frozen():
            self._consume_items(items)

    def _consume_items(self, items: Iterator[Item]) -> None:
        for item in items:
            if isinstance(item, DatasetRecord):
                self.n["seen"] += 1
                self.batch.append(item)
                if len(self.batch) >= self.options.batch_size:
                    self._flush()
            elif isinstance(item, RecordError):
                self.n["seen"] += 1
                self.n["failed"] += 1
                self.page_failed = True
                self._error(item.identifier, item.message)
            elif isinstance(item, PageDone):
                self._flush()
                self._page_done(item)
            elif isinstance(item, PageUnchanged):
                self._flush()
                self._page_unchanged(item)

    # -- batches ---------------------------------------------------------------------------
    def _prepare(self, record: DatasetRecord) -> DatasetRecord:
        """Publisher: the one forced by an ad-hoc run, else the record's own (an IRI, or the name of a
        blank-node agent), else the organisation the source belongs to."""
        if self.options.publisher:
            record.publisher = self.options.publisher
        elif not record.publisher:
            record.publisher = record.publisher_name or self.source.organisation_id
        return record

    def _flush(self) -> None:
        """Write the batch in a savepoint (registry.upsert_batch: one statement per table), and
        commit when `commit_records` records wait. Records the registry rejects come back as
        Rejected; an unexpected failure rolls back to the savepoint and redoes the batch record by
        record, each in its own savepoint, so one bad record cannot sink the others."""
        if not self.batch:
            return
        batch, self.batch = [self._prepare(r) for r in self.batch], []
        results: list[Any]
        begin_write(self.db)
        try:
            with self.db.begin_nested():
                results = registry.upsert_batch(self.db, batch, origin=self.origin, strict=False, commit=False)
        except Exception:  # noqa: BLE001 - isolate the record that broke the batch
            results = []
            for record in batch:
                try:
                    with self.db.begin_nested():
                        results.append(registry.upsert_dataset(self.db, record, origin=self.origin,
                                                               strict=False, commit=False))
                except Exception as exc:  # noqa: BLE001 - recorded against the record
                    results.append(exc)
        for record, result in zip(batch, results, strict=True):
            if isinstance(result, registry.Rejected | Exception):
                self.n["failed"] += 1
                self.page_failed = True
                error = result.error if isinstance(result, registry.Rejected) else result
                self._error(record.identifier or record.iri, _describe(error))
            else:
                self.n[result.outcome] += 1
                self.page_ids.append(result.dataset_id)
        self.uncommitted += len(batch)
        if self.uncommitted >= self.options.commit_records:
            self._commit()

    def _commit(self) -> None:
        """The batches written since the last commit and the run's counters, in one transaction."""
        self._sync()
        self.db.commit()
        self.uncommitted = 0
        self.committed = (dict(self.n), dict(self.new_validators))
        if self.options.progress:
            self.options.progress(self.run)

    def _rollback(self) -> None:
        """Back to the last commit, counters and page validators included: a page whose records
        were rolled back must not be skipped as unchanged next time."""
        self.db.rollback()
        self.n, self.new_validators = dict(self.committed[0]), dict(self.committed[1])
        self.pending_errors, self.uncommitted = [], 0

    def _flush_safely(self) -> None:
        try:
            self._flush()
            self._commit()
        except Exception:  # noqa: BLE001 - already failing; keep what was committed
            self._rollback()

    # -- pages -----------------------------------------------------------------------------
    def _page_done(self, page: PageDone) -> None:
        if (page.etag or page.last_modified) and not self.page_failed:
            self.new_validators[page.url] = {"etag": page.etag, "last_modified": page.last_modified,
                                             "memo": page.memo, "datasets": self.page_ids}
        self.page_ids, self.page_failed = [], False

    def _page_unchanged(self, page: PageUnchanged) -> None:
        """A 304 page still lists the datasets it listed last time: mark them seen in this run."""
        entry = self.old_validators.get(page.url) or {}
        ids = list(entry.get("datasets") or [])
        now = utcnow()
        begin_write(self.db)
        for chunk in chunks(ids, 500):
            self.db.execute(update(DatasetProvenance)
                            .where(col(DatasetProvenance.source_id) == self.source.id,
                                   col(DatasetProvenance.dataset_id).in_(chunk))
                            .values(last_run_id=self.run.id, last_seen=now))
        self.n["seen"] += len(ids)
        self.n["unchanged"] += len(ids)
        self.new_validators[page.url] = entry
        self.uncommitted += len(ids)
        if self.uncommitted >= self.options.commit_records:
            self._commit()
        self.page_ids, self.page_failed = [], False

    def _save_validators(self, *, complete: bool) -> None:
        """After a complete run the validators are exactly this run's pages; otherwise merged."""
        try:
            merged = self.new_validators if complete else {**self.old_validators, **self.new_validators}
            options = (self.source.validators or {}).get("_options")
            if options:
                merged["_options"] = options
            self.db.execute(update(HarvestSource).where(col(HarvestSource.id) == self.source.id)
                            .values(validators=merged))
        except Exception:  # noqa: BLE001 - losing validators costs a full re-fetch, not data
            log.exception("could not save validators of %s", self.source.id)
            self.db.rollback()

    # -- safe deletion ---------------------------------------------------------------------
    def _active_count(self) -> int:
        """Active datasets of this source. Driven from the source's provenance rows with a probe by
        primary key (EXISTS): as a join, SQLite's sampled statistics sometimes had it scan every
        active dataset instead (0.3 s a run at 100k)."""
        active = (select(Dataset.id).where(col(Dataset.id) == col(DatasetProvenance.dataset_id),
                                           Dataset.status == "active").exists())
        stmt = (select(func.count()).select_from(DatasetProvenance)
                .where(DatasetProvenance.source_id == self.source.id, active))
        return int(self.db.exec(stmt).one())

    def _finish_complete(self, previous: int) -> tuple[str, str]:
        missing = missing_datasets(self.db, self.source.id, self.run.id)
        if previous and len(missing) / previous > self.options.shrink_threshold:
            return "needs-review", (
                f"De bron is gekrompen: {len(missing)} van {previous} datasets ontbreken "
                f"(> {self.options.shrink_threshold:.0%}). Er is niets ingetrokken; bevestig met "
                f"`fdscat harvest confirm {self.run.id}` om ze in te trekken.")
        self.n["withdrawn"] = withdraw_missing(self.db, missing, self.origin)
        return "succeeded", f"{self.n['seen']} records gezien, {self.n['withdrawn']} ingetrokken."

    def _error(self, identifier: str | None, message: str) -> None:
        self.errors += 1
        if self.errors > MAX_ERRORS_PER_RUN:
            return
        self.pending_errors.append(HarvestError(run_id=self.run.id, message=message[:4000],
                                                record_identifier=(identifier or "")[:1000] or None))


def _refresh_statistics(db: Session) -> None:
    """SQLite plans the run bookkeeping (count and missing datasets of a source) by its index
    statistics; without any it scans every active dataset per run. A sampled ANALYZE (see
    app.db: analysis_limit) takes milliseconds. PostgreSQL's autovacuum does this itself."""
    if db.get_bind().dialect.name != "sqlite":
        return
    try:
        begin_write(db)
        db.execute(text("ANALYZE"))
        db.commit()
    except Exception:  # noqa: BLE001 - statistics only steer plans; the run is already saved
        log.exception("ANALYZE after a harvest run failed")
        db.rollback()


def _describe(exc: Exception) -> str:
    if isinstance(exc, InvalidRecord) and exc.invalid_params:
        return exc.detail + " " + "; ".join(f"{p['name']}: {p['reason']}" for p in exc.invalid_params)
    if isinstance(exc, CatalogError):
        return exc.detail
    return f"{type(exc).__name__}: {exc}"


__all__ = ["HarvestOptions", "HarvestSettings", "confirm_run", "execute_run", "get_run", "recover_stale_runs",
           "run_errors", "run_source", "run_sources", "start_run"]
