"""The registry of harvest sources: `harvesters/sources.toml` loaded into typed entries and kept
in the harvest_source table, plus add/remove for `fdscat sources` and the API."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func
from sqlmodel import Session, select

from app.config import Settings
from app.errors import CatalogError, Conflict, NotFound
from app.models.harvest import DatasetProvenance, HarvestRun, HarvestSource
from app.services import startup
from app.services.organisations import find_organisation


class SourceConfigError(CatalogError):
    title, type_slug = "Ongeldige bronconfiguratie", "invalid-source-config"


class SourceEntry(BaseModel):
    """One `[[source]]` of sources.toml (or an ad-hoc source)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["dcat", "ckan", "csw"]
    url: str = Field(pattern=r"^https?://\S+$", max_length=2000)
    organisation: str | None = Field(default=None, pattern=r"^[a-z]{2,4}\d+$")
    schedule: str | None = None
    enabled: bool = True
    note: str | None = None


def load_sources_file(path: Path | None = None) -> list[SourceEntry]:
    """Parse and validate sources.toml; a bad entry fails naming its id (or position)."""
    raw = path.read_bytes() if path else resources.files("harvesters").joinpath("sources.toml").read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"sources.toml is geen geldige TOML: {exc}") from exc
    entries, seen = [], set()
    for position, item in enumerate(data.get("source", []), start=1):
        name = item.get("id") if isinstance(item, dict) else None
        try:
            entry = SourceEntry.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise SourceConfigError(f"bron '{name or f'#{position}'}' in sources.toml: {problems}") from exc
        if entry.id in seen:
            raise SourceConfigError(f"bron '{entry.id}' staat twee keer in sources.toml")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def sync_sources(db: Session, entries: list[SourceEntry]) -> int:
    """Insert or update the given sources (their validators and runs are kept); returns how many
    were added."""
    added = 0
    for entry in entries:
        org = _organisation(db, entry)
        row = db.get(HarvestSource, entry.id)
        if row is None:
            row = HarvestSource(id=entry.id, name=entry.name, kind=entry.kind, url=entry.url)
            added += 1
        row.name, row.kind, row.url, row.schedule, row.enabled = (entry.name, entry.kind, entry.url,
                                                                  entry.schedule, entry.enabled)
        row.organisation_id = org
        db.add(row)
    db.commit()
    return added


def _organisation(db: Session, entry: SourceEntry) -> str | None:
    if not entry.organisation:
        return None
    org = find_organisation(db, entry.organisation)
    if org is None:
        raise SourceConfigError(f"bron '{entry.id}': onbekende organisatie '{entry.organisation}'")
    return org.id


def list_sources(db: Session) -> list[HarvestSource]:
    return list(db.exec(select(HarvestSource).order_by(HarvestSource.id)))


def get_source(db: Session, source_id: str) -> HarvestSource:
    source = db.get(HarvestSource, source_id)
    if source is None:
        raise NotFound(f"Oogstbron '{source_id}' bestaat niet.")
    return source


def add_source(db: Session, entry: SourceEntry) -> HarvestSource:
    if db.get(HarvestSource, entry.id) is not None:
        raise Conflict(f"Oogstbron '{entry.id}' bestaat al.")
    sync_sources(db, [entry])
    return get_source(db, entry.id)


def remove_source(db: Session, source_id: str) -> None:
    """Remove a source that never delivered a dataset; otherwise disable it (provenance stays)."""
    source = get_source(db, source_id)
    used = db.exec(select(func.count()).select_from(DatasetProvenance)
                   .where(DatasetProvenance.source_id == source_id)).one()
    if used:
        raise Conflict(f"Bron '{source_id}' heeft {used} datasets geleverd; zet `enabled = false` in plaats "
                       "van verwijderen, zodat de herkomst bewaard blijft.")
    for run in db.exec(select(HarvestRun).where(HarvestRun.source_id == source_id)):
        db.delete(run)
    db.delete(source)
    db.commit()


def last_run(db: Session, source_id: str) -> HarvestRun | None:
    return db.exec(select(HarvestRun).where(HarvestRun.source_id == source_id)
                   .order_by(HarvestRun.id.desc())).first()  # type: ignore[union-attr]


def ensure_sources_at_startup(db: Session, settings: Settings) -> None:
    """Start-up step: the configured sources exist in the database."""
    sync_sources(db, load_sources_file())


if ensure_sources_at_startup not in startup.STEPS:
    startup.STEPS.append(ensure_sources_at_startup)
