"""The twelve provinces (TOOI) and every other publisher the catalogue has seen."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import col, func, select

from app.auth import Db
from app.models.datasets import Dataset
from app.models.organisations import Organisation
from app.services.organisations import get_organisation

router = APIRouter(tags=["organisaties"])


def _public(org: Organisation, count: int) -> dict:
    return {"id": org.id, "iri": org.iri, "name": org.name, "nameEn": org.name_en, "kind": org.kind,
            "cbsCode": org.cbs_code, "datasetCount": count}


@router.get("/organisations", summary="Alle organisaties")
def list_organisations(db: Db) -> dict:
    counts = dict(db.exec(select(Dataset.publisher_id, func.count()).where(Dataset.status == "active")
                          .group_by(Dataset.publisher_id)).all())
    orgs = db.exec(select(Organisation).order_by(col(Organisation.kind) != "provincie", col(Organisation.id)))
    items = [_public(o, counts.get(o.id, 0)) for o in orgs]
    return {"items": items, "total": len(items)}


@router.get("/organisations/{organisation_id}", summary="Eén organisatie",
            responses={404: {"description": "Onbekende organisatie"}})
def read_organisation(organisation_id: str, db: Db) -> dict:
    org = get_organisation(db, organisation_id)
    count = db.exec(select(func.count()).select_from(Dataset)
                    .where(Dataset.publisher_id == org.id, Dataset.status == "active")).one()
    return _public(org, count)
