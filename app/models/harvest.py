"""Harvest sources, their runs, per-record errors, and the provenance of each harvested dataset."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.compressed import CompressedText
from app.models.time import utcnow


class HarvestSource(SQLModel, table=True):
    __tablename__ = "harvest_source"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=16)  # dcat | ckan | csw
    url: str = Field(max_length=2000)
    organisation_id: str | None = Field(default=None, foreign_key="organisation.id", max_length=64)
    schedule: str | None = Field(default=None, max_length=100)
    enabled: bool = True
    # Validators (ETag / Last-Modified) per page URL, for conditional GET on the next run.
    validators: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class HarvestRun(SQLModel, table=True):
    __tablename__ = "harvest_run"

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="harvest_source.id", index=True, max_length=64)
    status: str = Field(default="running", max_length=16)  # running|succeeded|partial|failed|needs-review
    started_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failed: int = 0
    message: str | None = Field(default=None, sa_column=Column(Text))
    pid: int | None = None
    host: str | None = Field(default=None, max_length=200)


class HarvestError(SQLModel, table=True):
    __tablename__ = "harvest_error"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="harvest_run.id", index=True, ondelete="CASCADE")
    record_identifier: str | None = Field(default=None, max_length=1000)
    message: str = Field(sa_column=Column(Text, nullable=False))


class DatasetProvenance(SQLModel, table=True):
    """Where a dataset was seen: one row per (dataset, source). A dataset found in two sources
    keeps both rows, which is how cross-source identity stays visible."""

    __tablename__ = "dataset_provenance"
    __table_args__ = (
        UniqueConstraint("dataset_id", "source_id", name="uq_provenance_dataset_source"),
        Index("ix_provenance_source_id", "source_id"),  # not last_run_id: every run moves it on
    )

    id: int | None = Field(default=None, primary_key=True)
    dataset_id: str = Field(foreign_key="dataset.id", max_length=64, ondelete="CASCADE")  # uq_provenance_…
    source_id: str = Field(foreign_key="harvest_source.id", max_length=64)
    first_run_id: int | None = None
    last_run_id: int | None = None
    first_seen: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    last_seen: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    record_hash: str | None = Field(default=None, max_length=64)
    # Triples as this source gave them when the dataset row holds another source's (NULL: the same
    # as dataset.source_ntriples); a dataset in two sources keeps what each said. registry.source_triples.
    source_ntriples: str | None = Field(default=None, sa_column=Column(CompressedText))
