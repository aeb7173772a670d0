"""`GET /v1/catalog`: the whole catalogue as DCAT-AP-NL 3.0, content-negotiated and Hydra-paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.auth import Db
from app.errors import NotAcceptable
from app.services import catalog, rdf

router = APIRouter(tags=["catalogus"])

OFFERED = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]


@router.get(
    "/catalog",
    summary="De hele catalogus als DCAT-AP-NL 3.0 (Hydra-gepagineerd)",
    description="Turtle, JSON-LD, RDF/XML of N-Triples via `Accept`. Volg `hydra:next` tot die ontbreekt; "
                "`page` is een cursor uit de Hydra-links (`1`, `last`, `after:<id>`, `before:<id>`).",
    responses={200: {"content": {m: {} for m in OFFERED}}, 400: {"description": "Ongeldige paginaverwijzing"},
               406: {"description": "Formaat niet beschikbaar"}},
)
def read_catalog(
    request: Request, db: Db,
    page: Annotated[str | None, Query(max_length=200)] = None,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=catalog.MAX_PAGE_SIZE)] = catalog.DEFAULT_PAGE_SIZE,
) -> Response:
    media = rdf.negotiate(request.headers.get("accept"), OFFERED)
    if media is None:
        raise NotAcceptable("Beschikbaar: " + ", ".join(OFFERED) + ".")
    base = str(request.url.replace(query="", fragment=""))
    triples = catalog.catalog_triples(db, request.app.state.settings, page, page_size, page_base=base)
    return Response(rdf.serialize(triples, media), media_type=media, headers={"Vary": "Accept"})
