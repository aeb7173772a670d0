"""Batches between commits are savepoints: a batch that breaks is redone record by record without
losing the batches written before it, and a run killed between commits keeps only what committed."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.models.datasets import Dataset
from app.models.harvest import HarvestRun, HarvestSource
from app.services import registry
from tests.integration.harvest_support import count, federation, harvest, register  # noqa: F401 - fixture


def test_broken_batch_is_redone_without_losing_uncommitted_batches(engine, federation, monkeypatch) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv22")
    real, calls = registry.upsert_batch, []

    def second_breaks(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("simulated database hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(registry, "upsert_batch", second_breaks)
    run = harvest(engine, source, commit_records=10_000, worker=False)
    assert run.status == "succeeded", run.message
    assert run.created == federation.count("pv22") == count(engine, Dataset)
    assert len(calls) > 2


def test_failure_after_uncommitted_batches_rolls_back_counters_and_validators(engine, federation, monkeypatch) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv20")

    def interrupted(self, page) -> None:  # noqa: ANN001
        raise KeyboardInterrupt

    monkeypatch.setattr("app.services.harvest._Runner._page_done", interrupted)
    with pytest.raises(KeyboardInterrupt):
        harvest(engine, source, commit_records=10_000, worker=False)
    assert count(engine, Dataset) == 0  # nothing had committed
    with Session(engine) as db:
        run = db.exec(select(HarvestRun)).one()
        assert (run.status, run.seen, run.created) == ("failed", 0, 0)
        assert not {k for k in (db.get(HarvestSource, source).validators or {}) if not k.startswith("_")}
