"""API shapes of harvest sources and runs (lowerCamelCase on the wire)."""

from __future__ import annotations

from datetime import datetime

from app.models.harvest import HarvestError, HarvestRun, HarvestSource
from app.models.records import CamelModel


class HarvestRunSummary(CamelModel):
    id: int
    source_id: str
    status: str
    started_at: datetime
    finished_at: datetime | None = None
    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failed: int = 0
    message: str | None = None

    @classmethod
    def of(cls, run: HarvestRun) -> HarvestRunSummary:
        return cls.model_validate(run.model_dump(exclude={"pid", "host"}))


class HarvestSourcePublic(CamelModel):
    id: str
    name: str
    kind: str
    url: str
    organisation_id: str | None = None
    schedule: str | None = None
    enabled: bool
    last_run: HarvestRunSummary | None = None

    @classmethod
    def of(cls, source: HarvestSource, last: HarvestRun | None) -> HarvestSourcePublic:
        data = source.model_dump(exclude={"validators"})
        return cls.model_validate({**data, "last_run": HarvestRunSummary.of(last) if last else None})


class HarvestErrorPublic(CamelModel):
    record_identifier: str | None = None
    message: str

    @classmethod
    def of(cls, error: HarvestError) -> HarvestErrorPublic:
        return cls(record_identifier=error.record_identifier, message=error.message)


class HarvestRunPublic(HarvestRunSummary):
    errors: list[HarvestErrorPublic] = []
    errors_total: int = 0
    page: int = 1
    page_size: int = 50
