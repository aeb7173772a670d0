"""Harvesting the simulated federation over real HTTP into real SQLite/PostgreSQL: each kind with
paging, incremental runs, cross-source identity and runs killed mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.models.datasets import Dataset
from app.models.harvest import DatasetProvenance, HarvestRun, HarvestSource
from app.models.time import utcnow
from app.services.harvest import recover_stale_runs, start_run
from tests.integration.harvest_support import (  # noqa: F401 - fixture
    active,
    changes,
    count,
    federation,
    harvest,
    register,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code", ["pv20", "pv24", "pv26", "pv21", "pv22"],
                         ids=["dcat-turtle", "dcat-jsonld", "dcat-rdfxml-legacy-hydra", "ckan", "csw"])
def test_each_kind_harvests_every_page(engine, federation, code) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, code)
    expected = federation.count(code)
    assert expected > 8  # more than one page

    run = harvest(engine, source)

    assert (run.status, run.seen, run.created, run.failed) == ("succeeded", expected, expected, 0)
    assert active(engine, source) == expected
    with Session(engine) as db:
        publishers = set(db.exec(select(Dataset.publisher_id).where(Dataset.source_id == source)))
    assert publishers == {code}  # TOOI / OWMS / organisation names all resolve to the province


def test_second_harvest_writes_nothing(engine, federation) -> None:  # noqa: ANN001, F811
    sources = [register(engine, federation, code) for code in ("pv29", "pv27", "pv30")]
    first = [harvest(engine, s) for s in sources]
    events = changes(engine)

    second = [harvest(engine, s) for s in sources]

    assert changes(engine) == events
    for before, after in zip(first, second, strict=True):
        assert after.status == "succeeded"
        assert (after.seen, after.unchanged, after.created, after.updated, after.withdrawn) == \
            (before.seen, before.seen, 0, 0, 0)


def test_edit_at_source_updates_every_record_once(engine, federation) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv31")
    first = harvest(engine, source)
    events = changes(engine)
    federation.set_fault("pv31", generation=1)  # every record gets a new modification date

    run = harvest(engine, source)

    assert (run.status, run.updated, run.unchanged) == ("succeeded", first.seen, 0)
    assert changes(engine) == events + first.seen


@pytest.mark.parametrize("code", ["pv20", "pv22"], ids=["same-iri", "same-publisher-and-identifier"])
def test_same_dataset_from_two_sources_is_one_dataset(engine, federation, code) -> None:  # noqa: ANN001, F811
    own = register(engine, federation, code)
    national = register(engine, federation, code, source_id="ngr-copy")
    n = federation.count(code)

    harvest(engine, own)
    run = harvest(engine, national)

    assert (run.created, run.unchanged) == (0, n)
    assert count(engine, Dataset, Dataset.publisher_id == code) == n
    assert count(engine, DatasetProvenance) == 2 * n
    # dropped from one source but still listed by the other: not withdrawn
    federation.set_fault(code, drop=[3])
    assert harvest(engine, own).withdrawn == 0
    assert count(engine, Dataset, Dataset.status == "withdrawn") == 0


def test_run_killed_mid_way_is_marked_failed_at_next_start(engine, settings, federation) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv22")
    federation.set_fault("pv22", slow=True, delay=30)
    script = ("import sys; from app.config import Settings; from app.db import make_engine; "
              "from app.services.harvest import run_source; "
              f"run_source(make_engine(Settings(database_url={settings.sqlalchemy_url!r})), {source!r})")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while count(engine, HarvestRun, HarvestRun.status == "running") == 0:
            assert child.poll() is None and time.monotonic() < deadline, "child did not start a run"
            time.sleep(0.1)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    federation.clear_faults()

    with Session(engine) as db:
        killed = db.exec(select(HarvestRun)).one()
        assert killed.status == "running"  # nobody could finish it
        start_run(db, source)
        db.refresh(killed)
        assert killed.status == "failed"
        assert str(child.pid) in (killed.message or "")


def test_run_on_another_host_is_failed_only_when_long_overdue(engine, federation) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv31")
    with Session(engine, expire_on_commit=False) as db:
        old = HarvestRun(source_id=source, status="running", host="andere-host", pid=1,
                         started_at=utcnow() - timedelta(hours=13))
        db.add(old)
        db.commit()
        assert recover_stale_runs(db) == 1
        recent = HarvestRun(source_id=source, status="running", host="andere-host", pid=1)
        db.add(recent)
        db.commit()
        assert recover_stale_runs(db) == 0  # may still be running over there
        db.refresh(old)
        assert old.status == "failed" and "andere-host" in (old.message or "")


def test_unchanged_records_are_skipped_by_content_hash_without_etags(engine, federation) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv28")
    first = harvest(engine, source)
    events = changes(engine)
    with Session(engine) as db:  # forget the validators: every page comes back 200 with a body
        stored = db.get(HarvestSource, source)
        stored.validators = {}
        db.add(stored)
        db.commit()

    run = harvest(engine, source)

    assert (run.status, run.unchanged, run.updated, run.created) == ("succeeded", first.seen, 0, 0)
    assert changes(engine) == events
