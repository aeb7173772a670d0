"""Harvest sources and runs: list sources, start a run (admin or the source's steward), read a run."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.auth import Db, Writer
from app.errors import Forbidden
from app.models.harvest_public import HarvestErrorPublic, HarvestRunPublic, HarvestRunSummary, HarvestSourcePublic
from app.services import harvest, sources

router = APIRouter(tags=["harvest"])
ERRORS = {400: {"description": "Ongeldige invoer"}, 401: {"description": "Geen sleutel"},
          403: {"description": "Niet de eigen organisatie"}, 404: {"description": "Niet gevonden"},
          409: {"description": "Er loopt al een run"}}


@router.get("/harvest-sources", summary="Oogstbronnen")
def list_sources(db: Db) -> dict:
    items = [HarvestSourcePublic.of(s, sources.last_run(db, s.id)).model_dump(by_alias=True, mode="json")
             for s in sources.list_sources(db)]
    return {"items": items, "total": len(items)}


@router.post("/harvest-sources/{source_id}/runs", status_code=202, summary="Een oogstrun starten",
             responses=ERRORS)
def start_run(source_id: str, request: Request, db: Db, key: Writer) -> JSONResponse:
    source = sources.get_source(db, source_id)
    if key.role != "admin" and key.organisation_id != source.organisation_id:
        raise Forbidden(f"Alleen een beheerder of een steward van '{source.organisation_id}' mag deze bron oogsten.")
    run = harvest.start_run(db, source_id)
    engine, settings = request.app.state.engine, request.app.state.settings
    options = harvest.HarvestSettings().options(iri_base=settings.iri_base)
    threading.Thread(target=harvest.execute_run, args=(engine, run.id, options), daemon=True,
                     name=f"harvest-run-{run.id}").start()
    body = HarvestRunSummary.of(run).model_dump(by_alias=True, mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": f"/v1/harvest-runs/{run.id}"})


@router.get("/harvest-runs/{run_id}", summary="Status, tellingen en fouten van een oogstrun",
            responses={400: ERRORS[400], 404: ERRORS[404]})
def read_run(run_id: int, db: Db, page: Annotated[int, Query(ge=1)] = 1,
             page_size: Annotated[int, Query(alias="pageSize", ge=1, le=500)] = 50) -> dict:
    run = harvest.get_run(db, run_id)
    errors, total = harvest.run_errors(db, run_id, page=page, page_size=page_size)
    public = HarvestRunPublic(**HarvestRunSummary.of(run).model_dump(), errors_total=total, page=page,
                              page_size=page_size, errors=[HarvestErrorPublic.of(e) for e in errors])
    return public.model_dump(by_alias=True, mode="json")
