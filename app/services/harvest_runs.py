"""Harvest run bookkeeping: claiming a run, failing runs whose process died, reading runs, and
safe deletion (what a complete run found missing, withdrawn only when no other source still lists
it; `confirm_run` for runs that stopped in needs-review)."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import begin_write
from app.errors import Conflict, NotFound
from app.models.datasets import Dataset
from app.models.harvest import DatasetProvenance, HarvestError, HarvestRun, HarvestSource
from app.models.time import utcnow
from app.services import registry

HOST = socket.gethostname()
STALE_AFTER = timedelta(hours=12)
ACTIVE: set[int] = set()  # runs executing in this process
ACTIVE_LOCK = threading.Lock()


class RunNotConfirmable(Conflict):
    pass


def start_run(db: Session, source_id: str) -> HarvestRun:
    """Claim a run for a source: stale runs are failed first; a live run of the same source wins."""
    begin_write(db)  # on SQLite the check for a live run and the claim happen under one lock
    source = db.get(HarvestSource, source_id)
    if source is None:
        raise NotFound(f"Oogstbron '{source_id}' bestaat niet.")
    recover_stale_runs(db)
    running = db.exec(select(HarvestRun).where(HarvestRun.source_id == source_id,
                                               HarvestRun.status == "running")).first()
    if running is not None:
        raise Conflict(f"Bron '{source_id}' wordt al geoogst (run {running.id}, pid {running.pid} op {running.host}).")
    run = HarvestRun(source_id=source_id, status="running", pid=os.getpid(), host=HOST)
    db.add(run)
    db.commit()
    db.refresh(run)
    return run


def recover_stale_runs(db: Session) -> int:
    """Mark failed every `running` run whose process is gone: on this host by its pid; on another
    host (which we cannot look into) once it has been running longer than STALE_AFTER."""
    stale = 0
    now = utcnow()
    for run in db.exec(select(HarvestRun).where(HarvestRun.status == "running")):
        if run.host == HOST and run.pid is not None:
            if run.pid == os.getpid():
                with ACTIVE_LOCK:
                    alive = run.id in ACTIVE
            else:
                alive = _pid_alive(run.pid)
            reason = f"Proces {run.pid} op {run.host} is gestopt terwijl de run liep"
        else:  # SQLite hands back naive UTC datetimes
            started = run.started_at if run.started_at.tzinfo else run.started_at.replace(tzinfo=UTC)
            alive = now - started < STALE_AFTER
            reason = f"Run op {run.host} liep langer dan {STALE_AFTER} zonder af te ronden"
        if not alive:
            run.status, run.finished_at = "failed", now
            run.message = f"{reason}; als mislukt gemarkeerd."
            db.add(run)
            stale += 1
    if stale:
        db.commit()
    return stale


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed child not yet reaped) is not alive
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def get_run(db: Session, run_id: int) -> HarvestRun:
    run = db.get(HarvestRun, run_id)
    if run is None:
        raise NotFound(f"Oogstrun {run_id} bestaat niet.")
    return run


def run_errors(db: Session, run_id: int, *, page: int = 1, page_size: int = 50) -> tuple[list[HarvestError], int]:
    """One page of a run's per-record errors, and how many there are."""
    stmt = select(HarvestError).where(HarvestError.run_id == run_id).order_by(col(HarvestError.id))
    errors = list(db.exec(stmt.offset((page - 1) * page_size).limit(page_size)))
    total = db.exec(select(func.count()).select_from(HarvestError).where(HarvestError.run_id == run_id)).one()
    return errors, int(total)


def missing_datasets(db: Session, source_id: str, run_id: int) -> list[str]:
    """Active datasets this source gave before but not in run `run_id`, and that no other source
    still lists (another source's provenance counts while it was seen in that source's last
    complete run, or when that source never completed one)."""
    stmt = (select(DatasetProvenance.dataset_id)
            .join(Dataset, col(Dataset.id) == col(DatasetProvenance.dataset_id))
            .where(DatasetProvenance.source_id == source_id, Dataset.status == "active",
                   (col(DatasetProvenance.last_run_id).is_(None)) | (col(DatasetProvenance.last_run_id) != run_id)))
    candidates = list(db.exec(stmt))
    if not candidates:
        return []
    others: dict[str, list[DatasetProvenance]] = {}
    for chunk in chunks(candidates, 500):
        for prov in db.exec(select(DatasetProvenance).where(col(DatasetProvenance.dataset_id).in_(chunk),
                                                            DatasetProvenance.source_id != source_id)):
            others.setdefault(prov.dataset_id, []).append(prov)
    last_complete: dict[str, int | None] = {}
    missing = []
    for dataset_id in candidates:
        live = False
        for prov in others.get(dataset_id, []):
            if prov.source_id not in last_complete:
                last_complete[prov.source_id] = db.exec(
                    select(func.max(HarvestRun.id)).where(HarvestRun.source_id == prov.source_id,
                                                          HarvestRun.status == "succeeded")).one()
            done = last_complete[prov.source_id]
            if done is None or (prov.last_run_id or 0) >= done:
                live = True
                break
        if not live:
            missing.append(dataset_id)
    return missing


def withdraw_missing(db: Session, dataset_ids: list[str], origin: registry.Origin) -> int:
    count = 0
    for chunk in chunks(dataset_ids, 500):
        for dataset_id in chunk:
            try:
                registry.withdraw_dataset(db, dataset_id, origin=origin, commit=False)
                count += 1
            except NotFound:
                continue
        db.commit()
    return count


def confirm_run(engine: Engine, run_id: int) -> HarvestRun:
    """An admin's go-ahead for a run that stopped in needs-review: withdraw what it found missing."""
    with Session(engine, expire_on_commit=False) as db:
        run = db.get(HarvestRun, run_id)
        if run is None:
            raise NotFound(f"Oogstrun {run_id} bestaat niet.")
        if run.status != "needs-review":
            raise RunNotConfirmable(f"Run {run_id} heeft status '{run.status}'; "
                                    "alleen needs-review kan bevestigd worden.")
        latest = db.exec(select(func.max(HarvestRun.id)).where(HarvestRun.source_id == run.source_id)).one()
        if latest != run.id:
            raise RunNotConfirmable(f"Run {run_id} is niet meer de laatste run van bron '{run.source_id}' "
                                    f"(dat is {latest}); oogst opnieuw.")
        source = db.get(HarvestSource, run.source_id)
        origin = registry.Origin(source_id=run.source_id, run_id=run.id,
                                 organisation_id=source.organisation_id if source else None)
        run.withdrawn = withdraw_missing(db, missing_datasets(db, run.source_id, run.id), origin)
        run.status = "succeeded"
        run.message = f"Bevestigd: {run.withdrawn} datasets ingetrokken."
        db.add(run)
        db.commit()
        return run


def chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]
