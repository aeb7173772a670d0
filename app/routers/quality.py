"""Metadata quality: per dataset (findings + score) and per organisation (averages, worst, commonest)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth import Db
from app.services import quality_report

router = APIRouter(tags=["kwaliteit"])


@router.get("/datasets/{dataset_id}/quality", summary="SHACL-bevindingen en kwaliteitsscore van één dataset",
            responses={400: {"description": "Ongeldige parameter"},
                       404: {"description": "Onbekende dataset, of kwaliteit nog niet berekend"}})
def read_dataset_quality(dataset_id: str, db: Db) -> dict:
    return quality_report.dataset_quality(db, dataset_id)


@router.get("/organisations/{organisation_id}/quality", summary="Metadatakwaliteit van een organisatie",
            responses={400: {"description": "Ongeldige parameter"}, 404: {"description": "Onbekende organisatie"}})
def read_organisation_quality(
    organisation_id: str, db: Db,
    worst: Annotated[int, Query(ge=0, le=100)] = 10,
    problems: Annotated[int, Query(ge=0, le=100)] = 10,
) -> dict:
    return quality_report.organisation_quality(db, organisation_id, worst=worst, problems=problems)
