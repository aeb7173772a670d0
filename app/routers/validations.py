"""`POST /v1/validations`: check DCAT metadata against the SHACL shapes; nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.auth import Db
from app.services import validations

router = APIRouter(tags=["validatie"])

BODY = {
    "requestBody": {
        "required": True,
        "description": "Een DCAT-record of -catalogus in RDF, of een dataset in ons JSON-formaat (ook een lijst).",
        "content": {m: {"schema": {"type": "string"}} for m in validations.RDF_INPUT}
        | {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post(
    "/validations",
    summary="Metadata valideren tegen DCAT-AP-NL 3.0 en DCAT-AP 3.0.1 (SHACL)",
    description="Geeft per dataset de overtredingen (violations) en aanbevelingen (warnings) in gewoon "
                "Nederlands en Engels, met hoe je ze oplost, en een kwaliteitsscore. Er wordt niets opgeslagen.",
    openapi_extra=BODY,
    responses={400: {"description": "Onleesbare of ongeldige invoer"},
               415: {"description": "Mediatype niet ondersteund"}},
)
async def validate(request: Request, db: Db) -> dict:
    body = await request.body()
    return validations.validate_body(db, body, request.headers.get("content-type"), request.app.state.settings)
