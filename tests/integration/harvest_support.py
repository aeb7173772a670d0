"""Shared helpers for the harvest tests: a small simulated federation and quick fetch settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.models.changes import ChangeEvent
from app.models.datasets import Dataset
from app.models.harvest import DatasetProvenance, HarvestError, HarvestRun, HarvestSource
from app.services.harvest import HarvestOptions, run_source
from harvesters.base import FetchPolicy
from harvesters.simulated import SimulatedFederation, source_of

FAST = FetchPolicy(timeout=1.0, retries=2, backoff=0.01, backoff_cap=0.05, retry_after_cap=0.3,
                   max_body_bytes=2_000_000)


@pytest.fixture
def federation() -> Iterator[SimulatedFederation]:
    """240 datasets over the twelve provinces (≈ 10–30 each), small pages so every kind pages."""
    with SimulatedFederation(scale=240, seed=7, page_sizes={"dcat": 8, "ckan": 8, "csw": 8}) as fed:
        yield fed


def register(engine: Engine, fed: SimulatedFederation, code: str, source_id: str | None = None) -> str:
    spec = source_of(fed.url, code)
    if source_id:
        spec["id"] = source_id
    with Session(engine) as db:
        db.add(HarvestSource(**spec))
        db.commit()
    return spec["id"]


def harvest(engine: Engine, source_id: str, **options: object) -> HarvestRun:
    options.setdefault("policy", FAST)
    return run_source(engine, source_id, HarvestOptions(batch_size=7, **options))  # type: ignore[arg-type]


def active(engine: Engine, source_id: str) -> int:
    """Active datasets this source has provenance for."""
    with Session(engine) as db:
        stmt = (select(func.count()).select_from(DatasetProvenance)
                .join(Dataset, col(Dataset.id) == col(DatasetProvenance.dataset_id))
                .where(DatasetProvenance.source_id == source_id, Dataset.status == "active"))
        return int(db.exec(stmt).one())


def count(engine: Engine, model: type, *where: object) -> int:
    with Session(engine) as db:
        return int(db.exec(select(func.count()).select_from(model).where(*where)).one())


def changes(engine: Engine) -> int:
    return count(engine, ChangeEvent)


def errors(engine: Engine, run_id: int) -> list[HarvestError]:
    with Session(engine) as db:
        return list(db.exec(select(HarvestError).where(HarvestError.run_id == run_id)))
